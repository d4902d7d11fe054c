//! Entity resolution within one article: mentions to entities.
//!
//! Reads `mentions`, `tokens`, `sentences`; writes `entities` and `Mention::entity`, and drops
//! nominal mentions that refer to nothing. Rules, in order: gazetteer mentions join by canonical
//! name ("Chinese", "Beijing's" → China); a person's surname or given name joins the full name
//! given earlier ("Ruiz" → "Ana Ruiz") and a later full name absorbs an earlier surname, never
//! across genders an honorific or a given name tells ("Mr. Obama" is not Michelle Obama); an
//! acronym joins the name it abbreviates ("BRI" → "Belt and Road Initiative"); unnamed
//! agreements join by description; a nominal ("the group", "the NGO", "her organisation",
//! "the pact") joins the most recent entity of its type (and class, when it names one) within
//! the last few sentences.

mod names;

use super::resources::{Gender, Resources};
use super::stage::{NlpError, Stage};
use crate::doc::{Doc, Entity, EntityType, MentionSource};
pub use names::SHORT_NAME_HEADS;
use names::{
    acronym, is_acronym, is_short_name, mention_honorific, name_key, name_words, person_cue,
    same_person, with_country_named, without_honorific,
};
use std::collections::HashSet;
use std::sync::Arc;

/// How many sentences back a nominal may look for its antecedent.
const NOMINAL_WINDOW: usize = 6;

/// The coreference stage.
pub struct Coref {
    res: Arc<Resources>,
}

impl Coref {
    /// The stage, with the surname lexicon it checks lone names against.
    pub fn new(res: Arc<Resources>) -> Coref {
        Coref { res }
    }

    /// Is this one word a surname of the lexicon that is no common English word ("Kennedy",
    /// not "Hope")?
    fn known_surname(&self, word: &str) -> bool {
        self.res.surnames.contains(word) && self.res.zipf10(&word.to_lowercase()) < COMMON_ZIPF10
    }
}

/// Words at least this frequent (Zipf × 10) are common English words, even when they are
/// surnames too ("Hope", "Young").
const COMMON_ZIPF10: u8 = 46;

/// Whether an entity or a mention is a company, whose first word names it alone ("Exxon" for
/// "Exxon Mobil", "Goldman" for "Goldman Sachs"), as no other organisation's does ("Washington"
/// is not "Washington Post"). A word the gazetteers know names what they know ("Amazon" is not
/// the "Amazon Fund"): callers check that.
fn is_company(entity: Option<&str>, mention: Option<&str>) -> bool {
    entity == Some("Company") || mention == Some("Company")
}

/// Whether a nominal's head suits an entity's class: "the group" is not a state body, an
/// international organisation or a news outlet; "the ministry" and "the agency" are not NGOs.
fn nominal_fits(surface: &str, class: Option<&str>) -> bool {
    let head = surface.rsplit(' ').next().unwrap_or(surface).to_lowercase();
    match head.as_str() {
        "group" | "organisation" | "organization" | "charity" | "ngo" => !matches!(
            class,
            Some(
                "InternationalOrganization"
                    | "GovernmentBody"
                    | "PoliceForce"
                    | "MediaOrganization"
            )
        ),
        "ministry" | "agency" | "bureau" => {
            !matches!(class, Some("NGO" | "Company" | "PoliticalParty"))
        }
        _ => true,
    }
}

