//! Scoring extraction against gold annotations, exactly as ../shared/eval/score.py does:
//! names normalised (accents and punctuation removed, case folded, a leading "the" and a
//! trailing "'s" dropped), one-to-one entity matching by name or alias first and then by the
//! best mention overlap, untyped and typed entity scores, relation scores over mapped subjects
//! and objects, and role accuracy over matched `affiliatedWith` relations. Quotation gold (lines
//! with `quotes`, as in ../shared/eval/polnear) is scored as score_quotes.py scores its "D" set:
//! direct quotations found, and found with a speaker whose name matches.

use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

mod facts;
mod identity;
mod quotes;
mod report;
pub use facts::{ThresholdRow, THRESHOLDS};
pub use identity::{score_identity, IdentityReport, SystemDoc, SystemEntity};
pub use quotes::{is_quote_gold, names_match, score_quotes, QuoteReport};
use report::doc_key;
pub use report::{doc_name, norm, norm_role, Fact, Missed, Outcome, Report, Tally};

fn names(ent: &Value) -> HashSet<String> {
    let mut out = HashSet::new();
    out.insert(norm(ent.get("name").and_then(Value::as_str)));
    if let Some(aliases) = ent.get("aliases").and_then(Value::as_array) {
        for a in aliases {
            out.insert(norm(a.as_str()));
        }
    }
    out.remove("");
    out
}

