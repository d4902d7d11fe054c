//! The statistical NER model: a linear-chain CRF (crfsuite) over the features of
//! [`super::features`], trained on CoNLL-2003-style IOB2 data.
//!
//! Model files are `NGCRF <feature version>\n` followed by the crfsuite model bytes, so a model
//! trained with another feature set is refused with a clear error instead of silently tagging
//! badly. Also here: the CoNLL reader (errors name the line) and conlleval-style exact-span
//! scoring.

use super::features::{sentence_features, DocContext, FEATURE_VERSION};
use crate::nlp::resources::{ResourceError, Resources};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use thiserror::Error;

const MAGIC: &str = "NGCRF";

/// The default model file, relative to the crate root.
pub const DEFAULT_MODEL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/models/ner.crfsuite");

/// Errors of training and CoNLL reading.
#[derive(Debug, Error)]
pub enum CrfError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A CoNLL line is malformed.
    #[error("{path}:{line}: {reason}")]
    Conll {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// crfsuite failed.
    #[error("crfsuite: {0}")]
    Crf(String),
}

/// A loaded model. The bytes live for the whole process because crfsuite reads them in place.
#[derive(Clone, Copy)]
pub struct NerModel {
    bytes: &'static [u8],
}

thread_local! {
    static LOADED: RefCell<Option<(usize, crfsuite::Model)>> = const { RefCell::new(None) };
}

/// Checks the header of a model file and returns the crfsuite bytes.
pub fn parse_model_file<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a [u8], ResourceError> {
    let bad = |reason: String| ResourceError::Model {
        path: path.to_path_buf(),
        reason,
    };
    let newline = bytes
        .iter()
        .take(32)
        .position(|&b| b == b'\n')
        .ok_or_else(|| bad("not a newsgraph NER model (no NGCRF header)".into()))?;
    let header = std::str::from_utf8(&bytes[..newline])
        .map_err(|_| bad("not a newsgraph NER model".into()))?;
    let version: u32 = header
        .strip_prefix(MAGIC)
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| bad("not a newsgraph NER model (no NGCRF header)".into()))?;
    if version != FEATURE_VERSION {
        return Err(bad(format!(
            "model uses feature version {version}, this build computes version {FEATURE_VERSION}; retrain it with `newsgraph train`"
        )));
    }
    let body = &bytes[newline + 1..];
    crfsuite::Model::from_memory(body).map_err(|e| bad(format!("invalid crfsuite model: {e}")))?;
    Ok(body)
}

