//! CSV tables: the diagram graph as nodes.csv and edges.csv (Gephi, Neo4j `LOAD CSV`), and
//! extraction results as the curated-facts tables (entities.csv, relations.csv,
//! statements.csv) that `build` reads back after a human review.

use super::error::ExportError;
use super::graph::VisualGraph;
use crate::doc::{Doc, Grounds, Predicate};
use crate::kg::mint::{slug, type_segment};
use petgraph::visit::EdgeRef;
use std::collections::BTreeMap;
use std::path::Path;

fn csv_err(path: &Path) -> impl Fn(csv::Error) -> ExportError + '_ {
    move |e| ExportError::Csv {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn create_dir(dir: &Path) -> Result<(), ExportError> {
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Io {
        target: dir.display().to_string(),
        source,
    })
}

/// Writes `dir/nodes.csv` and `dir/edges.csv`.
pub fn write_graph(graph: &VisualGraph, dir: &Path) -> Result<(), ExportError> {
    create_dir(dir)?;
    let g = &graph.graph;
    let nodes_path = dir.join("nodes.csv");
    let mut w = csv::Writer::from_path(&nodes_path).map_err(csv_err(&nodes_path))?;
    w.write_record(["id", "label", "type", "class", "iri", "attributes"])
        .map_err(csv_err(&nodes_path))?;
    for idx in g.node_indices() {
        let n = &g[idx];
        let attrs: Vec<String> = n
            .attributes
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        w.write_record([
            format!("n{}", idx.index()),
            n.label.clone(),
            n.kind.clone(),
            n.class.clone().unwrap_or_default(),
            n.iri.clone(),
            attrs.join("; "),
        ])
        .map_err(csv_err(&nodes_path))?;
    }
    w.flush().map_err(|source| ExportError::Io {
        target: nodes_path.display().to_string(),
        source,
    })?;
    let edges_path = dir.join("edges.csv");
    let mut w = csv::Writer::from_path(&edges_path).map_err(csv_err(&edges_path))?;
    w.write_record(["source", "target", "label"])
        .map_err(csv_err(&edges_path))?;
    for e in g.edge_references() {
        w.write_record([
            format!("n{}", e.source().index()),
            format!("n{}", e.target().index()),
            e.weight().clone(),
        ])
        .map_err(csv_err(&edges_path))?;
    }
    w.flush().map_err(|source| ExportError::Io {
        target: edges_path.display().to_string(),
        source,
    })
}

/// The id an extracted entity gets in the CSV tables: stable across articles.
pub fn entity_id(doc: &Doc, entity: usize) -> String {
    let ent = &doc.entities[entity];
    format!("{}/{}", type_segment(ent.etype), slug(&ent.name))
}

/// Writes `dir/entities.csv`, `dir/relations.csv` and `dir/statements.csv` for documents.
pub fn write_facts(docs: &[Doc], dir: &Path) -> Result<(), ExportError> {
    create_dir(dir)?;
    let mut entities: BTreeMap<String, [String; 7]> = BTreeMap::new();
    for doc in docs {
        for (idx, ent) in doc.entities.iter().enumerate() {
            let id = entity_id(doc, idx);
            let row = entities.entry(id.clone()).or_insert_with(|| {
                [
                    id,
                    ent.name.clone(),
                    ent.etype.as_str().to_string(),
                    ent.class.clone().unwrap_or_default(),
                    ent.same_as.join("|"),
                    String::new(),
                    ent.description.clone().unwrap_or_default(),
                ]
            });
            let mut aliases: Vec<&str> = row[5].split('|').filter(|a| !a.is_empty()).collect();
            for a in &ent.aliases {
                if !aliases.contains(&a.as_str()) {
                    aliases.push(a);
                }
            }
            row[5] = aliases.join("|");
        }
    }
    let path = dir.join("entities.csv");
    let mut w = csv::Writer::from_path(&path).map_err(csv_err(&path))?;
    w.write_record([
        "id",
        "name",
        "type",
        "class",
        "same_as",
        "aliases",
        "description",
    ])
    .map_err(csv_err(&path))?;
    for row in entities.values() {
        w.write_record(row).map_err(csv_err(&path))?;
    }
    w.flush().map_err(|source| ExportError::Io {
        target: path.display().to_string(),
        source,
    })?;
    let path = dir.join("relations.csv");
    let mut w = csv::Writer::from_path(&path).map_err(csv_err(&path))?;
    w.write_record([
        "subject",
        "predicate",
        "object",
        "role",
        "date",
        "source",
        "confidence",
    ])
    .map_err(csv_err(&path))?;
    for doc in docs {
        for rel in doc
            .relations
            .iter()
            .filter(|r| r.predicate != Predicate::Said)
        {
            let Some(object) = rel.object else { continue };
            w.write_record([
                entity_id(doc, rel.subject),
                rel.predicate.as_str().to_string(),
                entity_id(doc, object),
                rel.role.clone().unwrap_or_default(),
                rel.date.clone().unwrap_or_default(),
                match rel.grounds {
                    Grounds::Text => format!(
                        "{}: {}",
                        doc.id,
                        doc.sentence_text(rel.sentence).replace('\n', " ")
                    ),
                    // No sentence says it: the source is the knowledge it comes from.
                    Grounds::Gazetteer => format!("{}: known from the gazetteers", doc.id),
                },
                format!("{:.2}", rel.confidence),
            ])
            .map_err(csv_err(&path))?;
        }
    }
    w.flush().map_err(|source| ExportError::Io {
        target: path.display().to_string(),
        source,
    })?;
    let path = dir.join("statements.csv");
    let mut w = csv::Writer::from_path(&path).map_err(csv_err(&path))?;
    w.write_record(["speaker", "content", "direct", "verb", "date", "source"])
        .map_err(csv_err(&path))?;
    for doc in docs {
        // Statements whose speaker is no entity cannot be built back as curated facts.
        for st in doc.statements.iter().filter(|st| st.speaker.is_some()) {
            w.write_record([
                st.speaker.map(|e| entity_id(doc, e)).unwrap_or_default(),
                doc.text[st.content.clone()].replace('\n', " "),
                st.direct.to_string(),
                st.verb.clone(),
                st.date.clone().unwrap_or_default(),
                doc.id.clone(),
            ])
            .map_err(csv_err(&path))?;
        }
    }
    w.flush().map_err(|source| ExportError::Io {
        target: path.display().to_string(),
        source,
    })
}
