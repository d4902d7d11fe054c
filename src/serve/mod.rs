//! `newsgraph serve`: the store over HTTP.
//!
//! - `/sparql`: the SPARQL 1.1 Protocol (query by GET, by POST url-encoded or direct;
//!   `default-graph-uri` and `named-graph-uri`; results by `Accept`), SPARQL Update when the
//!   server is writable, and the service description when no query is given;
//! - `/store`: the Graph Store Protocol (`?graph=IRI` or `?default`): GET and HEAD always, PUT,
//!   POST and DELETE when writable;
//! - `/`: the query page, `/entity`: an entity with its facts and their sources, and the small
//!   JSON API they use (`/api/examples`, `/api/vocabulary`, `/api/search`).
//!
//! Read-only unless `--writable`: a write on a read-only server gets 403; on a writable one a
//! write must carry the server's token (`Authorization: Bearer …`, 401 without it) and come
//! from the server's own page or the `--cors-origin` (403 otherwise), so that no other web
//! page can write through a visitor's browser. Every query runs on a blocking thread under a
//! timeout (its evaluation is cancelled when the time is up) and a cap on the rows it may
//! return; reads allow any origin (CORS), so that a query page served elsewhere can use the
//! endpoint.

mod page;
mod protocol;

use crate::kg::{KgError, Store};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use thiserror::Error;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Address to listen on (127.0.0.1 by default).
    pub bind: SocketAddr,
    /// Accept SPARQL Update and Graph Store writes.
    pub writable: bool,
    /// Longest time a query may run.
    pub timeout: Duration,
    /// Most rows (solutions, or triples of a graph result) a query may return.
    pub max_rows: usize,
    /// The secret a write must carry (`Authorization: Bearer TOKEN`); `None` takes writes
    /// without one (only where nothing else can reach the server).
    pub token: Option<String>,
    /// The one other origin whose web pages may write (CORS); reads are open to any origin.
    pub cors_origin: Option<String>,
}

/// Errors of the server itself (requests get HTTP errors, not these).
#[derive(Debug, Error)]
pub enum ServeError {
    /// The address cannot be bound.
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The server failed while running.
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

/// What every handler shares.
pub(crate) struct AppState {
    /// The store. Queries read a snapshot of it and never wait; each write (on a writable
    /// server) is one transaction, and writes take turns (see `writing`).
    pub store: Store,
    /// Held by the write under way.
    pub writing: Mutex<()>,
    pub config: ServeConfig,
}

type Shared = Arc<AppState>;

/// The routes of the server over `store`.
pub fn router(store: Store, config: ServeConfig) -> Router {
    let state = Arc::new(AppState {
        store,
        writing: Mutex::new(()),
        config,
    });
    Router::new()
        .route(
            "/sparql",
            get(protocol::sparql_get).post(protocol::sparql_post),
        )
        .route(
            "/store",
            get(protocol::store_get)
                .head(protocol::store_get)
                .put(protocol::store_put)
                .post(protocol::store_post)
                .delete(protocol::store_delete),
        )
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/app.css", get(page::style))
        .route("/entity", get(page::entity))
        .route("/api/examples", get(page::examples))
        .route("/api/vocabulary", get(page::vocabulary))
        .route("/api/search", get(page::search))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), cors))
        .with_state(state)
}

/// mimalloc's `mi_option_purge_delay` (the same index in mimalloc 2 and 3; libmimalloc-sys
/// does not name it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A server runs for days between bursts (a 2 MB body refused, a query stopped): memory its
/// threads free goes back to the system at once rather than after mimalloc's delay, which
/// only passes when the same thread next allocates, so that an idle server's memory is its
/// working set.
fn return_freed_memory_at_once() {
    // SAFETY: mi_option_set takes no pointers and may be called at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}

/// Serves `store` until `shutdown` completes. `on_ready` gets the address actually bound
/// (port 0 picks a free one).
pub async fn serve(
    store: Store,
    config: ServeConfig,
    on_ready: impl FnOnce(SocketAddr),
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    return_freed_memory_at_once();
    let addr = config.bind;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    let bound = listener.local_addr()?;
    on_ready(bound);
    let config = ServeConfig {
        bind: bound,
        ..config
    };
    let app = router(store, config);
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: the next accept may work.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let mut stopping = stopping.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT);
            let conn = builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stopping.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    let _ = stop.send(true);
    Ok(())
}