impl NerModel {
    /// Loads a model file.
    pub fn load(path: &Path) -> Result<NerModel, ResourceError> {
        let bytes = std::fs::read(path).map_err(|source| ResourceError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let body = parse_model_file(&bytes, path)?.to_vec();
        Ok(NerModel {
            bytes: Box::leak(body.into_boxed_slice()),
        })
    }

    /// The model named by `NEWSGRAPH_MODEL`, else the default model of the source tree when
    /// present; `None` when there is none (rules and gazetteers then work alone).
    pub fn builtin() -> Result<Option<NerModel>, ResourceError> {
        if let Some(path) = std::env::var_os("NEWSGRAPH_MODEL") {
            if path.is_empty() {
                return Ok(None);
            }
            return NerModel::load(Path::new(&path)).map(Some);
        }
        let path = Path::new(DEFAULT_MODEL);
        if path.exists() {
            NerModel::load(path).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Tags one sentence, returning IOB2 labels (PER, ORG, LOC, MISC).
    pub fn tag(
        &self,
        words: &[&str],
        res: &Resources,
        ctx: &DocContext,
    ) -> Result<Vec<String>, String> {
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let items = sentence_features(words, res, ctx);
        let key = self.bytes.as_ptr() as usize;
        LOADED.with(|cell| {
            let mut slot = cell.borrow_mut();
            if slot.as_ref().is_none_or(|(k, _)| *k != key) {
                let model = crfsuite::Model::from_memory(self.bytes).map_err(|e| e.to_string())?;
                *slot = Some((key, model));
            }
            let (_, model) = slot.as_ref().ok_or("model not loaded")?;
            let mut tagger = model.tagger().map_err(|e| e.to_string())?;
            tagger.tag(&items).map_err(|e| e.to_string())
        })
    }
}

/// One sentence of a CoNLL file: tokens, gold tags, and the line of its first token.
#[derive(Debug, Clone, PartialEq)]
pub struct ConllSentence {
    /// Tokens (first column).
    pub words: Vec<String>,
    /// Gold tags (last column), IOB2.
    pub tags: Vec<String>,
    /// 1-based line of the first token.
    pub line: usize,
}

/// Reads a CoNLL file: first column the token, last column the IOB tag, blank lines between
/// sentences, `-DOCSTART-` lines ignored.
pub fn read_conll(path: &Path) -> Result<Vec<ConllSentence>, CrfError> {
    let bytes = std::fs::read(path).map_err(|source| CrfError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        CrfError::Conll {
            path: path.to_path_buf(),
            line: 1 + e.as_bytes()[..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
            reason: "invalid UTF-8".into(),
        }
    })?;
    parse_conll(&text, path)
}

/// Parses CoNLL text (see [`read_conll`]).
pub fn parse_conll(text: &str, path: &Path) -> Result<Vec<ConllSentence>, CrfError> {
    let mut out = Vec::new();
    let mut cur = ConllSentence {
        words: Vec::new(),
        tags: Vec::new(),
        line: 1,
    };
    for (idx, line) in text.lines().enumerate() {
        let line_no = idx + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with("-DOCSTART-") {
            if !cur.words.is_empty() {
                out.push(std::mem::replace(
                    &mut cur,
                    ConllSentence {
                        words: Vec::new(),
                        tags: Vec::new(),
                        line: line_no + 1,
                    },
                ));
            } else {
                cur.line = line_no + 1;
            }
            continue;
        }
        let cols: Vec<&str> = trimmed.split_whitespace().collect();
        let bad = |reason: String| CrfError::Conll {
            path: path.to_path_buf(),
            line: line_no,
            reason,
        };
        if cols.len() < 2 {
            return Err(bad(format!(
                "expected a token and a tag, found {:?}",
                trimmed
            )));
        }
        let tag = cols[cols.len() - 1];
        let valid =
            tag == "O" || (tag.len() > 2 && (tag.starts_with("B-") || tag.starts_with("I-")));
        if !valid {
            return Err(bad(format!(
                "{tag:?} is not an IOB tag (O, B-TYPE or I-TYPE)"
            )));
        }
        cur.words.push(cols[0].to_string());
        cur.tags.push(tag.to_string());
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Exact spans `(start, end, type)` of an IOB2 (or IOB1) tag sequence, conlleval style.
pub fn spans(tags: &[String]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (prefix, ty) = tag.split_once('-').unwrap_or(("O", ""));
        let continues = prefix == "I" && cur.as_ref().is_some_and(|(_, t)| t == ty);
        if !continues {
            if let Some((s, t)) = cur.take() {
                out.push((s, i, t));
            }
            if prefix == "B" || prefix == "I" {
                cur = Some((i, ty.to_string()));
            }
        }
    }
    if let Some((s, t)) = cur {
        out.push((s, tags.len(), t));
    }
    out
}

/// Precision, recall and F1 per type and overall.
#[derive(Debug, Default, Clone)]
pub struct SpanScores {
    /// Type → (true positives, predicted, gold).
    pub counts: BTreeMap<String, (usize, usize, usize)>,
}

impl SpanScores {
    /// Adds one sentence.
    pub fn add(&mut self, gold: &[String], predicted: &[String]) {
        let g = spans(gold);
        let p = spans(predicted);
        for s in &p {
            let e = self.counts.entry(s.2.clone()).or_default();
            e.1 += 1;
            if g.contains(s) {
                e.0 += 1;
            }
        }
        for s in &g {
            self.counts.entry(s.2.clone()).or_default().2 += 1;
        }
    }

    /// (precision, recall, F1) of one type, or of all types when `ty` is `None`.
    pub fn prf(&self, ty: Option<&str>) -> (f64, f64, f64) {
        let (tp, pred, gold) = self
            .counts
            .iter()
            .filter(|(t, _)| ty.is_none_or(|x| x == t.as_str()))
            .fold((0, 0, 0), |a, (_, c)| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
        let p = if pred == 0 {
            0.0
        } else {
            tp as f64 / pred as f64
        };
        let r = if gold == 0 {
            0.0
        } else {
            tp as f64 / gold as f64
        };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f)
    }

    /// A conlleval-like report.
    pub fn report(&self) -> String {
        let (p, r, f) = self.prf(None);
        let mut out = format!("all        precision {p:.4}  recall {r:.4}  F1 {f:.4}\n");
        for ty in self.counts.keys() {
            let (p, r, f) = self.prf(Some(ty));
            out.push_str(&format!(
                "{ty:<10} precision {p:.4}  recall {r:.4}  F1 {f:.4}\n"
            ));
        }
        out
    }
}

/// Document contexts for sentences without document markers: a sliding block of sentences.
pub fn block_contexts(sentences: &[ConllSentence], block: usize) -> Vec<DocContext> {
    sentences
        .chunks(block.max(1))
        .map(|chunk| {
            DocContext::new(
                chunk
                    .iter()
                    .flat_map(|s| s.words.iter().map(String::as_str)),
            )
        })
        .collect()
}

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
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            c1: 0.05,
            c2: 0.05,
            max_iterations: 300,
            block: 20,
        }
    }
}

/// Trains a model on `train` and writes it to `out`. L-BFGS is deterministic, so the same
/// data and options give the same model.
pub fn train(
    train: &[ConllSentence],
    res: &Resources,
    options: &TrainOptions,
    out: &Path,
) -> Result<(), CrfError> {
    let mut trainer = crfsuite::Trainer::new(false);
    trainer
        .select(crfsuite::Algorithm::LBFGS, crfsuite::GraphicalModel::CRF1D)
        .map_err(|e| CrfError::Crf(e.to_string()))?;
    let contexts = block_contexts(train, options.block);
    for (idx, sent) in train.iter().enumerate() {
        let words: Vec<&str> = sent.words.iter().map(String::as_str).collect();
        let items = sentence_features(&words, res, &contexts[idx / options.block.max(1)]);
        trainer
            .append(&items, &sent.tags, 0)
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
    let tmp = out.with_extension("tmp-crfsuite");
    let tmp_str = tmp
        .to_str()
        .ok_or_else(|| CrfError::Crf("model path is not UTF-8".into()))?;
    trainer
        .train(tmp_str, -1)
        .map_err(|e| CrfError::Crf(e.to_string()))?;
    let body = std::fs::read(&tmp).map_err(|source| CrfError::Io {
        path: tmp.clone(),
        source,
    })?;
    let _ = std::fs::remove_file(&tmp);
    let mut bytes = format!("{MAGIC} {FEATURE_VERSION}\n").into_bytes();
    bytes.extend_from_slice(&body);
    std::fs::write(out, bytes).map_err(|source| CrfError::Io {
        path: out.to_path_buf(),
        source,
    })
}

/// Tags CoNLL sentences with a model, returning predicted tags per sentence.
pub fn tag_conll(
    model: &NerModel,
    sentences: &[ConllSentence],
    res: &Resources,
    block: usize,
) -> Result<Vec<Vec<String>>, CrfError> {
    let contexts = block_contexts(sentences, block);
    sentences
        .iter()
        .enumerate()
        .map(|(idx, sent)| {
            let words: Vec<&str> = sent.words.iter().map(String::as_str).collect();
            model
                .tag(&words, res, &contexts[idx / block.max(1)])
                .map_err(CrfError::Crf)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn crf_spans_follow_conlleval() {
        assert_eq!(
            spans(&tags("B-PER I-PER O B-LOC I-ORG")),
            vec![
                (0, 2, "PER".into()),
                (3, 4, "LOC".into()),
                (4, 5, "ORG".into())
            ]
        );
        let mut scores = SpanScores::default();
        scores.add(&tags("B-PER I-PER O B-LOC"), &tags("B-PER O O B-LOC"));
        let (p, r, _) = scores.prf(None);
        assert_eq!((p, r), (0.5, 0.5));
    }

    #[test]
    fn crf_conll_errors_name_the_line() {
        let err = parse_conll("EU B-ORG\nrejects\n", Path::new("x.conll")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.conll:2: expected a token and a tag, found \"rejects\""
        );
        let err = parse_conll("EU B-ORG\n\nA BAD\n", Path::new("x.conll")).unwrap_err();
        assert!(err.to_string().starts_with("x.conll:3:"), "{err}");
        let sents = parse_conll(
            "-DOCSTART- O\n\nEU B-ORG\nrejects O\n\nA O\n",
            Path::new("x"),
        )
        .unwrap();
        assert_eq!(sents.len(), 2);
        assert_eq!(sents[0].line, 3);
    }

    #[test]
    fn crf_refuses_other_feature_version() {
        let bytes = format!("NGCRF {}\nlCRF...", FEATURE_VERSION + 1).into_bytes();
        let err = parse_model_file(&bytes, Path::new("m.crfsuite")).unwrap_err();
        assert!(err.to_string().contains("feature version"), "{err}");
        let err = parse_model_file(b"garbage", Path::new("m.crfsuite")).unwrap_err();
        assert!(
            err.to_string().contains("not a newsgraph NER model"),
            "{err}"
        );
    }
}
