//! The registry of what the store already holds, read from it when a build first has an
//! article to resolve: entity nodes with their types, labels, aliases (names, not
//! descriptions), Wikidata IDs, the country a generic body is qualified by (from the identity
//! decisions), the nodes named together in each article, and the earlier nodes later
//! articles merged.
//!
//! Read by scanning Oxigraph's indexes for each property in the merged default graph, not by
//! SPARQL: a store of 20,000 articles holds some
//! 300,000 entity-article pairs, which a scan reads in a fraction of the time a query with
//! joins and sorting takes. Everything is sorted before use, so the registry is the same
//! whatever order the store gives.

use super::names::{is_generic, is_name_alias, name_key};
use super::registry::Registry;
use crate::doc::EntityType;
use crate::kg::to_rdf::type_class;
use crate::kg::vocab::{self as ng, OWL_SAME_AS, RDFS_LABEL, RDF_TYPE};
use crate::kg::{KgError, Store};
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNode, Term};
use std::collections::{BTreeMap, BTreeSet};

/// An object as the registry reads it: an IRI or a literal's lexical value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Value {
    Iri(String),
    Text(String),
}

/// The (subject, object) pairs of a property in the merged default graph (in every graph of a
/// store of an older layout), sorted, each once.
fn pairs(
    store: &Store,
    predicate: NamedNodeRef<'_>,
    object: Option<&Term>,
) -> Result<BTreeSet<(String, Value)>, KgError> {
    let mut out = BTreeSet::new();
    for quad in store.oxigraph().quads_for_pattern(
        None,
        Some(predicate),
        object.map(Term::as_ref),
        default_graph(store),
    ) {
        let quad = quad.map_err(|e| scan_error(store, e))?;
        let value = match quad.object {
            Term::NamedNode(n) => Value::Iri(n.into_string()),
            Term::Literal(l) => Value::Text(l.value().to_string()),
            _ => continue,
        };
        if let NamedOrBlankNode::NamedNode(s) = quad.subject {
            out.insert((s.into_string(), value));
        }
    }
    Ok(out)
}

fn scan_error(store: &Store, e: impl ToString) -> KgError {
    KgError::Storage {
        path: store.path().to_path_buf(),
        message: e.to_string(),
    }
}

fn default_graph(store: &Store) -> Option<GraphNameRef<'static>> {
    store
        .has_merged_default_graph()
        .then_some(GraphNameRef::DefaultGraph)
}

fn text(value: &Value) -> Option<&str> {
    match value {
        Value::Text(t) => Some(t),
        Value::Iri(_) => None,
    }
}

fn iri(value: &Value) -> Option<&str> {
    match value {
        Value::Iri(i) => Some(i),
        Value::Text(_) => None,
    }
}

