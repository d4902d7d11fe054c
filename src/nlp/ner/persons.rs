//! Names the tagger typed as a body or a place that read as a person's: a given name, or a word
//! too rare to be anything else, before a surname ("Vivica Fox", "Hedrick Smith" read as
//! organisations; "Jeb Bush" as a place), or a given name first and a generational suffix last
//! ("Vann R. Newkirk II").

use super::features::title_case_word;
use super::shape::{around, is_cap};
use super::spans::classify_by_head;
use super::words::{FACILITY_HEADS, FUNCTION_WORDS, GEO_HEADS};
use crate::doc::{EntityType, Mention, MentionSource};
use crate::nlp::cues::{is_possessive, AUXILIARIES, SPEECH_VERBS};
use crate::nlp::resources::Resources;
use std::collections::HashSet;
use std::ops::Range;

crate::words::list! {
    /// Last words of place and firm names that are also surnames ("Long Beach", "Foggy Bottom",
    /// "Harmon Brothers").
    PLACE_NAME_ENDS = "ner/place_name_ends.txt"
}

/// Nouns a person's name modifies ("the Romney campaign", "the Bush administration").
const PERSONAL_NOUNS: [&str; 6] = [
    "administration",
    "campaign",
    "presidency",
    "era",
    "camp",
    "family",
];

/// Words before a name that make it where something is ("in Eau Claire", "at Foggy Bottom"),
/// unless the name is a possessive ("in Ayn Rand's novel").
const LOCATIVES: [&str; 6] = ["in", "at", "from", "near", "to", "outside"];

/// Zipf frequency (×10) under which a capitalised word that opens a name is no common word
/// ("Mitt", "Vivica", not "Long" or "Oak").
const RARE: u8 = 35;

/// Whether a two-word name (or one with a middle initial) reads as a given name and a surname:
/// the first word a given name the lexicon knows or a rare word that opens no place's name
/// ("Ciudad Juarez"), the last a census surname, neither a name the gazetteers know, nor the
/// end of a place's or firm's name, nor a head word that types it.
fn reads_as_person(res: &Resources, words: &[&str], m: &Mention) -> bool {
    let r = m.tokens.clone();
    // Two words, or three with a middle initial ("George W. Bush").
    let initial = |w: &str| {
        w.len() == 2 && w.ends_with('.') && w.starts_with(|c: char| c.is_ascii_uppercase())
    };
    if !(r.len() == 2 || (r.len() == 3 && initial(words[r.start + 1]))) {
        return false;
    }
    let (given, surname) = (words[r.start], words[r.end - 1]);
    // Capitalised once, letters only ("Éric" too; not "McLenney", "FDR").
    let plain = |w: &str| {
        is_cap(w)
            && w.chars().count() >= 3
            && w.chars().all(char::is_alphabetic)
            && w.chars().skip(1).all(|c| !c.is_uppercase())
    };
    let lower = surname.to_lowercase();
    plain(given)
        && plain(surname)
        && opens_a_personal_name(res, given)
        && res.surnames.contains(surname)
        && !PLACE_NAME_ENDS.contains(&lower.as_str())
        && !GEO_HEADS.contains(&lower.as_str())
        && !FACILITY_HEADS.contains(&lower.as_str())
        && res.org_head(surname).is_none()
        // A place's name before a surname may name something of the place; before an initial
        // it does not ("George W. Bush").
        && (r.len() == 3 || (res.lookup(given).is_none() && !res.places.contains_key(given)))
        && res.lookup(surname).is_none()
        && res.lookup(&words[r.clone()].join(" ")).is_none()
        && !res.places.contains_key(&words[r.clone()].join(" "))
        && classify_by_head(res, words, &r).is_none()
}

/// A given name the lexicon knows, or a word too rare to be a common one that opens no
/// place's name ("Vivica"; not "Long", "Ciudad").
fn opens_a_personal_name(res: &Resources, word: &str) -> bool {
    res.given_names.contains(word)
        || res.zipf10(&word.to_lowercase()) < RARE && !res.place_first_words.contains(word)
}

/// Generational suffixes that end a person's name ("Jr.", "III"), without their full stop.
const GENERATIONS: [&str; 5] = ["Jr", "Sr", "II", "III", "IV"];

