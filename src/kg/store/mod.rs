//! The Oxigraph store on disk: one named graph per article, one for curated facts, one for
//! the ontology, and the default graph, which holds the merge of all of them (each triple
//! once) but for the mentions (where names occur in the text, half of all triples; `GRAPH ?g`
//! reaches them), so that queries written without `GRAPH` read one graph instead of
//! de-duplicating across thousands. A bookkeeping graph records which file and content each
//! article graph was built from (incremental builds) and the store's layout.
//!
//! Writes go through transactions that replace whole article graphs and keep the merged
//! default graph in step (a triple leaves it when no named graph holds it any more), so an
//! interrupted build leaves every graph either as it was or as rebuilt. Very large graphs
//! (curated bulk imports) go through Oxigraph's bulk loader after they have been validated.
//!
//! One process writes at a time; any number read, and never while one writes: a lock file in
//! the store folder (exclusive for writers, shared for readers) turns what Oxigraph documents
//! as undefined behaviour into a clear error naming the writing process.
//!
//! - `open`: the handle, the lock, the layout, statistics;
//! - `write`: graph writes, bookkeeping, updates;
//! - `query`: queries and their parameters.

mod open;
mod query;
mod syntax;
mod write;

pub use open::{parse_turtle, GraphWrite, QueryOptions, Store, StoreStats, ONTOLOGY_TTL};
pub use query::{bind_params, parse_param};
