//! The web page: the query editor (static files compiled into the binary, no CDN), the entity
//! page, and the JSON the page reads (examples, vocabulary, entity search).

// Handlers return a ready HTTP error as their Err: once per request, its size does not matter.
#![allow(clippy::result_large_err)]

use super::html::{cell, coarse_kind, compact, short, url_value};
use super::protocol::select;
use super::respond::with_type;
use super::state::Shared;
use crate::kg::store::ONTOLOGY_TTL;
use crate::kg::vocab::PREFIXES;
use axum::extract::{Query, State};
use axum::response::Response;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Term;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const INDEX_HTML: &str = include_str!("web/index.html");
const APP_JS: &str = include_str!("web/app.js");
const GRAPH_JS: &str = include_str!("web/graph.js");
const APP_CSS: &str = include_str!("web/app.css");

/// The files of `queries/`, offered as examples.
pub(crate) const EXAMPLES: [(&str, &str); 13] = [
    (
        "cq01-countries.rq",
        include_str!("../../queries/cq01-countries.rq"),
    ),
    ("cq02-posts.rq", include_str!("../../queries/cq02-posts.rq")),
    (
        "cq03-agreements.rq",
        include_str!("../../queries/cq03-agreements.rq"),
    ),
    (
        "cq04-organisation-base-and-kind.rq",
        include_str!("../../queries/cq04-organisation-base-and-kind.rq"),
    ),
    (
        "cq05-statements.rq",
        include_str!("../../queries/cq05-statements.rq"),
    ),
    (
        "cq06-claims.rq",
        include_str!("../../queries/cq06-claims.rq"),
    ),
    (
        "cq07-provenance.rq",
        include_str!("../../queries/cq07-provenance.rq"),
    ),
    (
        "cq08-investigations.rq",
        include_str!("../../queries/cq08-investigations.rq"),
    ),
    (
        "conflicting-claims.rq",
        include_str!("../../queries/conflicting-claims.rq"),
    ),
    (
        "construct-posts.rq",
        include_str!("../../queries/construct-posts.rq"),
    ),
    (
        "entities-by-type.rq",
        include_str!("../../queries/entities-by-type.rq"),
    ),
    (
        "facts-with-sources.rq",
        include_str!("../../queries/facts-with-sources.rq"),
    ),
    (
        "neighbourhood.rq",
        include_str!("../../queries/neighbourhood.rq"),
    ),
];

pub(crate) async fn index() -> Response {
    with_type("text/html; charset=utf-8", INDEX_HTML)
}

pub(crate) async fn script() -> Response {
    with_type("text/javascript; charset=utf-8", APP_JS)
}

pub(crate) async fn graph_script() -> Response {
    with_type("text/javascript; charset=utf-8", GRAPH_JS)
}

pub(crate) async fn style() -> Response {
    with_type("text/css; charset=utf-8", APP_CSS)
}

fn json_response(value: &Value) -> Response {
    with_type("application/json", value.to_string())
}

/// The example queries: file name, title (the first comment line) and text.
pub(crate) async fn examples() -> Response {
    let list: Vec<Value> = EXAMPLES
        .iter()
        .map(|(name, text)| {
            let title = text
                .lines()
                .next()
                .and_then(|l| l.strip_prefix('#'))
                .map(str::trim)
                .unwrap_or(name);
            json!({ "name": name, "title": title, "query": text })
        })
        .collect();
    json_response(&Value::Array(list))
}

/// The prefixes, and the classes and properties of the ontology, for completion.
pub(crate) async fn vocabulary() -> Response {
    json_response(&vocabulary_json())
}

fn vocabulary_json() -> Value {
    const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    const LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
    const COMMENT: &str = "http://www.w3.org/2000/01/rdf-schema#comment";
    const OWL: &str = "http://www.w3.org/2002/07/owl#";
    let mut terms: BTreeMap<String, (String, String, String)> = BTreeMap::new();
    for quad in RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(ONTOLOGY_TTL.as_bytes())
        .flatten()
    {
        let subject = quad.subject.to_string();
        let subject = subject.trim_start_matches('<').trim_end_matches('>');
        let Some(local) = compact(subject) else {
            continue;
        };
        let entry = terms.entry(local).or_default();
        let object = match &quad.object {
            Term::Literal(l) => l.value().to_string(),
            Term::NamedNode(n) => n.as_str().to_string(),
            _ => continue,
        };
        match quad.predicate.as_str() {
            RDF_TYPE if object.starts_with(OWL) => {
                let kind = match &object[OWL.len()..] {
                    "Class" => "class",
                    "ObjectProperty" | "DatatypeProperty" => "property",
                    _ => continue,
                };
                entry.0 = kind.to_string();
            }
            LABEL => entry.1 = object,
            COMMENT => entry.2 = object,
            _ => {}
        }
    }
    let terms: Vec<Value> = terms
        .into_iter()
        .filter(|(_, (kind, _, _))| !kind.is_empty())
        .map(|(name, (kind, label, comment))| {
            json!({ "name": name, "kind": kind, "label": label, "comment": comment })
        })
        .collect();
    let prefixes: BTreeMap<&str, &str> = PREFIXES.iter().copied().collect();
    json!({ "prefixes": prefixes, "terms": terms })
}

