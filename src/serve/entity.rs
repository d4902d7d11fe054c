//! The entity page (`/entity?iri=…` or `?name=…`, any case, a name or an alias): what the
//! store knows of one entity — description, names, types, Wikidata; the posts it holds; every
//! fact with the sentence and article it came from; its statements; the figures it claims or
//! that are claimed about it, conflicts marked; a timeline of the articles by date; and its
//! neighbourhood drawn by the page's script.

// Handlers return a ready HTTP error as their Err: once per request, its size does not matter.
#![allow(clippy::result_large_err)]

use super::html::{
    article_link, cell, coarse_kind, entity_cell, entity_link, esc, page_start, short, Rows,
    PAGE_END,
};
use super::protocol::{select, select_each};
use super::respond::{error, with_type};
use super::state::Shared;
use crate::kg::vocab::{ID, NG};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use oxigraph::model::{NamedNode, Term};
use serde::Deserialize;

#[derive(Deserialize)]
pub(crate) struct EntityParams {
    iri: Option<String>,
    name: Option<String>,
}

/// The entity named `name`: by its label, else by an alias, else either in any case.
async fn by_name(state: &Shared, name: &str) -> Result<Option<NamedNode>, Response> {
    let queries = [
        "SELECT ?e WHERE { ?e rdfs:label ?name ; a ?t . ?t rdfs:subClassOf ng:Entity } LIMIT 1",
        "SELECT ?e WHERE { ?e ng:alias ?name ; a ?t . ?t rdfs:subClassOf ng:Entity } LIMIT 1",
        "SELECT ?e WHERE { { ?e rdfs:label ?l } UNION { ?e ng:alias ?l }
           FILTER (LCASE(STR(?l)) = LCASE(?name))
           ?e a ?t . ?t rdfs:subClassOf ng:Entity } LIMIT 1",
    ];
    for query in queries {
        let rows = select(
            state,
            query.into(),
            vec![("name".into(), Term::Literal(name.into()))],
        )
        .await?;
        if let Some(Some(Term::NamedNode(n))) =
            rows.into_iter().next().and_then(|r| r.into_iter().next())
        {
            return Ok(Some(n));
        }
    }
    Ok(None)
}

/// One entity's page.
pub(crate) async fn entity(
    State(state): State<Shared>,
    Query(params): Query<EntityParams>,
) -> Response {
    let iri = match (params.iri, params.name) {
        (Some(iri), _) => match NamedNode::new(iri.clone()) {
            Ok(n) => n,
            Err(e) => return error(StatusCode::BAD_REQUEST, format!("{iri:?} is no IRI: {e}")),
        },
        (None, Some(name)) => match by_name(&state, name.trim()).await {
            Ok(Some(n)) => n,
            Ok(None) => {
                return error(
                    StatusCode::NOT_FOUND,
                    format!("no entity named {name:?} (names and aliases, in any case)"),
                )
            }
            Err(r) => return r,
        },
        (None, None) => return error(StatusCode::BAD_REQUEST, "give ?iri= or ?name="),
    };
    match gather(&state, &iri).await {
        Ok(html) => with_type("text/html; charset=utf-8", html),
        Err(r) => r,
    }
}

