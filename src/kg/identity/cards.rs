//! What the resolver needs of an article: each entity's names as identity keys, its Wikidata
//! IDs, and, for a body every country has one of, the country the article ties it to (by a
//! relation, in its name, by the dateline, or as the one country the article names); and the
//! article's posts, whose IRIs follow their holders' and organisations'.

use super::names::{self, is_generic, is_name_alias, name_key, NameKey};
use crate::doc::{Doc, EntityType, Predicate};
use crate::kg::mint::{self, post_iri};
use crate::nlp::hash::FxHashMap;
use oxigraph::model::NamedNode;

/// One article entity as identity evidence.
#[derive(Debug, Clone)]
pub struct Card {
    /// The IRI the article's quads give it ([`mint::entity_iri`]).
    pub provisional: NamedNode,
    /// Coarse type.
    pub etype: EntityType,
    /// Canonical name in the article.
    pub name: String,
    /// The key of the name.
    pub key: Option<NameKey>,
    /// Keys of the other names the article gives it.
    pub alias_keys: Vec<NameKey>,
    /// The acronym of an organisation's name.
    pub acronym: Option<String>,
    /// Wikidata IDs.
    pub wikidata: Vec<String>,
    /// A body every country has one of.
    pub generic: bool,
    /// For a generic body: the country (its IRI and name) the article ties it to.
    pub qualifier: Option<(NamedNode, String)>,
    /// For a generic body: its name without the country's ("Senate" of "U.S. Senate").
    pub generic_name: Option<String>,
}

impl Card {
    /// A place or country the gazetteers identify: its identifier is its identity, and the
    /// other names the article wrote it by ("NEW YORK" for New York City, a dateline) are no
    /// names of its own, short forms being another place's name (the state of New York).
    pub fn identified_place(&self) -> bool {
        matches!(self.etype, EntityType::Place | EntityType::Country) && !self.wikidata.is_empty()
    }
}

/// A post of the article: its IRI depends on its holder's and organisation's.
#[derive(Debug, Clone)]
pub struct PostCard {
    pub(super) provisional: NamedNode,
    pub(super) holder: usize,
    pub(super) role: Option<String>,
    pub(super) organisation: usize,
}

/// What the resolver needs of an article.
#[derive(Debug, Clone)]
pub struct ArticleCards {
    /// The article's node.
    pub article: NamedNode,
    /// The article's graph.
    pub graph: NamedNode,
    /// Its entities, in the order of `Doc::entities`.
    pub cards: Vec<Card>,
    /// Its posts.
    pub posts: Vec<PostCard>,
}

/// The identity evidence of a processed document.
pub fn cards_of(doc: &Doc) -> ArticleCards {
    let provisional: Vec<NamedNode> = doc
        .entities
        .iter()
        .map(|e| mint::entity_iri(e.etype, &e.name))
        .collect();
    // The country each entity is tied to by a relation, else the article's country when it
    // names only one.
    let mut tied: FxHashMap<usize, usize> = FxHashMap::default();
    for r in &doc.relations {
        let Some(o) = r.object else { continue };
        let is_tie = matches!(r.predicate, Predicate::BasedIn | Predicate::AffiliatedWith);
        if is_tie && doc.entities[o].etype == EntityType::Country {
            tied.entry(r.subject).or_insert(o);
        }
    }
    let countries: Vec<usize> = (0..doc.entities.len())
        .filter(|&i| doc.entities[i].etype == EntityType::Country)
        .collect();
    let main_country = doc.dateline_country.or(match countries.as_slice() {
        [only] => Some(*only),
        _ => None,
    });
    let cards = doc
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut key = name_key(&e.name, e.etype);
            let mut generic = e.etype == EntityType::Organization
                && e.same_as.is_empty()
                && key.as_ref().is_some_and(|k| is_generic(&k.key));
            let mut in_name = None;
            let mut generic_name = generic.then(|| e.name.clone());
            if e.etype == EntityType::Organization && e.same_as.is_empty() && !generic {
                // A generic body with its country in its name ("United States Senate", "U.S.
                // Senate"): the body of that name, qualified by that country.
                if let Some((c, rest, text)) = country_in_name(doc, &countries, &e.name) {
                    key = Some(rest);
                    generic_name = Some(text);
                    generic = true;
                    in_name = Some(c);
                }
            }
            // The country the article ties the body to, else the one the gazetteers place a
            // body they know in ("Congress" in a story that names only Britain is the United
            // States'), else the article's own.
            let of_doc = |c: usize| (provisional[c].clone(), doc.entities[c].name.clone());
            let known = || {
                e.known_country.as_ref().map(|name| {
                    match countries.iter().find(|&&c| doc.entities[c].name == *name) {
                        Some(&c) => of_doc(c),
                        None => (mint::entity_iri(EntityType::Country, name), name.clone()),
                    }
                })
            };
            let qualifier = generic
                .then(|| {
                    in_name
                        .or(tied.get(&i).copied())
                        .map(of_doc)
                        .or_else(known)
                        .or_else(|| main_country.map(of_doc))
                })
                .flatten();
            let mut alias_keys: Vec<NameKey> = Vec::new();
            for alias in e.aliases.iter().filter(|a| is_name_alias(a)) {
                if let Some(k) = name_key(alias, e.etype) {
                    if Some(&k) != key.as_ref() && !alias_keys.contains(&k) {
                        alias_keys.push(k);
                    }
                }
            }
            Card {
                provisional: provisional[i].clone(),
                etype: e.etype,
                name: e.name.clone(),
                acronym: (e.etype == EntityType::Organization)
                    .then(|| names::acronym(&e.name))
                    .flatten(),
                key,
                alias_keys,
                wikidata: e
                    .same_as
                    .iter()
                    .filter(|s| s.contains("wikidata.org"))
                    .cloned()
                    .collect(),
                generic,
                qualifier,
                generic_name,
            }
        })
        .collect();
    let posts = doc
        .relations
        .iter()
        .filter(|r| r.predicate == Predicate::AffiliatedWith)
        .filter_map(|r| {
            let o = r.object?;
            Some(PostCard {
                provisional: post_iri(&provisional[r.subject], r.role.as_deref(), &provisional[o]),
                holder: r.subject,
                role: r.role.clone(),
                organisation: o,
            })
        })
        .collect();
    ArticleCards {
        article: mint::article_iri(&doc.id),
        graph: mint::article_graph(&doc.id),
        cards,
        posts,
    }
}

/// The country of the article whose name or alias begins `name`, and the key of the rest of
/// the name when that is a generic body's ("United States Senate" → the United States,
/// "senate").
fn country_in_name(doc: &Doc, countries: &[usize], name: &str) -> Option<(usize, NameKey, String)> {
    for &c in countries {
        let country = &doc.entities[c];
        for form in std::iter::once(&country.name).chain(&country.aliases) {
            let rest = name
                .strip_prefix(form.as_str())
                .map(|r| r.strip_prefix("'s").unwrap_or(r))
                .and_then(|r| r.strip_prefix(' '));
            let Some(rest) = rest else { continue };
            if let Some(k) = name_key(rest, EntityType::Organization) {
                if is_generic(&k.key) {
                    return Some((c, k, rest.to_string()));
                }
            }
        }
    }
    None
}
