//! Who may write: read-only servers refuse, writable ones want the token and the page's own
//! origin (or `--cors-origin`); CORS headers for reads from anywhere.

use super::respond::error;
use super::state::Shared;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

/// Adds CORS headers to every response and answers preflight requests: any origin may read;
/// only the `--cors-origin` may send what writes need (the `Authorization` header, PUT and
/// DELETE).
pub(super) async fn cors(
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
pub(super) fn base64_decode(text: &str) -> Option<Vec<u8>> {
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
pub(super) fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}
