//! Identity across articles: the stage between extraction and the store that matches each
//! article's entities to the nodes the store already holds.
//!
//! Within an article, coreference has made one entity of every name of a thing; across
//! articles, an entity joins a node by name variants (case, accents, honorifics, middle
//! initials, aliases, acronyms, a lone surname when one person of the store bears it), type
//! compatibility (a type is evidence, not identity), the nodes named in the same articles (to
//! tell namesakes apart) and Wikidata IDs, with a score and a threshold ([`JOIN_AT`]).
//! Namesakes the evidence cannot tell apart stay apart. A body every country has one of
//! ("Interior Ministry", "the Senate") is qualified by the country the article ties it to and
//! never merged across countries. Curated rules (`same-as` CSV files) force or forbid a join.
//!
//! IRIs are stable: a node keeps the IRI it was made with ([`mint::entity_iri`] of the first
//! article's name and type; a generic body's carries its country); later articles' variants
//! join it. Every join that is not by the very same name and type, and every qualified body,
//! is recorded in the article's graph as an `ng:IdentityDecision` (variant, evidence, score),
//! which `newsgraph why` reads. The build runs the resolver in input order on one thread, so
//! the same inputs give the same nodes.

mod cards;
mod explain;
mod load;
mod names;
mod query;
mod registry;

pub use cards::{cards_of, ArticleCards, Card, PostCard};
pub use explain::{explain, find, Explanation, Joined};
pub use names::{is_generic, is_name_alias, name_key, NameKey};
pub use registry::JOIN_AT;

use super::mint::{self, post_iri};
use super::to_rdf::{decimal, type_class, QuadSink};
use super::vocab::{self as ng, OWL_SAME_AS, RDFS_LABEL, RDF_TYPE};
use super::{KgError, Store};
use crate::doc::EntityType;
use crate::nlp::hash::{FxHashMap, FxHashSet};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad, Term};
use registry::{Match, Node, Registry};

/// A curated identity rule: two names (with their types, or any type) that are, or are not,
/// one thing. Names are compared as the resolver compares them, by their keys for the type of
/// the entity at hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SameAsRule {
    /// One name as written, and its type.
    pub a: (String, Option<EntityType>),
    /// The other's.
    pub b: (String, Option<EntityType>),
    /// Whether they are one thing.
    pub same: bool,
}

impl SameAsRule {
    /// A rule between two names as a user writes them; `None` when a name has no letter or
    /// digit.
    pub fn new(
        a: (&str, Option<EntityType>),
        b: (&str, Option<EntityType>),
        same: bool,
    ) -> Option<SameAsRule> {
        let side = |name: &str, t: Option<EntityType>| {
            name_key(name, t.unwrap_or(EntityType::Organization))
                .map(|_| (name.trim().to_string(), t))
        };
        Some(SameAsRule {
            a: side(a.0, a.1)?,
            b: side(b.0, b.1)?,
            same,
        })
    }
}

/// The key of a rule's name for an entity of type `etype`.
fn rule_key(side: &(String, Option<EntityType>), etype: EntityType) -> Option<String> {
    name_key(&side.0, side.1.unwrap_or(etype)).map(|k| k.key)
}

/// Is a match's evidence the name itself (the same name, alias or acronym, or ID)?
fn by_name(reason: &str) -> bool {
    [
        "same name",
        "same alias",
        "same Wikidata ID",
        "its acronym",
        "named by its acronym",
    ]
    .iter()
    .any(|p| reason.starts_with(p))
}

fn names_it(side: &(String, Option<EntityType>), key: &str, etype: EntityType) -> bool {
    side.1.is_none_or(|t| t == etype) && rule_key(side, etype).as_deref() == Some(key)
}

/// Whether a curated rule forbids two nodes to be one: one side names one of them (by a key
/// of its type), the other side the other.
fn forbidden_pair(rules: &[SameAsRule], a: &Node, b: &Node) -> bool {
    rules.iter().filter(|r| !r.same).any(|r| {
        (names_node(&r.a, a) && names_node(&r.b, b)) || (names_node(&r.a, b) && names_node(&r.b, a))
    })
}

/// Whether a rule's side names a node: its type, and a name of the node by the key of that
/// type.
fn names_node(side: &(String, Option<EntityType>), n: &Node) -> bool {
    side.1.is_none_or(|t| t == n.etype)
        && rule_key(side, n.etype).is_some_and(|k| n.keys.contains_key(&k))
}

