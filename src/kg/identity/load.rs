//! The registry of what the store already holds, read from it when a build first has an
//! article to resolve: entity nodes with their types, labels, aliases (names, not
//! descriptions), Wikidata IDs, the country a generic body is qualified by (from the identity
//! decisions), and the nodes named together in each article.

use super::names::{is_generic, is_name_alias, name_key};
use super::query::select;
use super::registry::Registry;
use crate::doc::EntityType;
use crate::kg::vocab as ng;
use crate::kg::{KgError, Store};
use crate::nlp::hash::FxHashMap;
use oxigraph::model::Term;

/// The registry of `store`.
pub(super) fn registry(store: &Store) -> Result<Registry, KgError> {
    let mut reg = Registry::default();
    let types = "VALUES ?t { ng:Person ng:Organization ng:Country ng:Place ng:Agreement }";
    for row in select(
        store,
        &format!("SELECT ?e ?t WHERE {{ {types} ?e a ?t }} ORDER BY ?e ?t"),
    )? {
        if let (Some(Term::NamedNode(e)), Some(Term::NamedNode(t))) = (&row[0], &row[1]) {
            let etype = EntityType::from_name(t.as_str().trim_start_matches(ng::NG))
                .unwrap_or(EntityType::Organization);
            reg.ensure(e.as_str(), etype);
        }
    }
    for (property, is_label) in [("rdfs:label", true), ("ng:alias", false)] {
        for row in select(
            store,
            &format!("SELECT ?e ?n WHERE {{ {types} ?e a ?t ; {property} ?n }} ORDER BY ?e ?n"),
        )? {
            let (Some(Term::NamedNode(e)), Some(Term::Literal(n))) = (&row[0], &row[1]) else {
                continue;
            };
            let Some(i) = reg.node_of(e.as_str()) else {
                continue;
            };
            if is_label && reg.nodes[i].label.is_none() {
                reg.nodes[i].label = Some(n.value().to_string());
            }
            if !is_label && !is_name_alias(n.value()) {
                continue;
            }
            let node = &reg.nodes[i];
            // A person's lone surname is found through the surname index.
            let full = node.label.as_ref().is_some_and(|l| l.contains(' '));
            if !is_label && node.etype == EntityType::Person && full && !n.value().contains(' ') {
                continue;
            }
            reg.add_name(i, n.value());
        }
    }
    for row in select(
        store,
        &format!("SELECT ?e ?w WHERE {{ {types} ?e a ?t ; owl:sameAs ?w }} ORDER BY ?e ?w"),
    )? {
        if let (Some(Term::NamedNode(e)), Some(Term::NamedNode(w))) = (&row[0], &row[1]) {
            if let Some(i) = reg.node_of(e.as_str()) {
                reg.add_wikidata(i, w.as_str());
            }
        }
    }
    // Qualified bodies: their country, and their name without the country's ("Senate" of
    // "United States Senate").
    for row in select(
        store,
        "SELECT ?e ?v ?q ?c WHERE { ?d a ng:IdentityDecision ; ng:identityOf ?e ; ng:variant ?v ; ng:qualifier ?q . OPTIONAL { ?q rdfs:label|ng:alias ?c } } ORDER BY ?e ?v ?c",
    )? {
        let (Some(Term::NamedNode(e)), Some(Term::Literal(v)), Some(Term::NamedNode(q))) =
            (&row[0], &row[1], &row[2])
        else {
            continue;
        };
        let Some(i) = reg.node_of(e.as_str()) else {
            continue;
        };
        let node = &mut reg.nodes[i];
        node.generic = true;
        node.qualifier = Some(q.as_str().to_string());
        if let Some(Term::Literal(country)) = &row[3] {
            if let Some(rest) = v
                .value()
                .strip_prefix(country.value())
                .map(|r| r.strip_prefix("'s").unwrap_or(r).trim_start())
            {
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
            && node.keys.keys().all(|k| is_generic(k))
            && !node.keys.is_empty()
        {
            node.generic = true;
        }
    }
    let mut by_article: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for row in select(
        store,
        &format!("SELECT ?e ?a WHERE {{ {types} ?e a ?t ; ng:mentionedIn ?a }} ORDER BY ?a ?e"),
    )? {
        if let (Some(Term::NamedNode(e)), Some(Term::NamedNode(a))) = (&row[0], &row[1]) {
            if let Some(i) = reg.node_of(e.as_str()) {
                by_article
                    .entry(a.as_str().to_string())
                    .or_default()
                    .push(i);
            }
        }
    }
    let mut articles: Vec<_> = by_article.into_iter().collect();
    articles.sort();
    for (_, nodes) in articles {
        reg.add_article(&nodes);
    }
    Ok(reg)
}
