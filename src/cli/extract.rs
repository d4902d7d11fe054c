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

/// Files extracted in parallel before their documents are handed on, in input order.
const CHUNK_FILES: usize = 64;

/// Reads and processes PATHs (or stdin), reporting failures; returns docs and the failure count.
pub fn extract_docs(paths: &[PathBuf], quiet: bool) -> Result<(Vec<Doc>, usize)> {
    let mut docs = Vec::new();
    let failed = each_doc(paths, quiet, &mut |doc| {
        docs.push(doc);
        Ok(())
    })?;
    Ok((docs, failed))
}

/// Reads and processes PATHs (or stdin) and hands each document to `sink` in input order, a
/// chunk of files at a time, so that memory does not grow with the corpus; returns the number
/// of inputs that failed (reported on stderr).
pub fn each_doc(
    paths: &[PathBuf],
    quiet: bool,
    sink: &mut dyn FnMut(Doc) -> Result<()>,
) -> Result<usize> {
    let pipeline = Pipeline::new(resources()?);
    each_input(paths, quiet, Some(&pipeline), sink)
}

/// Reads PATHs (or stdin), runs the pipeline on each document when one is given, and hands
/// each document to `sink` in input order; returns the number of inputs that failed.
fn each_input(
    paths: &[PathBuf],
    quiet: bool,
    pipeline: Option<&Pipeline>,
    sink: &mut dyn FnMut(Doc) -> Result<()>,
) -> Result<usize> {
    let stdin_wanted = paths.iter().any(|p| p == Path::new("-"))
        || (paths.is_empty()
            && !std::io::stdin().is_terminal()
            && !Path::new("data/articles").exists());
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
                    match pipeline.map_or(Ok(()), |p| p.run(&mut doc)) {
                        Ok(()) => sink(doc)?,
                        Err(err) => {
                            eprintln!("newsgraph: <stdin>: {err}");
                            failed += 1;
                        }
                    }
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
    let inputs = ingest::collect_paths(&file_paths);
    for err in &inputs.skipped {
        eprintln!("newsgraph: {err}");
        failed += 1;
    }
    let files = &inputs.files;
    let bar = progress(
        files.len() as u64,
        quiet,
        if pipeline.is_some() {
            "extracting"
        } else {
            "reading"
        },
    );
    for chunk in files.chunks(CHUNK_FILES) {
        for result in batch::process_files(pipeline, chunk, &|p| inputs.name_of(p), &|| bar.inc(1))
        {
            match result.docs {
                Ok(processed) => {
                    for (_, err) in &processed.failed {
                        bar.suspend(|| eprintln!("newsgraph: {}: {err}", result.path.display()));
                        failed += 1;
                    }
                    for doc in processed.docs {
                        sink(doc)?;
                    }
                }
                Err(err) => {
                    bar.suspend(|| eprintln!("newsgraph: {err}"));
                    failed += 1;
                }
            }
        }
    }
    bar.finish_and_clear();
    Ok(failed)
}

/// Where N-Quads go: one stream, or shards of a number of articles in a folder.
struct NQuadsOut {
    dir: Option<PathBuf>,
    shard_size: usize,
    in_shard: usize,
    shard: usize,
    out: Option<Box<dyn Write>>,
}

impl NQuadsOut {
    fn write(&mut self, doc: &Doc) -> Result<()> {
        if let Some(dir) = &self.dir {
            if self.out.is_none() || self.in_shard == self.shard_size {
                if let Some(mut done) = self.out.take() {
                    done.flush().context("writing a shard")?;
                    self.shard += 1;
                }
                let path = dir.join(format!("part-{:05}.nq", self.shard));
                self.out = Some(output(Some(&path))?);
                self.in_shard = 0;
            }
        }
        let out = self.out.as_mut().context("no output")?;
        let quads = to_rdf::doc_to_quads(doc);
        rdf::write(&quads, ExportFormat::NQuads, out)?;
        self.in_shard += 1;
        Ok(())
    }

    fn finish(mut self) -> Result<usize> {
        let shards = usize::from(self.out.is_some()) + self.shard;
        if let Some(mut out) = self.out.take() {
            out.flush().context("writing output")?;
        }
        Ok(shards)
    }
}