/// Where one entity of an article went, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The article's name for it.
    pub variant: String,
    /// The node it is.
    pub node: NamedNode,
    /// Whether it joined a node the store held (else a new node).
    pub joined: bool,
    /// The evidence.
    pub reason: String,
    /// The score of the evidence.
    pub score: f64,
    /// The country of a generic body.
    pub qualifier: Option<NamedNode>,
    /// The node's coarse type when it differs from the article's.
    pub retyped: Option<EntityType>,
}

/// An earlier node an article showed to be one of its nodes ("OBAMA" typed a place in an
/// article before any named Barack Obama): linked by `owl:sameAs` in this article's graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// The earlier node.
    pub earlier: NamedNode,
    /// Its name.
    pub name: String,
    /// The node it is.
    pub node: NamedNode,
    /// The evidence.
    pub reason: String,
    /// The score of the evidence.
    pub score: f64,
}

/// One article's identity decisions: its provisional IRIs to the store's nodes.
#[derive(Debug, Default)]
pub struct Resolution {
    map: FxHashMap<NamedNode, NamedNode>,
    /// Nodes whose type the article's quads must give as the node's.
    retyped: FxHashMap<NamedNode, EntityType>,
    /// Nodes whose label is not the article's name: the node keeps its label, the article's
    /// name becomes an alias.
    labels: FxHashMap<NamedNode, String>,
    /// One decision per entity of the article, in its order.
    pub decisions: Vec<Decision>,
    recorded: Vec<bool>,
    /// Earlier nodes the article showed to be its nodes.
    pub merges: Vec<Merge>,
}

impl Resolution {
    /// The article's quads with its entities' and posts' IRIs replaced by the nodes they
    /// resolved to, and its identity decisions added, each quad once.
    pub fn apply(&self, quads: Vec<Quad>, article: &NamedNode, graph: &NamedNode) -> Vec<Quad> {
        let swap = |n: &NamedNode| self.map.get(n);
        let mut out = Vec::with_capacity(quads.len() + 4 * self.decisions.len());
        for mut q in quads {
            if let NamedOrBlankNode::NamedNode(s) = &q.subject {
                if let Some(to) = swap(s) {
                    q.subject = to.clone().into();
                }
            }
            if let Term::NamedNode(o) = &q.object {
                if let Some(to) = swap(o) {
                    q.object = to.clone().into();
                }
            }
            if let NamedOrBlankNode::NamedNode(s) = &q.subject {
                // The node keeps its type: the article's is dropped with its fine class.
                if q.predicate.as_ref() == RDF_TYPE && self.retyped.contains_key(s) {
                    if let Term::NamedNode(class) = &q.object {
                        if class.as_str().starts_with(ng::NG) {
                            continue;
                        }
                    }
                }
                if q.predicate.as_ref() == RDFS_LABEL {
                    if let (Some(label), Term::Literal(name)) = (self.labels.get(s), &q.object) {
                        if name.value() != label {
                            q.predicate = ng::ALIAS.into_owned();
                        }
                    }
                }
            }
            out.push(q);
        }
        let mut sink = QuadSink::new(graph.clone());
        let mut retyped: Vec<_> = self.retyped.iter().collect();
        retyped.sort_by(|a, b| a.0.cmp(b.0));
        for (node, etype) in retyped {
            sink.add(node, RDF_TYPE, type_class(*etype));
        }
        let mut labels: Vec<_> = self.labels.iter().collect();
        labels.sort();
        for (node, label) in labels {
            sink.text(node, RDFS_LABEL, label);
        }
        for (i, d) in self.decisions.iter().enumerate() {
            if !self.recorded[i] {
                continue;
            }
            let id = NamedNode::new_unchecked(format!("{}/identity{i}", article.as_str()));
            sink.add(&id, RDF_TYPE, ng::IDENTITY_DECISION);
            sink.add(&id, ng::IDENTITY_OF, d.node.clone());
            sink.text(&id, ng::VARIANT, &d.variant);
            sink.text(&id, ng::JOINED_BY, &d.reason);
            sink.add(&id, ng::IDENTITY_SCORE, decimal(d.score));
            sink.add(&id, ng::IN_ARTICLE, article.clone());
            if let Some(q) = &d.qualifier {
                sink.add(&id, ng::QUALIFIER, q.clone());
            }
        }
        for (i, m) in self.merges.iter().enumerate() {
            sink.add(&m.earlier, OWL_SAME_AS, m.node.clone());
            let id = NamedNode::new_unchecked(format!("{}/merge{i}", article.as_str()));
            sink.add(&id, RDF_TYPE, ng::IDENTITY_DECISION);
            sink.add(&id, ng::IDENTITY_OF, m.node.clone());
            sink.add(&id, ng::EARLIER_NODE, m.earlier.clone());
            sink.text(&id, ng::VARIANT, &m.name);
            sink.text(&id, ng::JOINED_BY, &m.reason);
            sink.add(&id, ng::IDENTITY_SCORE, decimal(m.score));
            sink.add(&id, ng::IN_ARTICLE, article.clone());
        }
        out.extend(sink.quads);
        super::to_rdf::dedup_quads(out)
    }

