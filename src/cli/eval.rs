//! `newsgraph eval`: extraction scored against gold annotations.

use super::args::EvalArgs;
use super::extract::extract_docs;
use anyhow::{Context, Result};
use newsgraph::eval;
use newsgraph::export::jsonl;
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
    let (docs, failed) = extract_docs(&paths, quiet)?;
    let predictions: Vec<serde_json::Value> = docs.iter().map(jsonl::to_json).collect();
    if let Some(path) = &args.predictions {
        let lines: Vec<String> = predictions.iter().map(|p| p.to_string()).collect();
        std::fs::write(path, lines.join("\n") + "\n")
            .with_context(|| format!("writing {}", path.display()))?;
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
    if args.json {
        println!("{}", report.json());
    } else {
        print!("{}", report.text(args.verbose));
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
