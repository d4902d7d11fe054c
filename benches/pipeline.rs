//! Benchmarks of extraction, loading, querying and export (`cargo bench --bench pipeline`).
//!
//! Figures are printed with a baseline measured in the same run where one exists:
//! - extraction: words per second on one thread and on all cores, over CoNLL-2003 training
//!   and development text re-assembled into 20-sentence documents (../shared/data/conll2003/;
//!   ≥200k words), against tokenization alone and against spaCy's small English pipeline on
//!   the same texts in the same run (`benches/spacy_baseline.sh`, when its virtualenv exists);
//! - ner: the CRF tagger over the CoNLL-2003 development set (features included), one thread,
//!   against computing the features alone;
//! - loading: 1M curated-fact quads through `Store::replace_graph` (validated CSV → bulk
//!   loader), against Oxigraph's own bulk load of the same quads as N-Quads;
//! - queries: the competency-question mix over the graph of data/articles/;
//! - export: DOT of a 10k-node graph, against N-Triples of the same quads.

use newsgraph::export::{self, ExportFormat, GraphOptions};
use newsgraph::kg::{curated, mint, to_rdf, Store};
use newsgraph::nlp::{tokenize::Tokenizer, Models, Resources, Stage};
use newsgraph::{Doc, Pipeline};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn conll_documents() -> Vec<String> {
    let path = root().join("../shared/data/conll2003/train.txt");
    // Training and development text together: over 200k words.
    let text = std::fs::read_to_string(&path)
        .and_then(|train| {
            Ok(train
                + "\n"
                + &std::fs::read_to_string(root().join("../shared/data/conll2003/valid.txt"))?)
        })
        .unwrap_or_else(|_| {
            eprintln!(
                "{} not found: timing the articles of data/articles/ repeated instead",
                path.display()
            );
            let mut all = String::new();
            for entry in std::fs::read_dir(root().join("data/articles")).expect("data/articles") {
                let p = entry.expect("entry").path();
                all.push_str(&std::fs::read_to_string(p).expect("article"));
                all.push_str("\n\n");
            }
            all.repeat(100)
        });
    let mut docs = Vec::new();
    let mut sentence = Vec::new();
    let mut current = String::new();
    let mut n_sent = 0;
    for line in text.lines() {
        let token = line.split_whitespace().next();
        match token {
            Some(t) if !t.starts_with("-DOCSTART-") && line.split_whitespace().count() >= 2 => {
                sentence.push(t.to_string())
            }
            Some(t) if line.split_whitespace().count() < 2 => sentence.push(t.to_string()),
            _ => {
                if !sentence.is_empty() {
                    current.push_str(&sentence.join(" "));
                    current.push('\n');
                    sentence.clear();
                    n_sent += 1;
                    if n_sent % 20 == 0 {
                        docs.push(std::mem::take(&mut current));
                    }
                }
            }
        }
    }
    if !current.is_empty() {
        docs.push(current);
    }
    docs
}

fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed().as_secs_f64())
}

