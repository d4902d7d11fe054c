//! From candidate mentions to one non-overlapping set: demonyms joined to what they open, a
//! head joined to its place, overlaps resolved (longer first; gazetteer, model, rule), surnames
//! retyped by the person they name.

use super::features::{title_case_word, DocContext};
use super::headlines::is_title_case_headline;
use super::shape::{around, is_cap};
use super::spans::HONORIFIC_WORDS;
use super::words::{
    CALENDAR, CONNECTORS, FUNCTION_WORDS, HEADLINE_WORDS, NAME_SUFFIXES, NOMINAL_FOLLOWERS,
    RULER_NOUNS,
};
use crate::doc::{EntityType, Mention, MentionSource};
use crate::nlp::cues::{is_possessive, SPEECH_VERBS};
use crate::nlp::resources::Resources;
use crate::nlp::tokenize::us_state;
use std::collections::HashSet;

/// "Norwegian Football Federation": a demonym right before the name of an organisation that
/// is not an organ of the state is part of that name, and so is a party's one word before a
/// body of the party ("Democratic National Convention"). ("Chinese Foreign Ministry" stays a
/// demonym and a ministry: the relation stage ties the ministry to its country.)
pub(super) fn extend_with_demonyms(cands: &mut Vec<Mention>) {
    let demonym_ends: Vec<(usize, usize)> = cands
        .iter()
        .filter(|m| {
            m.source == MentionSource::Gazetteer
                && (m.etype == EntityType::Country
                    || (m.class.as_deref() == Some("PoliticalParty") && m.tokens.len() == 1))
        })
        .map(|m| (m.tokens.start, m.tokens.end))
        .collect();
    let mut extended = Vec::new();
    for m in cands.iter() {
        let state_organ = matches!(m.class.as_deref(), Some("GovernmentBody" | "PoliceForce"));
        if m.etype != EntityType::Organization
            || state_organ
            || m.source == MentionSource::Gazetteer
            || m.tokens.len() < 2
        {
            continue;
        }
        if let Some(&(start, _)) = demonym_ends.iter().find(|(_, end)| *end == m.tokens.start) {
            let mut longer = m.clone();
            longer.tokens = start..m.tokens.end;
            longer.source = MentionSource::Rule;
            extended.push(longer);
        }
    }
    cands.extend(extended);
}

/// An organisation head word, "of" and a place or country are one organisation ("University
/// of Lyon", "Bank of Korea"), however the layers split them; so is a name the head word ends
/// ("Zionist Organization of America", "Public Policy Institute of California").
pub(super) fn join_head_of_place(
    res: &Resources,
    words: &[&str],
    mentions: Vec<Mention>,
) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
    for m in mentions {
        if let Some(head) = out.last() {
            let last = head.tokens.end - 1;
            let adjacent =
                head.etype == EntityType::Organization && m.tokens.start == head.tokens.end + 1;
            let joins = match words.get(head.tokens.end) {
                Some(&"of") => {
                    matches!(m.etype, EntityType::Place | EntityType::Country)
                        && res.org_head(words[last]).is_some()
                        && is_cap(words[last])
                }
                // "University of California at Berkeley": a university's campus ends its name.
                Some(&"at") => {
                    m.etype == EntityType::Place
                        && words[head.tokens.clone()].contains(&"of")
                        && matches!(words[head.tokens.start], "University" | "College")
                }
                _ => false,
            };
            if adjacent && joins {
                let start = head.tokens.start;
                let class = head.class.clone().or_else(|| {
                    res.org_head(words[last])
                        .filter(|c| *c != "Organization")
                        .map(str::to_string)
                });
                let mut joined = Mention::new(
                    start..m.tokens.end,
                    EntityType::Organization,
                    MentionSource::Rule,
                );
                joined.class = class;
                out.pop();
                out.push(joined);
                continue;
            }
        }
        out.push(m);
    }
    out
}

