//! The CLI edge: one thin file per subcommand over library functions; errors get their
//! context here (anyhow), library errors stay typed (thiserror).

pub mod args;
mod build;
mod eval;
mod export;
mod extract;
mod learn;
mod ner;
mod push;
mod query;
mod serve;

use anyhow::{Context, Result};
use args::{Cli, Command};
use indicatif::{ProgressBar, ProgressStyle};
use newsgraph::nlp::{Models, Pipeline, Resources};
use std::io::{IsTerminal, Read};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// Runs one command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    if cli.max_article_bytes < 1024 {
        anyhow::bail!(
            "--max-article-bytes {}: at least 1024",
            cli.max_article_bytes
        );
    }
    newsgraph::ingest::set_max_article_bytes(cli.max_article_bytes);
    match cli.command {
        Command::Build(a) => build::run(&cli.store, a, cli.quiet),
        Command::Extract(a) => extract::run(a, cli.quiet),
        Command::Query(a) => query::run_query(&cli.store, a),
        Command::Update(a) => query::run_update(&cli.store, a, cli.quiet),
        Command::Export(a) => export::run(&cli.store, a, cli.quiet),
        Command::Eval(a) => eval::run(a, cli.quiet),
        Command::Ner(a) => ner::run_ner(a),
        Command::Train(a) => ner::run_train(a, cli.quiet),
        Command::TrainQuotes(a) => learn::run_train_quotes(a, cli.quiet),
        Command::TrainRelations(a) => learn::run_train_relations(a, cli.quiet),
        Command::Validate => query::run_validate(&cli.store),
        Command::Stats => query::run_stats(&cli.store),
        Command::Push(a) => push::run(&cli.store, a, cli.quiet),
        Command::Serve(a) => serve::run(&cli.store, a, cli.quiet),
        Command::Optimize => query::run_optimize(&cli.store, cli.quiet),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "newsgraph", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Loads the gazetteers only (training needs no model, and must not fail on an old one).
pub fn gazetteers() -> Result<Arc<Resources>> {
    Ok(Arc::new(
        Resources::load_default().context("loading built-in gazetteers")?,
    ))
}

/// Loads gazetteers and models: from `NEWSGRAPH_DATA` when set, else the built-in ones.
pub fn resources() -> Result<(Arc<Resources>, Models)> {
    let loaded = match std::env::var_os("NEWSGRAPH_DATA") {
        Some(dir) => {
            let dir = Path::new(&dir);
            Resources::load(dir)
                .and_then(|res| Ok((res, Models::load(dir)?)))
                .with_context(|| format!("loading resources from {}", dir.display()))?
        }
        None => (
            Resources::load_default().context("loading built-in resources")?,
            Models::load_default().context("loading built-in resources")?,
        ),
    };
    Ok((Arc::new(loaded.0), loaded.1))
}

/// The standard pipeline over [`resources`].
pub fn pipeline() -> Result<Pipeline> {
    let (res, models) = resources()?;
    Ok(Pipeline::new(res, models))
}

/// A progress bar on stderr when it is a terminal and --quiet is absent.
pub fn progress(len: u64, quiet: bool, what: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    let style = ProgressStyle::with_template(
        "{spinner} {msg} [{bar:30}] {pos}/{len} ({per_sec}, eta {eta})",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(what.to_string());
    bar
}

/// A progress bar over bytes of input (hidden when quiet or when stderr is not a terminal).
pub fn progress_bytes(len: u64, quiet: bool, what: &str) -> ProgressBar {
    let bar = progress(len, quiet, what);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, eta {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar
}

/// Reads a query or update from a file, `-` (stdin) or -e; returns (text, name for errors).
pub fn read_sparql(file: Option<&Path>, expression: Option<&str>) -> Result<(String, String)> {
    if let Some(text) = expression {
        return Ok((text.to_string(), "-e".to_string()));
    }
    let path = file.context("give a query file or -e")?;
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the query from stdin")?;
        return Ok((text, "<stdin>".to_string()));
    }
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading query {}", path.display()))?;
    Ok((text, path.display().to_string()))
}

/// Opens the output: a file, or stdout.
pub fn output(path: Option<&Path>) -> Result<Box<dyn std::io::Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}
