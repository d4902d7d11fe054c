//! `newsgraph query`, `update`, `validate`, `stats`, `optimize` and `why`.

use super::args::{JoinsArg, QueryArgs, UpdateArgs, WhyArgs};
use super::common::{output, read_sparql};
use anyhow::{anyhow, bail, Context, Result};
use newsgraph::export::results::{self, ResultsFormat};
use newsgraph::kg::plan::Joins;
use newsgraph::kg::{identity, store, validate, Store};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run_query(store_path: &Path, args: QueryArgs) -> Result<ExitCode> {
    let format = ResultsFormat::from_name(&args.format)?;
    let (text, name) = read_sparql(args.file.as_deref(), args.expression.as_deref())?;
    let store = Store::open_read_only(store_path)?;
    let mut params = Vec::new();
    for param in &args.params {
        let Some((var, value)) = param.split_once('=') else {
            bail!("--param {param:?}: expected NAME=VALUE");
        };
        let term = store::parse_param(value).map_err(|e| anyhow!("--param {var}: {e}"))?;
        params.push((var.trim().to_string(), term));
    }
    for (var, term) in &params {
        if let Some(hint) = file_hint(&store, var, term) {
            eprintln!("newsgraph: {hint}");
        }
    }
    let joins = match args.joins {
        JoinsArg::Auto => Joins::Auto,
        JoinsArg::Lookup => Joins::Lookup,
        JoinsArg::Scan => Joins::Scan,
    };
    let options = store::QueryOptions {
        params,
        union: args.union,
        joins,
        ..store::QueryOptions::default()
    };
    let results = store.query_with_options(&text, &name, &options)?;
    let mut out = output(None)?;
    results::write(results, format, &mut out)?;
    out.flush().context("writing results")?;
    Ok(ExitCode::SUCCESS)
}

/// A `file` parameter that names no article's file, when some article's file is that name
/// with an extension: what it should have been.
fn file_hint(store: &Store, var: &str, term: &oxigraph::model::Term) -> Option<String> {
    let oxigraph::model::Term::Literal(value) = term else {
        return None;
    };
    if var.trim_start_matches(['?', '$']) != "file" {
        return None;
    }
    let name = oxigraph::model::Term::Literal(value.value().into());
    let rows = |query: &str| -> Vec<String> {
        let options = store::QueryOptions {
            params: vec![("name".into(), name.clone())],
            ..store::QueryOptions::default()
        };
        match store.query_with_options(query, "--param file", &options) {
            Ok(oxigraph::sparql::QueryResults::Solutions(s)) => s
                .flatten()
                .filter_map(|row| match row.get("f") {
                    Some(oxigraph::model::Term::Literal(l)) => Some(l.value().to_string()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    if !rows("SELECT ?f WHERE { ?a ng:fileName ?name BIND(?name AS ?f) } LIMIT 1").is_empty() {
        return None;
    }
    let near = rows(
        "SELECT ?f WHERE { ?a ng:fileName ?f FILTER (STRSTARTS(?f, CONCAT(?name, \".\"))) } ORDER BY ?f LIMIT 3",
    );
    (!near.is_empty()).then(|| {
        format!(
            "--param file={}: no article has that file name (file names keep their extension); did you mean file={}?",
            value.value(),
            near.join(" or file=")
        )
    })
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
    let store = Store::open_read_only(store_path)?;
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

pub fn run_stats(store_path: &Path) -> Result<ExitCode> {
    let store = Store::open_read_only(store_path)?;
    let stats = store.stats()?;
    let mut out = output(None)?;
    writeln!(out, "store       {}", store_path.display()).context("writing stats")?;
    writeln!(out, "articles    {}", stats.articles).context("writing stats")?;
    for (class, n) in &stats.entities {
        writeln!(out, "entities    {class:<14} {n}").context("writing stats")?;
    }
    for (predicate, n) in &stats.relations {
        writeln!(out, "relations   {predicate:<14} {n}").context("writing stats")?;
    }
    writeln!(out, "quads       {}", stats.quads).context("writing stats")?;
    writeln!(
        out,
        "on disk     {:.1} MB",
        stats.bytes as f64 / 1_000_000.0
    )
    .context("writing stats")?;
    out.flush().context("writing stats")?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_optimize(store_path: &Path, quiet: bool) -> Result<ExitCode> {
    let store = Store::open_existing(store_path)?;
    let before = store.stats()?.bytes;
    let started = std::time::Instant::now();
    store.optimize()?;
    if !quiet {
        eprintln!(
            "newsgraph: compacted {} from {:.1} MB to {:.1} MB in {:.1} s",
            store_path.display(),
            before as f64 / 1e6,
            store.stats()?.bytes as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_why(store_path: &Path, args: WhyArgs) -> Result<ExitCode> {
    let store = Store::open_read_only(store_path)?;
    let nodes = identity::find(&store, &args.name)?;
    if nodes.is_empty() {
        bail!(
            "no entity named {:?} in {} (names and aliases are compared in any case)",
            args.name,
            store_path.display()
        );
    }
    let mut out = output(None)?;
    for (i, iri) in nodes.iter().enumerate() {
        if i > 0 {
            writeln!(out).context("writing output")?;
        }
        let explanation = identity::explain(&store, iri)?;
        write!(out, "{}", explanation.text()).context("writing output")?;
    }
    out.flush().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}
