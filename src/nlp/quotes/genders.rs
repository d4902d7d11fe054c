//! The genders an article gives its people: from posts and titles ("chairwoman"), given names,
//! and the pronouns that follow a name outside quotations.

use crate::doc::{Doc, EntityType};
use crate::nlp::resources::{Gender, Resources};

/// Words before a name that give its bearer's gender: honorifics and gendered posts. Not
/// "spokesman" or "chairman", which news gives women too ("Trump spokesman Hope Hicks").
pub(super) const MALE_WORDS: [&str; 8] = [
    "mr",
    "sir",
    "lord",
    "king",
    "prince",
    "congressman",
    "businessman",
    "councilman",
];

crate::words::list! {
    /// Words before a name that make its bearer a woman: honorifics and gendered posts.
    pub(super) FEMALE_WORDS = "quotes/female_words.txt"
}

/// The gender a word before a name gives ("Mrs.", "Congresswoman").
pub(super) fn gender_word(word: &str) -> Gender {
    let w = word.trim_end_matches('.').to_lowercase();
    if MALE_WORDS.contains(&w.as_str()) {
        Gender::Male
    } else if FEMALE_WORDS.contains(&w.as_str()) {
        Gender::Female
    } else {
        Gender::Unknown
    }
}

/// The gender of a third-person pronoun outside quotes ("his", "her").
pub(super) fn pronoun_gender(lower: &str) -> Gender {
    match lower {
        "he" | "him" | "his" | "himself" => Gender::Male,
        "she" | "her" | "hers" | "herself" => Gender::Female,
        _ => Gender::Unknown,
    }
}

/// The gender the article gives each person entity, by the first of these that says one:
/// an honorific or gendered post before a mention ("Mrs.", "Congresswoman"); the given name
/// of a name of two words or more; a lone given name that is no surname of the lexicon
/// ("Melanie", not "Clinton"); the pronouns of the sentences where the entity is the only
/// person named ("Ana Ruiz said her group …"), when one gender has twice the other's.
pub fn entity_genders(doc: &Doc, res: &Resources, in_quote: &[bool]) -> Vec<Gender> {
    // Pronoun evidence: [male, female] votes per entity.
    let mut votes = vec![[0u32; 2]; doc.entities.len()];
    let mut mi = 0;
    for sent in &doc.sentences {
        let mut person: Option<(usize, usize)> = None;
        let mut several = false;
        while mi < doc.mentions.len() && doc.mentions[mi].tokens.start < sent.end {
            let m = &doc.mentions[mi];
            if m.tokens.start >= sent.start && !in_quote[m.tokens.start] {
                if let (EntityType::Person, Some(e)) = (m.etype, m.entity) {
                    match person {
                        Some((p, _)) if p != e => several = true,
                        Some(_) => {}
                        None => person = Some((e, m.tokens.end)),
                    }
                }
            }
            mi += 1;
        }
        let Some((e, after)) = person.filter(|_| !several) else {
            continue;
        };
        let mut seen = [0u32; 2];
        for t in (after..sent.end).filter(|&t| !in_quote[t]) {
            match pronoun_gender(&doc.token_text(t).to_lowercase()) {
                Gender::Male => seen[0] += 1,
                Gender::Female => seen[1] += 1,
                Gender::Unknown => {}
            }
        }
        if (seen[0] == 0) != (seen[1] == 0) {
            votes[e][usize::from(seen[0] == 0)] += 1;
        }
    }
    doc.entities
        .iter()
        .enumerate()
        .map(|(e, ent)| {
            if ent.etype != EntityType::Person {
                return Gender::Unknown;
            }
            let mentions = || ent.mentions.iter().map(|&m| &doc.mentions[m]);
            let titled = mentions()
                .filter_map(|m| m.tokens.start.checked_sub(1))
                .map(|t| gender_word(doc.token_text(t)))
                .chain(mentions().map(|m| {
                    gender_word(
                        doc.tokens_text(&m.tokens)
                            .split_whitespace()
                            .next()
                            .unwrap_or(""),
                    )
                }))
                .find(|&g| g != Gender::Unknown);
            if let Some(g) = titled {
                return g;
            }
            let names = || {
                mentions()
                    .map(|m| doc.tokens_text(&m.tokens))
                    .chain(std::iter::once(ent.name.as_str()))
            };
            // A given name opens a name of two words or more; a lone "Clinton" is a surname.
            let given = names()
                .filter(|n| n.split_whitespace().nth(1).is_some())
                .map(|n| res.gender(n.split_whitespace().next().unwrap_or("")))
                .find(|&g| g != Gender::Unknown);
            if let Some(g) = given {
                return g;
            }
            let lone = names()
                .filter(|n| !n.contains(' ') && !res.surnames.contains(*n))
                .map(|n| res.gender(n))
                .find(|&g| g != Gender::Unknown);
            match (lone, votes[e]) {
                (Some(g), _) => g,
                (None, [m, f]) if m > 2 * f => Gender::Male,
                (None, [m, f]) if f > 2 * m => Gender::Female,
                _ => Gender::Unknown,
            }
        })
        .collect()
}
