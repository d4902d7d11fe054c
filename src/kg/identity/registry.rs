//! The nodes the store already holds, indexed by what identifies them: name keys, surnames,
//! acronyms, Wikidata IDs, the country a generic body is qualified by, and the nodes named in
//! the same articles. Matching one article's entity against them gives a node and a score, or
//! nothing.

use super::cards::Card;
use super::names::{self, NameKey};
use crate::doc::EntityType;
use crate::nlp::hash::{FxHashMap, FxHashSet};

/// The score from which an article's entity joins a node.
pub const JOIN_AT: f64 = 0.5;

/// A lone surname two people bear is the one named in at least this many articles…
const DOMINANT_ARTICLES: u32 = 5;

/// …and in this many times as many as any namesake.
const DOMINANCE: u32 = 5;

/// How a person's name joins the same name with a suffix ("Joseph R. Biden" and "Joseph R.
/// Biden Jr."): only with the same middle initials on both.
const SUFFIX_ASIDE: &str = "the same name and middle initials, the suffix aside";

/// How an institution's short name joins its full name ("Hofstra", "Hofstra University").
const SHORT_NAME: &str = "its short name";

/// One node of the store.
#[derive(Debug, Clone)]
pub(super) struct Node {
    pub iri: String,
    pub etype: EntityType,
    /// Its `rdfs:label`: the name it was made with.
    pub label: Option<String>,
    /// Name keys with the middle initials seen with each.
    pub keys: FxHashMap<String, FxHashSet<String>>,
    pub wikidata: FxHashSet<String>,
    /// The country (its node IRI) a generic body is qualified by.
    pub qualifier: Option<String>,
    pub generic: bool,
    /// Articles naming it.
    pub articles: u32,
    /// Nodes named in the same articles (up to [`MAX_NEIGHBOURS`]).
    pub neighbours: FxHashSet<u32>,
    /// The articles naming it ([`Registry::article_id`]).
    pub in_articles: Vec<u32>,
    /// Named only by articles being built again, which do not name it any more: matched by
    /// nothing, its IRI free for the entity that is made again.
    pub dead: bool,
    /// The node a later article found this one to be (`owl:sameAs`), and that article: what
    /// joins this node joins that one.
    pub merged: Option<(usize, u32)>,
}

const MAX_NEIGHBOURS: usize = 200;

impl Node {
    /// Whether it is known by a name of more than one word.
    pub fn has_full_name(&self) -> bool {
        self.keys.keys().any(|k| k.contains(' '))
    }
}

/// Why a card joins a node, or why it stands apart.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Match {
    pub node: usize,
    pub score: f64,
    pub reason: String,
}

/// What the store holds, as identity evidence.
#[derive(Debug, Default)]
pub(super) struct Registry {
    pub nodes: Vec<Node>,
    by_iri: FxHashMap<String, usize>,
    by_key: FxHashMap<String, Vec<usize>>,
    by_surname: FxHashMap<String, Vec<usize>>,
    by_acronym: FxHashMap<String, Vec<usize>>,
    by_wikidata: FxHashMap<String, usize>,
    articles: FxHashMap<String, u32>,
    article_nodes: FxHashMap<u32, Vec<usize>>,
    /// The earlier nodes each article merged.
    article_merges: FxHashMap<u32, Vec<usize>>,
}

impl Registry {
    pub fn node_of(&self, iri: &str) -> Option<usize> {
        self.by_iri.get(iri).copied()
    }

    /// The node of `iri`, made when new.
    pub fn ensure(&mut self, iri: &str, etype: EntityType) -> usize {
        if let Some(&i) = self.by_iri.get(iri) {
            return i;
        }
        let i = self.nodes.len();
        self.nodes.push(Node {
            iri: iri.to_string(),
            etype,
            label: None,
            keys: FxHashMap::default(),
            wikidata: FxHashSet::default(),
            qualifier: None,
            generic: false,
            articles: 0,
            neighbours: FxHashSet::default(),
            in_articles: Vec::new(),
            dead: false,
            merged: None,
        });
        self.by_iri.insert(iri.to_string(), i);
        i
    }

