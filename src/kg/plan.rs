//! Join planning for questions about the whole corpus.
//!
//! Oxigraph's planner has no statistics: it joins the triple patterns of a group by index
//! lookups, one RocksDB seek per row and pattern. That is the right plan when one pattern is
//! selective (a name, an article, a parameter), and a slow one when every pattern matches tens
//! of thousands of triples: on a 20,000-article store a seek costs about 8 µs, a triple read in
//! a scan about 0.5 µs. So a query with no selective pattern, whose groups each match at least
//! [`SCAN_JOIN_ROWS`] triples, is rewritten here so that Oxigraph joins its patterns by hashing
//! whole scans: each triple pattern becomes a sub-select of its own (`{ SELECT * { tp } }`),
//! which Oxigraph never evaluates by lookups. The optional groups hanging off such a group are
//! rewritten the same way, since they would be looked up once per row as well. Answers are the
//! same; only the evaluation order changes.

use spargebra::algebra::GraphPattern;
use spargebra::term::{NamedNodePattern, TermPattern, TriplePattern, Variable};
use spargebra::Query;
use std::collections::HashMap;

/// A group whose every pattern matches at least this many triples is joined by scans.
pub const SCAN_JOIN_ROWS: usize = 10_000;

/// How `query` joins triple patterns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Joins {
    /// Scans and hash joins for a query with no selective pattern and large groups; index
    /// lookups otherwise.
    #[default]
    Auto,
    /// Oxigraph's plan as it is: index lookups.
    Lookup,
    /// Scans and hash joins for any query with no selective pattern, whatever its size.
    Scan,
}

/// Rewrites `query` for `joins`. `count` gives how many triples of the store match a pattern
/// (its variables free), and may stop counting at [`SCAN_JOIN_ROWS`].
pub fn plan(query: Query, joins: Joins, count: &mut dyn FnMut(&TriplePattern) -> usize) -> Query {
    if joins == Joins::Lookup {
        return query;
    }
    let threshold = match joins {
        Joins::Scan => 0,
        _ => SCAN_JOIN_ROWS,
    };
    let mut query = query;
    let (Query::Select { pattern, .. }
    | Query::Construct { pattern, .. }
    | Query::Describe { pattern, .. }
    | Query::Ask { pattern, .. }) = &mut query;
    if !selective(pattern) {
        Planner {
            threshold,
            count,
            sizes: HashMap::new(),
        }
        .rewrite(pattern, false);
    }
    query
}

/// Does the query hold a pattern that index lookups serve best: a fixed subject, a fixed
/// object other than a class, bindings (`VALUES`, which `--param` uses), or a remote service?
fn selective(pattern: &GraphPattern) -> bool {
    use GraphPattern as P;
    match pattern {
        P::Bgp { patterns } => patterns.iter().any(anchored),
        P::Path {
            subject, object, ..
        } => {
            !matches!(subject, TermPattern::Variable(_))
                || !matches!(object, TermPattern::Variable(_))
        }
        P::Values { .. } | P::Service { .. } => true,
        P::Join { left, right }
        | P::LeftJoin { left, right, .. }
        | P::Lateral { left, right }
        | P::Union { left, right }
        | P::Minus { left, right } => selective(left) || selective(right),
        P::Graph { inner, .. } => selective(inner),
        other => inner(other).is_some_and(selective),
    }
}

/// The one pattern under a filter, a binding, a projection, an ordering, a slice, a grouping or
/// DISTINCT/REDUCED.
fn inner(pattern: &GraphPattern) -> Option<&GraphPattern> {
    use GraphPattern as P;
    match pattern {
        P::Filter { inner, .. }
        | P::Extend { inner, .. }
        | P::OrderBy { inner, .. }
        | P::Project { inner, .. }
        | P::Distinct { inner }
        | P::Reduced { inner }
        | P::Slice { inner, .. }
        | P::Group { inner, .. } => Some(inner),
        _ => None,
    }
}

/// A triple pattern with a fixed subject, or a fixed object that is not the class of `a`.
fn anchored(tp: &TriplePattern) -> bool {
    let fixed =
        |t: &TermPattern| !matches!(t, TermPattern::Variable(_) | TermPattern::BlankNode(_));
    let is_type = matches!(&tp.predicate, NamedNodePattern::NamedNode(p) if p.as_str() == RDF_TYPE);
    fixed(&tp.subject) || (fixed(&tp.object) && !is_type)
}

