//! The knowledge graph: documents to triples, the Oxigraph store, curated facts, SPARQL, and
//! validation against the SHACL shapes.
//!
//! Reads entities, relations, statements, claims and events of a `Doc`, never its tokens.
//! Chooses no byte formats except the Turtle of the ontology it loads (that is `export`'s job).

pub mod curated;
pub mod error;
pub mod identity;
mod merge;
pub mod mint;
pub mod nesting;
pub mod plan;
pub mod store;
pub mod to_rdf;
pub mod validate;
pub mod vocab;

pub use error::KgError;
pub use store::Store;
pub use to_rdf::dedup_quads;
