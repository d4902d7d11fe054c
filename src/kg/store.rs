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

use super::merge::{self, merge_all, merges, written_graphs};
use super::plan::{self, Joins, SCAN_JOIN_ROWS};
use super::vocab::{self, PREFIXES};
use super::KgError;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, Quad, QuadRef, Term,
};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use std::collections::HashMap;
use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Graphs with more quads than this are loaded with the bulk loader instead of a transaction.
const BULK_THRESHOLD: usize = 200_000;

/// Memory the bulk loader may use for its buffers, in megabytes.
const BULK_MEMORY_MB: usize = 400;

/// The layout this code writes: the default graph is the merge of the named graphs, mentions
/// left out (layout 1 merged everything; such a store is derived again on its first write).
const LAYOUT: &str = "merged-default-graph/2";

/// The lock file in the store folder.
const LOCK_FILE: &str = "newsgraph.lock";

/// The ontology, compiled in.
pub const ONTOLOGY_TTL: &str = include_str!("../../ontology/newsgraph.ttl");

/// A newsgraph store.
pub struct Store {
    inner: oxigraph::store::Store,
    path: PathBuf,
    /// The lock held while the store is open (none in memory).
    _lock: Option<File>,
    /// Does the default graph hold the merge of the named graphs (this layout)? Older stores
    /// are queried over the union of their graphs instead.
    merged: bool,
}

/// One article graph (or curated or ontology graph) to write: its new content and, for
/// articles, the file and content hash it comes from.
pub struct GraphWrite {
    /// The named graph.
    pub graph: NamedNode,
    /// Its quads (all in `graph`).
    pub quads: Vec<Quad>,
    /// (canonical source path, content hash) for incremental builds.
    pub source: Option<(String, String)>,
}

/// How a query runs beyond its text: bound variables, the dataset, cancellation.
#[derive(Clone, Default)]
pub struct QueryOptions {
    /// Variables bound to terms beforehand (`--param name=value`).
    pub params: Vec<(String, Term)>,
    /// Over the union of the named graphs rather than the merged default graph.
    pub union: bool,
    /// Graphs whose merge is the default graph (overrides FROM); `None` keeps the query's.
    pub default_graphs: Option<Vec<NamedNode>>,
    /// The named graphs the query may reach (overrides FROM NAMED); `None` keeps the query's.
    pub named_graphs: Option<Vec<NamedNode>>,
    /// Cancels the evaluation when triggered (a timeout).
    pub cancel: Option<oxigraph::sparql::CancellationToken>,
    /// How triple patterns are joined (see [`super::plan`]).
    pub joins: Joins,
}

/// What a store holds, for `newsgraph stats`.
#[derive(Debug, Default)]
pub struct StoreStats {
    /// Article graphs.
    pub articles: usize,
    /// Entities per class (local name), most first.
    pub entities: Vec<(String, usize)>,
    /// Relation assertions per predicate (local name), most first.
    pub relations: Vec<(String, usize)>,
    /// Quads in all graphs.
    pub quads: usize,
    /// Bytes on disk.
    pub bytes: u64,
}

impl Store {
    /// Opens the store at `path` for writing, creating it when missing. Fails with
    /// [`KgError::Busy`] while another process reads or writes it.
    pub fn open_or_create(path: &Path) -> Result<Store, KgError> {
        // RocksDB makes the store's own folder, not its parents ("--store out/graphs/db").
        std::fs::create_dir_all(path).map_err(storage_error(path))?;
        let lock = lock(path, true)?;
        let inner = oxigraph::store::Store::open(path).map_err(storage_error(path))?;
        let mut store = Store {
            inner,
            path: path.to_path_buf(),
            _lock: Some(lock),
            merged: false,
        };
        store.ensure_layout()?;
        Ok(store)
    }

    /// Opens an existing store for writing; a missing one is an error that says how to make it.
    pub fn open_existing(path: &Path) -> Result<Store, KgError> {
        require_store(path)?;
        Store::open_or_create(path)
    }

    /// Opens an existing store for reading. Any number of processes may read at once; while a
    /// process writes, this fails with [`KgError::Busy`] naming it.
    pub fn open_read_only(path: &Path) -> Result<Store, KgError> {
        require_store(path)?;
        let lock = lock(path, false)?;
        let inner = oxigraph::store::Store::open_read_only(path).map_err(storage_error(path))?;
        let mut store = Store {
            inner,
            path: path.to_path_buf(),
            _lock: Some(lock),
            merged: false,
        };
        store.merged = store.layout()?.as_deref() == Some(LAYOUT);
        Ok(store)
    }

