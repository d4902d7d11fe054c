//! Writes: article graphs replaced whole in one transaction each, the bookkeeping of which
//! file built which graph, SPARQL updates; the merged default graph kept in step.

use super::open::{GraphWrite, Store, BULK_MEMORY_MB, BULK_THRESHOLD};
use crate::kg::error::KgError;
use crate::kg::merge::{self, merge_all, merges, written_graphs};
use crate::kg::vocab;
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, Quad, QuadRef, Term,
};
use std::collections::HashMap;

/// Writes: whole graphs replaced in one transaction, SPARQL updates, the merged default graph
/// kept in step.
impl Store {
    /// Replaces the content of one named graph with `quads` (which must all be in it).
    pub fn replace_graph(&self, graph: NamedNodeRef<'_>, quads: Vec<Quad>) -> Result<(), KgError> {
        if quads.len() > BULK_THRESHOLD {
            // Validated in full beforehand; too large for one transaction.
            self.remove_graphs(&[graph.into_owned()])?;
            let merged: Vec<Quad> = quads
                .iter()
                .filter(|q| merges(q))
                .map(|q| {
                    Quad::new(
                        q.subject.clone(),
                        q.predicate.clone(),
                        q.object.clone(),
                        GraphName::DefaultGraph,
                    )
                })
                .collect();
            let mut loader = self.inner.bulk_loader();
            loader
                .load_quads(quads.into_iter().chain(merged))
                .map_err(|e| self.storage_err(e))?;
            return loader.commit().map_err(|e| self.storage_err(e));
        }
        self.write_graphs(vec![GraphWrite {
            graph: graph.into_owned(),
            quads,
            source: None,
        }])
    }

    /// Replaces several graphs in one transaction, keeping the merged default graph and the
    /// bookkeeping of sources in step.
    pub fn write_graphs(&self, writes: Vec<GraphWrite>) -> Result<(), KgError> {
        let build = Store::build_graph();
        let mut tx = self
            .inner
            .start_transaction()
            .map_err(|e| self.storage_err(e))?;
        for write in &writes {
            let g = write.graph.as_ref();
            let old: Vec<Quad> = tx
                .quads_for_pattern(None, None, None, Some(g.into()))
                .collect::<Result<_, _>>()
                .map_err(|e| self.storage_err(e))?;
            if !old.is_empty() {
                tx.clear_graph(g).map_err(|e| self.storage_err(e))?;
            }
            for q in &write.quads {
                tx.insert(q);
            }
            if self.merged {
                merge::step(&mut tx, &old, &write.quads, &build)
                    .map_err(|e| self.storage_err(e))?;
            }
            remove_bookkeeping(&mut tx, g, None, &build).map_err(|e| self.storage_err(e))?;
            if let Some((path, hash)) = &write.source {
                record_source(&mut tx, g, path, hash, &build);
            }
        }
        tx.commit().map_err(|e| self.storage_err(e))
    }

    /// Loads quads of graphs new to the store with the bulk loader, each also into the merged
    /// default graph. Memory stays bounded whatever the number of quads; the load is not one
    /// transaction, so callers record the graphs' sources afterwards ([`Self::record_sources`]).
    pub fn bulk_load(&self, quads: impl IntoIterator<Item = Quad>) -> Result<(), KgError> {
        let merged = self.merged;
        let data = quads.into_iter().flat_map(move |q| {
            let copy = (merged && merges(&q)).then(|| {
                Quad::new(
                    q.subject.clone(),
                    q.predicate.clone(),
                    q.object.clone(),
                    GraphName::DefaultGraph,
                )
            });
            std::iter::once(q).chain(copy)
        });
        let mut loader = self
            .inner
            .bulk_loader()
            .with_max_memory_size_in_megabytes(BULK_MEMORY_MB);
        loader.load_quads(data).map_err(|e| self.storage_err(e))?;
        loader.commit().map_err(|e| self.storage_err(e))
    }

    /// Records the source file and content hash of graphs written by [`Self::bulk_load`] (and
    /// makes each a graph of the store even when it holds no quad).
    pub fn record_sources(&self, writes: &[GraphWrite]) -> Result<(), KgError> {
        let build = Store::build_graph();
        for chunk in writes.chunks(10_000) {
            let mut tx = self
                .inner
                .start_transaction()
                .map_err(|e| self.storage_err(e))?;
            for w in chunk {
                tx.insert_named_graph(w.graph.as_ref());
                if let Some((path, hash)) = &w.source {
                    record_source(&mut tx, w.graph.as_ref(), path, hash, &build);
                }
            }
            tx.commit().map_err(|e| self.storage_err(e))?;
        }
        Ok(())
    }