/// `?x a Class`.
fn is_class_pattern(tp: &TriplePattern) -> bool {
    matches!(&tp.predicate, NamedNodePattern::NamedNode(p) if p.as_str() == RDF_TYPE)
        && matches!(tp.object, TermPattern::NamedNode(_))
}

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

struct Planner<'a> {
    threshold: usize,
    count: &'a mut dyn FnMut(&TriplePattern) -> usize,
    /// Pattern sizes counted so far, by the pattern's text.
    sizes: HashMap<String, usize>,
}

impl Planner<'_> {
    fn size(&mut self, tp: &TriplePattern) -> usize {
        let key = tp.to_string();
        if let Some(&n) = self.sizes.get(&key) {
            return n;
        }
        let n = (self.count)(tp);
        self.sizes.insert(key, n);
        n
    }

    /// The fewest rows a group can start from: the smallest pattern among those every answer
    /// must match (optional and subtracted parts left out). 0 where that is unknown (a named
    /// graph, bindings, a service), which keeps Oxigraph's plan.
    fn smallest(&mut self, pattern: &GraphPattern) -> usize {
        use GraphPattern as P;
        match pattern {
            P::Bgp { patterns } => {
                // Class patterns first: they are the likeliest to be small, and one pattern
                // under the threshold settles it.
                let mut order: Vec<&TriplePattern> = patterns.iter().collect();
                order.sort_by_key(|tp| !is_class_pattern(tp));
                let mut least = usize::MAX;
                for tp in order {
                    least = least.min(self.size(tp));
                    if least < self.threshold {
                        break;
                    }
                }
                least
            }
            P::Join { left, right } => {
                let l = self.smallest(left);
                l.min(self.smallest(right))
            }
            P::Union { left, right } => {
                let l = self.smallest(left);
                l.max(self.smallest(right))
            }
            P::LeftJoin { left, .. } | P::Minus { left, .. } => self.smallest(left),
            P::Path { .. } => usize::MAX,
            // Unknown sizes (named graphs, LATERAL, VALUES, services) keep Oxigraph's plan.
            other => inner(other).map_or(0, |p| self.smallest(p)),
        }
    }

    /// Rewrites the pattern in place; tells whether it yields many rows (its groups joined
    /// by scans). `force`: the pattern belongs to, or hangs off, a group that yields many rows,
    /// so it is joined by scans whatever its own size.
    fn rewrite(&mut self, pattern: &mut GraphPattern, force: bool) -> bool {
        use GraphPattern as P;
        if !force && self.smallest(pattern) < self.threshold {
            // A small group: index lookups from its smallest pattern are cheap.
            return false;
        }
        match pattern {
            P::Bgp { patterns } => {
                let blank = patterns.iter().any(|tp| {
                    matches!(tp.subject, TermPattern::BlankNode(_))
                        || matches!(tp.object, TermPattern::BlankNode(_))
                });
                if blank || patterns.is_empty() {
                    // Blank nodes join patterns within their group only: left as written.
                    return false;
                }
                let joined = std::mem::take(patterns)
                    .into_iter()
                    .map(scan)
                    .reduce(|left, right| P::Join {
                        left: Box::new(left),
                        right: Box::new(right),
                    })
                    .expect("a group with patterns");
                *pattern = joined;
            }
            // Every part of a large group is scanned, and so is what hangs off it.
            P::Join { left, right }
            | P::LeftJoin { left, right, .. }
            | P::Minus { left, right } => {
                self.rewrite(left, true);
                self.rewrite(right, true);
            }
            P::Union { left, right } => {
                self.rewrite(left, force);
                self.rewrite(right, force);
            }
            P::Filter { inner, .. }
            | P::Extend { inner, .. }
            | P::OrderBy { inner, .. }
            | P::Project { inner, .. }
            | P::Distinct { inner }
            | P::Reduced { inner }
            | P::Slice { inner, .. }
            | P::Group { inner, .. } => {
                self.rewrite(inner, force);
            }
            // Named graphs (their patterns share the graph variable), paths, LATERAL, VALUES
            // and services keep Oxigraph's plan.
            P::Graph { .. }
            | P::Path { .. }
            | P::Lateral { .. }
            | P::Values { .. }
            | P::Service { .. } => return false,
        }
        true
    }
}