/// How long a client may take to send a request's headers, and how long a kept-alive
/// connection may wait for its next request: a connection that sends nothing, or a byte now
/// and then, is closed then.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

async fn not_found(method: Method, uri: axum::http::Uri) -> Response {
    error(
        StatusCode::NOT_FOUND,
        format!("{method} {uri}: no such resource (try /, /sparql or /store)"),
    )
}

/// Adds CORS headers to every response and answers preflight requests: any origin may read;
/// only the `--cors-origin` may send what writes need (the `Authorization` header, PUT and
/// DELETE).
async fn cors(
    State(state): State<Shared>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let preflight = req.method() == Method::OPTIONS;
    let trusted = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .filter(|o| state.config.cors_origin.as_deref() == Some(*o))
        .and_then(|o| HeaderValue::from_str(o).ok());
    let mut response = if preflight {
        StatusCode::NO_CONTENT.into_response()
    } else {
        next.run(req).await
    };
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        trusted.clone().unwrap_or(HeaderValue::from_static("*")),
    );
    if preflight {
        let (methods, allowed) = if trusted.is_some() {
            (
                "GET, HEAD, POST, PUT, DELETE, OPTIONS",
                "Accept, Content-Type, Authorization",
            )
        } else {
            ("GET, HEAD, POST, OPTIONS", "Accept, Content-Type")
        };
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(methods),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(allowed),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("86400"),
        );
    }
    response
}

/// Why this request may not write, if it may not. The server must be writable; the request
/// must come from no web page, the server's own or the `--cors-origin` (a browser names the
/// page's origin on every cross-site POST), and carry the token.
pub(crate) fn refuse_write(state: &Shared, headers: &HeaderMap) -> Option<Response> {
    let config = &state.config;
    if !config.writable {
        return Some(error(
            StatusCode::FORBIDDEN,
            "this server is read-only; start it with --writable to accept writes",
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        let own = format!("http://{}", config.bind);
        if origin != own && config.cors_origin.as_deref() != Some(origin) {
            return Some(error(
                StatusCode::FORBIDDEN,
                format!(
                    "a write from the web page of another origin ({origin:?}) is refused; \
                     start the server with --cors-origin {origin} to allow that origin"
                ),
            ));
        }
    }
    if let Some(token) = &config.token {
        // The token as a bearer token, or as the password of HTTP basic authentication
        // (any user name), which clients such as `newsgraph push` speak.
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, value) = v.trim().split_once(' ')?;
                if scheme.eq_ignore_ascii_case("bearer") {
                    Some(value.trim().to_string())
                } else if scheme.eq_ignore_ascii_case("basic") {
                    let pair = String::from_utf8(base64_decode(value.trim())?).ok()?;
                    Some(pair.split_once(':')?.1.to_string())
                } else {
                    None
                }
            });
        if !given.is_some_and(|g| same_secret(&g, token)) {
            let mut r = error(
                StatusCode::UNAUTHORIZED,
                "a write needs the server's token: send Authorization: Bearer TOKEN, or the \
                 token as the password of basic authentication (the token given with --token, \
                 or printed when the server started)",
            );
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"newsgraph write token\""),
            );
            return Some(r);
        }
    }
    None
}

