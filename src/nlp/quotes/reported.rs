//! Reported speech: "X said the talks had failed", "according to X", with the clause after the
//! cue verb (or before the attribution) as content, its circumstances left out.

use super::context::SOURCE_NOUNS;
use super::rules::{speaker_of, CLAUSE_VERBS};
use super::spans::is_straight_quote;
use crate::doc::{Doc, EntityType};
use crate::nlp::cues::{entity_starting_at, is_possessive, SPEECH_VERBS};
use crate::nlp::resources::{GazKind, Resources};
use std::ops::Range;

/// Prepositions that open the circumstances of a cue verb ("said on Tuesday", "said in an
/// interview").
pub(super) const CIRCUMSTANCE_OPENERS: [&str; 9] = [
    "in", "on", "at", "during", "after", "before", "from", "outside", "via",
];

/// The first token after the circumstances that follow a cue verb at `start` ("said [in an
/// interview] [on Sunday] that …", "said [on Tuesday] it would …"): each a preposition, an
/// optional determiner and a word (a name runs on over capitalised words). `start` itself when
/// no circumstance opens there.
pub(super) fn past_circumstances(doc: &Doc, start: usize, end: usize) -> usize {
    let mut k = start;
    let opens = |k: usize, first: bool| {
        k < end && {
            let w = doc.token_text(k);
            CIRCUMSTANCE_OPENERS.contains(&w)
                || (!first && matches!(w, "to" | "with" | "for" | "of"))
        }
    };
    let mut first = true;
    while opens(k, first) || (k + 1 < end && doc.token_text(k) == "," && opens(k + 1, false)) {
        if doc.token_text(k) == "," {
            k += 1;
        }
        first = false;
        k += 1;
        if k < end
            && matches!(
                doc.token_text(k),
                "a" | "an" | "the" | "his" | "her" | "its" | "their" | "this" | "last"
            )
        {
            k += 1;
        }
        let capitalised = |k: usize| {
            k < end
                && doc
                    .token_text(k)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
        };
        if k < end {
            k += 1;
            while capitalised(k) && capitalised(k - 1) {
                k += 1;
            }
        }
    }
    k
}