/// Picks non-overlapping mentions: longer spans first, then gazetteer, model, rule, nominal.
pub(super) fn resolve_overlaps(mut cands: Vec<Mention>) -> Vec<Mention> {
    let rank = |m: &Mention| match m.source {
        MentionSource::Gazetteer => 3,
        MentionSource::Model => 2,
        MentionSource::Rule => 1,
        MentionSource::Nominal => 0,
    };
    cands.sort_by(|a, b| {
        b.tokens
            .len()
            .cmp(&a.tokens.len())
            .then(rank(b).cmp(&rank(a)))
            .then(a.tokens.start.cmp(&b.tokens.start))
    });
    let mut taken: Vec<Mention> = Vec::new();
    let mut used: HashSet<usize> = HashSet::new();
    for m in cands {
        if m.tokens.clone().any(|t| used.contains(&t)) {
            continue;
        }
        used.extend(m.tokens.clone());
        taken.push(m);
    }
    taken.sort_by_key(|m| m.tokens.start);
    taken
}

/// A known place written as a modifier after an article ("the Vermont senator", "the Cleveland
/// crowd", "a New Hampshire voter") is that place, where a model or rule typed it an
/// organisation of no known class: the noun after it, not the name, is the body or the people.
pub(super) fn places_as_modifiers(res: &Resources, words: &[&str], mentions: &mut [Mention]) {
    for m in mentions.iter_mut() {
        if m.etype != EntityType::Organization
            || m.class.is_some()
            || m.wikidata.is_some()
            || m.tokens.len() > 2
            || !matches!(m.source, MentionSource::Model | MentionSource::Rule)
        {
            continue;
        }
        let (before, after) = around(words, m);
        let modifier = matches!(before.as_deref(), Some("the" | "a" | "an"))
            && after.chars().next().is_some_and(char::is_lowercase)
            && !NOMINAL_FOLLOWERS.contains(&after)
            && !CONNECTORS.contains(&after);
        let name = words[m.tokens.clone()].join(" ");
        let place = res
            .places
            .get(&name)
            .is_some_and(|p| matches!(p.kind.as_str(), "city" | "region"));
        if modifier && place {
            m.etype = EntityType::Place;
        }
    }
}

/// A two-word name the layers took for a body or place whose last word the document uses
/// alone for a person ("Mitt Romney" read as an organisation, with "Mr. Romney" or "Romney
/// said" in the story) is that person: the first word a given name or a rare word (not
/// "North"), and no gazetteer or head word types the name.
pub(super) fn persons_by_lone_surname(res: &Resources, words: &[&str], mentions: &mut [Mention]) {
    let honorific = |w: &str| HONORIFIC_WORDS.contains(&w.to_lowercase().as_str());
    let lone: HashSet<&str> = mentions
        .iter()
        .filter(|m| {
            m.etype == EntityType::Person
                && matches!(m.source, MentionSource::Model | MentionSource::Rule)
                && (m.tokens.len() == 1
                    || (m.tokens.len() == 2 && honorific(words[m.tokens.start])))
        })
        .map(|m| words[m.tokens.end - 1])
        .collect();
    for m in mentions.iter_mut() {
        let r = m.tokens.clone();
        let retype = matches!(m.etype, EntityType::Organization | EntityType::Place)
            && matches!(m.source, MentionSource::Model | MentionSource::Rule)
            && r.len() == 2
            && lone.contains(words[r.end - 1])
            && is_cap(words[r.start])
            && !honorific(words[r.start])
            && (res.given_names.contains(words[r.start])
                || res.zipf10(&words[r.start].to_lowercase()) < 40)
            && res.lookup(words[r.start]).is_none()
            && !res.places.contains_key(words[r.start])
            && res.lookup(&words[r.clone()].join(" ")).is_none()
            && !res.places.contains_key(&words[r.clone()].join(" "))
            && super::spans::classify_by_head(res, words, &r).is_none();
        if retype {
            m.etype = EntityType::Person;
            m.class = None;
        }
    }
}

