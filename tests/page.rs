//! The web page as a workbench, in headless Chromium (when installed; CI installs it and
//! requires it): the article view against `extract --format jsonl`, the graph view of a
//! 500-node result (drawn, labelled, typed, expanded, exported as SVG and as DOT that Graphviz
//! renders), results taken away (CSV, TSV and JSON downloads that parse, a permalink that runs
//! the same query, a syntax error marked in the editor) and the complete entity page.
//! Screenshots are kept in the test's temporary target directory.

mod common;

use common::{browser, build_store, chromium, newsgraph, ok, screenshot, shared_store, Server};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// The first value of the first row of a query over the shared store.
fn first_value(query: &str) -> String {
    let out = newsgraph()
        .args(["--store", shared_store(), "query", "-f", "csv", "-e", query])
        .output()
        .expect("query");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The page's DOM once its scripts are done.
fn dump(chrome: &str, url: &str) -> String {
    browser(chrome, &["--dump-dom"], url)
}

/// The value of attribute `name` in the tag text `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

/// Every element `<tag class="CLASS…" …>` of `dom`: its opening tag and its text (no nested
/// element of the same tag).
fn elements<'a>(dom: &'a str, tag: &str, class: &str) -> Vec<(&'a str, String)> {
    let open = format!("<{tag} class=\"{class}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(at) = rest.find(&open) {
        let from = &rest[at..];
        let Some(tag_end) = from.find('>') else { break };
        let Some(end) = from.find(&close) else { break };
        let inner = &from[tag_end + 1..end];
        // The text, without the tags of elements inside.
        let mut text = String::new();
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        out.push((&from[..tag_end + 1], unescape(&text)));
        rest = &from[tag_end + 1..];
    }
    out
}