/// Speaker and content of reported speech around the cue verb `v` of sentence `sent`.
pub(super) fn reported(
    doc: &Doc,
    res: &Resources,
    by_token: &[Option<usize>],
    v: usize,
    sent: &Range<usize>,
) -> Option<(usize, Range<usize>, String)> {
    let word = doc.token_text(v);
    let according = word == "according" && v + 1 < sent.end && doc.token_text(v + 1) == "to";
    if !according && !SPEECH_VERBS.contains(&word) {
        return None;
    }
    let speaker = if according {
        // "according to the space agency INPE": over a short description.
        (v + 2..(v + 6).min(sent.end))
            .take_while(|&t| {
                t == v + 2
                    || by_token[t - 1].is_none()
                        && doc.token_text(t - 1).chars().all(|c| c.is_lowercase())
            })
            .find_map(|t| {
                let e = entity_starting_at(doc, by_token, t)?;
                // "according to a Democratic aide": the party describes the aide, who is
                // unnamed; no entity speaks.
                let end = by_token[t].map_or(t + 1, |m| doc.mentions[m].tokens.end);
                let described = end < sent.end && {
                    let next = doc.token_text(end).to_lowercase();
                    res.is_title(&next) || SOURCE_NOUNS.contains(&next.as_str())
                };
                let party = doc.entities[e].class.as_deref() == Some("PoliticalParty");
                // "according to the top British medical journal": a country's demonym
                // describes the unnamed source; the country does not speak.
                let demonym = doc.entities[e].etype == EntityType::Country
                    && end < sent.end
                    && doc.token_text(end).chars().all(char::is_lowercase)
                    && res
                        .lookup(doc.tokens_text(&(t..end)))
                        .is_some_and(|entries| {
                            entries.iter().any(|g| {
                                g.etype == EntityType::Country && g.kind == GazKind::Demonym
                            })
                        });
                Some((!(demonym || party && described)).then_some(e))
            })
            .flatten()
    } else {
        speaker_of(doc, res, by_token, v, sent)
    }?;
    if !matches!(
        doc.entities[speaker].etype,
        EntityType::Person | EntityType::Organization | EntityType::Country
    ) {
        return None;
    }
    // Reported content: the clause after the verb, or before the attribution.
    let after_verb = v + if according { 3 } else { 1 };
    let mut start = after_verb;
    while start < sent.end
        && by_token[start].is_some_and(|m| doc.mentions[m].entity == Some(speaker))
    {
        start += 1;
    }
    // "…, noted NBC's Dante Chinni": the speaker named after a possessor.
    if !according && start == after_verb {
        let owner_end = by_token
            .get(after_verb)
            .copied()
            .flatten()
            .map(|m| doc.mentions[m].tokens.end)
            .filter(|&e| e < sent.end && is_possessive(doc.token_text(e)));
        if let Some(e) = owner_end {
            if let Some(t) = (e + 1..(e + 5).min(sent.end))
                .find(|&t| by_token[t].is_some_and(|m| doc.mentions[m].entity == Some(speaker)))
            {
                start = by_token[t].map_or(t + 1, |m| doc.mentions[m].tokens.end);
            }
        }
    }
    // "…, said Brian Baker, an adviser to the family": what was said comes before.
    let inverted = !according && start > after_verb;
    // "Everything Trump says is a lie": a verb right after the cue makes it a relative clause
    // of the subject, no report.
    if !according && !inverted && start < sent.end && CLAUSE_VERBS.contains(&doc.token_text(start))
    {
        return None;
    }
    // "when he wrote his book", "Mariano wrote a memoir": a writing verb with an object is
    // writing, no report of what was said.
    if !inverted
        && matches!(word, "wrote" | "writes" | "write" | "written")
        && start < sent.end
        && matches!(
            doc.token_text(start),
            "a" | "an" | "his" | "her" | "their" | "its" | "my" | "our" | "your"
        )
    {
        return None;
    }
    // "told reporters that …", "told the BBC on Monday that …": what was told follows "that";
    // "…, she told The Huffington Post": the one told is no content.
    if matches!(word, "told" | "tells" | "tell") {
        if let Some(that) =
            (start..(start + 8).min(sent.end)).find(|&t| doc.token_text(t) == "that")
        {
            start = that;
        } else if let Some(m) = by_token.get(start).copied().flatten() {
            start = doc.mentions[m].tokens.end.max(start);
        } else if start < sent.end
            && matches!(
                doc.token_text(start),
                "reporters" | "me" | "us" | "him" | "her" | "them" | "supporters"
            )
        {
            start += 1;
        }
    }
    start = past_circumstances(doc, start, sent.end);
    while start < sent.end && matches!(doc.token_text(start), "that" | "," | ":") {
        start += 1;
    }
    // Reported content ends where the sentence turns to another clause ("X says …, but last
    // week Y said …").
    let mut end = (start..sent.end)
        .find(|&t| {
            matches!(doc.token_text(t), ";")
                || (doc.token_text(t) == "but" && t > start && doc.token_text(t - 1) == ",")
        })
        .unwrap_or(sent.end);
    // Closing punctuation goes, and a closing mark with it unless the content opened it ("what
    // she calls a “war of words”").
    let curly_open = (start..end).any(|t| matches!(doc.token_text(t), "\u{201c}" | "``"));
    while end > start && {
        let w = doc.token_text(end - 1);
        let straight = (start..end)
            .filter(|&t| is_straight_quote(doc.token_text(t)))
            .count();
        matches!(w, "." | ",")
            || (w == "\u{201d}" && !curly_open)
            || (is_straight_quote(w) && straight % 2 == 1)
    } {
        end -= 1;
    }
    let content = if end.saturating_sub(start) >= 3 && !(inverted && v > sent.start + 3) {
        start..end
    } else {
        // Before the attribution: not the speaker, nor the title and modifiers naming them
        // ("…, Norwegian Fisheries Minister Odd Riise said"), nor an apposition after the name
        // ("…, Ana Ruiz, the group's director, said").
        let mut e = (sent.start..v)
            .rev()
            .find(|&t| {
                by_token[t].is_some_and(|m| {
                    doc.mentions[m].entity == Some(speaker) && doc.mentions[m].tokens.start == t
                })
            })
            .unwrap_or(v);
        while e > sent.start && by_token[e - 1].is_some() {
            e -= 1;
        }
        while e > sent.start && {
            let w = doc.token_text(e - 1);
            by_token[e - 1].is_some()
                || res.is_title(&w.to_lowercase())
                || (w.chars().next().is_some_and(char::is_uppercase) && e - 1 > sent.start)
        } {
            e -= 1;
        }
        while e > sent.start && matches!(doc.token_text(e - 1), "," | "\"" | "''" | "\u{201d}") {
            e -= 1;
        }
        sent.start..e
    };
    if content.is_empty() {
        return None;
    }
    let verb = if according {
        "according to".to_string()
    } else {
        word.to_string()
    };
    Some((speaker, content, verb))
}

