//! Hostile input: arbitrary and mutated bytes fed to every reader (HTML, JSON Lines, plain
//! text, curated CSV, CoNLL) and to the whole pipeline must give a document or an error that
//! names the file, never a panic; the pages of `tests/fixtures/hostile/` and generated
//! monsters (deep nesting, huge attributes, a 50 MB page) go through `extract` and `build`
//! without failing the run.

mod common;

use common::{newsgraph, ok, root, run};
use newsgraph::ingest::{self, InputFormat};
use newsgraph::nlp::ner::crf::parse_conll;
use newsgraph::{Doc, Pipeline};
use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::load_default().expect("resources"))
}

fn read(bytes: &[u8], format: InputFormat) -> Result<Vec<Doc>, ingest::IngestError> {
    ingest::read_bytes("page", Path::new("page"), bytes, format)
}

/// Fragments real pages are made of, and the ones that broke readers before.
const PIECES: [&str; 24] = [
    "<p>",
    "</p>",
    "<div class=\"article-body\">",
    "</div>",
    "<script>",
    "</script>",
    "<a href=\"/x\">",
    "</a>",
    "&amp;",
    "&amp",
    "&#x1F600;",
    "&#99999999;",
    "&nbsp",
    "\u{e9}",
    "\u{1F600}",
    "<!--",
    "-->",
    "<![CDATA[",
    "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":",
    "<meta property=\"og:title\" content=\"",
    "\"",
    "Angela Merkel said \"Berlin ",
    "The minister said on Monday, ",
    "<img alt=\"<script>alert(1)</script>\">",
];

fn html_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(PIECES.to_vec()).prop_map(str::to_string),
            "[a-zA-Z ,.\u{e9}\u{4e2d}]{0,20}",
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