#[test]
fn page_article_view_highlights_what_extraction_found() {
    let Some(chrome) = chromium() else { return };
    let server = Server::start(shared_store(), &[]);
    let jsonl = ok(&["--quiet", "extract", "--format", "jsonl", "data/articles"]);
    let mut checked = 0;
    for line in jsonl.lines() {
        let doc: Value = serde_json::from_str(line).expect("a JSON line");
        let file = doc["doc"].as_str().expect("doc");
        let text: Vec<char> = std::fs::read_to_string(Path::new("data/articles").join(file))
            .expect("the article")
            .chars()
            .collect();
        let mut expected: BTreeSet<(usize, usize)> = BTreeSet::new();
        for entity in doc["entities"].as_array().expect("entities") {
            for m in entity["mentions"].as_array().expect("mentions") {
                let at = |i: usize| m[i].as_u64().expect("offset") as usize;
                expected.insert((at(0), at(1)));
            }
        }
        let dom = dump(chrome, &server.url(&format!("/article?file={}", enc(file))));
        assert!(
            dom.contains("data-done=\"true\""),
            "{file}: the page's script did not finish"
        );
        // Parts of one mention (cut by a statement's end) are joined by their data-m.
        let mut found: BTreeMap<usize, (usize, usize, String)> = BTreeMap::new();
        for (tag, inner) in elements(&dom, "mark", "mention k-") {
            // The legend's marks name no mention.
            let Some(n) = attr(tag, "data-m").and_then(|v| v.parse::<usize>().ok()) else {
                continue;
            };
            let num = |k: &str| attr(tag, k).and_then(|v| v.parse().ok()).expect(k);
            let entry =
                found
                    .entry(n)
                    .or_insert((num("data-start"), num("data-end"), String::new()));
            entry.2.push_str(&inner);
        }
        let shown: BTreeSet<(usize, usize)> = found.values().map(|(s, e, _)| (*s, *e)).collect();
        assert_eq!(
            shown, expected,
            "{file}: highlighted spans differ from extract's"
        );
        for (start, end, inner) in found.values() {
            let want: String = text[*start..*end].iter().collect();
            assert_eq!(
                inner, &want,
                "{file}: the text of the mark at {start}..{end}"
            );
        }
        // Statements underlined where extraction put them.
        let statements: BTreeSet<(usize, usize)> = doc["statements"]
            .as_array()
            .expect("statements")
            .iter()
            .map(|s| {
                (
                    s["start"].as_u64().unwrap_or(0) as usize,
                    s["end"].as_u64().unwrap_or(0) as usize,
                )
            })
            .collect();
        let underlined: BTreeSet<(usize, usize)> = elements(&dom, "span", "statement")
            .iter()
            .filter_map(|(tag, _)| {
                Some((
                    attr(tag, "data-start")?.parse().ok()?,
                    attr(tag, "data-end")?.parse().ok()?,
                ))
            })
            .collect();
        assert_eq!(underlined, statements, "{file}: statements");
        checked += 1;
    }
    assert!(checked >= 10, "{checked} articles");
    // A mention chosen (#m=N, as a click does): its entity and this article's facts about it.
    let file = "ap-2022-08-09-chile-trade-deal.txt";
    let url = server.url(&format!("/article?file={file}"));
    let dom = dump(chrome, &url);
    let (tag, name) = elements(&dom, "mark", "mention k-Person")
        .into_iter()
        .find(|(tag, _)| tag.contains("data-m="))
        .expect("a person named");
    let m = attr(tag, "data-m").expect("data-m");
    let dom = dump(chrome, &format!("{url}#m={m}"));
    let panel = &dom[dom.find("id=\"panel\"").expect("the panel")..];
    assert!(panel.contains(&format!(">{name}</h3>")), "{panel}");
    assert!(panel.contains("entity page"), "{panel}");
    assert!(
        panel.contains("href=\"#s"),
        "facts with their sentences: {panel}"
    );
    // Metadata on top, facts below with their sentences; file names without extension work.
    let dom = dump(
        chrome,
        &server.url("/article?file=ap-2022-08-09-chile-trade-deal"),
    );
    assert!(dom.contains("id=\"article-meta\""), "{dom}");
    assert!(
        dom.contains("<dt>Published</dt><dd>2022-08-09</dd>"),
        "{dom}"
    );
    assert!(dom.contains("id=\"article-facts\""), "{dom}");
    screenshot(chrome, &format!("{url}#m={m}"), "page-article.png", 1400);
}

/// A store with a graph of 500 typed, labelled entities: 300 people, each affiliated with one
/// of 150 organisations, each based in one of 50 countries.
fn big_store(dir: &Path) -> String {
    let store = build_store(dir);
    let mut data =
        String::from("INSERT DATA { GRAPH <https://w3id.org/newsgraph/id/graph/scale-test> {\n");
    for i in 0..50 {
        data.push_str(&format!(
            "country:c{i} a ng:Country ; rdfs:label \"Country {i}\" .\n"
        ));
    }
    for i in 0..150 {
        data.push_str(&format!(
            "organization:o{i} a ng:Organization ; rdfs:label \"Organisation {i}\" ; ng:basedIn country:c{} .\n",
            i % 50
        ));
    }
    for i in 0..300 {
        data.push_str(&format!(
            "person:p{i} a ng:Person ; rdfs:label \"Person {i}\" ; ng:affiliatedWith organization:o{} ; ng:nationality country:c{} .\n",
            i % 150,
            (i * 7) % 50
        ));
    }
    data.push_str("} }\n");
    let file = dir.join("scale.ru");
    std::fs::write(&file, data).expect("update file");
    ok(&[
        "--quiet",
        "--store",
        &store,
        "update",
        &file.display().to_string(),
    ]);
    store
}

const BIG: &str =
    "CONSTRUCT { ?a ?p ?b } WHERE { GRAPH <https://w3id.org/newsgraph/id/graph/scale-test> {
  VALUES ?p { ng:affiliatedWith ng:basedIn ng:nationality } ?a ?p ?b } }";

