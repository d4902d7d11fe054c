//! Agreements named in ways the tagger and the capitalisation rules cut short: a name that
//! opens with its head and goes on past a lower-case preposition ("Convention against
//! Torture", "Treaty on the Non-Proliferation of Nuclear Weapons"), and a deal named by its
//! parties joined with a hyphen ("the EU-Turkey deal", "the US-China trade deal").

use super::shape::{has_digit, is_cap};
use super::spans::{agreement_link, classify_by_head};
use super::words::{CALENDAR, FUNCTION_WORDS};
use crate::doc::{EntityType, Mention, MentionSource};
use crate::nlp::resources::Resources;
use std::ops::Range;

/// Words that may join the capitalised words of the rest of the name ("the" may follow them,
/// except "and": "… of Refugees and the Convention against Torture" are two).
const INNER: [&str; 8] = ["of", "the", "and", "on", "in", "for", "to", "against"];

/// A capitalised word that may be part of an agreement's name (no date, number or function word).
fn name_word(word: &str) -> bool {
    is_cap(word) && !has_digit(word) && !CALENDAR.contains(&word)
}

/// Names that open with an agreement head and go on past a preposition: "Convention against
/// Torture", "the 1951 Convention Relating to the Status of Refugees" (the year is no part of
/// the name), "International Covenant on Civil and Political Rights". The link is lower case
/// (a title-case headline's "Agreement On Trade" is no name) and capitalised words follow it.
pub(super) fn head_first_agreements(
    res: &Resources,
    words: &[&str],
    sent: Range<usize>,
    out: &mut Vec<Mention>,
) {
    for h in sent.clone() {
        let Some(mut k) = agreement_link(words, h) else {
            continue;
        };
        if words.get(k) == Some(&"the") {
            k += 1;
        }
        if k >= sent.end || !name_word(words[k]) || FUNCTION_WORDS.contains(&words[k]) {
            continue;
        }
        let mut end = k + 1;
        let goes_on = |end: usize| {
            name_word(words[end])
                || (INNER.contains(&words[end])
                    && (end + 1..(end + 3).min(sent.end))
                        .find(|&j| words[j] != "the" || words[end] == "and")
                        .is_some_and(|j| name_word(words[j])))
        };
        while end < sent.end && goes_on(end) {
            end += 1;
        }
        // Capitalised words before the head belong to the name ("International Covenant"),
        // not a sentence's first function word ("The Convention …").
        let mut start = h;
        while start > sent.start
            && name_word(words[start - 1])
            && !FUNCTION_WORDS.contains(&words[start - 1])
        {
            start -= 1;
        }
        // A party's or a nation's convention is an assembly ("Democratic National Convention").
        let is_agreement = matches!(
            classify_by_head(res, words, &(start..h + 1)),
            Some((EntityType::Agreement, _))
        );
        if !is_agreement {
            continue;
        }
        let mut m = Mention::new(start..end, EntityType::Agreement, MentionSource::Rule);
        m.class = Some("Treaty".into());
        m.confidence = 0.8;
        out.push(m);
    }
}

/// The parts of a hyphenated word that are each a country, bloc or organisation the gazetteers
/// know ("EU-Turkey", "US-China"), or none.
pub fn hyphenated_parties<'a>(res: &Resources, word: &'a str) -> Option<Vec<&'a str>> {
    // Asked of every word: most have no hyphen to split at.
    if !word.contains(['-', '\u{2013}']) {
        return None;
    }
    let parts: Vec<&str> = word.split(['-', '\u{2013}']).collect();
    let known = |part: &str| {
        is_cap(part)
            && res.lookup(part).is_some_and(|entries| {
                entries
                    .iter()
                    .any(|e| matches!(e.etype, EntityType::Country | EntityType::Organization))
            })
    };
    (parts.len() >= 2 && parts.iter().all(|p| known(p))).then_some(parts)
}