pub fn run(args: ExtractArgs, quiet: bool) -> Result<ExitCode> {
    let format = args.format.to_ascii_lowercase();
    if !matches!(
        format.as_str(),
        "jsonl" | "csv" | "ttl" | "turtle" | "nq" | "nquads" | "text"
    ) {
        bail!(
            "unknown extract format {:?}; expected jsonl, csv, ttl, nq or text",
            args.format
        );
    }
    if format == "csv" && args.output.is_none() {
        bail!("--format csv writes entities.csv, relations.csv and statements.csv: give a folder with -o DIR");
    }
    if let Some(size) = args.shard_size {
        if !matches!(format.as_str(), "nq" | "nquads") {
            bail!("--shard-size goes with --format nq");
        }
        if size == 0 {
            bail!("--shard-size must be at least 1");
        }
        let Some(dir) = &args.output else {
            bail!("--shard-size writes part-NNNNN.nq files: give a folder with -o DIR");
        };
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let failed = match format.as_str() {
        "jsonl" => {
            let mut out = output(args.output.as_deref())?;
            let failed = each_doc(&args.paths, quiet, &mut |doc| {
                writeln!(out, "{}", jsonl::to_line(&doc)).context("writing output")
            })?;
            out.flush().context("writing output")?;
            failed
        }
        "nq" | "nquads" => {
            let mut sink = NQuadsOut {
                dir: args.shard_size.and(args.output.clone()),
                shard_size: args.shard_size.unwrap_or(usize::MAX),
                in_shard: 0,
                shard: 0,
                out: match args.shard_size {
                    Some(_) => None,
                    None => Some(output(args.output.as_deref())?),
                },
            };
            let mut articles = 0;
            let failed = each_doc(&args.paths, quiet, &mut |doc| {
                articles += 1;
                sink.write(&doc)
            })?;
            let shards = sink.finish()?;
            if !quiet && args.shard_size.is_some() {
                eprintln!(
                    "newsgraph: wrote {articles} article(s) into {shards} shard(s) in {}",
                    args.output.as_deref().unwrap_or(Path::new(".")).display()
                );
            }
            failed
        }
        "text" => {
            let mut out = output(args.output.as_deref())?;
            let failed = each_input(&args.paths, quiet, None, &mut |doc| {
                write_as_read(&mut out, &doc).context("writing output")
            })?;
            out.flush().context("writing output")?;
            failed
        }
        "csv" => {
            let (docs, failed) = extract_docs(&args.paths, quiet)?;
            let dir = args.output.as_deref().context("csv needs -o DIR")?;
            tables::write_facts(&docs, dir)?;
            failed
        }
        _ => {
            let (docs, failed) = extract_docs(&args.paths, quiet)?;
            let quads: Vec<_> = docs.iter().flat_map(to_rdf::doc_to_quads).collect();
            let mut out = output(args.output.as_deref())?;
            rdf::write(&quads, ExportFormat::Turtle, &mut out)?;
            out.flush().context("writing output")?;
            failed
        }
    };
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One input as the stages receive it: its metadata, then its text exactly as read, with the
/// ranges the stages skip (header lines, page furniture) listed by line.
fn write_as_read(out: &mut dyn Write, doc: &Doc) -> std::io::Result<()> {
    let meta = &doc.metadata;
    writeln!(out, "=== {}", doc.id)?;
    let fields = [
        ("headline", meta.title.clone()),
        (
            "authors",
            (!meta.authors.is_empty()).then(|| meta.authors.join("; ")),
        ),
        (
            "author",
            meta.author.clone().filter(|_| meta.authors.is_empty()),
        ),
        ("published", meta.published.clone()),
        ("modified", meta.modified.clone()),
        ("publisher", meta.publisher.clone()),
        ("dateline", meta.dateline.clone()),
        ("url", meta.url.clone()),
        ("language", meta.language.clone()),
        ("section", meta.section.clone()),
        (
            "keywords",
            (!meta.keywords.is_empty()).then(|| meta.keywords.join("; ")),
        ),
        ("description", meta.description.clone()),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            writeln!(out, "{key}: {value}")?;
        }
    }
    for range in &doc.skipped {
        let line = 1 + doc.text[..range.start].matches('\n').count();
        writeln!(out, "skipped, line {line}: {}", &doc.text[range.clone()])?;
    }
    writeln!(out, "---")?;
    writeln!(out, "{}", doc.text)?;
    writeln!(out)
}
