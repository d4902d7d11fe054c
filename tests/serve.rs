//! `newsgraph serve` driven over real HTTP on 127.0.0.1: the SPARQL 1.1 Protocol cases that
//! apply to a read-only server (query forms, GET and POST, protocol datasets, content
//! negotiation, error codes), the Graph Store Protocol, the service description, CORS, the
//! timeout and the row cap, writes on a writable server, concurrent clients, and the web page in
//! headless Chromium (when installed; CI installs it and requires it).

mod common;

use common::{
    browser, build_store, build_store_of, chromium, encode, http, newsgraph, screenshot,
    shared_store, Server,
};
use oxigraph::io::{RdfFormat, RdfParser};
use serde_json::Value;
use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

const SEED: &str = "reuters-2022-12-15-china-police-stations.txt";

/// The token the writable servers of these tests are started with.
const AUTH: (&str, &str) = ("Authorization", "Bearer s3cret");

fn q(query: &str) -> String {
    let enc: String = form_urlencoded::byte_serialize(query.as_bytes()).collect();
    format!("/sparql?query={enc}")
}

/// The number of triples of an RDF document, parsed by Oxigraph.
fn triples(body: &[u8], format: RdfFormat) -> usize {
    RdfParser::from_format(format)
        .for_slice(body)
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("{format} does not parse: {e}"))
        .len()
}

const COUNTRIES: &str = "SELECT DISTINCT ?c WHERE { ?c a ng:Country } ORDER BY ?c";

fn seed_graph(server: &Server) -> String {
    let r = server.post_form(
        &[
            (
                "query",
                "SELECT ?g WHERE { ?a ng:fileName ?f . GRAPH ?g { ?a a ng:Article } }",
            ),
            ("param", &format!("f=\"{SEED}\"")),
        ],
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["results"]["bindings"][0]["g"]["value"]
        .as_str()
        .expect("the seed's graph")
        .to_string()
}

#[test]
fn serve_query_forms_methods_and_negotiation() {
    let server = Server::start(shared_store(), &[]);
    // GET, POST url-encoded and POST direct give the same rows as the command line.
    let cli = newsgraph()
        .args([
            "--store",
            shared_store(),
            "query",
            "-f",
            "json",
            "-e",
            COUNTRIES,
        ])
        .output()
        .expect("query runs");
    let cli: Value = serde_json::from_slice(&cli.stdout).expect("CLI JSON");
    let expected = cli["results"]["bindings"].as_array().expect("rows").len();
    assert!(expected >= 5, "{cli}");
    let get = server.get(&q(COUNTRIES), None);
    assert_eq!(get.status, 200, "{}", get.text());
    assert!(get
        .header("content-type")
        .starts_with("application/sparql-results+json"));
    assert_eq!(get.rows(), expected);
    assert_eq!(get.json()["results"], cli["results"]);
    let form = server.post_form(&[("query", COUNTRIES)], None);
    assert_eq!(form.rows(), expected);
    let direct = server.request(
        "POST",
        "/sparql",
        &[("Content-Type", "application/sparql-query")],
        COUNTRIES.as_bytes(),
    );
    assert_eq!(direct.rows(), expected);

    // Result formats by Accept (and format= for links).
    let xml = server.get(&q(COUNTRIES), Some("application/sparql-results+xml"));
    assert!(xml
        .header("content-type")
        .starts_with("application/sparql-results+xml"));
    assert_eq!(xml.text().matches("<result>").count(), expected);
    let csv = server.get(&q(COUNTRIES), Some("text/csv"));
    assert_eq!(csv.text().lines().count(), expected + 1);
    assert_eq!(csv.text().lines().next(), Some("c"));
    let tsv = server.get(&q(COUNTRIES), Some("text/tab-separated-values"));
    assert_eq!(tsv.text().lines().next(), Some("?c"));
    let pref = server.get(
        &q(COUNTRIES),
        Some("text/csv;q=0.5, application/sparql-results+xml"),
    );
    assert!(pref
        .header("content-type")
        .starts_with("application/sparql-results+xml"));
    let alias = server.get(&format!("{}&format=tsv", q(COUNTRIES)), None);
    assert!(alias
        .header("content-type")
        .starts_with("text/tab-separated-values"));
    let ask = server.get(&q("ASK { ?c a ng:Country }"), None);
    assert_eq!(ask.json()["boolean"], true);

    // CONSTRUCT and DESCRIBE in every RDF format, the same triples in each.
    let construct =
        "CONSTRUCT { ?c a ng:Country ; rdfs:label ?l } WHERE { ?c a ng:Country ; rdfs:label ?l }";
    let ttl = server.get(&q(construct), None);
    assert!(ttl.header("content-type").starts_with("text/turtle"));
    let n = triples(&ttl.body, RdfFormat::Turtle);
    assert!(n >= 2 * expected, "{n}");
    for (media, format) in [
        ("application/n-triples", RdfFormat::NTriples),
        ("application/rdf+xml", RdfFormat::RdfXml),
        (
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        ),
    ] {
        let r = server.get(&q(construct), Some(media));
        assert_eq!(r.status, 200);
        assert!(r.header("content-type").starts_with(media), "{media}");
        assert_eq!(triples(&r.body, format), n, "{media}");
    }
    let describe = server.get(&q("DESCRIBE ?c WHERE { ?c rdfs:label \"Italy\" }"), None);
    assert!(triples(&describe.body, RdfFormat::Turtle) > 3);

    // Nothing acceptable: 406 naming what is available.
    let none = server.get(&q(COUNTRIES), Some("image/png"));
    assert_eq!(none.status, 406);
    assert!(none.text().contains("application/sparql-results+json"));
    let none = server.get(&q(construct), Some("application/sparql-results+json"));
    assert_eq!(none.status, 406);
}

#[test]
fn serve_protocol_dataset_and_parameters() {
    let server = Server::start(shared_store(), &[]);
    let graph = seed_graph(&server);
    // default-graph-uri: the default graph is that article's graph alone.
    let in_graph = server.get(
        &q(&format!(
            "SELECT DISTINCT ?c WHERE {{ GRAPH <{graph}> {{ ?c a ng:Country }} }} ORDER BY ?c"
        )),
        None,
    );
    let enc: String = form_urlencoded::byte_serialize(graph.as_bytes()).collect();
    let scoped = server.get(&format!("{}&default-graph-uri={enc}", q(COUNTRIES)), None);
    assert_eq!(scoped.status, 200, "{}", scoped.text());
    assert_eq!(scoped.json()["results"], in_graph.json()["results"]);
    let all = server.get(&q(COUNTRIES), None);
    assert!(all.rows() > scoped.rows());
    // named-graph-uri: GRAPH ?g reaches those graphs only.
    let graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }";
    let named = server.post_form(&[("query", graphs), ("named-graph-uri", &graph)], None);
    let bindings = named.json()["results"]["bindings"].clone();
    assert_eq!(bindings.as_array().map(Vec::len), Some(1), "{bindings}");
    assert_eq!(bindings[0]["g"]["value"], graph.as_str());
    // param= binds a variable, as --param does.
    let file = format!("file={SEED}");
    let with_param = server.post_form(
        &[
            ("query", include_str!("../queries/cq01-countries.rq")),
            ("param", &file),
        ],
        None,
    );
    assert_eq!(with_param.status, 200, "{}", with_param.text());
    assert!(with_param.rows() >= 5);
    let bad_iri = server.get(
        &format!("{}&default-graph-uri=not%20an%20iri", q(COUNTRIES)),
        None,
    );
    assert_eq!(bad_iri.status, 400);
}