impl Stage for Coref {
    fn name(&self) -> &'static str {
        "coref"
    }

    fn run(&self, doc: &mut Doc) -> Result<(), NlpError> {
        let mut entities: Vec<Entity> = Vec::new();
        // Last sentence in which each entity was mentioned, for nominal resolution.
        let mut last_seen: Vec<(usize, usize)> = Vec::new();
        // Normalised name and alias keys of each entity, for exact matching.
        let mut keys: Vec<HashSet<String>> = Vec::new();
        let mut keep = vec![true; doc.mentions.len()];
        // Indexing, not iterating: the body reads the whole Doc and writes `doc.mentions[idx]`.
        #[allow(clippy::needless_range_loop)]
        for idx in 0..doc.mentions.len() {
            let surface = doc.mention_text(idx).to_string();
            let sentence = doc.sentence_of(doc.mentions[idx].tokens.start);
            let m = &doc.mentions[idx];
            let found = if m.source == MentionSource::Nominal && m.description.is_none() {
                // The most recent compatible entity within the window.
                let mut best: Option<(usize, usize)> = None;
                for (e_idx, ent) in entities.iter().enumerate() {
                    let (last_sent, last_tok) = last_seen[e_idx];
                    let compatible = match &m.title {
                        // "the mayor": the person the article gave that post, however far back.
                        Some(post) => {
                            ent.etype == EntityType::Person
                                && ent
                                    .mentions
                                    .iter()
                                    .any(|&k| doc.mentions[k].title.as_ref() == Some(post))
                        }
                        None => {
                            ent.etype == m.etype
                                && (m.class.is_none()
                                    || ent.class.is_none()
                                    || ent.class == m.class)
                                && nominal_fits(&surface, ent.class.as_deref())
                                && sentence.saturating_sub(last_sent) <= NOMINAL_WINDOW
                        }
                    };
                    if compatible && best.is_none_or(|(_, t)| last_tok > t) {
                        best = Some((e_idx, last_tok));
                    }
                }
                // "Obama said. … the president added": a post no one was given is the person
                // named last, in this sentence or the one before, who holds no other post.
                if best.is_none() {
                    if let Some(post) = &m.title {
                        best = entities
                            .iter()
                            .enumerate()
                            .filter(|(e_idx, ent)| {
                                ent.etype == EntityType::Person
                                    && sentence.saturating_sub(last_seen[*e_idx].0) <= 1
                                    && ent.mentions.iter().all(|&k| {
                                        doc.mentions[k].title.as_ref().is_none_or(|t| t == post)
                                    })
                            })
                            .map(|(e_idx, _)| (e_idx, last_seen[e_idx].1))
                            .max_by_key(|&(_, tok)| tok);
                    }
                }
                match best {
                    Some((e, _)) => Some(e),
                    None => {
                        keep[idx] = false;
                        continue;
                    }
                }
            } else if let Some(desc) = &m.description {
                entities
                    .iter()
                    .position(|e| e.etype == EntityType::Agreement && e.name == *desc)
            } else {
                let key = name_key(m.canonical.as_deref().unwrap_or(&surface));
                let country_key = (m.etype == EntityType::Organization && m.canonical.is_none())
                    .then(|| with_country_named(&self.res, &surface))
                    .flatten()
                    .map(|n| name_key(&n));
                // "The Post" is named by "Post".
                let bare = surface
                    .strip_prefix("The ")
                    .or_else(|| surface.strip_prefix("the "))
                    .unwrap_or(&surface);
                let words: Vec<&str> = bare.split(' ').collect();
                // "Mr. Obama" is not Michelle Obama, and "Michelle Obama" named after "Mr.
                // Obama" is not him: a person of one gender, by honorific or a given name one
                // gender clearly bears, never joins a person of the other ("Mr. Graham" is
                // Lindsey Graham, a name both bear).
                let named_gender = match (m.etype, mention_honorific(doc, idx)) {
                    (EntityType::Person, Gender::Unknown) => match name_words(bare).as_slice() {
                        [given, _, ..] => self.res.clear_gender(given),
                        _ => Gender::Unknown,
                    },
                    (EntityType::Person, g) => g,
                    _ => Gender::Unknown,
                };
                let person_gender = |e: &Entity| {
                    e.mentions
                        .iter()
                        .map(|&k| mention_honorific(doc, k))
                        .find(|&g| g != Gender::Unknown)
                        .unwrap_or_else(|| match name_words(&e.name).as_slice() {
                            // "Mr. Lou" of "Lou Jiwei": a surname written first is no given
                            // name.
                            [given, _, ..] if words.last() != Some(given) => {
                                self.res.clear_gender(given)
                            }
                            _ => Gender::Unknown,
                        })
                };
                let joins = |e_idx: usize| {
                    let e = &entities[e_idx];
                    if named_gender != Gender::Unknown && e.etype == EntityType::Person {
                        let gender = person_gender(e);
                        if gender != Gender::Unknown && gender != named_gender {
                            return false;
                        }
                    }
                    // The model's type of a full name already given to a person is noise
                    // ("Image: Twitter / Barack Obama" read as an organisation).
                    let model_only = |e: &Entity| {
                        e.mentions
                            .iter()
                            .all(|&k| doc.mentions[k].source == MentionSource::Model)
                    };
                    let same_name_as_person = words.len() >= 2
                        && keys[e_idx].contains(&key)
                        && ((e.etype == EntityType::Person && m.source == MentionSource::Model)
                            || (m.etype == EntityType::Person && model_only(e)));
                    let same_kind = e.etype == m.etype
                        || same_name_as_person
                        || (e.etype == EntityType::Person) == (m.etype == EntityType::Person)
                            && m.source != MentionSource::Gazetteer;
                    if !same_kind {
                        return false;
                    }
                    if keys[e_idx].contains(&key)
                        || country_key
                            .as_ref()
                            .is_some_and(|k| keys[e_idx].contains(k))
                    {
                        return true;
                    }
                    match m.etype {
                        EntityType::Person => {
                            same_person(&e.name, m.canonical.as_deref().unwrap_or(&surface))
                        }
                        // "Commission" after "Independent Electoral and Boundaries Commission",
                        // "the Department" after "State Department", "The Post" after "The
                        // Washington Post"; a company by its first word ("Exxon" after "Exxon
                        // Mobil").
                        EntityType::Organization if words.len() == 1 && !is_acronym(bare) => {
                            let last = bare.to_lowercase();
                            e.name.split(' ').count() > 1
                                && !WHOLE_NAMES.contains(&e.name)
                                && (e.name.rsplit(' ').next() == Some(bare)
                                    || keys[e_idx].iter().any(|k| {
                                        k.contains(' ') && k.rsplit(' ').next() == Some(&last)
                                    })
                                    || is_company(e.class.as_deref(), m.class.as_deref())
                                        && m.source != MentionSource::Gazetteer
                                        && e.name.split(' ').next() == Some(bare)
                                    || is_short_name(bare, &e.name))
                        }
                        // "Hofstra University" after "Hofstra" (not "Indiana University"
                        // after the state).
                        EntityType::Organization
                            if words.len() == 2 && is_short_name(&e.name, bare) =>
                        {
                            e.etype == EntityType::Organization
                        }
                        // "Exxon Mobil" after "Exxon": the company named by its first word first.
                        EntityType::Organization
                            if words.len() >= 2
                                && is_company(e.class.as_deref(), m.class.as_deref())
                                && !e.name.contains(' ')
                                && e.mentions.iter().all(|&k| {
                                    doc.mentions[k].source != MentionSource::Gazetteer
                                })
                                && words[0] == e.name =>
                        {
                            true
                        }
                        // "Supreme Court" after "Supreme Court of Cassation": a shorter run of
                        // the words of a longer name found in the text; the name an acronym
                        // named first abbreviates ("Democratic National Committee" after a
                        // headline's "DNC").
                        EntityType::Organization
                            if words.len() >= 2 && m.source != MentionSource::Gazetteer =>
                        {
                            let name: Vec<&str> = e.name.split(' ').collect();
                            (name.len() > words.len()
                                && name.windows(words.len()).any(|w| w == words.as_slice()))
                                || (is_acronym(&e.name)
                                    && e.name.replace('.', "") == acronym(&surface))
                        }
                        _ => is_acronym(&surface) && acronym(&e.name) == surface.replace('.', ""),
                    }
                };
                // An acronym two names abbreviate ("RNC": the Republican National Convention
                // and the Republican National Committee) is the one named last, unless the
                // acronym itself already went to one.
                if is_acronym(bare) {
                    (0..entities.len())
                        .find(|&e_idx| keys[e_idx].contains(&key) && joins(e_idx))
                        .or_else(|| {
                            (0..entities.len())
                                .filter(|&e_idx| joins(e_idx))
                                .max_by_key(|&e_idx| last_seen[e_idx].1)
                        })
                } else {
                    (0..entities.len()).position(joins)
                }
            };
            let m = &doc.mentions[idx];
            let name = if m.etype == EntityType::Person {
                without_honorific(&surface).to_string()
            } else {
                surface.clone()
            };
            let e_idx = match found {
                Some(e) => e,
                None => {
                    entities.push(Entity {
                        name: m
                            .description
                            .clone()
                            .or_else(|| m.canonical.clone())
                            .unwrap_or_else(|| name.clone()),
                        etype: m.etype,
                        class: m.class.clone(),
                        mentions: Vec::new(),
                        aliases: Vec::new(),
                        same_as: Vec::new(),
                        description: None,
                        known_country: None,
                    });
                    last_seen.push((sentence, 0));
                    keys.push(HashSet::new());
                    entities.len() - 1
                }
            };
            let ent = &mut entities[e_idx];
            if m.etype == EntityType::Person && m.source != MentionSource::Model {
                // A person named earlier only by the model under another type.
                ent.etype = EntityType::Person;
            }
            ent.mentions.push(idx);
            last_seen[e_idx] = (sentence, m.tokens.start);
            if ent.class.is_none() {
                ent.class = m.class.clone();
            }
            if let Some(q) = &m.wikidata {
                let iri = Resources::wikidata_iri(q);
                if !ent.same_as.contains(&iri) {
                    ent.same_as.push(iri);
                }
            }
            if ent.known_country.is_none()
                && m.etype == EntityType::Organization
                && m.source == MentionSource::Gazetteer
            {
                ent.known_country = m
                    .canonical
                    .as_ref()
                    .and_then(|c| self.res.org_country.get(c))
                    .cloned();
            }
            // The fullest proper name becomes the canonical name.
            let named = m.source != MentionSource::Nominal
                && m.canonical.is_none()
                && m.description.is_none();
            // A person's name is without an honorific, whatever type the mention was given.
            let name = if ent.etype == EntityType::Person {
                without_honorific(&name).to_string()
            } else {
                name
            };
            if named
                && name.len() > ent.name.len()
                && !is_acronym(&surface)
                && ent.etype != EntityType::Country
            {
                let old = std::mem::replace(&mut ent.name, name.clone());
                if !ent.aliases.contains(&old) {
                    ent.aliases.push(old);
                }
            } else if surface != ent.name && !ent.aliases.contains(&surface) {
                ent.aliases.push(surface.clone());
            }
            keys[e_idx].insert(name_key(&ent.name));
            // A post ("the mayor") is no name another mention could be matched by.
            if m.title.is_none() || m.source != MentionSource::Nominal {
                keys[e_idx].insert(name_key(&surface));
            }
            if m.etype == EntityType::Organization && m.canonical.is_none() {
                if let Some(named) = with_country_named(&self.res, &surface) {
                    keys[e_idx].insert(name_key(&named));
                }
            }
            doc.mentions[idx].entity = Some(e_idx);
        }
        retype_teams(doc, &mut entities);
        // News introduces people by full name, a title or a speech verb. A "person" the model
        // found only as lone single words with none of these cues, and no known surname, is a
        // product, a brand or a common word ("Firefox", "Hope"), and is dropped.
        let mut entity_index = vec![usize::MAX; entities.len()];
        let mut n_kept = 0;
        for (e_idx, ent) in entities.iter().enumerate() {
            let lone = ent.etype == EntityType::Person
                && ent.mentions.iter().all(|&m| {
                    let mention = &doc.mentions[m];
                    mention.tokens.len() == 1
                        && mention.source == MentionSource::Model
                        && !person_cue(doc, mention.tokens.clone())
                        && !self.known_surname(doc.token_text(mention.tokens.start))
                });
            if lone {
                ent.mentions.iter().for_each(|&m| keep[m] = false);
            } else {
                entity_index[e_idx] = n_kept;
                n_kept += 1;
            }
        }
        let mut kept_entities = Vec::with_capacity(n_kept);
        for (e_idx, ent) in entities.into_iter().enumerate() {
            if entity_index[e_idx] != usize::MAX {
                kept_entities.push(ent);
            }
        }
        let mut entities = kept_entities;
        for m in &mut doc.mentions {
            m.entity = m
                .entity
                .map(|e| entity_index[e])
                .filter(|&e| e != usize::MAX);
        }
        // Drop nominal mentions that found no antecedent, re-indexing entity mention lists.
        let mut new_index = vec![usize::MAX; doc.mentions.len()];
        let mut kept = Vec::new();
        for (old, m) in std::mem::take(&mut doc.mentions).into_iter().enumerate() {
            if keep[old] {
                new_index[old] = kept.len();
                kept.push(m);
            }
        }
        for ent in &mut entities {
            ent.mentions = ent
                .mentions
                .iter()
                .map(|&m| new_index[m])
                .filter(|&m| m != usize::MAX)
                .collect();
            ent.aliases.retain(|a| *a != ent.name);
        }
        doc.mentions = kept;
        doc.entities = entities;
        Ok(())
    }
}