fn spans(ent: &Value) -> Vec<(i64, i64)> {
    ent.get("mentions")
        .and_then(Value::as_array)
        .map(|ms| {
            ms.iter()
                .filter_map(|m| {
                    let (a, b) = match m {
                        Value::Array(v) if v.len() == 2 => (v[0].as_i64()?, v[1].as_i64()?),
                        Value::Object(o) => (o.get("start")?.as_i64()?, o.get("end")?.as_i64()?),
                        _ => return None,
                    };
                    Some((a, b))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn overlap_score(a: &[(i64, i64)], b: &[(i64, i64)]) -> f64 {
    let mut best = 0.0f64;
    for &(a0, a1) in a {
        for &(b0, b1) in b {
            let inter = a1.min(b1) - a0.max(b0);
            let shorter = 1.max((a1 - a0).min(b1 - b0));
            if inter > 0 && inter * 2 >= shorter {
                best = best.max(inter as f64 / (a1.max(b1) - a0.min(b0)) as f64);
            }
        }
    }
    best
}

fn id_of(v: &Value) -> String {
    match v.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn match_entities(gold: &[Value], pred: &[Value]) -> HashMap<String, String> {
    let mut mapping = HashMap::new();
    let mut taken = HashSet::new();
    for p in pred {
        let pn = names(p);
        for g in gold {
            let gid = id_of(g);
            if !taken.contains(&gid) && !pn.is_disjoint(&names(g)) {
                mapping.insert(id_of(p), gid.clone());
                taken.insert(gid);
                break;
            }
        }
    }
    let mut pairs = Vec::new();
    for p in pred {
        let pid = id_of(p);
        if mapping.contains_key(&pid) {
            continue;
        }
        for g in gold {
            let gid = id_of(g);
            if taken.contains(&gid) {
                continue;
            }
            let score = overlap_score(&spans(p), &spans(g));
            if score > 0.0 {
                pairs.push((-score, pid.clone(), gid));
            }
        }
    }
    pairs.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    for (_, pid, gid) in pairs {
        if !mapping.contains_key(&pid) && !taken.contains(&gid) {
            mapping.insert(pid, gid.clone());
            taken.insert(gid);
        }
    }
    mapping
}

type RelKey = (String, String, Option<String>);

fn rel_key(r: &Value, map: &dyn Fn(&str) -> String) -> RelKey {
    let predicate = r
        .get("predicate")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let subject = map(&r
        .get("subject")
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
        .unwrap_or_default());
    let object = if predicate == "said" {
        None
    } else {
        Some(map(&r
            .get("object")
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .unwrap_or_default()))
    };
    (predicate, subject, object)
}

fn score_doc(
    doc: &str,
    gold: &Value,
    pred: Option<&Value>,
    report: &mut Report,
    log: &mut Vec<String>,
) {
    let empty = Vec::new();
    let g_ents = gold
        .get("entities")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let mut p_ents: Vec<Value> = pred
        .and_then(|p| p.get("entities"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, p) in p_ents.iter_mut().enumerate() {
        if p.get("id").is_none() {
            if let Some(obj) = p.as_object_mut() {
                obj.insert("id".into(), json!(format!("_p{i}")));
            }
        }
    }
    let g_by_id: HashMap<String, &Value> = g_ents.iter().map(|g| (id_of(g), g)).collect();
    let mapping = match_entities(g_ents, &p_ents);
    let matched_gold: HashSet<&String> = mapping.values().collect();
    let optional = |v: &Value| v.get("optional").and_then(Value::as_bool).unwrap_or(false);
    let ty = |v: &Value| v.get("type").cloned().unwrap_or(Value::Null);
    let name = |v: &Value| {
        v.get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    for typed in [false, true] {
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for p in &p_ents {
            let Some(gid) = mapping.get(&id_of(p)) else {
                fp += 1;
                if !typed {
                    log.push(format!(
                        "  FP entity  {}: {}",
                        ty(p).as_str().unwrap_or("None"),
                        name(p)
                    ));
                }
                continue;
            };
            let g = g_by_id[gid];
            let ok = !typed || ty(p) == ty(g);
            if optional(g) {
                continue;
            }
            if ok {
                tp += 1;
            } else {
                fp += 1;
                log.push(format!(
                    "  TYPE       {}: {} != {}",
                    name(p),
                    ty(p).as_str().unwrap_or("None"),
                    ty(g).as_str().unwrap_or("None")
                ));
            }
        }
        for g in g_ents {
            if optional(g) {
                continue;
            }
            let gid = id_of(g);
            let mut hit = matched_gold.contains(&gid);
            if typed && hit {
                let pid = mapping
                    .iter()
                    .find(|(_, v)| **v == gid)
                    .map(|(k, _)| k.clone())
                    .unwrap_or_default();
                hit = p_ents
                    .iter()
                    .find(|x| id_of(x) == pid)
                    .is_some_and(|p| ty(p) == ty(g));
            }
            if !hit {
                fn_ += 1;
                if !typed {
                    log.push(format!(
                        "  FN entity  {}: {}",
                        ty(g).as_str().unwrap_or("None"),
                        name(g)
                    ));
                }
            }
        }
        let tally = if typed {
            &mut report.entities_typed
        } else {
            &mut report.entities
        };
        tally.tp += tp;
        tally.fp += fp;
        tally.fn_ += fn_;
    }
    let mut gold_rels: Vec<(RelKey, &Value)> = Vec::new();
    for r in gold
        .get("relations")
        .and_then(Value::as_array)
        .unwrap_or(&empty)
    {
        let k = rel_key(r, &|x| x.to_string());
        if let Some(slot) = gold_rels.iter_mut().find(|(gk, _)| *gk == k) {
            slot.1 = r;
        } else {
            gold_rels.push((k, r));
        }
    }
    report.known += pred
        .and_then(|p| p.get("known"))
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    // One fact per (subject, predicate, object) as mapped: its first relation, as sure as the
    // surest of those that map to it.
    let mut pred_keys: Vec<(RelKey, &Value, usize)> = Vec::new();
    let mut surest: Vec<Option<f64>> = Vec::new();
    let pred_rels = pred
        .and_then(|p| p.get("relations"))
        .and_then(Value::as_array);
    for (index, r) in pred_rels.unwrap_or(&empty).iter().enumerate() {
        let k = rel_key(r, &|x| {
            mapping
                .get(x)
                .cloned()
                .unwrap_or_else(|| format!("\u{0}unmatched:{x}"))
        });
        let confidence = r.get("confidence").and_then(Value::as_f64);
        match pred_keys.iter().position(|(pk, _, _)| *pk == k) {
            Some(i) => {
                surest[i] = match (surest[i], confidence) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                }
            }
            None => {
                pred_keys.push((k, r, index));
                surest.push(confidence);
            }
        }
    }
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let describe = |k: &RelKey| {
        let show = |x: &str| {
            if let Some(pid) = x.strip_prefix("\u{0}unmatched:") {
                let p = p_ents.iter().find(|e| id_of(e) == pid);
                format!("[{}]", p.map(name).unwrap_or_else(|| pid.to_string()))
            } else {
                g_by_id
                    .get(x)
                    .map(|g| name(g))
                    .unwrap_or_else(|| x.to_string())
            }
        };
        format!(
            "{} --{}--> {}",
            show(&k.1),
            k.0,
            k.2.as_deref().map(show).unwrap_or_else(|| "\u{b7}".into())
        )
    };
    for (fact, (k, r, index)) in pred_keys.iter().enumerate() {
        let gold_match = gold_rels.iter().find(|(gk, _)| gk == k);
        report.facts.push(Fact {
            doc: doc.to_string(),
            index: *index,
            predicate: k.0.clone(),
            described: describe(k),
            role: r.get("role").and_then(Value::as_str).map(str::to_string),
            confidence: surest[fact],
            evidence: r.get("evidence").and_then(|e| {
                let e = e.as_array()?;
                Some((e.first()?.as_u64()? as usize, e.get(1)?.as_u64()? as usize))
            }),
            known_from: r.get("source").and_then(Value::as_str).map(str::to_string),
            outcome: match gold_match {
                None => Outcome::Wrong,
                Some((_, g)) if optional(g) => Outcome::Optional,
                Some(_) => Outcome::Correct,
            },
        });
        match gold_match {
            None => {
                fp += 1;
                log.push(format!("  FP relation {}", describe(k)));
            }
            Some((_, g)) if !optional(g) => {
                tp += 1;
                let role = g
                    .get("role")
                    .and_then(Value::as_str)
                    .filter(|r| !r.is_empty());
                if g.get("predicate").and_then(Value::as_str) == Some("affiliatedWith")
                    && role.is_some()
                {
                    report.roles.1 += 1;
                    if norm_role(r.get("role").and_then(Value::as_str)) == norm_role(role) {
                        report.roles.0 += 1;
                    } else {
                        log.push(format!(
                            "  ROLE       {:?} != {:?}",
                            r.get("role").and_then(Value::as_str).unwrap_or(""),
                            role.unwrap_or("")
                        ));
                    }
                }
            }
            Some(_) => {}
        }
    }
    for (k, g) in &gold_rels {
        if !optional(g) && !pred_keys.iter().any(|(pk, _, _)| pk == k) {
            fn_ += 1;
            log.push(format!("  FN relation {}", describe(k)));
            report.missed.push(Missed {
                doc: doc.to_string(),
                predicate: k.0.clone(),
                described: describe(k),
            });
        }
    }
    report.relations.tp += tp;
    report.relations.fp += fp;
    report.relations.fn_ += fn_;
}

/// The verdict on each relation of one predicted document, by its position in the document's
/// `relations`, as [`score`] judges it against the gold document; `None` for a relation that
/// repeats an earlier one (same subject, predicate and object), which is judged once.
pub fn judge(gold: &Value, pred: &Value) -> Vec<Option<Outcome>> {
    let mut report = Report::default();
    score_doc("", gold, Some(pred), &mut report, &mut Vec::new());
    let n = pred
        .get("relations")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let mut out = vec![None; n];
    for f in report.facts {
        out[f.index] = Some(f.outcome);
    }
    out
}

/// Scores predictions against gold; documents are paired by their `doc` field.
pub fn score(gold: &[Value], pred: &[Value]) -> Report {
    let mut report = Report::default();
    let gold_by: BTreeMap<String, &Value> =
        gold.iter().filter_map(|g| Some((doc_key(g)?, g))).collect();
    let pred_by: HashMap<String, &Value> =
        pred.iter().filter_map(|p| Some((doc_key(p)?, p))).collect();
    for (doc, g) in &gold_by {
        let mut log = Vec::new();
        let p = pred_by.get(doc).copied();
        score_doc(doc, g, p, &mut report, &mut log);
        if p.is_none() {
            log.insert(0, "  (no prediction for this document)".into());
        }
        report.log.insert(doc.clone(), log);
    }
    report.documents = gold_by.len();
    report
}

impl Report {
    /// Role accuracy, when any role was scored.
    pub fn role_accuracy(&self) -> Option<f64> {
        (self.roles.1 > 0)
            .then(|| ((self.roles.0 as f64 / self.roles.1 as f64) * 10_000.0).round() / 10_000.0)
    }

    /// The text summary score.py prints.
    pub fn text(&self, verbose: bool) -> String {
        let mut out = String::new();
        if verbose {
            for (doc, log) in &self.log {
                out.push_str(doc);
                out.push('\n');
                if log.is_empty() {
                    out.push_str("  (all correct)\n");
                } else {
                    out.push_str(&log.join("\n"));
                    out.push('\n');
                }
            }
        }
        for (key, t) in [
            ("entities", self.entities),
            ("entities_typed", self.entities_typed),
            ("relations", self.relations),
        ] {
            let (p, r, f) = t.prf();
            out.push_str(&format!(
                "{key:15} P={p:.3} R={r:.3} F1={f:.3}  (tp={} fp={} fn={})\n",
                t.tp, t.fp, t.fn_
            ));
        }
        out.push_str(&format!(
            "role accuracy   {}\n",
            self.role_accuracy()
                .map_or("None".to_string(), |a| format!("{a}"))
        ));
        out
    }

    /// The JSON score.py prints with --json.
    pub fn json(&self) -> Value {
        let t = |t: Tally| {
            let (p, r, f) = t.prf();
            json!({"precision": p, "recall": r, "f1": f, "tp": t.tp, "fp": t.fp, "fn": t.fn_})
        };
        json!({
            "entities": t(self.entities),
            "entities_typed": t(self.entities_typed),
            "relations": t(self.relations),
            "role_accuracy": self.role_accuracy(),
            "documents": self.documents,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eval_norm_matches_score_py() {
        assert_eq!(norm(Some("The Group's")), "group");
        assert_eq!(norm(Some("Côte d’Ivoire")), "cote d ivoire");
        assert_eq!(norm_role(Some("new Prime Minister")), "prime minister");
        assert_eq!(norm_role(Some("the former head")), "head");
    }

    #[test]
    fn eval_scores_entities_relations_and_roles() {
        let gold = vec![json!({"doc": "a.txt", "entities": [
            {"id": "p", "name": "Ana Diaz", "type": "Person", "mentions": [[0, 8]]},
            {"id": "o", "name": "Red Cross", "type": "Organization", "mentions": [[20, 29]]},
            {"id": "x", "name": "Maybe", "type": "Place", "optional": true, "mentions": [[40, 45]]}
        ], "relations": [
            {"subject": "p", "predicate": "affiliatedWith", "object": "o", "role": "head"},
            {"subject": "o", "predicate": "said", "object": null}
        ]})];
        let pred = vec![json!({"doc": "dir/a.txt", "entities": [
            {"id": "e1", "name": "Diaz", "type": "Organization", "mentions": [[4, 8]]},
            {"id": "e2", "name": "the Red Cross", "type": "Organization", "mentions": [[16, 29]]},
            {"id": "e3", "name": "Maybe", "type": "Place", "mentions": [[40, 45]]},
            {"id": "e4", "name": "Extra", "type": "Place", "mentions": [[50, 55]]}
        ], "relations": [
            {"subject": "e1", "predicate": "affiliatedWith", "object": "e2", "role": "new Head"},
            {"subject": "e4", "predicate": "said", "object": null}
        ]})];
        let report = score(&gold, &pred);
        assert_eq!(
            report.entities,
            Tally {
                tp: 2,
                fp: 1,
                fn_: 0
            }
        );
        assert_eq!(
            report.entities_typed,
            Tally {
                tp: 1,
                fp: 2,
                fn_: 1
            }
        );
        assert_eq!(
            report.relations,
            Tally {
                tp: 1,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(report.role_accuracy(), Some(1.0));
        assert!(report
            .text(false)
            .starts_with("entities        P=0.667 R=1.000 F1=0.800  (tp=2 fp=1 fn=0)"));
    }
}
