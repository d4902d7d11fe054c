//! Natural-language stages on `&mut Doc`: tokenize, sentences, ner, coref, quotes, relations, claims.
//!
//! Each stage implements [`Stage`]; a [`Pipeline`] runs them in order over one document.
//! Gazetteers and the NER model are loaded once into [`Resources`] and borrowed by the stages.
//! This module knows nothing of RDF.

pub mod claims;
pub mod coref;
pub mod cues;
pub mod hash;
pub mod learn;
pub mod ner;
pub mod quotes;
pub mod relations;
pub mod resources;
pub mod sentences;
pub mod tokenize;

use crate::doc::Doc;
use std::sync::Arc;
use thiserror::Error;

pub use resources::{ResourceError, Resources};

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

/// An ordered list of stages.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// The standard pipeline: tokenize, sentences, ner, coref, quotes, relations, claims.
    pub fn new(resources: Arc<Resources>) -> Pipeline {
        Pipeline {
            stages: vec![
                Box::new(tokenize::Tokenizer),
                Box::new(sentences::SentenceSplitter),
                Box::new(ner::Ner::new(resources.clone())),
                Box::new(coref::Coref::new(resources.clone())),
                Box::new(quotes::Quotes::new(resources.clone())),
                Box::new(relations::Relations::new(resources)),
                Box::new(claims::Claims),
            ],
        }
    }

    /// The standard pipeline up to and including the stage named `last` (all stages when no
    /// stage has that name): what a later stage's training data is made with.
    pub fn up_to(resources: Arc<Resources>, last: &str) -> Pipeline {
        let mut pipeline = Pipeline::new(resources);
        if let Some(i) = pipeline.stages.iter().position(|s| s.name() == last) {
            pipeline.stages.truncate(i + 1);
        }
        pipeline
    }

    /// The names of the stages, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Runs every stage on `doc`.
    ///
    /// ```
    /// use newsgraph::{Doc, Pipeline, nlp::Resources};
    /// use std::sync::Arc;
    /// let resources = Arc::new(Resources::load_default().unwrap());
    /// let mut doc = Doc::new("a.txt", "Italy and France signed a trade deal in 2019.");
    /// Pipeline::new(resources).run(&mut doc).unwrap();
    /// assert!(doc.entities.iter().any(|e| e.name == "Italy"));
    /// ```
    ///
    /// A stage that panics is caught ([`crate::fence`]): the document is reported as failed
    /// with the stage's name, and the caller goes on with the next one.
    pub fn run(&self, doc: &mut Doc) -> Result<(), NlpError> {
        for stage in &self.stages {
            crate::fence::catch(|| stage.run(doc)).map_err(|message| NlpError::Panic {
                doc: doc.id.clone(),
                stage: stage.name(),
                message,
            })??;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stage with a bug on one kind of document.
    struct Fragile;

    impl Stage for Fragile {
        fn name(&self) -> &'static str {
            "fragile"
        }
        fn run(&self, doc: &mut Doc) -> Result<(), NlpError> {
            let cut = doc.text.find('é').map_or(0, |i| i + 1);
            doc.tokens.clear();
            // Slices inside a two-byte character when the text holds an 'é'.
            let _ = &doc.text[..cut];
            Ok(())
        }
    }

    #[test]
    fn pipeline_fences_a_panicking_stage_per_document() {
        let pipeline = Pipeline {
            stages: vec![Box::new(Fragile)],
        };
        let mut bad = Doc::new("bad.txt", "Café");
        let err = pipeline.run(&mut bad).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("bad.txt: internal error in the fragile stage: end byte index 4"),
            "{message}"
        );
        assert!(message.contains("src/nlp/mod.rs"), "{message}");
        let mut good = Doc::new("good.txt", "Rome");
        assert!(pipeline.run(&mut good).is_ok());
    }
}
