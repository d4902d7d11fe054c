//! Queries: parsed with the store's prefixes, parameters bound into the WHERE group, planned
//! and evaluated with a deadline.

use super::open::{QueryOptions, Store};
use crate::kg::error::KgError;
use crate::kg::plan::{self, SCAN_JOIN_ROWS};
use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};

/// Queries: parsed with the store's prefixes, planned, evaluated with a deadline.
impl Store {
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

    pub(super) fn query_with(
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
    /// it, and how its patterns are joined ([`crate::kg::plan`]).
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
        crate::kg::nesting::check(sparql).map_err(|e| syntax(e.to_string()))?;
        let mut query = self
            .parser()?
            .parse_query(sparql)
            .map_err(|e| syntax(super::syntax::concise(sparql, &e.to_string())))?;
        if !options.params.is_empty() {
            let names: Vec<&str> = options.params.iter().map(|(n, _)| n.as_str()).collect();
            super::syntax::check_param_names(sparql, &names).map_err(|message| {
                KgError::BadParam {
                    source_name: source_name.to_string(),
                    message,
                }
            })?;
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

    /// How many triples of the default graph match a pattern (its variables free), counted up
    /// to [`SCAN_JOIN_ROWS`]. Counted by a query, which reads the store's encoded terms (the
    /// store's own iterator would decode every term).
    pub(super) fn pattern_size(&self, tp: &spargebra::term::TriplePattern) -> usize {
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
    pub(super) fn parser(&self) -> Result<spargebra::SparqlParser, KgError> {
        let mut parser = spargebra::SparqlParser::new();
        for (prefix, iri) in crate::kg::vocab::query_prefixes() {
            parser = parser
                .with_prefix(prefix.as_str(), iri.as_str())
                .map_err(|e| self.storage_err(e))?;
        }
        Ok(parser)
    }

    /// A SPARQL evaluator with the common prefixes predeclared.
    pub(super) fn evaluator(&self) -> Result<SparqlEvaluator, KgError> {
        let mut evaluator = SparqlEvaluator::new();
        for (prefix, iri) in crate::kg::vocab::query_prefixes() {
            evaluator = evaluator
                .with_prefix(prefix.as_str(), iri.as_str())
                .map_err(|e| self.storage_err(e))?;
        }
        Ok(evaluator)
    }
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
pub(super) fn where_group_start(sparql: &str) -> Option<usize> {
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
        if let Some((_, iri)) = crate::kg::vocab::query_prefixes()
            .iter()
            .find(|(p, _)| p == prefix)
        {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(message.contains("line 1, column "), "{message}");
    }
}
