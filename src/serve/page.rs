//! The web page: the query editor (static files compiled into the binary, no CDN), the entity
//! page, and the JSON the page reads (examples, vocabulary, entity search).

// Handlers return a ready HTTP error as their Err: once per request, its size does not matter.
#![allow(clippy::result_large_err)]

use super::protocol::select;
use super::respond::{error, with_type};
use super::state::Shared;
use crate::kg::store::ONTOLOGY_TTL;
use crate::kg::vocab::{ID, PREFIXES};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Term};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const INDEX_HTML: &str = include_str!("web/index.html");
const APP_JS: &str = include_str!("web/app.js");
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

/// `prefix:local` for an IRI in one of the known namespaces.
fn compact(iri: &str) -> Option<String> {
    PREFIXES
        .iter()
        .find_map(|(p, ns)| iri.strip_prefix(ns).map(|local| format!("{p}:{local}")))
        .filter(|c| !c.ends_with(':'))
}

#[derive(Deserialize)]
pub(crate) struct SearchParams {
    q: Option<String>,
}

/// Entities whose name or alias holds the search text: IRI, name and type, at most 20.
pub(crate) async fn search(
    State(state): State<Shared>,
    Query(params): Query<SearchParams>,
) -> Response {
    let q = params.q.unwrap_or_default();
    let q = q.trim();
    if q.is_empty() {
        return json_response(&json!([]));
    }
    let query = "SELECT ?e (SAMPLE(?label) AS ?name) (SAMPLE(?t) AS ?type) WHERE {
        ?e rdfs:label ?label ; a ?t .
        ?t rdfs:subClassOf ng:Entity .
        FILTER (CONTAINS(LCASE(STR(?label)), LCASE(?text)))
      } GROUP BY ?e ORDER BY STRLEN(STR(?name)) ?name LIMIT 20";
    let rows = match select(
        &state,
        query.to_string(),
        vec![("text".into(), Term::Literal(q.into()))],
    )
    .await
    {
        Ok(r) => r,
        Err(r) => return r,
    };
    let list: Vec<Value> = rows
        .iter()
        .map(|row| {
            json!({
                "iri": row.first().and_then(|t| t.as_ref()).map(term_value),
                "name": row.get(1).and_then(|t| t.as_ref()).map(term_value),
                "type": row.get(2).and_then(|t| t.as_ref()).map(|t| short(&term_value(t))),
            })
        })
        .collect();
    json_response(&Value::Array(list))
}

fn term_value(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}