/// The page's queries, in the order `render` reads them. Each OPTIONAL is inside a LATERAL, so
/// that it is evaluated for the rows found rather than over the whole store first (Italy's page
/// at 840 articles: 1.8 s of queries without, 0.16 s with).
const QUERIES: [&str; 8] = [
    // 0: what the entity's node says.
    "SELECT ?p ?o ?label WHERE { ?e ?p ?o . LATERAL { OPTIONAL { ?o rdfs:label ?label } } } ORDER BY ?p ?o",
    // 1: entities that point at it.
    "SELECT ?s ?p ?label WHERE { ?s ?p ?e ; rdfs:label ?label ; a ?t .
       ?t rdfs:subClassOf ng:Entity } ORDER BY ?p ?label LIMIT 500",
    // 2: its posts.
    "SELECT ?org ?orgLabel ?role ?since (COUNT(DISTINCT ?article) AS ?articles) WHERE {
       ?e ng:holdsPost ?post . ?post ng:postIn ?org . ?org rdfs:label ?orgLabel .
       LATERAL { OPTIONAL { ?post ng:role ?role } } LATERAL { OPTIONAL { ?post ng:since ?since } }
       LATERAL { OPTIONAL { ?post ng:inArticle ?article } }
     } GROUP BY ?org ?orgLabel ?role ?since ORDER BY DESC(?articles) ?orgLabel LIMIT 200",
    // 3: facts with their sentences.
    "SELECT DISTINCT ?s ?slabel ?p ?o ?olabel ?sentence ?file ?headline ?known ?i ?confidence
       ?role WHERE {
       { ?a ng:assertedSubject ?e } UNION { ?a ng:assertedObject ?e }
       ?a ng:assertedSubject ?s ; ng:assertedPredicate ?p ; ng:assertedObject ?o ;
          ng:inArticle ?article .
       ?s rdfs:label ?slabel . ?o rdfs:label ?olabel . ?article ng:fileName ?file .
       LATERAL { OPTIONAL { ?a ng:evidence ?ev . ?ev ng:text ?sentence ; ng:index ?i } }
       LATERAL { OPTIONAL { ?a ng:knownFrom ?k . ?k rdfs:label ?known } }
       LATERAL { OPTIONAL { ?a ng:confidence ?confidence } }
       LATERAL { OPTIONAL { ?a ng:aboutPost ?post . ?post ng:role ?role } }
       LATERAL { OPTIONAL { ?article ng:headline ?headline } }
     } ORDER BY ?p ?olabel ?file LIMIT 500",
    // 4: its statements.
    "SELECT DISTINCT ?content ?direct ?date ?file ?headline ?i ?verb WHERE {
       ?st ng:speaker ?e ; ng:content ?content ; ng:reportedBy ?article .
       ?article ng:fileName ?file .
       LATERAL { OPTIONAL { ?st ng:direct ?direct } } LATERAL { OPTIONAL { ?st ng:date ?date } }
       LATERAL { OPTIONAL { ?st ng:speechVerb ?verb } }
       LATERAL { OPTIONAL { ?st ng:evidence ?s . ?s ng:index ?i } }
       LATERAL { OPTIONAL { ?article ng:headline ?headline } }
     } ORDER BY ?date ?file ?i LIMIT 300",
    // 5: figures it claims or that are claimed about it.
    "SELECT ?value ?counted ?about ?aboutLabel ?by ?byLabel ?file ?i ?sentence
       (COUNT(DISTINCT ?other) AS ?conflicts) WHERE {
       { ?c ng:claimedBy ?e } UNION { ?c ng:about ?e }
       ?c ng:value ?value ; ng:counted ?counted ; ng:inArticle ?article .
       ?article ng:fileName ?file .
       LATERAL { OPTIONAL { ?c ng:about ?about . ?about rdfs:label ?aboutLabel } }
       LATERAL { OPTIONAL { ?c ng:claimedBy ?by . ?by rdfs:label ?byLabel } }
       LATERAL { OPTIONAL { ?c ng:evidence ?s . ?s ng:index ?i ; ng:text ?sentence } }
       LATERAL { OPTIONAL { ?c ng:conflictsWith ?other } }
     } GROUP BY ?c ?value ?counted ?about ?aboutLabel ?by ?byLabel ?file ?i ?sentence
       ORDER BY ?counted ?file LIMIT 300",
    // 6: the articles naming it, by date, with what each says of it.
    "SELECT ?file ?headline ?date (COUNT(DISTINCT ?m) AS ?mentions)
       (COUNT(DISTINCT ?x) AS ?facts) WHERE {
       GRAPH ?g { ?m ng:refersTo ?e ; ng:inArticle ?article }
       ?article ng:fileName ?file .
       LATERAL { OPTIONAL { ?article ng:headline ?headline } }
       LATERAL { OPTIONAL { ?article ng:datePublished ?date } }
       OPTIONAL { GRAPH ?g { { ?x ng:assertedSubject ?e } UNION { ?x ng:assertedObject ?e }
                             UNION { ?x ng:speaker ?e } UNION { ?x ng:claimedBy ?e } } }
     } GROUP BY ?file ?headline ?date ORDER BY ?date ?file LIMIT 300",
    // 7: how the names of the articles were joined to this node (`newsgraph why`).
    "SELECT ?variant ?by ?score ?file ?qualifierLabel WHERE {
       ?d ng:identityOf ?e ; ng:variant ?variant ; ng:joinedBy ?by ; ng:inArticle ?article .
       ?article ng:fileName ?file .
       LATERAL { OPTIONAL { ?d ng:identityScore ?score } }
       LATERAL { OPTIONAL { ?d ng:qualifier ?q . ?q rdfs:label ?qualifierLabel } }
     } ORDER BY ?file ?variant LIMIT 300",
];

