//! SPARQL results: an aligned table for terminals (IRIs shortened with the known prefixes,
//! literals shown by value), the W3C CSV, TSV, JSON and XML formats, and CONSTRUCT/DESCRIBE
//! graphs as Turtle with the ontology's prefixes.

use super::error::{io_err, ExportError};
use super::format::ExportFormat;
use oxigraph::model::{GraphName, Quad, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, QuerySolution};
use std::io::Write;

/// Output formats for query results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultsFormat {
    /// Aligned text table.
    Table,
    /// SPARQL 1.1 CSV.
    Csv,
    /// SPARQL 1.1 TSV.
    Tsv,
    /// SPARQL 1.1 JSON.
    Json,
    /// SPARQL 1.1 XML.
    Xml,
}

impl ResultsFormat {
    /// From a name or extension.
    pub fn from_name(name: &str) -> Result<ResultsFormat, ExportError> {
        Ok(match name.to_ascii_lowercase().as_str() {
            "table" | "text" | "txt" => ResultsFormat::Table,
            "csv" | "text/csv" => ResultsFormat::Csv,
            "tsv" | "text/tab-separated-values" => ResultsFormat::Tsv,
            "json" | "srj" | "application/sparql-results+json" => ResultsFormat::Json,
            "xml" | "srx" | "application/sparql-results+xml" => ResultsFormat::Xml,
            _ => {
                return Err(ExportError::UnknownFormat {
                    name: name.to_string(),
                    expected: "table, csv, tsv, json, xml".into(),
                })
            }
        })
    }
}

/// Shortens an IRI with the known prefixes.
pub fn compact_iri(iri: &str) -> String {
    let mut best: Option<(String, usize)> = None;
    for (prefix, ns) in crate::kg::vocab::query_prefixes() {
        if let Some(local) = iri.strip_prefix(ns.as_str()) {
            if best.as_ref().is_none_or(|(_, len)| ns.len() > *len) && !local.is_empty() {
                best = Some((format!("{prefix}:{local}"), ns.len()));
            }
        }
    }
    best.map_or_else(|| format!("<{iri}>"), |(s, _)| s)
}

/// A term as shown in the table: IRIs compacted, literals by value.
pub fn display_term(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => compact_iri(n.as_str()),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().replace('\n', " "),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

fn err(e: impl std::fmt::Display) -> ExportError {
    ExportError::Rdf {
        format: "SPARQL results".into(),
        message: e.to_string(),
    }
}

/// Writes query results. Returns the number of rows (or triples) written.
pub fn write(
    results: QueryResults<'_>,
    format: ResultsFormat,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    match results {
        QueryResults::Boolean(value) => {
            if format == ResultsFormat::Table {
                writeln!(out, "{value}").map_err(io_err("stdout"))?;
            } else {
                QueryResultsSerializer::from_format(sparql_format(format))
                    .serialize_boolean_to_writer(out, value)
                    .map_err(io_err("stdout"))?;
            }
            Ok(1)
        }
        QueryResults::Graph(triples) => {
            let quads: Vec<Quad> = triples
                .map(|t| t.map(|t| t.in_graph(GraphName::DefaultGraph)))
                .collect::<Result<_, _>>()
                .map_err(err)?;
            let n = quads.len();
            super::rdf::write(&quads, ExportFormat::Turtle, out)?;
            Ok(n)
        }
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let rows: Vec<QuerySolution> = solutions.collect::<Result<_, _>>().map_err(err)?;
            let n = rows.len();
            if format == ResultsFormat::Table {
                write_table(
                    &variables
                        .iter()
                        .map(|v| v.as_str().to_string())
                        .collect::<Vec<_>>(),
                    &rows,
                    out,
                )?;
            } else {
                let mut writer = QueryResultsSerializer::from_format(sparql_format(format))
                    .serialize_solutions_to_writer(out, variables)
                    .map_err(io_err("stdout"))?;
                for row in &rows {
                    writer.serialize(row).map_err(io_err("stdout"))?;
                }
                writer.finish().map_err(io_err("stdout"))?;
            }
            Ok(n)
        }
    }
}

fn sparql_format(format: ResultsFormat) -> QueryResultsFormat {
    match format {
        ResultsFormat::Csv => QueryResultsFormat::Csv,
        ResultsFormat::Tsv => QueryResultsFormat::Tsv,
        ResultsFormat::Xml => QueryResultsFormat::Xml,
        _ => QueryResultsFormat::Json,
    }
}

fn write_table(
    variables: &[String],
    rows: &[QuerySolution],
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            variables
                .iter()
                .map(|v| row.get(v.as_str()).map(display_term).unwrap_or_default())
                .collect()
        })
        .collect();
    let width = |i: usize| {
        cells
            .iter()
            .map(|r| r[i].chars().count())
            .chain(std::iter::once(variables[i].chars().count()))
            .max()
            .unwrap_or(0)
            .min(80)
    };
    let widths: Vec<usize> = (0..variables.len()).map(width).collect();
    let line = |values: &[String]| -> String {
        let parts: Vec<String> = values
            .iter()
            .zip(&widths)
            .map(|(v, w)| {
                let truncated: String = if v.chars().count() > *w {
                    v.chars()
                        .take(w.saturating_sub(1))
                        .chain(std::iter::once('…'))
                        .collect()
                } else {
                    v.clone()
                };
                let pad = w.saturating_sub(truncated.chars().count());
                format!("{truncated}{}", " ".repeat(pad))
            })
            .collect();
        format!("| {} |", parts.join(" | "))
    };
    let sep = format!(
        "|{}|",
        widths
            .iter()
            .map(|w| "-".repeat(w + 2))
            .collect::<Vec<_>>()
            .join("|")
    );
    let mut text = String::new();
    text.push_str(&line(variables));
    text.push('\n');
    text.push_str(&sep);
    text.push('\n');
    for row in &cells {
        text.push_str(line(row).trim_end());
        text.push('\n');
    }
    out.write_all(text.as_bytes()).map_err(io_err("stdout"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kg::Store;

    fn run(query: &str, format: ResultsFormat) -> String {
        let store = Store::in_memory().unwrap();
        store.update("INSERT DATA { GRAPH <urn:g> { <https://w3id.org/newsgraph/id/country/chile> rdfs:label \"Chile\" , \"Chili \\\"x\\\"\" } }", "-e").unwrap();
        let mut out = Vec::new();
        write(store.query(query, "-e").unwrap(), format, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn results_table_is_aligned_and_compact() {
        let text = run(
            "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l",
            ResultsFormat::Table,
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "| s             | l         |");
        assert_eq!(lines[2], "| country:chile | Chile     |");
        assert_eq!(lines[3], "| country:chile | Chili \"x\" |");
    }

    #[test]
    fn results_other_formats() {
        assert!(run(
            "SELECT ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l",
            ResultsFormat::Csv
        )
        .starts_with("l\r\nChile\r\n"));
        assert!(
            run("SELECT ?l WHERE { ?s rdfs:label ?l }", ResultsFormat::Json)
                .contains("\"vars\":[\"l\"]")
        );
        assert!(
            run("SELECT ?l WHERE { ?s rdfs:label ?l }", ResultsFormat::Xml)
                .contains("<variable name=\"l\"/>")
        );
        assert_eq!(run("ASK { ?s ?p ?o }", ResultsFormat::Table), "true\n");
        assert!(run(
            "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }",
            ResultsFormat::Table
        )
        .contains("country:chile"));
    }
}