    /// The node an IRI of the article's quads resolved to.
    pub fn node_of<'a>(&'a self, provisional: &'a NamedNode) -> &'a NamedNode {
        self.map.get(provisional).unwrap_or(provisional)
    }
}

/// The resolver: the store's nodes and the curated rules, grown by each article resolved.
#[derive(Debug, Default)]
pub struct Resolver {
    registry: Registry,
    rules: Vec<SameAsRule>,
}

impl Resolver {
    /// A resolver over an empty store.
    pub fn new(rules: Vec<SameAsRule>) -> Resolver {
        Resolver {
            registry: Registry::default(),
            rules,
        }
    }

    /// A resolver over what `store` holds: its entity nodes with their types, names, Wikidata
    /// IDs, qualifiers and the articles that name them.
    pub fn load(store: &Store, rules: Vec<SameAsRule>) -> Result<Resolver, KgError> {
        Ok(Resolver {
            registry: load::registry(store)?,
            rules,
        })
    }

    /// The node an IRI stands for now, with its type: itself, or the node a later article
    /// found it to be; `None` for an IRI of no node.
    pub fn node_now(&self, iri: &str) -> Option<(&str, EntityType)> {
        let node = &self.registry.nodes[self.registry.canonical(self.registry.node_of(iri)?)];
        Some((&node.iri, node.etype))
    }

    /// One article's quads with its entities resolved (see [`Resolution::apply`]).
    pub fn resolve_quads(&mut self, cards: &ArticleCards, quads: Vec<Quad>) -> Vec<Quad> {
        self.resolve(cards)
            .apply(quads, &cards.article, &cards.graph)
    }