async fn gather(state: &Shared, iri: &NamedNode) -> Result<String, Response> {
    let results = select_each(state, &QUERIES, "e", iri).await?;
    if results[0].is_empty() && results[1].is_empty() {
        return Err(error(
            StatusCode::NOT_FOUND,
            format!("nothing is known about {iri}"),
        ));
    }
    Ok(render(iri, &results))
}

/// The node's own description: name, types, aliases, descriptions, same-as links and the
/// relations to other entities.
#[derive(Default)]
struct Card {
    name: String,
    types: Vec<String>,
    aliases: Vec<String>,
    descriptions: Vec<String>,
    /// Same-as links with the label of a node of the store (a merge found later).
    same: Vec<(String, String)>,
    relations: Vec<(String, String)>,
}

fn card(about: &Rows, incoming: &Rows) -> Card {
    const TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    const LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
    const SAME_AS: &str = "http://www.w3.org/2002/07/owl#sameAs";
    let alias = format!("{NG}alias");
    let description = format!("{NG}description");
    let mut c = Card::default();
    for row in about {
        let p = cell(row, 0);
        let o = cell(row, 1);
        match p.as_str() {
            TYPE => c.types.push(o),
            LABEL => c.name = o,
            SAME_AS => c.same.push((o, cell(row, 2))),
            p if p == alias => c.aliases.push(o),
            p if p == description => c.descriptions.push(o),
            _ => {
                // Articles are in the timeline, posts in their table.
                if p.ends_with("#mentionedIn") || p.ends_with("#holdsPost") {
                    continue;
                }
                if let Some(Some(Term::NamedNode(n))) = row.get(1) {
                    let label = cell(row, 2);
                    if !label.is_empty() && n.as_str().starts_with(ID) {
                        c.relations
                            .push((short(&p), entity_link(n.as_str(), &label)));
                    }
                }
            }
        }
    }
    for row in incoming {
        let p = short(&cell(row, 1));
        c.relations.push((
            format!("{p} (from)"),
            entity_link(&cell(row, 0), &cell(row, 2)),
        ));
    }
    c
}

fn table_start(id: &str, heads: &[&str]) -> String {
    let heads: String = heads.iter().map(|h| format!("<th>{h}</th>")).collect();
    format!("<table id=\"{id}\"><thead><tr>{heads}</tr></thead><tbody>")
}

