//! Validation of the store against the SHACL shapes of `ontology/shapes.ttl`.
//!
//! No well-kept SHACL engine for Rust works on an Oxigraph store without pulling in a second
//! RDF stack, so the SHACL Core constraints the shapes use (sh:targetClass with subclasses,
//! sh:path as an IRI, sh:minCount, sh:maxCount, sh:datatype, sh:class, sh:nodeKind) are
//! compiled to SPARQL queries, one per constraint, run over the union of all graphs.

use super::error::KgError;
use super::store::Store;
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::{QueryResults, QuerySolution};

/// The shapes, compiled in.
pub const SHAPES_TTL: &str = include_str!("../../ontology/shapes.ttl");

/// One violation of a shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The node that violates the shape.
    pub focus: String,
    /// The property path.
    pub path: String,
    /// The constraint, e.g. `sh:minCount 1`.
    pub constraint: String,
    /// The offending value, if any.
    pub value: Option<String>,
    /// The shape's message, or a generated one.
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {} ({})",
            self.focus, self.path, self.message, self.constraint
        )?;
        if let Some(v) = &self.value {
            write!(f, ", value {v}")?;
        }
        Ok(())
    }
}

const SHAPES_QUERY: &str = "
PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?target ?path ?min ?max ?datatype ?class ?kind ?message
       (GROUP_CONCAT(STR(?alt); separator=\" \") AS ?alternatives) WHERE {
  ?shape a sh:NodeShape ; sh:targetClass ?target ; sh:property ?p .
  ?p sh:path ?path .
  OPTIONAL { ?p sh:minCount ?min }
  OPTIONAL { ?p sh:maxCount ?max }
  OPTIONAL { ?p sh:datatype ?datatype }
  OPTIONAL { ?p sh:or/rdf:rest*/rdf:first/sh:datatype ?alt }
  OPTIONAL { ?p sh:class ?class }
  OPTIONAL { ?p sh:nodeKind ?kind }
  OPTIONAL { ?p sh:message ?message }
} GROUP BY ?p ?target ?path ?min ?max ?datatype ?class ?kind ?message ORDER BY ?target ?path";

fn iri(solution: &QuerySolution, var: &str) -> Option<String> {
    match solution.get(var) {
        Some(Term::NamedNode(n)) => Some(n.as_str().to_string()),
        _ => None,
    }
}

fn literal(solution: &QuerySolution, var: &str) -> Option<String> {
    match solution.get(var) {
        Some(Term::Literal(l)) => Some(l.value().to_string()),
        _ => None,
    }
}

fn solutions(results: QueryResults<'_>) -> Result<Vec<QuerySolution>, KgError> {
    match results {
        QueryResults::Solutions(s) => {
            s.collect::<Result<Vec<_>, _>>()
                .map_err(|e| KgError::QueryEval {
                    source_name: "shapes".into(),
                    message: e.to_string(),
                })
        }
        _ => Ok(Vec::new()),
    }
}

/// Checks the store against the shapes and returns every violation.
pub fn validate(store: &Store) -> Result<Vec<Violation>, KgError> {
    let shapes = Store::in_memory()?;
    let graph = NamedNode::new_unchecked("https://w3id.org/newsgraph/shapes");
    let quads = super::store::parse_turtle(SHAPES_TTL, "ontology/shapes.ttl", &graph)?;
    shapes.replace_graph(graph.as_ref(), quads)?;
    let mut violations = Vec::new();
    for shape in solutions(shapes.query(SHAPES_QUERY, "ontology/shapes.ttl")?)? {
        let (Some(target), Some(path)) = (iri(&shape, "target"), iri(&shape, "path")) else {
            continue;
        };
        let focus = format!("?focus a/rdfs:subClassOf* <{target}> .");
        let message = literal(&shape, "message");
        let mut checks: Vec<(String, String, String)> = Vec::new();
        if let Some(min) = literal(&shape, "min") {
            checks.push((
                format!("sh:minCount {min}"),
                format!("SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} OPTIONAL {{ ?focus <{path}> ?v }} }} GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) < {min})"),
                format!("fewer than {min} value(s)"),
            ));
        }
        if let Some(max) = literal(&shape, "max") {
            checks.push((
                format!("sh:maxCount {max}"),
                format!("SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} ?focus <{path}> ?v }} GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) > {max})"),
                format!("more than {max} value(s)"),
            ));
        }
        if let Some(datatype) = iri(&shape, "datatype") {
            checks.push((
                format!("sh:datatype <{datatype}>"),
                format!("SELECT DISTINCT ?focus ?v WHERE {{ {focus} ?focus <{path}> ?v FILTER(!isLiteral(?v) || datatype(?v) != <{datatype}>) }}"),
                format!("value is not of datatype <{datatype}>"),
            ));
        }
        // sh:or of datatypes: a value of any one of them.
        if let Some(alternatives) = literal(&shape, "alternatives").filter(|a| !a.is_empty()) {
            let list: Vec<String> = alternatives.split(' ').map(|d| format!("<{d}>")).collect();
            checks.push((
                format!("sh:or ({})", list.join(" ")),
                format!("SELECT DISTINCT ?focus ?v WHERE {{ {focus} ?focus <{path}> ?v FILTER(!isLiteral(?v) || datatype(?v) NOT IN ({})) }}", list.join(", ")),
                format!("value is of none of the datatypes {}", list.join(", ")),
            ));
        }
        if let Some(class) = iri(&shape, "class") {
            checks.push((
                format!("sh:class <{class}>"),
                format!("SELECT DISTINCT ?focus ?v WHERE {{ {focus} ?focus <{path}> ?v FILTER NOT EXISTS {{ ?v a/rdfs:subClassOf* <{class}> }} }}"),
                format!("value is not an instance of <{class}>"),
            ));
        }
        if let Some(kind) = iri(&shape, "kind") {
            let test = if kind.ends_with("#IRI") {
                "isIRI(?v)"
            } else if kind.ends_with("#Literal") {
                "isLiteral(?v)"
            } else {
                "isBlank(?v)"
            };
            checks.push((
                format!("sh:nodeKind <{kind}>"),
                format!("SELECT DISTINCT ?focus ?v WHERE {{ {focus} ?focus <{path}> ?v FILTER(!{test}) }}"),
                format!("value is not of node kind <{kind}>"),
            ));
        }
        for (constraint, query, default_message) in checks {
            for row in solutions(store.query_union(&query, "ontology/shapes.ttl")?)? {
                let focus = row.get("focus").map(|t| t.to_string()).unwrap_or_default();
                let value = row.get("v").map(|t| t.to_string());
                violations.push(Violation {
                    focus,
                    path: format!("<{path}>"),
                    constraint: constraint.clone(),
                    value,
                    message: message.clone().unwrap_or_else(|| default_message.clone()),
                });
            }
        }
    }
    violations.sort_by(|a, b| (&a.focus, &a.path).cmp(&(&b.focus, &b.path)));
    Ok(violations)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validate_reports_missing_label_and_bad_datatype() {
        let store = Store::in_memory().unwrap();
        store.load_ontology().unwrap();
        store
            .update(
                "INSERT DATA { GRAPH <urn:g> { <urn:x> a ng:Person . <urn:c> a ng:QuantityClaim ; ng:value \"many\" ; ng:counted \"cars\" . <urn:d> a ng:QuantityClaim ; ng:value 11 ; ng:counted \"cars\" . <urn:e> a ng:QuantityClaim ; ng:value 2.5 ; ng:counted \"cars\" . } }",
                "-e",
            )
            .unwrap();
        let violations = validate(&store).unwrap();
        let text: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
        assert!(
            text.iter().any(|t| t.starts_with(
                "<urn:x> <http://www.w3.org/2000/01/rdf-schema#label>: every entity has a label"
            )),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("<urn:c>") && t.contains("none of the datatypes")),
            "{text:?}"
        );
        // An integer and a decimal figure are both values of ng:value.
        assert!(
            !text
                .iter()
                .any(|t| (t.contains("<urn:d>") || t.contains("<urn:e>")) && t.contains("#value")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|t| t.contains("<urn:c>")
                && t.contains("evidence")
                && t.contains("sh:minCount")),
            "{text:?}"
        );
    }
}
