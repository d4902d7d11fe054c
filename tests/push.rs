//! `newsgraph push` against real servers started on 127.0.0.1: Oxigraph's (`pip install
//! oxigraph`) and OpenLink Virtuoso's (Debian's `virtuoso-opensource`, digest authentication),
//! each then asked the same queries as newsgraph; and a scripted HTTP peer for retries and basic
//! authentication. With `NEWSGRAPH_REQUIRE_SERVERS=1` (CI) a missing server fails the test;
//! otherwise that test is skipped.

mod common;

use common::{build_store, encode, http, newsgraph, ok};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const PREFIXES: &str = "PREFIX ng: <https://w3id.org/newsgraph/ontology#>\n\
                        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n";

/// Triples per newsgraph graph.
const GRAPH_SIZES: &str = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } \
     FILTER (STRSTARTS(STR(?g), \"https://w3id.org/newsgraph/\") \
     && ?g != <https://w3id.org/newsgraph/id/graph/build>) } GROUP BY ?g";
/// Countries with their names, over all graphs.
const COUNTRIES: &str = "SELECT DISTINCT ?c ?label WHERE { GRAPH ?g { ?c a ng:Country ; \
     rdfs:label ?label } } ORDER BY ?c ?label";

fn require(what: &str) -> bool {
    assert!(
        std::env::var_os("NEWSGRAPH_REQUIRE_SERVERS").is_none(),
        "NEWSGRAPH_REQUIRE_SERVERS is set but {what} is missing"
    );
    eprintln!("skipping: {what} is missing");
    false
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A server process, killed when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_for(addr: &str, path: &str, within: Duration) {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if TcpStream::connect(addr).is_ok() && http(addr, "GET", path, &[], b"").status < 500 {
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("no server at {addr} within {within:?}");
}

fn push(store: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    newsgraph()
        .args(["--store", store, "push"])
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("newsgraph push runs")
}

fn pushed_ok(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "push failed:\n{stderr}");
    stderr
}

/// Rows of a SPARQL JSON result as (variable → value) maps, values only (the servers differ in
/// how they type literals of the same value).
fn rows(json: &Value) -> Vec<BTreeMap<String, String>> {
    json["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|b| {
            b.as_object()
                .expect("binding")
                .iter()
                .map(|(k, v)| (k.clone(), v["value"].as_str().unwrap_or("").to_string()))
                .collect()
        })
        .collect()
}

fn local(store: &str, query: &str) -> Vec<BTreeMap<String, String>> {
    let out = ok(&["--store", store, "query", "-f", "json", "-e", query]);
    rows(&serde_json::from_str(&out).expect("JSON"))
}

fn remote(addr: &str, path: &str, query: &str) -> Vec<BTreeMap<String, String>> {
    let body = encode(&[("query", &format!("{PREFIXES}{query}"))]);
    let r = http(
        addr,
        "POST",
        path,
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "application/sparql-results+json"),
        ],
        body.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    rows(&r.json())
}

fn sorted(mut v: Vec<BTreeMap<String, String>>) -> Vec<BTreeMap<String, String>> {
    v.sort();
    v
}

fn same_answers(store: &str, addr: &str, query_path: &str) {
    let here = sorted(local(store, GRAPH_SIZES));
    assert!(here.len() >= 15, "{here:?}");
    assert_eq!(sorted(remote(addr, query_path, GRAPH_SIZES)), here);
    let countries = local(store, COUNTRIES);
    assert!(countries.len() >= 10);
    assert_eq!(
        sorted(remote(addr, query_path, COUNTRIES)),
        sorted(countries)
    );
}

#[test]
fn push_to_oxigraph_server_gives_the_same_answers() {
    if Command::new("oxigraph").arg("--version").output().is_err() {
        require("the oxigraph CLI (pip install oxigraph)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let store = build_store(dir.path());
    let addr = format!("127.0.0.1:{}", free_port());
    let location = dir.path().join("oxigraph");
    let _server = Process(
        Command::new("oxigraph")
            .args(["serve", "--location"])
            .arg(&location)
            .args(["--bind", &addr])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("oxigraph serve starts"),
    );
    wait_for(&addr, "/query?query=ASK%7B%7D", Duration::from_secs(60));
    let url = format!("http://{addr}/store");
    let first = pushed_ok(&push(&store, &[&url], &[]));
    assert!(first.contains("pushed "), "{first}");
    same_answers(&store, &addr, "/query");
    // Nothing changed: nothing is sent again.
    let again = pushed_ok(&push(&store, &[&url, "--changed"], &[]));
    assert!(again.contains("pushed 0 graphs"), "{again}");
    // One article on its own.
    let one = pushed_ok(&push(
        &store,
        &[
            &url,
            "--article",
            "data/articles/reuters-2022-12-15-china-police-stations.txt",
        ],
        &[],
    ));
    assert!(one.contains("pushed 1 graphs"), "{one}");
}

/// A Virtuoso server with its database in `dir`, bound to loopback.
fn virtuoso(dir: &Path) -> Option<(Process, String)> {
    let ini = std::fs::read_to_string("/etc/virtuoso-opensource-7/virtuoso.ini").ok()?;
    Command::new("virtuoso-t").arg("--help").output().ok()?;
    let sql_port = free_port();
    let http_port = free_port();
    let mut config = String::new();
    let mut section = String::new();
    for line in ini.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            section = trimmed.to_string();
        }
        let line = line.replace(
            "/var/lib/virtuoso-opensource-7/db",
            &dir.display().to_string(),
        );
        if trimmed.starts_with("ServerPort") {
            let port = if section == "[HTTPServer]" {
                http_port
            } else {
                sql_port
            };
            config.push_str(&format!("ServerPort = 127.0.0.1:{port}\n"));
        } else {
            config.push_str(&line);
            config.push('\n');
        }
    }
    let path = dir.join("virtuoso.ini");
    std::fs::write(&path, config).ok()?;
    let child = Command::new("virtuoso-t")
        .arg("+configfile")
        .arg(&path)
        .arg("+foreground")
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let addr = format!("127.0.0.1:{http_port}");
    let process = Process(child);
    wait_for(&addr, "/sparql?query=ASK%7B%7D", Duration::from_secs(120));
    Some((process, addr))
}

#[test]
fn push_to_virtuoso_with_digest_authentication_gives_the_same_answers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let vdir = dir.path().join("virtuoso");
    std::fs::create_dir_all(&vdir).expect("virtuoso dir");
    let Some((_server, addr)) = virtuoso(&vdir) else {
        require("Virtuoso (apt-get install virtuoso-opensource)");
        return;
    };
    let store = build_store(dir.path());
    let url = format!("http://{addr}/sparql-graph-crud-auth");
    // Without a login the endpoint refuses, and push says how to give one.
    let refused = push(&store, &[&url, "--retries", "0"], &[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--user"));
    let out = pushed_ok(&push(
        &store,
        &[&url, "--user", "dba", "--password-env", "VIRTUOSO_PASSWORD"],
        &[("VIRTUOSO_PASSWORD", "dba")],
    ));
    assert!(out.contains("0 failed"), "{out}");
    same_answers(&store, &addr, "/sparql");
    // A wrong password fails with the server's answer, not silently.
    let wrong = push(
        &store,
        &[
            &url,
            "--user",
            "dba",
            "--password-env",
            "VIRTUOSO_PASSWORD",
            "--retries",
            "0",
        ],
        &[("VIRTUOSO_PASSWORD", "wrong")],
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("401"));
}

/// A scripted Graph Store peer: answers 503 once, then asks for basic authentication, then
/// accepts; records the Authorization headers it saw.
fn scripted_peer() -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    listener.set_nonblocking(false).expect("blocking");
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { break };
            stream
                .set_read_timeout(Some(Duration::from_secs(30)))
                .expect("timeout");
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut auth = String::new();
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if let Some(v) = lower.strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                if lower.starts_with("authorization:") {
                    auth = line["authorization:".len()..].trim().to_string();
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            seen.push(auth.clone());
            let reply = match n {
                0 => "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbusy",
                _ if auth.is_empty() => "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"graphs\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                _ => "HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            };
            let _ = stream.write_all(reply.as_bytes());
            if n >= 2 && !auth.is_empty() {
                break;
            }
        }
        seen
    });
    (addr, handle)
}

