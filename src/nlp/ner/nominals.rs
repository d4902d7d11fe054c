//! Mentions that are no names: nominal references ("the group", "the pact") and unnamed
//! agreements ("a cooperation deal from 2015"), which later stages resolve; a body named by
//! its head alone.

use super::shape::is_cap;
use super::words::{BODY_HEADS, EVALUATIVE_ADJECTIVES, NOMINAL_FOLLOWERS, NOMINAL_HEADS};
use crate::doc::{EntityType, Mention, MentionSource};
use crate::nlp::cues::is_possessive;
use std::ops::Range;

/// Head nouns that introduce an unnamed agreement in lower case.
pub(super) const UNNAMED_AGREEMENT_HEADS: [&str; 8] = [
    "agreement",
    "deal",
    "pact",
    "treaty",
    "accord",
    "memorandum",
    "arrangement",
    "ceasefire",
];

/// Unnamed agreements: "a cooperation deal from 2015", "a 2015 police cooperation deal",
/// "a similar arrangement". Named ones ("Belt and Road Initiative") come from the name layers.
pub(super) fn agreement_mentions(words: &[&str], sent: Range<usize>, out: &mut Vec<Mention>) {
    for h in sent.clone() {
        let head = words[h];
        // "the way to deal with …": a verb, no agreement; "the start of accord": a mass noun.
        if !UNNAMED_AGREEMENT_HEADS.contains(&head)
            || h > sent.start && matches!(words[h - 1], "to" | "of")
        {
            continue;
        }
        // Walk back over lower-case modifiers and years to a determiner.
        let mut k = h;
        let mut year = None;
        let mut modifiers = Vec::new();
        while k > sent.start && h - k < 5 {
            let w = words[k - 1];
            if w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()) {
                year = Some(w.to_string());
            } else if w.chars().all(|c| c.is_lowercase() || c == '-')
                // "the strength to deal", "a move in accord": a preposition ends the
                // modifiers ("a status of forces agreement" names one).
                && !matches!(w, "to" | "for" | "with" | "in" | "on" | "at" | "from" | "by")
                && !matches!(
                    w,
                    "a" | "an" | "the" | "this" | "that" | "its" | "their" | "his" | "her" | "new"
                )
            {
                modifiers.push(w);
            } else {
                break;
            }
            k -= 1;
        }
        let determiner = k.checked_sub(1).map(|d| words[d]).unwrap_or("");
        if !matches!(determiner, "a" | "an" | "the" | "new" | "its" | "their") {
            continue;
        }
        if modifiers
            .iter()
            .any(|m| matches!(*m, "great" | "good" | "big"))
            && words.get(h + 1) == Some(&"of")
        {
            continue;
        }
        // "It's a huge deal", "a bad deal for America": a judgement, no agreement named.
        if !modifiers.is_empty()
            && year.is_none()
            && modifiers.iter().all(|m| EVALUATIVE_ADJECTIVES.contains(m))
        {
            continue;
        }
        let mut end = h + 1;
        if matches!(words.get(h + 1).copied(), Some("from" | "of" | "in"))
            && words
                .get(h + 2)
                .is_some_and(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))
        {
            year = words.get(h + 2).map(|w| w.to_string());
            end = h + 3;
        }
        let introduces =
            matches!(determiner, "a" | "an") || year.is_some() || !modifiers.is_empty();
        if !introduces {
            continue;
        }
        modifiers.reverse();
        let mut name = Vec::new();
        if let Some(y) = &year {
            name.push(y.as_str());
        }
        name.extend(modifiers.iter().filter(|m| {
            !EVALUATIVE_ADJECTIVES.contains(*m)
                && !matches!(
                    **m,
                    "similar" | "controversial" | "landmark" | "historic" | "secret"
                )
        }));
        name.push(head);
        let mut m = Mention::new(k..end, EntityType::Agreement, MentionSource::Nominal);
        m.description = Some(name.join(" "));
        m.confidence = 0.75;
        out.push(m);
    }
}

