//! The CLI edge: one thin file per subcommand over library functions; errors get their
//! context here (anyhow), library errors stay typed (thiserror).

pub mod args;
mod build;
mod common;
mod eval;
mod export;
mod extract;
mod learn;
mod ner;
mod push;
mod query;
mod serve;

use anyhow::Result;
use args::{Cli, Command};
use std::process::ExitCode;

/// Runs one command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    if cli.max_article_bytes < 1024 {
        anyhow::bail!(
            "--max-article-bytes {}: at least 1024",
            cli.max_article_bytes
        );
    }
    newsgraph::ingest::set_max_article_bytes(cli.max_article_bytes);
    let uses_store = !matches!(
        cli.command,
        Command::Extract(_)
            | Command::Eval(_)
            | Command::Ner(_)
            | Command::Train(_)
            | Command::TrainQuotes(_)
            | Command::TrainRelations(_)
            | Command::TrainConfidence(_)
            | Command::Completions { .. }
    );
    if let (Some(store), false) = (&cli.store, uses_store) {
        anyhow::bail!(
            "--store {}: this command reads and writes no store (--store is for build, query, \
             update, export, stats, validate, why, push, serve and optimize)",
            store.display()
        );
    }
    let store = cli
        .store
        .clone()
        .or_else(|| std::env::var_os("NEWSGRAPH_STORE").map(std::path::PathBuf::from))
        .unwrap_or_else(|| "newsgraph.db".into());
    let store = store.as_path();
    match cli.command {
        Command::Build(a) => build::run(store, a, cli.quiet),
        Command::Extract(a) => extract::run(a, cli.quiet),
        Command::Query(a) => query::run_query(store, a),
        Command::Update(a) => query::run_update(store, a, cli.quiet),
        Command::Export(a) => export::run(store, a, cli.quiet),
        Command::Eval(a) => eval::run(a, cli.quiet),
        Command::Ner(a) => ner::run_ner(a),
        Command::Train(a) => ner::run_train(a, cli.quiet),
        Command::TrainQuotes(a) => learn::run_train_quotes(a, cli.quiet),
        Command::TrainRelations(a) => learn::run_train_relations(a, cli.quiet),
        Command::TrainConfidence(a) => learn::run_train_confidence(a, cli.quiet),
        Command::Validate => query::run_validate(store),
        Command::Stats => query::run_stats(store),
        Command::Why(a) => query::run_why(store, a),
        Command::Push(a) => push::run(store, a, cli.quiet),
        Command::Serve(a) => serve::run(store, a, cli.quiet),
        Command::Optimize => query::run_optimize(store, cli.quiet),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "newsgraph", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
    }
}
