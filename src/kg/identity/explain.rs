//! Why a node is what it is: its names with the articles that give each, the identity
//! decisions that joined articles' entities to it, and the nodes of the same name it was kept
//! apart from. What `newsgraph why` prints.

use super::names::name_key;
use super::query::select;
use crate::doc::EntityType;
use crate::kg::vocab::{self as ng, ID};
use crate::kg::{KgError, Store};
use oxigraph::model::Term;
use std::collections::BTreeMap;

/// One identity decision recorded in an article.
#[derive(Debug, Clone, PartialEq)]
pub struct Joined {
    /// The article's node.
    pub article: String,
    /// The article's name for the entity.
    pub variant: String,
    /// The evidence.
    pub reason: String,
    /// Its score.
    pub score: String,
    /// The country qualifying a generic body.
    pub qualifier: Option<String>,
    /// The earlier node the decision found to be this one.
    pub earlier: Option<String>,
}

/// What the store says about one node's identity.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The node.
    pub iri: String,
    /// Its classes (local names).
    pub types: Vec<String>,
    /// Its labels (one, unless articles built before disagree).
    pub labels: Vec<String>,
    /// Wikidata and other same-as links.
    pub same_as: Vec<String>,
    /// Each name the articles give it, with the articles that give it.
    pub variants: BTreeMap<String, Vec<String>>,
    /// The decisions that joined or qualified it.
    pub decisions: Vec<Joined>,
    /// Nodes of the same name that are other things: (IRI, label).
    pub namesakes: Vec<(String, String)>,
}

/// A SPARQL string literal of `text`, escaped as Oxigraph writes literals.
fn literal(text: &str) -> String {
    oxigraph::model::Literal::new_simple_literal(text).to_string()
}

fn value(term: &Option<Term>) -> Option<String> {
    match term {
        Some(Term::NamedNode(n)) => Some(n.as_str().to_string()),
        Some(Term::Literal(l)) => Some(l.value().to_string()),
        _ => None,
    }
}

const TYPES: &str = "VALUES ?t { ng:Person ng:Organization ng:Country ng:Place ng:Agreement }";

/// The nodes a name or IRI designates: an IRI (full, or `ngid:` prefixed), else the entities
/// with that label or alias in any case, else those whose name has the same identity key.
pub fn find(store: &Store, name: &str) -> Result<Vec<String>, KgError> {
    let iri = name
        .strip_prefix("ngid:")
        .map(|local| format!("{ID}{local}"))
        .or_else(|| name.starts_with("https://").then(|| name.to_string()));
    if let Some(iri) = iri {
        let found = select(
            store,
            &format!("SELECT ?e WHERE {{ {TYPES} BIND(<{iri}> AS ?e) ?e a ?t }} LIMIT 1"),
        )?;
        return Ok(found.iter().filter_map(|r| value(&r[0])).collect());
    }
    let exact = select(
        store,
        &format!(
            "SELECT DISTINCT ?e WHERE {{ {TYPES} ?e a ?t ; rdfs:label|ng:alias ?n FILTER(LCASE(STR(?n)) = LCASE({})) }} ORDER BY ?e",
            literal(name)
        ),
    )?;
    let mut out: Vec<String> = exact.iter().filter_map(|r| value(&r[0])).collect();
    if out.is_empty() {
        let Some(key) = name_key(name, EntityType::Organization).map(|k| k.key) else {
            return Ok(out);
        };
        let person_key = name_key(name, EntityType::Person).map(|k| k.key);
        for row in select(
            store,
            &format!("SELECT DISTINCT ?e ?t ?n WHERE {{ {TYPES} ?e a ?t ; rdfs:label|ng:alias ?n }} ORDER BY ?e"),
        )? {
            let (Some(e), Some(t), Some(n)) = (value(&row[0]), value(&row[1]), value(&row[2])) else {
                continue;
            };
            let etype = EntityType::from_name(t.trim_start_matches(ng::NG))
                .unwrap_or(EntityType::Organization);
            let wanted = if etype == EntityType::Person {
                person_key.as_deref()
            } else {
                Some(key.as_str())
            };
            if name_key(&n, etype).map(|k| k.key).as_deref() == wanted && !out.contains(&e) {
                out.push(e);
            }
        }
    }
    Ok(out)
}

