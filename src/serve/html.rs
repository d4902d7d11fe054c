//! What the server's HTML pages share: escaping, links to entities and articles, the page frame
//! (header with the search box), and reading cells of query rows.

use crate::kg::vocab::PREFIXES;
use oxigraph::model::Term;

/// Rows of a page query: one value (or none) per variable.
pub(crate) type Rows = [Vec<Option<Term>>];

/// The lexical value of a term: an IRI's string, a literal's value.
pub(crate) fn term_value(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}

/// Cell `i` of a row, empty when unbound.
pub(crate) fn cell(row: &[Option<Term>], i: usize) -> String {
    row.get(i)
        .and_then(|t| t.as_ref())
        .map(term_value)
        .unwrap_or_default()
}

/// `prefix:local` for an IRI in one of the known namespaces.
pub(crate) fn compact(iri: &str) -> Option<String> {
    PREFIXES
        .iter()
        .find_map(|(p, ns)| iri.strip_prefix(ns).map(|local| format!("{p}:{local}")))
        .filter(|c| !c.ends_with(':'))
}

/// `prefix:local` when the IRI is in a known namespace, else the IRI.
pub(crate) fn short(iri: &str) -> String {
    compact(iri).unwrap_or_else(|| iri.to_string())
}

/// Escapes text for HTML content and double- or single-quoted attributes.
pub(crate) fn esc(s: &str) -> String {
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

/// A query-string value.
pub(crate) fn url_value(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A link to an entity's page.
pub(crate) fn entity_link(iri: &str, label: &str) -> String {
    format!(
        "<a href=\"/entity?iri={}\">{}</a>",
        url_value(iri),
        esc(label)
    )
}

/// The link to the entity whose IRI is cell `i` of a row, labelled by cell `i + 1`; empty when
/// unbound.
pub(crate) fn entity_cell(row: &[Option<Term>], i: usize) -> String {
    if cell(row, i).is_empty() {
        String::new()
    } else {
        entity_link(&cell(row, i), &cell(row, i + 1))
    }
}

/// A link to an article's page, at sentence `sentence` when given.
pub(crate) fn article_link(file: &str, label: &str, sentence: Option<&str>) -> String {
    let anchor = sentence
        .filter(|s| !s.is_empty())
        .map(|s| format!("#s{}", esc(s)))
        .unwrap_or_default();
    format!(
        "<a class=\"article-link\" href=\"/article?file={}{anchor}\">{}</a>",
        url_value(file),
        esc(label)
    )
}

/// The start of a page: title, style sheet, the header with the search box.
pub(crate) fn page_start(title: &str, class: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · newsgraph</title><link rel=\"stylesheet\" href=\"/app.css\"></head>\
         <body class=\"{class}\"><header><a href=\"/\" class=\"brand\">newsgraph</a>\
         <input id=\"search\" type=\"search\" placeholder=\"Search entities and articles…\" \
         autocomplete=\"off\" aria-label=\"Search entities and articles\">\
         <ul id=\"search-results\"></ul></header><main>",
        esc(title)
    )
}

/// The end of a page, with its script.
pub(crate) const PAGE_END: &str =
    "</main><script src=\"/graph.js\"></script><script src=\"/app.js\"></script></body></html>";

/// JSON to embed in a `<script type="application/json">`: no `<` that could end the element.
pub(crate) fn embedded_json(value: &serde_json::Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

/// The coarse kind of an entity among its types (the class names of the DOT export's legend).
pub(crate) fn coarse_kind<'a>(types: impl IntoIterator<Item = &'a str>) -> &'static str {
    const NG: &str = crate::kg::vocab::NG;
    let mut kind = "Other";
    for t in types {
        let local = t.strip_prefix(NG).unwrap_or("");
        kind = match local {
            "Person" => "Person",
            "Organization"
            | "NGO"
            | "GovernmentBody"
            | "PoliceForce"
            | "MediaOrganization"
            | "InternationalOrganization"
            | "PoliticalParty"
            | "Company" => "Organization",
            "Country" => "Country",
            "Place" | "City" => "Place",
            "Agreement" | "Initiative" | "Treaty" => "Agreement",
            "Event" => "Event",
            _ => continue,
        };
        if kind != "Event" {
            break;
        }
    }
    kind
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert!(entity_link("https://x/a b", "<b>").contains("iri=https%3A%2F%2Fx%2Fa+b"));
        assert_eq!(
            article_link("a b.txt", "A", Some("3")),
            "<a class=\"article-link\" href=\"/article?file=a+b.txt#s3\">A</a>"
        );
        assert_eq!(
            embedded_json(&serde_json::json!({"t": "</script>"})),
            "{\"t\":\"\\u003c/script>\"}"
        );
    }

    #[test]
    fn coarse_kinds() {
        let ng = crate::kg::vocab::NG;
        let t = |l: &str| format!("{ng}{l}");
        assert_eq!(coarse_kind([t("NGO").as_str()]), "Organization");
        assert_eq!(
            coarse_kind([t("Event").as_str(), t("City").as_str()]),
            "Place"
        );
        assert_eq!(coarse_kind(["http://x/y"]), "Other");
    }
}
