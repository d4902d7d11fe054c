//! Person and organisation names as coreference compares them: honorifics, name words,
//! acronyms, the gender an honorific gives.

use crate::doc::{Doc, EntityType};
use crate::nlp::ner::features::title_case_word;
use crate::nlp::ner::titles::is_abbreviated_title;
use crate::nlp::resources::{GazKind, Gender, Resources};

/// Initials of the capitalised words of a name ("Belt and Road Initiative" → "BRI").
pub(super) fn acronym(name: &str) -> String {
    name.split([' ', '-'])
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

pub(super) fn is_acronym(surface: &str) -> bool {
    let letters: Vec<char> = surface.chars().filter(|c| *c != '.').collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// A person's name without the honorific or abbreviated title written before it ("Mr.
/// Obama", "Rep. Gwen Moore"): what the entity is named by.
pub(super) fn without_honorific(surface: &str) -> &str {
    match surface.split_once(' ') {
        Some((first, rest)) => {
            let word = first.trim_end_matches('.');
            if HONORIFICS.contains(&word) || is_abbreviated_title(first) {
                rest
            } else {
                surface
            }
        }
        None => surface,
    }
}

/// Honorifics written before a name, without their full stop.
pub(super) const HONORIFICS: [&str; 7] = ["Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame"];

/// The gender an honorific gives its bearer ("Mr." a man; "Mrs.", "Ms.", "Miss" a woman).
pub(super) fn honorific_gender(word: &str) -> Gender {
    match word.trim_end_matches('.') {
        "Mr" | "Sir" => Gender::Male,
        "Mrs" | "Ms" | "Miss" | "Dame" => Gender::Female,
        _ => Gender::Unknown,
    }
}

/// The gender the honorific of a mention gives: the first word of its text ("Mr. Obama") or
/// the word before it.
pub(super) fn mention_honorific(doc: &Doc, mention: usize) -> Gender {
    let tokens = &doc.mentions[mention].tokens;
    let first = honorific_gender(doc.token_text(tokens.start));
    if first != Gender::Unknown {
        return first;
    }
    tokens
        .start
        .checked_sub(1)
        .map_or(Gender::Unknown, |t| honorific_gender(doc.token_text(t)))
}

/// Name words without honorifics ("Mr.", "Mrs.", "Dr.") and generational suffixes ("Jr.",
/// "III").
pub(super) fn name_words(name: &str) -> Vec<&str> {
    let mut words: Vec<&str> = name.split(' ').collect();
    while words.len() > 1 && HONORIFICS.contains(&words[0].trim_end_matches('.')) {
        words.remove(0);
    }
    while words.len() > 1
        && matches!(
            *words.last().unwrap_or(&""),
            "Jr." | "Jr" | "Sr." | "Sr" | "II" | "III" | "IV"
        )
    {
        words.pop();
    }
    words
}

/// Whether two person names can be the same person: one is the other's surname, given name
/// or final part, or the other without its middle name ("Ruiz" / "Ana Ruiz", "Barth Eide" /
/// "Espen Barth Eide", "Marcos" / "Ferdinand Marcos Jr.", "Mr. Trump" / "Donald Trump",
/// "Hillary Clinton" / "Hillary Rodham Clinton"), or they differ only by an honorific.
pub(super) fn same_person(a: &str, b: &str) -> bool {
    let (raw_a, raw_b) = (a, b);
    // A subhead's capitals name as the story does ("GARLAND" is Merrick Garland).
    let words = |name| -> Vec<String> {
        name_words(name)
            .into_iter()
            .map(|w| {
                if w.len() > 3 && w.chars().all(char::is_uppercase) {
                    title_case_word(w)
                } else {
                    w.to_string()
                }
            })
            .collect()
    };
    let (a, b) = (words(a), words(b));
    if a == b {
        return raw_a != raw_b;
    }
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() || short.len() == long.len() {
        return false;
    }
    long.ends_with(&short)
        || (short.len() == 1 && long.first() == short.first())
        // "Hillary Clinton" and "Hillary Rodham Clinton": the same given name and surname.
        || (short.len() == 2 && long.first() == short.first() && long.last() == short.last())
}

crate::words::list! {
    /// Honorifics and titles before a name that make it a person ("Mr.", "President").
    PERSON_CUES = "coref/person_cues.txt"
}
crate::words::list! {
    /// Head words an institution's short name drops ("Hofstra" of "Hofstra University").
    pub SHORT_NAME_HEADS = "coref/short_name_heads.txt"
}

/// Whether `short` is the short name of the institution `full` ("Hofstra", "Hofstra
/// University"; "Apple", "Apple Inc."): its first word, before a head word the short name
/// drops.
pub fn is_short_name(short: &str, full: &str) -> bool {
    match full.split_once(' ') {
        Some((first, head)) => {
            first == short
                && !head.contains(' ')
                && SHORT_NAME_HEADS.contains(&head.trim_end_matches('.').to_lowercase())
        }
        None => false,
    }
}

/// Whether a one-word name reads as a person's: after a title or honorific, or before a speech
/// verb.
pub(super) fn person_cue(doc: &Doc, tokens: std::ops::Range<usize>) -> bool {
    let before = tokens
        .start
        .checked_sub(1)
        .map(|t| doc.token_text(t).to_lowercase());
    let after = doc
        .tokens
        .get(tokens.end)
        .map(|_| doc.token_text(tokens.end));
    before.as_deref().is_some_and(|b| PERSON_CUES.contains(&b))
        || after.is_some_and(|a| matches!(a, "said" | "says" | "told" | "added" | "wrote"))
}

/// Normalised key for exact name matching.
pub(super) fn name_key(name: &str) -> String {
    name.trim_start_matches("the ")
        .trim_start_matches("The ")
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect::<String>()
        .to_lowercase()
}

/// An organisation's name with the country it opens with written as the gazetteers name it:
/// "U.S. District Court" and "United States District Court" are one court, "UK Parliament" the
/// "United Kingdom Parliament". `None` when the name opens with no country or already names it
/// so.
pub(super) fn with_country_named(res: &Resources, name: &str) -> Option<String> {
    let name = name
        .strip_prefix("The ")
        .or_else(|| name.strip_prefix("the "))
        .unwrap_or(name);
    let words: Vec<&str> = name.split(' ').collect();
    (1..=3.min(words.len().saturating_sub(1)))
        .rev()
        .find_map(|len| {
            let opening = words[..len].join(" ");
            let country = res
                .lookup(&opening)?
                .iter()
                .find(|g| g.etype == EntityType::Country && g.kind == GazKind::Name)?;
            (country.canonical != opening)
                .then(|| format!("{} {}", country.canonical, words[len..].join(" ")))
        })
}