    /// An in-memory store (tests, benchmarks, `extract --format ttl`).
    pub fn in_memory() -> Result<Store, KgError> {
        let inner = oxigraph::store::Store::new().map_err(|e| KgError::Storage {
            path: PathBuf::from(":memory:"),
            message: e.to_string(),
        })?;
        let mut store = Store {
            inner,
            path: PathBuf::from(":memory:"),
            _lock: None,
            merged: false,
        };
        store.ensure_layout()?;
        Ok(store)
    }

    /// The underlying Oxigraph store.
    pub fn oxigraph(&self) -> &oxigraph::store::Store {
        &self.inner
    }

    /// The folder of the store.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn storage_err(&self, e: impl ToString) -> KgError {
        KgError::Storage {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    /// Number of quads, the merged default graph included.
    pub fn len(&self) -> Result<usize, KgError> {
        self.inner.len().map_err(|e| self.storage_err(e))
    }

    /// Is the store empty?
    pub fn is_empty(&self) -> Result<bool, KgError> {
        self.inner.is_empty().map_err(|e| self.storage_err(e))
    }

    fn build_graph() -> NamedNode {
        NamedNode::new_unchecked(vocab::BUILD_GRAPH)
    }

    /// The layout recorded in the store, if any.
    fn layout(&self) -> Result<Option<String>, KgError> {
        let build = Store::build_graph();
        let found = self
            .inner
            .quads_for_pattern(
                Some(build.as_ref().into()),
                Some(vocab::STORE_LAYOUT),
                None,
                Some(build.as_ref().into()),
            )
            .next()
            .transpose()
            .map_err(|e| self.storage_err(e))?;
        Ok(found.and_then(|q| match q.object {
            Term::Literal(l) => Some(l.value().to_string()),
            _ => None,
        }))
    }

    /// Brings a store written by an older version to this layout: the default graph becomes
    /// the merge of the named graphs (once; a store of this layout is left as it is).
    fn ensure_layout(&mut self) -> Result<(), KgError> {
        if self.layout()?.as_deref() == Some(LAYOUT) {
            self.merged = true;
            return Ok(());
        }
        let build = Store::build_graph();
        let mut tx = self
            .inner
            .start_transaction()
            .map_err(|e| self.storage_err(e))?;
        merge_all(&mut tx, &build).map_err(|e| self.storage_err(e))?;
        tx.insert(QuadRef::new(
            &build,
            vocab::STORE_LAYOUT,
            &Literal::new_simple_literal(LAYOUT),
            &build,
        ));
        tx.commit().map_err(|e| self.storage_err(e))?;
        self.merged = true;
        Ok(())
    }

    /// Replaces the ontology graph with the compiled-in ontology, unless it is already there.
    pub fn load_ontology(&self) -> Result<(), KgError> {
        let graph = NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH);
        let quads = parse_turtle(ONTOLOGY_TTL, "ontology/newsgraph.ttl", &graph)?;
        let present = self
            .inner
            .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
            .count();
        if present == quads.len()
            && quads
                .iter()
                .all(|q| self.inner.contains(q).unwrap_or(false))
        {
            return Ok(());
        }
        self.replace_graph(graph.as_ref(), quads)
    }

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

    /// Does the store hold this named graph?
    pub fn has_graph(&self, graph: NamedNodeRef<'_>) -> Result<bool, KgError> {
        self.inner
            .contains_named_graph(graph)
            .map_err(|e| self.storage_err(e))
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

    /// Runs a SPARQL query; the common prefixes are predeclared and, unless the query says
    /// FROM, the default graph is the merge of all graphs. `source_name` names the query
    /// in errors (its file, or `-e`).
    pub fn query(&self, sparql: &str, source_name: &str) -> Result<QueryResults<'static>, KgError> {
        self.query_with(sparql, source_name, !self.merged)
    }

