//! What `eval` tells of each fact: precision and recall per predicate, the facts judged wrong
//! (with the sentence that gave them, for review), how well the stated confidence is calibrated
//! (expected calibration error over ten equal-width bins), and precision and recall when the
//! facts below a confidence threshold are left out.

use super::report::{Fact, Missed, Outcome, Report, Tally};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Precision and recall of one predicate (or "all") when facts below `threshold` are dropped.
#[derive(Debug, Clone)]
pub struct ThresholdRow {
    /// The predicate, or "all".
    pub predicate: String,
    /// Facts with a confidence below this are left out.
    pub threshold: f64,
    /// The counts that remain: a correct fact left out becomes a miss.
    pub tally: Tally,
}

/// The thresholds the report shows.
pub const THRESHOLDS: [f64; 8] = [0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const BINS: usize = 10;

impl Report {
    /// The relation counts per predicate.
    pub fn per_predicate(&self) -> BTreeMap<String, Tally> {
        self.at_threshold(0.0)
            .into_iter()
            .filter(|row| row.predicate != "all")
            .map(|row| (row.predicate, row.tally))
            .collect()
    }

    /// Counts per predicate and over all ("all") when facts whose confidence is below
    /// `threshold` are left out (a fact without a confidence is kept).
    pub fn at_threshold(&self, threshold: f64) -> Vec<ThresholdRow> {
        let mut by: BTreeMap<&str, Tally> = BTreeMap::new();
        for f in &self.facts {
            let t = by.entry(&f.predicate).or_default();
            let kept = f.confidence.is_none_or(|c| c + 1e-6 >= threshold);
            match (f.outcome, kept) {
                (Outcome::Correct, true) => t.tp += 1,
                (Outcome::Correct, false) => t.fn_ += 1,
                (Outcome::Wrong, true) => t.fp += 1,
                _ => {}
            }
        }
        for m in &self.missed {
            by.entry(&m.predicate).or_default().fn_ += 1;
        }
        let mut all = Tally::default();
        let mut rows: Vec<ThresholdRow> = by
            .into_iter()
            .map(|(p, t)| {
                all.tp += t.tp;
                all.fp += t.fp;
                all.fn_ += t.fn_;
                ThresholdRow {
                    predicate: p.to_string(),
                    threshold,
                    tally: t,
                }
            })
            .collect();
        rows.push(ThresholdRow {
            predicate: "all".into(),
            threshold,
            tally: all,
        });
        rows
    }

    /// The reliability bins over facts judged (not optional) that state a confidence:
    /// `(facts, mean confidence, share correct)` per tenth of the confidence range.
    pub fn reliability(&self) -> Vec<(usize, f64, f64)> {
        let mut bins = vec![(0usize, 0.0f64, 0usize); BINS];
        for f in &self.facts {
            let (Some(c), Outcome::Correct | Outcome::Wrong) = (f.confidence, f.outcome) else {
                continue;
            };
            let b = ((c * BINS as f64) as usize).min(BINS - 1);
            bins[b].0 += 1;
            bins[b].1 += c;
            bins[b].2 += usize::from(f.outcome == Outcome::Correct);
        }
        bins.into_iter()
            .map(|(n, sum, ok)| {
                if n == 0 {
                    (0, 0.0, 0.0)
                } else {
                    (n, sum / n as f64, ok as f64 / n as f64)
                }
            })
            .collect()
    }

    /// Expected calibration error: the facts-weighted mean gap between stated confidence and
    /// the share correct, over the reliability bins; `None` when no fact states a confidence.
    pub fn calibration_error(&self) -> Option<f64> {
        let bins = self.reliability();
        let total: usize = bins.iter().map(|b| b.0).sum();
        (total > 0).then(|| {
            let ece: f64 = bins
                .iter()
                .map(|&(n, conf, acc)| n as f64 / total as f64 * (conf - acc).abs())
                .sum();
            (ece * 10_000.0).round() / 10_000.0
        })
    }

    /// The per-predicate table of the facts at or above `min`, the calibration of all, and
    /// precision and recall by threshold, as text.
    pub fn facts_text(&self, min: f64) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:15} {:>6} {:>6} {:>6} {:>5} {:>5} {:>5}   (confidence at least {min:.2})",
            "predicate", "P", "R", "F1", "tp", "fp", "fn"
        );
        for row in self.at_threshold(min) {
            let (p, r, f) = row.tally.prf();
            let t = row.tally;
            let _ = writeln!(
                out,
                "{:15} {p:>6.3} {r:>6.3} {f:>6.3} {:>5} {:>5} {:>5}",
                row.predicate, t.tp, t.fp, t.fn_
            );
        }
        if let Some(ece) = self.calibration_error() {
            let judged = self.reliability().iter().map(|b| b.0).sum::<usize>();
            let _ = writeln!(
                out,
                "calibration     expected calibration error {ece:.3} over {judged} facts"
            );
        }
        if self.known > 0 {
            let _ = writeln!(
                out,
                "known           {} facts known from the gazetteers, not read: not scored",
                self.known
            );
        }
        let _ = write!(out, "{:15}", "P / R at conf≥");
        for t in THRESHOLDS {
            let _ = write!(out, " {:>11}", format!("{t:.1}"));
        }
        out.push('\n');
        let rows: Vec<Vec<ThresholdRow>> =
            THRESHOLDS.iter().map(|&t| self.at_threshold(t)).collect();
        for (i, first) in rows[0].iter().enumerate() {
            let _ = write!(out, "{:15}", first.predicate);
            for at in &rows {
                let (p, r, _) = at[i].tally.prf();
                let _ = write!(out, " {:>11}", format!("{p:.2} / {r:.2}"));
            }
            out.push('\n');
        }
        out
    }

    /// The facts judged wrong, grouped by predicate, each with its document, confidence and
    /// the sentence that gave it (`text` returns a document's text by name); then the gold
    /// facts no fact stated.
    pub fn wrong_text(&self, text: &dyn Fn(&str) -> Option<String>) -> String {
        let mut out = String::new();
        let mut by: BTreeMap<&str, Vec<&Fact>> = BTreeMap::new();
        for f in self.facts.iter().filter(|f| f.outcome == Outcome::Wrong) {
            by.entry(&f.predicate).or_default().push(f);
        }
        for (predicate, facts) in by {
            let _ = writeln!(out, "wrong {predicate} ({})", facts.len());
            for f in facts {
                let conf = f.confidence.map_or("-".into(), |c| format!("{c:.2}"));
                let role = f
                    .role
                    .as_deref()
                    .map_or(String::new(), |r| format!(" [{r}]"));
                let _ = writeln!(out, "  {conf}  {}{role}  ({})", f.described, f.doc);
                let source = match (f.evidence, &f.known_from) {
                    (Some((a, b)), _) => text(&f.doc).map(|t| {
                        let s: String = t.chars().skip(a).take(b.saturating_sub(a)).collect();
                        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
                        let cut: String = s.chars().take(240).collect();
                        if cut.len() < s.len() {
                            format!("\"{cut}…\"")
                        } else {
                            format!("\"{cut}\"")
                        }
                    }),
                    (None, Some(k)) => Some(format!("(known from the {k})")),
                    (None, None) => None,
                };
                if let Some(s) = source {
                    let _ = writeln!(out, "        {s}");
                }
            }
        }
        // What the gold says and no fact (or one below the threshold) stated.
        let mut missed: BTreeMap<&str, Vec<&Missed>> = BTreeMap::new();
        for m in &self.missed {
            missed.entry(&m.predicate).or_default().push(m);
        }
        for (predicate, facts) in missed {
            let _ = writeln!(out, "missed {predicate} ({})", facts.len());
            for m in facts {
                let _ = writeln!(out, "  {}  ({})", m.described, m.doc);
            }
        }
        out
    }

    /// Per predicate counts at or above `min`, calibration and thresholds, as JSON.
    pub fn facts_json(&self, min: f64) -> Value {
        let tally = |t: Tally| {
            let (p, r, f) = t.prf();
            json!({"precision": p, "recall": r, "f1": f, "tp": t.tp, "fp": t.fp, "fn": t.fn_})
        };
        let mut thresholds = Map::new();
        for t in THRESHOLDS {
            let rows: Map<String, Value> = self
                .at_threshold(t)
                .into_iter()
                .map(|row| (row.predicate, tally(row.tally)))
                .collect();
            thresholds.insert(format!("{t:.1}"), Value::Object(rows));
        }
        let bins: Vec<Value> = self
            .reliability()
            .into_iter()
            .map(|(n, conf, acc)| json!({"facts": n, "confidence": conf, "correct": acc}))
            .collect();
        json!({
            "min_confidence": min,
            "per_predicate": self.at_threshold(min).into_iter()
                .filter(|row| row.predicate != "all")
                .map(|row| (row.predicate, tally(row.tally))).collect::<Map<String, Value>>(),
            "calibration": {"ece": self.calibration_error(), "bins": bins},
            "known": self.known,
            "thresholds": thresholds,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::report::Missed;
    use super::*;

    /// Gold: Ana Diaz affiliatedWith Red Cross, Red Cross basedIn Chile, Ana Diaz said, and
    /// an optional nationality; predicted: the affiliation (0.9), a wrong one with Chile
    /// (0.55), the basedIn (0.45), the nationality (0.6), and Chile said (0.95, wrong).
    fn report() -> Report {
        let fact = |predicate: &str, described: &str, c: f64, ev, outcome| Fact {
            doc: "a.txt".into(),
            index: 0,
            predicate: predicate.into(),
            described: described.into(),
            role: None,
            confidence: Some(c),
            evidence: ev,
            known_from: None,
            outcome,
        };
        Report {
            facts: vec![
                fact(
                    "affiliatedWith",
                    "Ana Diaz --affiliatedWith--> Red Cross",
                    0.9,
                    Some((0, 25)),
                    Outcome::Correct,
                ),
                fact(
                    "affiliatedWith",
                    "Ana Diaz --affiliatedWith--> Chile",
                    0.55,
                    Some((0, 45)),
                    Outcome::Wrong,
                ),
                fact(
                    "basedIn",
                    "Red Cross --basedIn--> Chile",
                    0.45,
                    None,
                    Outcome::Correct,
                ),
                fact(
                    "nationality",
                    "Ana Diaz --nationality--> Chile",
                    0.6,
                    None,
                    Outcome::Optional,
                ),
                fact("said", "Chile --said--> \u{b7}", 0.95, None, Outcome::Wrong),
            ],
            missed: vec![Missed {
                doc: "a.txt".into(),
                predicate: "said".into(),
                described: "Ana Diaz --said--> \u{b7}".into(),
            }],
            ..Report::default()
        }
    }

    #[test]
    fn eval_facts_per_predicate_and_thresholds() {
        let r = report();
        let per = r.per_predicate();
        assert_eq!(
            per["affiliatedWith"],
            Tally {
                tp: 1,
                fp: 1,
                fn_: 0
            }
        );
        assert_eq!(
            per["basedIn"],
            Tally {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
        assert_eq!(
            per["said"],
            Tally {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
        // The optional nationality counts neither way.
        assert_eq!(per["nationality"], Tally::default());
        let at = r.at_threshold(0.5);
        let based = at.iter().find(|row| row.predicate == "basedIn").unwrap();
        assert_eq!(
            based.tally,
            Tally {
                tp: 0,
                fp: 0,
                fn_: 1
            }
        );
        let all = at.iter().find(|row| row.predicate == "all").unwrap();
        assert_eq!(
            all.tally,
            Tally {
                tp: 1,
                fp: 2,
                fn_: 2
            }
        );
    }

    #[test]
    fn eval_facts_calibration_error() {
        let r = report();
        // Bins: 0.4 (0.45, right), 0.5 (0.55, wrong), 0.9 (0.9 right, 0.95 wrong); the
        // optional fact is not judged.
        let ece = r.calibration_error().unwrap();
        let expected = (0.55 + 0.55 + 2.0 * (0.925f64 - 0.5).abs()) / 4.0;
        assert!((ece - expected).abs() < 1e-3, "{ece} vs {expected}");
        assert_eq!(r.reliability().iter().map(|b| b.0).sum::<usize>(), 4);
    }

    #[test]
    fn eval_facts_wrong_ones_listed_with_their_sentence() {
        let r = report();
        let text = "Ana Diaz of the Red Cross flew home to Chile.".to_string();
        let listing = r.wrong_text(&|doc| (doc == "a.txt").then(|| text.clone()));
        assert!(listing.contains("wrong affiliatedWith (1)"), "{listing}");
        assert!(
            listing.contains("Ana Diaz --affiliatedWith--> Chile"),
            "{listing}"
        );
        assert!(
            listing.contains("\"Ana Diaz of the Red Cross flew home to Chile.\""),
            "{listing}"
        );
        assert!(listing.contains("wrong said (1)"), "{listing}");
        assert!(!listing.contains("basedIn"), "{listing}");
        assert!(
            listing.contains("missed said (1)\n  Ana Diaz --said--> \u{b7}  (a.txt)"),
            "{listing}"
        );
    }
}