/// The identity of one node, as the store records it.
pub fn explain(store: &Store, iri: &str) -> Result<Explanation, KgError> {
    let node = format!("<{iri}>");
    let mut types = Vec::new();
    let mut labels = Vec::new();
    let mut same_as = Vec::new();
    // Same-as links both ways: Wikidata, and nodes merged with this one by a later article.
    for row in select(store, &format!("SELECT ?p ?o WHERE {{ {{ {node} ?p ?o VALUES ?p {{ rdf:type rdfs:label owl:sameAs }} }} UNION {{ ?o owl:sameAs {node} BIND(owl:sameAs AS ?p) }} }} ORDER BY ?p ?o"))? {
        let (Some(p), Some(o)) = (value(&row[0]), value(&row[1])) else {
            continue;
        };
        if p.ends_with("#type") {
            types.push(o.trim_start_matches(ng::NG).to_string());
        } else if p.ends_with("#label") {
            labels.push(o);
        } else {
            same_as.push(o);
        }
    }
    let mut variants: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut decisions = Vec::new();
    for row in select(
        store,
        &format!(
            "SELECT ?a ?v ?why ?s ?q ?e WHERE {{ ?d a ng:IdentityDecision ; ng:identityOf {node} ; ng:inArticle ?a ; ng:variant ?v ; ng:joinedBy ?why ; ng:identityScore ?s . OPTIONAL {{ ?d ng:qualifier ?q }} OPTIONAL {{ ?d ng:earlierNode ?e }} }} ORDER BY ?a ?v"
        ),
    )? {
        if let (Some(article), Some(variant), Some(reason), Some(score)) =
            (value(&row[0]), value(&row[1]), value(&row[2]), value(&row[3]))
        {
            decisions.push(Joined {
                article,
                variant,
                reason,
                score,
                qualifier: value(&row[4]),
                earlier: value(&row[5]),
            });
        }
    }
    // An article that joined the node under another name states the node's label without
    // using it: its name for the node is its decision's variant.
    let renamed = |name: &str, article: &str| {
        labels.iter().any(|l| l == name)
            && decisions
                .iter()
                .any(|d| d.article == article && d.variant != name && d.earlier.is_none())
    };
    for row in select(
        store,
        &format!("SELECT ?n ?a WHERE {{ GRAPH ?g {{ {node} rdfs:label|ng:alias ?n . OPTIONAL {{ {node} ng:mentionedIn ?a }} }} }} ORDER BY ?n ?a"),
    )? {
        let Some(n) = value(&row[0]) else { continue };
        let article = value(&row[1]);
        if article.as_deref().is_some_and(|a| renamed(&n, a)) {
            continue;
        }
        let list = variants.entry(n).or_default();
        if let Some(a) = article {
            if !list.contains(&a) {
                list.push(a);
            }
        }
    }
    let mut namesakes = Vec::new();
    for label in &labels {
        for other in find(store, label)? {
            if other != iri
                && !same_as.contains(&other)
                && !namesakes.iter().any(|(o, _)| *o == other)
            {
                let other_label = select(
                    store,
                    &format!("SELECT ?l WHERE {{ <{other}> rdfs:label ?l }} ORDER BY ?l LIMIT 1"),
                )?
                .first()
                .and_then(|r| value(&r[0]))
                .unwrap_or_default();
                namesakes.push((other, other_label));
            }
        }
    }
    Ok(Explanation {
        iri: iri.to_string(),
        types,
        labels,
        same_as,
        variants,
        decisions,
        namesakes,
    })
}

impl Explanation {
    /// The explanation as text, IRIs shortened to `ngid:`.
    pub fn text(&self) -> String {
        let short = |iri: &str| iri.replace(ID, "ngid:");
        let mut out = format!("{}\n", short(&self.iri));
        out.push_str(&format!("  label     {}\n", self.labels.join(" | ")));
        out.push_str(&format!("  types     {}\n", self.types.join(", ")));
        for s in &self.same_as {
            out.push_str(&format!("  same as   {s}\n"));
        }
        out.push_str("  names\n");
        for (name, articles) in &self.variants {
            let list: Vec<String> = articles.iter().map(|a| short(a)).collect();
            out.push_str(&format!(
                "    {name:<32} {} article(s): {}\n",
                list.len(),
                list.join(", ")
            ));
        }
        if !self.decisions.is_empty() {
            out.push_str("  identity decisions\n");
        }
        for d in &self.decisions {
            out.push_str(&format!(
                "    {:?} in {}: {} (score {}){}\n",
                d.variant,
                short(&d.article),
                d.reason,
                d.score,
                d.qualifier
                    .as_deref()
                    .map(|q| format!(", qualified by {}", short(q)))
                    .or_else(|| d
                        .earlier
                        .as_deref()
                        .map(|e| format!(", so {} is this node", short(e))))
                    .unwrap_or_default()
            ));
        }
        for (other, label) in &self.namesakes {
            out.push_str(&format!("  kept apart from {} ({label})\n", short(other)));
        }
        out
    }
}
