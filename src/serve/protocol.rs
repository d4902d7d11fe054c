//! The SPARQL 1.1 Protocol and the Graph Store Protocol.

// Handlers return a ready HTTP error as their Err: once per request, its size does not matter.
#![allow(clippy::result_large_err)]

use super::{base_url, error, refuse_write, store_error, with_type, Shared};
use crate::kg::store::{parse_param, QueryOptions};
use crate::kg::vocab::PREFIXES;
use crate::kg::{KgError, Store};
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, Quad, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults};
use std::io::{self, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

/// Media types offered for SELECT and ASK results, the default first.
const RESULT_TYPES: [(&str, QueryResultsFormat); 7] = [
    ("application/sparql-results+json", QueryResultsFormat::Json),
    ("application/sparql-results+xml", QueryResultsFormat::Xml),
    ("text/csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", QueryResultsFormat::Tsv),
    ("application/json", QueryResultsFormat::Json),
    ("application/xml", QueryResultsFormat::Xml),
    ("text/xml", QueryResultsFormat::Xml),
];

/// Media types offered for graphs (CONSTRUCT, DESCRIBE, Graph Store GET), the default first.
fn graph_types() -> [(&'static str, RdfFormat); 8] {
    let jsonld = RdfFormat::JsonLd {
        profile: JsonLdProfileSet::empty(),
    };
    [
        ("text/turtle", RdfFormat::Turtle),
        ("application/n-triples", RdfFormat::NTriples),
        ("application/ld+json", jsonld),
        ("application/rdf+xml", RdfFormat::RdfXml),
        ("application/n-quads", RdfFormat::NQuads),
        ("application/trig", RdfFormat::TriG),
        ("text/plain", RdfFormat::NTriples),
        ("application/json", jsonld),
    ]
}

/// `format=` short names, for links and forms that cannot set `Accept`.
fn format_alias(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "json" | "srj" => "application/sparql-results+json",
        "xml" | "srx" => "application/sparql-results+xml",
        "csv" => "text/csv",
        "tsv" => "text/tab-separated-values",
        "ttl" | "turtle" => "text/turtle",
        "nt" | "ntriples" | "n-triples" => "application/n-triples",
        "jsonld" | "json-ld" => "application/ld+json",
        "rdf" | "rdfxml" | "rdf/xml" => "application/rdf+xml",
        "nq" | "nquads" => "application/n-quads",
        "trig" => "application/trig",
        _ => return None,
    })
}

/// The offer the `Accept` header prefers (the first offer when there is no header); `None`
/// when it accepts none of them.
pub(crate) fn negotiate<T: Copy>(accept: Option<&str>, offers: &[(&str, T)]) -> Option<usize> {
    let accept = match accept.map(str::trim) {
        None | Some("") => return Some(0),
        Some(a) => a,
    };
    let mut ranges: Vec<(String, f32)> = accept
        .split(',')
        .filter_map(|part| {
            let mut fields = part.split(';');
            let media = fields.next()?.trim().to_ascii_lowercase();
            let q = fields
                .filter_map(|f| f.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (!media.is_empty()).then_some((media, q))
        })
        .collect();
    // Highest quality first; among equals, the more specific range.
    ranges.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| a.0.contains('*').cmp(&b.0.contains('*')))
    });
    for (media, q) in ranges {
        if q <= 0.0 {
            continue;
        }
        let found = offers.iter().position(|(offer, _)| {
            media == *offer
                || media == "*/*"
                || media
                    .strip_suffix("/*")
                    .is_some_and(|top| offer.split('/').next() == Some(top))
        });
        if found.is_some() {
            return found;
        }
    }
    None
}

fn not_acceptable(offers: &[&str]) -> Response {
    error(
        StatusCode::NOT_ACCEPTABLE,
        format!(
            "none of the accepted media types can be produced; available: {}",
            offers.join(", ")
        ),
    )
}

