//! `newsgraph export`: the whole graph, a CONSTRUCT result or an entity's neighbourhood.

use super::args::ExportArgs;
use super::common::output;
use anyhow::{bail, Context, Result};
use newsgraph::export::{self, tables, ExportFormat, GraphOptions, VisualGraph};
use newsgraph::kg::Store;
use oxigraph::model::{GraphName, Quad};
use oxigraph::sparql::QueryResults;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(store_path: &Path, args: ExportArgs, quiet: bool) -> Result<ExitCode> {
    let format = match (&args.format, &args.output) {
        (Some(name), _) => ExportFormat::from_name(name)?,
        (None, Some(path)) => {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            ExportFormat::from_extension(ext).with_context(|| format!("cannot tell the format from {:?}; give --format", path.display().to_string()))?
        }
        (None, None) => bail!("give --format (dot, svg, png, ttl, nt, nq, trig, jsonld, rdf, graphml, csv) when writing to stdout"),
    };
    let store = Store::open_read_only(store_path)?;
    let quads: Vec<Quad> = if let Some(query_path) = &args.query {
        let text = std::fs::read_to_string(query_path)
            .with_context(|| format!("reading query {}", query_path.display()))?;
        match store.query(&text, &query_path.display().to_string())? {
            QueryResults::Graph(triples) => triples
                .map(|t| t.map(|t| t.in_graph(GraphName::DefaultGraph)))
                .collect::<Result<_, _>>()
                .with_context(|| format!("running {}", query_path.display()))?,
            _ => bail!(
                "{}: --query needs a CONSTRUCT or DESCRIBE query",
                query_path.display()
            ),
        }
    } else if args.with_ontology {
        store.quads()?
    } else {
        store.data_quads()?
    };
    let options = GraphOptions {
        focus: args.focus.clone(),
        depth: args.depth,
        no_literals: args.no_literals,
        clusters: args.clusters,
        statements: false,
    };
    let quads = if format.is_rdf() && args.focus.is_some() {
        focus_quads(&quads, &options)?
    } else {
        quads
    };
    if format == ExportFormat::Csv {
        let dir = args
            .output
            .as_deref()
            .context("--format csv writes nodes.csv and edges.csv: give a folder with -o DIR")?;
        let graph = VisualGraph::from_quads(&quads, &options)?;
        tables::write_graph(&graph, dir)?;
        if !quiet {
            eprintln!(
                "newsgraph: wrote {} nodes and {} edges to {}",
                graph.graph.node_count(),
                graph.graph.edge_count(),
                dir.display()
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = output(args.output.as_deref())?;
    export::write(&quads, format, &options, &mut out)?;
    out.flush().context("writing the export")?;
    Ok(ExitCode::SUCCESS)
}

/// The triples about the entities in the focus neighbourhood, for RDF formats.
fn focus_quads(quads: &[Quad], options: &GraphOptions) -> Result<Vec<Quad>> {
    let graph = VisualGraph::from_quads(quads, options)?;
    let keep: std::collections::HashSet<String> =
        graph.graph.node_weights().map(|n| n.iri.clone()).collect();
    Ok(quads
        .iter()
        .filter(|q| {
            let s = match &q.subject {
                oxigraph::model::NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
                other => other.to_string(),
            };
            keep.contains(&s)
        })
        .cloned()
        .collect())
}
