//! The composition root of the language floor: which stages run, in which order, each with
//! its model. The only module that knows every stage; no stage imports it.

use super::claims::Claims;
use super::confidence::{self, Confidence};
use super::coref::Coref;
use super::hash::BuildFxHasher;
use super::learn::Classifier;
use super::ner::crf::NerModel;
use super::ner::Ner;
use super::quotes::{self, Quotes};
use super::relations::{self, Relations};
use super::resources::{ResourceError, Resources, GAZETTEER_FILES};
use super::sentences::SentenceSplitter;
use super::stage::{NlpError, Stage};
use super::tokenize::Tokenizer;
use crate::doc::Doc;
use std::path::Path;
use std::sync::Arc;

/// The learned stages' models; `None` where a stage runs on its rules alone.
#[derive(Default)]
pub struct Models {
    /// The NER tagger (`data/models/ner.crf`).
    pub ner: Option<NerModel>,
    /// The quotation speaker model (`data/models/quotes.model`).
    pub quotes: Option<Classifier>,
    /// The relation model (`data/models/relations.model`).
    pub relations: Option<Classifier>,
    /// The confidence model (`data/models/confidence.model`).
    pub confidence: Option<Classifier>,
}

impl Models {
    /// The models compiled into the binary, or those the environment names
    /// (`NEWSGRAPH_MODEL`, `NEWSGRAPH_QUOTE_MODEL`, `NEWSGRAPH_RELATION_MODEL`,
    /// `NEWSGRAPH_CONFIDENCE_MODEL`; empty: none).
    pub fn load_default() -> Result<Models, ResourceError> {
        Ok(Models {
            ner: NerModel::builtin()?,
            quotes: quotes::builtin_model()?,
            relations: relations::builtin_model()?,
            confidence: confidence::builtin_model()?,
        })
    }

    /// The models of a data folder: the NER model at `dir/../models/ner.crf` when present, the
    /// built-in ones otherwise.
    pub fn load(dir: &Path) -> Result<Models, ResourceError> {
        let ner = dir.join("../models/ner.crf");
        Ok(Models {
            ner: if ner.exists() {
                Some(NerModel::load(&ner)?)
            } else {
                NerModel::builtin()?
            },
            quotes: quotes::builtin_model()?,
            relations: relations::builtin_model()?,
            confidence: confidence::builtin_model()?,
        })
    }

    /// Only the NER model: what the learned stages' training runs before them.
    pub fn ner_only() -> Result<Models, ResourceError> {
        Ok(Models {
            ner: NerModel::builtin()?,
            ..Models::default()
        })
    }
}

/// A fingerprint of the extractor: the running executable (its code, compiled-in data and
/// models) and whatever the environment overrides (`NEWSGRAPH_DATA`, `NEWSGRAPH_MODEL`,
/// `NEWSGRAPH_QUOTE_MODEL`, `NEWSGRAPH_RELATION_MODEL`, `NEWSGRAPH_CONFIDENCE_MODEL`). An
/// article built by another extractor
/// is built again.
pub fn extractor_fingerprint() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = BuildFxHasher.build_hasher();
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    if let Some(bytes) = std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::read(exe).ok())
    {
        h.write(&bytes);
    }
    for var in [
        "NEWSGRAPH_DATA",
        "NEWSGRAPH_MODEL",
        "NEWSGRAPH_QUOTE_MODEL",
        "NEWSGRAPH_RELATION_MODEL",
        "NEWSGRAPH_CONFIDENCE_MODEL",
    ] {
        let Some(value) = std::env::var_os(var) else {
            continue;
        };
        h.write(var.as_bytes());
        h.write(value.to_string_lossy().as_bytes());
        let path = Path::new(&value);
        let files: Vec<std::path::PathBuf> = if path.is_dir() {
            GAZETTEER_FILES.iter().map(|f| path.join(f)).collect()
        } else {
            vec![path.to_path_buf()]
        };
        for file in files {
            if let Ok(bytes) = std::fs::read(file) {
                h.write(&bytes);
            }
        }
    }
    h.finish()
}

/// An ordered list of stages, and the confidence below which a relation is left out.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
    min_confidence: f32,
}

impl Pipeline {
    /// The standard pipeline: tokenize, sentences, ner, coref, quotes, relations, claims,
    /// confidence, each learned stage with its model.
    pub fn new(resources: Arc<Resources>, models: Models) -> Pipeline {
        Pipeline {
            stages: vec![
                Box::new(Tokenizer),
                Box::new(SentenceSplitter),
                Box::new(Ner::new(resources.clone(), models.ner)),
                Box::new(Coref::new(resources.clone())),
                Box::new(Quotes::new(resources.clone(), models.quotes)),
                Box::new(Relations::new(resources, models.relations)),
                Box::new(Claims),
                Box::new(Confidence::new(models.confidence)),
            ],
            min_confidence: 0.0,
        }
    }

    /// The same pipeline leaving out every relation whose confidence is below `min`
    /// ([`Doc::keep_confident`]); 0 keeps everything (the default).
    pub fn with_min_confidence(mut self, min: f32) -> Pipeline {
        self.min_confidence = min;
        self
    }

    /// The standard pipeline with the built-in gazetteers and models (or those the environment
    /// names: `NEWSGRAPH_MODEL`, `NEWSGRAPH_QUOTE_MODEL`, `NEWSGRAPH_RELATION_MODEL`).
    pub fn load_default() -> Result<Pipeline, ResourceError> {
        Ok(Pipeline::new(
            Arc::new(Resources::load_default()?),
            Models::load_default()?,
        ))
    }

    /// The standard pipeline up to and including the stage named `last` (all stages when no
    /// stage has that name): what a later stage's training data is made with.
    pub fn up_to(resources: Arc<Resources>, models: Models, last: &str) -> Pipeline {
        let mut pipeline = Pipeline::new(resources, models);
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
    /// use newsgraph::{Doc, Pipeline};
    /// let mut doc = Doc::new("a.txt", "Italy and France signed a trade deal in 2019.");
    /// Pipeline::load_default().unwrap().run(&mut doc).unwrap();
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
        if self.min_confidence > 0.0 {
            doc.keep_confident(self.min_confidence);
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
            min_confidence: 0.0,
        };
        let mut bad = Doc::new("bad.txt", "Café");
        let err = pipeline.run(&mut bad).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("bad.txt: internal error in the fragile stage: end byte index 4"),
            "{message}"
        );
        assert!(message.contains("src/nlp/pipeline.rs"), "{message}");
        let mut good = Doc::new("good.txt", "Rome");
        assert!(pipeline.run(&mut good).is_ok());
    }
}