/// The parameters of a protocol request, from the URL and the body.
#[derive(Default)]
struct Request {
    query: Option<String>,
    update: Option<String>,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
    params: Vec<String>,
    format: Option<String>,
    other_graph_params: bool,
    /// More than one query or update.
    repeated: bool,
}

impl Request {
    fn read_form(&mut self, form: &[u8]) {
        for (key, value) in form_urlencoded::parse(form) {
            let value = value.into_owned();
            match key.as_ref() {
                "query" | "update" if self.query.is_some() || self.update.is_some() => {
                    self.repeated = true
                }
                "query" => self.query = Some(value),
                "update" => self.update = Some(value),
                "default-graph-uri" => self.default_graphs.push(value),
                "named-graph-uri" => self.named_graphs.push(value),
                "param" => self.params.push(value),
                "format" => self.format = Some(value),
                "using-graph-uri" | "using-named-graph-uri" => self.other_graph_params = true,
                _ => {}
            }
        }
    }
}

pub(crate) async fn sparql_get(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let mut req = Request::default();
    req.read_form(raw.unwrap_or_default().as_bytes());
    if req.update.is_some() {
        return error(
            StatusCode::BAD_REQUEST,
            "a SPARQL update must be sent by POST",
        );
    }
    if req.query.is_none() {
        return service_description(&state, &headers);
    }
    dispatch(state, req, &headers).await
}

pub(crate) async fn sparql_post(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut req = Request::default();
    req.read_form(raw.unwrap_or_default().as_bytes());
    let content_type = media_type(&headers);
    match content_type.as_str() {
        "application/x-www-form-urlencoded" => req.read_form(&body),
        "application/sparql-query" | "application/sparql-update" => {
            let Ok(text) = String::from_utf8(body.to_vec()) else {
                return error(StatusCode::BAD_REQUEST, "the request body is not UTF-8");
            };
            req.repeated |= req.query.is_some() || req.update.is_some();
            if content_type == "application/sparql-query" {
                req.query = Some(text);
            } else {
                req.update = Some(text);
            }
        }
        other => {
            return error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "content type {other:?}: expected application/sparql-query, \
                     application/sparql-update or application/x-www-form-urlencoded"
                ),
            )
        }
    }
    dispatch(state, req, &headers).await
}

async fn dispatch(state: Shared, req: Request, headers: &HeaderMap) -> Response {
    if req.repeated {
        return error(
            StatusCode::BAD_REQUEST,
            "a request holds one query or one update, not several",
        );
    }
    match (&req.query, &req.update) {
        (Some(_), Some(_)) => error(
            StatusCode::BAD_REQUEST,
            "a request holds either a query or an update, not both",
        ),
        (None, None) => error(
            StatusCode::BAD_REQUEST,
            "no query: give it as query= (or update= for an update)",
        ),
        (Some(_), None) => run_query(state, req, headers).await,
        (None, Some(_)) => run_update(state, req, headers).await,
    }
}

fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn iris(values: &[String], what: &str) -> Result<Vec<NamedNode>, Response> {
    values
        .iter()
        .map(|v| {
            NamedNode::new(v.clone()).map_err(|e| {
                error(
                    StatusCode::BAD_REQUEST,
                    format!("{what} {v:?} is no IRI: {e}"),
                )
            })
        })
        .collect()
}

fn accept_of(req: &Request, headers: &HeaderMap) -> Result<Option<String>, Response> {
    match &req.format {
        Some(f) => match format_alias(f) {
            Some(media) => Ok(Some(media.to_string())),
            None => Err(error(
                StatusCode::BAD_REQUEST,
                format!(
                    "format={f}: expected json, xml, csv, tsv, ttl, nt, jsonld, rdf, nq or trig"
                ),
            )),
        },
        None => Ok(headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)),
    }
}

