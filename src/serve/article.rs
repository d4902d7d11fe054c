//! The article view (`/article?file=…`): an article's text as it was read, with the entity
//! mentions highlighted by type, the statements underlined with their speaker and the claimed
//! figures marked; the facts read from it below, each with its sentence. A mention clicked in
//! the page shows its entity and the facts of this article about it (the page's script reads
//! them from the JSON the page embeds).

// Handlers return a ready HTTP error as their Err: once per request, its size does not matter.
#![allow(clippy::result_large_err)]

use super::html::{
    cell, coarse_kind, embedded_json, entity_cell, entity_link, esc, page_start, short, url_value,
    Rows, PAGE_END,
};
use super::protocol::{select, select_each};
use super::respond::{error, with_type};
use super::state::Shared;
use crate::nlp::confidence::DEFAULT_MIN_CONFIDENCE;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use oxigraph::model::{NamedNode, Term};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Deserialize)]
pub(crate) struct ArticleParams {
    file: Option<String>,
    iri: Option<String>,
}

/// The article whose file is `file` (exactly, else the one file that is `file` with an
/// extension or differs only in case), its file name and its graph. Err: the response to give.
async fn find_article(
    state: &Shared,
    file: &str,
) -> Result<(NamedNode, String, NamedNode), Response> {
    let exact = select(
        state,
        "SELECT ?a ?f WHERE { ?a ng:fileName ?f } LIMIT 2".into(),
        vec![("f".into(), Term::Literal(file.into()))],
    )
    .await?;
    let rows = if exact.is_empty() {
        select(
            state,
            "SELECT ?a ?f WHERE { ?a ng:fileName ?f .
               FILTER (LCASE(?f) = LCASE(?name) || STRSTARTS(?f, CONCAT(?name, \".\"))
                       || STRENDS(?f, CONCAT(\"/\", ?name))) } ORDER BY ?f LIMIT 10"
                .into(),
            vec![("name".into(), Term::Literal(file.into()))],
        )
        .await?
    } else {
        exact
    };
    match rows.as_slice() {
        [row] => match row.first() {
            Some(Some(Term::NamedNode(a))) => {
                let graph = select(
                    state,
                    "SELECT ?g WHERE { GRAPH ?g { ?a a ng:Article } } LIMIT 1".into(),
                    vec![("a".into(), Term::NamedNode(a.clone()))],
                )
                .await?;
                match graph.first().and_then(|r| r.first()) {
                    Some(Some(Term::NamedNode(g))) => Ok((a.clone(), cell(row, 1), g.clone())),
                    _ => Err(error(
                        StatusCode::NOT_FOUND,
                        format!("the article {file:?} has no graph of its own"),
                    )),
                }
            }
            _ => Err(error(StatusCode::NOT_FOUND, format!("no article {file:?}"))),
        },
        [] => Err(error(
            StatusCode::NOT_FOUND,
            format!("no article file={file:?} in the store (file names are as given to build, with their extension)"),
        )),
        several => {
            let names: Vec<String> = several.iter().map(|r| cell(r, 1)).collect();
            Err(error(
                StatusCode::NOT_FOUND,
                format!("file={file:?} names no article; did you mean {}?", names.join(", ")),
            ))
        }
    }
}

/// The file name of the article `iri` is, or is read in.
async fn file_of(state: &Shared, iri: &str) -> Result<Option<String>, Response> {
    let Ok(node) = NamedNode::new(iri) else {
        return Ok(None);
    };
    let rows = select(
        state,
        "SELECT ?f WHERE { { ?x ng:fileName ?f } UNION { ?x ng:inArticle ?a . ?a ng:fileName ?f } } LIMIT 1"
            .into(),
        vec![("x".into(), Term::NamedNode(node))],
    )
    .await?;
    Ok(rows.first().map(|r| cell(r, 0)).filter(|f| !f.is_empty()))
}

/// One annotation of the text: a mention, a statement or a claim, by character offsets.
#[derive(Debug, Clone, PartialEq)]
struct Mark {
    start: usize,
    end: usize,
    /// 0: statement, 1: claim, 2: mention (the order they nest in).
    level: u8,
    /// The opening tag.
    open: String,
    /// The index among the marks of its level.
    id: usize,
}

fn offset(row: &[Option<Term>], i: usize) -> Option<usize> {
    cell(row, i).parse().ok()
}

pub(crate) async fn article(
    State(state): State<Shared>,
    Query(params): Query<ArticleParams>,
) -> Response {
    let file = match (params.file.filter(|f| !f.trim().is_empty()), params.iri) {
        (Some(file), _) => file,
        // An article's IRI, or the IRI of anything read in it (`…/article/NAME/r3`).
        (None, Some(iri)) => match file_of(&state, &iri).await {
            Ok(Some(file)) => file,
            Ok(None) => return error(StatusCode::NOT_FOUND, format!("no article {iri:?}")),
            Err(r) => return r,
        },
        (None, None) => {
            return error(
                StatusCode::BAD_REQUEST,
                "give ?file= (an article's file name) or ?iri=",
            )
        }
    };
    match render(&state, &file).await {
        Ok(html) => with_type("text/html; charset=utf-8", html),
        Err(r) => r,
    }
}

/// The article view's queries (`?a` the article), in the order `page` reads them: metadata,
/// sentences, mentions, statements, figures, facts.
const QUERIES: [&str; 6] = [
    // metadata
    "SELECT ?p ?o WHERE { ?a ?p ?o . FILTER (isLiteral(?o)) } ORDER BY ?p ?o",
    // sentences
    "SELECT ?i ?start ?end ?text WHERE {
       ?s ng:inArticle ?a ; a ng:Sentence ; ng:index ?i ; ng:start ?start ; ng:end ?end ;
          ng:text ?text } ORDER BY ?i",
    // mentions (in the article's graph only)
    "SELECT ?start ?end ?e ?label (GROUP_CONCAT(STR(?t)) AS ?types) ?confidence WHERE {
           GRAPH ?g { ?m ng:inArticle ?a ; a ng:Mention ; ng:start ?start ; ng:end ?end ;
                         ng:refersTo ?e . OPTIONAL { ?m ng:confidence ?confidence } }
           ?e rdfs:label ?label ; a ?t .
         } GROUP BY ?m ?start ?end ?e ?label ?confidence ORDER BY ?start",
    // statements
    "SELECT ?start ?end ?speaker ?label ?description ?direct ?content ?verb ?date ?i WHERE {
           ?st ng:reportedBy ?a ; ng:start ?start ; ng:end ?end ; ng:content ?content ;
               ng:evidence ?s . ?s ng:index ?i .
           OPTIONAL { ?st ng:speaker ?speaker . ?speaker rdfs:label ?label }
           OPTIONAL { ?st ng:speakerDescription ?description }
           OPTIONAL { ?st ng:direct ?direct }
           OPTIONAL { ?st ng:speechVerb ?verb }
           OPTIONAL { ?st ng:date ?date }
         } ORDER BY ?start",
    // figures
    "SELECT ?start ?end ?value ?counted ?about ?aboutLabel ?by ?byLabel ?i
                (COUNT(?other) AS ?conflicts) WHERE {
           ?c a ng:QuantityClaim ; ng:inArticle ?a ; ng:start ?start ; ng:end ?end ;
              ng:value ?value ; ng:counted ?counted ; ng:evidence ?s . ?s ng:index ?i .
           OPTIONAL { ?c ng:about ?about . ?about rdfs:label ?aboutLabel }
           OPTIONAL { ?c ng:claimedBy ?by . ?by rdfs:label ?byLabel }
           OPTIONAL { ?c ng:conflictsWith ?other }
         } GROUP BY ?c ?start ?end ?value ?counted ?about ?aboutLabel ?by ?byLabel ?i
           ORDER BY ?start",
    // facts
    "SELECT ?s ?sl ?p ?o ?ol ?confidence ?i ?text ?role ?known WHERE {
       GRAPH ?g { ?r ng:inArticle ?a ; a ng:Assertion ; ng:assertedSubject ?s ;
                     ng:assertedPredicate ?p ; ng:assertedObject ?o .
                  OPTIONAL { ?r ng:confidence ?confidence }
                  OPTIONAL { ?r ng:evidence ?ev . ?ev ng:index ?i ; ng:text ?text }
                  OPTIONAL { ?r ng:aboutPost ?post . ?post ng:role ?role } }
       ?s rdfs:label ?sl . ?o rdfs:label ?ol .
       OPTIONAL { ?r ng:knownFrom ?k . ?k rdfs:label ?known }
     } ORDER BY ?i ?sl ?p ?ol",
];

async fn render(state: &Shared, file: &str) -> Result<String, Response> {
    let (article, file, graph) = find_article(state, file).await?;
    // The article's own graph named outright: bound as a parameter, the store would look for
    // the mentions and facts in every graph.
    let queries: Vec<String> = QUERIES
        .iter()
        .map(|q| q.replace("GRAPH ?g", &format!("GRAPH <{}>", graph.as_str())))
        .collect();
    let results = select_each(state, &queries, "a", &article).await?;
    let [meta, sentences, mentions, statements, claims, facts] = &results[..] else {
        return Err(error(StatusCode::INTERNAL_SERVER_ERROR, "article queries"));
    };
    Ok(page(
        &file, meta, sentences, mentions, statements, claims, facts,
    ))
}

fn page(
    file: &str,
    meta: &Rows,
    sentences: &Rows,
    mentions: &Rows,
    statements: &Rows,
    claims: &Rows,
    facts: &Rows,
) -> String {
    let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in meta {
        fields
            .entry(short(&cell(row, 0)))
            .or_default()
            .push(cell(row, 1));
    }
    let get = |k: &str| fields.get(k).map(|v| v.join("; ")).unwrap_or_default();
    let headline = match get("ng:headline") {
        h if h.is_empty() => file.to_string(),
        h => h,
    };
    let mut h = page_start(&headline, "article-page");
    h.push_str(&format!(
        "<h1 id=\"article-headline\">{}</h1>",
        esc(&headline)
    ));
    h.push_str("<dl class=\"meta\" id=\"article-meta\">");
    for (label, key) in [
        ("File", "ng:fileName"),
        ("Published", "ng:datePublished"),
        ("Modified", "ng:dateModified"),
        ("Author", "ng:authorName"),
        ("Publisher", "ng:publisherName"),
        ("Dateline", "ng:dateline"),
        ("Section", "ng:section"),
        ("Language", "ng:inLanguage"),
    ] {
        let value = get(key);
        if !value.is_empty() {
            h.push_str(&format!("<dt>{label}</dt><dd>{}</dd>", esc(&value)));
        }
    }
    let url = get("ng:url");
    if url.starts_with("http://") || url.starts_with("https://") {
        h.push_str(&format!(
            "<dt>URL</dt><dd><a href=\"{0}\" rel=\"external noopener\">{0}</a></dd>",
            esc(&url)
        ));
    }
    h.push_str("</dl>");
    h.push_str(LEGEND);

    // The entities, and the marks on the text.
    let mut entities: BTreeMap<String, Value> = BTreeMap::new();
    let mut marks = Vec::new();
    for (n, row) in mentions.iter().enumerate() {
        let (Some(start), Some(end)) = (offset(row, 0), offset(row, 1)) else {
            continue;
        };
        let iri = cell(row, 2);
        let types = cell(row, 4);
        let kind = coarse_kind(types.split(' '));
        let confidence: f64 = cell(row, 5).parse().unwrap_or(1.0);
        entities.entry(iri.clone()).or_insert_with(|| {
            json!({ "label": cell(row, 3), "kind": kind, "href": format!("/entity?iri={}", url_value(&iri)) })
        });
        marks.push(Mark {
            start,
            end,
            level: 2,
            open: format!(
                "<mark class=\"mention k-{kind}\" data-m=\"{n}\" data-entity=\"{}\" data-start=\"{start}\" \
                 data-end=\"{end}\" data-confidence=\"{confidence}\" tabindex=\"0\" title=\"{} ({kind})\">",
                esc(&iri),
                esc(&cell(row, 3)),
            ),
            id: n,
        });
    }
    let mut statement_list = Vec::new();
    for (n, row) in statements.iter().enumerate() {
        let (Some(start), Some(end)) = (offset(row, 0), offset(row, 1)) else {
            continue;
        };
        let speaker = match cell(row, 3) {
            s if s.is_empty() => cell(row, 4),
            s => s,
        };
        let speaker_title = if speaker.is_empty() {
            "speaker unknown".to_string()
        } else {
            format!("said by {speaker}")
        };
        marks.push(Mark {
            start,
            end,
            level: 0,
            open: format!(
                "<span class=\"statement{}\" data-st=\"{n}\" data-start=\"{start}\" data-end=\"{end}\" title=\"{}\">",
                if cell(row, 5) == "true" { " direct" } else { "" },
                esc(&speaker_title)
            ),
            id: n,
        });
        statement_list.push(row);
    }
    for (n, row) in claims.iter().enumerate() {
        let (Some(start), Some(end)) = (offset(row, 0), offset(row, 1)) else {
            continue;
        };
        marks.push(Mark {
            start,
            end,
            level: 1,
            open: format!(
                "<span class=\"claim\" data-claim=\"{n}\" data-start=\"{start}\" data-end=\"{end}\" title=\"figure: {} {}\">",
                esc(&cell(row, 2)),
                esc(&cell(row, 3))
            ),
            id: n,
        });
    }
    let spans: Vec<(usize, usize, usize, String)> = sentences
        .iter()
        .filter_map(|r| Some((offset(r, 0)?, offset(r, 1)?, offset(r, 2)?, cell(r, 3))))
        .collect();
    h.push_str("<div class=\"reader\"><article id=\"article-text\">");
    h.push_str(&annotated_text(&spans, &marks));
    h.push_str("</article><aside id=\"panel\" aria-live=\"polite\"><p class=\"hint\">Select a highlighted name to see its entity and what this article says of it.</p></aside></div>");

    // Facts, with the sentence each was read from.
    let mut fact_list = Vec::new();
    let mut low = 0;
    h.push_str("<h2>Facts read from this article</h2>");
    if facts.is_empty() {
        h.push_str("<p>No facts were read from this article.</p>");
    } else {
        h.push_str(
            "<table id=\"article-facts\"><thead><tr><th>subject</th><th>relation</th><th>object</th>\
             <th>confidence</th><th>sentence</th></tr></thead><tbody>",
        );
        for row in facts {
            let confidence: f64 = cell(row, 5).parse().unwrap_or(1.0);
            let below = confidence < f64::from(DEFAULT_MIN_CONFIDENCE);
            low += usize::from(below);
            let mut relation = short(&cell(row, 2));
            if !cell(row, 8).is_empty() {
                relation.push_str(&format!(" ({})", cell(row, 8)));
            }
            let source = if cell(row, 6).is_empty() {
                format!(
                    "<td class=\"known\">not stated in the article; known from {}</td>",
                    esc(&cell(row, 9))
                )
            } else {
                format!(
                    "<td class=\"sentence\"><a href=\"#s{0}\">§{0}</a> {1}</td>",
                    esc(&cell(row, 6)),
                    esc(&cell(row, 7))
                )
            };
            h.push_str(&format!(
                "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{confidence:.2}{}</td>{source}</tr>",
                if below { "below-default" } else { "fact" },
                entity_link(&cell(row, 0), &cell(row, 1)),
                esc(&relation),
                entity_link(&cell(row, 3), &cell(row, 4)),
                if below { " <span class=\"flag\">below the default threshold</span>" } else { "" },
            ));
            fact_list.push(json!({
                "s": cell(row, 0), "sl": cell(row, 1), "p": relation, "o": cell(row, 3),
                "ol": cell(row, 4), "confidence": confidence, "below": below,
                "sentence": cell(row, 6), "text": cell(row, 7),
            }));
        }
        h.push_str("</tbody></table>");
        if low > 0 {
            h.push_str(&format!(
                "<p class=\"note\">{low} fact(s) have a confidence below the default threshold \
                 ({DEFAULT_MIN_CONFIDENCE}); a build with the default leaves them out.</p>"
            ));
        }
    }
    if !statement_list.is_empty() {
        h.push_str(
            "<h2>Statements</h2><table id=\"article-statements\"><thead><tr><th>speaker</th>\
             <th>said</th><th>kind</th><th>date</th></tr></thead><tbody>",
        );
        for row in &statement_list {
            let speaker = if cell(row, 2).is_empty() {
                esc(&cell(row, 4))
            } else {
                entity_link(&cell(row, 2), &cell(row, 3))
            };
            h.push_str(&format!(
                "<tr><td>{speaker}</td><td class=\"sentence\"><a href=\"#s{}\">{}</a></td><td>{} ({})</td><td>{}</td></tr>",
                esc(&cell(row, 9)),
                esc(&cell(row, 6)),
                if cell(row, 5) == "true" { "quoted" } else { "reported" },
                esc(&cell(row, 7)),
                esc(&cell(row, 8)),
            ));
        }
        h.push_str("</tbody></table>");
    }
    if !claims.is_empty() {
        h.push_str(
            "<h2>Figures claimed</h2><table id=\"article-claims\"><thead><tr><th>figure</th>\
             <th>of</th><th>about</th><th>claimed by</th></tr></thead><tbody>",
        );
        for row in claims {
            let conflicts = cell(row, 9).parse::<usize>().unwrap_or(0);
            h.push_str(&format!(
                "<tr class=\"{}\"><td><a href=\"#s{}\">{}</a>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                if conflicts > 0 { "conflict" } else { "figure" },
                esc(&cell(row, 8)),
                esc(&cell(row, 2)),
                if conflicts > 0 { " <span class=\"flag\">conflicts with another source</span>" } else { "" },
                esc(&cell(row, 3)),
                entity_cell(row, 4),
                entity_cell(row, 6),
            ));
        }
        h.push_str("</tbody></table>");
    }
    let data = json!({ "entities": entities, "facts": fact_list });
    h.push_str(&format!(
        "<script type=\"application/json\" id=\"article-data\">{}</script>",
        embedded_json(&data)
    ));
    h.push_str(PAGE_END);
    h
}

/// The legend of the mention colours (the DOT export's fills).
const LEGEND: &str = "<p class=\"legend\" id=\"legend\"><mark class=\"mention k-Person\">Person</mark> \
    <mark class=\"mention k-Organization\">Organization</mark> <mark class=\"mention k-Country\">Country</mark> \
    <mark class=\"mention k-Place\">Place</mark> <mark class=\"mention k-Agreement\">Agreement</mark> \
    <span class=\"statement\">statement</span> <span class=\"claim\">figure</span></p>";

/// The text of the sentences (index, start, end, text; character offsets into the article),
/// with the marks on it. Sentences are `<span id="sN">`; a paragraph break stands where two or
/// more characters lay between two sentences. A mark that crosses a sentence or another mark's
/// end is split in parts, each with its data attributes.
fn annotated_text(sentences: &[(usize, usize, usize, String)], marks: &[Mark]) -> String {
    let mut out = String::new();
    let mut previous_end: Option<usize> = None;
    for (index, start, end, text) in sentences {
        if let Some(p) = previous_end {
            out.push_str(if start.saturating_sub(p) >= 2 {
                "\n\n"
            } else {
                " "
            });
        }
        previous_end = Some(*end);
        let chars: Vec<char> = text.chars().collect();
        let inside: Vec<&Mark> = marks
            .iter()
            .filter(|m| m.start < *end && m.end > *start && m.start < m.end)
            .collect();
        let mut cuts: BTreeSet<usize> = BTreeSet::from([*start, start + chars.len()]);
        for m in &inside {
            cuts.insert(m.start.clamp(*start, start + chars.len()));
            cuts.insert(m.end.clamp(*start, start + chars.len()));
        }
        out.push_str(&format!(
            "<span class=\"sentence\" id=\"s{index}\" data-start=\"{start}\">"
        ));
        let cuts: Vec<usize> = cuts.into_iter().collect();
        let mut open: Vec<&Mark> = Vec::new();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a >= b {
                continue;
            }
            let mut want: Vec<&Mark> = inside
                .iter()
                .copied()
                .filter(|m| m.start <= a && m.end >= b)
                .collect();
            want.sort_by_key(|m| (m.level, std::cmp::Reverse(m.end - m.start), m.id));
            let keep = open
                .iter()
                .zip(&want)
                .take_while(|(x, y)| std::ptr::eq(**x, **y))
                .count();
            while open.len() > keep {
                let m = open.pop().expect("an open mark");
                out.push_str(if m.level == 2 { "</mark>" } else { "</span>" });
            }
            for m in &want[keep..] {
                out.push_str(&m.open);
                open.push(m);
            }
            let piece: String = chars[a - start..b - start].iter().collect();
            out.push_str(&esc(&piece));
        }
        while let Some(m) = open.pop() {
            out.push_str(if m.level == 2 { "</mark>" } else { "</span>" });
        }
        out.push_str("</span>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: usize, end: usize, level: u8, id: usize) -> Mark {
        let tag = if level == 2 { "mark" } else { "span" };
        Mark {
            start,
            end,
            level,
            open: format!("<{tag} m{level}-{id}>"),
            id,
        }
    }

    #[test]
    fn marks_nest_and_split_at_sentence_ends() {
        let sentences = vec![
            (0, 10, 21, "Ann Lee said".to_string()),
            (1, 23, 30, "it & so".to_string()),
        ];
        // A statement over both sentences, a mention inside the first.
        let marks = vec![mark(17, 26, 0, 0), mark(10, 17, 2, 0)];
        let html = annotated_text(&sentences, &marks);
        assert_eq!(
            html,
            "<span class=\"sentence\" id=\"s0\" data-start=\"10\"><mark m2-0>Ann Lee</mark>\
             <span m0-0> said</span></span>\n\n<span class=\"sentence\" id=\"s1\" data-start=\"23\">\
             <span m0-0>it </span>&amp; so</span>"
        );
    }

    #[test]
    fn a_mark_crossing_another_is_split_not_misnested() {
        let sentences = vec![(0, 0, 11, "one two six".to_string())];
        // A claim "two six" and a mention "one two".
        let html = annotated_text(&sentences, &[mark(4, 11, 1, 0), mark(0, 7, 2, 0)]);
        assert_eq!(
            html,
            "<span class=\"sentence\" id=\"s0\" data-start=\"0\"><mark m2-0>one </mark>\
             <span m1-0><mark m2-0>two</mark> six</span></span>"
        );
    }
}
