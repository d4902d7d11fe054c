//! Quotation gold (lines with `quotes`, as in ../shared/eval/polnear) scored as
//! score_quotes.py scores its "D" set: direct quotations found, and found with a speaker whose
//! name matches.

use super::report::{doc_key, norm, prf};
use serde_json::{json, Value};
use std::collections::HashMap;

/// Do two speaker names match leniently, as ../shared/eval/polnear/score_quotes.py matches
/// them: normalised as [`norm`] does, then equal or the shorter a whole-word suffix of the
/// longer ("Trump" ~ "Donald Trump")?
pub fn names_match(a: &str, b: &str) -> bool {
    let (a, b) = (norm(Some(a)), norm(Some(b)));
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    if a == [""] || b == [""] {
        return false;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    long.ends_with(short)
}

/// Quotation scores: direct gold quotations against the statements marked direct (the "D"
/// set of score_quotes.py).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QuoteReport {
    /// Gold direct quotations.
    pub gold: usize,
    /// Predicted direct statements.
    pub predicted: usize,
    /// Gold quotations found (a statement covers at least half of their characters).
    pub found: usize,
    /// Gold quotations found by a statement whose speaker matches a gold speaker name.
    pub attributed: usize,
    /// Predicted statements that find, or lie mostly inside, a gold quotation.
    pub predicted_true: usize,
    /// Of those, the ones whose speaker matches.
    pub predicted_attributed: usize,
    /// Number of gold documents.
    pub documents: usize,
}

fn spans_of(q: &Value) -> Vec<(u64, u64)> {
    q.get("spans")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| Some((s.get(0)?.as_u64()?, s.get(1)?.as_u64()?)))
        .collect()
}

fn overlap(spans: &[(u64, u64)], start: u64, end: u64) -> u64 {
    spans
        .iter()
        .map(|&(a, b)| b.min(end).saturating_sub(a.max(start)))
        .sum()
}

fn speaker_ok(pred: &Value, gold: &Value) -> bool {
    let mut names: Vec<&str> = pred
        .get("speaker")
        .and_then(Value::as_str)
        .into_iter()
        .collect();
    names.extend(
        pred.get("speaker_names")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str),
    );
    let gold_names: Vec<&str> = gold
        .get("speaker_names")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    names
        .iter()
        .any(|p| gold_names.iter().any(|g| names_match(p, g)))
}

/// Does a gold file hold quotation gold (lines with `quotes`) rather than entity gold?
pub fn is_quote_gold(gold: &[Value]) -> bool {
    gold.iter().any(|g| g.get("quotes").is_some())
}

