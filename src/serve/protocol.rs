//! The SPARQL 1.1 Protocol: queries and updates at `/sparql`, content negotiation, the service
//! description.

// Handlers return a ready HTTP error as their Err: once per request, its size does not matter.
#![allow(clippy::result_large_err)]

use super::access::refuse_write;
use super::respond::base_url;
use super::respond::store_error;
use super::respond::with_type;
use super::respond::{error, media_type};
use super::state::Shared;
use crate::kg::store::{parse_param, QueryOptions};
use crate::kg::vocab::PREFIXES;
use crate::kg::Store;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults};
use std::io::{self};

/// Media types offered for SELECT and ASK results, the default first.
pub(super) const RESULT_TYPES: [(&str, QueryResultsFormat); 7] = [
    ("application/sparql-results+json", QueryResultsFormat::Json),
    ("application/sparql-results+xml", QueryResultsFormat::Xml),
    ("text/csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", QueryResultsFormat::Tsv),
    ("application/json", QueryResultsFormat::Json),
    ("application/xml", QueryResultsFormat::Xml),
    ("text/xml", QueryResultsFormat::Xml),
];

/// Media types offered for graphs (CONSTRUCT, DESCRIBE, Graph Store GET), the default first.
pub(super) fn graph_types() -> [(&'static str, RdfFormat); 8] {
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
pub(super) fn format_alias(name: &str) -> Option<&'static str> {
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

pub(super) fn not_acceptable(offers: &[&str]) -> Response {
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
pub(super) struct Request {
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

pub(super) fn iris(values: &[String], what: &str) -> Result<Vec<NamedNode>, Response> {
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

pub(super) fn accept_of(req: &Request, headers: &HeaderMap) -> Result<Option<String>, Response> {
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

/// The `param=NAME=VALUE` values of a request, as bindings.
pub(super) fn query_params(values: &[String]) -> Result<Vec<(String, Term)>, Response> {
    let mut params = Vec::new();
    for p in values {
        let Some((name, value)) = p.split_once('=') else {
            return Err(error(
                StatusCode::BAD_REQUEST,
                format!("param={p:?}: expected NAME=VALUE"),
            ));
        };
        match parse_param(value) {
            Ok(term) => params.push((name.trim().trim_start_matches(['?', '$']).to_string(), term)),
            Err(e) => return Err(error(StatusCode::BAD_REQUEST, format!("param {name}: {e}"))),
        }
    }
    Ok(params)
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
    let params = match query_params(&req.params) {
        Ok(p) => p,
        Err(r) => return r,
    };
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
pub(super) fn write_store(state: &Shared) -> (std::sync::MutexGuard<'_, ()>, &Store) {
    let turn = state.writing.lock().unwrap_or_else(|e| e.into_inner());
    (turn, &state.store)
}

pub(super) fn timed_out(timeout: std::time::Duration) -> Response {
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        format!(
            "the query was stopped after {} s (the server's --timeout)",
            timeout.as_secs_f32()
        ),
    )
}

pub(super) fn too_many(max_rows: usize) -> Response {
    error(
        StatusCode::UNPROCESSABLE_ENTITY,
        format!(
            "the result has more than {max_rows} rows (the server's --max-rows); \
             add a LIMIT or narrow the query"
        ),
    )
}

pub(super) fn eval_error(e: QueryEvaluationError) -> Response {
    match e {
        QueryEvaluationError::Cancelled => error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the query was stopped (the server's --timeout)",
        ),
        other => error(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
    }
}

pub(super) fn io_error(e: io::Error) -> Response {
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("serialising the results: {e}"),
    )
}

/// The offer `accept` prefers, or the 406 response naming what is available.
pub(super) fn pick<T: Copy>(
    accept: Option<&str>,
    offers: &[(&'static str, T)],
) -> Result<(&'static str, T), Response> {
    negotiate(accept, offers)
        .map(|i| offers[i])
        .ok_or_else(|| not_acceptable(&offers.iter().map(|(m, _)| *m).collect::<Vec<_>>()))
}

/// Writes every item of a result with `write`, refusing past `max_rows` items.
pub(super) fn write_capped<T>(
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
pub(super) fn serialize_results(
    results: QueryResults,
    accept: Option<&str>,
    max_rows: usize,
) -> Response {
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

pub(super) fn content_type(media: &str) -> String {
    if media.starts_with("text/") {
        format!("{media}; charset=utf-8")
    } else {
        media.to_string()
    }
}

/// A serialiser with the ontology's prefixes where the format has prefixes.
pub(super) fn rdf_serializer(format: RdfFormat) -> RdfSerializer {
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
pub(super) fn service_description(state: &Shared, headers: &HeaderMap) -> Response {
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

/// Runs the page's SELECT `queries` side by side, each with `?{var}` bound to `node`: their
/// rows, in order.
pub(crate) async fn select_each<S: AsRef<str>>(
    state: &Shared,
    queries: &[S],
    var: &str,
    node: &NamedNode,
) -> Result<Vec<Vec<Vec<Option<Term>>>>, Response> {
    let tasks: Vec<_> = queries
        .iter()
        .map(|query| {
            let state = state.clone();
            let query = query.as_ref().to_string();
            let bound = vec![(var.to_string(), Term::NamedNode(node.clone()))];
            tokio::spawn(async move { select(&state, query, bound).await })
        })
        .collect();
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        let rows = task.await.map_err(|e| {
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("a page query failed: {e}"),
            )
        })??;
        results.push(rows);
    }
    Ok(results)
}

/// Runs a CONSTRUCT or DESCRIBE for the page's own use under the server's timeout: its
/// triples, at most the server's row cap.
pub(crate) async fn construct(
    state: &Shared,
    query: String,
    params: Vec<(String, Term)>,
) -> Result<Vec<oxigraph::model::Triple>, Response> {
    let max_rows = state.config.max_rows;
    let options = QueryOptions {
        params,
        ..QueryOptions::default()
    };
    timed_query(state, query, "query", options, move |results| {
        let QueryResults::Graph(triples) = results else {
            return Err(error(
                StatusCode::BAD_REQUEST,
                "the graph view draws the result of a CONSTRUCT or DESCRIBE query",
            ));
        };
        let mut out = Vec::new();
        for t in triples {
            if out.len() >= max_rows {
                return Err(too_many(max_rows));
            }
            out.push(t.map_err(eval_error)?);
        }
        Ok(out)
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
