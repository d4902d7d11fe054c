//! The crate-level error type, wrapping one error enum per module boundary.

use thiserror::Error;

/// Any error the library reports.
#[derive(Debug, Error)]
pub enum Error {
    /// Reading an article failed.
    #[error(transparent)]
    Ingest(#[from] crate::ingest::IngestError),
    /// Loading gazetteers or the model failed.
    #[error(transparent)]
    Resource(#[from] crate::nlp::ResourceError),
    /// A pipeline stage failed.
    #[error(transparent)]
    Nlp(#[from] crate::nlp::NlpError),
    /// The knowledge graph (store, curated facts, queries) failed.
    #[error(transparent)]
    Kg(#[from] crate::kg::KgError),
    /// Writing an export failed.
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
}
