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
        token: match (&args.token, args.writable) {
            (Some(token), _) if token.trim().is_empty() => bail!("--token: the token is empty"),
            (Some(token), _) => Some(token.trim().to_string()),
            (None, true) => Some(new_token().context("making up a write token")?),
            (None, false) => None,
        },
        cors_origin: args.cors_origin.clone(),
    };
    let token_line = match (&args.token, &config.token) {
        (None, Some(token)) => {
            format!("write token: {token} (send it as Authorization: Bearer TOKEN)")
        }
        _ => String::new(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(newsgraph::kg::nesting::STACK_BYTES)
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
                if !token_line.is_empty() {
                    eprintln!("newsgraph: {token_line}");
                }
            },
            async {
                let _ = tokio::signal::ctrl_c().await;
            },
        ))
        .with_context(|| format!("serving {}", store_path.display()))?;
    Ok(ExitCode::SUCCESS)
}

/// A write token nobody can guess: 128 bits from the system's random source, in hex.
fn new_token() -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