    /// Resolves one article's entities, and adds them to what later articles are matched
    /// against.
    pub fn resolve(&mut self, cards: &ArticleCards) -> Resolution {
        let mut res = Resolution::default();
        // An article built again: what its previous version named is matched as if it had
        // never been built (a name it no longer gives leaves no node behind to join).
        let article = self.registry.article_id(cards.article.as_str());
        self.registry.forget_article(article);
        let mut chosen: Vec<Option<usize>> = vec![None; cards.cards.len()];
        // Entities that are surely someone first (Wikidata, full names, generic bodies), then
        // lone names, which the nodes decided so far help tell apart.
        let mut order: Vec<usize> = (0..cards.cards.len()).collect();
        order.sort_by_key(|&i| {
            let c = &cards.cards[i];
            let strength = if !c.wikidata.is_empty() {
                0
            } else if c.key.as_ref().is_some_and(|k| k.words() > 1) {
                1
            } else {
                2
            };
            (strength, i)
        });
        let mut context: FxHashSet<usize> = FxHashSet::default();
        let mut slots: Vec<Option<Decision>> = vec![None; cards.cards.len()];
        for &i in &order {
            // A generic body's country is the node that country resolved to.
            let mut card = cards.cards[i].clone();
            if let Some((q, name)) = &card.qualifier {
                let resolved = cards
                    .cards
                    .iter()
                    .position(|c| &c.provisional == q)
                    .and_then(|j| chosen[j])
                    .map(|n| NamedNode::new_unchecked(self.registry.nodes[n].iri.clone()));
                if let Some(node) = resolved {
                    card.qualifier = Some((node, name.clone()));
                }
            }
            let card = &card;
            let m = self
                .forced(card)
                .or_else(|| self.surname_here(card, cards, &chosen))
                .or_else(|| {
                    let taken: Vec<usize> = chosen
                        .iter()
                        .enumerate()
                        .filter(|(j, c)| {
                            c.is_some()
                                && cards.cards[*j].key.as_ref().map(|k| &k.key)
                                    != card.key.as_ref().map(|k| &k.key)
                        })
                        .filter_map(|(_, c)| *c)
                        .collect();
                    // A node another entity of the article took is joined by the same name
                    // (coreference missed "DNC" for "Democratic National Committee"), never
                    // by weaker evidence ("Clinton" beside "Bill" and "Hillary Clinton").
                    let curated = |n: usize| self.forbids(card, n);
                    match self.registry.best_match(card, &context, &curated) {
                        Some(m) if !taken.contains(&m.node) || by_name(&m.reason) => Some(m),
                        _ => {
                            let forbidden = |n: usize| taken.contains(&n) || curated(n);
                            self.registry.best_match(card, &context, &forbidden)
                        }
                    }
                });
            let (node, joined, reason, score) = match m {
                Some(m) => (m.node, true, m.reason, m.score),
                None => {
                    let iri = self.fresh_iri(card);
                    let n = self.registry.ensure(iri.as_str(), card.etype);
                    let node = &mut self.registry.nodes[n];
                    // A dead node's IRI made again is this entity's.
                    node.etype = card.etype;
                    node.dead = false;
                    node.label = Some(card.name.clone());
                    node.generic = card.generic;
                    node.qualifier = card.qualifier.as_ref().map(|(q, _)| q.as_str().to_string());
                    let why = match (&card.qualifier, card.generic) {
                        (Some((_, country)), true) => {
                            let of = if country.ends_with('s') { "'" } else { "'s" };
                            format!("a body every country has, here {country}{of}")
                        }
                        (None, true) => "a body every country has; no country named".into(),
                        _ if iri != card.provisional => {
                            "a namesake the evidence does not tell apart".into()
                        }
                        _ => "new".into(),
                    };
                    (n, false, why, 1.0)
                }
            };
            // A body of no named country joined by a country's becomes that country's.
            if let (Some((q, _)), None) = (&card.qualifier, &self.registry.nodes[node].qualifier) {
                if card.generic && self.registry.nodes[node].generic {
                    self.registry.nodes[node].qualifier = Some(q.as_str().to_string());
                }
            }
            context.insert(node);
            chosen[i] = Some(node);
            self.add_names(node, card);
            let node_iri = NamedNode::new_unchecked(self.registry.nodes[node].iri.clone());
            let node_type = self.registry.nodes[node].etype;
            let retyped = (node_type != card.etype).then_some(node_type);
            slots[i] = Some(Decision {
                variant: card.name.clone(),
                node: node_iri,
                joined,
                reason,
                score,
                qualifier: card.qualifier.as_ref().map(|(q, _)| q.clone()),
                retyped,
            });
        }
        for (i, d) in slots.into_iter().enumerate() {
            let d = d.expect("every card has a decision");
            let card = &cards.cards[i];
            let node = chosen[i].expect("every card has a node");
            if d.node != card.provisional {
                res.map.insert(card.provisional.clone(), d.node.clone());
            }
            if let Some(t) = d.retyped {
                res.retyped.insert(d.node.clone(), t);
            }
            if let Some(label) = &self.registry.nodes[node].label {
                if *label != card.name {
                    res.labels.insert(d.node.clone(), label.clone());
                }
            }
            // A join by the very name and type the node was made with needs no explaining.
            res.recorded
                .push(d.node != card.provisional || card.generic || d.retyped.is_some());
            res.decisions.push(d);
        }
        let mut named: Vec<usize> = chosen.iter().flatten().copied().collect();
        named.sort_unstable();
        named.dedup();
        self.registry.add_article(article, &named);
        let rules = &self.rules;
        let keep_apart = |a: &Node, b: &Node| forbidden_pair(rules, a, b);
        for (w, p, score, reason) in self.registry.later_merges(article, &named, &keep_apart) {
            let (w, p) = (&self.registry.nodes[w], &self.registry.nodes[p]);
            res.merges.push(Merge {
                earlier: NamedNode::new_unchecked(w.iri.clone()),
                name: w.label.clone().unwrap_or_default(),
                node: NamedNode::new_unchecked(p.iri.clone()),
                reason,
                score,
            });
        }
        for post in &cards.posts {
            let holder = res.node_of(&cards.cards[post.holder].provisional).clone();
            let organisation = res
                .node_of(&cards.cards[post.organisation].provisional)
                .clone();
            let iri = post_iri(&holder, post.role.as_deref(), &organisation);
            if iri != post.provisional {
                res.map.insert(post.provisional.clone(), iri);
            }
        }
        res
    }

