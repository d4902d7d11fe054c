//! Identity across articles, through the binary and a store on disk: one node per person or
//! body whatever name each article gives it, namesakes and other countries' bodies kept
//! apart, curated rules, and IRIs that stay put over incremental builds.

mod common;

use common::{ok, root, run};
use std::collections::BTreeMap;
use std::path::Path;

const FIXTURES: &str = "tests/fixtures/identity";

/// Person and organisation nodes with their labels and the number of articles naming them.
fn node_table(store: &str) -> BTreeMap<String, (String, usize)> {
    let csv = query_csv(
        store,
        "SELECT ?e ?l (COUNT(DISTINCT ?a) AS ?n) WHERE { VALUES ?t { ng:Person ng:Organization } ?e a ?t ; rdfs:label ?l ; ng:mentionedIn ?a } GROUP BY ?e ?l",
    );
    csv.lines()
        .skip(1)
        .map(|line| {
            let cols: Vec<&str> = line.trim().split(',').collect();
            let local = cols[0].trim_start_matches("https://w3id.org/newsgraph/id/");
            (
                local.to_string(),
                (cols[1].to_string(), cols[2].parse().expect("a count")),
            )
        })
        .collect()
}

fn query_csv(store: &str, sparql: &str) -> String {
    ok(&["--store", store, "query", "--format", "csv", "-e", sparql])
}

