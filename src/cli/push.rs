//! `newsgraph push`.

use super::args::PushArgs;
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use newsgraph::kg::Store;
use newsgraph::push::{self, PushOptions};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

pub fn run(store_path: &Path, args: PushArgs, quiet: bool) -> Result<ExitCode> {
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        bail!(
            "--timeout {}: expected a positive number of seconds",
            args.timeout
        );
    }
    let credentials = match &args.user {
        Some(user) => {
            let password = std::env::var(&args.password_env).with_context(|| {
                format!(
                    "--user {user}: set the password in the environment variable {}",
                    args.password_env
                )
            })?;
            Some((user.clone(), password))
        }
        None => None,
    };
    let store = Store::open_read_only(store_path)?;
    let options = PushOptions {
        url: args.url.clone(),
        articles: args.articles.clone(),
        changed: args.changed,
        credentials,
        retries: args.retries,
        jobs: args.jobs.max(1),
        timeout: Duration::from_secs_f64(args.timeout),
    };
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} graphs, {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(format!("pushing to {}", args.url));
        bar
    };
    let summary = push::push(&store, &options, &|done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })
    .with_context(|| format!("pushing {} to {}", store_path.display(), args.url))?;
    bar.finish_and_clear();
    for (graph, reason) in &summary.failed {
        eprintln!("newsgraph: push {graph}: {reason}");
    }
    if !quiet || !summary.failed.is_empty() {
        eprintln!(
            "newsgraph: pushed {} graphs ({} triples, {:.1} MB) to {} in {:.1} s; {} unchanged, \
             {} deleted, {} retried requests, {} failed",
            summary.sent,
            summary.triples,
            summary.bytes as f64 / 1e6,
            args.url,
            summary.seconds,
            summary.unchanged,
            summary.deleted,
            summary.retried,
            summary.failed.len()
        );
    }
    Ok(if summary.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