/// A lone word that is the surname of a person named in the document, or names a person
/// elsewhere in it, is that person ("Ruiz said" after "Ana Ruiz"; a headline's "Obama" that the
/// model reads as the Japanese town, with "President Obama" in the story), whatever a rule or
/// the model guessed there.
pub(super) fn retype_surnames(words: &[&str], mentions: &mut [Mention]) {
    // Surnames of persons named in full, and persons named by one word ("President Obama").
    let person_words: HashSet<&str> = mentions
        .iter()
        .filter(|m| {
            m.etype == EntityType::Person
                && m.source != MentionSource::Nominal
                && (m.tokens.len() >= 2 || m.source != MentionSource::Gazetteer)
        })
        .map(|m| words[m.tokens.end - 1])
        .collect();
    // A word the gazetteers know ("Israel", "Jordan") is the person's only where it speaks
    // like one: right before a speech verb ("Israel said", after "Rep. Steve Israel").
    let surnames = surnames_named_in_full(words, mentions);
    let speaks = |m: &Mention| {
        words
            .get(m.tokens.end)
            .is_some_and(|w| SPEECH_VERBS.contains(w))
    };
    for m in mentions.iter_mut() {
        let word = words[m.tokens.start];
        // A subhead's capitals ("GARLAND STEPS ASIDE.") name the person as well.
        let capitals = word.len() > 3
            && word.chars().all(|c| c.is_uppercase())
            && person_words.contains(title_case_word(word).as_str());
        if m.tokens.len() == 1
            && (m.source != MentionSource::Gazetteer && (person_words.contains(word) || capitals)
                || m.source == MentionSource::Gazetteer && surnames.contains(word) && speaks(m))
        {
            // What the gazetteer knew of the word (the country's name and ID) is not the
            // person's.
            if m.source == MentionSource::Gazetteer {
                m.canonical = None;
                m.wikidata = None;
            }
            m.etype = EntityType::Person;
            m.class = None;
        }
    }
}

/// A lone word the tagger read as a person that opens the name of a company the document
/// names, and is no surname of a person named in it, is that company ("an entity as big as
/// Wells" after "Wells Fargo"; "Peabody" after "Peabody Energy").
pub(super) fn company_first_words(words: &[&str], mentions: &mut [Mention]) {
    let firsts: HashSet<&str> = mentions
        .iter()
        .filter(|m| {
            m.etype == EntityType::Organization
                && m.tokens.len() >= 2
                && m.class.as_deref() == Some("Company")
        })
        .map(|m| words[m.tokens.start])
        .collect();
    if firsts.is_empty() {
        return;
    }
    let surnames = surnames_named_in_full(words, mentions);
    for m in mentions.iter_mut() {
        let word = words[m.tokens.start];
        if m.etype == EntityType::Person
            && m.tokens.len() == 1
            && matches!(m.source, MentionSource::Model | MentionSource::Rule)
            && firsts.contains(word)
            && !surnames.contains(word)
        {
            m.etype = EntityType::Organization;
            m.class = Some("Company".to_string());
        }
    }
}

/// "Joseph R. Biden, Jr., is …": a generational suffix after a person's name is part of the
/// name, no place or body of its own (the tagger reads "Biden, Jr." as a town and its state).
pub(super) fn drop_name_suffixes(words: &[&str], mentions: &mut Vec<Mention>) {
    let person_ends: HashSet<usize> = mentions
        .iter()
        .filter(|m| m.etype == EntityType::Person)
        .map(|m| m.tokens.end)
        .collect();
    mentions.retain(|m| {
        let t = m.tokens.start;
        let word = words[t].trim_end_matches('.').to_lowercase();
        let after_person = person_ends.contains(&t)
            || t > 0 && words[t - 1] == "," && person_ends.contains(&(t - 1));
        !(m.tokens.len() == 1
            && m.etype != EntityType::Person
            && after_person
            && NAME_SUFFIXES.contains(&word.as_str()))
    });
}

