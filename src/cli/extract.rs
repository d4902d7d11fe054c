//! `newsgraph extract`: extraction only, to stdout or files.

use super::args::ExtractArgs;
use super::{output, progress, resources};
use anyhow::{bail, Context, Result};
use newsgraph::export::{jsonl, rdf, tables, ExportFormat};
use newsgraph::kg::to_rdf;
use newsgraph::{batch, ingest, Doc, Pipeline};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Reads and processes PATHs (or stdin), reporting failures; returns docs and the failure count.
pub fn extract_docs(paths: &[PathBuf], quiet: bool) -> Result<(Vec<Doc>, usize)> {
    let pipeline = Pipeline::new(resources()?);
    let stdin_wanted = paths.iter().any(|p| p == Path::new("-"))
        || (paths.is_empty()
            && !std::io::stdin().is_terminal()
            && !Path::new("data/articles").exists());
    let mut docs = Vec::new();
    let mut failed = 0;
    if stdin_wanted {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading stdin")?;
        match ingest::read_bytes(
            "stdin.txt",
            Path::new("<stdin>"),
            &bytes,
            ingest::InputFormat::Text,
        ) {
            Ok(read) => {
                for mut doc in read {
                    pipeline.run(&mut doc)?;
                    docs.push(doc);
                }
            }
            Err(err) => {
                eprintln!("newsgraph: {err}");
                failed += 1;
            }
        }
    }
    let file_paths: Vec<PathBuf> = if paths.is_empty() && !stdin_wanted {
        vec![PathBuf::from("data/articles")]
    } else {
        paths
            .iter()
            .filter(|p| *p != Path::new("-"))
            .cloned()
            .collect()
    };
    for p in &file_paths {
        if !p.exists() {
            bail!("{}: no such file or folder", p.display());
        }
    }
    let files = ingest::collect_paths(&file_paths)?;
    let bar = progress(files.len() as u64, quiet, "extracting");
    for result in batch::process_files(&pipeline, &files, &|| bar.inc(1)) {
        match result.docs {
            Ok(d) => docs.extend(d),
            Err(err) => {
                bar.suspend(|| eprintln!("newsgraph: {err}"));
                failed += 1;
            }
        }
    }
    bar.finish_and_clear();
    Ok((docs, failed))
}

pub fn run(args: ExtractArgs, quiet: bool) -> Result<ExitCode> {
    let format = args.format.to_ascii_lowercase();
    if !matches!(format.as_str(), "jsonl" | "csv" | "ttl" | "turtle") {
        bail!(
            "unknown extract format {:?}; expected jsonl, csv or ttl",
            args.format
        );
    }
    if format == "csv" && args.output.is_none() {
        bail!("--format csv writes entities.csv, relations.csv and statements.csv: give a folder with -o DIR");
    }
    let (docs, failed) = extract_docs(&args.paths, quiet)?;
    match format.as_str() {
        "jsonl" => {
            let mut out = output(args.output.as_deref())?;
            for doc in &docs {
                writeln!(out, "{}", jsonl::to_line(doc)).context("writing output")?;
            }
            out.flush().context("writing output")?;
        }
        "csv" => {
            let dir = args.output.as_deref().context("csv needs -o DIR")?;
            tables::write_facts(&docs, dir)?;
        }
        _ => {
            let quads: Vec<_> = docs.iter().flat_map(to_rdf::doc_to_quads).collect();
            let mut out = output(args.output.as_deref())?;
            rdf::write(&quads, ExportFormat::Turtle, &mut out)?;
            out.flush().context("writing output")?;
        }
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
