//! RDF serialisations through Oxigraph's serialisers. Dataset formats (N-Quads, TriG) keep the
//! named graphs; triple formats (Turtle, N-Triples, JSON-LD, RDF/XML) write the union of the
//! graphs, each triple once. Output is sorted, so the same graph gives the same bytes.

use super::{ExportError, ExportFormat};
use crate::kg::vocab::{ID, PREFIXES};
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{Quad, Triple};
use std::collections::BTreeSet;
use std::io::Write;

/// Prefixes of the resource namespaces: end where local names start, so the Turtle writer
/// need not escape slashes.
pub fn resource_prefixes() -> Vec<(String, String)> {
    [
        "person",
        "organization",
        "country",
        "place",
        "agreement",
        "article",
        "graph",
    ]
    .iter()
    .map(|seg| (seg.to_string(), format!("{ID}{seg}/")))
    .collect()
}

/// The Oxigraph format for an RDF export format.
pub fn rdf_format(format: ExportFormat) -> Option<RdfFormat> {
    Some(match format {
        ExportFormat::Turtle => RdfFormat::Turtle,
        ExportFormat::NTriples => RdfFormat::NTriples,
        ExportFormat::NQuads => RdfFormat::NQuads,
        ExportFormat::TriG => RdfFormat::TriG,
        ExportFormat::JsonLd => RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
        ExportFormat::RdfXml => RdfFormat::RdfXml,
        _ => return None,
    })
}

/// Serialises quads.
pub fn write(quads: &[Quad], format: ExportFormat, out: &mut dyn Write) -> Result<(), ExportError> {
    let rdf = rdf_format(format).ok_or_else(|| ExportError::Rdf {
        format: format.file_extension().into(),
        message: "not an RDF format".into(),
    })?;
    let err = |e: &dyn std::fmt::Display| ExportError::Rdf {
        format: rdf.name().to_string(),
        message: e.to_string(),
    };
    let mut serializer = RdfSerializer::from_format(rdf);
    if matches!(
        format,
        ExportFormat::Turtle | ExportFormat::TriG | ExportFormat::JsonLd | ExportFormat::RdfXml
    ) {
        for (prefix, iri) in PREFIXES
            .iter()
            .map(|(p, i)| (p.to_string(), i.to_string()))
            .chain(resource_prefixes())
        {
            serializer = serializer.with_prefix(prefix, iri).map_err(|e| err(&e))?;
        }
    }
    let mut writer = serializer.for_writer(out);
    // N-Quads and TriG keep the named graphs; JSON-LD, like the triple formats, writes their
    // union, which is what most JSON-LD consumers read.
    if matches!(format, ExportFormat::NQuads | ExportFormat::TriG) {
        let mut sorted: Vec<&Quad> = quads.iter().collect();
        sorted.sort_by_cached_key(|q| {
            (
                q.graph_name.to_string(),
                q.subject.to_string(),
                q.predicate.to_string(),
                q.object.to_string(),
            )
        });
        sorted.dedup();
        for quad in sorted {
            writer.serialize_quad(quad).map_err(|e| err(&e))?;
        }
    } else {
        let triples: BTreeSet<(String, String, String, usize)> = quads
            .iter()
            .enumerate()
            .map(|(i, q)| {
                (
                    q.subject.to_string(),
                    q.predicate.to_string(),
                    q.object.to_string(),
                    i,
                )
            })
            .collect();
        let mut last: Option<(String, String, String)> = None;
        for (s, p, o, i) in triples {
            let key = (s, p, o);
            if last.as_ref() == Some(&key) {
                continue;
            }
            let q = &quads[i];
            writer
                .serialize_triple(&Triple::new(
                    q.subject.clone(),
                    q.predicate.clone(),
                    q.object.clone(),
                ))
                .map_err(|e| err(&e))?;
            last = Some(key);
        }
    }
    writer.finish().map_err(|e| err(&e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::RdfParser;
    use oxigraph::model::{GraphName, Literal, NamedNode};

    fn sample() -> Vec<Quad> {
        let s = NamedNode::new_unchecked(format!("{ID}person/ana-l-pez"));
        let p = NamedNode::new_unchecked("http://www.w3.org/2000/01/rdf-schema#label");
        let tricky = Literal::new_simple_literal("Ana \"La\" López\\\nline two");
        vec![
            Quad::new(
                s.clone(),
                p.clone(),
                tricky.clone(),
                NamedNode::new_unchecked(format!("{ID}graph/article/a")),
            ),
            Quad::new(s, p, tricky, GraphName::DefaultGraph),
        ]
    }

    #[test]
    fn rdf_every_format_round_trips_tricky_literals() {
        for format in [
            ExportFormat::Turtle,
            ExportFormat::NTriples,
            ExportFormat::NQuads,
            ExportFormat::TriG,
            ExportFormat::JsonLd,
            ExportFormat::RdfXml,
        ] {
            let mut out = Vec::new();
            write(&sample(), format, &mut out).unwrap();
            let parsed: Vec<Quad> = RdfParser::from_format(rdf_format(format).unwrap())
                .for_slice(&out)
                .collect::<Result<_, _>>()
                .unwrap_or_else(|e| panic!("{format:?}: {e}\n{}", String::from_utf8_lossy(&out)));
            let expected = if matches!(format, ExportFormat::NQuads | ExportFormat::TriG) {
                2
            } else {
                1
            };
            assert_eq!(parsed.len(), expected, "{format:?}");
            let Some(oxigraph::model::Term::Literal(l)) = parsed.first().map(|q| q.object.clone())
            else {
                panic!("no literal")
            };
            assert_eq!(l.value(), "Ana \"La\" López\\\nline two", "{format:?}");
        }
    }
}
