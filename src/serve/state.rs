//! What the server is configured with and what every handler shares.

use crate::kg::Store;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use thiserror::Error;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Address to listen on (127.0.0.1 by default).
    pub bind: SocketAddr,
    /// Accept SPARQL Update and Graph Store writes.
    pub writable: bool,
    /// Longest time a query may run.
    pub timeout: Duration,
    /// Most rows (solutions, or triples of a graph result) a query may return.
    pub max_rows: usize,
    /// The secret a write must carry (`Authorization: Bearer TOKEN`); `None` takes writes
    /// without one (only where nothing else can reach the server).
    pub token: Option<String>,
    /// The one other origin whose web pages may write (CORS); reads are open to any origin.
    pub cors_origin: Option<String>,
}

/// Errors of the server itself (requests get HTTP errors, not these).
#[derive(Debug, Error)]
pub enum ServeError {
    /// The address cannot be bound.
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The server failed while running.
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

/// What every handler shares.
pub(crate) struct AppState {
    /// The store. Queries read a snapshot of it and never wait; each write (on a writable
    /// server) is one transaction, and writes take turns (see `writing`).
    pub store: Store,
    /// Held by the write under way.
    pub writing: Mutex<()>,
    pub config: ServeConfig,
}

pub(super) type Shared = Arc<AppState>;
