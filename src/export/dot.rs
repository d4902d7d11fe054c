//! GraphViz DOT from the diagram graph (petgraph's DOT writer, with attributes escaped here),
//! a legend of the node kinds, optional clusters per article, and rendering to SVG or PNG with
//! Graphviz. `dot` needs minutes for a few hundred labelled nodes, so larger graphs are laid
//! out with `sfdp`.

use super::error::ExportError;
use super::format::ExportFormat;
use super::graph::{GraphOptions, VisualGraph, VisualNode};
use petgraph::dot::{Config, Dot};
use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

/// Above this many nodes, `sfdp` lays the graph out instead of `dot`.
pub const SFDP_THRESHOLD: usize = 150;

/// Shape and fill colour of each node kind.
pub fn style(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "Person" => ("ellipse", "#cfe2ff"),
        "Organization" => ("box", "#fff3bf"),
        "Country" => ("doubleoctagon", "#d3f9d8"),
        "Place" => ("house", "#e6fcf5"),
        "Agreement" => ("note", "#ffdeeb"),
        "Event" => ("diamond", "#ffe8cc"),
        "Statement" => ("parallelogram", "#f3f0ff"),
        _ => ("plaintext", "#f1f3f5"),
    }
}

/// Escapes a string for a double-quoted DOT attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

fn node_attrs(node: &VisualNode) -> String {
    let (shape, fill) = style(&node.kind);
    let mut label = node.label.clone();
    // An event's class repeats its label ("arrest (Arrest)").
    if let Some(class) = node.class.as_ref().filter(|_| node.kind != "Event") {
        label.push_str(&format!("\n({class})"));
    }
    let mut attrs = format!(
        "label=\"{}\" shape={shape} style=filled fillcolor=\"{fill}\"",
        escape(&label)
    );
    if !node.attributes.is_empty() {
        let tooltip: Vec<String> = node
            .attributes
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        attrs.push_str(&format!(" tooltip=\"{}\"", escape(&tooltip.join("\n"))));
    }
    if node.iri.starts_with("http") {
        attrs.push_str(&format!(" URL=\"{}\"", escape(&node.iri)));
    }
    attrs
}

/// DOT source of a diagram graph.
pub fn to_dot(graph: &VisualGraph, options: &GraphOptions) -> String {
    let g = &graph.graph;
    let edge_attr = |_: &_, e: petgraph::graph::EdgeReference<'_, String>| {
        format!("label=\"{}\"", escape(e.weight()))
    };
    let node_attr = |_: &_, (_, node): (petgraph::graph::NodeIndex, &VisualNode)| node_attrs(node);
    let body = format!(
        "{:?}",
        Dot::with_attr_getters(
            g,
            &[Config::NodeNoLabel, Config::EdgeNoLabel],
            &edge_attr,
            &node_attr
        )
    );
    let mut extra = String::new();
    extra.push_str("    graph [rankdir=LR fontname=\"Helvetica\" overlap=false splines=true]\n");
    extra.push_str("    node [fontname=\"Helvetica\" fontsize=11]\n");
    extra.push_str("    edge [fontname=\"Helvetica\" fontsize=9 color=\"#495057\"]\n");
    let mut tail = String::new();
    if options.clusters {
        let mut by_article: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for idx in g.node_indices() {
            if g[idx].articles.len() == 1 {
                if let Some(article) = g[idx].articles.iter().next() {
                    by_article.entry(article).or_default().push(idx.index());
                }
            }
        }
        for (n, (article, nodes)) in by_article.iter().enumerate() {
            tail.push_str(&format!("    subgraph cluster_article_{n} {{\n        label=\"{}\" style=dashed color=\"#adb5bd\"\n", escape(article)));
            for id in nodes {
                tail.push_str(&format!("        {id}\n"));
            }
            tail.push_str("    }\n");
        }
    }
    let mut kinds: Vec<&str> = g.node_weights().map(|n| n.kind.as_str()).collect();
    kinds.sort();
    kinds.dedup();
    if !kinds.is_empty() {
        tail.push_str("    subgraph cluster_legend {\n        label=\"Legend\" style=rounded color=\"#ced4da\" fontsize=10\n");
        for kind in &kinds {
            let (shape, fill) = style(kind);
            tail.push_str(&format!("        \"legend_{kind}\" [label=\"{kind}\" shape={shape} style=filled fillcolor=\"{fill}\"]\n"));
        }
        tail.push_str("    }\n");
    }
    let body = body.trim_end();
    let (head, rest) = body.split_once('\n').unwrap_or((body, ""));
    let rest = rest.strip_suffix('}').unwrap_or(rest);
    format!("{head}\n{extra}{rest}{tail}}}\n")
}

