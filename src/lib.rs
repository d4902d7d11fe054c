//! newsgraph turns news articles into an RDF knowledge graph with provenance.
//!
//! The modules follow the data: [`ingest`] reads articles into a [`Doc`], [`nlp`] runs the
//! pipeline stages on it (tokenize, sentences, ner, coref, quotes, relations, claims), [`kg`]
//! turns it into quads in an Oxigraph store and answers SPARQL, [`export`] writes results and
//! diagrams, [`eval`] scores extraction against gold annotations. [`batch`] runs the pipeline
//! over many files in parallel.
#![warn(missing_docs)]

pub mod batch;
pub mod doc;
pub mod error;
pub mod eval;
pub mod export;
pub mod fence;
pub mod ingest;
pub mod kg;
pub mod nlp;
pub mod push;
pub mod serve;
pub mod train;
pub mod words;

pub use doc::Doc;
pub use error::Error;
pub use nlp::Pipeline;
