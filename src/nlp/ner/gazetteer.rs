//! Mentions the gazetteers know, longest match first, with their fine types: countries and
//! their demonyms and capitals, cities, well-known organisations.

use super::shape::title_case;
use super::words::{CITY_NOUNS, GOVERNMENT_VERBS, STATE_RELATION_NOUNS};
use crate::doc::{EntityType, Mention, MentionSource};
use crate::nlp::cues::is_possessive;
use crate::nlp::resources::{GazEntry, GazKind, Resources};
use std::ops::Range;

/// Gives a mention the canonical name, fine class and Wikidata ID of a gazetteer entry.
pub(super) fn known_as(m: &mut Mention, entry: &GazEntry) {
    m.canonical = Some(entry.canonical.clone());
    m.class = entry.class.clone();
    m.wikidata = entry.wikidata.clone();
}

/// People a city must have for its name alone, typed an organisation by the tagger, to be the
/// city: the tagger learnt from sports results where "Cleveland" is a team.
const CITY_OVER_TEAM: u64 = 100_000;

/// A lone word the tagger typed an organisation of no known class that the world gazetteer
/// knows as a city of more than [`CITY_OVER_TEAM`] people ("Republicans arriving in Cleveland",
/// "Cleveland sets strict rules") is that city, unless a capitalised word follows ("Cleveland
/// Clinic", read short) or the gazetteers know the word otherwise.
pub(super) fn cities_typed_as_bodies(res: &Resources, words: &[&str], mentions: &mut [Mention]) {
    for m in mentions.iter_mut() {
        let word = words[m.tokens.start];
        let city = res
            .places
            .get(word)
            .is_some_and(|p| p.kind == "city" && p.population > CITY_OVER_TEAM);
        let named_on = words
            .get(m.tokens.end)
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
        if m.etype == EntityType::Organization
            && m.source == MentionSource::Model
            && m.tokens.len() == 1
            && m.class.is_none()
            && city
            && res.lookup(word).is_none()
            && res.org_head(word).is_none()
            && !named_on
        {
            m.etype = EntityType::Place;
        }
    }
}

/// Longest gazetteer matches within a sentence.
pub(super) fn gazetteer_mentions(
    res: &Resources,
    words: &[&str],
    sent: Range<usize>,
    out: &mut Vec<Mention>,
) {
    let mut i = sent.start;
    while i < sent.end {
        let mut matched = 0;
        // Only words that start some name (or are written in capitals) can start a match.
        let word = words[i];
        let capitals = word.len() > 1 && word.chars().all(|c| !c.is_lowercase());
        let may_match = res.name_first_words.contains(word) || capitals;
        // The longest surface form starting here: keys grow one word at a time in one buffer.
        let mut longest: Option<(usize, &[GazEntry])> = None;
        let mut key = String::new();
        for len in (1..=res.max_name_len.min(sent.end - i)).filter(|_| may_match) {
            if len > 1 {
                key.push(' ');
            }
            key.push_str(words[i + len - 1]);
            let entries = res.lookup(&key).or_else(|| {
                // Datelines and headlines write names in capitals ("ROME").
                let all_caps = key.chars().any(char::is_alphabetic)
                    && key.chars().all(|c| !c.is_lowercase())
                    && key.len() > 3;
                all_caps.then(|| res.lookup(&title_case(&key))).flatten()
            });
            if let Some(entries) = entries {
                longest = Some((len, entries));
            }
        }
        if let Some((len, entries)) = longest {
            let stands_for_state = stands_for_state(words, sent.clone(), i, i + len);
            // A capital standing for its government is the country; otherwise prefer the most
            // specific reading: a name before a city before a demonym.
            let entry = entries
                .iter()
                .find(|e| e.kind == GazKind::Capital && stands_for_state)
                .or_else(|| entries.iter().find(|e| e.kind == GazKind::Name))
                .or_else(|| entries.iter().find(|e| e.kind == GazKind::City))
                .or_else(|| entries.iter().find(|e| e.kind == GazKind::Demonym))
                .or_else(|| entries.first());
            if let Some(entry) = entry {
                if entry.kind == GazKind::Capital && !stands_for_state {
                    // A capital that is not in the city list is still a place, named as written
                    // (its entry's canonical name is the country's).
                    let mut m =
                        Mention::new(i..i + len, EntityType::Place, MentionSource::Gazetteer);
                    m.class = Some("City".into());
                    out.push(m);
                } else {
                    let mut m = Mention::new(i..i + len, entry.etype, MentionSource::Gazetteer);
                    known_as(&mut m, entry);
                    out.push(m);
                }
                matched = len;
            }
        }
        i += matched.max(1);
    }
}

