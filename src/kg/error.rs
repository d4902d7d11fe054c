//! The errors of the knowledge-graph layer. A leaf: every kg module imports it.

use std::path::PathBuf;
use thiserror::Error;

/// Errors of the knowledge-graph layer.
#[derive(Debug, Error)]
pub enum KgError {
    /// No store at the path.
    #[error("{path}: no store here; run `newsgraph build` first or pass --store")]
    MissingStore {
        /// The store path.
        path: PathBuf,
    },
    /// Another process holds the store.
    #[error("store {path}: {reason}; try again when it is done")]
    Busy {
        /// The store path.
        path: PathBuf,
        /// Who holds it.
        reason: String,
    },
    /// The store failed.
    #[error("store {path}: {message}")]
    Storage {
        /// The store path.
        path: PathBuf,
        /// What failed.
        message: String,
    },
    /// A SPARQL query or update does not parse.
    #[error("{source_name}: SPARQL syntax error: {message}")]
    QuerySyntax {
        /// Where the query came from (file name or `-e`).
        source_name: String,
        /// Parser message with line and column.
        message: String,
    },
    /// A query parameter names no variable of its query.
    #[error("{source_name}: {message}")]
    BadParam {
        /// Where the query came from.
        source_name: String,
        /// Which parameter, and the query's variables.
        message: String,
    },
    /// A SPARQL query failed while running.
    #[error("{source_name}: query failed: {message}")]
    QueryEval {
        /// Where the query came from.
        source_name: String,
        /// What failed.
        message: String,
    },
    /// A curated CSV file is malformed.
    #[error("{path}:{line}:{column}: {reason}")]
    Curated {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// 1-based column (field number).
        column: usize,
        /// What is wrong.
        reason: String,
    },
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// RDF input (the ontology or shapes) does not parse.
    #[error("{path}: {message}")]
    Rdf {
        /// The file.
        path: String,
        /// Parser message.
        message: String,
    },
}