fn build(store: &str, paths: &[&str]) -> String {
    let mut args = vec!["--store", store, "build"];
    args.extend_from_slice(paths);
    let out = run(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn copy_fixtures(to: &Path) {
    std::fs::create_dir_all(to).expect("test setup");
    for entry in std::fs::read_dir(root().join(FIXTURES)).expect("test setup") {
        let path = entry.expect("test setup").path();
        std::fs::copy(&path, to.join(path.file_name().expect("test setup"))).expect("test setup");
    }
}

#[test]
fn one_node_per_person_and_body_across_articles() {
    let dir = tempfile::tempdir().expect("test setup");
    let store = dir.path().join("store").display().to_string();
    build(&store, &["--quiet", FIXTURES]);
    let nodes = node_table(&store);
    let articles = |iri: &str| nodes.get(iri).map(|(_, n)| *n);
    // A lone surname joins the one person of that name the store knows, in an article that
    // names the same country.
    assert_eq!(articles("person/giorgia-meloni"), Some(2), "{nodes:?}");
    assert_eq!(articles("person/meloni"), None, "{nodes:?}");
    // A middle initial is no new person.
    assert_eq!(articles("person/donald-trump"), Some(2), "{nodes:?}");
    assert!(
        !nodes.keys().any(|k| k.starts_with("person/donald-j")),
        "{nodes:?}"
    );
    // Different middle initials are different people.
    assert_eq!(articles("person/george-w-bush"), Some(1), "{nodes:?}");
    assert_eq!(articles("person/george-hw-bush"), Some(1), "{nodes:?}");
    // An interior ministry is a different body in each country.
    assert_eq!(
        articles("organization/interior-ministry-italy"),
        Some(2),
        "{nodes:?}"
    );
    assert_eq!(
        articles("organization/interior-ministry-mexico"),
        Some(1),
        "{nodes:?}"
    );
    assert!(
        !nodes.contains_key("organization/interior-ministry"),
        "{nodes:?}"
    );
    // Without a rule, "Lula" is not tied to the full name (his surname is "Silva").
    assert_eq!(articles("person/lula"), Some(1), "{nodes:?}");
    // Every node has one label.
    let labels = query_csv(
        &store,
        "SELECT ?e WHERE { ?e a ng:Person ; rdfs:label ?a, ?b FILTER(?a != ?b) }",
    );
    assert_eq!(labels.lines().count(), 1, "{labels}");

    // Why: the names, the articles and the evidence.
    let why = ok(&["--store", &store, "why", "MELONI"]);
    assert!(why.starts_with("ngid:person/giorgia-meloni\n"), "{why}");
    assert!(
        why.contains("rome-budget-txt") && why.contains("rome-migration-txt"),
        "{why}"
    );
    assert!(
        why.contains("\"Meloni\" in ngid:article/rome-migration-txt: surname of a full name"),
        "{why}"
    );
    let ministry = ok(&["--store", &store, "why", "interior ministry"]);
    assert!(
        ministry.contains("qualified by ngid:country/mexico"),
        "{ministry}"
    );
    assert!(
        ministry.contains("kept apart from ngid:organization/interior-ministry-italy"),
        "{ministry}"
    );
    let missing = run(&["--store", &store, "why", "Nobody Here"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no entity named \"Nobody Here\""));
}

#[test]
fn curated_rules_force_and_forbid_a_join() {
    let dir = tempfile::tempdir().expect("test setup");
    let curated = dir.path().join("curated");
    std::fs::create_dir_all(&curated).expect("test setup");
    std::fs::write(
        curated.join("same-as.csv"),
        "name,other,same,type,other_type\nLula,Luiz Inacio Lula da Silva,yes,Person,Person\nMeloni,Giorgia Meloni,no,,\n",
    )
    .expect("test setup");
    let store = dir.path().join("store").display().to_string();
    build(
        &store,
        &["--quiet", FIXTURES, &curated.display().to_string()],
    );
    let before = node_table(&store);
    let nodes = &before;
    assert_eq!(
        nodes.get("person/luiz-inacio-lula-da-silva").map(|n| n.1),
        Some(2),
        "{nodes:?}"
    );
    assert!(!nodes.contains_key("person/lula"), "{nodes:?}");
    assert_eq!(
        nodes.get("person/meloni").map(|n| n.1),
        Some(1),
        "{nodes:?}"
    );
    assert_eq!(
        nodes.get("person/giorgia-meloni").map(|n| n.1),
        Some(1),
        "{nodes:?}"
    );
    let why = ok(&["--store", &store, "why", "Lula"]);
    assert!(why.contains("curated: the same"), "{why}");

    // Without the rules, the articles are resolved again, without them.
    std::fs::write(curated.join("same-as.csv"), "name,other,same\n").expect("test setup");
    build(
        &store,
        &["--quiet", FIXTURES, &curated.display().to_string()],
    );
    let after = node_table(&store);
    assert_eq!(
        after.get("person/giorgia-meloni").map(|n| n.1),
        Some(2),
        "{after:?}"
    );
    assert!(!after.contains_key("person/meloni"), "{after:?}");

    // A bad rule names its file, line and column, and nothing is written.
    std::fs::write(
        curated.join("same-as.csv"),
        "name,other,same\nA,B,perhaps\n",
    )
    .expect("test setup");
    let out = run(&["--store", &store, "build", &curated.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("same-as.csv:2:3: \"perhaps\": expected yes"),
        "{err}"
    );
}

#[test]
fn incremental_builds_keep_every_node_and_iri() {
    let dir = tempfile::tempdir().expect("test setup");
    let articles = dir.path().join("articles");
    copy_fixtures(&articles);
    let all = articles.display().to_string();
    // All at once.
    let whole = dir.path().join("whole").display().to_string();
    build(&whole, &["--quiet", &all]);
    // One article first, the rest later: the same nodes.
    let stepwise = dir.path().join("stepwise").display().to_string();
    build(
        &stepwise,
        &[
            "--quiet",
            &articles.join("rome-budget.txt").display().to_string(),
        ],
    );
    build(&stepwise, &["--quiet", &all]);
    let before = node_table(&whole);
    assert_eq!(node_table(&stepwise), before);
    // An article edited: its graph is replaced, the nodes stay (the store's own entities
    // are matched, its previous version among them).
    let migration = articles.join("rome-migration.txt");
    let mut text = std::fs::read_to_string(&migration).expect("test setup");
    text.push_str("\nMeloni said the checks would start in May.\n");
    std::fs::write(&migration, text).expect("test setup");
    let log = build(&whole, &[&all]);
    assert!(log.contains("built 1 file(s)"), "{log}");
    assert_eq!(node_table(&whole), before);
    // Nothing changed: nothing read, nothing resolved.
    let log = build(&whole, &[&all]);
    assert!(log.contains("built 0 file(s)"), "{log}");
    assert_eq!(node_table(&whole), before);
}

#[test]
fn extraction_to_nquads_resolves_across_its_inputs() {
    let nq = ok(&["--quiet", "extract", "--format", "nq", FIXTURES]);
    let meloni = "<https://w3id.org/newsgraph/id/person/giorgia-meloni>";
    let graphs: std::collections::BTreeSet<&str> = nq
        .lines()
        .filter(|l| l.starts_with(meloni))
        .filter_map(|l| l.rsplit(' ').nth(1))
        .collect();
    assert_eq!(graphs.len(), 2, "{graphs:?}");
    assert!(!nq.contains("/id/person/meloni>"));
}

/// The merges later articles found: (earlier node, node, graph), local names.
fn merges(store: &str) -> Vec<(String, String, String)> {
    let csv = query_csv(
        store,
        "SELECT ?a ?b ?g WHERE { GRAPH ?g { ?a owl:sameAs ?b FILTER(STRSTARTS(STR(?b), STR(ngid:))) } } ORDER BY ?a ?b ?g",
    );
    csv.lines()
        .skip(1)
        .map(|line| {
            let cols: Vec<String> = line
                .trim()
                .split(',')
                .map(|c| {
                    c.trim_start_matches("https://w3id.org/newsgraph/")
                        .to_string()
                })
                .collect();
            (cols[0].clone(), cols[1].clone(), cols[2].clone())
        })
        .collect()
}

#[test]
fn a_node_a_later_article_shows_to_be_another_is_linked_by_same_as() {
    const MERGE: &str = "tests/fixtures/identity-merge";
    let dir = tempfile::tempdir().expect("test setup");
    let articles = dir.path().join("articles");
    std::fs::create_dir_all(&articles).expect("test setup");
    for entry in std::fs::read_dir(root().join(MERGE)).expect("test setup") {
        let path = entry.expect("test setup").path();
        std::fs::copy(&path, articles.join(path.file_name().expect("test setup")))
            .expect("test setup");
    }
    let article = |name: &str| articles.join(name).display().to_string();
    let expected = vec![(
        "id/place/obama".to_string(),
        "id/person/barack-obama".to_string(),
        "id/graph/article/2-confidence-vote-txt".to_string(),
    )];
    // The first article types a lone "Obama" a place (a town in Japan, and nothing there
    // writes it as a person); the second names Barack Obama with
    // the same company: the earlier node is his, linked in the second article's graph, and
    // the third article's "Obama" is on his node.
    let whole = dir.path().join("whole").display().to_string();
    build(&whole, &["--quiet", &articles.display().to_string()]);
    assert_eq!(merges(&whole), expected);
    let third = query_csv(
        &whole,
        "SELECT ?e WHERE { ?e ng:mentionedIn <https://w3id.org/newsgraph/id/article/3-budget-txt> ; rdfs:label ?l FILTER(CONTAINS(?l, \"Obama\")) }",
    );
    assert!(third.contains("/id/person/barack-obama"), "{third}");
    assert!(!third.contains("/id/place/obama"), "{third}");
    let why = ok(&["--store", &whole, "why", "Barack Obama"]);
    assert!(
        why.contains("same as   https://w3id.org/newsgraph/id/place/obama"),
        "{why}"
    );
    assert!(why.contains("so ngid:place/obama is this node"), "{why}");
    let why = ok(&["--store", &whole, "why", "ngid:place/obama"]);
    assert!(!why.contains("kept apart"), "{why}");
    // One article at a time, each build reading the store: the same.
    let stepwise = dir.path().join("stepwise").display().to_string();
    for name in [
        "1-payday-rules.txt",
        "2-confidence-vote.txt",
        "3-budget.txt",
    ] {
        build(&stepwise, &["--quiet", &article(name)]);
    }
    assert_eq!(merges(&stepwise), expected);
    assert_eq!(node_table(&stepwise), node_table(&whole));
    // The second article edited so that it no longer names him: the merge is undone with its
    // graph, and the earlier node keeps its IRI.
    std::fs::write(
        article("2-confidence-vote.txt"),
        "Vote passes.\n\nWARSAW — Jan Nowak of the Civic Platform won a confidence vote on Tuesday.\n",
    )
    .expect("test setup");
    build(&whole, &["--quiet", &article("2-confidence-vote.txt")]);
    assert_eq!(merges(&whole), vec![]);
    let first = query_csv(
        &whole,
        "SELECT ?e WHERE { ?e ng:mentionedIn <https://w3id.org/newsgraph/id/article/1-payday-rules-txt> ; rdfs:label \"Obama\" }",
    );
    assert!(first.contains("/id/place/obama"), "{first}");
}

/// An institution by its short name, in one article and across two; a person by a short given
/// name, by middle initials and a suffix, and by the surname alone: one node each.
#[test]
fn short_names_given_names_and_suffixes_are_one_node() {
    let dir = tempfile::tempdir().expect("test setup");
    let texts = dir.path().join("texts");
    std::fs::create_dir_all(&texts).expect("test setup");
    let articles = [
        ("a.txt", "Students at Hofstra University cheered on Monday. Officials at Hofstra said the debate would go on.\n"),
        ("b.txt", "Vice President Joseph R. Biden visited Ohio on Monday, officials at Hofstra University said.\n"),
        ("c.txt", "Vice President Joseph R. Biden Jr. spoke in Ohio on Tuesday about jobs in the state.\n"),
        ("d.txt", "Joe Biden returned to Ohio on Friday. Biden told voters in Ohio that jobs would come back.\n"),
    ];
    for (name, text) in articles {
        std::fs::write(texts.join(name), text).expect("test setup");
    }
    let store = dir.path().join("store").display().to_string();
    build(&store, &["--quiet", &texts.display().to_string()]);
    let table = node_table(&store);
    let hofstra: Vec<&String> = table.keys().filter(|k| k.contains("hofstra")).collect();
    assert_eq!(hofstra.len(), 1, "{table:?}");
    assert_eq!(table[hofstra[0]].1, 2, "{table:?}");
    let biden: Vec<&String> = table.keys().filter(|k| k.contains("biden")).collect();
    assert_eq!(biden.len(), 1, "{table:?}");
    assert_eq!(table[biden[0]].1, 3, "{table:?}");
}
