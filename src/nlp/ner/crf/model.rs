//! The model: its file format, the weight tables the tagger reads, and tagging (Viterbi over
//! the features of [`crate::nlp::ner::features`], with a second stage that reads the labels
//! other occurrences of a word received).

use super::super::features::{word_features, DocContext, SentenceContext, FEATURE_VERSION};
use crate::nlp::hash::FxHashMap;
use crate::nlp::resources::{ResourceError, Resources};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use thiserror::Error;

pub(super) const MAGIC: &str = "NGCRF";

/// The default model (`data/models/ner.crf`), compiled into the binary so that it travels
/// with it wherever it is installed.
pub static BUILTIN_MODEL: &[u8] = include_bytes!("../../../../data/models/ner.crf");

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

thread_local! {
    /// Per weight table (by address) and word, the summed weights of the word's context-free
    /// features.
    pub(super) static WORD_SCORES: RefCell<FxHashMap<usize, FxHashMap<String, Vec<f64>>>> = RefCell::new(FxHashMap::default());
}

/// The weights of a linear-chain CRF: labels, label-to-label transitions, and for each
/// attribute its weights per label. Tagging is a Viterbi search over these tables in Rust,
/// with no allocation per feature; training stays with crfsuite, whose model is converted
/// into these tables (the same weights, so the same predictions).
pub(super) struct Tables {
    labels: Vec<String>,
    /// `transitions[from * n_labels + to]`.
    transitions: Vec<f64>,
    /// Attribute name → range into `weights`.
    attributes: FxHashMap<String, (u32, u32)>,
    /// (label index, weight).
    weights: Vec<(u16, f64)>,
}

/// A loaded NER model. The tables live for the whole process (a model is loaded once).
#[derive(Clone, Copy)]
pub struct NerModel {
    tables: &'static Tables,
    /// The second stage, which also reads how the first tagged the same words elsewhere in
    /// the document (see [`History`]).
    stage2: Option<&'static Tables>,
    /// Both stages' weight ranges per attribute, so one lookup serves both.
    joint: Option<&'static Joint>,
}

/// Attribute → weight ranges in the first and the second stage's tables (empty when absent).
pub(super) type Joint = FxHashMap<String, [(u32, u32); 2]>;

pub(super) fn joint_index(t1: &Tables, t2: &Tables) -> Joint {
    let mut joint: Joint = FxHashMap::default();
    for (name, &range) in &t1.attributes {
        joint.entry(name.clone()).or_insert([(0, 0); 2])[0] = range;
    }
    for (name, &range) in &t2.attributes {
        joint.entry(name.clone()).or_insert([(0, 0); 2])[1] = range;
    }
    joint
}

/// Separates the two stages in a model file.
pub(super) const STAGE2_MARK: &str = "\n=stage2\n";

/// Entity type index of an IOB label: 0 O, 1 PER, 2 ORG, 3 LOC, 4 MISC.
pub(super) fn type_index(label: &str) -> usize {
    match label.split_once('-').map(|(_, t)| t) {
        Some("PER") => 1,
        Some("ORG") => 2,
        Some("LOC") => 3,
        Some("MISC") => 4,
        _ => 0,
    }
}

pub(super) const HIST_FEATURES: [&str; 5] =
    ["hist=O", "hist=PER", "hist=ORG", "hist=LOC", "hist=MISC"];
pub(super) const HFIRST_FEATURES: [&str; 5] = [
    "hfirst=O",
    "hfirst=PER",
    "hfirst=ORG",
    "hfirst=LOC",
    "hfirst=MISC",
];

/// How the first stage tagged each capitalised word of a document: the "label history" that
/// makes the second stage consistent across a story (Ratinov and Roth, 2009).
pub struct History<'a> {
    /// Per word: how often the first stage gave it each type, and the document position and
    /// type of its first occurrence.
    words: FxHashMap<&'a str, ([u32; 5], usize, usize)>,
}