/// Standard base64 (padding optional); `None` for anything else.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Compares two secrets in time that depends on their lengths only.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// A plain-text error response.
pub(crate) fn error(status: StatusCode, message: impl Into<String>) -> Response {
    let mut message = message.into();
    message.push('\n');
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

/// The HTTP form of a store error: a query that does not parse is the client's (400), a store
/// being written by another process is 503, the rest is the server's (500).
pub(crate) fn store_error(e: KgError) -> Response {
    match e {
        KgError::QuerySyntax { message, .. } => error(StatusCode::BAD_REQUEST, message),
        KgError::Busy { .. } => error(StatusCode::SERVICE_UNAVAILABLE, e.to_string()),
        KgError::QueryEval { message, .. } => error(StatusCode::INTERNAL_SERVER_ERROR, message),
        other => error(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
    }
}

/// A response with a body and its media type.
pub(crate) fn with_type(media_type: &str, body: impl Into<Body>) -> Response {
    let mut r = Response::new(body.into());
    if let Ok(v) = HeaderValue::from_str(media_type) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

/// The base IRI of the server: the address it is bound to. Bound to every interface
/// (`0.0.0.0`, `::`), which no client can reach by that name, it is the request's `Host` when
/// that is a plain host name or address with an optional port (nothing else a client may put
/// there reaches the output), else the loopback address.
pub(crate) fn base_url(config: &ServeConfig, headers: &HeaderMap) -> String {
    if !config.bind.ip().is_unspecified() {
        return format!("http://{}", config.bind);
    }
    match headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| plain_authority(h))
    {
        Some(host) => format!("http://{host}"),
        None => {
            let loopback = match config.bind.ip() {
                std::net::IpAddr::V4(_) => std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
                std::net::IpAddr::V6(_) => std::net::IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
            };
            format!("http://{}", SocketAddr::new(loopback, config.bind.port()))
        }
    }
}

/// `host[:port]` with a host name of letters, digits, dots and hyphens or a bracketed IPv6
/// address, and a port of digits.
fn plain_authority(authority: &str) -> bool {
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') || host.ends_with(']') => (host, Some(port)),
        _ => (authority, None),
    };
    let host_ok = if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        !v6.is_empty() && v6.parse::<std::net::Ipv6Addr>().is_ok()
    } else {
        !host.is_empty()
            && host.len() <= 253
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    };
    host_ok
        && port
            .is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option index is mimalloc's purge delay: its documented default (10 ms in mimalloc
    /// 2, 1 s in mimalloc 3) before, 0 after.
    /// Bound to every interface, the service names the request's host when it is plain, and
    /// the loopback address otherwise; bound to one address, always that address.
    #[test]
    fn base_url_never_echoes_an_unsafe_host() {
        let config = |bind: &str| ServeConfig {
            bind: bind.parse().unwrap(),
            writable: false,
            timeout: Duration::from_secs(1),
            max_rows: 1,
            token: None,
            cors_origin: None,
        };
        let host = |h: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::HOST, h.parse().unwrap());
            headers
        };
        let any = config("0.0.0.0:8080");
        assert_eq!(
            base_url(&any, &host("news.example.org:8080")),
            "http://news.example.org:8080"
        );
        assert_eq!(base_url(&any, &host("[::1]:8080")), "http://[::1]:8080");
        assert_eq!(base_url(&any, &host("10.0.0.7")), "http://10.0.0.7");
        for bad in ["a> <b", "x\"y", "h:80:80", "h:port", "[zz]:1", "", "a/b"] {
            assert_eq!(base_url(&any, &host(bad)), "http://127.0.0.1:8080", "{bad}");
        }
        assert_eq!(base_url(&any, &HeaderMap::new()), "http://127.0.0.1:8080");
        assert_eq!(
            base_url(&config("[::]:80"), &HeaderMap::new()),
            "http://[::1]:80"
        );
        let one = config("127.0.0.1:7878");
        assert_eq!(
            base_url(&one, &host("evil.example")),
            "http://127.0.0.1:7878"
        );
    }

    #[test]
    fn purge_delay_is_the_option_set() {
        // SAFETY: mi_option_get takes no pointers.
        let before = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert!([10, 1000, 0].contains(&before), "{before}");
        return_freed_memory_at_once();
        // SAFETY: as above.
        assert_eq!(
            unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) },
            0
        );
    }
}
