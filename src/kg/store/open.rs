//! The store handle: opening a store (the lock file, the layout, the ontology), its size and
//! statistics, reading its quads and graphs.

use crate::kg::error::KgError;
use crate::kg::merge::merge_all;
use crate::kg::plan::Joins;
use crate::kg::vocab::{self};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, Quad, QuadRef, Term,
};
use oxigraph::sparql::QueryResults;
use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Graphs with more quads than this are loaded with the bulk loader instead of a transaction.
pub(super) const BULK_THRESHOLD: usize = 200_000;

/// Memory the bulk loader may use for its buffers, in megabytes.
pub(super) const BULK_MEMORY_MB: usize = 400;

/// The layout this code writes: the default graph is the merge of the named graphs, mentions
/// left out (layout 1 merged everything; such a store is derived again on its first write).
pub(super) const LAYOUT: &str = "merged-default-graph/2";

/// The lock file in the store folder.
pub(super) const LOCK_FILE: &str = "newsgraph.lock";

/// The ontology, compiled in.
pub const ONTOLOGY_TTL: &str = include_str!("../../../ontology/newsgraph.ttl");

/// A newsgraph store.
pub struct Store {
    pub(super) inner: oxigraph::store::Store,
    pub(super) path: PathBuf,
    /// The lock held while the store is open (none in memory).
    _lock: Option<File>,
    /// Does the default graph hold the merge of the named graphs (this layout)? Older stores
    /// are queried over the union of their graphs instead.
    pub(super) merged: bool,
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
    /// How triple patterns are joined (see [`crate::kg::plan`]).
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

    /// Whether the default graph holds the merge of the named graphs (the layout every write
    /// keeps); else queries without `GRAPH` read their union.
    pub fn has_merged_default_graph(&self) -> bool {
        self.merged
    }

    /// The folder of the store.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(super) fn storage_err(&self, e: impl ToString) -> KgError {
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

    pub(super) fn build_graph() -> NamedNode {
        NamedNode::new_unchecked(vocab::BUILD_GRAPH)
    }

    /// The layout recorded in the store, if any.
    pub(super) fn layout(&self) -> Result<Option<String>, KgError> {
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
    pub(super) fn ensure_layout(&mut self) -> Result<(), KgError> {
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

    /// Does the store hold this named graph?
    pub fn has_graph(&self, graph: NamedNodeRef<'_>) -> Result<bool, KgError> {
        self.inner
            .contains_named_graph(graph)
            .map_err(|e| self.storage_err(e))
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

/// The error for a failure of the store at `path`.
pub(super) fn storage_error<E: std::fmt::Display>(path: &Path) -> impl Fn(E) -> KgError + '_ {
    move |e| KgError::Storage {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// A store must exist at `path` (RocksDB's CURRENT file), or the error says how to make one.
pub(super) fn require_store(path: &Path) -> Result<(), KgError> {
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
pub(super) fn lock(path: &Path, exclusive: bool) -> Result<File, KgError> {
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
                    (false, _) => match holders(&file_path).as_slice() {
                        [] => "other processes are reading it".to_string(),
                        found => format!("other processes are reading it: {}", found.join("; ")),
                    },
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

/// The other processes that have `file` open, as "process PID (command line)" (Linux: /proc;
/// empty elsewhere or when they cannot be seen).
pub(super) fn holders(file: &Path) -> Vec<String> {
    let Ok(target) = file.canonicalize() else {
        return Vec::new();
    };
    let me = std::process::id();
    let mut found = Vec::new();
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return found;
    };
    for entry in procs.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == me {
            continue;
        }
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        if fds
            .flatten()
            .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|l| l == target))
        {
            let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            let cmdline: Vec<String> = cmdline
                .split(|&b| b == 0)
                .filter(|a| !a.is_empty())
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect();
            found.push(format!("process {pid} ({})", cmdline.join(" ")));
        }
    }
    found
}

/// Is there a process with this id (Linux: /proc)?
pub(super) fn alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists() || !Path::new("/proc/self").exists()
}

/// Bytes of the files under `path`.
pub(super) fn dir_size(path: &Path) -> u64 {
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
    use crate::kg::*;

    #[test]
    fn store_missing_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = Store::open_existing(&dir.path().join("nope.db"))
            .err()
            .unwrap();
        assert!(err.to_string().contains("no store here"), "{err}");
    }
}
