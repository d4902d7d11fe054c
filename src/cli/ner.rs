//! `newsgraph ner` and `newsgraph train`.

use super::args::{NerArgs, TrainArgs};
use super::common::{gazetteers, output, resources};
use anyhow::{Context, Result};
use newsgraph::nlp::ner::crf::{self, NerModel, SpanScores, TrainOptions};
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

/// Longest pseudo-document for the context features of CoNLL files, which have no document
/// markers (stories are found by their datelines; see `crf::block_contexts`).
const BLOCK: usize = 40;

pub fn run_ner(args: NerArgs) -> Result<ExitCode> {
    // With --model, the built-in model is not needed (nor checked).
    let (res, model) = match &args.model {
        Some(path) => (gazetteers()?, NerModel::load(path)?),
        None => {
            let (res, models) = resources()?;
            let model = models
                .ner
                .context("no NER model: train one with `newsgraph train` or pass --model")?;
            (res, model)
        }
    };
    let sentences = crf::read_conll(&args.conll)?;
    let start = Instant::now();
    let predicted = crf::tag_conll(&model, &sentences, &res, BLOCK)?;
    let elapsed = start.elapsed().as_secs_f64();
    let mut out = output(None)?;
    let mut scores = SpanScores::default();
    let mut n_tokens = 0;
    for (sent, tags) in sentences.iter().zip(&predicted) {
        for ((word, gold), pred) in sent.words.iter().zip(&sent.tags).zip(tags) {
            writeln!(out, "{word} {gold} {pred}").context("writing output")?;
        }
        writeln!(out).context("writing output")?;
        scores.add(&sent.tags, tags);
        n_tokens += sent.words.len();
    }
    out.flush().context("writing output")?;
    eprint!("{}", scores.report());
    eprintln!(
        "{n_tokens} tokens in {elapsed:.2} s ({:.0} tokens/s, features included)",
        n_tokens as f64 / elapsed.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

pub fn run_train(args: TrainArgs, quiet: bool) -> Result<ExitCode> {
    let res = gazetteers()?;
    let mut train = crf::read_conll(&args.conll)?;
    if let Some(limit) = args.limit {
        train.truncate(limit);
    }
    let options = TrainOptions {
        c1: args.c1,
        c2: args.c2,
        max_iterations: args.iterations,
        block: BLOCK,
        two_stage: args.two_stage,
    };
    let start = Instant::now();
    crf::train(&train, &res, &options, &args.output)?;
    let seconds = start.elapsed().as_secs_f64();
    let size = std::fs::metadata(&args.output)
        .map(|m| m.len())
        .unwrap_or(0);
    if !quiet {
        eprintln!(
            "newsgraph: trained on {} sentences in {seconds:.1} s; model {} ({:.2} MiB)",
            train.len(),
            args.output.display(),
            size as f64 / 1048576.0
        );
    }
    if let Some(dev) = &args.dev {
        let model = NerModel::load(&args.output)?;
        let sentences = crf::read_conll(dev)?;
        let predicted = crf::tag_conll(&model, &sentences, &res, BLOCK)?;
        let mut scores = SpanScores::default();
        for (sent, tags) in sentences.iter().zip(&predicted) {
            scores.add(&sent.tags, tags);
        }
        eprintln!("development set {}:", dev.display());
        eprint!("{}", scores.report());
    }
    Ok(ExitCode::SUCCESS)
}
