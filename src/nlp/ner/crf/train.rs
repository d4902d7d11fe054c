//! Training the model with crfsuite on IOB2 sentences, and turning its weights into the tables
//! the tagger reads.

use super::super::features::{sentence_features, FEATURE_VERSION};
use super::conll::{block_contexts, ConllSentence};
use super::model::{
    tag_with, type_index, CrfError, History, Tables, MAGIC, STAGE2_MARK, WORD_SCORES,
};
use crate::nlp::resources::Resources;
use std::path::Path;

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// L1 regularisation.
    pub c1: f64,
    /// L2 regularisation.
    pub c2: f64,
    /// Maximum L-BFGS iterations.
    pub max_iterations: usize,
    /// Sentences per pseudo-document for the context features.
    pub block: usize,
    /// Train a second stage on the first stage's label history (three more trainings).
    pub two_stage: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            c1: 0.05,
            c2: 0.05,
            max_iterations: 300,
            block: 20,
            two_stage: false,
        }
    }
}

/// Trains a model on `train` and writes it to `out`. L-BFGS is deterministic, so the same
/// data and options give the same model. With `two_stage`, the second stage learns from the
/// first stage's labels of the other occurrences of a word in its story; on the training data
/// those labels come from models trained on the other half of the stories (jackknifing), so
/// that the second stage does not learn to trust a first stage that has seen the answers.
pub fn train(
    train: &[ConllSentence],
    res: &Resources,
    options: &TrainOptions,
    out: &Path,
) -> Result<(), CrfError> {
    let (contexts, doc_of) = block_contexts(train, res, options.block);
    let words: Vec<Vec<&str>> = train
        .iter()
        .map(|s| s.words.iter().map(String::as_str).collect())
        .collect();
    let features = |idx: usize| sentence_features(&words[idx], res, &contexts[doc_of[idx]]);
    let all: Vec<usize> = (0..train.len()).collect();
    let stage1 = train_tables(
        train,
        &all,
        &features,
        options,
        &out.with_extension("stage1"),
    )?;
    let mut text = format!("{MAGIC} {FEATURE_VERSION}\n{}", stage1.to_native());
    if options.two_stage {
        let (even, odd): (Vec<usize>, Vec<usize>) =
            all.iter().partition(|&&idx| doc_of[idx] % 2 == 0);
        let (model_even, model_odd) = rayon::join(
            || {
                train_tables(
                    train,
                    &even,
                    &features,
                    options,
                    &out.with_extension("fold0"),
                )
            },
            || {
                train_tables(
                    train,
                    &odd,
                    &features,
                    options,
                    &out.with_extension("fold1"),
                )
            },
        );
        let (model_even, model_odd) = (model_even?, model_odd?);
        // First-stage labels of every story from the model that did not see it.
        let mut first: Vec<Vec<String>> = vec![Vec::new(); train.len()];
        for idx in 0..train.len() {
            let model = if doc_of[idx] % 2 == 0 {
                &model_odd
            } else {
                &model_even
            };
            first[idx] = tag_with(model, &words[idx], res, &contexts[doc_of[idx]]);
        }
        // The fold tables are dropped below; forget their cached word scores.
        WORD_SCORES.with(|cell| cell.borrow_mut().clear());
        let mut histories = Vec::new();
        let mut history_of = vec![0; train.len()];
        let mut offset_of = vec![0; train.len()];
        let mut start = 0;
        while start < train.len() {
            let end = (start..train.len())
                .find(|&k| doc_of[k] != doc_of[start])
                .unwrap_or(train.len());
            let slices: Vec<&[&str]> = words[start..end].iter().map(Vec::as_slice).collect();
            let mut offset = 0;
            for idx in start..end {
                history_of[idx] = histories.len();
                offset_of[idx] = offset;
                offset += words[idx].len();
            }
            let types: Vec<Vec<usize>> = first[start..end]
                .iter()
                .map(|tags| tags.iter().map(|t| type_index(t)).collect())
                .collect();
            histories.push(History::new(&slices, &types));
            start = end;
        }
        let features2 = |idx: usize| {
            let mut items = features(idx);
            for (i, item) in items.iter_mut().enumerate() {
                histories[history_of[idx]].features(
                    words[idx][i],
                    offset_of[idx] + i,
                    type_index(&first[idx][i]),
                    &mut |name| {
                        item.push(crfsuite::Attribute::new(name, 1.0));
                    },
                );
            }
            items
        };
        let stage2 = train_tables(
            train,
            &all,
            &features2,
            options,
            &out.with_extension("stage2"),
        )?;
        text.push_str(STAGE2_MARK);
        text.push_str(&stage2.to_native());
    }
    std::fs::write(out, text).map_err(|source| CrfError::Io {
        path: out.to_path_buf(),
        source,
    })
}

/// Trains one CRF with crfsuite on the sentences `indices` and returns its weight tables.
pub(super) fn train_tables(
    train: &[ConllSentence],
    indices: &[usize],
    features: &(dyn Fn(usize) -> Vec<crfsuite::Item> + Sync),
    options: &TrainOptions,
    tmp: &Path,
) -> Result<Tables, CrfError> {
    let mut trainer = crfsuite::Trainer::new(false);
    trainer
        .select(crfsuite::Algorithm::LBFGS, crfsuite::GraphicalModel::CRF1D)
        .map_err(|e| CrfError::Crf(e.to_string()))?;
    for &idx in indices {
        trainer
            .append(&features(idx), &train[idx].tags, 0)
            .map_err(|e| CrfError::Crf(e.to_string()))?;
    }
    for (name, value) in [
        ("c1", options.c1.to_string()),
        ("c2", options.c2.to_string()),
        ("max_iterations", options.max_iterations.to_string()),
        ("feature.possible_transitions", "1".to_string()),
    ] {
        trainer
            .set(name, &value)
            .map_err(|e| CrfError::Crf(e.to_string()))?;
    }
    let tmp_str = tmp
        .to_str()
        .ok_or_else(|| CrfError::Crf("model path is not UTF-8".into()))?;
    trainer
        .train(tmp_str, -1)
        .map_err(|e| CrfError::Crf(e.to_string()))?;
    let body = std::fs::read(tmp).map_err(|source| CrfError::Io {
        path: tmp.to_path_buf(),
        source,
    })?;
    let _ = std::fs::remove_file(tmp);
    Tables::from_crfsuite(&body, tmp).map_err(|e| CrfError::Crf(e.to_string()))
}
