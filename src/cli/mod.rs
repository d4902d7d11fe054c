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
    match cli.command {
        Command::Build(a) => build::run(&cli.store, a, cli.quiet),
        Command::Extract(a) => extract::run(a, cli.quiet),
        Command::Query(a) => query::run_query(&cli.store, a),
        Command::Update(a) => query::run_update(&cli.store, a, cli.quiet),
        Command::Export(a) => export::run(&cli.store, a, cli.quiet),
        Command::Eval(a) => eval::run(a, cli.quiet),
        Command::Ner(a) => ner::run_ner(a),
        Command::Train(a) => ner::run_train(a, cli.quiet),
        Command::TrainQuotes(a) => learn::run_train_quotes(a, cli.quiet),
        Command::TrainRelations(a) => learn::run_train_relations(a, cli.quiet),
        Command::TrainConfidence(a) => learn::run_train_confidence(a, cli.quiet),
        Command::Validate => query::run_validate(&cli.store),
        Command::Stats => query::run_stats(&cli.store),
        Command::Why(a) => query::run_why(&cli.store, a),
        Command::Push(a) => push::run(&cli.store, a, cli.quiet),
        Command::Serve(a) => serve::run(&cli.store, a, cli.quiet),
        Command::Optimize => query::run_optimize(&cli.store, cli.quiet),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "newsgraph", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
    }
}