/// The registry of `store`.
pub(super) fn registry(store: &Store) -> Result<Registry, KgError> {
    let mut reg = Registry::default();
    // Types: a node typed twice by articles built before identity keeps the first class in
    // the order of the classes' IRIs.
    let mut types: BTreeMap<String, (String, EntityType)> = BTreeMap::new();
    for etype in EntityType::ALL {
        let class = Term::from(type_class(etype).into_owned());
        for (node, _) in pairs(store, RDF_TYPE, Some(&class))? {
            let key = (type_class(etype).as_str().to_string(), etype);
            let slot = types.entry(node).or_insert_with(|| key.clone());
            if key.0 < slot.0 {
                *slot = key;
            }
        }
    }
    for (node, (_, etype)) in &types {
        reg.ensure(node, *etype);
    }
    for (node, label) in pairs(store, RDFS_LABEL, None)? {
        let (Some(i), Some(label)) = (reg.node_of(&node), text(&label)) else {
            continue;
        };
        if reg.nodes[i].label.is_none() {
            reg.nodes[i].label = Some(label.to_string());
        }
        reg.add_name(i, label);
    }
    for (node, alias) in pairs(store, ng::ALIAS, None)? {
        let (Some(i), Some(alias)) = (reg.node_of(&node), text(&alias)) else {
            continue;
        };
        if !is_name_alias(alias) {
            continue;
        }
        // A person's lone surname is found through the surname index.
        let n = &reg.nodes[i];
        let full = n.label.as_ref().is_some_and(|l| l.contains(' '));
        if n.etype == EntityType::Person && full && !alias.contains(' ') {
            continue;
        }
        reg.add_name(i, alias);
    }
    for (node, target) in pairs(store, OWL_SAME_AS, None)? {
        // Links between nodes are merges, read from their decisions below.
        if let (Some(i), Some(target)) = (reg.node_of(&node), iri(&target)) {
            if !target.starts_with(ng::ID) {
                reg.add_wikidata(i, target);
            }
        }
    }
    // Qualified bodies: their country, and their name without the country's ("Senate" of
    // "United States Senate").
    let mut country_names: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let labels_of = |node: &str| -> Result<Vec<String>, KgError> {
        let subject = NamedOrBlankNode::from(oxigraph::model::NamedNode::new_unchecked(node));
        let mut out = BTreeSet::new();
        for p in [RDFS_LABEL, ng::ALIAS] {
            for quad in store.oxigraph().quads_for_pattern(
                Some(subject.as_ref()),
                Some(p),
                None,
                default_graph(store),
            ) {
                let quad = quad.map_err(|e| scan_error(store, e))?;
                if let Term::Literal(l) = &quad.object {
                    out.insert(l.value().to_string());
                }
            }
        }
        Ok(out.into_iter().collect())
    };
    let of: BTreeMap<String, String> = pairs(store, ng::IDENTITY_OF, None)?
        .into_iter()
        .filter_map(|(d, e)| Some((d, iri(&e)?.to_string())))
        .collect();
    let variants: BTreeMap<String, String> = pairs(store, ng::VARIANT, None)?
        .into_iter()
        .filter_map(|(d, v)| Some((d, text(&v)?.to_string())))
        .collect();
    for (decision, country) in pairs(store, ng::QUALIFIER, None)? {
        let (Some(node), Some(country)) = (of.get(&decision), iri(&country)) else {
            continue;
        };
        let Some(i) = reg.node_of(node) else { continue };
        reg.nodes[i].generic = true;
        reg.nodes[i].qualifier = Some(country.to_string());
        let Some(variant) = variants.get(&decision) else {
            continue;
        };
        if !country_names.contains_key(country) {
            country_names.insert(country.to_string(), labels_of(country)?);
        }
        for name in &country_names[country] {
            let rest = variant
                .strip_prefix(name.as_str())
                .map(|r| r.strip_prefix("'s").unwrap_or(r).trim_start());
            if let Some(rest) = rest {
                if name_key(rest, EntityType::Organization).is_some_and(|k| is_generic(&k.key)) {
                    reg.add_name(i, rest);
                }
            }
        }
    }
    // Generic bodies made before any decision was recorded: unqualified.
    for node in &mut reg.nodes {
        if node.etype == EntityType::Organization
            && node.wikidata.is_empty()
            && !node.keys.is_empty()
            && node.keys.keys().all(|k| is_generic(k))
        {
            node.generic = true;
        }
    }
    let mut by_article: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (node, article) in pairs(store, ng::MENTIONED_IN, None)? {
        if let (Some(i), Some(article)) = (reg.node_of(&node), iri(&article)) {
            by_article.entry(article.to_string()).or_default().push(i);
        }
    }
    for nodes in by_article.values_mut() {
        nodes.sort_unstable();
        nodes.dedup();
    }
    for (article, nodes) in &by_article {
        let id = reg.article_id(article);
        reg.add_article(id, nodes);
    }
    // Merges later articles found: the earlier node, the node it is, the article.
    for (decision, earlier) in pairs(store, ng::EARLIER_NODE, None)? {
        let (Some(node), Some(earlier)) = (of.get(&decision), iri(&earlier)) else {
            continue;
        };
        let subject = oxigraph::model::NamedNode::new_unchecked(decision.as_str());
        let article = store
            .oxigraph()
            .quads_for_pattern(
                Some(subject.as_ref().into()),
                Some(ng::IN_ARTICLE),
                None,
                default_graph(store),
            )
            .next()
            .transpose()
            .map_err(|e| scan_error(store, e))?
            .and_then(|q| match q.object {
                Term::NamedNode(a) => Some(a.into_string()),
                _ => None,
            });
        if let (Some(w), Some(p), Some(article)) =
            (reg.node_of(earlier), reg.node_of(node), article)
        {
            let id = reg.article_id(&article);
            reg.merge(w, p, id);
        }
    }
    Ok(reg)
}