/// Towns smaller than this, in a country the article never names, are rarely what a lone
/// capitalised word means.
const SMALL_TOWN: u64 = 50_000;

/// A lone word the world gazetteer knows only as a small town abroad ("Obama", Japan; "Rubio",
/// Venezuela), in an article that never names that country, is a person where the article
/// writes it as one anywhere: before a speech verb or a possessive ("Obama said", "Obama's
/// cabinet"), or before "administration", "government" or "regime" ("the Obama
/// administration"); or where it never writes it where a place stands ("in Obama", "Obama,
/// Fukui": "Obama won the nomination" and "an Obama adviser" are a person's).
pub(super) fn small_towns_as_people(res: &Resources, words: &[&str], mentions: &mut [Mention]) {
    let countries: HashSet<String> = mentions
        .iter()
        .filter(|m| m.etype == EntityType::Country)
        .filter_map(|m| m.canonical.clone())
        .collect();
    let small_town_abroad = |m: &Mention| {
        let word = words[m.tokens.start];
        m.etype == EntityType::Place
            && m.tokens.len() == 1
            && m.wikidata.is_none()
            && !res.city_country.contains_key(word)
            && us_state(word).is_none()
            && res.lookup(word).is_none()
            && res.places.get(word).is_some_and(|p| {
                p.kind == "city"
                    && p.population < SMALL_TOWN
                    && !p.country.is_empty()
                    && !countries.contains(&p.country)
            })
    };
    // Not a possessive opening a longer name ("Walker's Point").
    let as_person = |t: usize| {
        let after = words.get(t + 2).copied().unwrap_or("");
        words.get(t + 1).is_some_and(|&next| {
            SPEECH_VERBS.contains(&next)
                || RULER_NOUNS.contains(&next)
                || is_possessive(next) && !after.chars().next().is_some_and(char::is_uppercase)
        })
    };
    if !mentions.iter().any(&small_town_abroad) {
        return;
    }
    // The words the article writes as a person somewhere, in one pass.
    let written_as_person: HashSet<&str> = (0..words.len())
        .filter(|&t| as_person(t))
        .map(|t| words[t])
        .collect();
    // A town stands where a place does somewhere: after "in", "near", "from" … (and "the") or
    // a possessive ("Clinton's Whitehaven residence"), before a comma and its region ("Obama,
    // Fukui"), or abbreviated ("Pa.").
    let as_place = |t: usize| {
        let mut p = t.checked_sub(1);
        if p.is_some_and(|p| matches!(words[p], "the" | "The")) {
            p = p.and_then(|p| p.checked_sub(1));
        }
        p.is_some_and(|p| {
            matches!(words[p], "in" | "at" | "near" | "from" | "to" | "of")
                || is_possessive(words[p])
        }) || matches!(words.get(t + 1), Some(&"," | &"."))
    };
    let written_as_place: HashSet<&str> = mentions
        .iter()
        .filter(|m| small_town_abroad(m) && as_place(m.tokens.start))
        .map(|m| words[m.tokens.start])
        .collect();
    let people: HashSet<&str> = mentions
        .iter()
        .filter(|m| small_town_abroad(m))
        .map(|m| words[m.tokens.start])
        .filter(|word| written_as_person.contains(word) || !written_as_place.contains(word))
        .collect();
    let retype: Vec<bool> = mentions
        .iter()
        .map(|m| people.contains(words[m.tokens.start]) && small_town_abroad(m))
        .collect();
    for (m, _) in mentions.iter_mut().zip(retype).filter(|(_, r)| *r) {
        m.etype = EntityType::Person;
        m.class = None;
        // This rule, not the model's guess, names the person.
        m.source = MentionSource::Rule;
    }
}

