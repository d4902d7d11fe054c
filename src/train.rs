//! Training data for the learned stages, read from annotated corpora: the quotation speaker
//! model from PolNeAR-style quote gold (`gold.jsonl` with `quotes`, beside a `texts/` folder),
//! the relation model from gold in the extraction format of ../shared/eval/FORMAT.md (our
//! own gold, the seed gold, CoNLL04 converted by `data/gold/roth_yih_to_gold.py`), and the
//! confidence model from the facts the whole pipeline states, judged against such gold as
//! `newsgraph eval` judges them.
//!
//! Each article is run through the pipeline up to the stage before the one trained, so the
//! model learns from the mentions and entities the tool really finds; gold offsets (characters)
//! are mapped onto them.

use crate::doc::{Doc, EntityType, Grounds, Predicate};
use crate::eval::{self, Outcome};
use crate::export::jsonl;
use crate::ingest::{self, IngestError};
use crate::nlp::hash::FxHashMap;
use crate::nlp::learn::Instance;
use crate::nlp::{confidence, quotes, relations, NlpError, Pipeline, Resources};
use rayon::prelude::*;
use serde_json::Value;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use thiserror::Error;

/// Errors reading training data.
#[derive(Debug, Error)]
pub enum TrainError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A gold line is malformed.
    #[error("{path}:{line}: {reason}")]
    Gold {
        /// The gold file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// An article could not be read.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// A stage failed.
    #[error(transparent)]
    Nlp(#[from] NlpError),
}

/// Reads a JSON Lines gold file: (line number, value) with a `doc` field each.
pub fn read_gold(path: &Path) -> Result<Vec<(usize, Value)>, TrainError> {
    let text = std::fs::read_to_string(path).map_err(|source| TrainError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (idx, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |reason: String| TrainError::Gold {
            path: path.to_path_buf(),
            line: idx + 1,
            reason,
        };
        let value: Value = serde_json::from_str(line).map_err(|e| bad(format!("not JSON: {e}")))?;
        if value.get("doc").and_then(Value::as_str).is_none() {
            return Err(bad("object has no \"doc\" field".into()));
        }
        out.push((idx + 1, value));
    }
    if out.is_empty() {
        return Err(TrainError::Gold {
            path: path.to_path_buf(),
            line: 1,
            reason: "no gold documents".into(),
        });
    }
    Ok(out)
}

/// The texts folder of a gold file: `texts/` beside it, else `data/articles`.
pub fn texts_beside(gold: &Path) -> PathBuf {
    gold.parent()
        .map(|p| p.join("texts"))
        .filter(|p| p.is_dir())
        .unwrap_or_else(|| PathBuf::from("data/articles"))
}

/// Byte offset of every character offset of `text` (and of its end).
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut out: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    out.push(text.len());
    out
}

/// `[start, end)` character offsets in a JSON array, as a byte range of the text.
fn span(value: &Value, bytes: &[usize]) -> Option<Range<usize>> {
    let a = value.get(0)?.as_u64()? as usize;
    let b = value.get(1)?.as_u64()? as usize;
    let last = bytes.len() - 1;
    Some(bytes[a.min(last)]..bytes[b.min(last)])
}

/// Reads the article of a gold line and runs `pipeline` on it.
fn run_article(
    pipeline: &Pipeline,
    texts: &Path,
    gold: &Path,
    line: usize,
    value: &Value,
) -> Result<Doc, TrainError> {
    let name = value.get("doc").and_then(Value::as_str).unwrap_or_default();
    let path = texts.join(name);
    let mut docs = ingest::read_path(&path, &ingest::file_name(&path))?;
    if docs.len() != 1 {
        return Err(TrainError::Gold {
            path: gold.to_path_buf(),
            line,
            reason: format!(
                "{} holds {} articles, expected one",
                path.display(),
                docs.len()
            ),
        });
    }
    let mut doc = docs.remove(0);
    pipeline.run(&mut doc)?;
    Ok(doc)
}

/// Speaker-model instances from a quote gold folder (`gold.jsonl` with `quotes`, `texts/`),
/// each article run by `pipeline` (the stages before quotations: [`Pipeline::up_to`] "coref").
pub fn quote_instances(
    res: &Arc<Resources>,
    pipeline: &Pipeline,
    dir: &Path,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<Instance>, TrainError> {
    let gold_path = dir.join("gold.jsonl");
    let gold = read_gold(&gold_path)?;
    let texts = dir.join("texts");
    let per_doc: Result<Vec<Vec<Instance>>, TrainError> = gold
        .par_iter()
        .map(|(line, value)| {
            let doc = run_article(pipeline, &texts, &gold_path, *line, value)?;
            let bytes = char_to_byte(&doc.text);
            let quotes: Vec<quotes::GoldQuote> = value
                .get("quotes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|q| {
                    let content = q
                        .get("spans")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|s| span(s, &bytes))
                        .collect();
                    let source = q
                        .get("source")
                        .and_then(|s| s.get(0))
                        .and_then(|s| span(s, &bytes));
                    let names = q
                        .get("speaker_names")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect();
                    quotes::GoldQuote {
                        content,
                        source,
                        names,
                    }
                })
                .collect();
            tick();
            Ok(quotes::training_instances(&doc, res, &quotes))
        })
        .collect();
    Ok(per_doc?.into_iter().flatten().collect())
}