#[cfg(test)]
mod tests {

    use crate::doc::Doc;
    use crate::nlp::quotes::testing::*;

    /// Each statement's speaker and content.
    fn said(doc: &Doc) -> Vec<(String, &str)> {
        doc.statements
            .iter()
            .map(|s| (speaker_name(doc, s), &doc.text[s.content.clone()]))
            .collect()
    }

    #[test]
    fn quotes_reported_with_pronoun_and_according_to() {
        check(
            "Chancellor Olaf Brandt spoke. He said the talks had failed. Prices rose, according to Germany.",
            &[("Olaf Brandt", "the talks had failed", false), ("Germany", "Prices rose", false)],
        );
        // A speaker named after a possessor is the one who speaks, and no part of what was
        // said; a demonym describing an unnamed source makes no country speak.
        check(
            "Debates are unlikely to alter the race, noted NBC's Dante Chinni.",
            &[(
                "Dante Chinni",
                "Debates are unlikely to alter the race",
                false,
            )],
        );
        check(
            "Half of his advice is wrong, according to the top British medical journal.",
            &[],
        );
        // A possessor is not whom "he" goes on about: the person named otherwise is.
        check(
            "Carl Novak has also commented on Peter Dunn's death. On Wednesday, he told a crowd \
             in Ohio that he was troubled.",
            &[("Carl Novak", "he was troubled", false)],
        );
    }

    /// "he says" is the nearest man, not the woman named between ("He is backing Ana Ruiz …
    /// and he says …"); the one told is no speaker where the subject is unnamed ("A campaign
    /// source told NBC that …").
    #[test]
    fn quotes_reported_pronoun_of_a_gender_and_the_one_told() {
        check(
            "Carl Novak spoke in Ohio on Monday.\n\nHe is backing Hillary Ruiz, and he says he \
             will do everything to help her win.",
            &[("Carl Novak", "he will do everything to help her win", false)],
        );
        let doc = run("A campaign source told NBC that the address will lay out the case.");
        assert!(doc.statements.is_empty(), "{:?}", said(&doc));
    }

    /// A name after the verb that a verb follows is what was said, not who said it: "Ruiz's
    /// spokesman said the governor would sign" is no statement of the governor's; "…, said
    /// Ana Ruiz, who signed it" still names the speaker.
    #[test]
    fn quotes_reported_a_name_opening_the_content_does_not_speak() {
        let doc = run(
            "Gov. Ana Ruiz spoke on Monday. Her spokesman said the governor would sign the bill.",
        );
        assert!(
            said(&doc).iter().all(|(speaker, _)| speaker != "Ana Ruiz"),
            "{:?}",
            said(&doc)
        );
        check(
            "The bill would pass this week, said Ana Ruiz, who signed it.",
            &[("Ana Ruiz", "The bill would pass this week", false)],
        );
    }

    #[test]
    fn quotes_a_party_named_as_an_adjective_does_not_speak() {
        let doc = run(
            "Becerra brought her water, according to a Democratic aide.\n\n\
             \u{201c}She has embarrassed all,\u{201d} the presumptive Republican presidential \
             nominee wrote on Twitter. The plan failed, according to the Republican Party.",
        );
        let speakers: Vec<String> = doc
            .statements
            .iter()
            .map(|s| speaker_name(&doc, s))
            .collect();
        // The party itself speaks; a party that only describes an aide or a nominee does not.
        assert_eq!(
            speakers
                .iter()
                .filter(|s| s.ends_with("Party"))
                .collect::<Vec<_>>(),
            ["Republican Party"],
            "{speakers:?}"
        );
        assert!(
            !speakers.iter().any(|s| s.contains("Democratic")),
            "{speakers:?}"
        );
    }

    #[test]
    fn quotes_reported_no_speaker_inside_a_prepositional_phrase_or_relative_clause() {
        let (doc, _) = run_full(
            "Party Leaders Meet In Washington\n\nAt least a dozen members of Congress told \
             reporters the House is within reach. Officials who spoke with The Washington Post \
             said the group has become a shell. Sen. Claire McCaskill (D-Mo.), who has endorsed \
             Hillary Clinton, said Bernie Sanders has pushed her. Voters who like Ted Cruz \
             said the race is over.\n",
        );
        let said = said(&doc);
        // Neither Congress, the Post nor Cruz spoke; McCaskill did, not Clinton.
        assert_eq!(
            said,
            [(
                "Claire McCaskill".to_string(),
                "Bernie Sanders has pushed her"
            )]
        );
    }

