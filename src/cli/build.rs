//! `newsgraph build`: articles and curated facts into the store.
//!
//! Streaming and incremental: workers read, hash and extract files ([`batch::in_order`], within
//! a budget of bytes in flight) and hand their quads in input order to this thread, which
//! streams the graphs new to the store into Oxigraph's bulk loader (bounded memory) and writes
//! graphs that replace others by transactions, a batch at a time, so memory is bounded by the
//! budget, the loader's buffers and one batch, not by the corpus nor by one file. A file whose
//! content hash (its bytes and the extractor's fingerprint) is the one recorded for it in the
//! store is skipped unless `--force`; `--prune` removes the graphs of articles that are not
//! among the inputs.

use super::args::BuildArgs;
use super::common::{pipeline, progress_bytes};
use anyhow::{bail, Context, Result};
use newsgraph::kg::store::GraphWrite;
use newsgraph::kg::{curated, identity, to_rdf, vocab, Store};
use newsgraph::nlp::extractor_fingerprint;
use newsgraph::{batch, ingest};
use oxigraph::model::NamedNode;
use rayon::prelude::*;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Quads of replaced graphs written in one transaction.
const BATCH_QUADS: usize = 100_000;

/// What reading one file found.
enum Head {
    /// Unchanged since the last build: its graphs stay.
    Unchanged,
    /// Read anew: its documents follow, extracted, one graph each.
    Read { hash: String },
}

