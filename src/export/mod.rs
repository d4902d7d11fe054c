//! Output formats: extraction JSON Lines and CSV tables, SPARQL results, RDF serialisations,
//! and diagrams (GraphViz DOT, SVG and PNG through `dot`/`sfdp`, GraphML, nodes/edges CSV).
//!
//! This is the only module that chooses byte formats. The entry point for graph exports is
//! [`write()`].

pub mod dot;
pub mod error;
pub mod format;
pub mod graph;
pub mod graphml;
pub mod jsonl;
pub mod rdf;
pub mod results;
pub mod tables;

use error::io_err;
pub use error::ExportError;
pub use format::ExportFormat;

pub use graph::{GraphOptions, VisualGraph};

/// Writes quads in `format` to `out`: RDF formats serialise them, diagram formats lay out the
/// entity graph they describe.
///
/// ```
/// use newsgraph::export::{self, ExportFormat, GraphOptions};
/// use oxigraph::model::*;
/// let s = NamedNode::new("https://w3id.org/newsgraph/id/country/chile").unwrap();
/// let quads = vec![Quad::new(s.clone(), NamedNode::new("http://www.w3.org/2000/01/rdf-schema#label").unwrap(), Literal::new_simple_literal("Chile"), GraphName::DefaultGraph)];
/// let mut out = Vec::new();
/// export::write(&quads, ExportFormat::NTriples, &GraphOptions::default(), &mut out).unwrap();
/// assert!(String::from_utf8(out).unwrap().contains("\"Chile\""));
/// ```
pub fn write(
    quads: &[oxigraph::model::Quad],
    format: ExportFormat,
    options: &GraphOptions,
    out: &mut dyn std::io::Write,
) -> Result<(), ExportError> {
    match format {
        ExportFormat::Dot | ExportFormat::Svg | ExportFormat::Png => {
            let graph = VisualGraph::from_quads(quads, options)?;
            let source = dot::to_dot(&graph, options);
            if format == ExportFormat::Dot {
                out.write_all(source.as_bytes())
                    .map_err(io_err("DOT output"))
            } else {
                let bytes = dot::render(&source, format, graph.node_count(), options.clusters)?;
                out.write_all(&bytes).map_err(io_err("rendered diagram"))
            }
        }
        ExportFormat::GraphMl => {
            let graph = VisualGraph::from_quads(quads, options)?;
            graphml::write(&graph, out)
        }
        ExportFormat::Csv => Err(ExportError::NeedsDirectory {
            format: "csv".into(),
        }),
        _ => rdf::write(quads, format, out),
    }
}