/// Whether a name of three words or more reads as a person's for its generational suffix: a
/// given name first (or a rare word), a suffix last ("Vann R. Newkirk II", "John Paul II";
/// not "World War II"), no head word that types it and no name the gazetteers know.
fn suffixed_person(res: &Resources, words: &[&str], m: &Mention) -> bool {
    let r = m.tokens.clone();
    r.len() >= 3
        && GENERATIONS.contains(&words[r.end - 1].trim_end_matches('.'))
        && opens_a_personal_name(res, words[r.start])
        && res.lookup(words[r.start]).is_none()
        && words[r.start..r.end - 1].iter().all(|w| is_cap(w))
        && res.lookup(&words[r.clone()].join(" ")).is_none()
        && classify_by_head(res, words, &(r.start..r.end - 1)).is_none()
}

/// Whether a mention stands where a place does ("in Eau Claire", not "in Ayn Rand's") or
/// modifies a noun ("the Sabal Palm clubs").
fn stands_as_place_or_modifier(words: &[&str], m: &Mention) -> bool {
    let (before, after) = around(words, m);
    let locative = before.is_some_and(|b| LOCATIVES.contains(&b.as_str())) && !is_possessive(after);
    // A lower-case word after the name that can be a noun: not a function word, an auxiliary
    // or a speech verb ("Mitt Romney in 2012", "Jeb Bush has said"), nor a noun a person's
    // name modifies ("the Bush administration").
    let modifier = after.chars().next().is_some_and(char::is_lowercase)
        && after.chars().all(char::is_alphabetic)
        && !matches!(after, "and" | "or" | "who" | "of")
        && !FUNCTION_WORDS.contains(&title_case_word(after).as_str())
        && !AUXILIARIES.contains(&after)
        && !SPEECH_VERBS.contains(&after)
        && !PERSONAL_NOUNS.contains(&after);
    locative || modifier
}

/// Retypes as a person every two-word body or place of the tagger's or the rules' that reads as
/// a given name and a surname, or a longer one a generational suffix ends, unless one of its
/// mentions stands where a place does or modifies a noun.
pub(super) fn persons_by_given_name(res: &Resources, words: &[&str], mentions: &mut [Mention]) {
    let candidate = |m: &Mention| {
        matches!(m.etype, EntityType::Organization | EntityType::Place)
            && matches!(m.source, MentionSource::Model | MentionSource::Rule)
            && m.class.is_none()
            && (reads_as_person(res, words, m) || suffixed_person(res, words, m))
    };
    let name = |m: &Mention| words[m.tokens.clone()].join(" ");
    let placed: HashSet<String> = mentions
        .iter()
        .filter(|m| candidate(m) && stands_as_place_or_modifier(words, m))
        .map(name)
        .collect();
    for m in mentions.iter_mut() {
        // A generational suffix ends no place's name and modifies no noun.
        if candidate(m) && (!placed.contains(&name(m)) || suffixed_person(res, words, m)) {
            m.etype = EntityType::Person;
        }
    }
}

/// A building named after a person the article names, read as a person ("Trump Tower",
/// "Lincoln Memorial" in a story naming Donald Trump, Abraham Lincoln) is a place: the name is
/// the person's surname and a facility's head word. Not a person whose surname is such a word
/// ("Arsenio Hall", "John Tower": their first word is no surname of the story's).
pub(super) fn facilities_named_after_people(words: &[&str], mentions: &mut [Mention]) {
    let surnames: HashSet<&str> = mentions
        .iter()
        .filter(|m| {
            m.etype == EntityType::Person
                && m.tokens.len() >= 2
                && !FACILITY_HEADS.contains(&words[m.tokens.end - 1].to_lowercase().as_str())
        })
        .map(|m| words[m.tokens.end - 1])
        .collect();
    for m in mentions.iter_mut() {
        let r = m.tokens.clone();
        if m.etype == EntityType::Person
            && r.len() == 2
            && m.source != MentionSource::Gazetteer
            && surnames.contains(words[r.start])
            && FACILITY_HEADS.contains(&words[r.end - 1].to_lowercase().as_str())
        {
            m.etype = EntityType::Place;
            m.class = None;
        }
    }
}