/// Deals named by their parties joined with a hyphen: "the proposed EU-Turkey deal", "a
/// US-China trade agreement" (up to two lower-case modifiers between the parties and the head).
/// The description is the parties, the modifiers and the head.
pub(super) fn party_pair_deals(
    res: &Resources,
    words: &[&str],
    sent: Range<usize>,
    out: &mut Vec<Mention>,
) {
    for k in sent.clone() {
        if hyphenated_parties(res, words[k]).is_none() {
            continue;
        }
        let Some(head) = (k + 1..(k + 4).min(sent.end))
            .take_while(|&j| words[j].chars().all(|c| c.is_lowercase() || c == '-'))
            .find(|&j| res.agreement_heads.contains(words[j]))
        else {
            continue;
        };
        let mut m = Mention::new(k..head + 1, EntityType::Agreement, MentionSource::Nominal);
        m.description = Some(words[k..head + 1].join(" "));
        m.confidence = 0.75;
        out.push(m);
    }
}

/// A party's convention is its assembly, not a treaty: "Convention" alone after a party's
/// name or "National" ("the Democratic Convention", "the State GOP Convention", where the
/// party's word is a mention of its own) names no agreement, and is left out.
pub(super) fn drop_party_conventions(res: &Resources, words: &[&str], mentions: &mut Vec<Mention>) {
    let party_word = |w: &str| {
        matches!(w.to_lowercase().as_str(), "national" | "party" | "gop")
            || res.lookup(w).is_some_and(|entries| {
                entries
                    .iter()
                    .any(|e| e.class.as_deref() == Some("PoliticalParty"))
            })
    };
    mentions.retain(|m| {
        let t = m.tokens.start;
        !(m.etype == EntityType::Agreement
            && m.tokens.len() == 1
            && words[t].eq_ignore_ascii_case("convention")
            && t > 0
            && party_word(words[t - 1]))
    });
}

#[cfg(test)]
mod tests {
    use crate::doc::EntityType;
    use crate::nlp::ner::testing::*;

    #[test]
    fn ner_agreement_names_go_on_past_a_preposition() {
        check(
            "Greece signed the 1951 Convention Relating to the Status of Refugees and the \
             Convention against Torture.",
            &[
                (
                    "Convention Relating to the Status of Refugees",
                    EntityType::Agreement,
                ),
                ("Convention against Torture", EntityType::Agreement),
            ],
        );
        check(
            "Kenya ratified the International Covenant on Civil and Political Rights.",
            &[(
                "International Covenant on Civil and Political Rights",
                EntityType::Agreement,
            )],
        );
        // No name follows, or an assembly, or a title-case headline's link.
        for text in [
            "The Convention on Tuesday voted to adjourn.",
            "Delegates left the Republican National Convention on Friday.",
            "The agreement on the budget was reached.",
            "Ministers Sign Agreement On Trade With Peru",
        ] {
            let doc = run(text);
            let long: Vec<&str> = (0..doc.mentions.len())
                .filter(|&i| doc.mentions[i].etype == EntityType::Agreement)
                .map(|i| doc.mention_text(i))
                .filter(|n| n.to_lowercase().contains(" on "))
                .collect();
            assert!(long.is_empty(), "{text}: {long:?}");
        }
    }

    #[test]
    fn ner_a_party_convention_is_no_agreement() {
        for text in [
            "He was attacked at the Democratic Convention in July.",
            "The State GOP Convention was held in May.",
        ] {
            let doc = run(text);
            let agreements: Vec<&str> = (0..doc.mentions.len())
                .filter(|&i| doc.mentions[i].etype == EntityType::Agreement)
                .map(|i| doc.mention_text(i))
                .collect();
            assert!(agreements.is_empty(), "{text}: {agreements:?}");
        }
        // A convention after anything else stays one.
        let doc = run("Switzerland hosts the Geneva Convention talks.");
        assert!(
            (0..doc.mentions.len()).any(|i| doc.mentions[i].etype == EntityType::Agreement
                && doc.mention_text(i).contains("Convention")),
            "{:?}",
            doc.mentions
        );
    }

    #[test]
    fn ner_deal_named_by_hyphenated_parties() {
        let doc = run("Critics attacked the proposed EU-Turkey deal on Monday.");
        let deal = (0..doc.mentions.len())
            .find(|&i| doc.mentions[i].etype == EntityType::Agreement)
            .map(|i| (doc.mention_text(i), doc.mentions[i].description.clone()));
        assert_eq!(
            deal,
            Some(("EU-Turkey deal", Some("EU-Turkey deal".to_string())))
        );
        // A company's double-barrelled name is no pair of parties.
        let doc = run("Critics attacked the Rolls-Royce deal on Monday.");
        assert!((0..doc.mentions.len()).all(|i| doc.mentions[i].etype != EntityType::Agreement));
    }
}