/// Relation-model instances from a gold file in the extraction format and its texts, each
/// article run by `pipeline` (the stages before relations: [`Pipeline::up_to`] "coref").
pub fn relation_instances(
    res: &Arc<Resources>,
    pipeline: &Pipeline,
    gold_path: &Path,
    texts: &Path,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<Instance>, TrainError> {
    let gold = read_gold(gold_path)?;
    let per_doc: Result<Vec<Vec<Instance>>, TrainError> = gold
        .par_iter()
        .map(|(line, value)| {
            let doc = run_article(pipeline, texts, gold_path, *line, value)?;
            let bytes = char_to_byte(&doc.text);
            let entities = value
                .get("entities")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let ids: FxHashMap<&str, usize> = entities
                .iter()
                .enumerate()
                .filter_map(|(i, e)| Some((e.get("id")?.as_str()?, i)))
                .collect();
            // Each of our mentions to the gold entity it overlaps most (at least half of the
            // shorter span).
            let mut mention_gold = vec![None; doc.mentions.len()];
            for (mi, m) in doc.mentions.iter().enumerate() {
                let ours = doc.span_of(&m.tokens);
                let mut best: Option<(usize, usize)> = None;
                for (gi, e) in entities.iter().enumerate() {
                    for g in e
                        .get("mentions")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        let Some(g) = span(g, &bytes) else { continue };
                        let overlap = ours.end.min(g.end).saturating_sub(ours.start.max(g.start));
                        let shorter = ours.len().min(g.len()).max(1);
                        if overlap * 2 >= shorter && best.is_none_or(|(o, _)| overlap > o) {
                            best = Some((overlap, gi));
                        }
                    }
                }
                mention_gold[mi] = best.map(|(_, gi)| gi);
            }
            let mut gold_rel: FxHashMap<(usize, usize), Option<Predicate>> = FxHashMap::default();
            for r in value
                .get("relations")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let id = |k: &str| r.get(k).and_then(Value::as_str).and_then(|s| ids.get(s));
                let (Some(&s), Some(&o)) = (id("subject"), id("object")) else {
                    continue;
                };
                let optional = r.get("optional").and_then(Value::as_bool) == Some(true);
                let pred = r
                    .get("predicate")
                    .and_then(Value::as_str)
                    .and_then(Predicate::from_name);
                let entry = gold_rel.entry((s, o)).or_insert(None);
                if !optional && pred.is_some() {
                    *entry = pred;
                }
            }
            tick();
            Ok(relations::training_instances(
                &doc,
                res,
                &mention_gold,
                &gold_rel,
            ))
        })
        .collect();
    Ok(per_doc?.into_iter().flatten().collect())
}

/// A type name with countries read as places (see [`confidence_instances`]).
fn location_as_place(etype: &str) -> &str {
    if etype == EntityType::Country.as_str() {
        EntityType::Place.as_str()
    } else {
        etype
    }
}