#[derive(Deserialize)]
pub(crate) struct SearchParams {
    q: Option<String>,
}

/// Entities whose name or alias holds the search text (IRI, name, the alias matched when not
/// the name, type, link), then articles whose headline or file name holds it; at most 20 each.
pub(crate) async fn search(
    State(state): State<Shared>,
    Query(params): Query<SearchParams>,
) -> Response {
    let q = params.q.unwrap_or_default();
    let q = q.trim();
    if q.is_empty() {
        return json_response(&json!([]));
    }
    let entities = "SELECT ?e (SAMPLE(?label) AS ?name) (SAMPLE(?alias) AS ?matched)
        (SAMPLE(?t) AS ?type) WHERE {
        ?e rdfs:label ?label ; a ?t .
        ?t rdfs:subClassOf ng:Entity .
        OPTIONAL { ?e ng:alias ?alias . FILTER (CONTAINS(LCASE(STR(?alias)), LCASE(?text))) }
        FILTER (CONTAINS(LCASE(STR(?label)), LCASE(?text)) || BOUND(?alias))
      } GROUP BY ?e ORDER BY STRLEN(STR(?name)) ?name LIMIT 20";
    let articles = "SELECT ?file (SAMPLE(?headline) AS ?title) WHERE {
        ?a ng:fileName ?file . OPTIONAL { ?a ng:headline ?headline }
        FILTER (CONTAINS(LCASE(?file), LCASE(?text))
                || CONTAINS(LCASE(COALESCE(?headline, \"\")), LCASE(?text)))
      } GROUP BY ?file ORDER BY ?file LIMIT 20";
    let text = || vec![("text".into(), Term::Literal(q.into()))];
    let (entities, articles) = match (
        select(&state, entities.to_string(), text()).await,
        select(&state, articles.to_string(), text()).await,
    ) {
        (Ok(e), Ok(a)) => (e, a),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let mut list: Vec<Value> = entities
        .iter()
        .map(|row| {
            let iri = cell(row, 0);
            json!({
                "iri": iri,
                "name": cell(row, 1),
                "alias": Some(cell(row, 2)).filter(|a| !a.is_empty()),
                "type": short(&cell(row, 3)),
                "href": format!("/entity?iri={}", url_value(&iri)),
            })
        })
        .collect();
    list.extend(articles.iter().map(|row| {
        let file = cell(row, 0);
        json!({
            "name": Some(cell(row, 1)).filter(|t| !t.is_empty()).unwrap_or_else(|| file.clone()),
            "type": "article",
            "file": file,
            "href": format!("/article?file={}", url_value(&file)),
        })
    }));
    json_response(&Value::Array(list))
}

/// The labels and kinds of the IRIs a form names (`iri=…`, at most 2,000): a JSON object by IRI.
pub(crate) async fn labels(State(state): State<Shared>, body: axum::body::Bytes) -> Response {
    let iris: std::collections::BTreeSet<String> = form_urlencoded::parse(&body)
        .filter(|(k, _)| k == "iri")
        .filter_map(|(_, v)| oxigraph::model::NamedNode::new(v.into_owned()).ok())
        .map(|n| format!("<{}>", n.as_str()))
        .take(2_000)
        .collect();
    if iris.is_empty() {
        return json_response(&json!({}));
    }
    let values: Vec<String> = iris.into_iter().collect();
    let query = format!(
        "SELECT ?x (SAMPLE(?l) AS ?label) (GROUP_CONCAT(STR(?t)) AS ?types) WHERE {{
           VALUES ?x {{ {} }} OPTIONAL {{ ?x rdfs:label ?l }} OPTIONAL {{ ?x a ?t }}
         }} GROUP BY ?x",
        values.join(" ")
    );
    let rows = match select(&state, query, Vec::new()).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let mut out = serde_json::Map::new();
    for row in &rows {
        let types = cell(row, 2);
        out.insert(
            cell(row, 0),
            json!({ "label": cell(row, 1), "kind": coarse_kind(types.split(' ')) }),
        );
    }
    json_response(&Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_file_is_an_example() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".rq"))
            .collect();
        files.sort();
        let mut listed: Vec<String> = EXAMPLES.iter().map(|(n, _)| n.to_string()).collect();
        listed.sort();
        assert_eq!(files, listed);
    }

    #[test]
    fn vocabulary_lists_classes_and_properties() {
        let v = vocabulary_json();
        let terms = v["terms"].as_array().unwrap();
        let find = |n: &str| terms.iter().find(|t| t["name"] == n).cloned();
        assert_eq!(find("ng:Person").unwrap()["kind"], "class");
        assert_eq!(find("ng:affiliatedWith").unwrap()["kind"], "property");
        assert_eq!(v["prefixes"]["ng"], crate::kg::vocab::NG);
    }
}