    /// Runs a query over the union of the named graphs (the layout before the merged default
    /// graph; for comparing the two).
    pub fn query_union(
        &self,
        sparql: &str,
        source_name: &str,
    ) -> Result<QueryResults<'static>, KgError> {
        self.query_with(sparql, source_name, true)
    }

    fn query_with(
        &self,
        sparql: &str,
        source_name: &str,
        union: bool,
    ) -> Result<QueryResults<'static>, KgError> {
        self.query_with_options(
            sparql,
            source_name,
            &QueryOptions {
                union,
                ..QueryOptions::default()
            },
        )
    }

    /// Runs a query with [`QueryOptions`]: variables bound to terms beforehand (`--param
    /// name=value`), the union of the named graphs instead of the merged default graph, a
    /// dataset given apart from the query (the SPARQL protocol's `default-graph-uri` and
    /// `named-graph-uri`, which take precedence over its FROM clauses), a token that cancels
    /// it, and how its patterns are joined ([`super::plan`]).
    pub fn query_with_options(
        &self,
        sparql: &str,
        source_name: &str,
        options: &QueryOptions,
    ) -> Result<QueryResults<'static>, KgError> {
        let mut evaluator = self.evaluator()?;
        if let Some(token) = &options.cancel {
            evaluator = evaluator.with_cancellation_token(token.clone());
        }
        let syntax = |message: String| KgError::QuerySyntax {
            source_name: source_name.to_string(),
            message,
        };
        super::nesting::check(sparql).map_err(|e| syntax(e.to_string()))?;
        let mut query = self
            .parser()?
            .parse_query(sparql)
            .map_err(|e| syntax(e.to_string()))?;
        if !options.params.is_empty() {
            // The query parsed as written (errors point into it); now with the bindings.
            let bound = bind_params(sparql, &options.params).map_err(syntax)?;
            query = self
                .parser()?
                .parse_query(&bound)
                .map_err(|e| syntax(format!("with --param: {e}")))?;
        }
        let given_dataset = options.default_graphs.is_some() || options.named_graphs.is_some();
        let union = options.union || !self.merged;
        if !given_dataset && !union && query.dataset().is_none() {
            // The merged default graph, where pattern sizes can be counted.
            query = plan::plan(query, options.joins, &mut |tp| self.pattern_size(tp));
        }
        let mut prepared = evaluator.for_query(query);
        if given_dataset {
            let dataset = prepared.dataset_mut();
            dataset.set_default_graph(
                options
                    .default_graphs
                    .iter()
                    .flatten()
                    .map(|g| g.clone().into())
                    .collect(),
            );
            dataset.set_available_named_graphs(
                options
                    .named_graphs
                    .iter()
                    .flatten()
                    .map(|g| g.clone().into())
                    .collect(),
            );
        } else {
            let plain = prepared
                .dataset()
                .default_graph_graphs()
                .is_some_and(|g| g == [oxigraph::model::GraphName::DefaultGraph]);
            if plain && union {
                prepared.dataset_mut().set_default_graph_as_union();
            }
        }
        prepared
            .on_store(&self.inner)
            .execute()
            .map_err(|e| KgError::QueryEval {
                source_name: source_name.to_string(),
                message: e.to_string(),
            })
    }

    /// Does the store hold this named graph (or, for `None`, anything in the default graph)?
    pub fn contains_graph(&self, graph: Option<&NamedNode>) -> Result<bool, KgError> {
        match graph {
            Some(g) => self.has_graph(g.as_ref()),
            None => Ok(self
                .inner
                .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
                .next()
                .is_some()),
        }
    }

    /// The triples of one graph: a named graph, or the default graph (the merge of all).
    pub fn graph_triples(
        &self,
        graph: Option<&NamedNode>,
    ) -> impl Iterator<Item = Result<oxigraph::model::Triple, KgError>> + '_ {
        let name = match graph {
            Some(g) => GraphNameRef::NamedNode(g.as_ref()),
            None => GraphNameRef::DefaultGraph,
        };
        self.inner
            .quads_for_pattern(None, None, None, Some(name))
            .map(move |q| q.map(Into::into).map_err(|e| self.storage_err(e)))
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
        super::nesting::check(sparql).map_err(|e| syntax(e.to_string()))?;
        let mut parser = spargebra::SparqlParser::new();
        for (prefix, iri) in PREFIXES {
            parser = parser
                .with_prefix(prefix, iri)
                .map_err(|e| self.storage_err(e))?;
        }
        let build = Store::build_graph();
        // The build graph's bookkeeping is never merged.
        let written = written_graphs(
            &parser
                .parse_update(sparql)
                .map_err(|e| syntax(e.to_string()))?,
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
            .map_err(|e| syntax(e.to_string()))?;
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

    /// How many triples of the default graph match a pattern (its variables free), counted up
    /// to [`SCAN_JOIN_ROWS`]. Counted by a query, which reads the store's encoded terms (the
    /// store's own iterator would decode every term).
    fn pattern_size(&self, tp: &spargebra::term::TriplePattern) -> usize {
        let count = format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ {{ SELECT * WHERE {{ {tp} }} LIMIT {SCAN_JOIN_ROWS} }} }}"
        );
        let counted = SparqlEvaluator::new()
            .parse_query(&count)
            .ok()
            .and_then(|q| q.on_store(&self.inner).execute().ok());
        let Some(QueryResults::Solutions(mut rows)) = counted else {
            return 0;
        };
        rows.next()
            .and_then(Result::ok)
            .and_then(|row| match row.get("n") {
                Some(Term::Literal(n)) => n.value().parse().ok(),
                _ => None,
            })
            .unwrap_or(0)
    }

    /// A SPARQL parser with the common prefixes predeclared.
    fn parser(&self) -> Result<spargebra::SparqlParser, KgError> {
        let mut parser = spargebra::SparqlParser::new();
        for (prefix, iri) in PREFIXES {
            parser = parser
                .with_prefix(prefix, iri)
                .map_err(|e| self.storage_err(e))?;
        }
        Ok(parser)
    }

    /// A SPARQL evaluator with the common prefixes predeclared.
    fn evaluator(&self) -> Result<SparqlEvaluator, KgError> {
        let mut evaluator = SparqlEvaluator::new();
        for (prefix, iri) in PREFIXES {
            evaluator = evaluator
                .with_prefix(prefix, iri)
                .map_err(|e| self.storage_err(e))?;
        }
        Ok(evaluator)
    }

    /// Compacts the store on disk (RocksDB compaction).
    pub fn optimize(&self) -> Result<(), KgError> {
        self.flush()?;
        self.inner.optimize().map_err(|e| self.storage_err(e))
    }

    /// Writes what is buffered in memory to the store's files, so that the next opening does
    /// not replay a long write-ahead log.
    pub fn flush(&self) -> Result<(), KgError> {
        if self._lock.is_none() {
            return Ok(());
        }
        self.inner.flush().map_err(|e| self.storage_err(e))
    }

    /// Counts what the store holds.
    pub fn stats(&self) -> Result<StoreStats, KgError> {
        let mut stats = StoreStats {
            quads: self.len()?,
            bytes: dir_size(&self.path),
            ..StoreStats::default()
        };
        stats.articles = self
            .inner
            .named_graphs()
            .filter(|g| {
                g.as_ref().is_ok_and(|g| {
                    matches!(g, oxigraph::model::NamedOrBlankNode::NamedNode(n)
                        if n.as_str().starts_with(&format!("{}graph/article/", vocab::ID)))
                })
            })
            .count();
        let count = |sparql: &str| -> Result<Vec<(String, usize)>, KgError> {
            let mut out = Vec::new();
            if let QueryResults::Solutions(rows) = self.query(sparql, "stats")? {
                for row in rows {
                    let row = row.map_err(|e| self.storage_err(e))?;
                    let (Some(Term::NamedNode(k)), Some(Term::Literal(n))) =
                        (row.get("k"), row.get("n"))
                    else {
                        continue;
                    };
                    let name = k
                        .as_str()
                        .rsplit(['#', '/'])
                        .next()
                        .unwrap_or("")
                        .to_string();
                    out.push((name, n.value().parse().unwrap_or(0)));
                }
            }
            Ok(out)
        };
        stats.entities = count(
            "SELECT ?k (COUNT(DISTINCT ?e) AS ?n) WHERE { \
               VALUES ?k { ng:Person ng:Organization ng:Country ng:Place ng:Agreement } \
               ?e a ?k } GROUP BY ?k ORDER BY DESC(?n) ?k",
        )?;
        stats.relations = count(
            "SELECT ?k (COUNT(?a) AS ?n) WHERE { ?a ng:assertedPredicate ?k } \
             GROUP BY ?k ORDER BY DESC(?n) ?k",
        )?;
        Ok(stats)
    }

    /// Every quad of the named graphs (articles, curated facts, ontology), in store order;
    /// neither the merged default graph nor the bookkeeping.
    pub fn quads(&self) -> Result<Vec<Quad>, KgError> {
        let build = Store::build_graph();
        let mut quads = Vec::new();
        for q in self.inner.iter() {
            let q = q.map_err(|e| self.storage_err(e))?;
            if q.graph_name != GraphName::DefaultGraph
                && q.graph_name != GraphName::NamedNode(build.clone())
            {
                quads.push(q);
            }
        }
        Ok(quads)
    }

    /// Quads of every named graph except the ontology's and the bookkeeping.
    pub fn data_quads(&self) -> Result<Vec<Quad>, KgError> {
        let ontology = NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH);
        let mut quads = self.quads()?;
        quads.retain(|q| q.graph_name != GraphName::NamedNode(ontology.clone()));
        Ok(quads)
    }

    /// Names of the graphs in the store (not the bookkeeping graph).
    pub fn graph_names(&self) -> Result<Vec<String>, KgError> {
        let build = Store::build_graph();
        self.inner
            .named_graphs()
            .filter(|g| {
                g.as_ref().map_or(true, |g| {
                    *g != oxigraph::model::NamedOrBlankNode::NamedNode(build.clone())
                })
            })
            .map(|g| g.map(|g| g.to_string()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.storage_err(e))
    }
}

