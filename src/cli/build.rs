//! `newsgraph build`: articles and curated facts into the store.

use super::args::BuildArgs;
use super::{progress, resources};
use anyhow::{bail, Context, Result};
use newsgraph::kg::{curated, mint, to_rdf, vocab, Store};
use newsgraph::{batch, ingest, Pipeline};
use oxigraph::model::NamedNode;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    let article_paths: Vec<PathBuf> = ingest::collect_paths(
        &paths
            .iter()
            .filter(|p| !p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
            .cloned()
            .collect::<Vec<_>>(),
    )?;
    // Curated facts are checked in full before the store is touched.
    let curated_quads = if csv_paths.is_empty() {
        None
    } else {
        Some(curated::curated_quads(&csv_paths)?)
    };
    let store = Store::open_or_create(store_path)
        .with_context(|| format!("opening store {}", store_path.display()))?;
    store.load_ontology()?;
    let pipeline = Pipeline::new(resources()?);
    let bar = progress(article_paths.len() as u64, quiet, "extracting");
    let results = batch::process_files(&pipeline, &article_paths, &|| bar.inc(1));
    bar.finish_and_clear();
    let mut failed = 0;
    let (mut n_docs, mut n_quads) = (0, 0);
    let write_bar = progress(results.len() as u64, quiet, "writing");
    for result in results {
        write_bar.inc(1);
        match result.docs {
            Ok(docs) => {
                for doc in docs {
                    let quads = to_rdf::doc_to_quads(&doc);
                    n_quads += quads.len();
                    n_docs += 1;
                    store.replace_graph(mint::article_graph(&doc.id).as_ref(), quads)?;
                }
            }
            Err(err) => {
                write_bar.suspend(|| eprintln!("newsgraph: {err}"));
                failed += 1;
            }
        }
    }
    write_bar.finish_and_clear();
    let mut n_curated = 0;
    if let Some(quads) = curated_quads {
        n_curated = quads.len();
        store.replace_graph(
            NamedNode::new_unchecked(vocab::CURATED_GRAPH).as_ref(),
            quads,
        )?;
    }
    if !quiet {
        eprintln!(
            "newsgraph: built {n_docs} article(s) ({n_quads} quads) and {} curated file(s) ({n_curated} quads) into {}; {} quads in the store",
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
