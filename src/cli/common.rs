//! What the subcommands share: loading the pipeline, progress bars on stderr, reading a query,
//! opening the output.

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use newsgraph::nlp::{Models, Pipeline, Resources};
use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::Arc;

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

/// The standard pipeline over [`resources`], leaving out relations whose confidence is below
/// `min_confidence`.
pub fn pipeline(min_confidence: f32) -> Result<Pipeline> {
    let (res, models) = resources()?;
    Ok(Pipeline::new(res, models).with_min_confidence(min_confidence))
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
