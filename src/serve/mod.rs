//! `newsgraph serve`: the store over HTTP.
//!
//! - `/sparql`: the SPARQL 1.1 Protocol (query by GET, by POST url-encoded or direct;
//!   `default-graph-uri` and `named-graph-uri`; results by `Accept`), SPARQL Update when the
//!   server is writable, and the service description when no query is given;
//! - `/store`: the Graph Store Protocol (`?graph=IRI` or `?default`): GET and HEAD always, PUT,
//!   POST and DELETE when writable;
//! - `/`: the query page, `/entity`: an entity with its facts and their sources, `/article`: an
//!   article's text with what was read in it, and the small JSON API they use (`/api/examples`,
//!   `/api/vocabulary`, `/api/search`, `/api/labels`, `/api/graph`).
//!
//! Read-only unless `--writable`: a write on a read-only server gets 403; on a writable one a
//! write must carry the server's token (`Authorization: Bearer …`, 401 without it) and come
//! from the server's own page or the `--cors-origin` (403 otherwise), so that no other web
//! page can write through a visitor's browser. Every query runs on a blocking thread under a
//! timeout (its evaluation is cancelled when the time is up) and a cap on the rows it may
//! return; reads allow any origin (CORS), so that a query page served elsewhere can use the
//! endpoint.

mod access;
mod article;
mod entity;
mod graph_store;
mod graph_view;
mod html;
mod page;
mod protocol;
mod respond;
mod state;

pub use state::{ServeConfig, ServeError};

use crate::kg::Store;
use access::cors;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use respond::error;
use state::AppState;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

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
            get(graph_store::store_get)
                .head(graph_store::store_get)
                .put(graph_store::store_put)
                .post(graph_store::store_post)
                .delete(graph_store::store_delete),
        )
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/graph.js", get(page::graph_script))
        .route("/app.css", get(page::style))
        .route("/entity", get(entity::entity))
        .route("/article", get(article::article))
        .route("/api/examples", get(page::examples))
        .route("/api/vocabulary", get(page::vocabulary))
        .route("/api/search", get(page::search))
        .route("/api/labels", axum::routing::post(page::labels))
        .route(
            "/api/graph",
            get(graph_view::graph_get).post(graph_view::graph_post),
        )
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The option index is mimalloc's purge delay: its documented default (10 ms in mimalloc
    /// 2, 1 s in mimalloc 3) before, 0 after.
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