    /// Adds a card's names and identifiers to its node.
    fn add_names(&mut self, n: usize, card: &Card) {
        // A lone surname joined to a person known by a full name stays evidence of the
        // surname index only: otherwise every later "Clinton" would be whoever one article's
        // was.
        let lone = card.key.as_ref().is_some_and(|k| k.words() == 1);
        let node = &self.registry.nodes[n];
        if !(lone && node.etype == EntityType::Person && node.has_full_name()) {
            self.registry.add_name(n, &card.name);
        }
        if let Some(generic) = card.generic_name.as_deref() {
            self.registry.add_name(n, generic);
        }
        let full = card.key.as_ref().is_some_and(|k| k.words() > 1);
        for k in card.alias_keys.iter().filter(|_| !card.identified_place()) {
            // A person's lone surname is found through the surname index, not as a name of
            // its own (or every namesake would share it).
            if card.etype == EntityType::Person && full && k.words() == 1 {
                continue;
            }
            // Alias keys are keys already: added as names they key to themselves.
            self.registry.add_name(n, &k.key);
        }
        for w in &card.wikidata {
            self.registry.add_wikidata(n, w);
        }
    }

    /// A lone name that is the surname of the one person of that surname the article names
    /// in full is that person, whatever other type the tagger gave it ("OBAMA" typed a place
    /// in a story on Barack Obama). A lone person the article's coreference kept apart from
    /// that full name stays apart ("Mr. Obama" in a story that names Michelle Obama too).
    fn surname_here(
        &self,
        card: &Card,
        cards: &ArticleCards,
        chosen: &[Option<usize>],
    ) -> Option<Match> {
        let key = card.key.as_ref()?;
        if key.words() != 1
            || !card.wikidata.is_empty()
            || card.generic
            || card.etype == EntityType::Person
        {
            return None;
        }
        let people: Vec<usize> = (0..cards.cards.len())
            .filter(|&j| {
                let c = &cards.cards[j];
                c.etype == EntityType::Person
                    && c.key
                        .as_ref()
                        .is_some_and(|k| k.words() > 1 && names::surname(&k.key) == key.key)
            })
            .collect();
        let [person] = people.as_slice() else {
            return None;
        };
        let node = chosen[*person]?;
        Some(Match {
            node,
            score: 0.7,
            reason: format!(
                "the surname of {}, named in this article",
                cards.cards[*person].name
            ),
        })
    }

    /// A new node's IRI: the card's own, a generic body's with its country, and a numbered
    /// one when that IRI is a node the card does not join.
    fn fresh_iri(&self, card: &Card) -> NamedNode {
        let base = match &card.qualifier {
            Some((_, country)) if card.generic => {
                let name = card.generic_name.as_deref().unwrap_or(&card.name);
                mint::entity_iri(card.etype, &format!("{name} {country}"))
            }
            _ => card.provisional.clone(),
        };
        let free = |iri: &NamedNode| {
            self.registry
                .node_of(iri.as_str())
                .is_none_or(|n| self.registry.nodes[n].dead)
        };
        if free(&base) {
            return base;
        }
        (2..)
            .map(|n| NamedNode::new_unchecked(format!("{}-{n}", base.as_str())))
            .find(free)
            .expect("an unused number")
    }

    fn forced(&self, card: &Card) -> Option<Match> {
        let key = card.key.as_ref()?;
        for rule in self.rules.iter().filter(|r| r.same) {
            for (mine, other) in [(&rule.a, &rule.b), (&rule.b, &rule.a)] {
                if names_it(mine, &key.key, card.etype) {
                    let Some(other_key) = rule_key(other, card.etype) else {
                        continue;
                    };
                    let mut nodes: Vec<usize> = self
                        .registry
                        .named(&other_key, other.1)
                        .into_iter()
                        .map(|n| self.registry.canonical(n))
                        .collect();
                    nodes.sort_unstable();
                    nodes.dedup();
                    if let [node] = nodes.as_slice() {
                        return Some(Match {
                            node: *node,
                            score: 1.0,
                            reason: "curated: the same".into(),
                        });
                    }
                }
            }
        }
        None
    }

    fn forbids(&self, card: &Card, node: usize) -> bool {
        let Some(key) = card.key.as_ref() else {
            return false;
        };
        let n = &self.registry.nodes[node];
        self.rules.iter().filter(|r| !r.same).any(|rule| {
            [(&rule.a, &rule.b), (&rule.b, &rule.a)]
                .iter()
                .any(|(mine, other)| names_it(mine, &key.key, card.etype) && names_node(other, n))
        })
    }
}

#[cfg(test)]
mod tests;
