//! What a new user trips on at the command line, each driven through the binary against a real
//! store: the prefixes result tables print are prefixes queries know, a misspelt `--param` and a
//! file name without its extension are said so, syntax errors are one line, whole figures
//! match integers, `--clusters` holds on large diagrams, `--store` is refused where no store is
//! used, and a store held by a server names the server's process.

mod common;

use common::{build_store, newsgraph, ok, run, Server};

fn stderr_of(args: &[&str]) -> (Option<i32>, String) {
    let out = run(args);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!stderr.contains("panicked"), "panic on {args:?}:\n{stderr}");
    (out.status.code(), stderr)
}

#[test]
fn usability_of_queries_and_stores() {
    let dir = tempfile::tempdir().expect("temp");
    let store = build_store(dir.path());
    let s = store.as_str();
    // A table prints `organization:…`; that name is a prefixed name queries accept.
    let table = ok(&[
        "--store",
        s,
        "query",
        "-f",
        "csv",
        "-e",
        "SELECT ?o WHERE { ?o a ng:GovernmentBody } ORDER BY ?o LIMIT 1",
    ]);
    let printed = table.lines().nth(1).expect("a row").trim().to_string();
    let as_table = ok(&[
        "--store",
        s,
        "query",
        "-e",
        "SELECT ?o WHERE { ?o a ng:GovernmentBody } ORDER BY ?o LIMIT 1",
    ]);
    let shown = as_table
        .lines()
        .nth(2)
        .expect("a row")
        .trim_matches(|c: char| c == '|' || c.is_whitespace())
        .to_string();
    assert!(shown.starts_with("organization:"), "{as_table}");
    let label = ok(&[
        "--store",
        s,
        "query",
        "-f",
        "csv",
        "-e",
        &format!("SELECT ?l WHERE {{ {shown} rdfs:label ?l }}"),
    ]);
    assert_eq!(label.lines().count(), 2, "{shown} ({printed}): {label}");
    // A misspelt parameter is an error naming the query's variables.
    let (code, err) = stderr_of(&[
        "--store",
        s,
        "query",
        "-e",
        "SELECT ?name WHERE { ?e rdfs:label ?name }",
        "--param",
        "naem=Italy",
    ]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("--param naem: the query has no variable ?naem; its variables are ?name, ?e"),
        "{err}"
    );
    // A file name without its extension: said so, with the name meant.
    let out = newsgraph()
        .args([
            "--store",
            s,
            "query",
            "queries/cq01-countries.rq",
            "--param",
            "file=ap-2022-08-09-chile-trade-deal",
        ])
        .output()
        .expect("query runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("did you mean file=ap-2022-08-09-chile-trade-deal.txt?"),
        "{err}"
    );
    // A syntax error is one line: position, what was found, what was expected.
    let (code, err) = stderr_of(&[
        "--store",
        s,
        "query",
        "-e",
        "SELECT ?x WHERE { ?x ng:name }",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("line 1, column 30: found `}`; expected"),
        "{err}"
    );
    let (_, err) = stderr_of(&[
        "--store",
        s,
        "query",
        "-e",
        "SELECT ?x WHERE { ?x foo:bar ?y }",
    ]);
    assert!(err.contains("the prefix foo: is not declared"), "{err}");
    // Whole figures are integers: `ng:value 11` finds "11 countries".
    let ask = ok(&[
        "--store",
        s,
        "query",
        "-f",
        "csv",
        "-e",
        "SELECT ?counted WHERE { ?c ng:value 11 ; ng:counted ?counted }",
    ]);
    assert!(ask.contains("countries"), "{ask}");
    let valid = run(&["--store", s, "validate"]);
    assert!(
        valid.status.success(),
        "{}",
        String::from_utf8_lossy(&valid.stdout)
    );
    // --clusters on a diagram of more than 150 nodes keeps its clusters.
    let svg = dir.path().join("clusters.svg").display().to_string();
    ok(&["--quiet", "--store", s, "export", "--clusters", "-o", &svg]);
    let drawn = std::fs::read_to_string(&svg).expect("the SVG");
    assert!(
        drawn.matches("class=\"node\"").count() > 150,
        "a large diagram"
    );
    assert!(
        drawn.matches("class=\"cluster\"").count() >= 5,
        "clusters kept"
    );
    // --store where no store is used.
    let (code, err) = stderr_of(&["--store", s, "extract", "data/articles"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("this command reads and writes no store"),
        "{err}"
    );
    // A server reading the store: a build names it.
    let server = Server::start(s, &[]);
    let (code, err) = stderr_of(&["--quiet", "--store", s, "build", "data/articles"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("other processes are reading it: process ") && err.contains(" serve "),
        "{err}"
    );
    drop(server);
}