#[test]
fn serve_errors_are_http_errors_with_reasons() {
    let server = Server::start(shared_store(), &[]);
    let syntax = server.get(&q("SELECT ?x WHERE { ?x ng:name }"), None);
    assert_eq!(syntax.status, 400);
    // One line: the position, what was found, what was expected.
    assert!(
        syntax.text().starts_with("line 1, column "),
        "position in {:?}",
        syntax.text()
    );
    assert_eq!(
        syntax.text().trim_end().lines().count(),
        1,
        "{}",
        syntax.text()
    );
    assert!(syntax.text().contains("found `}`"), "{}", syntax.text());
    let twice = server.get(&format!("{}&query=ASK%7B%7D", q(COUNTRIES)), None);
    assert_eq!(twice.status, 400);
    let both = server.post_form(&[("query", COUNTRIES), ("update", "CLEAR ALL")], None);
    assert_eq!(both.status, 400);
    let get_update = server.get("/sparql?update=CLEAR%20ALL", None);
    assert_eq!(get_update.status, 400);
    let media = server.request(
        "POST",
        "/sparql",
        &[("Content-Type", "text/plain")],
        b"ASK {}",
    );
    assert_eq!(media.status, 415);
    let none = server.post_form(&[("format", "json")], None);
    assert_eq!(none.status, 400);
    let untyped = server.request("POST", "/sparql", &[], COUNTRIES.as_bytes());
    assert_eq!(untyped.status, 415);
    let not_utf8 = server.request(
        "POST",
        "/sparql",
        &[("Content-Type", "application/sparql-query")],
        b"SELECT * WHERE { ?s ?p \xff }",
    );
    assert_eq!(not_utf8.status, 400);
    let method = server.request("PUT", "/sparql", &[], b"");
    assert_eq!(method.status, 405);
    let two_updates = server.post_form(&[("update", "CLEAR ALL"), ("update", "CLEAR ALL")], None);
    assert_eq!(two_updates.status, 400);
    // A read-only server refuses every write with 403.
    let update = server.post_form(&[("update", "CLEAR ALL")], None);
    assert_eq!(update.status, 403);
    assert!(update.text().contains("--writable"));
    for method in ["PUT", "POST", "DELETE"] {
        let r = server.request(
            method,
            "/store?graph=http://example.org/g",
            &[("Content-Type", "text/turtle")],
            b"<http://example.org/s> <http://example.org/p> 1 .",
        );
        assert_eq!(r.status, 403, "{method}");
    }
    assert_eq!(server.get("/nothing-here", None).status, 404);
    // The page's own endpoints: clear errors for bad or hostile requests, never a page built
    // from them.
    let graph_of = |form: &[(&str, &str)]| {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        server.request(
            "POST",
            "/api/graph",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            body.as_bytes(),
        )
    };
    let select = graph_of(&[("query", COUNTRIES)]);
    assert_eq!(select.status, 400);
    assert!(
        select.text().contains("CONSTRUCT or DESCRIBE"),
        "{}",
        select.text()
    );
    assert_eq!(graph_of(&[]).status, 400);
    let bad = graph_of(&[
        ("query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o"),
        ("param", "x"),
    ]);
    assert_eq!(bad.status, 400);
    assert_eq!(server.get("/article", None).status, 400);
    let traversal = server.get("/article?file=..%2F..%2Fetc%2Fpasswd", None);
    assert_eq!(traversal.status, 404);
    assert!(!traversal.text().contains("root:"), "{}", traversal.text());
    let script = server.get("/entity?name=%3Cscript%3Ealert(1)%3C%2Fscript%3E", None);
    assert_eq!(script.status, 404);
    assert!(script.header("content-type").starts_with("text/plain"));
    let labels = server.request(
        "POST",
        "/api/labels",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"iri=not%20an%20iri&iri=%3E%7D%20DROP&other=1",
    );
    assert_eq!(labels.status, 200);
    assert_eq!(labels.json(), serde_json::json!({}));
    // The store is intact.
    assert!(server.get(&q(COUNTRIES), None).rows() >= 5);
}

