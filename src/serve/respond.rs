//! Responses every handler builds: errors as plain text with their status, typed bodies, and the
//! base URL links are written against (never an unchecked Host).

use super::state::ServeConfig;
use crate::kg::KgError;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

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
        KgError::QuerySyntax { message, .. } | KgError::BadParam { message, .. } => {
            error(StatusCode::BAD_REQUEST, message)
        }
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
pub(super) fn plain_authority(authority: &str) -> bool {
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

pub(super) fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

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
}
