//! `newsgraph train-quotes` and `newsgraph train-relations`: the learned stages' models.

use super::args::{TrainQuotesArgs, TrainRelationsArgs};
use super::progress;
use anyhow::{bail, Context, Result};
use newsgraph::nlp::learn::{self, Instance, TrainConfig};
use newsgraph::nlp::ner::crf::NerModel;
use newsgraph::nlp::{quotes, relations, Resources};
use newsgraph::train;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

/// Gazetteers and the NER model, without the models being trained (an old one must not stop
/// training a new one).
fn training_resources() -> Result<Arc<Resources>> {
    let mut res = Resources::load_default_gazetteers().context("loading built-in gazetteers")?;
    res.model = NerModel::builtin().context("loading the NER model")?;
    Ok(Arc::new(res))
}

fn write_model(
    kind: &str,
    version: u32,
    labels: &[&str],
    mut data: Vec<Instance>,
    epochs: usize,
    limit: Option<usize>,
    output: &Path,
    started: Instant,
    quiet: bool,
) -> Result<ExitCode> {
    if let Some(limit) = limit {
        data.truncate(limit);
    }
    if data.is_empty() {
        bail!("no training instances: the gold files gave nothing to learn from");
    }
    let mut counts = vec![0usize; labels.len()];
    for inst in &data {
        counts[inst.label] += 1;
    }
    let config = TrainConfig {
        epochs,
        ..TrainConfig::default()
    };
    let model = learn::train(kind, version, labels, &data, config);
    std::fs::write(output, model.to_text())
        .with_context(|| format!("writing {}", output.display()))?;
    if !quiet {
        let summary: Vec<String> = labels
            .iter()
            .zip(&counts)
            .map(|(l, c)| format!("{l} {c}"))
            .collect();
        eprintln!(
            "newsgraph: trained the {kind} model on {} instances ({}) in {:.1} s; {} features; model {}",
            data.len(),
            summary.join(", "),
            started.elapsed().as_secs_f64(),
            model.n_features(),
            output.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_train_quotes(args: TrainQuotesArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let res = training_resources()?;
    let mut data = Vec::new();
    for dir in &args.dirs {
        let n = std::fs::read_to_string(dir.join("gold.jsonl"))
            .map(|t| t.lines().filter(|l| !l.trim().is_empty()).count())
            .unwrap_or(0);
        let bar = progress(n as u64, quiet, "quotes");
        let tick = || bar.inc(1);
        data.extend(
            train::quote_instances(&res, dir, &tick)
                .with_context(|| format!("reading training data from {}", dir.display()))?,
        );
        bar.finish_and_clear();
    }
    write_model(
        quotes::MODEL_KIND,
        quotes::FEATURE_VERSION,
        &quotes::LABELS,
        data,
        args.epochs,
        args.limit,
        &args.output,
        started,
        quiet,
    )
}

pub fn run_train_relations(args: TrainRelationsArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let res = training_resources()?;
    let mut data = Vec::new();
    for spec in &args.gold {
        let (gold, texts) = match spec.split_once('=') {
            Some((g, t)) => (PathBuf::from(g), PathBuf::from(t)),
            None => {
                let g = PathBuf::from(spec);
                let t = train::texts_beside(&g);
                (g, t)
            }
        };
        let n = std::fs::read_to_string(&gold)
            .map(|t| t.lines().filter(|l| !l.trim().is_empty()).count())
            .unwrap_or(0);
        let bar = progress(n as u64, quiet, "relations");
        let tick = || bar.inc(1);
        data.extend(
            train::relation_instances(&res, &gold, &texts, &tick)
                .with_context(|| format!("reading training data from {}", gold.display()))?,
        );
        bar.finish_and_clear();
    }
    write_model(
        relations::MODEL_KIND,
        relations::FEATURE_VERSION,
        &relations::LABELS,
        data,
        args.epochs,
        args.limit,
        &args.output,
        started,
        quiet,
    )
}