/// The entity page shows a fact no sentence states (a city's country known from the
/// gazetteers) as such, never with a sentence that does not say it; stated facts keep theirs.
#[test]
fn serve_entity_page_tells_knowledge_from_facts_read() {
    let server = Server::start(shared_store(), &[]);
    let page = server.get("/entity?name=Milan", None).text();
    let facts = page.split("id=\"facts\"").nth(1).unwrap_or_default();
    let row = facts
        .split("<tr>")
        .find(|r| r.contains("locatedIn") && r.contains("Italy"))
        .unwrap_or_else(|| panic!("no Milan locatedIn Italy row: {page}"));
    assert!(
        row.contains("not stated in the article; known from"),
        "{row}"
    );
    assert!(!row.contains("class=\"sentence\""), "{row}");
    let italy = server.get("/entity?name=Italy", None).text();
    assert!(italy.contains("class=\"sentence\""), "{italy}");
}

#[test]
fn serve_entity_page_links_a_node_merged_later_to_the_node_it_is() {
    let dir = tempfile::tempdir().expect("test setup");
    let store = build_store_of(dir.path(), "tests/fixtures/identity-merge");
    let server = Server::start(&store, &[]);
    let earlier = server
        .get(
            "/entity?iri=https%3A%2F%2Fw3id.org%2Fnewsgraph%2Fid%2Fplace%2Fobama",
            None,
        )
        .text();
    assert!(
        earlier.contains(
            "<dt>Same as</dt><dd><a href=\"/entity?iri=https%3A%2F%2Fw3id.org%2Fnewsgraph%2Fid%2Fperson%2Fbarack-obama\">Barack Obama</a>"
        ),
        "{earlier}"
    );
    let person = server.get("/entity?name=Barack%20Obama", None).text();
    assert!(person.contains("owl:sameAs (from)"), "{person}");
}

#[test]
fn serve_graph_store_service_description_and_cors() {
    let server = Server::start(shared_store(), &[]);
    let graph = seed_graph(&server);
    let enc: String = form_urlencoded::byte_serialize(graph.as_bytes()).collect();
    let count = server.get(
        &q(&format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        )),
        None,
    );
    let n: usize = count.json()["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .and_then(|v| v.parse().ok())
        .expect("count");
    let ttl = server.get(&format!("/store?graph={enc}"), None);
    assert_eq!(ttl.status, 200);
    assert!(ttl.header("content-type").starts_with("text/turtle"));
    assert_eq!(triples(&ttl.body, RdfFormat::Turtle), n);
    let nt = server.get(
        &format!("/store?graph={enc}"),
        Some("application/n-triples"),
    );
    assert_eq!(triples(&nt.body, RdfFormat::NTriples), n);
    let head = server.request("HEAD", &format!("/store?graph={enc}"), &[], b"");
    assert_eq!(head.status, 200);
    let default = server.get("/store?default", Some("application/n-triples"));
    assert_eq!(default.status, 200);
    assert!(triples(&default.body, RdfFormat::NTriples) > n);
    assert_eq!(
        server
            .get("/store?graph=http://example.org/none", None)
            .status,
        404
    );
    assert_eq!(server.get("/store", None).status, 400);

    // The service description, in Turtle and N-Triples.
    let sd = server.get("/sparql", None);
    assert_eq!(sd.status, 200);
    assert!(sd.text().contains("sd:endpoint"));
    assert!(sd.text().contains(&server.url("/sparql")));
    let sd_nt = server.get("/sparql", Some("application/n-triples"));
    assert!(triples(&sd_nt.body, RdfFormat::NTriples) >= 8);

    // CORS: every response allows any origin; preflight answered.
    assert_eq!(sd.header("access-control-allow-origin"), "*");
    let pre = server.request(
        "OPTIONS",
        "/sparql",
        &[
            ("Origin", "http://example.org"),
            ("Access-Control-Request-Method", "POST"),
        ],
        b"",
    );
    assert_eq!(pre.status, 204);
    assert!(pre.header("access-control-allow-methods").contains("POST"));
    // The service description names the bound address, whatever the Host header says.
    for (accept, format) in [
        ("text/turtle", RdfFormat::Turtle),
        ("application/n-triples", RdfFormat::NTriples),
    ] {
        let r = http(
            &server.addr,
            "GET",
            "/sparql",
            &[("Host", "evil> a <x> . <y"), ("Accept", accept)],
            b"",
        );
        assert_eq!(r.status, 200, "{}", r.text());
        assert!(!r.text().contains("evil"), "{}", r.text());
        assert!(r.text().contains(&format!("http://{}/sparql", server.addr)));
        assert!(triples(&r.body, format) > 3);
    }
}

