//! Reading the store for the resolver and for `why`: SELECT rows as terms.

use crate::kg::{KgError, Store};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

/// The rows of a SELECT query.
pub(super) fn select(store: &Store, sparql: &str) -> Result<Vec<Vec<Option<Term>>>, KgError> {
    let mut rows = Vec::new();
    if let QueryResults::Solutions(solutions) = store.query(sparql, "identity")? {
        for s in solutions {
            let s = s.map_err(|e| KgError::QueryEval {
                source_name: "identity".into(),
                message: e.to_string(),
            })?;
            rows.push(s.values().to_vec());
        }
    }
    Ok(rows)
}