crate::words::list! {
    /// Names no story shortens to their last word ("White House").
    WHOLE_NAMES = "coref/whole_names.txt"
}

crate::words::list! {
    /// Words that mark a sports report.
    SPORTS_CUES = "coref/sports_cues.txt"
}

crate::words::list! {
    /// Verbs whose subject, in a sports report, is a team.
    TEAM_VERBS = "coref/team_verbs.txt"
}

/// In a sports report, a country or city that plays ("Sweden defeated South Korea 1 – 0",
/// "Belgium 3 – 0 Panama", "lost 1 – 2 to England") is its team: an organisation, not the
/// state or the place.
fn retype_teams(doc: &Doc, entities: &mut [Entity]) {
    let word = |k: usize| doc.tokens.get(k).map_or("", |_| doc.token_text(k));
    let cues: HashSet<&str> = (0..doc.tokens.len())
        .filter_map(|k| {
            let w = word(k);
            SPORTS_CUES
                .iter()
                .copied()
                .find(|cue| cue.eq_ignore_ascii_case(w))
        })
        .collect();
    if cues.len() < 4 {
        return;
    }
    let is_score = |k: usize| word(k).chars().all(|c| c.is_ascii_digit()) && !word(k).is_empty();
    for ent in entities.iter_mut() {
        if !matches!(ent.etype, EntityType::Country | EntityType::Place) {
            continue;
        }
        let plays = ent.mentions.iter().any(|&m| {
            let tokens = &doc.mentions[m].tokens;
            let (before, after) = (tokens.start.wrapping_sub(1), tokens.end);
            TEAM_VERBS.contains(&word(after))
                || (is_score(after) && matches!(word(after + 1), "–" | "-" | "—"))
                || (is_score(before) && matches!(word(before.wrapping_sub(1)), "–" | "-" | "—"))
                || (word(before) == "to" && is_score(before.wrapping_sub(1)))
                || (word(before) == "to" && TEAM_VERBS.contains(&word(before.wrapping_sub(1))))
        });
        if plays {
            ent.etype = EntityType::Organization;
            ent.class = None;
            // The state's Wikidata ID names the state, not its team.
            ent.same_as.clear();
        }
    }
}

#[cfg(test)]
mod tests;