/// Scores the direct statements of predictions against direct gold quotations.
pub fn score_quotes(gold: &[Value], pred: &[Value]) -> QuoteReport {
    let mut report = QuoteReport::default();
    let pred_by: HashMap<String, &Value> =
        pred.iter().filter_map(|p| Some((doc_key(p)?, p))).collect();
    for g in gold {
        let Some(doc) = doc_key(g) else { continue };
        report.documents += 1;
        let golds: Vec<&Value> = g
            .get("quotes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|q| q.get("direct").and_then(Value::as_bool) == Some(true))
            .collect();
        let preds: Vec<&Value> = pred_by
            .get(&doc)
            .and_then(|p| p.get("statements"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|p| p.get("direct").and_then(Value::as_bool).unwrap_or(true))
            .collect();
        let range = |p: &Value| {
            let start = p.get("start").and_then(Value::as_u64).unwrap_or(0);
            (start, p.get("end").and_then(Value::as_u64).unwrap_or(start))
        };
        let gspans: Vec<Vec<(u64, u64)>> = golds.iter().map(|q| spans_of(q)).collect();
        report.gold += golds.len();
        report.predicted += preds.len();
        for (q, spans) in golds.iter().zip(&gspans) {
            let len: u64 = spans.iter().map(|(a, b)| b - a).sum();
            let hits: Vec<&&Value> = preds
                .iter()
                .filter(|p| {
                    let (s, e) = range(p);
                    overlap(spans, s, e) * 2 >= len
                })
                .collect();
            report.found += usize::from(!hits.is_empty());
            report.attributed += usize::from(hits.iter().any(|p| speaker_ok(p, q)));
        }
        for p in &preds {
            let (s, e) = range(p);
            let matches: Vec<&&Value> = golds
                .iter()
                .zip(&gspans)
                .filter(|(_, spans)| {
                    let len: u64 = spans.iter().map(|(a, b)| b - a).sum();
                    let o = overlap(spans, s, e);
                    o * 2 >= len || o * 2 >= (e - s).max(1)
                })
                .map(|(q, _)| q)
                .collect();
            report.predicted_true += usize::from(!matches.is_empty());
            report.predicted_attributed += usize::from(matches.iter().any(|q| speaker_ok(p, q)));
        }
    }
    report
}

impl QuoteReport {
    /// Quotes found: precision, recall, F1.
    pub fn quotes(&self) -> (f64, f64, f64) {
        prf(self.predicted_true, self.predicted, self.found, self.gold)
    }

    /// Quotes found with the right speaker: precision, recall, F1.
    pub fn attribution(&self) -> (f64, f64, f64) {
        prf(
            self.predicted_attributed,
            self.predicted,
            self.attributed,
            self.gold,
        )
    }

    /// The text summary.
    pub fn text(&self) -> String {
        let (qp, qr, qf) = self.quotes();
        let (ap, ar, af) = self.attribution();
        format!(
            "quotes          P={qp:.3} R={qr:.3} F1={qf:.3}  (pred {}/{}, gold {}/{})\n\
             attribution     P={ap:.3} R={ar:.3} F1={af:.3}  (pred {}/{}, gold {}/{})\n",
            self.predicted_true,
            self.predicted,
            self.found,
            self.gold,
            self.predicted_attributed,
            self.predicted,
            self.attributed,
            self.gold
        )
    }

    /// The scores as JSON.
    pub fn json(&self) -> Value {
        let (qp, qr, qf) = self.quotes();
        let (ap, ar, af) = self.attribution();
        json!({
            "quotes": {"precision": qp, "recall": qr, "f1": qf,
                       "pred_true": self.predicted_true, "pred": self.predicted,
                       "gold_found": self.found, "gold": self.gold},
            "attribution": {"precision": ap, "recall": ar, "f1": af,
                            "pred_true": self.predicted_attributed, "pred": self.predicted,
                            "gold_found": self.attributed, "gold": self.gold},
            "documents": self.documents,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eval_scores_quotes_and_speakers() {
        let gold = vec![json!({"doc": "a.txt", "quotes": [
            {"spans": [[10, 30]], "direct": true, "speaker_names": ["Donald Trump"]},
            {"spans": [[40, 60]], "direct": true, "speaker_names": ["Ana Ruiz"]},
            {"spans": [[70, 90]], "direct": false, "speaker_names": ["Ana Ruiz"]}
        ]})];
        let pred = vec![json!({"doc": "a.txt", "statements": [
            {"start": 10, "end": 31, "direct": true, "speaker": "Trump"},
            {"start": 41, "end": 60, "direct": true, "speaker": "Bob Lee"},
            {"start": 95, "end": 99, "direct": true, "speaker": "Ana Ruiz"},
            {"start": 70, "end": 90, "direct": false, "speaker": "Ana Ruiz"}
        ]})];
        let r = score_quotes(&gold, &pred);
        assert_eq!((r.gold, r.predicted, r.found, r.attributed), (2, 3, 2, 1));
        assert_eq!((r.predicted_true, r.predicted_attributed), (2, 1));
        assert_eq!(r.quotes(), (0.6667, 1.0, 0.8));
        assert!(names_match("Trump's", "Donald Trump"));
        assert!(!names_match("Trump", "Trumpet"));
        assert!(!names_match("", "Trump"));
    }
}