/// Letters' salutations and given names cut before a nickname: "Dear Jack" is Jack; "Robert C."
/// of 'Robert C. "Bobby" Scott' is no name of its own (the name the story uses follows the
/// nickname).
pub(super) fn salutations_and_nicknames(words: &[&str], mentions: &mut Vec<Mention>) {
    let quote = |k: usize| {
        words
            .get(k)
            .is_some_and(|w| crate::nlp::cues::is_quote_mark(w))
    };
    mentions.retain(|m| {
        let r = m.tokens.clone();
        let initial_last = words[r.end - 1].len() == 2 && words[r.end - 1].ends_with('.');
        !(m.etype == EntityType::Person
            && r.len() >= 2
            && initial_last
            && quote(r.end)
            && words.get(r.end + 1).is_some_and(|w| is_cap(w))
            && quote(r.end + 2))
    });
    for m in mentions.iter_mut() {
        if m.etype == EntityType::Person && m.tokens.len() >= 2 && words[m.tokens.start] == "Dear" {
            m.tokens.start += 1;
        }
    }
}

/// One syllable of Korean romanised (McCune–Reischauer or the Revised Romanisation), as the
/// parts of a Korean name are written ("Ban", "Ki", "moon", "Geun", "hye", "Jong", "un").
static KOREAN_SYLLABLE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        "^(?:kk|tt|pp|ss|jj|ch|g|k|n|d|t|r|l|m|b|p|s|j|h|y|w)?\
         (?:yae|wae|yeo|ae|ya|eo|ye|wa|oe|oi|yo|oo|wo|we|wi|yu|eu|ui|ee|a|e|o|u|i)\
         (?:ng|rk|k|n|t|l|m|p)?$",
    )
    .expect("a valid pattern")
});

/// Is a word one capitalised Korean syllable ("Ban", "Moon"), or, `hyphenated`, two joined
/// by a hyphen, the first capitalised ("Ki-moon", "Jae-in")?
fn korean_part(word: &str, hyphenated: bool) -> bool {
    let syllable = |w: &str, cap: bool| {
        let mut chars = w.chars();
        chars.next().is_some_and(|c| c.is_ascii_uppercase() == cap)
            && chars.all(|c| c.is_ascii_lowercase())
            && KOREAN_SYLLABLE.is_match(&w.to_ascii_lowercase())
    };
    match word.split_once('-') {
        Some((a, b)) => hyphenated && syllable(a, true) && syllable(b, false),
        None => !hyphenated && syllable(word, true),
    }
}

