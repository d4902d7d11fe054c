//! `/api/graph`: the result of a CONSTRUCT or DESCRIBE as the diagram the DOT export draws —
//! entities with their labels and kinds, posts as edges labelled with the role, statements as
//! nodes said by their speakers — in JSON for the page's graph view, with the shapes and fills
//! of the DOT export's legend. The types, labels, posts and statements of the resources the
//! result names are read from the store, so that a query need not construct them.

// Handlers return a ready HTTP error as their Err: once per request, its size does not matter.
#![allow(clippy::result_large_err)]

use super::protocol::{construct, query_params, select};
use super::respond::{error, with_type};
use super::state::Shared;
use crate::export::dot::style;
use crate::export::graph::{GraphOptions, VisualGraph};
use axum::body::Bytes;
use axum::extract::RawQuery;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term, Triple};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// At most this many resources of a result are looked up in the store.
const MAX_LOOKUP: usize = 2_000;

/// The drawing kinds, in the legend's order.
const KINDS: [&str; 8] = [
    "Person",
    "Organization",
    "Country",
    "Place",
    "Agreement",
    "Event",
    "Statement",
    "Other",
];

pub(crate) async fn graph_get(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    graph(state, raw.unwrap_or_default().as_bytes()).await
}

pub(crate) async fn graph_post(State(state): State<Shared>, body: Bytes) -> Response {
    graph(state, &body).await
}

async fn graph(state: Shared, form: &[u8]) -> Response {
    let mut query = None;
    let mut params = Vec::new();
    for (key, value) in form_urlencoded::parse(form) {
        match key.as_ref() {
            "query" => query = Some(value.into_owned()),
            "param" => params.push(value.into_owned()),
            _ => {}
        }
    }
    let Some(query) = query.filter(|q| !q.trim().is_empty()) else {
        return error(
            StatusCode::BAD_REQUEST,
            "give query= (a CONSTRUCT or DESCRIBE)",
        );
    };
    let params = match query_params(&params) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let triples = match construct(&state, query, params).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let context = match context(&state, &triples).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let quads: Vec<Quad> = triples
        .into_iter()
        .chain(context)
        .map(|t| t.in_graph(GraphName::DefaultGraph))
        .collect();
    let options = GraphOptions {
        statements: true,
        ..GraphOptions::default()
    };
    match VisualGraph::from_quads(&quads, &options) {
        Ok(g) => with_type("application/json", view_json(&g, quads.len()).to_string()),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// What the store says of the resources `triples` names: types, labels, the parts of posts and
/// statements.
async fn context(state: &Shared, triples: &[Triple]) -> Result<Vec<Triple>, Response> {
    let mut iris: BTreeSet<&str> = BTreeSet::new();
    for t in triples {
        if let NamedOrBlankNode::NamedNode(n) = &t.subject {
            iris.insert(n.as_str());
        }
        if let Term::NamedNode(n) = &t.object {
            iris.insert(n.as_str());
        }
    }
    if iris.is_empty() {
        return Ok(Vec::new());
    }
    let values: String = iris
        .iter()
        .take(MAX_LOOKUP)
        .map(|i| format!("<{i}> "))
        .collect();
    let query = format!(
        "SELECT ?x ?p ?o WHERE {{ VALUES ?x {{ {values} }}
           VALUES ?p {{ rdf:type rdfs:label ng:holder ng:postIn ng:role ng:speaker ng:content }}
           ?x ?p ?o }}"
    );
    let rows = select(state, query, Vec::new()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        if let (Some(Term::NamedNode(s)), Some(Term::NamedNode(p)), Some(o)) = (
            row.first().cloned().flatten(),
            row.get(1).cloned().flatten(),
            row.get(2).cloned().flatten(),
        ) {
            out.push(Triple::new(s, p, o));
        }
    }
    Ok(out)
}

/// The diagram as the page draws it.
fn view_json(g: &VisualGraph, triples: usize) -> Value {
    let nodes: Vec<Value> = g
        .graph
        .node_indices()
        .map(|n| {
            let node = &g.graph[n];
            let (shape, fill) = style(&node.kind);
            json!({
                "id": node.iri, "label": node.label, "kind": node.kind, "class": node.class,
                "shape": shape, "fill": fill,
                "entity": NamedNode::new(node.iri.clone()).is_ok()
                    && node.iri.starts_with(crate::kg::vocab::ID),
            })
        })
        .collect();
    let edges: Vec<Value> = g
        .graph
        .edge_indices()
        .filter_map(|e| {
            let (a, b) = g.graph.edge_endpoints(e)?;
            Some(json!({ "source": a.index(), "target": b.index(), "label": g.graph[e] }))
        })
        .collect();
    let present: BTreeSet<&str> = g.graph.node_weights().map(|n| n.kind.as_str()).collect();
    let legend: Vec<Value> = KINDS
        .iter()
        .filter(|k| present.contains(*k))
        .map(|k| {
            let (shape, fill) = style(k);
            json!({ "kind": k, "shape": shape, "fill": fill })
        })
        .collect();
    json!({ "nodes": nodes, "edges": edges, "legend": legend, "triples": triples })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_carries_the_dot_styles() {
        let q = |s: &str, p: &str, o: Term| {
            Quad::new(
                NamedNode::new_unchecked(s),
                NamedNode::new_unchecked(p),
                o,
                GraphName::DefaultGraph,
            )
        };
        let ng = crate::kg::vocab::NG;
        let quads = vec![
            q(
                "urn:a",
                crate::kg::vocab::RDF_TYPE.as_str(),
                NamedNode::new_unchecked(format!("{ng}Person")).into(),
            ),
            q(
                "urn:b",
                crate::kg::vocab::RDF_TYPE.as_str(),
                NamedNode::new_unchecked(format!("{ng}Country")).into(),
            ),
            q(
                "urn:a",
                &format!("{ng}nationality"),
                NamedNode::new_unchecked("urn:b").into(),
            ),
        ];
        let g = VisualGraph::from_quads(&quads, &GraphOptions::default()).unwrap();
        let v = view_json(&g, 3);
        assert_eq!(v["nodes"].as_array().unwrap().len(), 2);
        assert_eq!(v["edges"][0]["label"], "nationality");
        let legend: Vec<&str> = v["legend"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["kind"].as_str().unwrap())
            .collect();
        assert_eq!(legend, ["Person", "Country"]);
        assert_eq!(v["legend"][0]["shape"], style("Person").0);
    }
}
