//! The diagram graph: entities (and events) as nodes, the direct relations between them as
//! edges, built with petgraph from quads. Shared by DOT, GraphML and nodes/edges CSV.
//!
//! Quads that carry newsgraph types give the entity view (labels from rdfs:label, edge labels
//! from property names, a post's role on its `affiliatedWith` edge, aliases and Wikidata links
//! as node attributes). Quads without them (an arbitrary CONSTRUCT) give the generic view:
//! every IRI or blank node is a node, every triple between two of them an edge.

use super::error::ExportError;
use crate::kg::vocab::{self as ng, NG};
use oxigraph::model::{Quad, Term};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// Options of diagram exports.
#[derive(Debug, Clone, Default)]
pub struct GraphOptions {
    /// Keep only the neighbourhood of the entity with this label.
    pub focus: Option<String>,
    /// Depth of the neighbourhood (default 1).
    pub depth: usize,
    /// Hide literal attributes (aliases, descriptions, Wikidata links).
    pub no_literals: bool,
    /// Group entities mentioned in a single article into a cluster per article.
    pub clusters: bool,
    /// Draw statements as nodes ("“…”", kind Statement) said by their speakers.
    pub statements: bool,
}

/// A node of the diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct VisualNode {
    /// IRI (or blank node) of the node.
    pub iri: String,
    /// Label shown.
    pub label: String,
    /// Coarse kind: Person, Organization, Country, Place, Agreement, Event or Other.
    pub kind: String,
    /// Fine class, when known.
    pub class: Option<String>,
    /// Literal attributes (name, value), sorted.
    pub attributes: Vec<(String, String)>,
    /// Articles (labels) that mention it.
    pub articles: BTreeSet<String>,
}

/// A diagram graph.
pub struct VisualGraph {
    /// The graph.
    pub graph: DiGraph<VisualNode, String>,
}

const KINDS: [&str; 5] = ["Person", "Organization", "Country", "Place", "Agreement"];
const EDGE_PROPERTIES: [&str; 6] = [
    "affiliatedWith",
    "basedIn",
    "locatedIn",
    "partyTo",
    "nationality",
    "actor",
];

fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

fn term_key(term: &Term) -> Option<String> {
    match term {
        Term::NamedNode(n) => Some(n.as_str().to_string()),
        Term::BlankNode(b) => Some(format!("_:{}", b.as_str())),
        _ => None,
    }
}

impl VisualGraph {
    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Builds the diagram graph from quads, applying focus and depth.
    pub fn from_quads(quads: &[Quad], options: &GraphOptions) -> Result<VisualGraph, ExportError> {
        let typed = quads.iter().any(|q| {
            q.predicate == ng::RDF_TYPE && matches!(&q.object, Term::NamedNode(n) if n.as_str().strip_prefix(NG).is_some_and(|l| KINDS.contains(&l)))
        });
        let mut graph = if typed {
            entity_view(quads, options)
        } else {
            generic_view(quads, options)
        };
        if let Some(name) = &options.focus {
            graph = focus(graph, name, options.depth.max(1))?;
        }
        Ok(VisualGraph { graph })
    }
}

/// A post node's holder, organisation and role, as they are read.
type PostParts = (Option<String>, Option<String>, Option<String>);