/// Runs a query on a blocking thread, cancelled when the server's timeout is up.
async fn run_query(state: Shared, req: Request, headers: &HeaderMap) -> Response {
    let accept = match accept_of(&req, headers) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let default_graphs = match iris(&req.default_graphs, "default-graph-uri") {
        Ok(g) => g,
        Err(r) => return r,
    };
    let named_graphs = match iris(&req.named_graphs, "named-graph-uri") {
        Ok(g) => g,
        Err(r) => return r,
    };
    let mut params = Vec::new();
    for p in &req.params {
        let Some((name, value)) = p.split_once('=') else {
            return error(
                StatusCode::BAD_REQUEST,
                format!("param={p:?}: expected NAME=VALUE"),
            );
        };
        match parse_param(value) {
            Ok(term) => params.push((name.trim().trim_start_matches(['?', '$']).to_string(), term)),
            Err(e) => return error(StatusCode::BAD_REQUEST, format!("param {name}: {e}")),
        }
    }
    let protocol_dataset = !default_graphs.is_empty() || !named_graphs.is_empty();
    let options = QueryOptions {
        params,
        union: false,
        default_graphs: protocol_dataset.then_some(default_graphs),
        named_graphs: protocol_dataset.then_some(named_graphs),
        ..QueryOptions::default()
    };
    let max_rows = state.config.max_rows;
    let query = req.query.unwrap_or_default();
    timed_query(&state, query, "query", options, move |results| {
        Ok(serialize_results(results, accept.as_deref(), max_rows))
    })
    .await
    .unwrap_or_else(|response| response)
}

/// Runs `query` on a blocking thread and hands its results to `then` there, under the
/// server's timeout: when the time is up the evaluation is cancelled and the answer is 503.
async fn timed_query<T: Send + 'static>(
    state: &Shared,
    query: String,
    source_name: &'static str,
    mut options: QueryOptions,
    then: impl FnOnce(QueryResults<'static>) -> Result<T, Response> + Send + 'static,
) -> Result<T, Response> {
    let token = CancellationToken::new();
    options.cancel = Some(token.clone());
    let timeout = state.config.timeout;
    let state = state.clone();
    let cancelled = token.clone();
    let task = tokio::task::spawn_blocking(move || {
        let result = {
            let store = &state.store;
            store
                .query_with_options(&query, source_name, &options)
                .map_err(store_error)
                .and_then(then)
        };
        if cancelled.is_cancelled() {
            // What the stopped evaluation held is free; give it back to the system now
            // rather than when this thread next allocates.
            // SAFETY: mi_collect takes no pointers and may be called at any time.
            unsafe { libmimalloc_sys::mi_collect(true) };
        }
        result
    });
    match tokio::time::timeout(timeout, task).await {
        Ok(Ok(result)) => result,
        Ok(Err(e)) => Err(error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the query failed: {e}"),
        )),
        Err(_) => {
            token.cancel();
            Err(timed_out(timeout))
        }
    }
}

/// The store, to write: writes take turns, queries go on reading their snapshots meanwhile.
fn write_store(state: &Shared) -> (std::sync::MutexGuard<'_, ()>, &Store) {
    let turn = state.writing.lock().unwrap_or_else(|e| e.into_inner());
    (turn, &state.store)
}

fn timed_out(timeout: std::time::Duration) -> Response {
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        format!(
            "the query was stopped after {} s (the server's --timeout)",
            timeout.as_secs_f32()
        ),
    )
}

fn too_many(max_rows: usize) -> Response {
    error(
        StatusCode::UNPROCESSABLE_ENTITY,
        format!(
            "the result has more than {max_rows} rows (the server's --max-rows); \
             add a LIMIT or narrow the query"
        ),
    )
}

fn eval_error(e: QueryEvaluationError) -> Response {
    match e {
        QueryEvaluationError::Cancelled => error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the query was stopped (the server's --timeout)",
        ),
        other => error(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
    }
}

fn io_error(e: io::Error) -> Response {
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("serialising the results: {e}"),
    )
}