    /// Removes named graphs with their bookkeeping; their triples leave the merged default
    /// graph unless another graph still holds them.
    pub fn remove_graphs(&self, graphs: &[NamedNode]) -> Result<(), KgError> {
        let writes = graphs
            .iter()
            .map(|g| GraphWrite {
                graph: g.clone(),
                quads: Vec::new(),
                source: None,
            })
            .collect();
        self.write_graphs(writes)?;
        for g in graphs {
            self.inner
                .remove_named_graph(g.as_ref())
                .map_err(|e| self.storage_err(e))?;
        }
        Ok(())
    }

    /// Drops named graphs with their bookkeeping, then derives the merged default graph again
    /// from the graphs left: the fast way to empty a store of most of its articles. Not one
    /// transaction; a build stopped midway finds the dropped graphs unrecorded and builds them.
    pub fn drop_graphs(&mut self, graphs: &[NamedNode]) -> Result<(), KgError> {
        let build = Store::build_graph();
        for chunk in graphs.chunks(1_000) {
            let mut tx = self
                .inner
                .start_transaction()
                .map_err(|e| self.storage_err(e))?;
            for g in chunk {
                remove_bookkeeping(&mut tx, g.as_ref(), None, &build)
                    .map_err(|e| self.storage_err(e))?;
            }
            tx.commit().map_err(|e| self.storage_err(e))?;
            for g in chunk {
                self.inner
                    .remove_named_graph(g.as_ref())
                    .map_err(|e| self.storage_err(e))?;
            }
        }
        self.inner
            .clear_graph(GraphNameRef::DefaultGraph)
            .map_err(|e| self.storage_err(e))?;
        self.remerge()
    }

    /// The article graphs built from files: graph IRI to (source path, content hash).
    pub fn recorded_sources(&self) -> Result<HashMap<String, (String, String)>, KgError> {
        let build = Store::build_graph();
        let mut paths: HashMap<String, String> = HashMap::new();
        let mut hashes: HashMap<String, String> = HashMap::new();
        for q in self
            .inner
            .quads_for_pattern(None, None, None, Some(build.as_ref().into()))
        {
            let q = q.map_err(|e| self.storage_err(e))?;
            let (oxigraph::model::NamedOrBlankNode::NamedNode(g), Term::Literal(l)) =
                (&q.subject, &q.object)
            else {
                continue;
            };
            if q.predicate.as_ref() == vocab::SOURCE_PATH {
                paths.insert(g.as_str().to_string(), l.value().to_string());
            } else if q.predicate.as_ref() == vocab::CONTENT_HASH {
                hashes.insert(g.as_str().to_string(), l.value().to_string());
            }
        }
        Ok(paths
            .into_iter()
            .filter_map(|(g, p)| {
                let h = hashes.remove(&g)?;
                Some((g, (p, h)))
            })
            .collect())
    }

    /// Runs a SPARQL update with the common prefixes predeclared, in one transaction with
    /// the merged default graph brought in step: queries see the store before the update or
    /// after it, never between. When the graphs it writes are named in its text (INSERT DATA,
    /// DELETE DATA, templates and CLEAR/DROP of named graphs), only their share of the merge is
    /// derived again; otherwise (a write to the default graph, a graph chosen by a variable,
    /// CLEAR ALL) the whole merge is, which undoes a write to the default graph alone.
    pub fn update(&self, sparql: &str, source_name: &str) -> Result<(), KgError> {
        let syntax = |message: String| KgError::QuerySyntax {
            source_name: source_name.to_string(),
            message,
        };
        crate::kg::nesting::check(sparql).map_err(|e| syntax(e.to_string()))?;
        let mut parser = spargebra::SparqlParser::new();
        for (prefix, iri) in crate::kg::vocab::query_prefixes() {
            parser = parser
                .with_prefix(prefix.as_str(), iri.as_str())
                .map_err(|e| self.storage_err(e))?;
        }
        let build = Store::build_graph();
        // The build graph's bookkeeping is never merged.
        let written = written_graphs(
            &parser
                .parse_update(sparql)
                .map_err(|e| syntax(super::syntax::concise(sparql, &e.to_string())))?,
        )
        .map(|graphs| {
            graphs
                .into_iter()
                .filter(|g| *g != build)
                .collect::<Vec<_>>()
        });
        let evaluator = self.evaluator()?;
        let prepared = evaluator
            .parse_update(sparql)
            .map_err(|e| syntax(super::syntax::concise(sparql, &e.to_string())))?;
        let eval = |e: oxigraph::sparql::UpdateEvaluationError| KgError::QueryEval {
            source_name: source_name.to_string(),
            message: e.to_string(),
        };
        let storage = |e: oxigraph::store::StorageError| self.storage_err(e);
        let mut tx = self.inner.start_transaction().map_err(storage)?;
        let graph_quads = |tx: &oxigraph::store::Transaction<'_>, graphs: &[NamedNode]| {
            let mut quads = Vec::new();
            for g in graphs {
                for q in tx.quads_for_pattern(None, None, None, Some(g.as_ref().into())) {
                    quads.push(q?);
                }
            }
            Ok::<_, oxigraph::store::StorageError>(quads)
        };
        let before = match (&written, self.merged) {
            (Some(graphs), true) => graph_quads(&tx, graphs).map_err(storage)?,
            _ => Vec::new(),
        };
        prepared.on_transaction(&mut tx).execute().map_err(eval)?;
        if self.merged {
            match &written {
                Some(graphs) => {
                    let after = graph_quads(&tx, graphs).map_err(storage)?;
                    merge::step(&mut tx, &before, &after, &build).map_err(storage)?;
                }
                None => merge_all(&mut tx, &build).map_err(storage)?,
            }
        }
        tx.commit().map_err(storage)
    }

    /// Derives the merged default graph again from the named graphs.
    pub fn remerge(&mut self) -> Result<(), KgError> {
        let build = Store::build_graph();
        let mut tx = self
            .inner
            .start_transaction()
            .map_err(|e| self.storage_err(e))?;
        remove_bookkeeping(&mut tx, build.as_ref(), Some(vocab::STORE_LAYOUT), &build)
            .map_err(|e| self.storage_err(e))?;
        tx.commit().map_err(|e| self.storage_err(e))?;
        self.merged = false;
        self.ensure_layout()
    }
}

