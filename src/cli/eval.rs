//! `newsgraph eval`: extraction scored against gold annotations.

use super::args::EvalArgs;
use super::extract::extract_docs;
use anyhow::{Context, Result};
use newsgraph::eval;
use newsgraph::export::jsonl;
use newsgraph::ingest;
use newsgraph::kg::identity;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(args: EvalArgs, quiet: bool) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading gold {}", args.gold.display()))?;
    let mut gold = Vec::new();
    for (idx, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not JSON", args.gold.display(), idx + 1))?;
        if value.get("doc").and_then(|d| d.as_str()).is_none() {
            anyhow::bail!(
                "{}:{}: object has no \"doc\" field",
                args.gold.display(),
                idx + 1
            );
        }
        gold.push(value);
    }
    let paths = if args.paths.is_empty() {
        let beside = args
            .gold
            .parent()
            .map(|p| p.join("texts"))
            .filter(|p| p.is_dir());
        vec![beside.unwrap_or_else(|| PathBuf::from("data/articles"))]
    } else {
        args.paths.clone()
    };
    let paths = named_in_gold(&paths, &gold)?;
    // Everything is extracted; the headline scores are over what extract would keep, the table
    // by threshold over all.
    let (docs, failed) = extract_docs(&paths, quiet, 0.0)?;
    let all: Vec<serde_json::Value> = docs.iter().map(jsonl::to_json).collect();
    let predictions: Vec<serde_json::Value> = docs
        .iter()
        .map(|doc| {
            let mut kept = doc.clone();
            kept.keep_confident(args.min_confidence);
            jsonl::to_json(&kept)
        })
        .collect();
    if let Some(path) = &args.predictions {
        let lines: Vec<String> = predictions.iter().map(|p| p.to_string()).collect();
        std::fs::write(path, lines.join("\n") + "\n")
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if args.identity {
        let recurring_at = args.recurring;
        let (resolved, baseline) = resolved_docs(&docs);
        let report = eval::score_identity(&gold, &resolved, recurring_at);
        let before = eval::score_identity(&gold, &baseline, recurring_at);
        if args.json {
            println!(
                "{}",
                serde_json::json!({"resolved": report.json(), "name_and_type": before.json()})
            );
        } else {
            print!("{}", report.text("resolved"));
            print!("{}", before.text("baseline: one node per name and type"));
            if args.verbose || args.wrong {
                print!("{}", report.details());
            }
        }
        return Ok(if failed > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    if eval::is_quote_gold(&gold) {
        let report = eval::score_quotes(&gold, &predictions);
        if args.json {
            println!("{}", report.json());
        } else {
            print!("{}", report.text());
        }
        return Ok(if failed > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    let report = eval::score(&gold, &predictions);
    let everything = eval::score(&gold, &all);
    if args.json {
        let mut json = report.json();
        if let (Some(obj), serde_json::Value::Object(facts)) = (
            json.as_object_mut(),
            everything.facts_json(f64::from(args.min_confidence)),
        ) {
            obj.extend(facts);
        }
        println!("{json}");
    } else {
        print!("{}", report.text(args.verbose));
        print!("{}", everything.facts_text(f64::from(args.min_confidence)));
        if args.wrong {
            let texts: HashMap<String, &str> = docs
                .iter()
                .map(|d| (eval::doc_name(&d.id), d.text.as_str()))
                .collect();
            print!(
                "{}",
                report.wrong_text(&|doc| texts.get(doc).map(|t| t.to_string()))
            );
        }
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The articles of PATHS the gold names: a folder is narrowed to the files whose names are
/// gold documents (a long article read in parts, `NAME#part2`, is named by its file), so that
/// scoring 40 articles of a folder of 800 reads 40; files named explicitly are kept. Fails when
/// none is left, rather than fall back to the default inputs.
fn named_in_gold(paths: &[PathBuf], gold: &[serde_json::Value]) -> Result<Vec<PathBuf>> {
    let wanted: HashSet<String> = gold
        .iter()
        .filter_map(|g| g.get("doc").and_then(|d| d.as_str()))
        .map(|d| eval::doc_name(d.split('#').next().unwrap_or(d)))
        .collect();
    let mut kept = Vec::new();
    for path in paths {
        if !path.is_dir() {
            kept.push(path.clone());
            continue;
        }
        let inputs = ingest::collect_paths(std::slice::from_ref(path));
        kept.extend(inputs.files.into_iter().filter(|f| {
            f.file_name()
                .is_some_and(|n| wanted.contains(n.to_string_lossy().as_ref()))
        }));
    }
    if kept.is_empty() {
        anyhow::bail!(
            "none of the {} articles the gold names is in {}",
            wanted.len(),
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(kept)
}

/// The documents' entities as the build resolves them across articles (in input order, each
/// node followed to the node later articles found it to be), and as one node per name and
/// type.
fn resolved_docs(docs: &[newsgraph::Doc]) -> (Vec<eval::SystemDoc>, Vec<eval::SystemDoc>) {
    let mut resolver = identity::Resolver::new(Vec::new());
    let (mut resolved, mut baseline) = (Vec::new(), Vec::new());
    for doc in docs {
        let cards = identity::cards_of(doc);
        let resolution = resolver.resolve(&cards);
        let chars = doc.char_offsets();
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        for (i, e) in doc.entities.iter().enumerate() {
            let mentions: Vec<(usize, usize)> = e
                .mentions
                .iter()
                .map(|&m| {
                    let span = doc.span_of(&doc.mentions[m].tokens);
                    (chars.at(span.start), chars.at(span.end))
                })
                .collect();
            let decision = &resolution.decisions[i];
            ours.push(eval::SystemEntity {
                mentions: mentions.clone(),
                node: decision.node.as_str().to_string(),
                etype: decision.retyped.unwrap_or(e.etype).as_str().to_string(),
            });
            theirs.push(eval::SystemEntity {
                mentions,
                node: cards.cards[i].provisional.as_str().to_string(),
                etype: e.etype.as_str().to_string(),
            });
        }
        resolved.push(eval::SystemDoc {
            doc: doc.id.clone(),
            entities: ours,
        });
        baseline.push(eval::SystemDoc {
            doc: doc.id.clone(),
            entities: theirs,
        });
    }
    // Merges later articles found: an earlier article's node is the node it is `owl:sameAs`.
    for doc in &mut resolved {
        for e in &mut doc.entities {
            if let Some((node, etype)) = resolver.node_now(&e.node) {
                if node != e.node {
                    e.node = node.to_string();
                    e.etype = etype.as_str().to_string();
                }
            }
        }
    }
    (resolved, baseline)
}