fn bench_extraction(res: Arc<Resources>) {
    let texts = conll_documents();
    let pipeline = Pipeline::new(res, Models::load_default().expect("models"));
    let docs: Vec<Doc> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Doc::new(format!("d{i}.txt"), t.clone()))
        .collect();
    // Reading: the bytes of each document through ingest (UTF-8 checks, metadata, furniture).
    let read = |d: &Doc| -> Doc {
        let path = Path::new(&d.id);
        let format = newsgraph::ingest::InputFormat::Text;
        let mut read =
            newsgraph::ingest::read_bytes(&d.id, path, d.text.as_bytes(), format).expect("read");
        read.remove(0)
    };
    let (n_words, t_tok) = time(|| {
        docs.iter()
            .map(|d| {
                let mut d = d.clone();
                Tokenizer.run(&mut d).expect("tokenize");
                d.n_words()
            })
            .sum::<usize>()
    });
    let pool1 = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let extract = |d: &Doc| {
        let mut d = read(d);
        pipeline.run(&mut d).expect("pipeline");
        to_rdf::doc_to_quads(&d).len()
    };
    // Three runs each; the median is reported (the machine may be shared).
    let median = |mut times: Vec<f64>| {
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    let mut n_quads = 0;
    let mut one = Vec::new();
    let mut all = Vec::new();
    for _ in 0..3 {
        let (quads, t) = time(|| pool1.install(|| docs.iter().map(extract).sum::<usize>()));
        n_quads = quads;
        one.push(t);
        all.push(time(|| docs.par_iter().map(extract).sum::<usize>()).1);
    }
    let t_first = one[0];
    let (t_one, t_all) = (median(one), median(all));
    println!(
        "extraction: {} documents, {n_words} words, {n_quads} quads",
        docs.len()
    );
    println!(
        "  tokenize only (baseline)     {:>10.0} words/s",
        n_words as f64 / t_tok
    );
    println!(
        "  reading→triples, 1 thread    {:>10.0} words/s  ({:.1} s, median of 3; first pass, cold caches: {:.0} words/s)",
        n_words as f64 / t_one,
        t_one,
        n_words as f64 / t_first
    );
    println!(
        "  reading→triples, {} threads   {:>10.0} words/s  ({:.1} s, {:.2}x one thread)",
        rayon::current_num_threads(),
        n_words as f64 / t_all,
        t_all,
        t_one / t_all
    );
    match spacy_seconds(&texts) {
        Ok(times) => {
            for (label, secs) in times {
                println!(
                    "  spaCy en_core_web_sm {label:<8} {:>10.0} words/s  ({secs:.1} s; newsgraph 1 thread is {:.1}x faster)",
                    n_words as f64 / secs,
                    secs / t_one
                );
            }
        }
        Err(why) => println!("  spaCy baseline not run: {why}"),
    }
}

/// Times spaCy's small pipeline on `texts` with `benches/spacy_baseline.sh`: (label, seconds).
fn spacy_seconds(texts: &[String]) -> Result<Vec<(String, f64)>, String> {
    let script = root().join("benches/spacy_baseline.sh");
    if !root().join("benches/.venv/bin/python").exists() {
        return Err("no benches/.venv (run benches/spacy_baseline.sh --install)".into());
    }
    let file = std::env::temp_dir().join(format!("newsgraph-bench-{}.jsonl", std::process::id()));
    let lines: Vec<String> = texts
        .iter()
        .map(|t| serde_json::to_string(t).expect("JSON string"))
        .collect();
    std::fs::write(&file, lines.join("\n")).map_err(|e| e.to_string())?;
    let output = std::process::Command::new(&script).arg(&file).output();
    let _ = std::fs::remove_file(&file);
    let output = output.map_err(|e| format!("{}: {e}", script.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).trim().to_string());
    }
    let mut times = Vec::new();
    for line in stdout.lines() {
        match line.split_whitespace().collect::<Vec<_>>()[..] {
            ["spacy", "model", name, version] => println!("  (spaCy model {name} {version})"),
            ["spacy", label, secs] => {
                let secs: f64 = secs.parse().map_err(|_| format!("bad line {line:?}"))?;
                times.push((label.to_string(), secs));
            }
            _ => {}
        }
    }
    Ok(times)
}

