//! RDF serialisations through Oxigraph's serialisers (N-Quads written here, line by line as
//! Oxigraph's writer would, which is faster for large graphs). Dataset formats (N-Quads, TriG)
//! keep the named graphs; triple formats (Turtle, N-Triples, JSON-LD, RDF/XML) write the union of the
//! graphs, each triple once. Output is sorted, so the same graph gives the same bytes.

use super::error::ExportError;
use super::format::ExportFormat;

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{Quad, Triple};
use std::collections::BTreeSet;
use std::io::Write;

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

/// Each quad once, sorted by its terms' strings (graph, subject, predicate, object).
fn sorted(quads: &[Quad]) -> Vec<&Quad> {
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
    sorted
}

/// Each quad once, as a sort key `GRAPH\0SUBJECT PREDICATE OBJECT` (every term as N-Quads
/// writes it) with the length of its graph part, sorted: the order of the (graph, subject,
/// predicate, object) tuples of those strings, since no term holds a character below a space.
fn nquad_lines(quads: &[Quad]) -> Vec<(String, usize)> {
    use std::fmt::Write as _;
    let mut lines: Vec<(String, usize)> = quads
        .iter()
        .map(|q| {
            let mut key = String::with_capacity(192);
            // Writing to a String cannot fail.
            let _ = write!(key, "{}", q.graph_name);
            let graph_end = key.len();
            let _ = write!(key, "\0{} {} {}", q.subject, q.predicate, q.object);
            (key, graph_end)
        })
        .collect();
    lines.sort_unstable();
    lines.dedup_by(|a, b| a.0 == b.0);
    lines
}

/// One N-Quads line from its sort key: the triple, the graph unless it is the default one.
fn write_nquad<E>(
    key: &str,
    graph_end: usize,
    write: &mut dyn FnMut(&[u8]) -> Result<(), E>,
) -> Result<(), E> {
    write(&key.as_bytes()[graph_end + 1..])?;
    let graph = &key[..graph_end];
    if graph != "DEFAULT" {
        write(b" ")?;
        write(graph.as_bytes())?;
    }
    write(b" .\n")
}

/// Quads as N-Quads, sorted, each once: the bytes [`write()`] writes, in a buffer of their size.
pub fn nquads(quads: &[Quad]) -> Vec<u8> {
    let lines = nquad_lines(quads);
    let mut out = Vec::with_capacity(lines.iter().map(|(key, _)| key.len() + 3).sum());
    for (key, graph_end) in &lines {
        let _ = write_nquad(key, *graph_end, &mut |bytes| -> Result<(), ()> {
            out.extend_from_slice(bytes);
            Ok(())
        });
    }
    out
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
    if format == ExportFormat::NQuads {
        for (line, graph_end) in nquad_lines(quads) {
            write_nquad(&line, graph_end, &mut |bytes| out.write_all(bytes))
                .map_err(|e| err(&e))?;
        }
        return Ok(());
    }
    let mut serializer = RdfSerializer::from_format(rdf);
    if matches!(
        format,
        ExportFormat::Turtle | ExportFormat::TriG | ExportFormat::JsonLd | ExportFormat::RdfXml
    ) {
        // The resource namespaces end where local names start, so that the writer need not
        // escape slashes.
        for (prefix, iri) in crate::kg::vocab::query_prefixes() {
            serializer = serializer
                .with_prefix(prefix.as_str(), iri.as_str())
                .map_err(|e| err(&e))?;
        }
    }
    let mut writer = serializer.for_writer(out);
    // N-Quads and TriG keep the named graphs; JSON-LD, like the triple formats, writes their
    // union, which is what most JSON-LD consumers read.
    if format == ExportFormat::TriG {
        for quad in sorted(quads) {
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
    use crate::kg::vocab::ID;
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

    /// N-Quads written here are, byte for byte, Oxigraph's N-Quads of the quads sorted by
    /// their terms' strings, duplicates removed; and `write` and `nquads` agree.
    #[test]
    fn nquads_are_oxigraphs_sorted_and_deduplicated() {
        use oxigraph::model::BlankNode;
        let mut quads = sample();
        let g = |s: &str| NamedNode::new_unchecked(format!("{ID}graph/article/{s}"));
        let iri = |s: &str| NamedNode::new_unchecked(format!("{ID}person/{s}"));
        for (s, o, graph) in [
            ("b", "x", g("a")),
            ("a", "y", g("ab")),
            ("ab", "x", g("a")),
            ("a", "y", g("ab")),
        ] {
            quads.push(Quad::new(iri(s), iri("p"), iri(o), graph));
        }
        for id in ["b1", "b12", "b2"] {
            quads.push(Quad::new(
                BlankNode::new_unchecked(id),
                iri("p"),
                Literal::new_language_tagged_literal_unchecked("x\ty", "en"),
                GraphName::DefaultGraph,
            ));
        }
        quads.push(Quad::new(
            iri("a"),
            iri("p"),
            Literal::new_typed_literal("3", oxigraph::model::vocab::xsd::INTEGER),
            g("a"),
        ));
        let mut writer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
        for q in sorted(&quads) {
            writer.serialize_quad(q).expect("serialise");
        }
        let expected = writer.finish().expect("finish");
        assert_eq!(
            String::from_utf8(nquads(&quads)).expect("utf-8"),
            String::from_utf8(expected.clone()).expect("utf-8")
        );
        let mut written = Vec::new();
        write(&quads, ExportFormat::NQuads, &mut written).expect("write");
        assert_eq!(written, expected);
        assert_eq!(
            expected.iter().filter(|&&b| b == b'\n').count(),
            quads.len() - 1
        );
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