impl<'a> History<'a> {
    /// Collects the first stage's labels of a document's sentences, given as entity type
    /// indices (see `type_index`).
    pub fn new(sentences: &[&'a [&'a str]], types: &[Vec<usize>]) -> History<'a> {
        let mut words: FxHashMap<&'a str, ([u32; 5], usize, usize)> = FxHashMap::default();
        let mut position = 0;
        for (sentence, tys) in sentences.iter().zip(types) {
            for (w, &ty) in sentence.iter().zip(tys) {
                if w.chars().next().is_some_and(char::is_uppercase) {
                    words.entry(w).or_insert(([0; 5], position, ty)).0[ty] += 1;
                }
                position += 1;
            }
        }
        History { words }
    }

    /// Emits "hist=TYPE" (the most frequent type of the word's other occurrences) and
    /// "hfirst=TYPE" (the type of its first occurrence) for the word at document position
    /// `position`, first tagged `own`.
    pub(super) fn features(
        &self,
        word: &str,
        position: usize,
        own: usize,
        emit: &mut dyn FnMut(&str),
    ) {
        let Some(&(counts, first, first_type)) = self.words.get(word) else {
            return;
        };
        let mut others = counts;
        others[own] = others[own].saturating_sub(1);
        if others.iter().sum::<u32>() > 0 {
            let best = (0..5).max_by_key(|&t| (others[t], t != 0)).unwrap_or(0);
            emit(HIST_FEATURES[best]);
        }
        if first != position {
            emit(HFIRST_FEATURES[first_type]);
        }
    }
}