/// Removes the bookkeeping triples of `subject` (with `predicate`, or any).
pub(super) fn remove_bookkeeping(
    tx: &mut oxigraph::store::Transaction<'_>,
    subject: NamedNodeRef<'_>,
    predicate: Option<NamedNodeRef<'_>>,
    build: &NamedNode,
) -> Result<(), oxigraph::store::StorageError> {
    let old = tx
        .quads_for_pattern(
            Some(subject.into()),
            predicate,
            None,
            Some(build.as_ref().into()),
        )
        .collect::<Result<Vec<_>, _>>()?;
    for q in &old {
        tx.remove(q);
    }
    Ok(())
}

/// Records the file and content hash an article graph was built from.
pub(super) fn record_source(
    tx: &mut oxigraph::store::Transaction<'_>,
    graph: NamedNodeRef<'_>,
    path: &str,
    hash: &str,
    build: &NamedNode,
) {
    tx.insert(QuadRef::new(
        graph,
        vocab::SOURCE_PATH,
        &Literal::new_simple_literal(path),
        build,
    ));
    tx.insert(QuadRef::new(
        graph,
        vocab::CONTENT_HASH,
        &Literal::new_simple_literal(hash),
        build,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An update keeps the merged default graph in step with the graphs it writes: a triple
    /// leaves the merge only when no graph holds it any more; graphs chosen by a variable go
    /// through the whole merge; a write to the default graph alone is undone.
    #[test]
    fn store_update_keeps_the_merge_in_step() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_or_create(&dir.path().join("s.db")).unwrap();
        let merged = |s: &str, o: &str| {
            store
                .inner
                .contains(QuadRef::new(
                    NamedNodeRef::new_unchecked(s),
                    NamedNodeRef::new_unchecked("urn:p"),
                    &Literal::new_simple_literal(o),
                    GraphNameRef::DefaultGraph,
                ))
                .unwrap()
        };
        store
            .update(
                "INSERT DATA { GRAPH <urn:a> { <urn:s> <urn:p> \"x\" } GRAPH <urn:b> { <urn:s> <urn:p> \"x\" } }",
                "-e",
            )
            .unwrap();
        assert!(merged("urn:s", "x"));
        store
            .update(
                "DELETE DATA { GRAPH <urn:a> { <urn:s> <urn:p> \"x\" } }",
                "-e",
            )
            .unwrap();
        assert!(merged("urn:s", "x"), "still held by <urn:b>");
        store.update("DROP GRAPH <urn:b>", "-e").unwrap();
        assert!(!merged("urn:s", "x"));
        store
            .update(
                "INSERT { GRAPH ?g { <urn:t> <urn:p> \"y\" } } WHERE { VALUES ?g { <urn:c> } }",
                "-e",
            )
            .unwrap();
        assert!(merged("urn:t", "y"));
        store
            .update("INSERT DATA { <urn:u> <urn:p> \"z\" }", "-e")
            .unwrap();
        assert!(
            !merged("urn:u", "z"),
            "a write to the default graph alone is undone"
        );
        assert!(merged("urn:t", "y"));
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
}
