//! GraphML of the diagram graph, for Gephi, yEd and Neo4j (apoc.import.graphml).

use super::error::{io_err, ExportError};
use super::graph::VisualGraph;
use petgraph::visit::EdgeRef;
use std::io::Write;

/// Escapes XML text and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes GraphML.
pub fn write(graph: &VisualGraph, out: &mut dyn Write) -> Result<(), ExportError> {
    let g = &graph.graph;
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n");
    for (id, for_, name) in [
        ("d0", "node", "label"),
        ("d1", "node", "type"),
        ("d2", "node", "class"),
        ("d3", "node", "iri"),
        ("d4", "node", "attributes"),
        ("d5", "edge", "label"),
    ] {
        s.push_str(&format!(
            "  <key id=\"{id}\" for=\"{for_}\" attr.name=\"{name}\" attr.type=\"string\"/>\n"
        ));
    }
    s.push_str("  <graph id=\"newsgraph\" edgedefault=\"directed\">\n");
    for idx in g.node_indices() {
        let n = &g[idx];
        s.push_str(&format!("    <node id=\"n{}\">\n", idx.index()));
        s.push_str(&format!(
            "      <data key=\"d0\">{}</data>\n",
            xml_escape(&n.label)
        ));
        s.push_str(&format!(
            "      <data key=\"d1\">{}</data>\n",
            xml_escape(&n.kind)
        ));
        if let Some(c) = &n.class {
            s.push_str(&format!(
                "      <data key=\"d2\">{}</data>\n",
                xml_escape(c)
            ));
        }
        s.push_str(&format!(
            "      <data key=\"d3\">{}</data>\n",
            xml_escape(&n.iri)
        ));
        if !n.attributes.is_empty() {
            let attrs: Vec<String> = n
                .attributes
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            s.push_str(&format!(
                "      <data key=\"d4\">{}</data>\n",
                xml_escape(&attrs.join("; "))
            ));
        }
        s.push_str("    </node>\n");
    }
    for e in g.edge_references() {
        s.push_str(&format!(
            "    <edge id=\"e{}\" source=\"n{}\" target=\"n{}\"><data key=\"d5\">{}</data></edge>\n",
            e.id().index(),
            e.source().index(),
            e.target().index(),
            xml_escape(e.weight())
        ));
    }
    s.push_str("  </graph>\n</graphml>\n");
    out.write_all(s.as_bytes())
        .map_err(io_err("GraphML output"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphml_escapes() {
        assert_eq!(xml_escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
