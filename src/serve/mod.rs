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
//! Read-only unless `--writable`: a write on a read-only server gets 403. Every query runs on a
//! blocking thread under a timeout (its evaluation is cancelled when the time is up) and a cap
//! on the rows it may return; every response allows any origin (CORS), so that a query page
//! served elsewhere can use the endpoint.

mod page;
mod protocol;

use crate::kg::{KgError, Store};
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
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
    /// The store; readers share it, a write (on a writable server) holds it alone.
    pub store: RwLock<Store>,
    pub config: ServeConfig,
}

type Shared = Arc<AppState>;

/// The routes of the server over `store`.
pub fn router(store: Store, config: ServeConfig) -> Router {
    let state = Arc::new(AppState {
        store: RwLock::new(store),
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
        .layer(axum::middleware::from_fn(cors))
        .with_state(state)
}

/// Serves `store` until `shutdown` completes. `on_ready` gets the address actually bound
/// (port 0 picks a free one).
pub async fn serve(
    store: Store,
    config: ServeConfig,
    on_ready: impl FnOnce(SocketAddr),
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let addr = config.bind;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    on_ready(listener.local_addr()?);
    axum::serve(listener, router(store, config))
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}

async fn not_found(method: Method, uri: axum::http::Uri) -> Response {
    error(
        StatusCode::NOT_FOUND,
        format!("{method} {uri}: no such resource (try /, /sparql or /store)"),
    )
}

/// Adds CORS headers to every response and answers preflight requests.
async fn cors(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let preflight = req.method() == Method::OPTIONS;
    let mut response = if preflight {
        StatusCode::NO_CONTENT.into_response()
    } else {
        next.run(req).await
    };
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    if preflight {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, HEAD, POST, PUT, DELETE, OPTIONS"),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("Accept, Content-Type, Authorization"),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("86400"),
        );
    }
    response
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

/// The base IRI of the server as the client addressed it (for the service description).
pub(crate) fn base_url(headers: &HeaderMap, config: &ServeConfig) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| config.bind.to_string());
    format!("http://{host}")
}