fn entity_view(quads: &[Quad], options: &GraphOptions) -> DiGraph<VisualNode, String> {
    let mut kinds: BTreeMap<String, String> = BTreeMap::new();
    let mut classes: HashMap<String, String> = HashMap::new();
    let mut labels: HashMap<String, String> = HashMap::new();
    let mut attributes: HashMap<String, BTreeSet<(String, String)>> = HashMap::new();
    let mut article_labels: HashMap<String, String> = HashMap::new();
    let mut mentioned: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut roles: HashMap<String, PostParts> = HashMap::new();
    let mut said: Vec<(String, String)> = Vec::new();
    let mut contents: HashMap<String, String> = HashMap::new();
    for q in quads {
        let Some(s) = term_key(&q.subject.clone().into()) else {
            continue;
        };
        let p = q.predicate.as_str();
        match (&q.object, p) {
            (Term::NamedNode(o), _) if q.predicate == ng::RDF_TYPE => {
                if let Some(local) = o.as_str().strip_prefix(NG) {
                    if KINDS.contains(&local) {
                        kinds.insert(s, local.to_string());
                    } else if local == "Event" {
                        kinds.entry(s).or_insert_with(|| "Event".into());
                    } else if !matches!(
                        local,
                        "Entity"
                            | "Assertion"
                            | "Post"
                            | "Statement"
                            | "Mention"
                            | "Sentence"
                            | "Article"
                            | "QuantityClaim"
                    ) {
                        classes.insert(s, local.to_string());
                    }
                }
            }
            (Term::Literal(l), _) if q.predicate == ng::RDFS_LABEL => {
                labels.entry(s).or_insert_with(|| l.value().to_string());
            }
            (Term::Literal(l), _) if q.predicate == ng::HEADLINE => {
                article_labels.insert(s, l.value().to_string());
            }
            (Term::Literal(l), _) if q.predicate == ng::ROLE => {
                roles.entry(s).or_default().2 = Some(l.value().to_string());
            }
            (Term::NamedNode(o), _) if q.predicate == ng::HOLDER => {
                roles.entry(s).or_default().0 = Some(o.as_str().to_string());
            }
            (Term::NamedNode(o), _) if q.predicate == ng::POST_IN => {
                roles.entry(s).or_default().1 = Some(o.as_str().to_string());
            }
            (Term::NamedNode(o), _) if q.predicate == ng::SPEAKER && options.statements => {
                said.push((o.as_str().to_string(), s));
            }
            (Term::Literal(l), _) if q.predicate == ng::CONTENT && options.statements => {
                contents.insert(s, l.value().to_string());
            }
            (Term::NamedNode(o), _) if q.predicate == ng::MENTIONED_IN => {
                mentioned
                    .entry(s)
                    .or_default()
                    .insert(o.as_str().to_string());
            }
            (Term::Literal(l), _)
                if q.predicate == ng::ALIAS
                    || q.predicate == ng::DESCRIPTION
                    || q.predicate == ng::EVENT_KIND
                    || q.predicate == ng::DATE =>
            {
                attributes
                    .entry(s)
                    .or_default()
                    .insert((local_name(p).to_string(), l.value().to_string()));
            }
            (Term::NamedNode(o), _) if q.predicate == ng::OWL_SAME_AS => {
                attributes
                    .entry(s)
                    .or_default()
                    .insert(("sameAs".to_string(), o.as_str().to_string()));
            }
            _ => {}
        }
    }
    let mut role_of: HashMap<(String, String), BTreeSet<String>> = HashMap::new();
    for (holder, org, role) in roles.into_values() {
        if let (Some(h), Some(o)) = (holder, org) {
            let roles = role_of.entry((h, o)).or_default();
            roles.extend(role);
        }
    }
    for (content_of, content) in &contents {
        if said.iter().any(|(_, st)| st == content_of) {
            kinds.insert(content_of.clone(), "Statement".into());
            let short: String = content.chars().take(60).collect();
            let more = if content.chars().count() > 60 {
                "…"
            } else {
                ""
            };
            labels.insert(content_of.clone(), format!("“{short}{more}”"));
        }
    }
    let mut graph = DiGraph::new();
    let mut index: HashMap<String, NodeIndex> = HashMap::new();
    for (iri, kind) in &kinds {
        let label = labels
            .get(iri)
            .cloned()
            .unwrap_or_else(|| local_name(iri).to_string());
        let node = VisualNode {
            iri: iri.clone(),
            label,
            kind: kind.clone(),
            class: classes.get(iri).cloned(),
            attributes: if options.no_literals {
                Vec::new()
            } else {
                attributes
                    .get(iri)
                    .map(|a| a.iter().cloned().collect())
                    .unwrap_or_default()
            },
            articles: mentioned
                .get(iri)
                .map(|a| {
                    a.iter()
                        .map(|x| article_labels.get(x).cloned().unwrap_or_else(|| x.clone()))
                        .collect()
                })
                .unwrap_or_default(),
        };
        index.insert(iri.clone(), graph.add_node(node));
    }
    let mut edges: BTreeSet<(NodeIndex, NodeIndex, String)> = BTreeSet::new();
    for q in quads {
        let local = local_name(q.predicate.as_str());
        if !q.predicate.as_str().starts_with(NG) || !EDGE_PROPERTIES.contains(&local) {
            continue;
        }
        let (Some(s), Some(o)) = (term_key(&q.subject.clone().into()), term_key(&q.object)) else {
            continue;
        };
        let (Some(&a), Some(&b)) = (index.get(&s), index.get(&o)) else {
            continue;
        };
        let label = match role_of.get(&(s.clone(), o.clone())) {
            Some(r) if local == "affiliatedWith" && !r.is_empty() => {
                r.iter().cloned().collect::<Vec<_>>().join(" / ")
            }
            _ => local.to_string(),
        };
        edges.insert((a, b, label));
    }
    // A post whose holder and organisation are drawn is an edge labelled with its role, when
    // no relation between the two is drawn already.
    for ((holder, org), roles) in &role_of {
        let (Some(&a), Some(&b)) = (index.get(holder), index.get(org)) else {
            continue;
        };
        if !edges.iter().any(|(x, y, _)| (*x, *y) == (a, b)) {
            let label = if roles.is_empty() {
                "post".to_string()
            } else {
                roles.iter().cloned().collect::<Vec<_>>().join(" / ")
            };
            edges.insert((a, b, label));
        }
    }
    for (speaker, statement) in &said {
        if let (Some(&a), Some(&b)) = (index.get(speaker), index.get(statement)) {
            edges.insert((a, b, "said".to_string()));
        }
    }
    for (a, b, label) in edges {
        graph.add_edge(a, b, label);
    }
    graph
}