/// The offer `accept` prefers, or the 406 response naming what is available.
fn pick<T: Copy>(
    accept: Option<&str>,
    offers: &[(&'static str, T)],
) -> Result<(&'static str, T), Response> {
    negotiate(accept, offers)
        .map(|i| offers[i])
        .ok_or_else(|| not_acceptable(&offers.iter().map(|(m, _)| *m).collect::<Vec<_>>()))
}

/// Writes every item of a result with `write`, refusing past `max_rows` items.
fn write_capped<T>(
    items: impl Iterator<Item = Result<T, QueryEvaluationError>>,
    max_rows: usize,
    mut write: impl FnMut(&T) -> io::Result<()>,
) -> Result<(), Response> {
    for (n, item) in items.enumerate() {
        if n >= max_rows {
            return Err(too_many(max_rows));
        }
        write(&item.map_err(eval_error)?).map_err(io_error)?;
    }
    Ok(())
}

/// Serialises query results into the negotiated format, at most `max_rows` rows.
fn serialize_results(results: QueryResults, accept: Option<&str>, max_rows: usize) -> Response {
    let body = match results {
        QueryResults::Solutions(solutions) => {
            pick(accept, &RESULT_TYPES).and_then(|(media, format)| {
                let variables = solutions.variables().to_vec();
                let mut serializer = QueryResultsSerializer::from_format(format)
                    .serialize_solutions_to_writer(Vec::new(), variables)
                    .map_err(io_error)?;
                write_capped(solutions, max_rows, |s| serializer.serialize(s))?;
                Ok((media, serializer.finish().map_err(io_error)?))
            })
        }
        QueryResults::Boolean(value) => pick(accept, &RESULT_TYPES).and_then(|(media, format)| {
            let body = QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(Vec::new(), value)
                .map_err(io_error)?;
            Ok((media, body))
        }),
        QueryResults::Graph(triples) => pick(accept, &graph_types()).and_then(|(media, format)| {
            let mut serializer = rdf_serializer(format).for_writer(Vec::new());
            write_capped(triples, max_rows, |t| serializer.serialize_triple(t))?;
            Ok((media, serializer.finish().map_err(io_error)?))
        }),
    };
    match body {
        Ok((media, body)) => with_type(&content_type(media), body),
        Err(response) => response,
    }
}

fn content_type(media: &str) -> String {
    if media.starts_with("text/") {
        format!("{media}; charset=utf-8")
    } else {
        media.to_string()
    }
}

/// A serialiser with the ontology's prefixes where the format has prefixes.
fn rdf_serializer(format: RdfFormat) -> RdfSerializer {
    let mut serializer = RdfSerializer::from_format(format);
    if matches!(format, RdfFormat::Turtle | RdfFormat::TriG) {
        for (prefix, iri) in PREFIXES {
            serializer = match serializer.clone().with_prefix(prefix, iri) {
                Ok(s) => s,
                Err(_) => serializer,
            };
        }
    }
    serializer
}

async fn run_update(state: Shared, req: Request, headers: &HeaderMap) -> Response {
    if let Some(refusal) = refuse_write(&state, headers) {
        return refusal;
    }
    if req.other_graph_params || !req.default_graphs.is_empty() || !req.named_graphs.is_empty() {
        return error(
            StatusCode::BAD_REQUEST,
            "using-graph-uri and using-named-graph-uri are not supported; write USING in the update",
        );
    }
    let update = req.update.unwrap_or_default();
    let task = tokio::task::spawn_blocking(move || {
        let (_turn, store) = write_store(&state);
        store.update(&update, "update")
    });
    match task.await {
        Ok(Ok(())) => StatusCode::NO_CONTENT.into_response(),
        Ok(Err(e)) => store_error(e),
        Err(e) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the update failed: {e}"),
        ),
    }
}

/// The SPARQL service description, in the RDF format the client accepts.
fn service_description(state: &Shared, headers: &HeaderMap) -> Response {
    let base = base_url(&state.config, headers);
    let update = if state.config.writable {
        ", sd:SPARQL11Update"
    } else {
        ""
    };
    let turtle = format!(
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n\
         @prefix formats: <http://www.w3.org/ns/formats/> .\n\
         <{base}/sparql> a sd:Service ;\n\
         \tsd:endpoint <{base}/sparql> ;\n\
         \tsd:supportedLanguage sd:SPARQL11Query{update} ;\n\
         \tsd:feature sd:UnionDefaultGraph, sd:BasicFederatedQuery ;\n\
         \tsd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, \
         formats:SPARQL_Results_CSV, formats:SPARQL_Results_TSV, formats:Turtle, \
         formats:N-Triples, formats:JSON-LD, formats:RDF_XML ;\n\
         \tsd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .\n"
    );
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let (media, format) = match pick(accept, &graph_types()) {
        Ok(offer) => offer,
        Err(response) => return response,
    };
    if format == RdfFormat::Turtle {
        return with_type(&content_type(media), turtle);
    }
    let mut serializer = rdf_serializer(format).for_writer(Vec::new());
    for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes()) {
        let written = quad
            .map_err(io::Error::other)
            .and_then(|q| serializer.serialize_quad(&q));
        if let Err(e) = written {
            return io_error(e);
        }
    }
    match serializer.finish() {
        Ok(body) => with_type(&content_type(media), body),
        Err(e) => io_error(e),
    }
}

