//! `newsgraph build`: articles and curated facts into the store.
//!
//! Streaming and incremental: rayon workers read, hash and extract files and send their quads
//! through a bounded channel to this thread, which streams the graphs new to the store into
//! Oxigraph's bulk loader (bounded memory) and writes graphs that replace others by
//! transactions, a batch at a time, so memory is bounded by the channel, the loader's buffers and
//! one batch, not by the corpus. A file whose content hash (its bytes and the extractor's fingerprint) is the
//! one recorded for it in the store is skipped unless `--force`; `--prune` removes the graphs
//! of articles that are not among the inputs.

use super::args::BuildArgs;
use super::{progress, resources};
use anyhow::{bail, Context, Result};
use newsgraph::kg::store::GraphWrite;
use newsgraph::kg::{curated, mint, to_rdf, vocab, Store};
use newsgraph::nlp::resources::extractor_fingerprint;
use newsgraph::{batch, ingest, Pipeline};
use oxigraph::model::NamedNode;
use rayon::prelude::*;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;

/// Quads of replaced graphs written in one transaction.
const BATCH_QUADS: usize = 100_000;
/// Files extracted ahead of the writer at most.
const CHANNEL_FILES: usize = 64;

/// What a worker made of one file.
enum Outcome {
    /// Unchanged since the last build: its graphs stay.
    Unchanged { path: String },
    /// Extracted: one graph per document.
    Built {
        path: String,
        hash: String,
        graphs: Vec<(NamedNode, Vec<oxigraph::model::Quad>)>,
        /// Documents of the file that failed: their graphs, if any, stay as they were.
        failed: Vec<(NamedNode, String)>,
    },
    /// Could not be read or extracted: its graphs, if any, stay as they were.
    Failed { path: String, error: String },
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
    let mut store = Store::open_or_create(store_path)
        .with_context(|| format!("opening store {}", store_path.display()))?;
    store.load_ontology()?;
    let pipeline = Pipeline::new(resources()?);
    let fingerprint = extractor_fingerprint();
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

    let bar = progress(article_paths.len() as u64, quiet, "building");
    let (sender, receiver) = mpsc::sync_channel::<Outcome>(CHANNEL_FILES);
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
    let write_result: Result<()> = std::thread::scope(|scope| {
        let pipeline = &pipeline;
        let known_hash = &known_hash;
        let inputs = &inputs;
        scope.spawn(move || {
            article_paths
                .par_iter()
                .for_each_with(sender, |sender, path| {
                    // Reading and the stages are fenced per document; this fence catches
                    // what is left (the conversion to RDF) so that no file ends the run.
                    let outcome = newsgraph::fence::catch(|| {
                        extract_file(
                            pipeline,
                            path,
                            &inputs.name_of(path),
                            fingerprint,
                            known_hash,
                            force,
                        )
                    })
                    .unwrap_or_else(|message| Outcome::Failed {
                        path: path.display().to_string(),
                        error: format!("{}: internal error: {message}", path.display()),
                    });
                    // The writer stopped (a storage error): nothing more to do.
                    let _ = sender.send(outcome);
                });
        });
        let mut storage_error = None;
        let mut replaced_quads = 0;
        let stream = receiver.into_iter().flat_map(|outcome| {
            bar.inc(1);
            let mut quads = Vec::new();
            match outcome {
                Outcome::Unchanged { path } => {
                    n_skipped += 1;
                    if let Some((graphs, _)) = by_source.get(&path) {
                        present.extend(graphs.iter().cloned());
                    }
                }
                Outcome::Built {
                    path,
                    hash,
                    graphs,
                    failed: failed_docs,
                } => {
                    n_built += 1;
                    // A document that failed keeps what an earlier build made of it.
                    for (graph, error) in &failed_docs {
                        present.insert(graph.as_str().to_string());
                        bar.suspend(|| eprintln!("newsgraph: {error}"));
                        failed += 1;
                    }
                    let made: HashSet<&str> = graphs
                        .iter()
                        .map(|(g, _)| g.as_str())
                        .chain(failed_docs.iter().map(|(g, _)| g.as_str()))
                        .collect();
                    // Documents a file no longer holds (a JSON Lines file that lost a line).
                    if let Some((old, _)) = by_source.get(&path) {
                        stale.extend(
                            old.iter()
                                .filter(|g| !made.contains(g.as_str()))
                                .map(|g| NamedNode::new_unchecked(g.as_str())),
                        );
                    }
                    for (graph, graph_quads) in graphs {
                        // Two articles of one name (the same path under two input folders,
                        // one JSON Lines id in two files): the first is kept, the later
                        // reported, never merged.
                        match claimed.entry(graph.as_str().to_string()) {
                            Entry::Occupied(first) if first.get() != &path => {
                                bar.suspend(|| {
                                    eprintln!(
                                        "newsgraph: {path}: article {} has the same name as one \
                                         in {}; skipped (rename one, or build them into separate \
                                         stores)",
                                        graph.as_str(),
                                        first.get()
                                    )
                                });
                                failed += 1;
                                continue;
                            }
                            Entry::Occupied(_) => {}
                            Entry::Vacant(slot) => {
                                slot.insert(path.clone());
                            }
                        }
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
                            quads.extend(graph_quads);
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
                Outcome::Failed { path, error } => {
                    // A file that fails this time keeps what an earlier build made of it,
                    // even under --prune.
                    if let Some((graphs, _)) = by_source.get(&path) {
                        present.extend(graphs.iter().cloned());
                    }
                    bar.suspend(|| eprintln!("newsgraph: {error}"));
                    failed += 1;
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

/// Reads, hashes and (unless unchanged) extracts one file.
fn extract_file(
    pipeline: &Pipeline,
    path: &Path,
    name: &str,
    fingerprint: u64,
    known_hash: &HashMap<&str, &str>,
    force: bool,
) -> Outcome {
    let source = std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            return Outcome::Failed {
                path: source,
                error: format!("{}: {e}", path.display()),
            }
        }
    };
    let mut h = newsgraph::nlp::hash::BuildFxHasher.build_hasher();
    h.write_u64(fingerprint);
    h.write(&bytes);
    let hash = format!("{:016x}-{}", h.finish(), bytes.len());
    if !force && known_hash.get(source.as_str()) == Some(&hash.as_str()) {
        return Outcome::Unchanged { path: source };
    }
    match batch::process_bytes(pipeline, path, name, &bytes) {
        Ok(processed) => Outcome::Built {
            path: source,
            hash,
            graphs: processed
                .docs
                .iter()
                .map(|doc| (mint::article_graph(&doc.id), to_rdf::doc_to_quads(doc)))
                .collect(),
            failed: processed
                .failed
                .into_iter()
                .map(|(id, err)| {
                    (
                        mint::article_graph(&id),
                        format!("{}: {err}", path.display()),
                    )
                })
                .collect(),
        },
        Err(err) => Outcome::Failed {
            path: source,
            error: err.to_string(),
        },
    }
}
