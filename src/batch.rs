//! Running the pipeline over many files: read and extract in parallel (rayon), results in
//! input order, one `Result` per file so that one bad file does not end the run.

use crate::doc::Doc;
use crate::ingest;
use crate::nlp::Pipeline;
use crate::Error;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What one input file gave: its processed documents, and those of its documents that failed
/// in the pipeline (a JSON Lines file holds many; the others are kept).
#[derive(Default)]
pub struct Processed {
    /// Documents that went through every stage.
    pub docs: Vec<Doc>,
    /// Documents that failed, by id, with why.
    pub failed: Vec<(String, Error)>,
}

/// The documents of one input file, or why it could not be read.
pub struct FileResult {
    /// The input file.
    pub path: PathBuf,
    /// Its processed documents (several for JSON Lines).
    pub docs: Result<Processed, Error>,
}

/// Runs the pipeline, if any, on each document read; each document stands alone.
fn run_all(pipeline: Option<&Pipeline>, read: Vec<Doc>) -> Processed {
    let Some(pipeline) = pipeline else {
        return Processed {
            docs: read,
            failed: Vec::new(),
        };
    };
    let mut out = Processed::default();
    for mut doc in read {
        match pipeline.run(&mut doc) {
            Ok(()) => out.docs.push(doc),
            Err(err) => out.failed.push((doc.id.clone(), err.into())),
        }
    }
    out
}

/// Reads and processes one file; without a pipeline, only reads it (what the stages would
/// receive).
pub fn process_file(
    pipeline: Option<&Pipeline>,
    path: &Path,
    name: &str,
) -> Result<Processed, Error> {
    Ok(run_all(pipeline, ingest::read_path(path, name)?))
}

/// Processes one file whose bytes are already read, its documents named `name`.
pub fn process_bytes(
    pipeline: &Pipeline,
    path: &Path,
    name: &str,
    bytes: &[u8],
) -> Result<Processed, Error> {
    let format = ingest::InputFormat::from_path(path).unwrap_or(ingest::InputFormat::Text);
    Ok(run_all(
        Some(pipeline),
        ingest::read_bytes(name, path, bytes, format)?,
    ))
}

/// Processes (or, without a pipeline, only reads) files in parallel; `on_done` is called
/// after each (for progress bars).
pub fn process_files(
    pipeline: Option<&Pipeline>,
    paths: &[PathBuf],
    name_of: &(dyn Fn(&Path) -> String + Sync),
    on_done: &(dyn Fn() + Sync),
) -> Vec<FileResult> {
    paths
        .par_iter()
        .map(|path| {
            let docs = process_file(pipeline, path, &name_of(path));
            on_done();
            FileResult {
                path: path.clone(),
                docs,
            }
        })
        .collect()
}
