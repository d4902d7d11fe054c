//! Running the pipeline over many files: read and extract in parallel (rayon), results in
//! input order, one `Result` per file so that one bad file does not end the run.

use crate::doc::Doc;
use crate::ingest;
use crate::nlp::Pipeline;
use crate::Error;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The documents of one input file, or why it failed.
pub struct FileResult {
    /// The input file.
    pub path: PathBuf,
    /// Its processed documents (several for JSON Lines).
    pub docs: Result<Vec<Doc>, Error>,
}

/// Reads and processes one file.
pub fn process_file(pipeline: &Pipeline, path: &Path) -> Result<Vec<Doc>, Error> {
    let mut docs = ingest::read_path(path)?;
    for doc in &mut docs {
        pipeline.run(doc)?;
    }
    Ok(docs)
}

/// Processes one file whose bytes are already read.
pub fn process_bytes(pipeline: &Pipeline, path: &Path, bytes: &[u8]) -> Result<Vec<Doc>, Error> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let format = ingest::InputFormat::from_path(path).unwrap_or(ingest::InputFormat::Text);
    let mut docs = ingest::read_bytes(&name, path, bytes, format)?;
    for doc in &mut docs {
        pipeline.run(doc)?;
    }
    Ok(docs)
}

/// Processes files in parallel; `on_done` is called after each (for progress bars).
pub fn process_files(
    pipeline: &Pipeline,
    paths: &[PathBuf],
    on_done: &(dyn Fn() + Sync),
) -> Vec<FileResult> {
    paths
        .par_iter()
        .map(|path| {
            let docs = process_file(pipeline, path);
            on_done();
            FileResult {
                path: path.clone(),
                docs,
            }
        })
        .collect()
}