/// `{ SELECT * { tp } }`: one pattern that Oxigraph joins by hashing its scan.
fn scan(tp: TriplePattern) -> GraphPattern {
    let mut variables: Vec<Variable> = Vec::new();
    let mut add = |v: &Variable| {
        if !variables.contains(v) {
            variables.push(v.clone());
        }
    };
    if let TermPattern::Variable(v) = &tp.subject {
        add(v);
    }
    if let NamedNodePattern::Variable(v) = &tp.predicate {
        add(v);
    }
    if let TermPattern::Variable(v) = &tp.object {
        add(v);
    }
    GraphPattern::Project {
        inner: Box::new(GraphPattern::Bgp { patterns: vec![tp] }),
        variables,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spargebra::SparqlParser;

    fn parse(q: &str) -> Query {
        SparqlParser::new()
            .with_prefix("ng", "https://w3id.org/newsgraph/ontology#")
            .expect("prefix")
            .parse_query(q)
            .expect("query")
    }

    fn planned(q: &str, joins: Joins, size: usize) -> String {
        plan(parse(q), joins, &mut |_| size).to_string()
    }

    #[test]
    fn large_unanchored_groups_are_joined_by_scans() {
        let q = "SELECT ?c ?v ?s WHERE { ?c a ng:QuantityClaim ; ng:value ?v . \
                 OPTIONAL { ?c ng:claimedBy ?s } }";
        let out = planned(q, Joins::Auto, SCAN_JOIN_ROWS);
        // Every pattern, the optional one too, is a sub-select of its own.
        assert_eq!(out.matches("SELECT ?c WHERE").count(), 1, "{out}");
        assert_eq!(out.matches("SELECT ?c ?v WHERE").count(), 1, "{out}");
        assert_eq!(out.matches("SELECT ?c ?s WHERE").count(), 1, "{out}");
        assert_eq!(
            planned(q, Joins::Auto, SCAN_JOIN_ROWS - 1),
            parse(q).to_string()
        );
        assert_eq!(planned(q, Joins::Lookup, usize::MAX), parse(q).to_string());
        assert_ne!(planned(q, Joins::Scan, 1), parse(q).to_string());
    }

    #[test]
    fn selective_queries_keep_their_lookups() {
        for q in [
            "SELECT ?c WHERE { ?c ng:claimedBy ?s . ?s ng:name \"Italy\" }",
            "SELECT ?c WHERE { ng:x ng:value ?c }",
            "SELECT ?c WHERE { VALUES ?s { ng:x } ?c ng:claimedBy ?s . ?c ng:value ?v }",
            "SELECT ?c WHERE { GRAPH ?g { ?c ng:value ?v . ?c ng:counted ?x } }",
            "SELECT ?c WHERE { ?c ng:value [] . ?c ng:counted ?x }",
        ] {
            let query = parse(q);
            let out = plan(query.clone(), Joins::Scan, &mut |_| usize::MAX);
            assert_eq!(out, query, "{q}");
        }
    }

    #[test]
    fn a_small_pattern_anywhere_in_the_group_keeps_lookups() {
        // Few posts: the rows start from them, whatever the size of the label patterns.
        let q = "SELECT ?l WHERE { ?post a ng:Post ; ng:holder ?p . OPTIONAL { ?post ng:role ?r } \
                 ?p ng:label ?l }";
        let out = plan(parse(q), Joins::Auto, &mut |tp| {
            if tp.to_string().contains("Post") {
                10
            } else {
                SCAN_JOIN_ROWS
            }
        });
        assert_eq!(out.to_string(), parse(q).to_string());
    }

    #[test]
    fn a_class_is_no_anchor() {
        let q = "SELECT ?p WHERE { ?p a ng:Person ; ng:mentionedIn ?a }";
        assert!(planned(q, Joins::Scan, 0).contains("SELECT ?p ?a WHERE"));
    }
}