fn render(iri: &NamedNode, r: &[Vec<Vec<Option<Term>>>]) -> String {
    let c = card(&r[0], &r[1]);
    let title = if c.name.is_empty() {
        iri.as_str()
    } else {
        &c.name
    };
    let kind = coarse_kind(c.types.iter().map(String::as_str));
    let mut h = page_start(title, "entity-page");
    h.push_str(&format!(
        "<h1 id=\"entity-name\" class=\"k-{kind}\">{}</h1>",
        esc(title)
    ));
    for d in &c.descriptions {
        h.push_str(&format!(
            "<p class=\"description\" id=\"entity-description\">{}</p>",
            esc(d)
        ));
    }
    h.push_str(&format!(
        "<p class=\"iri\"><code>{}</code></p><dl>",
        esc(iri.as_str())
    ));
    let types: Vec<String> = c.types.iter().map(|t| short(t)).collect();
    h.push_str(&format!(
        "<dt>Type</dt><dd id=\"entity-types\">{kind} <span class=\"muted\">({})</span></dd>",
        esc(&types.join(", "))
    ));
    if !c.aliases.is_empty() {
        h.push_str(&format!(
            "<dt>Also called</dt><dd id=\"entity-aliases\">{}</dd>",
            esc(&c.aliases.join("; "))
        ));
    }
    for (s, node_label) in &c.same {
        let label = if s.contains("wikidata.org/") {
            format!("Wikidata {}", s.rsplit('/').next().unwrap_or(s))
        } else {
            s.clone()
        };
        if s.starts_with(ID) {
            // A node of this store a later article found this one to be.
            let label = if node_label.is_empty() {
                short(s)
            } else {
                node_label.clone()
            };
            h.push_str(&format!(
                "<dt>Same as</dt><dd>{}</dd>",
                entity_link(s, &label)
            ));
        } else if s.starts_with("http://") || s.starts_with("https://") {
            h.push_str(&format!(
                "<dt>Same as</dt><dd><a href=\"{}\" rel=\"external noopener\">{}</a></dd>",
                esc(s),
                esc(&label)
            ));
        } else {
            h.push_str(&format!("<dt>Same as</dt><dd>{}</dd>", esc(s)));
        }
    }
    h.push_str("</dl>");
    posts(&mut h, &r[2]);
    if !c.relations.is_empty() {
        h.push_str("<h2>Relations</h2><ul class=\"relations\">");
        for (p, link) in &c.relations {
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
    facts(&mut h, &r[3]);
    statements(&mut h, &r[4]);
    claims(&mut h, &r[5]);
    timeline(&mut h, &r[6]);
    identity(&mut h, &r[7]);
    h.push_str(PAGE_END);
    h
}

fn posts(h: &mut String, rows: &Rows) {
    if rows.is_empty() {
        return;
    }
    h.push_str("<h2>Posts</h2>");
    h.push_str(&table_start("posts", &["role", "in", "since", "articles"]));
    for row in rows {
        let role = match cell(row, 2) {
            r if r.is_empty() => "member / affiliated".to_string(),
            r => r,
        };
        h.push_str(&format!(
            "<tr><td class=\"role\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&role),
            entity_link(&cell(row, 0), &cell(row, 1)),
            esc(&cell(row, 3)),
            esc(&cell(row, 4)),
        ));
    }
    h.push_str("</tbody></table>");
}

fn facts(h: &mut String, rows: &Rows) {
    h.push_str("<h2>Facts and their sources</h2>");
    if rows.is_empty() {
        h.push_str("<p>No extracted facts.</p>");
        return;
    }
    h.push_str(&table_start(
        "facts",
        &[
            "subject",
            "relation",
            "object",
            "confidence",
            "sentence",
            "article",
        ],
    ));
    let threshold = f64::from(crate::nlp::confidence::DEFAULT_MIN_CONFIDENCE);
    for row in rows {
        // A fact no sentence states says where it is known from instead.
        let source = match cell(row, 8) {
            known if !known.is_empty() && cell(row, 5).is_empty() => format!(
                "<td class=\"known\">not stated in the article; known from {}</td>",
                esc(&known)
            ),
            _ => format!("<td class=\"sentence\">{}</td>", esc(&cell(row, 5))),
        };
        let confidence: Option<f64> = cell(row, 10).parse().ok();
        let below = confidence.is_some_and(|c| c < threshold);
        let mut relation = short(&cell(row, 2));
        if !cell(row, 11).is_empty() {
            relation.push_str(&format!(" ({})", cell(row, 11)));
        }
        let headline = match cell(row, 7) {
            t if t.is_empty() => cell(row, 6),
            t => t,
        };
        h.push_str(&format!(
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td>{source}<td>{}</td></tr>",
            if below { "below-default" } else { "fact" },
            entity_link(&cell(row, 0), &cell(row, 1)),
            esc(&relation),
            entity_link(&cell(row, 3), &cell(row, 4)),
            confidence.map(|c| format!("{c:.2}")).unwrap_or_default(),
            article_link(&cell(row, 6), &headline, Some(&cell(row, 9))),
        ));
    }
    h.push_str("</tbody></table>");
}

fn statements(h: &mut String, rows: &Rows) {
    if rows.is_empty() {
        return;
    }
    h.push_str("<h2>Statements</h2>");
    h.push_str(&table_start(
        "statements",
        &["date", "said", "kind", "article"],
    ));
    for row in rows {
        let headline = match cell(row, 4) {
            t if t.is_empty() => cell(row, 3),
            t => t,
        };
        h.push_str(&format!(
            "<tr><td class=\"date\">{}</td><td class=\"sentence\">{}</td><td>{} ({})</td><td>{}</td></tr>",
            esc(&cell(row, 2)),
            esc(&cell(row, 0)),
            if cell(row, 1) == "true" { "quoted" } else { "reported" },
            esc(&cell(row, 6)),
            article_link(&cell(row, 3), &headline, Some(&cell(row, 5))),
        ));
    }
    h.push_str("</tbody></table>");
}

fn claims(h: &mut String, rows: &Rows) {
    if rows.is_empty() {
        return;
    }
    h.push_str("<h2>Figures claimed</h2>");
    h.push_str(&table_start(
        "claims",
        &["figure", "of", "about", "claimed by", "sentence", "article"],
    ));
    for row in rows {
        let conflicts = cell(row, 9).parse::<usize>().unwrap_or(0);
        h.push_str(&format!(
            "<tr class=\"{}\"><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"sentence\">{}</td><td>{}</td></tr>",
            if conflicts > 0 { "conflict" } else { "figure" },
            esc(&cell(row, 0)),
            if conflicts > 0 {
                " <span class=\"flag\">conflicts with another source's figure</span>"
            } else {
                ""
            },
            esc(&cell(row, 1)),
            entity_cell(row, 2),
            entity_cell(row, 4),
            esc(&cell(row, 8)),
            article_link(&cell(row, 6), &cell(row, 6), Some(&cell(row, 7))),
        ));
    }
    h.push_str("</tbody></table>");
}

fn timeline(h: &mut String, rows: &Rows) {
    if rows.is_empty() {
        return;
    }
    h.push_str("<h2>Timeline</h2><ol class=\"timeline\" id=\"timeline\">");
    for row in rows {
        let date = match cell(row, 2) {
            d if d.is_empty() => "undated".to_string(),
            d => d.chars().take(10).collect(),
        };
        let headline = match cell(row, 1) {
            t if t.is_empty() => cell(row, 0),
            t => t,
        };
        h.push_str(&format!(
            "<li><time>{}</time> {} <span class=\"count\">({}, {})</span></li>",
            esc(&date),
            article_link(&cell(row, 0), &headline, None),
            counted(&cell(row, 3), "mention"),
            counted(&cell(row, 4), "fact"),
        ));
    }
    h.push_str("</ol>");
}

fn identity(h: &mut String, rows: &Rows) {
    if rows.is_empty() {
        return;
    }
    h.push_str(
        "<h2>Names and identity</h2><p class=\"hint\">How the names the articles give were \
         joined to this node (<code>newsgraph why</code> says the same).</p>",
    );
    h.push_str(&table_start(
        "identity",
        &[
            "name in the article",
            "joined by",
            "score",
            "qualified by",
            "article",
        ],
    ));
    for row in rows {
        let score = cell(row, 2)
            .parse::<f64>()
            .map(|s| format!("{s:.2}"))
            .unwrap_or_default();
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{score}</td><td>{}</td><td>{}</td></tr>",
            esc(&cell(row, 0)),
            esc(&cell(row, 1)),
            esc(&cell(row, 4)),
            article_link(&cell(row, 3), &cell(row, 3), None),
        ));
    }
    h.push_str("</tbody></table>");
}

/// "1 mention", "3 mentions".
fn counted(n: &str, noun: &str) -> String {
    let n: u64 = n.parse().unwrap_or(0);
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