/// The body of a `data:` URL of the page.
fn data_url(dom: &str, id: &str) -> String {
    let at = dom.find(&format!("id=\"{id}\"")).expect(id);
    let tag_start = dom[..at].rfind('<').expect("tag");
    let tag = &dom[tag_start..at + dom[at..].find('>').expect("tag end")];
    let href = unescape(attr(tag, "href").expect("href"));
    let payload = href.split_once(',').expect("a data URL").1;
    form_urlencoded::parse(format!("x={}", payload.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .expect("decoded")
}

#[test]
fn page_graph_view_draws_500_nodes_typed_labelled_and_exportable() {
    let Some(chrome) = chromium() else { return };
    let dir = tempfile::tempdir().expect("temp");
    let store = big_store(dir.path());
    let server = Server::start(&store, &[]);
    let expand = "https://w3id.org/newsgraph/id/person/p7";
    let url = server.url(&format!("/?query={}&run&expand={}", enc(BIG), enc(expand)));
    let dom = dump(chrome, &url);
    assert!(
        dom.contains("data-done=\"true\""),
        "the query did not finish"
    );
    let nodes = elements(&dom, "g", "node k-");
    assert_eq!(nodes.len(), 500, "nodes drawn");
    // Every node labelled with its rdfs:label, never its IRI; typed by shape and fill.
    for (tag, text) in &nodes {
        assert!(
            !text.contains("w3id.org") && !text.contains("ngid:"),
            "{tag}: {text}"
        );
    }
    assert!(dom.contains(">Person 7</text>"), "labels");
    let kinds: BTreeSet<&str> = nodes
        .iter()
        .filter_map(|(t, _)| attr(t, "data-kind"))
        .collect();
    assert_eq!(kinds, BTreeSet::from(["Country", "Organization", "Person"]));
    assert!(dom.contains("<ellipse") && dom.contains("<rect") && dom.contains("<polygon"));
    assert!(dom.contains("marker-end=\"url(#arrow)\""), "arrows");
    let legend = &dom[dom.find("id=\"graph-legend\"").expect("legend")..];
    for kind in ["Person", "Organization", "Country"] {
        assert!(
            legend.contains(&format!("data-kind=\"{kind}\"")),
            "{kind} in the legend"
        );
    }
    let layout_ms = attr(
        &dom[dom.find("id=\"graph\"").expect("graph")..],
        "data-layout-ms",
    );
    eprintln!("500-node layout (virtual time): {layout_ms:?} ms");
    // The expanded node brought its neighbourhood (already drawn here: nothing new, but the
    // request was made and the node marked).
    assert!(
        dom.contains("class=\"node k-Person selected\""),
        "the expanded node"
    );
    // The SVG export is the drawing; the DOT export renders with Graphviz.
    let svg = data_url(&dom, "export-svg");
    assert!(svg.starts_with("<svg") && svg.matches("class=\"node k-").count() == 500);
    let dot = data_url(&dom, "export-dot");
    assert!(
        dot.starts_with("digraph newsgraph {"),
        "{}",
        &dot[..80.min(dot.len())]
    );
    assert!(
        dot.contains("shape=ellipse style=filled fillcolor=\"#cfe2ff\""),
        "DOT export styles"
    );
    let mut sfdp = Command::new("sfdp")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Graphviz sfdp runs");
    sfdp.stdin
        .take()
        .expect("stdin")
        .write_all(dot.as_bytes())
        .expect("DOT written");
    let rendered = sfdp.wait_with_output().expect("sfdp finishes");
    assert!(
        rendered.status.success(),
        "{}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    assert!(
        String::from_utf8_lossy(&rendered.stdout)
            .matches("class=\"node\"")
            .count()
            >= 500
    );
    screenshot(chrome, &url, "page-graph-500.png", 1300);
}

#[test]
fn page_graph_view_expands_a_node_on_the_entity_page() {
    let Some(chrome) = chromium() else { return };
    let server = Server::start(shared_store(), &[]);
    // A small CONSTRUCT: one person's post; the country expanded to its neighbourhood.
    let query = "CONSTRUCT { ?p ng:affiliatedWith ?o } WHERE { ?p ng:affiliatedWith ?o ; rdfs:label \"Antonia Urrejola\" }";
    let country = "https://w3id.org/newsgraph/id/country/chile";
    let url = server.url(&format!(
        "/?query={}&run&expand={}",
        enc(query),
        enc(country)
    ));
    let dom = dump(chrome, &url);
    assert!(dom.contains("data-done=\"true\""), "{dom}");
    assert!(
        dom.contains("data-expanded=\"1\""),
        "the node was expanded: {dom}"
    );
    let nodes = elements(&dom, "g", "node k-");
    assert!(
        nodes.len() > 2,
        "the neighbourhood was added: {} nodes",
        nodes.len()
    );
    // Posts are edges labelled with the role.
    assert!(
        dom.contains(">Foreign Minister</text>"),
        "the role on the edge"
    );
    // The entity page draws the neighbourhood the same way.
    let dom = dump(chrome, &server.url("/entity?name=Chile"));
    assert!(dom.contains("data-done=\"true\""), "{dom}");
    assert!(
        elements(&dom, "g", "node k-").len() > 3,
        "neighbourhood drawn"
    );
    assert!(dom.contains("id=\"graph-legend\""));
}

#[test]
fn page_results_download_link_and_errors() {
    let Some(chrome) = chromium() else { return };
    let server = Server::start(shared_store(), &[]);
    let query =
        "SELECT ?country ?name WHERE { ?country a ng:Country ; rdfs:label ?name } ORDER BY ?name";
    let dom = dump(chrome, &server.url(&format!("/?query={}&run", enc(query))));
    assert!(dom.contains("data-done=\"true\""), "{dom}");
    // IRIs link to their entity pages, shown by label.
    assert!(
        dom.contains(">Italy</a>"),
        "an entity shown by its label: {dom}"
    );
    let rows = dom.matches("<tr>").count() - 1;
    assert!(rows >= 5, "{rows} rows");
    let href = |id: &str| {
        let at = dom.find(&format!("id=\"{id}\"")).expect(id);
        let start = dom[..at].rfind('<').expect("tag");
        let tag = &dom[start..at + dom[at..].find('>').expect("end")];
        unescape(attr(tag, "href").expect("href"))
    };
    // Downloads parse with a CSV and a JSON reader and hold the same rows.
    let csv_body = server.get(&href("download-csv"), None);
    assert_eq!(csv_body.status, 200);
    let csv_text = csv_body.text();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(
        reader
            .headers()
            .expect("CSV header")
            .iter()
            .collect::<Vec<_>>(),
        ["country", "name"]
    );
    assert_eq!(reader.records().filter(|r| r.is_ok()).count(), rows);
    let tsv = server.get(&href("download-tsv"), None);
    assert_eq!(tsv.text().trim_end().lines().count(), rows + 1);
    let json = server.get(&href("download-json"), None);
    assert_eq!(json.rows(), rows);
    // The permalink runs the same query with the same parameters.
    let permalink = href("permalink");
    assert!(
        permalink.starts_with("/?query=") && permalink.ends_with("&run"),
        "{permalink}"
    );
    let again = dump(chrome, &server.url(&permalink));
    assert_eq!(again.matches("<tr>").count() - 1, rows);
    // A syntax error: one line in the status, its place marked in the editor.
    let bad = "SELECT ?x WHERE {\n  ?x rdfs:label \n}";
    let dom = dump(chrome, &server.url(&format!("/?query={}&run", enc(bad))));
    assert!(dom.contains("id=\"error-mark\""), "the error marked: {dom}");
    let status = &dom[dom.find("id=\"status\"").expect("status")..];
    let status = &status[status.find('>').expect(">") + 1..status.find("</span>").expect("end")];
    assert!(
        status.starts_with("400: line 3, column 1: found `}`"),
        "{status}"
    );
    // A parameter that names no variable of the query is an error naming them.
    let r = server.post_form(&[("query", query), ("param", "naem=Italy")], None);
    assert_eq!(r.status, 400);
    assert!(
        r.text().contains("its variables are ?country, ?name"),
        "{}",
        r.text()
    );
    screenshot(
        chrome,
        &server.url(&format!("/?query={}&run", enc(query))),
        "page-results.png",
        1000,
    );
}

#[test]
fn page_entity_is_complete_and_names_find_it_in_any_case() {
    let Some(chrome) = chromium() else { return };
    let server = Server::start(shared_store(), &[]);
    // Names in any case, and aliases, find the entity.
    for name in ["italy", "ITALY", "Italian"] {
        let r = server.get(&format!("/entity?name={name}"), None);
        assert_eq!(r.status, 200, "{name}: {}", r.text());
        assert!(
            r.text()
                .contains("<h1 id=\"entity-name\" class=\"k-Country\">Italy</h1>"),
            "{name}"
        );
    }
    let hits = server.get("/api/search?q=chilean", None).json();
    assert_eq!(hits[0]["name"], "Chile", "{hits}");
    assert_eq!(hits[0]["alias"], "Chilean");
    let hits = server.get("/api/search?q=chile-trade", None).json();
    assert!(
        hits.as_array()
            .expect("hits")
            .iter()
            .any(|h| h["type"] == "article"
                && h["href"]
                    .as_str()
                    .is_some_and(|u| u.starts_with("/article?file="))),
        "{hits}"
    );
    // A person: posts with roles, statements with dates and articles, claims, timeline.
    let dom = dump(chrome, &server.url("/entity?name=antonia%20urrejola"));
    assert!(dom.contains("data-done=\"true\""), "{dom}");
    for part in [
        "id=\"posts\"",
        "Foreign Minister",
        "id=\"statements\"",
        "2022-08-09",
        "id=\"claims\"",
        "id=\"timeline\"",
        "href=\"/article?file=ap-2022-08-09-chile-trade-deal.txt#s",
    ] {
        assert!(dom.contains(part), "{part} missing: {dom}");
    }
    // The description, the type and the Wikidata link.
    let name =
        first_value("SELECT ?l WHERE { ?e ng:description ?d ; rdfs:label ?l } ORDER BY ?l LIMIT 1");
    assert!(!name.is_empty(), "no described entity in the test store");
    let dom = dump(chrome, &server.url(&format!("/entity?name={}", enc(&name))));
    assert!(dom.contains("id=\"entity-description\""), "{dom}");
    // How the names were joined: the identity decisions of a node that has some.
    let node = first_value("SELECT ?e WHERE { ?d ng:identityOf ?e } ORDER BY ?e LIMIT 1");
    assert!(
        node.starts_with("https://"),
        "no identity decision in the test store"
    );
    let r = server.get(&format!("/entity?iri={}", enc(&node)), None);
    assert!(
        r.text().contains("<h2>Names and identity</h2>"),
        "{}",
        r.text()
    );
    // An article's IRI, or a fact's, opens the article view.
    let r = server.get(
        &format!(
            "/article?iri={}",
            enc("https://w3id.org/newsgraph/id/article/ap-2022-08-09-chile-trade-deal-txt/r1")
        ),
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.text()
            .contains("<h1 id=\"article-headline\">Chile ratifies"),
        "{}",
        r.text()
    );
    let dom = dump(chrome, &server.url("/entity?name=Italy"));
    assert!(dom.contains(">Wikidata Q38</a>"), "{dom}");
    assert!(dom.contains("id=\"entity-types\">Country"), "{dom}");
    screenshot(
        chrome,
        &server.url("/entity?name=Antonia%20Urrejola"),
        "page-entity.png",
        1600,
    );
}