#[test]
fn serve_timeout_and_row_cap_protect_the_server() {
    let server = Server::start(shared_store(), &["--timeout", "0.5", "--max-rows", "50"]);
    let started = Instant::now();
    let slow = server.get(
        &q("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"),
        None,
    );
    assert_eq!(slow.status, 503, "{}", slow.text());
    assert!(slow.text().contains("--timeout"));
    assert!(started.elapsed() < Duration::from_secs(20));
    // The stopped queries stop working: products counted, grouped and sorted, each 10^11
    // rows that would run for hours, take no more CPU a moment after their 503, and what
    // they held goes back to the system.
    let (_, rss_start) = server.usage();
    for query in [
        "SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } GROUP BY ?a",
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?i ?f LIMIT 1",
    ] {
        let r = server.get(&q(query), None);
        assert_eq!(r.status, 503, "{query}: {}", r.text());
        std::thread::sleep(Duration::from_millis(300));
        let (before, _) = server.usage();
        std::thread::sleep(Duration::from_secs(1));
        let (after, rss) = server.usage();
        assert!(
            after - before < 20,
            "{query}: {} ticks of CPU in the second after its 503",
            after - before
        );
        assert!(
            rss < rss_start + 64 * 1024,
            "{query}: {rss} KB resident, {rss_start} KB before"
        );
        // And the server answers at once.
        let started = Instant::now();
        assert_eq!(server.get(&q("ASK {}"), None).status, 200);
        assert!(started.elapsed() < Duration::from_secs(1));
    }
    let big = server.get(&q("SELECT * WHERE { ?s ?p ?o }"), None);
    assert_eq!(big.status, 422);
    assert!(big.text().contains("--max-rows"));
    let small = server.get(&q("SELECT * WHERE { ?s ?p ?o } LIMIT 50"), None);
    assert_eq!(small.status, 200);
    assert_eq!(small.rows(), 50);
}

#[test]
fn serve_refuses_queries_nested_too_deep_and_lives() {
    let server = Server::start(shared_store(), &[]);
    let nested = format!(
        "SELECT * WHERE {}?s ?p ?o{}",
        "{".repeat(10_000),
        "}".repeat(10_000)
    );
    let unions = format!(
        "SELECT * WHERE {{ {{?s ?p ?o}} {} }}",
        "UNION {?s ?p ?o} ".repeat(10_000)
    );
    for query in [&nested, &unions] {
        let r = server.post_form(&[("query", query)], None);
        assert_eq!(r.status, 400, "{}", r.text());
        assert!(r.text().contains("nested deeper than"), "{}", r.text());
    }
    // Still serving, and deep but allowed queries run.
    let allowed = format!(
        "SELECT * WHERE {}?s ?p ?o{} LIMIT 1",
        "{".repeat(900),
        "}".repeat(900)
    );
    let r = server.post_form(&[("query", &allowed)], None);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.rows(), 1);
}

#[test]
fn serve_closes_slow_and_idle_connections() {
    use std::io::Write;
    let server = Server::start(shared_store(), &[]);
    // Twenty connections: silent, half a request line, headers dripped a line a second.
    let started = Instant::now();
    let clients: Vec<_> = (0..20)
        .map(|i| {
            let addr = server.addr.clone();
            std::thread::spawn(move || {
                let mut c = std::net::TcpStream::connect(&addr).expect("connect");
                c.set_read_timeout(Some(Duration::from_secs(1)))
                    .expect("timeout");
                if i % 3 == 1 {
                    let _ = c.write_all(b"GET /sparql?query=ASK HTTP/1.1\r\nHo");
                }
                let mut buf = [0u8; 64];
                loop {
                    if i % 3 == 2 && c.write_all(b"X-Slow: yes\r\n").is_err() {
                        return started.elapsed();
                    }
                    match c.read(&mut buf) {
                        Ok(0) | Err(_) if started.elapsed() > Duration::from_secs(60) => {
                            return started.elapsed()
                        }
                        Ok(0) => return started.elapsed(),
                        Err(e)
                            if e.kind() != std::io::ErrorKind::WouldBlock
                                && e.kind() != std::io::ErrorKind::TimedOut =>
                        {
                            return started.elapsed()
                        }
                        _ => {}
                    }
                }
            })
        })
        .collect();
    // Meanwhile the server answers at once.
    std::thread::sleep(Duration::from_secs(2));
    let asked = Instant::now();
    assert_eq!(server.get(&q("ASK {}"), None).status, 200);
    assert!(asked.elapsed() < Duration::from_millis(500));
    for c in clients {
        let closed = c.join().expect("client");
        assert!(
            closed < Duration::from_secs(20),
            "a slow connection stayed open {closed:?}"
        );
    }
}