fn short(iri: &str) -> String {
    compact(iri).unwrap_or_else(|| iri.to_string())
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn entity_link(iri: &str, label: &str) -> String {
    let href: String = form_urlencoded::byte_serialize(iri.as_bytes()).collect();
    format!("<a href=\"/entity?iri={href}\">{}</a>", esc(label))
}

#[derive(Deserialize)]
pub(crate) struct EntityParams {
    iri: Option<String>,
    name: Option<String>,
}

/// One entity: types, names, Wikidata link, relations, and every fact about it with the
/// sentence and article it came from; its statements; the articles that mention it.
pub(crate) async fn entity(
    State(state): State<Shared>,
    Query(params): Query<EntityParams>,
) -> Response {
    let iri = match (params.iri, params.name) {
        (Some(iri), _) => match NamedNode::new(iri.clone()) {
            Ok(n) => n,
            Err(e) => return error(StatusCode::BAD_REQUEST, format!("{iri:?} is no IRI: {e}")),
        },
        (None, Some(name)) => {
            let rows = select(
                &state,
                "SELECT ?e WHERE { ?e rdfs:label ?name ; a ?t . ?t rdfs:subClassOf ng:Entity } LIMIT 1"
                    .into(),
                vec![("name".into(), Term::Literal(name.as_str().into()))],
            )
            .await;
            match rows.map(|r| {
                r.into_iter()
                    .next()
                    .and_then(|r| r.into_iter().next().flatten())
            }) {
                Ok(Some(Term::NamedNode(n))) => n,
                Ok(_) => return error(StatusCode::NOT_FOUND, format!("no entity named {name:?}")),
                Err(r) => return r,
            }
        }
        (None, None) => return error(StatusCode::BAD_REQUEST, "give ?iri= or ?name="),
    };
    let bind = || vec![("e".to_string(), Term::NamedNode(iri.clone()))];
    let about = select(
        &state,
        "SELECT ?p ?o ?label WHERE { ?e ?p ?o . OPTIONAL { ?o rdfs:label ?label } }
         ORDER BY ?p ?o"
            .into(),
        bind(),
    )
    .await;
    let about = match about {
        Ok(rows) if rows.is_empty() => {
            return error(
                StatusCode::NOT_FOUND,
                format!("nothing is known about {iri}"),
            )
        }
        Ok(rows) => rows,
        Err(r) => return r,
    };
    let incoming = select(
        &state,
        "SELECT ?s ?p ?label WHERE { ?s ?p ?e ; rdfs:label ?label ; a ?t .
           ?t rdfs:subClassOf ng:Entity } ORDER BY ?p ?label LIMIT 500"
            .into(),
        bind(),
    )
    .await
    .unwrap_or_default();
    let facts = select(
        &state,
        "SELECT DISTINCT ?s ?slabel ?p ?o ?olabel ?sentence ?file ?headline ?known WHERE {
           { ?a ng:assertedSubject ?e } UNION { ?a ng:assertedObject ?e }
           ?a ng:assertedSubject ?s ; ng:assertedPredicate ?p ; ng:assertedObject ?o ;
              ng:inArticle ?article .
           ?s rdfs:label ?slabel . ?o rdfs:label ?olabel . ?article ng:fileName ?file .
           OPTIONAL { ?a ng:evidence ?ev . ?ev ng:text ?sentence }
           OPTIONAL { ?a ng:knownFrom ?k . ?k rdfs:label ?known }
           OPTIONAL { ?article ng:headline ?headline }
         } ORDER BY ?p ?olabel ?file LIMIT 500"
            .into(),
        bind(),
    )
    .await
    .unwrap_or_default();
    let statements = select(
        &state,
        "SELECT DISTINCT ?content ?direct ?file WHERE {
           ?st ng:speaker ?e ; ng:content ?content ; ng:reportedBy ?article .
           ?article ng:fileName ?file .
           OPTIONAL { ?st ng:direct ?direct }
         } ORDER BY ?file LIMIT 200"
            .into(),
        bind(),
    )
    .await
    .unwrap_or_default();
    let articles = select(
        &state,
        "SELECT ?file (COUNT(?m) AS ?n) WHERE {
           GRAPH ?g { ?m ng:refersTo ?e ; ng:inArticle ?article } ?article ng:fileName ?file
         } GROUP BY ?file ORDER BY DESC(?n) ?file LIMIT 200"
            .into(),
        bind(),
    )
    .await
    .unwrap_or_default();
    let html = render_entity(&iri, &about, &incoming, &facts, &statements, &articles);
    with_type("text/html; charset=utf-8", html)
}

type Rows = [Vec<Option<Term>>];

fn cell(row: &[Option<Term>], i: usize) -> String {
    row.get(i)
        .and_then(|t| t.as_ref())
        .map(term_value)
        .unwrap_or_default()
}