pub(super) fn model_err(path: &Path, reason: impl Into<String>) -> ResourceError {
    ResourceError::Model {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Checks the `NGCRF <version>` header of a model file and returns the body after it.
pub fn parse_model_file<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a [u8], ResourceError> {
    let newline = bytes
        .iter()
        .take(32)
        .position(|&b| b == b'\n')
        .ok_or_else(|| model_err(path, "not a newsgraph NER model (no NGCRF header)"))?;
    let header = std::str::from_utf8(&bytes[..newline])
        .map_err(|_| model_err(path, "not a newsgraph NER model"))?;
    let version: u32 = header
        .strip_prefix(MAGIC)
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| model_err(path, "not a newsgraph NER model (no NGCRF header)"))?;
    if version != FEATURE_VERSION {
        return Err(model_err(
            path,
            format!("model uses feature version {version}, this build computes version {FEATURE_VERSION}; retrain it with `newsgraph train`"),
        ));
    }
    Ok(&bytes[newline + 1..])
}

impl Tables {
    /// Reads the tables from a crfsuite model's text dump.
    pub(super) fn from_crfsuite(body: &[u8], path: &Path) -> Result<Tables, ResourceError> {
        let model = crfsuite::Model::from_memory(body)
            .map_err(|e| model_err(path, format!("invalid crfsuite model: {e}")))?;
        // One file per call: the two folds of a two-stage training dump at the same time.
        static DUMPS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = DUMPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("newsgraph-dump-{}-{n}", std::process::id()));
        model
            .dump_file(&dir)
            .map_err(|e| model_err(path, format!("cannot read the crfsuite model: {e}")))?;
        let text = std::fs::read_to_string(&dir).map_err(|e| model_err(path, e.to_string()));
        let _ = std::fs::remove_file(&dir);
        let text = text?;
        let mut labels = Vec::new();
        let mut section = "";
        let mut transitions = Vec::new();
        let mut state: BTreeMap<String, Vec<(String, f64)>> = BTreeMap::new();
        for line in text.lines() {
            let trimmed = line.trim();
            if let Some(name) = trimmed.strip_suffix(" = {") {
                section = match name {
                    "LABELS" => "labels",
                    "TRANSITIONS" => "transitions",
                    "STATE_FEATURES" => "state",
                    _ => "",
                };
                continue;
            }
            if trimmed == "}" || trimmed.is_empty() {
                continue;
            }
            match section {
                "labels" => {
                    if let Some((_, label)) = trimmed.split_once(": ") {
                        labels.push(label.to_string());
                    }
                }
                "transitions" | "state" => {
                    // "(0) w=EU --> B-ORG: 1.234"
                    let rest = trimmed.split_once(") ").map_or(trimmed, |(_, r)| r);
                    let (lhs, rhs) = rest
                        .rsplit_once(" --> ")
                        .ok_or_else(|| model_err(path, format!("bad dump line {trimmed:?}")))?;
                    let (label, weight) = rhs
                        .rsplit_once(": ")
                        .ok_or_else(|| model_err(path, format!("bad dump line {trimmed:?}")))?;
                    let weight: f64 = weight
                        .parse()
                        .map_err(|_| model_err(path, format!("bad weight in {trimmed:?}")))?;
                    if section == "transitions" {
                        transitions.push((lhs.to_string(), label.to_string(), weight));
                    } else {
                        state
                            .entry(lhs.to_string())
                            .or_default()
                            .push((label.to_string(), weight));
                    }
                }
                _ => {}
            }
        }
        let index = |label: &str| labels.iter().position(|l| l == label);
        let n = labels.len();
        let mut tables = Tables {
            transitions: vec![0.0; n * n],
            labels: labels.clone(),
            attributes: FxHashMap::default(),
            weights: Vec::new(),
        };
        for (from, to, w) in transitions {
            if let (Some(a), Some(b)) = (index(&from), index(&to)) {
                tables.transitions[a * n + b] = w;
            }
        }
        for (attr, ws) in state {
            let start = tables.weights.len() as u32;
            for (label, w) in ws {
                if let Some(l) = index(&label) {
                    tables.weights.push((l as u16, w));
                }
            }
            tables
                .attributes
                .insert(attr, (start, tables.weights.len() as u32));
        }
        Ok(tables)
    }

    /// Reads the tables from newsgraph's text model format.
    pub(super) fn from_native(body: &str, path: &Path) -> Result<Tables, ResourceError> {
        let mut lines = body.lines();
        let labels: Vec<String> = lines
            .next()
            .and_then(|l| l.strip_prefix("labels\t"))
            .ok_or_else(|| model_err(path, "model has no label line"))?
            .split('\t')
            .map(str::to_string)
            .collect();
        let n = labels.len();
        let mut tables = Tables {
            transitions: vec![0.0; n * n],
            labels,
            attributes: FxHashMap::default(),
            weights: Vec::new(),
        };
        for (idx, line) in lines.enumerate() {
            let bad = || model_err(path, format!("line {}: malformed model line", idx + 3));
            let mut cols = line.split('\t');
            match cols.next() {
                Some("t") => {
                    let a: usize = cols.next().and_then(|c| c.parse().ok()).ok_or_else(bad)?;
                    let b: usize = cols.next().and_then(|c| c.parse().ok()).ok_or_else(bad)?;
                    let w: f64 = cols.next().and_then(|c| c.parse().ok()).ok_or_else(bad)?;
                    if a >= n || b >= n {
                        return Err(bad());
                    }
                    tables.transitions[a * n + b] = w;
                }
                Some("a") => {
                    let name = cols.next().ok_or_else(bad)?;
                    let start = tables.weights.len() as u32;
                    for pair in cols {
                        let (l, w) = pair.split_once(':').ok_or_else(bad)?;
                        let l: u16 = l.parse().map_err(|_| bad())?;
                        let w: f64 = w.parse().map_err(|_| bad())?;
                        if usize::from(l) >= n {
                            return Err(bad());
                        }
                        tables.weights.push((l, w));
                    }
                    tables
                        .attributes
                        .insert(name.to_string(), (start, tables.weights.len() as u32));
                }
                _ => return Err(bad()),
            }
        }
        Ok(tables)
    }

    /// Writes the tables in newsgraph's text model format (attributes sorted: deterministic).
    pub(super) fn to_native(&self) -> String {
        let mut out = format!("labels\t{}\n", self.labels.join("\t"));
        let n = self.labels.len();
        for a in 0..n {
            for b in 0..n {
                let w = self.transitions[a * n + b];
                if w != 0.0 {
                    out.push_str(&format!("t\t{a}\t{b}\t{w}\n"));
                }
            }
        }
        let mut names: Vec<&String> = self.attributes.keys().collect();
        names.sort();
        for name in names {
            let (s, e) = self.attributes[name];
            out.push_str("a\t");
            out.push_str(name);
            for (l, w) in &self.weights[s as usize..e as usize] {
                out.push_str(&format!("\t{l}:{w}"));
            }
            out.push('\n');
        }
        out
    }
}

