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
    match cli::run(args) {
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
