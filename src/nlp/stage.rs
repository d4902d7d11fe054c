//! The contract every stage keeps: a name and a run over one document, and the errors it may
//! raise. A leaf: stages import it, it imports only the document type.

use crate::doc::Doc;
use thiserror::Error;

/// Errors raised by a stage.
#[derive(Debug, Error)]
pub enum NlpError {
    /// The NER model failed to tag a sentence.
    #[error("{doc}: the NER model failed: {reason}")]
    Model {
        /// Document id.
        doc: String,
        /// What failed.
        reason: String,
    },
    /// A stage panicked on this document (a bug; the run goes on without the document).
    #[error("{doc}: internal error in the {stage} stage: {message}")]
    Panic {
        /// Document id.
        doc: String,
        /// The stage.
        stage: &'static str,
        /// The panic's message and source location.
        message: String,
    },
}

/// One pipeline stage.
pub trait Stage: Send + Sync {
    /// Short name, for diagnostics.
    fn name(&self) -> &'static str;
    /// Runs the stage, reading and writing parts of `doc`.
    fn run(&self, doc: &mut Doc) -> Result<(), NlpError>;
}