/// A rare capitalised word right before the lone surname of someone the document names in
/// full is another person's given name that no layer knew ("Jeb Bush" in a story that also
/// names George W. Bush): the mention takes it, so that the surname is not read as the other
/// person's. Not a word the document writes in lower case, a verb's "-ing" form ("Impeaching
/// Trump"), a function, headline, calendar or title word, a name the gazetteers know, nor in a
/// title-case headline.
pub(super) fn given_name_before_surname(
    res: &Resources,
    words: &[&str],
    sentences: &[std::ops::Range<usize>],
    ctx: &DocContext,
    mentions: &mut [Mention],
) {
    let surnames = surnames_named_in_full(words, mentions);
    let covered: HashSet<usize> = mentions.iter().flat_map(|m| m.tokens.clone()).collect();
    for m in mentions.iter_mut() {
        let start = m.tokens.start;
        if m.etype != EntityType::Person
            || m.tokens.len() != 1
            || start == 0
            || !surnames.contains(words[start])
        {
            continue;
        }
        let Some(sent) = sentences.iter().find(|s| s.contains(&start)) else {
            continue;
        };
        let (k, word) = (start - 1, words[start - 1]);
        let lower = word.to_lowercase();
        let given = k > sent.start
            && is_cap(word)
            && word.len() >= 2
            && word.chars().all(char::is_alphabetic)
            && !lower.ends_with("ing")
            && !covered.contains(&k)
            && !FUNCTION_WORDS.contains(&word)
            && !HEADLINE_WORDS.contains(&word)
            && !CALENDAR.contains(&word)
            && !res.is_title(&lower)
            && res.lookup(word).is_none()
            && !res.places.contains_key(word)
            && !ctx.contains_lower(&lower)
            && res.zipf10(&lower) < 40
            && !is_title_case_headline(&words[sent.clone()], sent.start == 0);
        if given {
            m.tokens.start = k;
        }
    }
}

/// The last words of the people the document names in full ("Ruiz" of "Ana Ruiz"), not of
/// the gazetteers' names or of posts.
fn surnames_named_in_full<'a>(words: &[&'a str], mentions: &[Mention]) -> HashSet<&'a str> {
    mentions
        .iter()
        .filter(|m| {
            m.etype == EntityType::Person
                && m.source != MentionSource::Gazetteer
                && m.source != MentionSource::Nominal
                && m.tokens.len() >= 2
        })
        .map(|m| words[m.tokens.end - 1])
        .collect()
}