impl NerModel {
    /// Loads a model file: newsgraph's format, or a crfsuite model after the same header.
    pub fn load(path: &Path) -> Result<NerModel, ResourceError> {
        let bytes = std::fs::read(path).map_err(|source| ResourceError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        NerModel::from_bytes(&bytes, path)
    }

    /// Loads a model from bytes; `path` names it in errors.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<NerModel, ResourceError> {
        let body = parse_model_file(bytes, path)?;
        let mut stage2 = None;
        let tables = if body.starts_with(b"lCRF") {
            Tables::from_crfsuite(body, path)?
        } else {
            let text =
                std::str::from_utf8(body).map_err(|_| model_err(path, "model is not UTF-8"))?;
            let (first, second) = match text.split_once(STAGE2_MARK) {
                Some((a, b)) => (a, Some(b)),
                None => (text, None),
            };
            if let Some(second) = second {
                stage2 = Some(&*Box::leak(Box::new(Tables::from_native(second, path)?)));
            }
            Tables::from_native(first, path)?
        };
        if tables.labels.is_empty() {
            return Err(model_err(path, "model has no labels"));
        }
        if tables.labels.len() > 256 || stage2.is_some_and(|t: &Tables| t.labels.len() > 256) {
            return Err(model_err(path, "model has more than 256 labels"));
        }
        let tables: &'static Tables = Box::leak(Box::new(tables));
        let joint = stage2.map(|t2| &*Box::leak(Box::new(joint_index(tables, t2))));
        Ok(NerModel {
            tables,
            stage2,
            joint,
        })
    }

    /// The model named by `NEWSGRAPH_MODEL`, else the model compiled into the binary; `None`
    /// when `NEWSGRAPH_MODEL` is set but empty (rules and gazetteers then work alone).
    pub fn builtin() -> Result<Option<NerModel>, ResourceError> {
        if let Some(path) = std::env::var_os("NEWSGRAPH_MODEL") {
            if path.is_empty() {
                return Ok(None);
            }
            return NerModel::load(Path::new(&path)).map(Some);
        }
        NerModel::from_bytes(BUILTIN_MODEL, Path::new("data/models/ner.crf")).map(Some)
    }

    /// Does the model have a second stage (label history across the document)?
    pub fn has_second_stage(&self) -> bool {
        self.stage2.is_some()
    }

    /// The labels the model predicts.
    pub fn labels(&self) -> &[String] {
        &self.tables.labels
    }

    /// Tags the sentences of one document, returning IOB2 labels (PER, ORG, LOC, MISC): the
    /// first stage, then, when the model has one, the second stage with the first's history.
    pub fn tag_document(
        &self,
        sentences: &[&[&str]],
        res: &Resources,
        ctx: &DocContext,
    ) -> Vec<Vec<String>> {
        let Some(t2) = self.stage2 else {
            return sentences
                .iter()
                .map(|words| tag_with(self.tables, words, res, ctx))
                .collect();
        };
        let Some(joint) = self.joint else {
            return sentences
                .iter()
                .map(|words| tag_with(self.tables, words, res, ctx))
                .collect();
        };
        let scored: Vec<(Vec<f64>, Vec<f64>)> = sentences
            .iter()
            .map(|words| score_both(self.tables, t2, joint, words, res, ctx))
            .collect();
        let label_types: Vec<usize> = self.tables.labels.iter().map(|l| type_index(l)).collect();
        let first: Vec<Vec<usize>> = scored
            .iter()
            .map(|(s1, _)| {
                viterbi_indices(self.tables, s1)
                    .into_iter()
                    .map(|l| label_types[l])
                    .collect()
            })
            .collect();
        let history = History::new(sentences, &first);
        let n2 = t2.labels.len();
        let mut offset = 0;
        let mut out = Vec::with_capacity(sentences.len());
        for ((words, types), (_, s2)) in sentences.iter().zip(&first).zip(scored) {
            let mut s2 = s2;
            for (i, word) in words.iter().enumerate() {
                let row = &mut s2[i * n2..(i + 1) * n2];
                history.features(word, offset + i, types[i], &mut |name| {
                    add_weights(t2, row, name)
                });
            }
            out.push(viterbi(t2, &s2));
            offset += words.len();
        }
        out
    }

    /// Tags one sentence with the first stage only.
    pub fn tag(
        &self,
        words: &[&str],
        res: &Resources,
        ctx: &DocContext,
    ) -> Result<Vec<String>, String> {
        Ok(tag_with(self.tables, words, res, ctx))
    }
}

