//! `newsgraph train-quotes`, `train-relations` and `train-confidence`: the learned stages'
//! models.

use super::args::{ClassifierArgs, TrainQuotesArgs, TrainRelationsArgs};
use super::common::{gazetteers, progress};
use anyhow::{bail, Context, Result};
use newsgraph::nlp::learn::{self, Instance, Solver, TrainConfig};
use newsgraph::nlp::{confidence, quotes, relations, Models, Pipeline, Resources};
use newsgraph::train;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

/// Gazetteers and the pipeline up to coreference with the NER model, without the models being
/// trained (an old one must not stop training a new one).
fn training_pipeline() -> Result<(Arc<Resources>, Pipeline)> {
    let res = gazetteers()?;
    let models = Models::ner_only().context("loading the NER model")?;
    Ok((res.clone(), Pipeline::up_to(res, models, "coref")))
}

/// What is trained: the model kind, its feature version and its labels.
struct ModelKind {
    name: &'static str,
    version: u32,
    labels: &'static [&'static str],
    /// Passes over the data unless `--epochs` says otherwise.
    epochs: usize,
    /// The L2 penalty per instance.
    l2: f32,
    /// Features seen fewer times than this are dropped.
    min_count: usize,
    /// How the weights are found.
    solver: Solver,
}

/// The number of documents of a gold file, for the progress bar (0 when unreadable: the
/// reading itself reports why).
fn gold_lines(path: &Path) -> u64 {
    std::fs::read_to_string(path)
        .map(|t| t.lines().filter(|l| !l.trim().is_empty()).count() as u64)
        .unwrap_or(0)
}

fn write_model(
    model_kind: &ModelKind,
    mut data: Vec<Instance>,
    args: &ClassifierArgs,
    started: Instant,
    quiet: bool,
) -> Result<ExitCode> {
    if let Some(limit) = args.limit {
        data.truncate(limit);
    }
    let (kind, version, labels) = (model_kind.name, model_kind.version, model_kind.labels);
    if data.is_empty() {
        bail!("no training instances: the gold files gave nothing to learn from");
    }
    let mut counts = vec![0usize; labels.len()];
    for inst in &data {
        counts[inst.label] += 1;
    }
    let config = TrainConfig {
        epochs: args.epochs.unwrap_or(model_kind.epochs),
        l2: args.l2.unwrap_or(model_kind.l2),
        min_count: model_kind.min_count,
        solver: model_kind.solver,
        ..TrainConfig::default()
    };
    let model = learn::train(kind, version, labels, &data, config);
    let output = &args.output;
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
    let (res, pipeline) = training_pipeline()?;
    let mut data = Vec::new();
    for dir in &args.dirs {
        let bar = progress(gold_lines(&dir.join("gold.jsonl")), quiet, "quotes");
        let tick = || bar.inc(1);
        data.extend(
            train::quote_instances(&res, &pipeline, dir, &tick)
                .with_context(|| format!("reading training data from {}", dir.display()))?,
        );
        bar.finish_and_clear();
    }
    let kind = ModelKind {
        name: quotes::MODEL_KIND,
        version: quotes::FEATURE_VERSION,
        labels: &quotes::LABELS,
        epochs: quotes::TRAIN_EPOCHS,
        l2: TrainConfig::default().l2,
        min_count: TrainConfig::default().min_count,
        solver: Solver::Stochastic,
    };
    write_model(&kind, data, &args.model, started, quiet)
}

/// A gold argument: GOLD, GOLD=TEXTS, GOLD@WEIGHT or GOLD=TEXTS@WEIGHT, as (gold, texts,
/// weight); without TEXTS, the texts/ folder beside GOLD, else data/articles.
fn gold_spec(spec: &str) -> Result<(PathBuf, PathBuf, f32)> {
    let (spec, weight) = match spec.rsplit_once('@') {
        Some((s, w)) => (
            s,
            w.parse::<f32>()
                .ok()
                .filter(|w| *w > 0.0)
                .with_context(|| format!("{spec}: the weight after @ must be a positive number"))?,
        ),
        None => (spec, 1.0),
    };
    Ok(match spec.split_once('=') {
        Some((g, t)) => (PathBuf::from(g), PathBuf::from(t), weight),
        None => {
            let g = PathBuf::from(spec);
            let t = train::texts_beside(&g);
            (g, t, weight)
        }
    })
}

/// Reads one gold file and its texts into instances, ticking once per article.
type ReadGold<'a> = &'a dyn Fn(&Path, &Path, &(dyn Fn() + Sync)) -> Result<Vec<Instance>>;

/// The instances `read` makes of every gold argument, each weighed by its @WEIGHT, with a
/// progress bar over its articles.
fn weighted_instances(
    specs: &[String],
    quiet: bool,
    what: &str,
    read: ReadGold,
) -> Result<Vec<Instance>> {
    let mut data = Vec::new();
    for spec in specs {
        let (gold, texts, weight) = gold_spec(spec)?;
        let bar = progress(gold_lines(&gold), quiet, what);
        let tick = || bar.inc(1);
        let mut instances = read(&gold, &texts, &tick)
            .with_context(|| format!("reading training data from {}", gold.display()))?;
        for inst in &mut instances {
            inst.weight *= weight;
        }
        data.extend(instances);
        bar.finish_and_clear();
    }
    Ok(data)
}

pub fn run_train_relations(args: TrainRelationsArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let (res, pipeline) = training_pipeline()?;
    let data = weighted_instances(&args.gold, quiet, "relations", &|gold, texts, tick| {
        Ok(train::relation_instances(
            &res, &pipeline, gold, texts, tick,
        )?)
    })?;
    let kind = ModelKind {
        name: relations::MODEL_KIND,
        version: relations::FEATURE_VERSION,
        labels: &relations::LABELS,
        epochs: relations::TRAIN_EPOCHS,
        l2: TrainConfig::default().l2,
        min_count: TrainConfig::default().min_count,
        solver: Solver::Stochastic,
    };
    write_model(&kind, data, &args.model, started, quiet)
}

pub fn run_train_confidence(args: TrainRelationsArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let res = gazetteers()?;
    let mut models = Models::load_default().context("loading the models")?;
    // The model being trained must not judge the facts it learns from.
    models.confidence = None;
    let pipeline = Pipeline::up_to(res, models, "claims");
    // A .tsv is a judged sheet (benches/judge_sample.py), anything else gold JSON Lines.
    let data = weighted_instances(&args.gold, quiet, "facts", &|gold, texts, tick| {
        if gold.extension().is_some_and(|e| e == "tsv") {
            Ok(train::judged_instances(&pipeline, gold, texts, tick)?)
        } else {
            Ok(train::confidence_instances(&pipeline, gold, texts, tick)?)
        }
    })?;
    let kind = ModelKind {
        name: confidence::MODEL_KIND,
        version: confidence::FEATURE_VERSION,
        labels: &confidence::LABELS,
        epochs: confidence::TRAIN_EPOCHS,
        l2: confidence::TRAIN_L2,
        min_count: confidence::TRAIN_MIN_COUNT,
        solver: Solver::Converged,
    };
    write_model(&kind, data, &args.model, started, quiet)
}