/// A real page with bytes replaced, inserted and removed at random places.
fn mutated_page() -> impl Strategy<Value = Vec<u8>> {
    let page = std::fs::read(root().join("tests/fixtures/hostile/entity-soup.html"))
        .expect("fixture page");
    prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..40).prop_map(
        move |edits| {
            let mut bytes = page.clone();
            for (at, byte, kind) in edits {
                let i = at.index(bytes.len().max(1));
                match kind {
                    0 if i < bytes.len() => bytes[i] = byte,
                    1 => bytes.insert(i.min(bytes.len()), byte),
                    _ if i < bytes.len() => {
                        bytes.remove(i);
                    }
                    _ => {}
                }
            }
            bytes
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn readers_never_panic_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        for format in [InputFormat::Html, InputFormat::JsonLines, InputFormat::Text] {
            // An error is a fine answer; a panic would be caught by the fence and reported
            // as an internal error, which is a bug.
            if let Err(err) = read(&bytes, format) {
                prop_assert!(!err.to_string().contains("internal error"), "{err}");
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_conll(&text, Path::new("t.iob"));
    }

    #[test]
    fn html_reader_never_panics_on_tag_and_entity_soup(html in html_soup()) {
        if let Err(err) = read(html.as_bytes(), InputFormat::Html) {
            prop_assert!(!err.to_string().contains("internal error"), "{err}");
        }
    }

    #[test]
    fn html_reader_never_panics_on_mutated_pages(bytes in mutated_page()) {
        if let Err(err) = read(&bytes, InputFormat::Html) {
            prop_assert!(!err.to_string().contains("internal error"), "{err}");
        }
    }

    #[test]
    fn jsonl_reader_names_the_line_of_a_mutated_record(
        title in "[\\PC]{0,30}",
        cut in 0usize..60,
    ) {
        let good = serde_json::json!({"text": "Rome is a city.", "title": title}).to_string();
        let cut = (0..=cut.min(good.len()))
            .rev()
            .find(|&c| good.is_char_boundary(c))
            .unwrap_or(0);
        let line = &good[..cut];
        let input = format!("{good}\n{line}\n");
        match read(input.as_bytes(), InputFormat::JsonLines) {
            Ok(docs) => prop_assert!(!docs.is_empty()),
            Err(err) => prop_assert!(err.to_string().starts_with("page:2: "), "{err}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn pipeline_never_fails_on_arbitrary_text(html in html_soup()) {
        let mut doc = Doc::new("t.txt", html);
        ingest::detect_metadata(&mut doc);
        prop_assert!(pipeline().run(&mut doc).is_ok());
    }

    #[test]
    fn curated_csv_reader_never_panics(body in "[a-zA-Z0-9,\"\n ]{0,200}") {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("facts.csv");
        std::fs::write(&path, format!("id,name,type\n{body}")).expect("write");
        let _ = newsgraph::kg::curated::curated_quads(&[path]);
    }
}

/// Every page of the nasty corpus, and generated monsters, go through `extract` in one run:
/// each is read or reported, the run goes on, nothing panics.
#[test]
fn nasty_pages_are_read_or_reported_never_fatal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nest = "<div>".repeat(200_000) + "<p>Deep inside, the mayor of Lyon spoke.</p>";
    std::fs::write(dir.path().join("deep-nesting.html"), nest).expect("write");
    let attr = format!(
        "<p title=\"{}\">The port of Genoa reopened on Monday.</p>",
        "x".repeat(20_000_000)
    );
    std::fs::write(dir.path().join("huge-attribute.html"), attr).expect("write");
    let mut big = String::from("<html><body><article>");
    let mut n = 0;
    while big.len() < 50_000_000 {
        n += 1;
        big.push_str(&format!(
            "<p>Officials in Nairobi said on day {n} that the new rail line, built over four \
             years, would carry freight from the coast to Kampala by the end of the year.</p>\n"
        ));
    }
    big.push_str("</article></body></html>");
    std::fs::write(dir.path().join("fifty-megabytes.html"), big).expect("write");
    let fixtures = root().join("tests/fixtures/hostile");
    for entry in std::fs::read_dir(&fixtures).expect("fixtures") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    let out = newsgraph()
        .args(["--quiet", "extract", "--format", "text"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("internal error"), "{stderr}");
    for page in [
        "deep-nesting.html",
        "huge-attribute.html",
        "fifty-megabytes.html",
        "entity-soup.html",
        "latin1.html",
        "script-in-attributes.html",
    ] {
        // A page whose text passes --max-article-bytes is read as parts.
        assert!(
            stdout.contains(&format!("=== {page}\n"))
                || stdout.contains(&format!("=== {page}#part1\n")),
            "{page} missing:\n{stderr}"
        );
    }
    assert!(stdout.contains("Deep inside, the mayor of Lyon spoke."));
    assert!(stdout.contains("The port of Genoa reopened on Monday."));
    assert!(
        stdout.contains("Caf\u{e9} cr\u{e8}me"),
        "latin1 page decoded"
    );
    assert!(
        !stdout.contains("alert("),
        "script in an attribute is not text"
    );
    // The page with no article text is reported by name, and the exit status says so.
    assert!(
        stderr.contains("only-furniture.html: no article text"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(1));
}

/// A page that once panicked the reader (an entity before a multi-byte character) is read,
/// and a failing input among good ones leaves the good ones in the store.
#[test]
fn one_bad_page_never_stops_a_build() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    std::fs::copy(
        root().join("tests/fixtures/hostile/entity-soup.html"),
        input.join("entity-soup.html"),
    )
    .expect("copy");
    std::fs::write(
        input.join("empty.html"),
        "<html><body><nav>Menu</nav></body></html>",
    )
    .expect("write");
    std::fs::write(input.join("binary.txt"), b"\x00\x01\x02").expect("write");
    std::fs::write(
        input.join("good.txt"),
        "Kenya and Uganda signed a rail agreement in Nairobi on Monday.\n",
    )
    .expect("write");
    let store = dir.path().join("store").display().to_string();
    let out = run(&[
        "--quiet",
        "--store",
        &store,
        "build",
        &input.display().to_string(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("empty.html: no article text"), "{stderr}");
    assert!(stderr.contains("binary.txt"), "{stderr}");
    assert!(stderr.contains("2 input(s) failed"), "{stderr}");
    let files = ok(&[
        "--store",
        &store,
        "query",
        "--format",
        "csv",
        "-e",
        "SELECT ?f WHERE { ?a a ng:Article ; ng:fileName ?f } ORDER BY ?f",
    ]);
    assert_eq!(files, "f\r\nentity-soup.html\r\ngood.txt\r\n");
}

/// Two links back to the folder they are in: the walk reads each file once and ends.
#[cfg(unix)]
#[test]
fn folder_walk_survives_link_loops() {
    let dir = tempfile::tempdir().expect("temp dir");
    let inner = dir.path().join("a");
    std::fs::create_dir(&inner).expect("mkdir");
    std::fs::write(inner.join("rome.txt"), "Rome is the capital of Italy.\n").expect("write");
    std::os::unix::fs::symlink(dir.path(), inner.join("up")).expect("link");
    std::os::unix::fs::symlink(".", inner.join("here")).expect("link");
    let out = ok(&[
        "--quiet",
        "extract",
        "--format",
        "text",
        &dir.path().display().to_string(),
    ]);
    assert_eq!(out.matches("=== a/rome.txt").count(), 1, "{out}");
}

/// A speech verb and an open quote repeated, with no sentence punctuation: the graph grows with
/// the text, not with its square (each reported quote once ran to the end of the text).
#[test]
fn repeated_open_quotes_cost_linear_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let size = |n: usize| {
        let path = dir.path().join(format!("q{n}.txt"));
        std::fs::write(&path, "Angela Merkel said \"Berlin ".repeat(n)).expect("write");
        ok(&[
            "--quiet",
            "extract",
            "--format",
            "nq",
            &path.display().to_string(),
        ])
        .len()
    };
    let (small, large) = (size(1000), size(4000));
    assert!(
        large < small * 5,
        "4x the text gave {large} bytes against {small}"
    );
}

/// An article over --max-article-bytes is read as parts, each its own article, nothing lost.
#[test]
fn long_article_is_built_as_parts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let para = "Angela Merkel met Emmanuel Macron in Berlin on Monday. ".repeat(20);
    let path = dir.path().join("long.txt");
    std::fs::write(&path, vec![para.as_str(); 40].join("\n\n")).expect("write");
    let out = ok(&[
        "--quiet",
        "--max-article-bytes",
        "8192",
        "extract",
        "--format",
        "text",
        &path.display().to_string(),
    ]);
    let parts = out.matches("=== long.txt#part").count();
    assert!(parts >= 5, "{parts} parts");
    assert_eq!(out.matches("Angela Merkel met").count(), 20 * 40);
    // Extracted in parallel, the parts come out in order, each through every stage.
    let lines = ok(&[
        "--quiet",
        "--max-article-bytes",
        "8192",
        "extract",
        &path.display().to_string(),
    ]);
    let ids: Vec<String> = lines
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            assert!(
                v["entities"].as_array().is_some_and(|e| e.len() >= 3),
                "{l}"
            );
            v["doc"].as_str().expect("doc").to_string()
        })
        .collect();
    let expected: Vec<String> = (1..=parts).map(|k| format!("long.txt#part{k}")).collect();
    assert_eq!(ids, expected);
    let err = run(&[
        "--max-article-bytes",
        "10",
        "extract",
        &path.display().to_string(),
    ]);
    assert_eq!(err.status.code(), Some(1));
}
