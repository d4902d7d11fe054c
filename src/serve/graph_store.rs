//! The Graph Store Protocol: `/store?graph=IRI` (or `?default`), GET and HEAD streamed in
//! chunks, PUT, POST and DELETE when the server is writable.

// Handlers return a ready HTTP error as their Err: once per request, its size does not matter.
#![allow(clippy::result_large_err)]

use super::access::refuse_write;
use super::protocol::write_store;
use super::protocol::{content_type, graph_types, pick, rdf_serializer};
use super::respond::{error, media_type, store_error, with_type};
use super::state::Shared;
use crate::kg::KgError;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, Quad};
use std::io::{self, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

/// The graph a Graph Store request names: `Some(IRI)` for `?graph=`, `None` for `?default`.
pub(super) fn target_graph(raw: Option<String>) -> Result<Option<NamedNode>, Response> {
    let raw = raw.unwrap_or_default();
    let mut graph = None;
    let mut default = false;
    for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
        match key.as_ref() {
            "graph" => graph = Some(value.into_owned()),
            "default" => default = true,
            _ => {}
        }
    }
    match (graph, default) {
        (Some(_), true) | (None, false) => Err(error(
            StatusCode::BAD_REQUEST,
            "name the graph with ?graph=IRI or ?default (one of them)",
        )),
        (None, true) => Ok(None),
        (Some(g), false) => NamedNode::new(g.clone()).map(Some).map_err(|e| {
            error(
                StatusCode::BAD_REQUEST,
                format!("graph {g:?} is no IRI: {e}"),
            )
        }),
    }
}

/// Graph Store GET and HEAD: the graph, streamed in the negotiated format.
pub(crate) async fn store_get(
    State(state): State<Shared>,
    method: Method,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let graph = match target_graph(raw) {
        Ok(g) => g,
        Err(r) => return r,
    };
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let (media, format) = match pick(accept, &graph_types()) {
        Ok(offer) => offer,
        Err(response) => return response,
    };
    let exists = {
        let state = state.clone();
        let graph = graph.clone();
        tokio::task::spawn_blocking(move || {
            let store = &state.store;
            store.contains_graph(graph.as_ref())
        })
        .await
    };
    match exists {
        Ok(Ok(true)) => {}
        Ok(Ok(false)) => {
            return error(
                StatusCode::NOT_FOUND,
                match &graph {
                    Some(g) => format!("no graph {g} in the store"),
                    None => "the default graph is empty".to_string(),
                },
            )
        }
        Ok(Err(e)) => return store_error(e),
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
    if method == Method::HEAD {
        return with_type(&content_type(media), Body::empty());
    }
    let (tx, rx) = tokio::sync::mpsc::channel(16);
    tokio::task::spawn_blocking(move || {
        let store = &state.store;
        let writer = ChannelWriter {
            tx: tx.clone(),
            buf: Vec::with_capacity(CHUNK),
        };
        let mut serializer = rdf_serializer(format).for_writer(writer);
        let mut result = Ok(());
        for triple in store.graph_triples(graph.as_ref()) {
            result = triple
                .map_err(io::Error::other)
                .and_then(|t| serializer.serialize_triple(&t));
            if result.is_err() {
                break;
            }
        }
        let result = result
            .and_then(|()| serializer.finish())
            .and_then(|mut w| w.flush());
        if let Err(e) = result {
            // The client sees a cut response; the status line has gone out already.
            let _ = tx.blocking_send(Err(e));
        }
    });
    with_type(&content_type(media), Body::from_stream(Chunks(rx)))
}

pub(super) const CHUNK: usize = 64 * 1024;

/// Writes into a channel, a chunk at a time: how a blocking serialiser streams a response.
pub(super) struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<io::Result<Bytes>>,
    buf: Vec<u8>,
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

/// The receiving end of a [`ChannelWriter`] as a body stream.
pub(super) struct Chunks(tokio::sync::mpsc::Receiver<io::Result<Bytes>>);

impl futures_core::Stream for Chunks {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

/// The quads of a Graph Store request body, put into `graph`.
pub(super) fn parse_body(
    headers: &HeaderMap,
    body: &[u8],
    graph: &NamedNode,
) -> Result<Vec<Quad>, Response> {
    let media = media_type(headers);
    let format = RdfFormat::from_media_type(&media)
        .filter(|f| !f.supports_datasets())
        .ok_or_else(|| {
            error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "content type {media:?}: expected text/turtle, application/n-triples, \
                     application/rdf+xml or application/ld+json"
                ),
            )
        })?;
    RdfParser::from_format(format)
        .with_default_graph(GraphName::NamedNode(graph.clone()))
        .for_slice(body)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| error(StatusCode::BAD_REQUEST, format!("the {media} body: {e}")))
}