fn bench_ner(res: &Resources) {
    use newsgraph::nlp::ner::{crf, features};
    let Some(model) = crf::NerModel::builtin().expect("NER model") else {
        println!("ner: no model");
        return;
    };
    let path = root().join("../shared/data/conll2003/valid.txt");
    let Ok(sentences) = crf::read_conll(&path) else {
        println!("ner: {} not found", path.display());
        return;
    };
    let n_tokens: usize = sentences.iter().map(|s| s.words.len()).sum();
    const BLOCK: usize = 40;
    // Baseline: document contexts and every feature string of every token, no scoring.
    let (n_features, t_features) = time(|| {
        let (contexts, doc_of) = crf::block_contexts(&sentences, res, BLOCK);
        let mut n = 0usize;
        for (idx, s) in sentences.iter().enumerate() {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            n += features::sentence_features(&words, res, &contexts[doc_of[idx]])
                .iter()
                .map(Vec::len)
                .sum::<usize>();
        }
        n
    });
    // The first pass starts with an empty per-word score cache; later ones find it filled, as
    // a long-running build over many articles does.
    let (_, t_cold) = time(|| crf::tag_conll(&model, &sentences, res, BLOCK).expect("tag"));
    let mut rates = Vec::new();
    for _ in 0..3 {
        let (_, t) = time(|| crf::tag_conll(&model, &sentences, res, BLOCK).expect("tag"));
        rates.push(n_tokens as f64 / t);
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "ner: {} sentences, {n_tokens} tokens, {n_features} features; model with {} stage(s)",
        sentences.len(),
        if model.has_second_stage() { 2 } else { 1 }
    );
    println!(
        "  features only (baseline)     {:>10.0} tokens/s",
        n_tokens as f64 / t_features
    );
    println!(
        "  tagging, 1 thread, cold      {:>10.0} tokens/s  ({:.2}x the baseline's time)",
        n_tokens as f64 / t_cold,
        t_cold / t_features
    );
    println!(
        "  tagging, 1 thread, warm      {:>10.0} tokens/s  (median of 3; range {:.0}–{:.0})",
        rates[1], rates[0], rates[2]
    );
}

fn bench_loading() {
    let dir = tempfile::tempdir().expect("temp");
    let n_people = 125_000;
    let entities = dir.path().join("entities.csv");
    let relations = dir.path().join("relations.csv");
    let mut e = String::from("id,name,type,class,same_as,aliases,description\n");
    let mut r = String::from("subject,predicate,object,role,date,source,confidence\n");
    for i in 0..n_people {
        e.push_str(&format!("p{i},Person Number {i},Person,,,P{i},\n"));
        r.push_str(&format!(
            "p{i},affiliatedWith,Organization:Org {},director,2020,,0.9\n",
            i % 5000
        ));
    }
    std::fs::write(&entities, e).expect("write");
    std::fs::write(&relations, r).expect("write");
    let (quads, t_parse) =
        time(|| curated::curated_quads(&[entities, relations]).expect("curated"));
    let n = quads.len();
    let store = Store::open_or_create(&dir.path().join("s1")).expect("store");
    let graph = NamedNode::new_unchecked(newsgraph::kg::vocab::CURATED_GRAPH);
    let (_, t_load) = time(|| {
        store
            .replace_graph(graph.as_ref(), quads.clone())
            .expect("load")
    });
    let mut nq = Vec::new();
    export::rdf::write(&quads, ExportFormat::NQuads, &mut nq).expect("nq");
    let raw = oxigraph::store::Store::open(dir.path().join("s2")).expect("store");
    let (_, t_raw) = time(|| {
        let mut loader = raw.bulk_loader();
        loader
            .load_from_slice(oxigraph::io::RdfFormat::NQuads, &nq)
            .expect("load");
        loader.commit().expect("commit");
    });
    println!(
        "loading: {n} curated quads ({n_people} people, {} rows)",
        2 * n_people
    );
    println!(
        "  CSV parse + checks           {:>10.0} quads/s  ({:.1} s)",
        n as f64 / t_parse,
        t_parse
    );
    println!(
        "  store write (bulk loader)    {:>10.0} quads/s  ({:.1} s)",
        n as f64 / t_load,
        t_load
    );
    println!(
        "  build total                  {:>10.0} quads/s",
        n as f64 / (t_parse + t_load)
    );
    println!("  oxigraph bulk load of N-Quads (baseline) {:>10.0} quads/s  ({:.1} s); build total is {:.2}x its time", n as f64 / t_raw, t_raw, (t_parse + t_load) / t_raw);
}

