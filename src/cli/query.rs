//! `newsgraph query`, `update` and `validate`.

use super::args::{QueryArgs, UpdateArgs};
use super::{output, read_sparql};
use anyhow::{Context, Result};
use newsgraph::export::results::{self, ResultsFormat};
use newsgraph::kg::{validate, Store};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run_query(store_path: &Path, args: QueryArgs) -> Result<ExitCode> {
    let format = ResultsFormat::from_name(&args.format)?;
    let (text, name) = read_sparql(args.file.as_deref(), args.expression.as_deref())?;
    let store = Store::open_existing(store_path)?;
    let results = store.query(&text, &name)?;
    let mut out = output(None)?;
    results::write(results, format, &mut out)?;
    out.flush().context("writing results")?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_update(store_path: &Path, args: UpdateArgs, quiet: bool) -> Result<ExitCode> {
    let (text, name) = read_sparql(args.file.as_deref(), args.expression.as_deref())?;
    let store = Store::open_existing(store_path)?;
    let before = store.len()?;
    store.update(&text, &name)?;
    if !quiet {
        eprintln!(
            "newsgraph: update done; {} quads before, {} after",
            before,
            store.len()?
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_validate(store_path: &Path) -> Result<ExitCode> {
    let store = Store::open_existing(store_path)?;
    let violations = validate::validate(&store)?;
    let mut out = output(None)?;
    for v in &violations {
        writeln!(out, "{v}").context("writing violations")?;
    }
    out.flush().context("writing violations")?;
    if violations.is_empty() {
        eprintln!("newsgraph: the store conforms to ontology/shapes.ttl");
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "newsgraph: {} violation(s) of ontology/shapes.ttl",
            violations.len()
        );
        Ok(ExitCode::from(1))
    }
}
