//! The leaf every part of scoring shares: name normalisation as score.py does it, counts and
//! their precision, recall and F1, the report of a set of documents and the facts in it.

use serde_json::Value;
use std::collections::BTreeMap;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Normalises a name for matching.
pub fn norm(text: Option<&str>) -> String {
    let Some(text) = text else {
        return String::new();
    };
    let folded: String = text
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
        .replace('\u{2019}', "'");
    let folded = folded.strip_suffix("'s").unwrap_or(&folded).to_string();
    let kept: String = folded
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut words: Vec<&str> = kept.split_whitespace().collect();
    if words.first() == Some(&"the") {
        words.remove(0);
    }
    words.join(" ")
}

/// Normalises a role: a leading "new", "former", "then" or "the" dropped.
pub fn norm_role(text: Option<&str>) -> String {
    let mut text = norm(text) + " ";
    loop {
        let before = text.len();
        for p in ["new ", "former ", "then ", "the "] {
            if let Some(rest) = text.strip_prefix(p) {
                text = rest.to_string();
            }
        }
        if text.len() == before {
            break;
        }
    }
    text.trim().to_string()
}

/// True positives, false positives and false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
}

impl Tally {
    /// Precision, recall, F1 rounded to 4 places as score.py does.
    pub fn prf(&self) -> (f64, f64, f64) {
        prf(self.tp, self.tp + self.fp, self.tp, self.tp + self.fn_)
    }
}

/// Precision (true predictions of all predictions), recall (found gold of all gold) and F1,
/// rounded to 4 places as the reference scorers do.
pub(crate) fn prf(true_pred: usize, pred: usize, found: usize, gold: usize) -> (f64, f64, f64) {
    let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    let (p, r) = (ratio(true_pred, pred), ratio(found, gold));
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    (round(p), round(r), round(f))
}

/// The scores of a set of documents.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Untyped entity tally.
    pub entities: Tally,
    /// Typed entity tally.
    pub entities_typed: Tally,
    /// Relation tally.
    pub relations: Tally,
    /// (correct roles, roles scored).
    pub roles: (usize, usize),
    /// Number of gold documents.
    pub documents: usize,
    /// Per-document miss and false-hit log.
    pub log: BTreeMap<String, Vec<String>>,
    /// Every predicted relation (one per distinct subject, predicate, object) with its outcome.
    pub facts: Vec<Fact>,
    /// Every required gold relation no prediction found.
    pub missed: Vec<Missed>,
    /// Facts the predictions list as known without a sentence (`known`): not scored.
    pub known: usize,
}

/// How a predicted fact fared against the gold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A required gold relation.
    Correct,
    /// Not in the gold.
    Wrong,
    /// An optional gold relation: counted neither way.
    Optional,
}

/// A predicted relation, as scored.
#[derive(Debug, Clone)]
pub struct Fact {
    /// The document's name.
    pub doc: String,
    /// Its position among the document's predicted relations.
    pub index: usize,
    /// The predicate.
    pub predicate: String,
    /// "subject --predicate--> object", gold names where the entities matched.
    pub described: String,
    /// The predicted role, if any.
    pub role: Option<String>,
    /// The stated confidence.
    pub confidence: Option<f64>,
    /// The evidence span, `[start, end)` in chars of the document text.
    pub evidence: Option<(usize, usize)>,
    /// Where a fact no sentence states is known from ("gazetteer").
    pub known_from: Option<String>,
    /// The verdict.
    pub outcome: Outcome,
}

/// A required gold relation that no prediction found.
#[derive(Debug, Clone)]
pub struct Missed {
    /// The document's name.
    pub doc: String,
    /// The predicate.
    pub predicate: String,
    /// "subject --predicate--> object" in gold names.
    pub described: String,
}

pub(crate) fn doc_key(v: &Value) -> Option<String> {
    v.get("doc").and_then(Value::as_str).map(doc_name)
}

/// A document's name as gold and predictions are paired by: its `doc` without folders.
pub fn doc_name(doc: &str) -> String {
    doc.rsplit('/').next().unwrap_or(doc).to_string()
}