/// Drops a word that joins two people's surnames by a hyphen ("the Trump-Clinton race", "the
/// Obama-Biden ticket"), each named in full in the document: a pair of people as a modifier,
/// no place or organisation of its own, whatever the model read it as.
pub(super) fn drop_name_pairs(words: &[&str], mentions: &mut Vec<Mention>) {
    let surnames = surnames_named_in_full(words, mentions);
    mentions.retain(|m| {
        let word = words[m.tokens.start];
        let pair = m.tokens.len() == 1
            && m.etype != EntityType::Person
            && word.split('-').count() >= 2
            && word.split('-').all(|part| surnames.contains(part));
        !pair
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Doc;
    use std::ops::Range;

    use crate::nlp::ner::{crf::NerModel, Ner};
    use crate::nlp::stage::Stage;
    use crate::nlp::{sentences::SentenceSplitter, tokenize::Tokenizer};
    use std::sync::Arc;

    #[test]
    fn ner_a_lone_surname_is_the_person_named_in_full_even_in_capitals() {
        let words = [
            "GARLAND", "STEPS", "ASIDE", ".", "Judge", "Merrick", "Garland", "left", ".",
        ];
        let mut mentions = vec![
            Mention::new(0..1, EntityType::Organization, MentionSource::Model),
            Mention::new(5..7, EntityType::Person, MentionSource::Model),
        ];
        retype_surnames(&words, &mut mentions);
        assert_eq!(mentions[0].etype, EntityType::Person);
        // Capitals that are no surname of the story stay what they were read as.
        let words = [
            "NASA", "said", ".", "Judge", "Merrick", "Garland", "left", ".",
        ];
        let mut mentions = vec![
            Mention::new(0..1, EntityType::Organization, MentionSource::Model),
            Mention::new(4..6, EntityType::Person, MentionSource::Model),
        ];
        retype_surnames(&words, &mut mentions);
        assert_eq!(mentions[0].etype, EntityType::Organization);
    }

    /// The types `company_first_words` leaves on a company named by the first two words and
    /// the people the model read at `people`.
    fn company_and_people(words: &[&str], people: &[std::ops::Range<usize>]) -> Vec<EntityType> {
        let mut company = Mention::new(0..2, EntityType::Organization, MentionSource::Model);
        company.class = Some("Company".to_string());
        let mut mentions = vec![company];
        mentions.extend(
            people
                .iter()
                .map(|r| Mention::new(r.clone(), EntityType::Person, MentionSource::Model)),
        );
        company_first_words(words, &mut mentions);
        mentions.iter().map(|m| m.etype).collect()
    }

    #[test]
    fn ner_a_lone_first_word_of_a_company_is_the_company() {
        let words = [
            "Zorvex", "Holdings", "paid", ".", "Zorvex", "is", "big", ".", "Ana", "Korbin", "met",
            "Korbin", ".",
        ];
        let types = company_and_people(&words, &[4..5, 8..10, 11..12]);
        assert_eq!(
            types,
            [
                EntityType::Organization,
                EntityType::Organization,
                EntityType::Person,
                EntityType::Person
            ]
        );
        // A surname of a person named in full stays that person's ("Ford" after "Ford Motor"
        // and "Henry Ford").
        let words = [
            "Ford", "Motor", "grew", ".", "Henry", "Ford", "met", "Ford", ".",
        ];
        let types = company_and_people(&words, &[4..6, 7..8]);
        assert_eq!(types[2], EntityType::Person);
    }

    #[test]
    fn ner_a_generational_suffix_is_no_name_of_its_own() {
        let words = [
            "Joseph", "R.", "Biden", ",", "Jr.", ",", "is", "in", "Jr.", "Smith", "Park",
        ];
        let mut mentions = vec![
            Mention::new(0..3, EntityType::Person, MentionSource::Model),
            Mention::new(4..5, EntityType::Place, MentionSource::Model),
            Mention::new(8..11, EntityType::Place, MentionSource::Model),
        ];
        drop_name_suffixes(&words, &mut mentions);
        let kept: Vec<_> = mentions.iter().map(|m| m.tokens.clone()).collect();
        assert_eq!(kept, [0..3, 8..11]);
    }

    #[test]
    fn ner_a_small_town_abroad_written_as_a_person_is_one() {
        let res = Resources::load_default().unwrap();
        let place =
            |tokens: Range<usize>| Mention::new(tokens, EntityType::Place, MentionSource::Model);
        let types = |words: &[&str], mut mentions: Vec<Mention>| {
            small_towns_as_people(&res, words, &mut mentions);
            mentions.iter().map(|m| m.etype).collect::<Vec<_>>()
        };
        // "Obama" is a town in Japan: before a speech verb or "administration", a person.
        let words = ["Obama", "said", "the", "Obama", "administration", "acts"];
        assert_eq!(
            types(&words, vec![place(0..1), place(3..4)]),
            [EntityType::Person; 2]
        );
        // Never written where a place stands: a person too ("Obama won", "an Obama adviser").
        let words = ["Obama", "won", ";", "an", "Obama", "adviser", "spoke"];
        assert_eq!(
            types(&words, vec![place(0..1), place(4..5)]),
            [EntityType::Person; 2]
        );
        // Written as a place (once is enough), or in an article naming Japan, the town.
        let words = [
            "Obama", "grew", ";", "they", "met", "in", "the", "Obama", "hills",
        ];
        assert_eq!(
            types(&words, vec![place(0..1), place(7..8)]),
            [EntityType::Place; 2]
        );
        let words = ["They", "met", "in", "Obama", "."];
        assert_eq!(types(&words, vec![place(3..4)]), [EntityType::Place]);
        let words = [
            "In", "Obama", ",", "Japan", ",", "Obama", "'s", "port", "said", "so",
        ];
        let mut japan = Mention::new(3..4, EntityType::Country, MentionSource::Gazetteer);
        japan.canonical = Some("Japan".into());
        assert_eq!(
            types(&words, vec![place(1..2), japan, place(5..6)]),
            [EntityType::Place, EntityType::Country, EntityType::Place]
        );
        // A possessive opening a longer name is no person's.
        let words = ["Summers", "at", "Obama", "'s", "Point", "."];
        assert_eq!(types(&words, vec![place(2..3)]), [EntityType::Place]);
    }

    #[test]
    fn ner_two_surnames_joined_by_a_hyphen_are_no_name() {
        let words = [
            "Ana",
            "Ruiz",
            "and",
            "Bo",
            "Lind",
            "in",
            "the",
            "Ruiz-Lind",
            "race",
        ];
        let mut mentions = vec![
            Mention::new(0..2, EntityType::Person, MentionSource::Model),
            Mention::new(3..5, EntityType::Person, MentionSource::Model),
            Mention::new(7..8, EntityType::Place, MentionSource::Model),
        ];
        drop_name_pairs(&words, &mut mentions);
        assert_eq!(mentions.len(), 2);
        // A hyphenated name of its own stays ("Baden-Württemberg").
        let words = ["Ana", "Ruiz", "in", "Baden-Ruiz"];
        let mut mentions = vec![
            Mention::new(0..2, EntityType::Person, MentionSource::Model),
            Mention::new(3..4, EntityType::Place, MentionSource::Model),
        ];
        drop_name_pairs(&words, &mut mentions);
        assert_eq!(mentions.len(), 2);
    }

    /// A rare capitalised word before the lone surname of someone named in full is a given
    /// name; a title, a day or a word the text writes in lower case is not.
    #[test]
    fn ner_unknown_given_name_before_a_shared_surname() {
        let res = Resources::load_default().unwrap();
        let text = "The critics on the right mocked Jeb Bush , Senator Bush and Tuesday Bush in their ads . \
                    George W. Bush won .";
        let words: Vec<&str> = text.split(' ').collect();
        let sentences = [0..18, 18..words.len()];
        let ctx = DocContext::new(&res, sentences.iter().map(|s| &words[s.clone()]));
        let person = |r: Range<usize>| Mention::new(r, EntityType::Person, MentionSource::Model);
        let mut mentions = vec![person(7..8), person(10..11), person(13..14), person(18..21)];
        given_name_before_surname(&res, &words, &sentences, &ctx, &mut mentions);
        let spans: Vec<Range<usize>> = mentions.iter().map(|m| m.tokens.clone()).collect();
        assert_eq!(spans, [6..8, 10..11, 13..14, 18..21]);
        // Without someone of that surname named in full, nothing is taken.
        let mut mentions = vec![person(7..8)];
        given_name_before_surname(&res, &words, &sentences, &ctx, &mut mentions);
        assert_eq!(mentions[0].tokens, 7..8);
    }

    #[test]
    fn ner_a_known_place_as_a_modifier_is_that_place() {
        let res = Resources::load_default().unwrap();
        let typed = |text: &str, at: std::ops::Range<usize>| {
            let words: Vec<&str> = text.split(' ').collect();
            let mut m = vec![Mention::new(
                at,
                EntityType::Organization,
                MentionSource::Model,
            )];
            places_as_modifiers(&res, &words, &mut m);
            m[0].etype
        };
        assert_eq!(
            typed("The Vermont senator declined", 1..2),
            EntityType::Place
        );
        assert_eq!(typed("asked the Cleveland crowd", 2..3), EntityType::Place);
        // Not a modifier, or no known place: as typed.
        assert_eq!(typed("the Cleveland said", 1..2), EntityType::Organization);
        assert_eq!(
            typed("a Zorblaxia spokesman", 1..2),
            EntityType::Organization
        );
        assert_eq!(typed("in Cleveland today", 1..2), EntityType::Organization);
    }

    #[test]
    fn ner_country_named_like_a_person_of_the_story_is_that_person_when_it_speaks() {
        let res = Resources::load_default().unwrap();
        let mut doc = Doc::new(
            "t.txt",
            "WASHINGTON \u{2014} House Democrats met on Wednesday. Rep. Steve Israel (D-N.Y) \
             said Clinton would win. \u{201c}We will win,\u{201d} Israel said. Israel and \
             Jordan signed a deal in 1994.",
        );
        Tokenizer.run(&mut doc).unwrap();
        SentenceSplitter.run(&mut doc).unwrap();
        Ner::new(Arc::new(res), NerModel::builtin().unwrap())
            .run(&mut doc)
            .unwrap();
        let israel: Vec<(EntityType, Option<String>)> = (0..doc.mentions.len())
            .filter(|&i| doc.mention_text(i) == "Israel")
            .map(|i| (doc.mentions[i].etype, doc.mentions[i].wikidata.clone()))
            .collect();
        assert_eq!(
            israel,
            vec![
                (EntityType::Person, None),
                (EntityType::Country, Some("Q801".to_string()))
            ]
        );
    }

    #[test]
    fn ner_a_name_whose_surname_is_a_person_here_is_that_person() {
        let res = Resources::load_default().unwrap();
        let words = [
            "Backing", "of", "Mitt", "Zorvex", "and", "North", "Zorvex", ";", "Mr.", "Zorvex",
            "spoke", "to", "Lyon", "Partners",
        ];
        let mut mentions = vec![
            Mention::new(2..4, EntityType::Organization, MentionSource::Model),
            Mention::new(5..7, EntityType::Place, MentionSource::Model),
            Mention::new(8..10, EntityType::Person, MentionSource::Rule),
            Mention::new(12..14, EntityType::Organization, MentionSource::Model),
        ];
        persons_by_lone_surname(&res, &words, &mut mentions);
        let types: Vec<EntityType> = mentions.iter().map(|m| m.etype).collect();
        // "North" is a common word, no given name; "Partners" is no surname here.
        assert_eq!(
            types,
            [
                EntityType::Person,
                EntityType::Place,
                EntityType::Person,
                EntityType::Organization
            ]
        );
    }

    #[test]
    fn ner_town_named_like_a_person_of_the_story_is_that_person() {
        // Obama is also a town in Japan, which the model reads in the headline; Lyon is named
        // by no person here.
        let res = Resources::load_default().unwrap();
        let mut doc = Doc::new("t.txt", "World leaders denounce N. Korea test; Obama, others vow consequences.\n\nPresident Obama condemned the test in Lyon.");
        Tokenizer.run(&mut doc).unwrap();
        SentenceSplitter.run(&mut doc).unwrap();
        Ner::new(Arc::new(res), NerModel::builtin().unwrap())
            .run(&mut doc)
            .unwrap();
        let obama: Vec<EntityType> = (0..doc.mentions.len())
            .filter(|&i| doc.mention_text(i) == "Obama")
            .map(|i| doc.mentions[i].etype)
            .collect();
        let all: Vec<_> = (0..doc.mentions.len())
            .map(|i| {
                (
                    doc.mention_text(i),
                    doc.mentions[i].etype,
                    doc.mentions[i].source,
                )
            })
            .collect();
        assert_eq!(
            obama,
            vec![EntityType::Person, EntityType::Person],
            "{all:?}"
        );
        assert!((0..doc.mentions.len())
            .any(|i| doc.mention_text(i) == "Lyon" && doc.mentions[i].etype == EntityType::Place));
    }
}