fn render_entity(
    iri: &NamedNode,
    about: &Rows,
    incoming: &Rows,
    facts: &Rows,
    statements: &Rows,
    articles: &Rows,
) -> String {
    const TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    const LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
    const SAME_AS: &str = "http://www.w3.org/2002/07/owl#sameAs";
    let alias = format!("{}alias", crate::kg::vocab::NG);
    let mut name = String::new();
    let mut types = Vec::new();
    let mut aliases = Vec::new();
    let mut same = Vec::new();
    let mut relations = Vec::new();
    for row in about {
        let p = cell(row, 0);
        let o = cell(row, 1);
        match p.as_str() {
            TYPE => types.push(short(&o)),
            LABEL => name = o,
            SAME_AS => same.push(o),
            p if p == alias => aliases.push(o),
            _ => {
                if let Some(Some(Term::NamedNode(n))) = row.get(1) {
                    let label = cell(row, 2);
                    if !label.is_empty() && n.as_str().starts_with(ID) {
                        relations.push((short(&p), entity_link(n.as_str(), &label)));
                    }
                }
            }
        }
    }
    for row in incoming {
        let p = short(&cell(row, 1));
        relations.push((
            format!("{p} (from)"),
            entity_link(&cell(row, 0), &cell(row, 2)),
        ));
    }
    let title = if name.is_empty() { iri.as_str() } else { &name };
    let mut h = String::new();
    h.push_str(&format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} · newsgraph</title>\
         <link rel=\"stylesheet\" href=\"/app.css\"></head><body class=\"entity-page\">\
         <header><a href=\"/\" class=\"brand\">newsgraph</a>\
         <input id=\"search\" type=\"search\" placeholder=\"Search entities…\" autocomplete=\"off\">\
         <ul id=\"search-results\"></ul></header><main>",
        esc(title)
    ));
    h.push_str(&format!("<h1 id=\"entity-name\">{}</h1>", esc(title)));
    h.push_str(&format!(
        "<p class=\"iri\"><code>{}</code></p><dl>",
        esc(iri.as_str())
    ));
    h.push_str(&format!(
        "<dt>Types</dt><dd id=\"entity-types\">{}</dd>",
        esc(&types.join(", "))
    ));
    if !aliases.is_empty() {
        h.push_str(&format!(
            "<dt>Also called</dt><dd>{}</dd>",
            esc(&aliases.join("; "))
        ));
    }
    for s in &same {
        h.push_str(&format!(
            "<dt>Same as</dt><dd><a href=\"{0}\" rel=\"external\">{0}</a></dd>",
            esc(s)
        ));
    }
    h.push_str("</dl>");
    if !relations.is_empty() {
        h.push_str("<h2>Relations</h2><ul class=\"relations\">");
        for (p, link) in &relations {
            h.push_str(&format!(
                "<li><span class=\"pred\">{}</span> {link}</li>",
                esc(p)
            ));
        }
        h.push_str("</ul>");
    }
    h.push_str(&format!(
        "<h2>Graph</h2><div id=\"graph\" class=\"graph\" data-iri=\"{}\"></div>",
        esc(iri.as_str())
    ));
    h.push_str("<h2>Facts and their sources</h2>");
    if facts.is_empty() {
        h.push_str("<p>No extracted facts.</p>");
    } else {
        h.push_str(
            "<table id=\"facts\"><thead><tr><th>subject</th><th>relation</th><th>object</th>\
             <th>sentence</th><th>article</th></tr></thead><tbody>",
        );
        for row in facts {
            // A fact no sentence states says where it is known from instead.
            let source = match cell(row, 8) {
                known if !known.is_empty() && cell(row, 5).is_empty() => format!(
                    "<td class=\"known\">not stated in the article; known from {}</td>",
                    esc(&known)
                ),
                _ => format!("<td class=\"sentence\">{}</td>", esc(&cell(row, 5))),
            };
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td>{source}<td>{}</td></tr>",
                entity_link(&cell(row, 0), &cell(row, 1)),
                esc(&short(&cell(row, 2))),
                entity_link(&cell(row, 3), &cell(row, 4)),
                esc(&cell(row, 6)),
            ));
        }
        h.push_str("</tbody></table>");
    }
    if !statements.is_empty() {
        h.push_str("<h2>Statements</h2><table id=\"statements\"><thead><tr><th>said</th><th>direct</th><th>article</th></tr></thead><tbody>");
        for row in statements {
            h.push_str(&format!(
                "<tr><td class=\"sentence\">{}</td><td>{}</td><td>{}</td></tr>",
                esc(&cell(row, 0)),
                esc(&cell(row, 1)),
                esc(&cell(row, 2)),
            ));
        }
        h.push_str("</tbody></table>");
    }
    if !articles.is_empty() {
        h.push_str("<h2>Mentioned in</h2><ul class=\"articles\">");
        for row in articles {
            h.push_str(&format!(
                "<li>{} <span class=\"count\">({} mentions)</span></li>",
                esc(&cell(row, 0)),
                esc(&cell(row, 1))
            ));
        }
        h.push_str("</ul>");
    }
    h.push_str("</main><script src=\"/app.js\"></script></body></html>");
    h
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

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert!(entity_link("https://x/a b", "<b>").contains("iri=https%3A%2F%2Fx%2Fa+b"));
    }
}