/// Adds the weights of attribute `name` to a row of label scores.
pub(super) fn add_weights(t: &Tables, row: &mut [f64], name: &str) {
    if let Some(&range) = t.attributes.get(name) {
        add_range(t, row, range);
    }
}

/// Adds one attribute's weights, given as a range into `t.weights`, to a row of label scores.
pub(super) fn add_range(t: &Tables, row: &mut [f64], (start, end): (u32, u32)) {
    for &(l, w) in &t.weights[start as usize..end as usize] {
        row[usize::from(l)] += w;
    }
}

/// The cached row of `len` scores of `word` under cache `key`, computed by `fill` on a miss.
/// The caches are kept bounded in a long-running process.
pub(super) fn cached_row<'c>(
    caches: &'c mut FxHashMap<usize, FxHashMap<String, Vec<f64>>>,
    key: usize,
    word: &str,
    len: usize,
    fill: impl FnOnce(&mut [f64]),
) -> &'c [f64] {
    let cache = caches.entry(key).or_default();
    if !cache.contains_key(word) {
        if cache.len() > 200_000 {
            cache.clear();
        }
        let mut row = vec![0.0; len];
        fill(&mut row);
        cache.insert(word.to_string(), row);
    }
    &cache[word]
}

/// Copies into `row` the summed weights of the context-free features of `word` (the same
/// wherever the word occurs), computing them once per word and table.
pub(super) fn word_scores(
    caches: &mut FxHashMap<usize, FxHashMap<String, Vec<f64>>>,
    t: &Tables,
    res: &Resources,
    word: &str,
    row: &mut [f64],
) {
    let key = t as *const Tables as usize;
    row.copy_from_slice(cached_row(caches, key, word, row.len(), |r| {
        word_features(word, res, &mut |name| add_weights(t, r, name))
    }));
}

/// [`word_scores`] for both stages at once: the word's features are computed and looked up
/// once, and one cache entry holds both rows.
pub(super) fn word_scores_both(
    caches: &mut FxHashMap<usize, FxHashMap<String, Vec<f64>>>,
    [t1, t2]: [&Tables; 2],
    joint: &Joint,
    res: &Resources,
    word: &str,
    row1: &mut [f64],
    row2: &mut [f64],
) {
    let n1 = row1.len();
    // Keyed apart from the first stage's own cache (a table's address + 1 is no table).
    let key = t2 as *const Tables as usize + 1;
    let both = cached_row(caches, key, word, n1 + row2.len(), |both| {
        let (b1, b2) = both.split_at_mut(n1);
        word_features(word, res, &mut |name| {
            if let Some(&[range1, range2]) = joint.get(name) {
                add_range(t1, b1, range1);
                add_range(t2, b2, range2);
            }
        });
    });
    row1.copy_from_slice(&both[..n1]);
    row2.copy_from_slice(&both[n1..]);
}

/// Tags one sentence with one stage's weights.
pub(super) fn tag_with(
    t: &Tables,
    words: &[&str],
    res: &Resources,
    ctx: &DocContext,
) -> Vec<String> {
    let n_labels = t.labels.len();
    let mut scores = vec![0.0f64; words.len() * n_labels];
    let sentence = SentenceContext::new(words, res, ctx);
    WORD_SCORES.with(|cell| {
        let mut caches = cell.borrow_mut();
        for i in 0..words.len() {
            let row = &mut scores[i * n_labels..(i + 1) * n_labels];
            word_scores(&mut caches, t, res, words[i], row);
            sentence.for_each_context_feature(i, &mut |name| add_weights(t, row, name));
        }
    });
    viterbi(t, &scores)
}

/// Both stages' context-free and context scores of a sentence in one pass over its features,
/// so that the second stage only adds the history features.
pub(super) fn score_both(
    t1: &Tables,
    t2: &Tables,
    joint: &Joint,
    words: &[&str],
    res: &Resources,
    ctx: &DocContext,
) -> (Vec<f64>, Vec<f64>) {
    let (n1, n2) = (t1.labels.len(), t2.labels.len());
    let mut s1 = vec![0.0f64; words.len() * n1];
    let mut s2 = vec![0.0f64; words.len() * n2];
    let sentence = SentenceContext::new(words, res, ctx);
    WORD_SCORES.with(|cell| {
        let mut caches = cell.borrow_mut();
        for i in 0..words.len() {
            let row1 = &mut s1[i * n1..(i + 1) * n1];
            let row2 = &mut s2[i * n2..(i + 1) * n2];
            word_scores_both(&mut caches, [t1, t2], joint, res, words[i], row1, row2);
            sentence.for_each_context_feature(i, &mut |name| {
                if let Some(&[range1, range2]) = joint.get(name) {
                    add_range(t1, row1, range1);
                    add_range(t2, row2, range2);
                }
            });
        }
    });
    (s1, s2)
}

