//! `newsgraph extract`: extraction only, to stdout or files.

use super::args::ExtractArgs;
use super::common::{output, pipeline, progress_bytes};
use anyhow::{bail, Context, Result};
use newsgraph::export::{jsonl, rdf, tables, ExportFormat};
use newsgraph::kg::{identity, to_rdf};
use newsgraph::{batch, ingest, Doc, Pipeline};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Reads and processes PATHs (or stdin), reporting failures; returns docs and the failure count.
pub fn extract_docs(
    paths: &[PathBuf],
    quiet: bool,
    min_confidence: f32,
) -> Result<(Vec<Doc>, usize)> {
    let mut docs = Vec::new();
    let failed = each_doc(paths, quiet, min_confidence, &|doc| doc, &mut |doc| {
        docs.push(doc);
        Ok(())
    })?;
    Ok((docs, failed))
}

/// Reads and processes PATHs (or stdin), turns each document into what `sink` takes with
/// `finish` (in parallel), and hands those to `sink` in input order as they are done, so that
/// memory grows neither with the corpus nor with one huge file; returns the number of inputs
/// and documents that failed (reported on stderr).
pub fn each_doc<T: Send>(
    paths: &[PathBuf],
    quiet: bool,
    min_confidence: f32,
    finish: &(dyn Fn(Doc) -> T + Sync),
    sink: &mut dyn FnMut(T) -> Result<()>,
) -> Result<usize> {
    let pipeline = pipeline(min_confidence)?;
    each_input(paths, quiet, Some(&pipeline), finish, sink)
}

/// Reads PATHs (or stdin), runs the pipeline on each document when one is given, and hands
/// each finished document to `sink` in input order; returns the number of failures.
fn each_input<T: Send>(
    paths: &[PathBuf],
    quiet: bool,
    pipeline: Option<&Pipeline>,
    finish: &(dyn Fn(Doc) -> T + Sync),
    sink: &mut dyn FnMut(T) -> Result<()>,
) -> Result<usize> {
    let stdin_wanted = paths.iter().any(|p| p == Path::new("-"))
        || (paths.is_empty()
            && !std::io::stdin().is_terminal()
            && !Path::new("data/articles").exists());
    let mut stdin = Vec::new();
    if stdin_wanted {
        std::io::stdin()
            .read_to_end(&mut stdin)
            .context("reading stdin")?;
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
    let mut failed = 0;
    for err in &inputs.skipped {
        eprintln!("newsgraph: {err}");
        failed += 1;
    }
    // Standard input, when read, is input 0; the files follow.
    let first_file = usize::from(stdin_wanted);
    let (mut sizes, mut pages) = batch::sizes_of(&inputs.files);
    if stdin_wanted {
        sizes.insert(0, stdin.len() as u64);
        pages.insert(0, false);
    }
    let open = |i: usize| -> Result<((), Vec<ingest::Record>), newsgraph::Error> {
        if i < first_file {
            let docs = ingest::read_records(
                "stdin.txt",
                Path::new("<stdin>"),
                &stdin,
                ingest::InputFormat::Text,
            )?;
            return Ok(((), docs));
        }
        batch::open_file(&inputs, i - first_file)
    };
    let path_of = |i: usize| {
        if i < first_file {
            Path::new("<stdin>")
        } else {
            inputs.files[i - first_file].as_path()
        }
    };
    let bar = progress_bytes(
        sizes.iter().sum(),
        quiet,
        if pipeline.is_some() {
            "extracting"
        } else {
            "reading"
        },
    );
    let work = batch::Work {
        sizes: &sizes,
        pages: Some(&pages),
        open: &open,
        pipeline,
        finish,
    };
    batch::in_order(&work, |items| -> Result<()> {
        for item in items {
            bar.inc(item.bytes);
            match item.event {
                batch::Event::Opened(Ok(())) | batch::Event::Closed => {}
                batch::Event::Opened(Err(err)) => {
                    bar.suspend(|| eprintln!("newsgraph: {err}"));
                    failed += 1;
                }
                batch::Event::Doc(Ok(done)) => sink(done)?,
                batch::Event::Doc(Err(failure)) => {
                    bar.suspend(|| {
                        eprintln!("newsgraph: {}", failure.describe(path_of(item.input)))
                    });
                    failed += 1;
                }
            }
        }
        Ok(())
    })?;
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
    /// Writes one article's N-Quads.
    fn write(&mut self, quads: &[u8]) -> Result<()> {
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
        out.write_all(quads).context("writing output")?;
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
            let failed = each_doc(
                &args.paths,
                quiet,
                args.min_confidence,
                &|doc| jsonl::to_line(&doc),
                &mut |line| writeln!(out, "{line}").context("writing output"),
            )?;
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
            // Identity across the inputs, as `build` resolves it, in input order.
            let mut resolver = identity::Resolver::new(Vec::new());
            let failed = each_doc(
                &args.paths,
                quiet,
                args.min_confidence,
                &|doc| (to_rdf::doc_to_quads(&doc), identity::cards_of(&doc)),
                &mut |(quads, cards)| {
                    articles += 1;
                    sink.write(&rdf::nquads(&resolver.resolve_quads(&cards, quads)))
                },
            )?;
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
            let failed = each_input(&args.paths, quiet, None, &|doc| doc, &mut |doc| {
                write_as_read(&mut out, &doc).context("writing output")
            })?;
            out.flush().context("writing output")?;
            failed
        }
        "csv" => {
            let (docs, failed) = extract_docs(&args.paths, quiet, args.min_confidence)?;
            let dir = args.output.as_deref().context("csv needs -o DIR")?;
            tables::write_facts(&docs, dir)?;
            failed
        }
        _ => {
            let (docs, failed) = extract_docs(&args.paths, quiet, args.min_confidence)?;
            let mut resolver = identity::Resolver::new(Vec::new());
            let quads: Vec<_> = docs
                .iter()
                .flat_map(|doc| {
                    let cards = identity::cards_of(doc);
                    resolver.resolve_quads(&cards, to_rdf::doc_to_quads(doc))
                })
                .collect();
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