fn generic_view(quads: &[Quad], options: &GraphOptions) -> DiGraph<VisualNode, String> {
    let mut graph = DiGraph::new();
    let mut index: BTreeMap<String, NodeIndex> = BTreeMap::new();
    let mut labels: HashMap<String, String> = HashMap::new();
    let mut attributes: HashMap<String, BTreeSet<(String, String)>> = HashMap::new();
    for q in quads {
        let Some(s) = term_key(&q.subject.clone().into()) else {
            continue;
        };
        if let Term::Literal(l) = &q.object {
            if q.predicate == ng::RDFS_LABEL {
                labels.insert(s.clone(), l.value().to_string());
            } else {
                attributes.entry(s.clone()).or_default().insert((
                    local_name(q.predicate.as_str()).to_string(),
                    l.value().to_string(),
                ));
            }
        }
    }
    let mut node_of = |graph: &mut DiGraph<VisualNode, String>, key: &str| -> NodeIndex {
        *index.entry(key.to_string()).or_insert_with(|| {
            graph.add_node(VisualNode {
                iri: key.to_string(),
                label: labels
                    .get(key)
                    .cloned()
                    .unwrap_or_else(|| local_name(key).to_string()),
                kind: "Other".into(),
                class: None,
                attributes: if options.no_literals {
                    Vec::new()
                } else {
                    attributes
                        .get(key)
                        .map(|a| a.iter().cloned().collect())
                        .unwrap_or_default()
                },
                articles: BTreeSet::new(),
            })
        })
    };
    for q in quads {
        let (Some(s), Some(o)) = (term_key(&q.subject.clone().into()), term_key(&q.object)) else {
            if let Some(s) = term_key(&q.subject.clone().into()) {
                node_of(&mut graph, &s);
            }
            continue;
        };
        if q.predicate == ng::RDF_TYPE {
            continue;
        }
        let a = node_of(&mut graph, &s);
        let b = node_of(&mut graph, &o);
        graph.add_edge(a, b, local_name(q.predicate.as_str()).to_string());
    }
    graph
}