pub fn run(store_path: &Path, args: BuildArgs, quiet: bool) -> Result<ExitCode> {
    let paths = if args.paths.is_empty() {
        let defaults: Vec<PathBuf> = ["data/articles", "data/curated"]
            .iter()
            .map(PathBuf::from)
            .filter(|p| p.exists())
            .collect();
        if defaults.is_empty() {
            bail!("no PATH given and neither data/articles/ nor data/curated/ exists here");
        }
        defaults
    } else {
        args.paths
    };
    for path in &paths {
        if !path.exists() {
            bail!("{}: no such file or folder", path.display());
        }
    }
    let csv_paths: Vec<PathBuf> = curated::collect_csv(
        &paths
            .iter()
            .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
            .cloned()
            .collect::<Vec<_>>(),
    );
    let inputs = ingest::collect_paths(
        &paths
            .iter()
            .filter(|p| !p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
            .cloned()
            .collect::<Vec<_>>(),
    );
    let article_paths = &inputs.files;
    // Folders that could not be listed are reported; what an earlier build made of the files
    // in them stays, even under --prune.
    let mut unreadable: Vec<PathBuf> = Vec::new();
    for err in &inputs.skipped {
        eprintln!("newsgraph: {err}");
        if let ingest::IngestError::Io { path, .. } = err {
            unreadable.push(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()));
        }
    }
    // Curated facts are checked in full before the store is touched.
    let curated_quads = if csv_paths.is_empty() {
        None
    } else {
        Some(curated::curated_quads(&csv_paths)?)
    };
    let same_as = curated::same_as_rules(&csv_paths)?;
    let mut store = Store::open_or_create(store_path)
        .with_context(|| format!("opening store {}", store_path.display()))?;
    store.load_ontology()?;
    let pipeline = pipeline(args.min_confidence)?;
    // Another threshold keeps other facts, other identity rules join other nodes: an article
    // built with others is built again.
    let rules_hash = if same_as.is_empty() {
        0
    } else {
        let mut h = newsgraph::nlp::hash::BuildFxHasher.build_hasher();
        h.write(format!("{same_as:?}").as_bytes());
        h.finish().rotate_left(29)
    };
    let fingerprint = extractor_fingerprint()
        ^ u64::from(args.min_confidence.to_bits()).rotate_left(17)
        ^ rules_hash;
    // What the store was built from: source path → (graphs, hash).
    let mut recorded = store.recorded_sources()?;
    if args.force && !recorded.is_empty() {
        // Everything is built again: drop the article graphs and load them anew, as a first
        // build does, rather than replace them one by one.
        let graphs: Vec<NamedNode> = recorded
            .keys()
            .map(|g| NamedNode::new_unchecked(g.as_str()))
            .collect();
        store.drop_graphs(&graphs)?;
        recorded.clear();
    }
    let mut by_source: HashMap<String, (Vec<String>, String)> = HashMap::new();
    for (graph, (source, hash)) in &recorded {
        let entry = by_source
            .entry(source.clone())
            .or_insert_with(|| (Vec::new(), hash.clone()));
        entry.0.push(graph.clone());
    }
    let known_hash: HashMap<&str, &str> = by_source
        .iter()
        .map(|(p, (_, h))| (p.as_str(), h.as_str()))
        .collect();
    let force = args.force;

    let (sizes, pages) = batch::sizes_of(article_paths);
    let bar = progress_bytes(sizes.iter().sum(), quiet, "building");
    let mut failed = inputs.skipped.len();
    let (mut n_built, mut n_skipped, mut n_docs, mut n_quads) = (0usize, 0usize, 0usize, 0usize);
    let mut present: HashSet<String> = HashSet::new();
    for (source, (graphs, _)) in &by_source {
        if unreadable
            .iter()
            .any(|dir| Path::new(source).starts_with(dir))
        {
            present.extend(graphs.iter().cloned());
        }
    }
    let mut stale: Vec<NamedNode> = Vec::new();
    // Which file made each article graph in this run.
    let mut claimed: HashMap<String, String> = HashMap::new();
    // Graphs new to the store stream into one bulk load; graphs that replace others are
    // written by transactions, a batch at a time.
    let mut loaded: Vec<GraphWrite> = Vec::new();
    let mut replaced: Vec<GraphWrite> = Vec::new();
    // Where each file's graphs are recorded as coming from.
    let sources: Vec<String> = article_paths
        .par_iter()
        .map(|path| {
            std::fs::canonicalize(path)
                .unwrap_or_else(|_| path.clone())
                .display()
                .to_string()
        })
        .collect();
    let open = |i: usize| -> Result<(Head, Vec<ingest::Record>), newsgraph::Error> {
        let path = &article_paths[i];
        let bytes = std::fs::read(path).map_err(|source| ingest::IngestError::Io {
            path: path.clone(),
            source,
        })?;
        let mut h = newsgraph::nlp::hash::BuildFxHasher.build_hasher();
        h.write_u64(fingerprint);
        h.write(&bytes);
        let hash = format!("{:016x}-{}", h.finish(), bytes.len());
        if !force && known_hash.get(sources[i].as_str()) == Some(&hash.as_str()) {
            return Ok((Head::Unchanged, Vec::new()));
        }
        let format = ingest::InputFormat::from_path(path).unwrap_or(ingest::InputFormat::Text);
        let docs = ingest::read_records(&inputs.name_of(path), path, &bytes, format)?;
        Ok((Head::Read { hash }, docs))
    };
    let finish = |doc: newsgraph::Doc| {
        let cards = identity::cards_of(&doc);
        (cards.graph.clone(), to_rdf::doc_to_quads(&doc), cards)
    };
    // Identity across articles: loaded from the store when the first article is read (a
    // build with nothing to do reads nothing), then grown article by article, in input order.
    let mut resolver: Option<identity::Resolver> = None;
    let work = batch::Work {
        sizes: &sizes,
        pages: Some(&pages),
        open: &open,
        pipeline: Some(&pipeline),
        finish: &finish,
    };
    let write_result: Result<()> = batch::in_order(&work, |items| {
        let mut storage_error = None;
        let mut replaced_quads = 0;
        // The file being read: its hash, the graphs it made, and whether all of its records
        // were read and extracted.
        let mut hash = String::new();
        let mut made: HashSet<String> = HashSet::new();
        let (mut reading, mut complete) = (false, true);
        let stream = items.flat_map(|item| {
            bar.inc(item.bytes);
            let path = &sources[item.input];
            let mut quads = Vec::new();
            match item.event {
                batch::Event::Opened(Ok(Head::Unchanged)) => {
                    n_skipped += 1;
                    if let Some((graphs, _)) = by_source.get(path) {
                        present.extend(graphs.iter().cloned());
                    }
                }
                batch::Event::Opened(Ok(Head::Read { hash: read })) => {
                    n_built += 1;
                    hash = read;
                    made.clear();
                    (reading, complete) = (true, true);
                }
                batch::Event::Opened(Err(error)) => {
                    // A file that fails this time keeps what an earlier build made of it,
                    // even under --prune.
                    if let Some((graphs, _)) = by_source.get(path) {
                        present.extend(graphs.iter().cloned());
                    }
                    bar.suspend(|| eprintln!("newsgraph: {error}"));
                    failed += 1;
                }
                batch::Event::Doc(Err(failure)) => {
                    // A document that failed keeps what an earlier build made of it, and so
                    // do the other articles of a file with a record that could not be read.
                    complete = false;
                    bar.suspend(|| {
                        eprintln!(
                            "newsgraph: {}",
                            failure.describe(&article_paths[item.input])
                        )
                    });
                    failed += 1;
                }
                batch::Event::Doc(Ok((graph, graph_quads, cards))) => {
                    made.insert(graph.as_str().to_string());
                    // Two articles of one name (the same path under two input folders, one
                    // JSON Lines id in two files): the first is kept, the later reported,
                    // never merged.
                    match claimed.entry(graph.as_str().to_string()) {
                        Entry::Occupied(first) if first.get() != path => {
                            bar.suspend(|| {
                                eprintln!(
                                    "newsgraph: {path}: article {} has the same name as one in \
                                     {}; skipped (rename one, or build them into separate stores)",
                                    graph.as_str(),
                                    first.get()
                                )
                            });
                            failed += 1;
                            return quads;
                        }
                        Entry::Occupied(_) => {}
                        Entry::Vacant(slot) => {
                            slot.insert(path.clone());
                        }
                    }
                    let resolver = resolver.get_or_insert_with(|| {
                        identity::Resolver::load(&store, same_as.clone()).unwrap_or_else(|e| {
                            storage_error.get_or_insert(e);
                            identity::Resolver::new(same_as.clone())
                        })
                    });
                    let graph_quads = resolver.resolve_quads(&cards, graph_quads);
                    n_docs += 1;
                    n_quads += graph_quads.len();
                    present.insert(graph.as_str().to_string());
                    let is_new = !recorded.contains_key(graph.as_str())
                        && match store.has_graph(graph.as_ref()) {
                            Ok(has) => !has,
                            Err(e) => {
                                storage_error.get_or_insert(e);
                                false
                            }
                        };
                    let source = Some((path.clone(), hash.clone()));
                    if is_new {
                        quads = graph_quads;
                        loaded.push(GraphWrite {
                            graph,
                            quads: Vec::new(),
                            source,
                        });
                    } else {
                        replaced_quads += graph_quads.len();
                        replaced.push(GraphWrite {
                            graph,
                            quads: graph_quads,
                            source,
                        });
                    }
                    // Replaced graphs are written as they come, a batch at a time, so that a
                    // re-build (--force) holds no more of them than a batch.
                    if replaced_quads >= BATCH_QUADS {
                        replaced_quads = 0;
                        if let Err(e) = store.write_graphs(std::mem::take(&mut replaced)) {
                            storage_error.get_or_insert(e);
                        }
                    }
                }
                batch::Event::Closed => {
                    if let Some((old, _)) = by_source.get(path).filter(|_| reading) {
                        if complete {
                            // Documents a file no longer holds (a JSON Lines file that lost
                            // a line).
                            stale.extend(
                                old.iter()
                                    .filter(|g| !made.contains(g.as_str()))
                                    .map(|g| NamedNode::new_unchecked(g.as_str())),
                            );
                        } else {
                            present.extend(old.iter().cloned());
                        }
                    }
                    made.clear();
                    reading = false;
                }
            }
            quads
        });
        store.bulk_load(stream)?;
        if let Some(e) = storage_error {
            return Err(e.into());
        }
        Ok(())
    });
    bar.finish_and_clear();
    write_result?;
    // The new graphs are in: record where they came from (a build stopped before this point
    // finds them unrecorded and builds them again).
    store.record_sources(&loaded)?;
    if !replaced.is_empty() {
        store.write_graphs(replaced)?;
    }
    let stale: Vec<NamedNode> = stale
        .into_iter()
        .filter(|g| !present.contains(g.as_str()))
        .collect();
    let n_stale = stale.len();
    if !stale.is_empty() {
        store.remove_graphs(&stale)?;
    }
    let mut n_pruned = 0;
    if args.prune {
        let gone: Vec<NamedNode> = recorded
            .keys()
            .filter(|g| !present.contains(g.as_str()))
            .map(|g| NamedNode::new_unchecked(g.as_str()))
            .collect();
        n_pruned = gone.len();
        store.remove_graphs(&gone)?;
    }
    let mut n_curated = 0;
    if let Some(quads) = curated_quads {
        n_curated = quads.len();
        store.replace_graph(
            NamedNode::new_unchecked(vocab::CURATED_GRAPH).as_ref(),
            quads,
        )?;
    }
    store.flush()?;
    if !quiet {
        eprintln!(
            "newsgraph: built {n_built} file(s), {n_docs} article(s) ({n_quads} quads); {n_skipped} unchanged file(s) skipped; {} removed; {} curated file(s) ({n_curated} quads) into {}; {} quads in the store",
            n_pruned + n_stale,
            csv_paths.len(),
            store_path.display(),
            store.len()?
        );
    }
    if failed > 0 {
        eprintln!("newsgraph: {failed} input(s) failed");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