/// The default graph is derived from the named graphs; it is not written directly.
pub(super) fn default_not_writable() -> Response {
    let mut r = error(
        StatusCode::METHOD_NOT_ALLOWED,
        "the default graph is the merge of the named graphs and is not written directly; \
         write a named graph (?graph=IRI)",
    );
    r.headers_mut()
        .insert(header::ALLOW, header::HeaderValue::from_static("GET, HEAD"));
    r
}

/// The named graph a write names, on a server that takes this write.
pub(super) fn writable_graph(
    state: &Shared,
    raw: Option<String>,
    headers: &HeaderMap,
) -> Result<NamedNode, Response> {
    if let Some(refusal) = refuse_write(state, headers) {
        return Err(refusal);
    }
    match target_graph(raw)? {
        Some(g) => Ok(g),
        None => Err(default_not_writable()),
    }
}

/// PUT (replace) or POST (add to) a named graph.
async fn store_write(
    state: Shared,
    raw: Option<String>,
    headers: HeaderMap,
    body: Bytes,
    add: bool,
) -> Response {
    let graph = match writable_graph(&state, raw, &headers) {
        Ok(g) => g,
        Err(r) => return r,
    };
    let mut quads = match parse_body(&headers, &body, &graph) {
        Ok(q) => q,
        Err(r) => return r,
    };
    let task = tokio::task::spawn_blocking(move || {
        let (_turn, store) = write_store(&state);
        let existed = store.contains_graph(Some(&graph))?;
        if add && existed {
            for t in store.graph_triples(Some(&graph)) {
                let t = t?;
                quads.push(Quad::new(t.subject, t.predicate, t.object, graph.clone()));
            }
            let mut seen = std::collections::HashSet::new();
            quads.retain(|q| seen.insert(q.clone()));
        }
        store.replace_graph(graph.as_ref(), quads)?;
        Ok::<bool, KgError>(existed)
    });
    match task.await {
        Ok(Ok(true)) => StatusCode::NO_CONTENT.into_response(),
        Ok(Ok(false)) => StatusCode::CREATED.into_response(),
        Ok(Err(e)) => store_error(e),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

pub(crate) async fn store_put(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    store_write(state, raw, headers, body, false).await
}

pub(crate) async fn store_post(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    store_write(state, raw, headers, body, true).await
}

pub(crate) async fn store_delete(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let graph = match writable_graph(&state, raw, &headers) {
        Ok(g) => g,
        Err(r) => return r,
    };
    let task = tokio::task::spawn_blocking(move || {
        let (_turn, store) = write_store(&state);
        if !store.contains_graph(Some(&graph))? {
            return Ok(false);
        }
        store.remove_graphs(std::slice::from_ref(&graph))?;
        Ok::<bool, KgError>(true)
    });
    match task.await {
        Ok(Ok(true)) => StatusCode::NO_CONTENT.into_response(),
        Ok(Ok(false)) => error(StatusCode::NOT_FOUND, "no such graph in the store"),
        Ok(Err(e)) => store_error(e),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}