/// The neighbourhood of the node labelled `name` (exact, case-insensitive; else the only label
/// that contains it), up to `depth` edges away in either direction.
fn focus(
    graph: DiGraph<VisualNode, String>,
    name: &str,
    depth: usize,
) -> Result<DiGraph<VisualNode, String>, ExportError> {
    let lower = name.to_lowercase();
    let exact: Vec<NodeIndex> = graph
        .node_indices()
        .filter(|&n| graph[n].label.to_lowercase() == lower)
        .collect();
    let starts = if exact.is_empty() {
        graph
            .node_indices()
            .filter(|&n| graph[n].label.to_lowercase().contains(&lower))
            .collect()
    } else {
        exact
    };
    if starts.is_empty() {
        return Err(ExportError::FocusNotFound {
            name: name.to_string(),
        });
    }
    let mut dist: HashMap<NodeIndex, usize> = starts.iter().map(|&n| (n, 0)).collect();
    let mut queue: VecDeque<NodeIndex> = starts.into_iter().collect();
    while let Some(n) = queue.pop_front() {
        let d = dist[&n];
        if d == depth {
            continue;
        }
        for m in graph.neighbors_undirected(n) {
            if let std::collections::hash_map::Entry::Vacant(e) = dist.entry(m) {
                e.insert(d + 1);
                queue.push_back(m);
            }
        }
    }
    let mut out = DiGraph::new();
    let mut map = HashMap::new();
    for n in graph.node_indices().filter(|n| dist.contains_key(n)) {
        map.insert(n, out.add_node(graph[n].clone()));
    }
    for e in graph.edge_references() {
        if let (Some(&a), Some(&b)) = (map.get(&e.source()), map.get(&e.target())) {
            out.add_edge(a, b, e.weight().clone());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal, NamedNode};

    fn q(s: &str, p: &str, o: Term) -> Quad {
        Quad::new(
            NamedNode::new_unchecked(s),
            NamedNode::new_unchecked(p),
            o,
            GraphName::DefaultGraph,
        )
    }

    fn sample() -> Vec<Quad> {
        let t = |s: &str, k: &str| {
            q(
                s,
                ng::RDF_TYPE.as_str(),
                NamedNode::new_unchecked(format!("{NG}{k}")).into(),
            )
        };
        let l = |s: &str, v: &str| {
            q(
                s,
                ng::RDFS_LABEL.as_str(),
                Literal::new_simple_literal(v).into(),
            )
        };
        let e = |s: &str, p: &str, o: &str| {
            q(s, &format!("{NG}{p}"), NamedNode::new_unchecked(o).into())
        };
        vec![
            t("urn:a", "Person"),
            l("urn:a", "Ana"),
            t("urn:b", "Organization"),
            l("urn:b", "Org B"),
            t("urn:c", "Country"),
            l("urn:c", "Chile"),
            t("urn:d", "Country"),
            l("urn:d", "Peru"),
            e("urn:a", "affiliatedWith", "urn:b"),
            e("urn:b", "basedIn", "urn:c"),
            e("urn:c", "partyTo", "urn:d"),
            t("urn:p", "Post"),
            e("urn:p", "holder", "urn:a"),
            e("urn:p", "postIn", "urn:b"),
            q(
                "urn:p",
                ng::ROLE.as_str(),
                Literal::new_simple_literal("director").into(),
            ),
        ]
    }

    #[test]
    fn graph_entity_view_labels_and_roles() {
        let g = VisualGraph::from_quads(&sample(), &GraphOptions::default()).unwrap();
        assert_eq!(g.node_count(), 4);
        let labels: Vec<&str> = g.graph.edge_weights().map(String::as_str).collect();
        assert!(labels.contains(&"director"));
        assert!(labels.contains(&"basedIn"));
    }

    #[test]
    fn graph_posts_become_edges_and_statements_nodes() {
        // Without the affiliatedWith triple, the post alone gives the holder's edge.
        let mut quads: Vec<Quad> = sample()
            .into_iter()
            .filter(|q| !q.predicate.as_str().ends_with("affiliatedWith"))
            .collect();
        let g = VisualGraph::from_quads(&quads, &GraphOptions::default()).unwrap();
        let edge = g
            .graph
            .edge_indices()
            .find(|&e| g.graph[e] == "director")
            .expect("the post's edge");
        let (a, b) = g.graph.edge_endpoints(edge).unwrap();
        assert_eq!(
            (g.graph[a].label.as_str(), g.graph[b].label.as_str()),
            ("Ana", "Org B")
        );
        quads.push(q(
            "urn:st",
            ng::SPEAKER.as_str(),
            NamedNode::new_unchecked("urn:a").into(),
        ));
        quads.push(q(
            "urn:st",
            ng::CONTENT.as_str(),
            Literal::new_simple_literal("we will go on").into(),
        ));
        let plain = VisualGraph::from_quads(&quads, &GraphOptions::default()).unwrap();
        assert_eq!(plain.node_count(), 4);
        let options = GraphOptions {
            statements: true,
            ..GraphOptions::default()
        };
        let g = VisualGraph::from_quads(&quads, &options).unwrap();
        let st = g
            .graph
            .node_indices()
            .find(|&n| g.graph[n].kind == "Statement")
            .expect("the statement drawn");
        assert_eq!(g.graph[st].label, "“we will go on”");
        assert!(g.graph.edge_weights().any(|w| w == "said"));
    }

    #[test]
    fn graph_focus_limits_depth() {
        let options = GraphOptions {
            focus: Some("ana".into()),
            depth: 1,
            ..GraphOptions::default()
        };
        let g = VisualGraph::from_quads(&sample(), &options).unwrap();
        assert_eq!(g.node_count(), 2);
        let options = GraphOptions {
            focus: Some("Ana".into()),
            depth: 2,
            ..GraphOptions::default()
        };
        assert_eq!(
            VisualGraph::from_quads(&sample(), &options)
                .unwrap()
                .node_count(),
            3
        );
        let options = GraphOptions {
            focus: Some("Nobody".into()),
            depth: 1,
            ..GraphOptions::default()
        };
        assert!(VisualGraph::from_quads(&sample(), &options).is_err());
    }
}