/// Removes the bookkeeping triples of `subject` (with `predicate`, or any).
fn remove_bookkeeping(
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
fn record_source(
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

/// The error for a failure of the store at `path`.
fn storage_error<E: std::fmt::Display>(path: &Path) -> impl Fn(E) -> KgError + '_ {
    move |e| KgError::Storage {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// A store must exist at `path` (RocksDB's CURRENT file), or the error says how to make one.
fn require_store(path: &Path) -> Result<(), KgError> {
    if path.join("CURRENT").exists() {
        Ok(())
    } else {
        Err(KgError::MissingStore {
            path: path.to_path_buf(),
        })
    }
}

/// Takes the store's lock: exclusive for a writer, shared for a reader. The writer records
/// its process id in the file, so that others can name it.
fn lock(path: &Path, exclusive: bool) -> Result<File, KgError> {
    let file_path = path.join(LOCK_FILE);
    let io_err = |e: std::io::Error| KgError::Storage {
        path: path.to_path_buf(),
        message: format!("{}: {e}", file_path.display()),
    };
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(exclusive)
        .create(exclusive)
        .truncate(false)
        .open(&file_path)
        .or_else(|e| {
            // A store made before the lock file existed, opened by a reader.
            if e.kind() == std::io::ErrorKind::NotFound {
                std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create(true)
                    .truncate(false)
                    .open(&file_path)
            } else {
                Err(e)
            }
        })
        .map_err(io_err)?;
    let taken = if exclusive {
        file.try_lock()
    } else {
        file.try_lock_shared()
    };
    match taken {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
            let pid = text.trim().parse::<u32>().ok();
            // A reader that fails is blocked by a writer; a writer, by a writer or readers.
            let writer = !exclusive || pid.is_some_and(|p| p != std::process::id() && alive(p));
            return Err(KgError::Busy {
                path: path.to_path_buf(),
                reason: match (writer, pid) {
                    (true, Some(pid)) => format!("it is being written by process {pid}"),
                    (true, None) => "it is being written by another process".to_string(),
                    (false, _) => "other processes are reading it".to_string(),
                },
            });
        }
        Err(TryLockError::Error(e)) => return Err(io_err(e)),
    }
    if exclusive {
        file.set_len(0).map_err(io_err)?;
        file.rewind().map_err(io_err)?;
        write!(file, "{}", std::process::id()).map_err(io_err)?;
        file.flush().map_err(io_err)?;
    }
    Ok(file)
}

/// Is there a process with this id (Linux: /proc)?
fn alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists() || !Path::new("/proc/self").exists()
}

/// Bytes of the files under `path`.
fn dir_size(path: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(path) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// Binds variables of a query to terms: a `VALUES` block opens its WHERE group, so that the
/// whole pattern sees the variables bound (as Jena's `--set` does), whether or not they are
/// projected. Comments, strings and IRIs are skipped when looking for the group.
pub fn bind_params(sparql: &str, params: &[(String, Term)]) -> Result<String, String> {
    let mut variables = Vec::new();
    for (name, _) in params {
        let name = name.trim().trim_start_matches(['?', '$']);
        oxigraph::model::Variable::new(name).map_err(|e| format!("--param {name}: {e}"))?;
        variables.push(format!("?{name}"));
    }
    let values: Vec<String> = params.iter().map(|(_, t)| t.to_string()).collect();
    let block = format!(
        " VALUES ({}) {{ ({}) }} ",
        variables.join(" "),
        values.join(" ")
    );
    let at = where_group_start(sparql).ok_or("no WHERE group to bind --param in")?;
    Ok(format!("{}{}{}", &sparql[..at], block, &sparql[at..]))
}

/// The byte offset just after the opening brace of a query's WHERE group: the first top-level
/// `{` after the keyword WHERE, else (a query without the keyword) the first top-level `{`.
fn where_group_start(sparql: &str) -> Option<usize> {
    let bytes = sparql.as_bytes();
    let mut i = 0;
    let mut depth = 0usize;
    let mut first_brace = None;
    let mut after_where = false;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' | b'\'' => {
                let long = bytes[i..].starts_with(if c == b'"' { b"\"\"\"" } else { b"'''" });
                let quote_len = if long { 3 } else { 1 };
                i += quote_len;
                while i < bytes.len() {
                    if bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if bytes[i] == c && (!long || bytes[i..].starts_with(&[c, c, c])) {
                        i += quote_len - 1;
                        break;
                    }
                    i += 1;
                }
            }
            b'<' => {
                // An IRI has no spaces before its '>'; otherwise '<' is "less than".
                if let Some(end) = bytes[i + 1..]
                    .iter()
                    .position(|&b| b == b'>' || b.is_ascii_whitespace())
                {
                    if bytes[i + 1 + end] == b'>' {
                        i += end + 1;
                    }
                }
            }
            b'{' => {
                if depth == 0 {
                    if after_where {
                        return Some(i + 1);
                    }
                    first_brace.get_or_insert(i + 1);
                }
                depth += 1;
            }
            b'}' => depth = depth.saturating_sub(1),
            _ if depth == 0 && (c == b'w' || c == b'W') => {
                let word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
                if word_start
                    && bytes.len() >= i + 5
                    && bytes[i..i + 5].eq_ignore_ascii_case(b"where")
                    && bytes.get(i + 5).is_none_or(|b| !b.is_ascii_alphanumeric())
                {
                    after_where = true;
                    i += 4;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if after_where {
        None
    } else {
        first_brace
    }
}

/// Reads the value of `--param name=value` as an RDF term: `<iri>`, a prefixed name of the
/// predeclared prefixes (`ng:Person`), a literal in N-Triples syntax (`"Italy"@en`,
/// `"2"^^xsd:integer` written in full), a number, or else a plain string.
pub fn parse_param(value: &str) -> Result<Term, String> {
    use std::str::FromStr;
    let v = value.trim();
    if v.starts_with('<') || v.starts_with('"') {
        return Term::from_str(v).map_err(|e| format!("{v}: {e}"));
    }
    if let Some((prefix, local)) = v.split_once(':') {
        if let Some((_, iri)) = PREFIXES.iter().find(|(p, _)| *p == prefix) {
            return NamedNode::new(format!("{iri}{local}"))
                .map(Term::from)
                .map_err(|e| format!("{v}: {e}"));
        }
    }
    if let Ok(n) = v.parse::<i64>() {
        return Ok(Literal::from(n).into());
    }
    if v.parse::<f64>().is_ok() && v.contains('.') {
        return Ok(Literal::new_typed_literal(v, oxigraph::model::vocab::xsd::DECIMAL).into());
    }
    Ok(Literal::new_simple_literal(value).into())
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

    #[test]
    fn store_params_open_the_where_group() {
        let p = vec![("?x".to_string(), parse_param("ng:Person").unwrap())];
        let q = "# a { comment\nCONSTRUCT { ?s a ?x } WHERE { ?s a ?x FILTER(?n < 3 && STR(?s) != \"}\") }";
        let bound = bind_params(q, &p).unwrap();
        assert!(
            bound.contains(
                "WHERE { VALUES (?x) { (<https://w3id.org/newsgraph/ontology#Person>) }  ?s a ?x"
            ),
            "{bound}"
        );
        let short = bind_params("SELECT * { ?s ?p ?o }", &p).unwrap();
        assert!(short.starts_with("SELECT * { VALUES (?x)"), "{short}");
        assert_eq!(
            parse_param("\"Italy\"@en").unwrap().to_string(),
            "\"Italy\"@en"
        );
        assert_eq!(parse_param("Italy").unwrap().to_string(), "\"Italy\"");
        assert!(bind_params(
            "SELECT * { ?s ?p ?o }",
            &[("a b".into(), parse_param("1").unwrap())]
        )
        .is_err());
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