    /// Adds a name of node `i`.
    pub fn add_name(&mut self, i: usize, name: &str) {
        let etype = self.nodes[i].etype;
        let Some(NameKey { key, initials }) = names::name_key(name, etype) else {
            return;
        };
        if etype == EntityType::Organization {
            if let Some(acronym) = names::acronym(name) {
                push_unique(self.by_acronym.entry(acronym).or_default(), i);
            }
        }
        if etype == EntityType::Person && key.contains(' ') {
            let surname = names::surname(&key).to_string();
            push_unique(self.by_surname.entry(surname).or_default(), i);
        }
        let node = &mut self.nodes[i];
        let seen = node.keys.entry(key.clone()).or_default();
        if !initials.is_empty() {
            seen.insert(initials);
        }
        push_unique(self.by_key.entry(key).or_default(), i);
    }

    /// The nodes (of type `etype`, or any) with a name of key `key`.
    pub fn named(&self, key: &str, etype: Option<EntityType>) -> Vec<usize> {
        self.by_key
            .get(key)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&n| !self.nodes[n].dead && etype.is_none_or(|t| self.nodes[n].etype == t))
            .collect()
    }

    pub fn add_wikidata(&mut self, i: usize, id: &str) {
        self.nodes[i].wikidata.insert(id.to_string());
        self.by_wikidata.entry(id.to_string()).or_insert(i);
    }

    /// The number of an article IRI.
    pub fn article_id(&mut self, article: &str) -> u32 {
        let next = self.articles.len() as u32;
        *self.articles.entry(article.to_string()).or_insert(next)
    }

    /// Records that `article` found node `earlier` to be node `node`.
    pub fn merge(&mut self, earlier: usize, node: usize, article: u32) {
        self.nodes[earlier].merged = Some((node, article));
        push_unique(self.article_merges.entry(article).or_default(), earlier);
    }

    /// The node `n` is, after the merges later articles found.
    pub fn canonical(&self, mut n: usize) -> usize {
        // A merge points at a node that was never merged itself when it was made; the bound
        // guards the loop all the same.
        for _ in 0..self.nodes.len() {
            match self.nodes[n].merged {
                Some((to, _)) if to != n => n = to,
                _ => break,
            }
        }
        n
    }

    /// Forgets what an article's previous version named: its nodes no other article names
    /// are dead until an entity is resolved to them again, and the merges it found are
    /// undone until it finds them again.
    pub fn forget_article(&mut self, article: u32) {
        for n in self.article_merges.remove(&article).unwrap_or_default() {
            self.nodes[n].merged = None;
        }
        for n in self.article_nodes.remove(&article).unwrap_or_default() {
            let node = &mut self.nodes[n];
            node.in_articles.retain(|&a| a != article);
            node.articles = node.articles.saturating_sub(1);
            if node.in_articles.is_empty() {
                node.dead = true;
            }
        }
    }

    /// Records that the nodes were named together in one article.
    pub fn add_article(&mut self, article: u32, nodes: &[usize]) {
        self.article_nodes.insert(article, nodes.to_vec());
        for &a in nodes {
            let node = &mut self.nodes[a];
            node.articles += 1;
            node.dead = false;
            if !node.in_articles.contains(&article) {
                node.in_articles.push(article);
            }
            for &b in nodes {
                let n = &mut self.nodes[a];
                if a != b && n.neighbours.len() < MAX_NEIGHBOURS {
                    n.neighbours.insert(b as u32);
                }
            }
        }
    }

    /// The node a card joins, with the evidence; `None` for a new node. `context` holds the
    /// nodes the card's article names that are already decided (for telling apart namesakes);
    /// `forbidden` nodes are never joined (curation, or taken by another entity of the
    /// article).
    pub fn best_match(
        &self,
        card: &Card,
        context: &FxHashSet<usize>,
        forbidden: &dyn Fn(usize) -> bool,
    ) -> Option<Match> {
        // A Wikidata ID is identity.
        for id in &card.wikidata {
            if let Some(&node) = self.by_wikidata.get(id) {
                let node = self.canonical(node);
                if !forbidden(node) && !self.nodes[node].dead {
                    return Some(Match {
                        node,
                        score: 1.0,
                        reason: format!("same Wikidata ID {id}"),
                    });
                }
            }
        }
        let key = card.key.as_ref()?;
        if card.generic {
            return self.generic_match(card, &key.key, context, forbidden);
        }
        let mut candidates: Vec<(usize, &'static str)> = Vec::new();
        let mut add = |list: Option<&Vec<usize>>, how: &'static str| {
            for &n in list.into_iter().flatten() {
                if !candidates.iter().any(|(c, _)| *c == n) && !forbidden(n) && !self.nodes[n].dead
                {
                    candidates.push((n, how));
                }
            }
        };
        add(self.by_key.get(&key.key), "same name");
        let person = card.etype == EntityType::Person;
        for alias in card.alias_keys.iter().filter(|_| !card.identified_place()) {
            // A person's lone surname among the aliases of a full name is no evidence of
            // which person of that surname a node is.
            if person && !alias.key.contains(' ') && key.key.contains(' ') {
                continue;
            }
            add(self.by_key.get(&alias.key), "same alias");
        }
        if let Some(acronym) = card.acronym.as_ref() {
            add(self.by_key.get(acronym), "named by its acronym there");
        }
        if card.etype == EntityType::Organization && !key.key.contains(' ') {
            add(self.by_acronym.get(&key.key), "its acronym");
        }
        let lone_name = !key.key.contains(' ') && card.wikidata.is_empty();
        if person && lone_name {
            add(self.by_surname.get(&key.key), "surname of a full name");
        }
        if person && key.key.contains(' ') && !key.initials.is_empty() {
            match names::without_suffix(&key.key) {
                Some(base) => add(self.by_key.get(base), SUFFIX_ASIDE),
                None => {
                    for suffix in names::suffixes() {
                        add(
                            self.by_key.get(&format!("{} {suffix}", key.key)),
                            SUFFIX_ASIDE,
                        );
                    }
                }
            }
        }
        // An institution by its short name, unless that is a person's surname ("Trump" is no
        // short name of "Trump University").
        if card.etype == EntityType::Organization {
            match names::institution_short_name(&key.key) {
                Some(short) if !self.by_surname.contains_key(short) => {
                    add(self.by_key.get(short), SHORT_NAME)
                }
                Some(_) => {}
                None if !key.key.contains(' ') && !self.by_surname.contains_key(&key.key) => {
                    for head in names::INSTITUTION_HEADS.iter() {
                        add(self.by_key.get(&format!("{} {head}", key.key)), SHORT_NAME);
                    }
                }
                None => {}
            }
        }
        let mut scored: Vec<Match> = candidates
            .into_iter()
            .filter_map(|(n, how)| self.score(card, key, n, how, context))
            .collect();
        // A full name joins a node known only by that surname when no other person of that
        // surname is known by a full name.
        if person && key.key.contains(' ') && scored.is_empty() {
            let surname = names::surname(&key.key);
            let full_namesakes = self.by_surname.get(surname).map_or(0, Vec::len);
            if full_namesakes == 0 {
                for &n in self.by_key.get(surname).into_iter().flatten() {
                    let node = &self.nodes[n];
                    if node.etype == EntityType::Person
                        && !node.has_full_name()
                        && !node.dead
                        && !forbidden(n)
                    {
                        scored.push(Match {
                            node: n,
                            score: 0.6,
                            reason: format!("full name of the only person known as {surname:?}"),
                        });
                    }
                }
            }
        }
        // A lone name typed a place or an organisation that names nothing of its type here is
        // the one person of that surname, when the article names that person's company.
        if !person
            && lone_name
            && !scored
                .iter()
                .any(|m| self.nodes[m.node].etype == card.etype)
        {
            let people = self.by_surname.get(&key.key).map_or(&[][..], Vec::as_slice);
            if let Some(p) = self.bearer(people) {
                let shared = self.shared_context(p, context);
                if shared > 0 && !forbidden(p) && !self.nodes[p].dead {
                    scored.push(Match {
                        node: p,
                        score: 0.5 + context_bonus(shared),
                        reason: format!(
                            "typed {} here; the surname of {} person so named, with {shared} other node(s) named with it",
                            card.etype,
                            if people.len() == 1 { "the only" } else { "by far the most named" }
                        ),
                    });
                }
            }
        }
        // A node a later article found to be another is that other: the best score of each.
        let mut merged: Vec<Match> = Vec::with_capacity(scored.len());
        for mut m in scored {
            m.node = self.canonical(m.node);
            if forbidden(m.node) {
                continue;
            }
            match merged.iter_mut().find(|o| o.node == m.node) {
                Some(o) if o.score >= m.score => {}
                Some(o) => *o = m,
                None => merged.push(m),
            }
        }
        let mut scored = merged;
        scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.node.cmp(&b.node)));
        let mut best = scored.first()?.clone();
        if best.score < JOIN_AT - 1e-9 {
            return None;
        }
        // Two nodes as good: a namesake the evidence cannot tell apart stays apart, unless a
        // lone surname's one bearer is named in far more articles than any other (the
        // "Obama" of 2016 news, beside one article on Michelle Obama): what a name most
        // often means, as entity linking weighs it.
        let tied: Vec<&Match> = scored
            .iter()
            .filter(|m| m.score >= best.score - 0.05)
            .collect();
        if tied.len() > 1 {
            let articles = |m: &Match| self.nodes[m.node].articles;
            let top = tied.iter().copied().max_by_key(|m| articles(m))?;
            let runner_up = tied
                .iter()
                .filter(|m| m.node != top.node)
                .map(|m| articles(m))
                .max()
                .unwrap_or(0);
            let dominant = person
                && lone_name
                && articles(top) >= DOMINANT_ARTICLES
                && articles(top) >= DOMINANCE * runner_up.max(1);
            if !dominant {
                return None;
            }
            best = top.clone();
            best.reason = format!(
                "{}; named in {} articles, its namesakes in at most {runner_up}",
                best.reason,
                articles(top)
            );
        }
        best.score = best.score.min(1.0);
        Some(best)
    }

    /// The one person a lone surname means among `people` of that surname: the only one, or
    /// one named in far more articles than any other (what the name most often means).
    fn bearer(&self, people: &[usize]) -> Option<usize> {
        let mut live: Vec<usize> = people
            .iter()
            .map(|&p| self.canonical(p))
            .filter(|&p| !self.nodes[p].dead)
            .collect();
        live.sort_unstable();
        live.dedup();
        live.sort_by_key(|&p| std::cmp::Reverse(self.nodes[p].articles));
        match live.as_slice() {
            [only] => Some(*only),
            [top, next, ..] => {
                let (top_n, next_n) = (self.nodes[*top].articles, self.nodes[*next].articles);
                (top_n >= DOMINANT_ARTICLES && top_n >= DOMINANCE * next_n.max(1)).then_some(*top)
            }
            [] => None,
        }
    }

    /// Earlier nodes an article shows to be one of its nodes, merged: a lone name (typed a
    /// person, a place or an organisation), of no known identifier, that is the surname of the
    /// one person known by a full name of that surname, or of the one named in far more
    /// articles than any other, named with that person's company — what
    /// [`Registry::best_match`] joins when the person is known first, found when the person
    /// comes later. `nodes` are the nodes the article named; `keep_apart` says which pairs a
    /// curated rule forbids. Returns (earlier node, node, score, evidence).
    pub fn later_merges(
        &mut self,
        article: u32,
        nodes: &[usize],
        keep_apart: &dyn Fn(&Node, &Node) -> bool,
    ) -> Vec<(usize, usize, f64, String)> {
        let lone = |n: &Node| {
            !n.dead
                && n.merged.is_none()
                && matches!(
                    n.etype,
                    EntityType::Place | EntityType::Organization | EntityType::Person
                )
                && n.wikidata.is_empty()
                && !n.generic
                && n.keys.len() == 1
                && n.keys.keys().all(|k| !k.contains(' '))
        };
        // The lone names at stake: those this article named, and the surnames of the people
        // it named in full.
        let mut surnames: Vec<String> = Vec::new();
        for &n in nodes {
            let node = &self.nodes[n];
            if lone(node) {
                surnames.extend(node.keys.keys().cloned());
            } else if node.etype == EntityType::Person {
                surnames.extend(
                    node.keys
                        .keys()
                        .filter(|k| k.contains(' '))
                        .map(|k| names::surname(k).to_string()),
                );
            }
        }
        surnames.sort_unstable();
        surnames.dedup();
        let mut out = Vec::new();
        for surname in surnames {
            let people = self.by_surname.get(&surname).map_or(&[][..], Vec::as_slice);
            let Some(person) = self.bearer(people) else {
                continue;
            };
            let only = people.len() == 1;
            let earlier: Vec<usize> = self
                .by_key
                .get(&surname)
                .into_iter()
                .flatten()
                .copied()
                .filter(|&w| w != person && lone(&self.nodes[w]))
                .collect();
            for w in earlier {
                // Named in one article as two things: that article keeps them apart.
                let apart = self.nodes[w]
                    .in_articles
                    .iter()
                    .any(|a| self.nodes[person].in_articles.contains(a));
                let company: FxHashSet<usize> = self.nodes[w]
                    .neighbours
                    .iter()
                    .map(|&b| b as usize)
                    .collect();
                let shared = self.shared_context(person, &company);
                if apart || shared == 0 || keep_apart(&self.nodes[w], &self.nodes[person]) {
                    continue;
                }
                let node = &self.nodes[w];
                let reason = format!(
                    "{:?} typed {} in an earlier article; the surname of {} person so named, with {shared} node(s) named with both",
                    node.label.as_deref().unwrap_or(&surname),
                    node.etype,
                    if only { "the only" } else { "by far the most named" }
                );
                self.merge(w, person, article);
                out.push((w, person, 0.5 + context_bonus(shared), reason));
            }
        }
        out
    }

    fn score(
        &self,
        card: &Card,
        key: &NameKey,
        n: usize,
        how: &str,
        context: &FxHashSet<usize>,
    ) -> Option<Match> {
        let node = &self.nodes[n];
        if node.generic {
            return None;
        }
        // Different Wikidata IDs are different things.
        if !card.wikidata.is_empty()
            && !node.wikidata.is_empty()
            && card.wikidata.iter().all(|w| !node.wikidata.contains(w))
        {
            return None;
        }
        // A suffix sets a name apart ("Donald Trump Jr.") unless both give the same middle
        // initials.
        if how == SUFFIX_ASIDE {
            let same_initials = node.keys.iter().any(|(k, seen)| {
                seen.contains(&key.initials)
                    && (names::without_suffix(k) == Some(key.key.as_str())
                        || names::without_suffix(&key.key) == Some(k.as_str()))
            });
            if !same_initials {
                return None;
            }
        }
        // Different middle initials are different people ("George H.W." and "George W.").
        if let Some(seen) = node.keys.get(&key.key) {
            if !key.initials.is_empty() && !seen.is_empty() && !seen.contains(&key.initials) {
                return None;
            }
        }
        // An acronym stands for one name in each article, not in all: a node known by another
        // name of the same initials is another thing ("Democratic National Convention" is not
        // the DNC of the committee).
        if how == "named by its acronym there" {
            let other_expansion = card
                .acronym
                .as_ref()
                .is_some_and(|a| self.by_acronym.get(a).is_some_and(|ns| ns.contains(&n)))
                && !node.keys.contains_key(&key.key);
            if other_expansion {
                return None;
            }
        }
        let mut reasons = vec![how.to_string()];
        let mut score = match how {
            "same name" => 0.6,
            "same alias" | "named by its acronym there" | "its acronym" | SUFFIX_ASIDE => 0.5,
            SHORT_NAME => 0.4,
            // A lone surname needs the article's other nodes to say which person it is.
            _ => 0.15,
        };
        let words = key.words();
        if node.etype == card.etype {
            score += 0.3;
            reasons.push("same type".into());
        } else if compatible(node.etype, card.etype) {
            reasons.push(format!(
                "{} and {} are often confused",
                node.etype, card.etype
            ));
        } else if words >= 2 && card.wikidata.is_empty() {
            // A full name is strong evidence; a type is evidence too, not identity.
            score -= 0.05;
            reasons.push(format!("typed {} here, {} there", card.etype, node.etype));
        } else {
            score -= 0.3;
            reasons.push(format!("typed {} here, {} there", card.etype, node.etype));
        }
        let shared = self.shared_context(n, context);
        if shared > 0 {
            score += context_bonus(shared);
            reasons.push(format!("{shared} other node(s) named with it"));
        }
        Some(Match {
            node: n,
            // Not capped here: two nodes that both reach 1 are still told apart by how far
            // past it each goes (the same name over an acronym).
            score,
            reason: reasons.join("; "),
        })
    }

    /// How many of the nodes an article has named so far were named with node `n`.
    fn shared_context(&self, n: usize, context: &FxHashSet<usize>) -> usize {
        self.nodes[n]
            .neighbours
            .iter()
            .filter(|&&b| context.contains(&(b as usize)))
            .count()
    }

    /// A generic body ("Interior Ministry") joins the node of its name and country; with no
    /// country, the one node of its name that has none, or the only one there is.
    fn generic_match(
        &self,
        card: &Card,
        key: &str,
        context: &FxHashSet<usize>,
        forbidden: &dyn Fn(usize) -> bool,
    ) -> Option<Match> {
        let same_name: Vec<usize> = self
            .by_key
            .get(key)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&n| self.nodes[n].generic && !self.nodes[n].dead && !forbidden(n))
            .collect();
        match &card.qualifier {
            Some(q) => {
                let country = |n: usize| self.nodes[n].qualifier.as_deref();
                if let Some(&node) = same_name
                    .iter()
                    .find(|&&n| country(n) == Some(q.0.as_str()))
                {
                    return Some(Match {
                        node,
                        score: 0.9,
                        reason: "same name, same country".into(),
                    });
                }
                // A body no article tied to a country joins only when the article keeps its
                // company (three nodes named with it, twice as many as any other body's of
                // the name); it then becomes this country's.
                let shared = |n: usize| self.shared_context(n, context);
                let mut by_context: Vec<(usize, usize)> =
                    same_name.iter().map(|&n| (shared(n), n)).collect();
                by_context.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                match by_context.as_slice() {
                    [(best, node), rest @ ..]
                        if country(*node).is_none()
                            && *best >= 3
                            && *best >= 2 * rest.first().map_or(0, |r| r.0).max(1) =>
                    {
                        Some(Match {
                            node: *node,
                            score: 0.6,
                            reason: format!(
                                "same name; a body of no named country, {best} other node(s) named with it"
                            ),
                        })
                    }
                    _ => None,
                }
            }
            None => {
                // The country's body whose company the article keeps (the same people and
                // bodies named around it), clearly more than any other's.
                let shared = |n: usize| self.shared_context(n, context);
                let mut by_context: Vec<(usize, usize)> =
                    same_name.iter().map(|&n| (shared(n), n)).collect();
                by_context.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                if let [(best, node), rest @ ..] = by_context.as_slice() {
                    let next = rest.first().map_or(0, |r| r.0);
                    if self.nodes[*node].qualifier.is_some()
                        && *best >= 3
                        && *best >= 2 * next.max(1)
                    {
                        return Some(Match {
                            node: *node,
                            score: 0.6,
                            reason: format!(
                                "same name, no country named; {best} other node(s) named with it"
                            ),
                        });
                    }
                }
                let unqualified = same_name
                    .iter()
                    .find(|&&n| self.nodes[n].qualifier.is_none());
                match (unqualified, same_name.as_slice()) {
                    (Some(&node), _) => Some(Match {
                        node,
                        score: 0.7,
                        reason: "same name, no country named".into(),
                    }),
                    (None, [only]) if shared(*only) > 0 => Some(Match {
                        node: *only,
                        score: 0.55,
                        reason: "same name; the only country's body of that name, named with the same nodes".into(),
                    }),
                    _ => None,
                }
            }
        }
    }
}

/// What shared company adds to a match: 0.05 a node, at most 0.2.
fn context_bonus(shared: usize) -> f64 {
    (0.05 * shared as f64).min(0.2)
}

/// Types a tagger confuses for one thing: a country and a place.
fn compatible(a: EntityType, b: EntityType) -> bool {
    use EntityType::{Country, Place};
    matches!((a, b), (Country, Place) | (Place, Country))
}

fn push_unique(list: &mut Vec<usize>, i: usize) {
    if !list.contains(&i) {
        list.push(i);
    }
}
