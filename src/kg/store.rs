//! The Oxigraph store on disk: one named graph per article, one for curated facts, one for
//! the ontology. Replacing a graph happens in one transaction, so an interrupted build leaves
//! every graph either as it was or as rebuilt; very large graphs (curated bulk imports) go
//! through Oxigraph's bulk loader after they have been validated in full.

use super::vocab::{self, PREFIXES};
use super::KgError;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, Quad};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use std::path::{Path, PathBuf};

/// Graphs with more quads than this are loaded with the bulk loader instead of a transaction.
const BULK_THRESHOLD: usize = 200_000;

/// The ontology, compiled in.
pub const ONTOLOGY_TTL: &str = include_str!("../../ontology/newsgraph.ttl");

/// A newsgraph store.
pub struct Store {
    inner: oxigraph::store::Store,
    path: PathBuf,
}

impl Store {
    /// Opens the store at `path`, creating it when missing.
    pub fn open_or_create(path: &Path) -> Result<Store, KgError> {
        // RocksDB makes the store's own folder, not its parents ("--store out/graphs/db").
        std::fs::create_dir_all(path).map_err(|e| KgError::Storage {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let inner = oxigraph::store::Store::open(path).map_err(|e| KgError::Storage {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        Ok(Store {
            inner,
            path: path.to_path_buf(),
        })
    }

    /// Opens an existing store; a missing one is an error that says how to make it.
    pub fn open_existing(path: &Path) -> Result<Store, KgError> {
        if !path.join("CURRENT").exists() {
            return Err(KgError::MissingStore {
                path: path.to_path_buf(),
            });
        }
        Store::open_or_create(path)
    }

    /// An in-memory store (tests, benchmarks, `extract --format ttl`).
    pub fn in_memory() -> Result<Store, KgError> {
        let inner = oxigraph::store::Store::new().map_err(|e| KgError::Storage {
            path: PathBuf::from(":memory:"),
            message: e.to_string(),
        })?;
        Ok(Store {
            inner,
            path: PathBuf::from(":memory:"),
        })
    }

    /// The underlying Oxigraph store.
    pub fn oxigraph(&self) -> &oxigraph::store::Store {
        &self.inner
    }

    fn storage_err(&self, e: impl ToString) -> KgError {
        KgError::Storage {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    /// Number of quads.
    pub fn len(&self) -> Result<usize, KgError> {
        self.inner.len().map_err(|e| self.storage_err(e))
    }

    /// Is the store empty?
    pub fn is_empty(&self) -> Result<bool, KgError> {
        self.inner.is_empty().map_err(|e| self.storage_err(e))
    }

    /// Replaces the ontology graph with the compiled-in ontology.
    pub fn load_ontology(&self) -> Result<(), KgError> {
        let graph = NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH);
        let quads = parse_turtle(ONTOLOGY_TTL, "ontology/newsgraph.ttl", &graph)?;
        self.replace_graph(graph.as_ref(), quads)
    }

    /// Replaces the content of one named graph with `quads` (which must all be in it).
    pub fn replace_graph(&self, graph: NamedNodeRef<'_>, quads: Vec<Quad>) -> Result<(), KgError> {
        if quads.len() > BULK_THRESHOLD {
            self.inner
                .clear_graph(graph)
                .map_err(|e| self.storage_err(e))?;
            let mut loader = self.inner.bulk_loader();
            loader.load_quads(quads).map_err(|e| self.storage_err(e))?;
            return loader.commit().map_err(|e| self.storage_err(e));
        }
        let mut tx = self
            .inner
            .start_transaction()
            .map_err(|e| self.storage_err(e))?;
        tx.clear_graph(graph).map_err(|e| self.storage_err(e))?;
        for quad in &quads {
            tx.insert(quad);
        }
        tx.commit().map_err(|e| self.storage_err(e))
    }

    /// Runs a SPARQL query; the common prefixes are predeclared and, unless the query says
    /// FROM, the default graph is the union of all graphs. `source_name` names the query
    /// in errors (its file, or `-e`).
    pub fn query(&self, sparql: &str, source_name: &str) -> Result<QueryResults<'static>, KgError> {
        let mut evaluator = SparqlEvaluator::new();
        for (prefix, iri) in PREFIXES {
            evaluator = evaluator
                .with_prefix(prefix, iri)
                .map_err(|e| self.storage_err(e))?;
        }
        let mut prepared = evaluator
            .parse_query(sparql)
            .map_err(|e| KgError::QuerySyntax {
                source_name: source_name.to_string(),
                message: e.to_string(),
            })?;
        // Without FROM, the default graph is the union of all graphs, so that a query sees
        // every article, the curated facts and the ontology without naming graphs.
        let plain = prepared
            .dataset()
            .default_graph_graphs()
            .is_some_and(|g| g == [oxigraph::model::GraphName::DefaultGraph]);
        if plain {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        prepared
            .on_store(&self.inner)
            .execute()
            .map_err(|e| KgError::QueryEval {
                source_name: source_name.to_string(),
                message: e.to_string(),
            })
    }

    /// Runs a SPARQL update with the common prefixes predeclared.
    pub fn update(&self, sparql: &str, source_name: &str) -> Result<(), KgError> {
        let mut evaluator = SparqlEvaluator::new();
        for (prefix, iri) in PREFIXES {
            evaluator = evaluator
                .with_prefix(prefix, iri)
                .map_err(|e| self.storage_err(e))?;
        }
        let prepared = evaluator
            .parse_update(sparql)
            .map_err(|e| KgError::QuerySyntax {
                source_name: source_name.to_string(),
                message: e.to_string(),
            })?;
        prepared
            .on_store(&self.inner)
            .execute()
            .map_err(|e| KgError::QueryEval {
                source_name: source_name.to_string(),
                message: e.to_string(),
            })
    }

    /// Every quad, in store order.
    pub fn quads(&self) -> Result<Vec<Quad>, KgError> {
        self.inner
            .iter()
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.storage_err(e))
    }

    /// Quads of the default graph and every named graph except the ontology's.
    pub fn data_quads(&self) -> Result<Vec<Quad>, KgError> {
        let ontology = NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH);
        let mut quads = self.quads()?;
        quads.retain(|q| {
            q.graph_name != ontology.as_ref().into()
                && q.graph_name != GraphNameRef::DefaultGraph.into_owned()
        });
        Ok(quads)
    }

    /// Names of the graphs in the store.
    pub fn graph_names(&self) -> Result<Vec<String>, KgError> {
        self.inner
            .named_graphs()
            .map(|g| g.map(|g| g.to_string()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.storage_err(e))
    }
}

/// Parses Turtle into quads of `graph`.
pub fn parse_turtle(text: &str, name: &str, graph: &NamedNode) -> Result<Vec<Quad>, KgError> {
    RdfParser::from_format(RdfFormat::Turtle)
        .without_named_graphs()
        .with_default_graph(graph.clone())
        .for_slice(text.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| KgError::Rdf {
            path: name.to_string(),
            message: e.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_missing_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = Store::open_existing(&dir.path().join("nope.db"))
            .err()
            .unwrap();
        assert!(err.to_string().contains("no store here"), "{err}");
    }

    #[test]
    fn store_replace_graph_is_idempotent_and_ontology_loads() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_or_create(&dir.path().join("s.db")).unwrap();
        store.load_ontology().unwrap();
        let n = store.len().unwrap();
        assert!(n > 200);
        store.load_ontology().unwrap();
        assert_eq!(store.len().unwrap(), n);
    }

    #[test]
    fn store_query_syntax_error_has_position() {
        let store = Store::in_memory().unwrap();
        let err = store
            .query("SELECT ?x WHERE { ?x ?y }", "-e")
            .err()
            .unwrap();
        let message = err.to_string();
        assert!(message.starts_with("-e: SPARQL syntax error"), "{message}");
        assert!(message.contains("1:"), "{message}");
    }
}
