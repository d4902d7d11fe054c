//! Natural-language stages on `&mut Doc`: tokenize, sentences, ner, coref, quotes, relations,
//! claims, confidence.
//!
//! Each stage implements [`Stage`]; a [`Pipeline`] runs them in order over one document.
//! Gazetteers and the lexicon are loaded once into [`Resources`] and borrowed by the stages;
//! each learned stage is handed its own model ([`Models`]). This module knows nothing of RDF.
//!
//! The floor has three storeys, and imports only go down:
//! - the composition root, `pipeline`, which alone knows every stage;
//! - the stages: `tokenize`, `sentences`, `ner`, `coref`, `quotes`, `relations`,
//!   `claims`, `confidence` (a stage may use an earlier stage's helpers, never a later one's);
//! - the leaves they share: `stage` (the contract), `resources` (gazetteer and lexicon
//!   files), `words` (word lists), `cues` (text cues), `learn` (the classifier),
//!   `hash`.

pub mod claims;
pub mod confidence;
pub mod coref;
pub mod cues;
pub mod hash;
pub mod learn;
pub mod ner;
pub mod pipeline;
pub mod quotes;
pub mod relations;
pub mod resources;
pub mod sentences;
pub mod stage;
pub mod tokenize;

pub use pipeline::{extractor_fingerprint, Models, Pipeline};
pub use resources::{ResourceError, Resources};
pub use stage::{NlpError, Stage};