#[test]
fn serve_sixteen_concurrent_clients() {
    let server = Server::start(shared_store(), &[]);
    let addr = server.addr.clone();
    let queries: Vec<String> = [
        include_str!("../queries/cq01-countries.rq"),
        include_str!("../queries/cq02-posts.rq"),
        include_str!("../queries/entities-by-type.rq"),
        COUNTRIES,
    ]
    .iter()
    .map(|s| encode(&[("query", s)]))
    .collect();
    let handles: Vec<_> = (0..16)
        .map(|i| {
            let addr = addr.clone();
            let queries = queries.clone();
            std::thread::spawn(move || {
                (0..8)
                    .map(|k| {
                        let body = &queries[(i + k) % queries.len()];
                        http(
                            &addr,
                            "POST",
                            "/sparql",
                            &[("Content-Type", "application/x-www-form-urlencoded")],
                            body.as_bytes(),
                        )
                        .status
                    })
                    .collect::<Vec<u16>>()
            })
        })
        .collect();
    for h in handles {
        assert!(h.join().expect("client").iter().all(|&s| s == 200));
    }
}

#[test]
fn serve_writable_store_accepts_updates_and_graph_writes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = build_store(dir.path());
    // While a writable server holds the store, a read-only opening says why it cannot.
    let server = Server::start(&store, &["--writable", "--token", "s3cret"]);
    let busy = newsgraph()
        .args(["--store", &store, "query", "-e", "ASK {}"])
        .output()
        .expect("query runs");
    assert!(!busy.status.success());
    assert!(String::from_utf8_lossy(&busy.stderr).contains("being written by process"));

    let g = "/store?graph=http%3A%2F%2Fexample.org%2Fg1";
    let put = server.request(
        "PUT",
        g,
        &[("Content-Type", "text/turtle"), AUTH],
        b"<http://example.org/s> <http://www.w3.org/2000/01/rdf-schema#label> \"one\" .",
    );
    assert_eq!(put.status, 201, "{}", put.text());
    let post = server.request(
        "POST",
        g,
        &[("Content-Type", "application/n-triples"), AUTH],
        b"<http://example.org/s> <http://www.w3.org/2000/01/rdf-schema#label> \"two\" .\n",
    );
    assert_eq!(post.status, 204, "{}", post.text());
    let back = server.get(g, Some("application/n-triples"));
    assert_eq!(triples(&back.body, RdfFormat::NTriples), 2);
    // The merged default graph follows the named graphs.
    let labels = "SELECT ?l WHERE { <http://example.org/s> rdfs:label ?l } ORDER BY ?l";
    assert_eq!(server.get(&q(labels), None).rows(), 2);
    let again = server.request(
        "PUT",
        g,
        &[("Content-Type", "text/turtle"), AUTH],
        b"<http://example.org/s> <http://www.w3.org/2000/01/rdf-schema#label> \"three\" .",
    );
    assert_eq!(again.status, 204);
    assert_eq!(server.get(&q(labels), None).rows(), 1);
    let bad = server.request(
        "PUT",
        g,
        &[("Content-Type", "text/turtle"), AUTH],
        b"<broken",
    );
    assert_eq!(bad.status, 400);
    let default = server.request(
        "PUT",
        "/store?default",
        &[("Content-Type", "text/turtle"), AUTH],
        b"",
    );
    assert_eq!(default.status, 405);
    assert_eq!(server.request("DELETE", g, &[AUTH], b"").status, 204);
    assert_eq!(server.get(g, None).status, 404);
    assert_eq!(server.get(&q(labels), None).rows(), 0);
    assert_eq!(server.request("DELETE", g, &[AUTH], b"").status, 404);
    // SPARQL Update.
    let insert = "INSERT DATA { GRAPH <http://example.org/g2> { <http://example.org/s> rdfs:label \"four\" } }";
    let update = |extra: &[(&str, &str)], text: &str| {
        let mut headers = vec![("Content-Type", "application/x-www-form-urlencoded")];
        headers.extend_from_slice(extra);
        server.request(
            "POST",
            "/sparql",
            &headers,
            encode(&[("update", text)]).as_bytes(),
        )
    };
    assert_eq!(update(&[AUTH], insert).status, 204);
    assert_eq!(server.get(&q(labels), None).rows(), 1);
    assert_eq!(update(&[AUTH], "INSERT DATA {").status, 400);

    // Writes without the token, with a wrong one, or from another site's page (a form that
    // posts cross-site, as a browser sends it) are refused and change nothing.
    let drop = "DROP GRAPH <http://example.org/g2>";
    let no_token = update(&[], drop);
    assert_eq!(no_token.status, 401, "{}", no_token.text());
    assert!(no_token.header("www-authenticate").starts_with("Basic"));
    // user:wrong, then any-user:s3cret in basic authentication (as `newsgraph push` sends it).
    assert_eq!(
        update(&[("Authorization", "Basic dXNlcjp3cm9uZw==")], drop).status,
        401
    );
    let basic = server.request(
        "POST",
        "/store?graph=http%3A%2F%2Fexample.org%2Fg3",
        &[
            ("Content-Type", "text/turtle"),
            ("Authorization", "Basic YW55OnMzY3JldA=="),
        ],
        b"<http://example.org/s> <http://example.org/p> 2 .",
    );
    assert_eq!(basic.status, 201, "{}", basic.text());
    assert_eq!(
        update(&[("Authorization", "Bearer wrong")], drop).status,
        401
    );
    let cross = update(&[("Origin", "https://evil.example"), AUTH], drop);
    assert_eq!(cross.status, 403, "{}", cross.text());
    assert!(cross.text().contains("--cors-origin"));
    let put = server.request(
        "PUT",
        g,
        &[("Content-Type", "text/turtle")],
        b"<a> <b> <c> .",
    );
    assert_eq!(put.status, 401);
    assert_eq!(
        server
            .request(
                "DELETE",
                "/store?graph=http%3A%2F%2Fexample.org%2Fg2",
                &[],
                b""
            )
            .status,
        401
    );
    assert_eq!(server.get(&q(labels), None).rows(), 1);
    // A preflight from another origin does not offer what a write needs.
    let pre = server.request(
        "OPTIONS",
        "/store",
        &[
            ("Origin", "https://evil.example"),
            ("Access-Control-Request-Method", "PUT"),
        ],
        b"",
    );
    assert!(!pre.header("access-control-allow-methods").contains("PUT"));
    assert!(!pre
        .header("access-control-allow-headers")
        .contains("Authorization"));
    // The server's own page may write.
    let own = format!("http://{}", server.addr);
    assert_eq!(update(&[("Origin", &own), AUTH], drop).status, 204);
    assert_eq!(server.get(&q(labels), None).rows(), 0);
}