/// Korean names written family name first, the given name's two syllables hyphenated ("Ban
/// Ki-moon", "Park Geun-hye", "Moon Jae-in"): a person the tagger, which learnt English names,
/// reads as "Ban" or not at all. Later "Mr. Ban" joins the full name by its first word.
pub(super) fn korean_names(words: &[&str], sent: Range<usize>, out: &mut Vec<Mention>) {
    for k in sent.start..sent.end.saturating_sub(1) {
        if korean_part(words[k], false) && korean_part(words[k + 1], true) {
            out.push(Mention::new(
                k..k + 2,
                EntityType::Person,
                MentionSource::Rule,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buildings_named_after_the_story_s_people_are_places() {
        let words: Vec<&str> = "Donald Trump met Arsenio Hall at Trump Tower ; Hall Tower"
            .split(' ')
            .collect();
        let person = |r: Range<usize>| Mention::new(r, EntityType::Person, MentionSource::Model);
        let mut mentions = vec![person(0..2), person(3..5), person(6..8), person(9..11)];
        facilities_named_after_people(&words, &mut mentions);
        let types: Vec<EntityType> = mentions.iter().map(|m| m.etype).collect();
        // "Hall Tower": Arsenio Hall's surname is a facility's head, no one else's.
        assert_eq!(
            types,
            [
                EntityType::Person,
                EntityType::Person,
                EntityType::Place,
                EntityType::Person
            ]
        );
    }

    #[test]
    fn salutations_and_names_cut_before_a_nickname() {
        let words: Vec<&str> = "Rep. Robert C. \" Bobby \" Scott wrote \" Dear Jack , no\""
            .split(' ')
            .collect();
        let person = |r: Range<usize>| Mention::new(r, EntityType::Person, MentionSource::Model);
        let mut mentions = vec![person(1..3), person(4..5), person(6..7), person(9..11)];
        salutations_and_nicknames(&words, &mut mentions);
        let names: Vec<String> = mentions
            .iter()
            .map(|m| words[m.tokens.clone()].join(" "))
            .collect();
        assert_eq!(names, ["Bobby", "Scott", "Jack"]);
    }

    #[test]
    fn korean_names_are_persons() {
        for name in [
            "Ban Ki-moon",
            "Park Geun-hye",
            "Moon Jae-in",
            "Kim Jong-un",
            "Han Min-koo",
        ] {
            let words: Vec<&str> = format!("said {name} today").leak().split(' ').collect();
            let mut out = Vec::new();
            korean_names(&words, 0..words.len(), &mut out);
            assert_eq!(out.len(), 1, "{name}");
            assert_eq!(
                (out[0].tokens.clone(), out[0].etype),
                (1..3, EntityType::Person)
            );
        }
        // English compounds after a capitalised word are no given names.
        for text in [
            "a New York-based group",
            "The Queens-born developer",
            "Post Editor-in chief",
            "Sees Reagan-like rise",
            "Jeb Bush-spent money",
            "White House-era rules",
            "Senior Editor-at large",
        ] {
            let words: Vec<&str> = text.split(' ').collect();
            let mut out = Vec::new();
            korean_names(&words, 0..words.len(), &mut out);
            assert!(out.is_empty(), "{text}");
        }
    }

    /// The two-word mentions of a text (words parted by spaces), typed `etype`, retyped.
    fn retyped(text: &str, etype: EntityType) -> Vec<(String, EntityType)> {
        let res = Resources::load_default().unwrap();
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut mentions: Vec<Mention> = (0..words.len().saturating_sub(1))
            .filter(|&k| is_cap(words[k]) && is_cap(words[k + 1]) && k > 0)
            .map(|k| Mention::new(k..k + 2, etype, MentionSource::Model))
            .collect();
        persons_by_given_name(&res, &words, &mut mentions);
        mentions
            .iter()
            .map(|m| (words[m.tokens.clone()].join(" "), m.etype))
            .collect()
    }

    /// The type of one mention (`span` of the words of `text`) typed `etype`, retyped.
    fn retyped_span(text: &str, span: std::ops::Range<usize>, etype: EntityType) -> EntityType {
        let res = Resources::load_default().unwrap();
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut mentions = vec![Mention::new(span, etype, MentionSource::Model)];
        persons_by_given_name(&res, &words, &mut mentions);
        mentions[0].etype
    }

    #[test]
    fn a_given_name_and_a_surname_are_a_person() {
        assert_eq!(
            retyped("endorsers Vivica Fox and others", EntityType::Organization),
            [("Vivica Fox".to_string(), EntityType::Person)]
        );
        assert_eq!(
            retyped("the likes of Jeb Bush or others", EntityType::Place),
            [("Jeb Bush".to_string(), EntityType::Person)]
        );
        assert_eq!(
            retyped_span(
                "by Vann R. Newkirk II wrote",
                1..5,
                EntityType::Organization
            ),
            EntityType::Person
        );
        assert_eq!(
            retyped_span("since World War II the", 1..4, EntityType::Organization),
            EntityType::Organization
        );
        assert_eq!(
            retyped_span(
                "the George W. Bush administration",
                1..4,
                EntityType::Organization
            ),
            EntityType::Person
        );
        // A first letter of two bytes reads like any other.
        assert_eq!(
            retyped("the singer Élodie Fox and others", EntityType::Organization),
            [("Élodie Fox".to_string(), EntityType::Person)]
        );
        // A common first word, a place's last word, a name standing where a place does.
        for text in [
            "a rally in Long Beach on Friday",
            "the closures of the Sabal Palm clubs",
            "an adviser in Eau Claire , Wis.",
            "the border town Ciudad Juarez was quiet",
            "she worked at Foggy Bottom for years",
            "the ad was made by Harmon Brothers last year",
        ] {
            let got = retyped(text, EntityType::Place);
            assert!(
                got.iter().all(|(_, t)| *t == EntityType::Place),
                "{text}: {got:?}"
            );
        }
    }
}