/// Confidence-model instances: every relation the pipeline states in each article of a gold
/// file (the whole pipeline but the confidence stage: [`Pipeline::up_to`] "claims"), labelled
/// right or wrong as [`eval::judge`] judges it against the gold; optional gold relations,
/// facts known rather than read, and facts of a predicate the gold file never annotates teach
/// nothing.
pub fn confidence_instances(
    pipeline: &Pipeline,
    gold_path: &Path,
    texts: &Path,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<Instance>, TrainError> {
    let gold = read_gold(gold_path)?;
    // A gold set judges only the predicates it annotates, between the types it annotates them
    // between (CoNLL04 has no speakers, and its Work_For ties people to organisations only:
    // "Italy's Interior Minister X" is no error of its). Countries count as places: CoNLL04
    // types every location one way.
    let annotated: std::collections::HashSet<(String, String, String)> = gold
        .iter()
        .flat_map(|(_, g)| {
            let types: std::collections::HashMap<&str, &str> = g
                .get("entities")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|e| Some((e.get("id")?.as_str()?, e.get("type")?.as_str()?)))
                .collect();
            let type_of = |r: &Value, end: &str| {
                r.get(end)
                    .and_then(Value::as_str)
                    .and_then(|id| types.get(id))
                    .map_or(String::new(), |t| location_as_place(t).to_string())
            };
            g.get("relations")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|r| {
                    let p = r.get("predicate")?.as_str()?.to_string();
                    Some((p, type_of(r, "subject"), type_of(r, "object")))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let per_doc: Result<Vec<Vec<Instance>>, TrainError> = gold
        .par_iter()
        .map(|(line, value)| {
            let doc = run_article(pipeline, texts, gold_path, *line, value)?;
            // The JSON Lines relations are the relations read, in their order.
            let judged = eval::judge(value, &jsonl::to_json(&doc));
            let mut read = judged.into_iter();
            let verdicts: Vec<Option<bool>> = doc
                .relations
                .iter()
                .map(|rel| {
                    if rel.grounds != Grounds::Text {
                        return None;
                    }
                    let verdict = read.next().flatten();
                    let type_of = |e: Option<usize>| {
                        e.map_or(String::new(), |e| {
                            location_as_place(doc.entities[e].etype.as_str()).to_string()
                        })
                    };
                    let signature = (
                        rel.predicate.as_str().to_string(),
                        type_of(Some(rel.subject)),
                        type_of(rel.object),
                    );
                    if !annotated.contains(&signature) {
                        return None;
                    }
                    match verdict {
                        Some(Outcome::Correct) => Some(true),
                        Some(Outcome::Wrong) => Some(false),
                        _ => None,
                    }
                })
                .collect();
            tick();
            Ok(confidence::training_instances(&doc, &verdicts))
        })
        .collect();
    Ok(per_doc?.into_iter().flatten().collect())
}

/// Confidence-model instances from a judged sheet (`benches/judge_sample.py draw`, its verdict
/// column filled by a reader): each relation row judged "right" or "wrong" labels the relation
/// the pipeline states in that article under the same words, "SUBJECT predicate OBJECT
/// [role]" ("partly" teaches nothing). A row no relation matches, drawn by another extractor,
/// is left out; a row with no verdict or an unknown one is an error.
pub fn judged_instances(
    pipeline: &Pipeline,
    sheet: &Path,
    texts: &Path,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<Instance>, TrainError> {
    let bad = |line: usize, reason: String| TrainError::Gold {
        path: sheet.to_path_buf(),
        line,
        reason,
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .from_path(sheet)
        .map_err(|e| bad(1, e.to_string()))?;
    let headers = reader.headers().map_err(|e| bad(1, e.to_string()))?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| bad(1, format!("no {name} column: not a judged sheet")))
    };
    let (kind, doc_col, fact, verdict) = (
        column("kind")?,
        column("doc")?,
        column("fact")?,
        column("verdict")?,
    );
    // Per article, each judged fact and whether it is right.
    let mut judged: FxHashMap<String, FxHashMap<String, bool>> = FxHashMap::default();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let row = row.map_err(|e| bad(line, e.to_string()))?;
        if row.get(kind) != Some("relation") {
            continue;
        }
        let label = match row.get(verdict).map(str::trim) {
            Some("right") => Some(true),
            Some("wrong") => Some(false),
            Some("partly") => None,
            other => {
                return Err(bad(
                    line,
                    format!(
                        "verdict {:?}: expected right, partly or wrong",
                        other.unwrap_or_default()
                    ),
                ))
            }
        };
        if let (Some(label), Some(doc), Some(fact)) = (label, row.get(doc_col), row.get(fact)) {
            judged
                .entry(doc.to_string())
                .or_default()
                .insert(fact.to_string(), label);
        }
    }
    let mut docs: Vec<(String, FxHashMap<String, bool>)> = judged.into_iter().collect();
    docs.sort_by(|a, b| a.0.cmp(&b.0));
    let per_doc: Result<Vec<Vec<Instance>>, TrainError> = docs
        .par_iter()
        .map(|(name, facts)| {
            let value = serde_json::json!({ "doc": name });
            let doc = run_article(pipeline, texts, sheet, 1, &value)?;
            let verdicts: Vec<Option<bool>> = doc
                .relations
                .iter()
                .map(|rel| facts.get(&judged_fact(&doc, rel)).copied())
                .collect();
            tick();
            Ok(confidence::training_instances(&doc, &verdicts))
        })
        .collect();
    Ok(per_doc?.into_iter().flatten().collect())
}

/// A relation as a judged sheet writes it: "SUBJECT predicate OBJECT [role]".
fn judged_fact(doc: &Doc, rel: &crate::doc::Relation) -> String {
    let object = rel.object.map_or("", |o| doc.entities[o].name.as_str());
    let mut fact = format!(
        "{} {} {}",
        doc.entities[rel.subject].name,
        rel.predicate.as_str(),
        object
    )
    .trim()
    .to_string();
    if let Some(role) = &rel.role {
        fact.push_str(&format!(" [{role}]"));
    }
    fact
}