/// State bodies named through their country: "Turkey's parliament", "Mexico's interior
/// ministry" (a country, a possessive, up to two lower-case modifiers, a body head).
pub(super) fn body_mentions(words: &[&str], sentences: &[Range<usize>], out: &mut Vec<Mention>) {
    let countries: Vec<(usize, usize)> = out
        .iter()
        .filter(|m| m.etype == EntityType::Country && m.source == MentionSource::Gazetteer)
        .map(|m| (m.tokens.start, m.tokens.end))
        .collect();
    for (start, end) in countries {
        let sent_end = sentences
            .iter()
            .find(|s| s.contains(&start))
            .map_or(words.len(), |s| s.end);
        if end >= sent_end || !is_possessive(words[end]) {
            continue;
        }
        let first = end + 1;
        for (k, &w) in words
            .iter()
            .enumerate()
            .take((first + 3).min(sent_end))
            .skip(first)
        {
            if !w.chars().all(|c| c.is_lowercase() || c == '-') {
                break;
            }
            if BODY_HEADS.contains(&w) {
                let mut m =
                    Mention::new(first..k + 1, EntityType::Organization, MentionSource::Rule);
                m.class = Some("GovernmentBody".into());
                out.push(m);
                break;
            }
        }
    }
}

/// Nominal references: "the group", "the NGO", "her organisation", "the pact".
pub(super) fn nominal_mentions(words: &[&str], sent: Range<usize>, out: &mut Vec<Mention>) {
    for d in sent.clone() {
        let det = words[d].to_lowercase();
        if !matches!(
            det.as_str(),
            "the" | "her" | "his" | "its" | "their" | "this" | "that"
        ) {
            continue;
        }
        let Some(&head) = words.get(d + 1).filter(|_| d + 1 < sent.end) else {
            continue;
        };
        let head_lower = head.to_lowercase();
        let Some((_, etype, class)) = NOMINAL_HEADS.iter().find(|(h, _, _)| *h == head_lower)
        else {
            continue;
        };
        if let Some(next) = words.get(d + 2).filter(|_| d + 2 < sent.end) {
            let lower_word = next.chars().all(|c| c.is_lowercase());
            if lower_word && !NOMINAL_FOLLOWERS.contains(next) {
                continue;
            }
            if *next == "of" || is_cap(next) {
                continue;
            }
        }
        let mut m = Mention::new(d..d + 2, *etype, MentionSource::Nominal);
        m.class = class.map(str::to_string);
        out.push(m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::ner::testing::*;

    #[test]
    fn ner_unnamed_agreements_and_nominals() {
        let doc = run(
            "Oslo signed a cooperation deal from 2015 with Rome. The group said the pact works.",
        );
        let agreement = doc
            .mentions
            .iter()
            .find(|m| m.etype == EntityType::Agreement && m.description.is_some())
            .unwrap();
        assert_eq!(
            agreement.description.as_deref(),
            Some("2015 cooperation deal")
        );
        assert!(doc
            .mentions
            .iter()
            .any(|m| m.source == MentionSource::Nominal && m.etype == EntityType::Organization));
    }

    #[test]
    fn ner_a_deal_judged_names_no_agreement() {
        for text in [
            "Is it a huge deal? No, it is not.",
            "He called it a bad deal for America.",
        ] {
            let doc = run(text);
            assert!(
                doc.mentions
                    .iter()
                    .all(|m| m.etype != EntityType::Agreement),
                "{text}: {:?}",
                doc.mentions
            );
        }
        // A judgement beside what the deal is about still names one.
        let doc = run("Oslo called it a bad fishing deal.");
        assert!(doc
            .mentions
            .iter()
            .any(|m| m.description.as_deref() == Some("fishing deal")));
    }

    #[test]
    fn ner_nominal_modifier_is_not_a_mention() {
        let doc = run("They reacted to the NGO reports.");
        assert!(doc
            .mentions
            .iter()
            .all(|m| m.source != MentionSource::Nominal));
    }
}