/// The Graphviz program that lays out a diagram of `n_nodes`: `dot`, and above
/// [`SFDP_THRESHOLD`] nodes `sfdp` — unless the diagram has clusters, which `sfdp` ignores:
/// then `dot` (233 nodes in 17 article clusters: 0.04 s; `fdp`, the other layout that draws
/// clusters, takes 15 s).
pub fn layout_program(n_nodes: usize, clusters: bool) -> &'static str {
    if n_nodes > SFDP_THRESHOLD && !clusters {
        "sfdp"
    } else {
        "dot"
    }
}

/// Renders DOT source to SVG or PNG with Graphviz (see [`layout_program`]).
pub fn render(
    source: &str,
    format: ExportFormat,
    n_nodes: usize,
    clusters: bool,
) -> Result<Vec<u8>, ExportError> {
    let program = layout_program(n_nodes, clusters);
    if program == "sfdp" {
        eprintln!("newsgraph: {n_nodes} nodes: laying out with sfdp (dot would take minutes); narrow with --focus NAME --depth N for a readable diagram");
    } else if n_nodes > SFDP_THRESHOLD {
        eprintln!("newsgraph: {n_nodes} nodes in clusters: laying out with dot, which keeps them (a dense graph may take minutes; narrow with --focus NAME --depth N)");
    }
    let flag = match format {
        ExportFormat::Png => "-Tpng",
        _ => "-Tsvg",
    };
    let mut child = Command::new(program)
        .arg(flag)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ExportError::GraphvizMissing {
                program: program.into(),
                format: format.file_extension().into(),
            },
            _ => ExportError::Graphviz {
                program: program.into(),
                message: e.to_string(),
            },
        })?;
    let mut stdin = child.stdin.take().ok_or_else(|| ExportError::Graphviz {
        program: program.into(),
        message: "no stdin".into(),
    })?;
    let source_owned = source.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(source_owned.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|e| ExportError::Graphviz {
            program: program.into(),
            message: e.to_string(),
        })?;
    let _ = writer.join();
    if !output.status.success() {
        return Err(ExportError::Graphviz {
            program: program.into(),
            message: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    Ok(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use petgraph::graph::DiGraph;
    use std::collections::BTreeSet;

    #[test]
    fn large_clustered_diagrams_keep_their_clusters() {
        assert_eq!(layout_program(10, true), "dot");
        assert_eq!(layout_program(SFDP_THRESHOLD + 1, false), "sfdp");
        assert_eq!(layout_program(SFDP_THRESHOLD + 1, true), "dot");
    }

    #[test]
    fn dot_escapes_labels_and_adds_legend() {
        let mut g = DiGraph::new();
        let a = g.add_node(VisualNode {
            iri: "urn:a".into(),
            label: "Ana \"La\" \\ López\nII".into(),
            kind: "Person".into(),
            class: None,
            attributes: vec![],
            articles: BTreeSet::new(),
        });
        let b = g.add_node(VisualNode {
            iri: "urn:b".into(),
            label: "Org".into(),
            kind: "Organization".into(),
            class: Some("NGO".into()),
            attributes: vec![("alias".into(), "O".into())],
            articles: BTreeSet::new(),
        });
        g.add_edge(a, b, "campaign director".into());
        let dot = to_dot(&VisualGraph { graph: g }, &GraphOptions::default());
        assert!(
            dot.contains("label=\"Ana \\\"La\\\" \\\\ López\\nII\""),
            "{dot}"
        );
        assert!(dot.contains("label=\"campaign director\""));
        assert!(dot.contains("cluster_legend"));
        assert!(dot.trim_end().ends_with('}'));
        assert_eq!(dot.matches("label=\"Org\\n(NGO)\"").count(), 1, "{dot}");
    }
}