#[test]
fn push_retries_and_answers_basic_authentication() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = build_store(dir.path());
    let (addr, peer) = scripted_peer();
    let out = pushed_ok(&push(
        &store,
        &[
            &format!("http://{addr}/store"),
            "--article",
            "reuters-2022-12-15-china-police-stations.txt",
            "--jobs",
            "1",
            "--user",
            "ana",
        ],
        &[("NEWSGRAPH_PASSWORD", "s3cret")],
    ));
    assert!(out.contains("pushed 1 graphs"), "{out}");
    assert!(out.contains("1 retried"), "{out}");
    let seen = peer.join().expect("peer");
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert_eq!(seen[2], "Basic YW5hOnMzY3JldA==");
}

#[test]
fn push_errors_name_the_cause() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = build_store(dir.path());
    let closed = format!("http://127.0.0.1:{}/store", free_port());
    let out = push(
        &store,
        &[
            &closed,
            "--retries",
            "1",
            "--article",
            "reuters-2022-12-15-china-police-stations.txt",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 failed"), "{stderr}");
    // https goes through TLS: a plain HTTP peer on the port is a failed graph, not a hang.
    let (addr, _peer) = scripted_peer();
    let tls = push(
        &store,
        &[
            &format!("https://{addr}/store"),
            "--retries",
            "0",
            "--timeout",
            "5",
            "--article",
            "reuters-2022-12-15-china-police-stations.txt",
        ],
        &[],
    );
    assert_eq!(tls.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&tls.stderr).contains("1 failed"));
    let out = push(&store, &["ftp://example.org/store"], &[]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("http://"));
    let out = push(
        &store,
        &[
            &closed,
            "--user",
            "ana",
            "--password-env",
            "NO_SUCH_VARIABLE_X",
        ],
        &[],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("NO_SUCH_VARIABLE_X"));
    let out = push(&store, &[&closed, "--article", "no-such-article.txt"], &[]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-article.txt"));
    assert_eq!(out.status.code(), Some(1));
}