/// The graph a Graph Store request names: `Some(IRI)` for `?graph=`, `None` for `?default`.
fn target_graph(raw: Option<String>) -> Result<Option<NamedNode>, Response> {
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

const CHUNK: usize = 64 * 1024;

/// Writes into a channel, a chunk at a time: how a blocking serialiser streams a response.
struct ChannelWriter {
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
struct Chunks(tokio::sync::mpsc::Receiver<io::Result<Bytes>>);

impl futures_core::Stream for Chunks {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

/// The quads of a Graph Store request body, put into `graph`.
fn parse_body(headers: &HeaderMap, body: &[u8], graph: &NamedNode) -> Result<Vec<Quad>, Response> {
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
fn default_not_writable() -> Response {
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
fn writable_graph(
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

/// Runs a SELECT for the page's own use (search, entity page) under the server's timeout.
pub(crate) async fn select(
    state: &Shared,
    query: String,
    params: Vec<(String, Term)>,
) -> Result<Vec<Vec<Option<Term>>>, Response> {
    let max_rows = state.config.max_rows;
    let options = QueryOptions {
        params,
        ..QueryOptions::default()
    };
    timed_query(state, query, "page query", options, move |results| {
        let QueryResults::Solutions(solutions) = results else {
            return Err(error(StatusCode::INTERNAL_SERVER_ERROR, "not a SELECT"));
        };
        solutions
            .take(max_rows)
            .map(|s| s.map(|s| s.values().to_vec()).map_err(eval_error))
            .collect()
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiate_by_quality_and_wildcards() {
        let offers = [("a/x", 0), ("b/y", 1), ("b/z", 2)];
        assert_eq!(negotiate(None, &offers), Some(0));
        assert_eq!(negotiate(Some("b/z"), &offers), Some(2));
        assert_eq!(negotiate(Some("b/y;q=0.5, b/z"), &offers), Some(2));
        assert_eq!(negotiate(Some("b/*"), &offers), Some(1));
        assert_eq!(negotiate(Some("text/html, */*;q=0.1"), &offers), Some(0));
        assert_eq!(negotiate(Some("text/html"), &offers), None);
        assert_eq!(negotiate(Some("a/x;q=0, b/*"), &offers), Some(1));
    }

    #[test]
    fn format_aliases_name_media_types() {
        assert_eq!(
            format_alias("JSON"),
            Some("application/sparql-results+json")
        );
        assert_eq!(format_alias("ttl"), Some("text/turtle"));
        assert_eq!(format_alias("yaml"), None);
    }
}
