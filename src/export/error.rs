//! The errors of the export layer. A leaf: every export module imports it.

use std::path::PathBuf;
use thiserror::Error;

/// Errors writing exports.
#[derive(Debug, Error)]
pub enum ExportError {
    /// Writing failed.
    #[error("writing {target}: {source}")]
    Io {
        /// Where we were writing.
        target: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Graphviz is not installed.
    #[error("rendering {format} needs Graphviz's `{program}`, which is not installed (Debian/Ubuntu: apt-get install graphviz); `--format dot` writes the DOT source without it")]
    GraphvizMissing {
        /// The layout program.
        program: String,
        /// The format asked for.
        format: String,
    },
    /// Graphviz failed.
    #[error("`{program}` failed: {message}")]
    Graphviz {
        /// The layout program.
        program: String,
        /// Its stderr.
        message: String,
    },
    /// An unknown format name.
    #[error("unknown format {name:?}; expected one of: {expected}")]
    UnknownFormat {
        /// What the user gave.
        name: String,
        /// The accepted names.
        expected: String,
    },
    /// A format that needs an output folder.
    #[error("{format} writes several files; give an output folder with -o DIR")]
    NeedsDirectory {
        /// The format.
        format: String,
    },
    /// The focus entity was not found.
    #[error("no entity labelled {name:?} in the graph")]
    FocusNotFound {
        /// The name asked for.
        name: String,
    },
    /// RDF serialisation failed.
    #[error("serialising {format}: {message}")]
    Rdf {
        /// The format.
        format: String,
        /// What failed.
        message: String,
    },
    /// A CSV output failed.
    #[error("writing CSV {path}: {message}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// What failed.
        message: String,
    },
}

pub(crate) fn io_err(target: &str) -> impl Fn(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        target: target.to_string(),
        source,
    }
}