#[test]
fn serve_writable_without_a_token_makes_one_and_trusts_the_named_origin() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = build_store(dir.path());
    let mut child = newsgraph()
        .args([
            "--quiet",
            "--store",
            &store,
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--writable",
        ])
        .args(["--cors-origin", "https://yasgui.example"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("serve starts");
    let mut stderr = std::io::BufReader::new(child.stderr.take().expect("stderr"));
    let mut first = String::new();
    let mut second = String::new();
    use std::io::BufRead;
    stderr.read_line(&mut first).expect("address line");
    stderr.read_line(&mut second).expect("token line");
    let addr = first
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let token = second
        .split("write token: ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .expect("a token is printed")
        .to_string();
    assert_eq!(token.len(), 32, "{second}");
    let bearer = format!("Bearer {token}");
    let post = |headers: &[(&str, &str)]| {
        let mut all = vec![("Content-Type", "application/sparql-update")];
        all.extend_from_slice(headers);
        http(&addr, "POST", "/sparql", &all, b"INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }").status
    };
    assert_eq!(post(&[]), 401);
    assert_eq!(
        post(&[
            ("Origin", "https://yasgui.example"),
            ("Authorization", &bearer)
        ]),
        204
    );
    let pre = http(
        &addr,
        "OPTIONS",
        "/sparql",
        &[
            ("Origin", "https://yasgui.example"),
            ("Access-Control-Request-Method", "POST"),
        ],
        b"",
    );
    assert_eq!(
        pre.header("access-control-allow-origin"),
        "https://yasgui.example"
    );
    assert!(pre
        .header("access-control-allow-headers")
        .contains("Authorization"));
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn serve_web_page_runs_queries_in_headless_chromium() {
    let Some(chrome) = chromium() else { return };
    let server = Server::start(shared_store(), &[]);
    // A CONSTRUCT: the table of triples and the graph drawn.
    let construct =
        "CONSTRUCT { ?p ng:affiliatedWith ?o . ?p rdfs:label ?pl . ?o rdfs:label ?ol } \
                     WHERE { ?p ng:affiliatedWith ?o . ?p rdfs:label ?pl . ?o rdfs:label ?ol }";
    let enc: String = form_urlencoded::byte_serialize(construct.as_bytes()).collect();
    let page = server.url(&format!("/?query={enc}&run"));
    let dom = browser(chrome, &["--dump-dom"], &page);
    assert!(
        dom.contains("data-done=\"true\""),
        "the query did not finish: {dom}"
    );
    assert!(
        dom.contains("id=\"result-table\""),
        "no result table: {dom}"
    );
    assert!(dom.contains("id=\"graph-svg\""), "no graph: {dom}");
    assert!(dom.matches("class=\"node k-").count() >= 4);
    assert!(dom.contains("/entity?iri="), "no entity links");
    // An example with its parameter: a table of countries with entity links.
    let file = format!("file={SEED}");
    let enc_file: String = form_urlencoded::byte_serialize(file.as_bytes()).collect();
    let page = server.url(&format!("/?example=cq01-countries.rq&param={enc_file}&run"));
    let dom = browser(chrome, &["--dump-dom"], &page);
    assert!(dom.contains("data-done=\"true\""), "{dom}");
    assert!(dom.contains(">Italy<"), "countries table: {dom}");
    assert!(dom.contains("cq08-investigations.rq"), "examples listed");
    // A link that runs a query giving script IRIs shows them as text, never as links.
    let hostile = "SELECT ?x WHERE { VALUES ?x { <javascript:alert(1)> <http://example.org/ok> } }";
    let enc_hostile: String = form_urlencoded::byte_serialize(hostile.as_bytes()).collect();
    let dom = browser(
        chrome,
        &["--dump-dom"],
        &server.url(&format!("/?query={enc_hostile}&run")),
    );
    assert!(dom.contains("data-done=\"true\""), "{dom}");
    assert!(
        dom.contains("javascript:alert(1)"),
        "the IRI is shown: {dom}"
    );
    assert!(!dom.contains("href=\"javascript:"), "a script link: {dom}");
    assert!(dom.contains("href=\"http://example.org/ok\""), "{dom}");
    // Screenshots of both are kept as test artefacts.
    let graph_page = server.url(&format!("/?query={enc}&run"));
    for (name, url) in [("serve-table.png", &page), ("serve-graph.png", &graph_page)] {
        screenshot(chrome, url, name, 1400);
    }
    // The entity page: facts with their sentences, and the neighbourhood drawn.
    let dom = browser(chrome, &["--dump-dom"], &server.url("/entity?name=Italy"));
    assert!(dom.contains("id=\"facts\""), "{dom}");
    assert!(dom.contains("wikidata.org/entity/Q38"));
    assert!(
        dom.contains("id=\"graph-svg\""),
        "no neighbourhood graph: {dom}"
    );
}

/// Percentile `p` (0–100) of sorted durations.
fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

/// A soak of mixed hostile load on a writable server for `NEWSGRAPH_SOAK_SECONDS` (60 by
/// default; `benches/serve-soak.sh` runs ten minutes): good queries, 10 MB queries, queries
/// nested 10,000 deep, products stopped by the timeout, connections that drip their headers,
/// writes with and without the token, and meanwhile a simple query every 50 ms. The server
/// never dies, answers the simple query within 100 ms at the 99th percentile, and after each
/// stopped query its memory at rest is back within 10 % of where it was once warm (in a run of
/// five minutes or more; see the end for shorter ones).
#[test]
fn serve_soak_mixed_hostile_load() {
    use std::io::Write;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Mutex;
    let seconds: u64 = std::env::var("NEWSGRAPH_SOAK_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    // Its own store: a writable server holds its store alone.
    let dir = tempfile::tempdir().expect("temp");
    let mut server = Server::start(
        &build_store(dir.path()),
        &["--timeout", "1", "--writable", "--token", "s3cret"],
    );
    let simple = q("SELECT * WHERE { ?s ?p ?o } LIMIT 1");
    let good: Vec<String> = [
        include_str!("../queries/cq01-countries.rq"),
        include_str!("../queries/cq02-posts.rq"),
        include_str!("../queries/entities-by-type.rq"),
        COUNTRIES,
    ]
    .iter()
    .map(|query| q(query))
    .collect();
    let stop = AtomicBool::new(false);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let latencies = Mutex::new(Vec::new());
    let rss_after_stops = Mutex::new(Vec::new());
    let counts = Mutex::new(std::collections::BTreeMap::<&str, usize>::new());
    let count = |kind: &'static str| *counts.lock().expect("counts").entry(kind).or_default() += 1;
    let nested = format!(
        "SELECT * WHERE {}?s ?p ?o{}",
        "{".repeat(10_000),
        "}".repeat(10_000)
    );
    let huge = format!("SELECT * WHERE {{ ?s ?p \"{}\" }}", "x".repeat(10 << 20));
    let product = q("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?i ?f LIMIT 1");
    let form_type = ("Content-Type", "application/x-www-form-urlencoded");
    let insert = encode(&[(
        "update",
        "INSERT DATA { GRAPH <urn:soak> { <urn:a> <urn:b> \"c\" } }",
    )]);
    let drop = encode(&[("update", "DROP GRAPH <urn:soak>")]);
    // Warm: every kind of request once (the store's caches fill, the threads start), then the
    // memory to come back to.
    for path in good.iter().chain([&simple]) {
        assert_eq!(server.get(path, None).status, 200);
    }
    assert_eq!(server.get(&product, None).status, 503);
    assert_eq!(server.post_form(&[("query", &nested)], None).status, 400);
    let sparql_type = ("Content-Type", "application/sparql-query");
    let r = server.request("POST", "/sparql", &[sparql_type], huge.as_bytes());
    assert_eq!(r.status, 413);
    for body in [&insert, &drop] {
        let r = server.request("POST", "/sparql", &[form_type, AUTH], body.as_bytes());
        assert_eq!(r.status, 204, "{}", r.text());
    }
    // Clients take this to send; memory is measured with the other clients paused.
    let pause = std::sync::RwLock::new(());
    /// Ends the soak when a client's assertion fails.
    struct StopOnPanic<'a>(&'a AtomicBool);
    impl Drop for StopOnPanic<'_> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                self.0.store(true, Ordering::Relaxed);
            }
        }
    }
    let running = || !stop.load(Ordering::Relaxed) && Instant::now() < deadline;
    let client = &server;
    std::thread::scope(|scope| {
        let server = client;
        // The simple query, every 50 ms.
        scope.spawn(|| {
            let _guard = StopOnPanic(&stop);
            while running() {
                let _turn = pause.read().expect("pause");
                let asked = Instant::now();
                let r = server.get(&simple, None);
                assert_eq!(r.status, 200, "the simple query: {}", r.text());
                latencies.lock().expect("latencies").push(asked.elapsed());
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        // Good queries.
        scope.spawn(|| {
            let _guard = StopOnPanic(&stop);
            for path in good.iter().cycle() {
                if !running() {
                    break;
                }
                let _turn = pause.read().expect("pause");
                assert_eq!(server.get(path, None).status, 200);
                count("good");
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        // Huge and nested queries, refused.
        scope.spawn(|| {
            let _guard = StopOnPanic(&stop);
            while running() {
                let _turn = pause.read().expect("pause");
                let r = server.post_form(&[("query", &nested)], None);
                assert_eq!(r.status, 400);
                count("nested");
                let r = server.request("POST", "/sparql", &[sparql_type], huge.as_bytes());
                assert_eq!(r.status, 413);
                count("huge");
                std::thread::sleep(Duration::from_millis(500));
            }
        });
        // Products stopped by the timeout; then the memory.
        scope.spawn(|| {
            let _guard = StopOnPanic(&stop);
            while running() {
                let r = server.get(&product, None);
                assert_eq!(r.status, 503, "{}", r.text());
                count("timed out");
                std::thread::sleep(Duration::from_millis(1500));
                rss_after_stops.lock().expect("rss").push(server.usage().1);
            }
        });
        // Connections that drip their headers, four at a time, until the server closes them.
        for _ in 0..4 {
            scope.spawn(|| {
                let _guard = StopOnPanic(&stop);
                while running() {
                    let mut c = std::net::TcpStream::connect(&server.addr).expect("connect");
                    let _ = c.write_all(b"GET /sparql?query=ASK%20%7B%7D HTTP/1.1\r\n");
                    let opened = Instant::now();
                    while c.write_all(b"X-Slow: yes\r\n").is_ok()
                        && opened.elapsed() < Duration::from_secs(30)
                    {
                        std::thread::sleep(Duration::from_millis(500));
                    }
                    assert!(opened.elapsed() < Duration::from_secs(30), "never closed");
                    count("slow");
                }
            });
        }
        // Writes, with and without the token, every two seconds: what they write stays in
        // the store's in-memory write buffer until it is flushed (growth by design), so they
        // are few beside the reads.
        scope.spawn(|| {
            let _guard = StopOnPanic(&stop);
            while running() {
                let _turn = pause.read().expect("pause");
                let r = server.request("POST", "/sparql", &[form_type, AUTH], insert.as_bytes());
                assert_eq!(r.status, 204, "{}", r.text());
                let r = server.request("POST", "/sparql", &[form_type], insert.as_bytes());
                assert_eq!(r.status, 401);
                let r = server.request("POST", "/sparql", &[form_type, AUTH], drop.as_bytes());
                assert_eq!(r.status, 204, "{}", r.text());
                count("writes");
                std::thread::sleep(Duration::from_millis(2000));
            }
        });
        // A failed assertion in any client ends the others.
        while running() {
            std::thread::sleep(Duration::from_millis(100));
        }
        stop.store(true, Ordering::Relaxed);
    });
    assert!(
        server.child_alive(),
        "the server died under load: {:?}",
        counts
    );
    let mut latencies = latencies.into_inner().expect("latencies");
    latencies.sort();
    let rss = rss_after_stops.into_inner().expect("rss");
    // Memory at rest once the server has warmed up under the mix (its threads started, the
    // store's caches filled): the median of the first third of the measurements; every later
    // one must be back within 10 % of it.
    assert!(rss.len() >= 6, "{} timed-out queries", rss.len());
    let warm = rss.len() / 3;
    let mut first = rss[..warm].to_vec();
    first.sort();
    let rss_start = first[warm / 2];
    let counts = counts.into_inner().expect("counts");
    let (p50, p99, max) = (
        percentile(&latencies, 50),
        percentile(&latencies, 99),
        *latencies.last().expect("probes"),
    );
    eprintln!(
        "soak {seconds} s: {} simple queries, p50 {p50:?}, p99 {p99:?}, max {max:?}; {counts:?}; \
         RSS after each timed-out query, at rest: {rss:?} KB",
        latencies.len(),
    );
    assert!(p99 <= Duration::from_millis(100), "p99 {p99:?}");
    for kind in ["good", "nested", "huge", "timed out", "slow", "writes"] {
        assert!(
            counts.get(kind).copied().unwrap_or(0) > 0,
            "no {kind} requests"
        );
    }
    // Five minutes or more (`benches/serve-soak.sh`, ten by default): every measurement within
    // 10 % of the warm level. A short run (the test suite's minute, beside the other tests'
    // servers) is still warming its threads up — on this machine the first minute rises some
    // 15 % and an eight-minute soak comes back under its warm level — so its later
    // measurements' median within 20 % and each within 25 %: a stopped query that kept what it
    // held would be hundreds of MB over.
    let later = &rss[warm..];
    let mut sorted = later.to_vec();
    sorted.sort();
    let (each, median) = if seconds >= 300 {
        (1.10, 1.10)
    } else {
        (1.25, 1.20)
    };
    assert!(
        sorted[sorted.len() / 2] as f64 <= rss_start as f64 * median,
        "median {} KB resident after the timed-out queries, {rss_start} KB after the first ones",
        sorted[sorted.len() / 2]
    );
    for kb in later {
        assert!(
            *kb as f64 <= rss_start as f64 * each,
            "{kb} KB resident after a timed-out query, {rss_start} KB after the first ones"
        );
    }
}