    #[test]
    fn quotes_reported_writing_a_thing_is_no_report_and_a_phrase_names_its_body() {
        let (doc, _) = run_full(
            "Back when he wrote his book, Ana Ruiz said that she considered debt a last resort. \
             Bo Lee wrote a memoir of his time at the Zorvex Institute. The Quallit Center at \
             the Zorvex Institute and Lumen Institution estimates that the plan costs $1 \
             trillion.\n",
        );
        let said = said(&doc);
        assert_eq!(
            said,
            [
                ("Ana Ruiz".to_string(), "she considered debt a last resort"),
                ("Quallit Center".to_string(), "the plan costs $1 trillion")
            ],
            "{:?}",
            doc.entities
        );
    }

    #[test]
    fn quotes_reported_a_cue_inside_what_was_reported_is_no_statement() {
        let (doc, _) = run_full(
            "Ana Ruiz said that Bo Lee tells so many lies that voters stopped listening.\n",
        );
        let speakers: Vec<String> = said(&doc).into_iter().map(|(s, _)| s).collect();
        assert_eq!(speakers, ["Ana Ruiz"]);
        // Nor is a cue a verb follows: it is a relative clause.
        let (doc, _) = run_full("Everything Bo Lee says is a lie unless proven otherwise.\n");
        assert!(doc.statements.is_empty(), "{:?}", doc.statements);
        // A body speaks through its spokesman; a name after another preposition does not.
        let (doc, _) = run_full(
            "A spokesman for the Zorvex Institute said the plan failed. Members of the Lumen \
             Institute said the plan worked.\n",
        );
        let speakers: Vec<String> = said(&doc).into_iter().map(|(s, _)| s).collect();
        assert_eq!(speakers, ["Zorvex Institute"]);
    }

    #[test]
    fn quotes_reported_it_names_no_speaker() {
        let (doc, _) = run_full(
            "Lawmaker Files Bill\n\nThe bill cites a memorandum of the Philippines from 2001. \
             It says foreign nationals can be blacklisted. Ana Ruiz said the bill would pass.\n",
        );
        // The memorandum speaks, not the country named last.
        assert_eq!(
            said(&doc),
            [("Ana Ruiz".to_string(), "the bill would pass")]
        );
    }

    #[test]
    fn quotes_reported_speaker_before_an_apposition_and_content_past_circumstances() {
        let (doc, _) = run_full(
            "Campaign Rivals Trade Attacks\n\nThe count was flawed, Michael Briggs, a spokesman \
             for Sanders, said in an interview on Sunday. Ana Ruiz said on Monday that the \
             talks had failed. Eva Lind said on Tuesday it would close the plant.\n",
        );
        let said = said(&doc);
        // Not "Sanders said in an interview on Sunday".
        assert_eq!(
            said,
            [
                ("Michael Briggs".to_string(), "The count was flawed"),
                ("Ana Ruiz".to_string(), "the talks had failed"),
                ("Eva Lind".to_string(), "it would close the plant"),
            ]
        );
    }

    #[test]
    fn quotes_mixed_inverted_and_told_statements() {
        let (doc, _) = run_full(
            "Ad Campaign Starts\n\nIts first television ad could start this week, said Brian \
             Baker, a longtime adviser to the family. Trump could embrace clean energy, Lindsey \
             Graham told The Huffington Post. Hillary Clinton says she admired the courage of \
             the woman through what she calls a \u{201c}war of words\u{201d}.\n",
        );
        let said: Vec<(String, &str, bool)> = doc
            .statements
            .iter()
            .map(|s| {
                (
                    speaker_name(&doc, s),
                    &doc.text[s.content.clone()],
                    s.direct,
                )
            })
            .collect();
        assert_eq!(
            said,
            [
                (
                    "Brian Baker".to_string(),
                    "Its first television ad could start this week",
                    false
                ),
                (
                    "Lindsey Graham".to_string(),
                    "Trump could embrace clean energy",
                    false
                ),
                // One statement, the clause with its partial quote.
                (
                    "Hillary Clinton".to_string(),
                    "she admired the courage of the woman through what she calls a \u{201c}war \
                     of words\u{201d}",
                    false
                ),
            ]
        );
    }
}