/// The best label sequence for per-token label scores (row-major, one row per token), as
/// label indices.
pub(super) fn viterbi_indices(t: &Tables, scores: &[f64]) -> Vec<usize> {
    let n_labels = t.labels.len();
    let n = scores.len() / n_labels.max(1);
    if n == 0 {
        return Vec::new();
    }
    let mut best = scores[..n_labels].to_vec();
    let mut next = vec![f64::NEG_INFINITY; n_labels];
    // Back pointers as bytes (models have far fewer than 256 labels).
    let mut back = vec![0u8; n * n_labels];
    for i in 1..n {
        next.iter_mut().for_each(|v| *v = f64::NEG_INFINITY);
        let back_row = &mut back[i * n_labels..(i + 1) * n_labels];
        // Row by row through the transition matrix, so the inner loop runs over contiguous
        // weights; the first best predecessor wins ties, as in a column-wise search.
        for (from, &score) in best.iter().enumerate() {
            let row = &t.transitions[from * n_labels..(from + 1) * n_labels];
            for ((top, arg), &w) in next.iter_mut().zip(back_row.iter_mut()).zip(row) {
                let s = score + w;
                if s > *top {
                    *top = s;
                    *arg = from as u8;
                }
            }
        }
        for (v, &e) in next
            .iter_mut()
            .zip(&scores[i * n_labels..(i + 1) * n_labels])
        {
            *v += e;
        }
        std::mem::swap(&mut best, &mut next);
    }
    let mut label = (0..n_labels).fold(0, |b, l| if best[l] > best[b] { l } else { b });
    let mut path = vec![0usize; n];
    for i in (0..n).rev() {
        path[i] = label;
        label = usize::from(back[i * n_labels + label]);
    }
    path
}

/// The best label sequence for per-token label scores, as labels.
pub(super) fn viterbi(t: &Tables, scores: &[f64]) -> Vec<String> {
    viterbi_indices(t, scores)
        .into_iter()
        .map(|l| t.labels[l].clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crf_history_reports_other_occurrences() {
        let tags = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let s1: &[&str] = &["Smith", "said"];
        let s2: &[&str] = &["Smith", "left"];
        let labels = [tags("B-PER O"), tags("B-ORG O")];
        let types: Vec<Vec<usize>> = labels
            .iter()
            .map(|tags| tags.iter().map(|t| type_index(t)).collect())
            .collect();
        let history = History::new(&[s1, s2], &types);
        let features = |position: usize, own: usize| {
            let mut out = Vec::new();
            history.features("Smith", position, own, &mut |f| out.push(f.to_string()));
            out
        };
        assert_eq!(features(0, 1), vec!["hist=ORG"]);
        assert_eq!(features(2, 2), vec!["hist=PER", "hfirst=PER"]);
        assert!(!history.words.contains_key("said"));
    }

    #[test]
    fn crf_viterbi_finds_the_best_path_not_the_best_labels() {
        // Two labels; switching costs 3. Token scores alone would say A B A, but the two
        // switches cost more than keeping A through the middle token.
        let t = Tables {
            labels: vec!["A".into(), "B".into()],
            transitions: vec![0.0, -3.0, -3.0, 0.0],
            attributes: FxHashMap::default(),
            weights: Vec::new(),
        };
        let scores = [5.0, 0.0, 0.0, 1.0, 5.0, 0.0];
        assert_eq!(viterbi_indices(&t, &scores), vec![0, 0, 0]);
        // A strong enough middle score pays for both switches.
        let scores = [5.0, 0.0, 0.0, 9.0, 5.0, 0.0];
        assert_eq!(viterbi_indices(&t, &scores), vec![0, 1, 0]);
        assert_eq!(viterbi(&t, &scores), vec!["A", "B", "A"]);
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
