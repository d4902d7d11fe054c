//! The `newsgraph` command line: parse arguments, run one command, turn errors into exit codes
//! (0 success, 1 bad input or failed inputs, 2 usage; a broken pipe exits 0 quietly).

mod cli;

use std::process::ExitCode;

/// mimalloc: query evaluation allocates a tuple per row and join, which glibc's allocator makes
/// the largest single cost of whole-corpus queries.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::args::parse();
    // Queries are parsed and evaluated by recursion, a level per level of nesting: the command
    // runs on a thread with room for the deepest query the store accepts.
    let command = std::thread::Builder::new()
        .name("newsgraph".into())
        .stack_size(newsgraph::kg::nesting::STACK_BYTES)
        .spawn(move || cli::run(args));
    let result = match command {
        Ok(handle) => handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        Err(e) => Err(anyhow::Error::new(e).context("starting the command's thread")),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if err.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("newsgraph: {err:#}");
            ExitCode::from(1)
        }
    }
}