/// Whether a capital at `start..end` stands for its government: "Beijing's efforts",
/// "Beijing said", "Moscow would respond", "Washington and Manila expanded", "Rome informed
/// Beijing"; not after a preposition of place ("in Beijing").
pub(super) fn stands_for_state(
    words: &[&str],
    sent: Range<usize>,
    start: usize,
    end: usize,
) -> bool {
    let prev = start
        .checked_sub(1)
        .filter(|&p| p >= sent.start)
        .map(|p| words[p])
        .unwrap_or("");
    if words
        .get(end)
        .is_some_and(|w| end < sent.end && is_possessive(w))
    {
        // "London's newly elected mayor": what follows is the city's.
        let city_owned = (end + 1..(end + 5).min(sent.end))
            .map(|k| words[k])
            .take_while(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'))
            .any(|w| CITY_NOUNS.contains(&w));
        return !city_owned;
    }
    if between_states(words, sent.start, start) {
        return true;
    }
    if matches!(
        prev,
        "in" | "at" | "near" | "from" | "to" | "outside" | "across" | "around" | "of"
    ) {
        return false;
    }
    let acts = |k: usize| {
        words.get(k).filter(|_| k < sent.end).is_some_and(|w| {
            is_possessive(w)
                || GOVERNMENT_VERBS.contains(w)
                || (w.len() > 4 && w.ends_with("ed") && w.chars().all(|c| c.is_lowercase()))
        })
    };
    // "Washington and Manila expanded": both capitals act.
    let next = words.get(end).copied().unwrap_or("");
    acts(end) || (next == "and" && acts(end + 2)) || (prev == "and" && acts(end))
}

/// Whether the name at `start` (or a list it closes: "Berlin, Paris and …") follows "from",
/// "with" or "between" after a noun of what states do to one another: "criticism from Berlin,
/// Paris and other capitals", "the special relationship with Washington".
fn between_states(words: &[&str], floor: usize, start: usize) -> bool {
    let mut k = start;
    // Back over the names and commas of a list, to its preposition.
    while k > floor && start - k < 8 {
        let w = words[k - 1];
        if matches!(w, "from" | "with" | "between") {
            return k >= floor + 2
                && STATE_RELATION_NOUNS.contains(&words[k - 2].to_lowercase().as_str());
        }
        let in_list = matches!(w, "," | "and") || w.chars().next().is_some_and(char::is_uppercase);
        if !in_list {
            return false;
        }
        k -= 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::ner::testing::*;

    #[test]
    fn ner_gazetteer_prefers_longest_match_and_reads_demonyms() {
        check(
            "Dutch police met officials from the United States.",
            &[
                ("Dutch", EntityType::Country),
                ("United States", EntityType::Country),
            ],
        );
    }

    #[test]
    fn ner_capital_standing_for_government_is_a_country() {
        let doc = run("Beijing's efforts failed. Officials met in Beijing.");
        assert_eq!(doc.mentions[0].etype, EntityType::Country);
        assert_eq!(doc.mentions[0].canonical.as_deref(), Some("China"));
        assert_eq!(doc.mentions[1].etype, EntityType::Place);
        // What follows the possessive is the city's: the city.
        // After a noun of what states do to one another, a capital is its government, also in
        // a list; a capital of travel is the city.
        let doc = run(
            "It drew criticism from Berlin, Paris and other capitals. Flights from Berlin resumed.",
        );
        let kinds: Vec<EntityType> = doc.mentions.iter().map(|m| m.etype).collect();
        assert_eq!(
            kinds,
            [EntityType::Country, EntityType::Country, EntityType::Place],
            "{:?}",
            (0..doc.mentions.len())
                .map(|i| doc.mention_text(i))
                .collect::<Vec<_>>()
        );
        let doc = run("London's newly elected Muslim mayor spoke. Beijing's subway is full.");
        assert_eq!(doc.mentions[0].etype, EntityType::Place);
        assert!(doc.mentions.iter().all(|m| m.etype != EntityType::Country));
    }

    #[test]
    fn ner_dateline_caps_match_gazetteer() {
        check(
            "ROME, Dec 15 (Reuters) - Talks began.",
            &[
                ("ROME", EntityType::Place),
                ("Reuters", EntityType::Organization),
            ],
        );
    }

    #[test]
    fn ner_a_big_city_the_tagger_typed_a_body_is_the_city() {
        let res = Resources::load_default().unwrap();
        let words: Vec<&str> = "Delegates reach Cleveland ; Cleveland Clinic ; Ames voted"
            .split(' ')
            .collect();
        let body =
            |r: Range<usize>| Mention::new(r, EntityType::Organization, MentionSource::Model);
        let mut mentions = vec![body(2..3), body(4..5), body(7..8)];
        cities_typed_as_bodies(&res, &words, &mut mentions);
        let types: Vec<EntityType> = mentions.iter().map(|m| m.etype).collect();
        // A capitalised word after it, or a small town (a team or a firm more likely), stay.
        assert_eq!(
            types,
            [
                EntityType::Place,
                EntityType::Organization,
                EntityType::Organization
            ]
        );
    }
}