fn bench_queries(res: Arc<Resources>) {
    let dir = tempfile::tempdir().expect("temp");
    let store = Store::open_or_create(&dir.path().join("s")).expect("store");
    store.load_ontology().expect("ontology");
    let pipeline = Pipeline::new(res, Models::load_default().expect("models"));
    let files = newsgraph::ingest::collect_paths(&[root().join("data/articles")]).files;
    for f in &files {
        for doc in
            newsgraph::batch::process_file(Some(&pipeline), f, &newsgraph::ingest::file_name(f))
                .expect("process")
                .docs
        {
            store
                .replace_graph(
                    mint::article_graph(&doc.id).as_ref(),
                    to_rdf::doc_to_quads(&doc),
                )
                .expect("write");
        }
    }
    let queries: Vec<(String, String)> = std::fs::read_dir(root().join("queries"))
        .expect("queries")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rq"))
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).expect("query"),
            )
        })
        .collect();
    let rounds = 20;
    let (_, t) = time(|| {
        for _ in 0..rounds {
            for (name, q) in &queries {
                let results = store.query(q, name).expect("query");
                let mut sink = Vec::new();
                export::results::write(results, export::results::ResultsFormat::Csv, &mut sink)
                    .expect("results");
            }
        }
    });
    println!(
        "queries: {} queries x {rounds} rounds over {} quads: {:.2} ms per query ({:.0} queries/s)",
        queries.len(),
        store.len().expect("len"),
        1000.0 * t / (rounds * queries.len()) as f64,
        (rounds * queries.len()) as f64 / t
    );
}

fn bench_export() {
    let n = 10_000;
    let ty = |k: &str| NamedNode::new_unchecked(format!("https://w3id.org/newsgraph/ontology#{k}"));
    let mut quads = Vec::new();
    for i in 0..n {
        let node = NamedNode::new_unchecked(format!("https://w3id.org/newsgraph/id/person/p{i}"));
        quads.push(Quad::new(
            node.clone(),
            newsgraph::kg::vocab::RDF_TYPE.into_owned(),
            ty(if i % 3 == 0 { "Organization" } else { "Person" }),
            GraphName::DefaultGraph,
        ));
        quads.push(Quad::new(
            node.clone(),
            newsgraph::kg::vocab::RDFS_LABEL.into_owned(),
            Literal::new_simple_literal(format!("Entity \"{i}\"")),
            GraphName::DefaultGraph,
        ));
        let other = NamedNode::new_unchecked(format!(
            "https://w3id.org/newsgraph/id/person/p{}",
            (i * 7 + 1) % n
        ));
        quads.push(Quad::new(
            node,
            ty("affiliatedWith"),
            other,
            GraphName::DefaultGraph,
        ));
    }
    let (dot, t_dot) = time(|| {
        let mut out = Vec::new();
        export::write(
            &quads,
            ExportFormat::Dot,
            &GraphOptions::default(),
            &mut out,
        )
        .expect("dot");
        out
    });
    let (_, t_nt) = time(|| {
        let mut out = Vec::new();
        export::write(
            &quads,
            ExportFormat::NTriples,
            &GraphOptions::default(),
            &mut out,
        )
        .expect("nt");
        out
    });
    println!("export: {n} nodes, {} quads", quads.len());
    println!(
        "  DOT                          {:>8.1} ms ({} bytes)",
        t_dot * 1000.0,
        dot.len()
    );
    println!(
        "  N-Triples (baseline)         {:>8.1} ms; DOT takes {:.2}x its time",
        t_nt * 1000.0,
        t_dot / t_nt
    );
}

fn main() {
    let only: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let want = |name: &str| only.as_deref().is_none_or(|o| name.contains(o));
    let res = Arc::new(Resources::load_default().expect("resources"));
    println!(
        "newsgraph benchmarks on {} core(s); NER model: {}",
        rayon::current_num_threads(),
        if Models::load_default().expect("models").ner.is_some() {
            "CRF"
        } else {
            "none (rules and gazetteers)"
        }
    );
    if want("extraction") {
        bench_extraction(res.clone());
    }
    if want("ner") {
        bench_ner(&res);
    }
    if want("loading") {
        bench_loading();
    }
    if want("queries") {
        bench_queries(res);
    }
    if want("export") {
        bench_export();
    }
}
