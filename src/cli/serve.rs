//! `newsgraph serve`.

use super::args::ServeArgs;
use anyhow::{bail, Context, Result};
use newsgraph::kg::Store;
use newsgraph::serve::{self, ServeConfig};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

pub fn run(store_path: &Path, args: ServeArgs, quiet: bool) -> Result<ExitCode> {
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        bail!(
            "--timeout {}: expected a positive number of seconds",
            args.timeout
        );
    }
    if args.max_rows == 0 {
        bail!("--max-rows must be at least 1");
    }
    let store = if args.writable {
        Store::open_existing(store_path)?
    } else {
        Store::open_read_only(store_path)?
    };
    let config = ServeConfig {
        bind: args.bind,
        writable: args.writable,
        timeout: Duration::from_secs_f64(args.timeout),
        max_rows: args.max_rows,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    let mode = if args.writable {
        "writable"
    } else {
        "read-only"
    };
    let store_name = store_path.display().to_string();
    runtime
        .block_on(serve::serve(
            store,
            config,
            move |addr| {
                if !quiet {
                    eprintln!(
                        "newsgraph: serving {store_name} ({mode}) at http://{addr}/ \
                         (SPARQL endpoint http://{addr}/sparql); Ctrl-C stops"
                    );
                } else {
                    eprintln!("http://{addr}/");
                }
            },
            async {
                let _ = tokio::signal::ctrl_c().await;
            },
        ))
        .with_context(|| format!("serving {}", store_path.display()))?;
    Ok(ExitCode::SUCCESS)
}
