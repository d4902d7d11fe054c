//! Names that are titles of what the text cites, not entities of the graph: court cases named
//! by their parties ("Plessy v. Ferguson", "Brown v. Board of Education") or before "case"
//! ("the Dred Scott case"), laws named after someone ("Jim Crow laws") and shows in quotation
//! marks after their channel or "on" ("CNN's "State of the Union"", "on "Face the Nation""),
//! and honours ("Gold Star", "Purple Heart").

use super::shape::is_cap;
use crate::doc::{EntityType, Mention, MentionSource};
use crate::nlp::cues::{is_possessive, is_quote_mark};
use std::ops::Range;

/// The word between the parties of a court case.
fn versus(word: &str) -> bool {
    matches!(word, "v." | "vs." | "v" | "vs")
}

crate::words::list! {
    /// Names of decorations, awards and honours, lower case.
    HONOURS = "ner/honours.txt"
}

/// Nouns that make the name before them the name of a case or a law ("the Dred Scott case",
/// "Jim Crow laws").
const CASE_NOUNS: [&str; 4] = ["case", "decision", "laws", "law"];

/// Most words a show's quoted title holds.
const TITLE_WORDS: usize = 8;

/// The spans of the titles the text quotes after a channel's possessive or "on": every word
/// inside capitalised, a small joining word or punctuation, the first capitalised.
fn quoted_titles(words: &[&str]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for q in 1..words.len() {
        let before = words[q - 1];
        if !is_quote_mark(words[q]) || !(is_possessive(before) || before.eq_ignore_ascii_case("on"))
        {
            continue;
        }
        let Some(close) =
            (q + 1..(q + 2 + TITLE_WORDS).min(words.len())).find(|&k| is_quote_mark(words[k]))
        else {
            continue;
        };
        let inside = &words[q + 1..close];
        let title_case = inside.first().is_some_and(|w| is_cap(w))
            && inside.iter().all(|w| {
                is_cap(w)
                    || matches!(*w, "of" | "the" | "and" | "a" | "in" | "on" | "for" | "to")
                    || w.chars().all(|c| c.is_ascii_punctuation())
            });
        if title_case {
            out.push(q + 1..close);
        }
    }
    out
}

/// Drops the mentions that are (or lie inside) a court case's parties or a quoted show's
/// title. Gazetteer names inside a case stay out too ("United States v. Nixon" names a case,
/// not the country as an actor); nominals are left to their own rules.
pub(super) fn drop_cited_works(words: &[&str], mentions: &mut Vec<Mention>) {
    let titles = quoted_titles(words);
    let in_case = |m: &Mention| {
        let (a, b) = (m.tokens.start, m.tokens.end);
        let case_mark = |k: usize| {
            versus(words[k])
                && k > 0
                && k + 1 < words.len()
                && is_cap(words[k - 1])
                && is_cap(words[k + 1])
        };
        (a..b).any(case_mark) || words.get(b).is_some() && case_mark(b) || a > 0 && case_mark(a - 1)
    };
    // A name every mention of which names a case or a law ("the Dred Scott case"; not "Clinton"
    // of "the Clinton case" where Clinton is named as herself too).
    let surface = |m: &Mention| words[m.tokens.clone()].join(" ");
    // Only a person's name: a place's or a body's law ("a Texas law", "University of Tennessee
    // law professor") is the law of something named.
    let names_a_case = |m: &Mention| {
        m.etype == EntityType::Person
            && words
                .get(m.tokens.end)
                .is_some_and(|w| CASE_NOUNS.contains(w))
    };
    let only_cases: Vec<String> = mentions
        .iter()
        .filter(|m| m.source != MentionSource::Nominal && names_a_case(m))
        .map(surface)
        .filter(|name| {
            mentions
                .iter()
                .filter(|o| surface(o) == *name)
                .all(names_a_case)
        })
        .collect();
    let honour = |m: &Mention| HONOURS.contains(&surface(m).to_lowercase().as_str());
    mentions.retain(|m| {
        m.source == MentionSource::Nominal
            || !(in_case(m)
                || honour(m)
                || only_cases.contains(&surface(m))
                || titles
                    .iter()
                    .any(|t| t.start <= m.tokens.start && m.tokens.end <= t.end))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The capitalised runs of a text (words parted by spaces) that stay mentions.
    fn kept(text: &str) -> Vec<String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut mentions = Vec::new();
        let mut k = 0;
        while k < words.len() {
            if is_cap(words[k]) && !is_quote_mark(words[k]) {
                let start = k;
                while k < words.len() && is_cap(words[k]) {
                    k += 1;
                }
                mentions.push(Mention::new(
                    start..k,
                    EntityType::Person,
                    MentionSource::Model,
                ));
            } else {
                k += 1;
            }
        }
        drop_cited_works(&words, &mut mentions);
        mentions
            .iter()
            .map(|m| words[m.tokens.clone()].join(" "))
            .collect()
    }

    #[test]
    fn names_of_cases_and_laws_are_no_entities() {
        assert_eq!(
            kept("from the Dred Scott case to Jim Crow laws , said Roberts"),
            ["Roberts"]
        );
        assert_eq!(
            kept("Gold Star families thanked Smith for the Purple Heart"),
            ["Smith"]
        );
        // A name also named as itself stays.
        assert_eq!(
            kept("the Clinton case grew as Clinton spoke"),
            ["Clinton", "Clinton"]
        );
    }

    #[test]
    fn court_cases_and_quoted_shows_are_no_entities() {
        assert_eq!(
            kept("rulings from Plessy v. Ferguson to Brown v. Board , said Roberts"),
            ["Roberts"]
        );
        assert_eq!(
            kept("Pence said on CNN 's \" State of the Union . \" and Sanders agreed"),
            ["Pence", "CNN", "Sanders"]
        );
        // "On" opening the sentence (a capitalised run of this helper's, no name) links too.
        assert_eq!(
            kept("On \" Face the Nation , \" Sanders spoke"),
            ["On", "Sanders"]
        );
        assert_eq!(
            kept("he told CNBC 's \u{201c} Squawk Box \u{201d} on Monday"),
            ["CNBC", "Monday"]
        );
        // A quotation that is no title, and a name before lower-case "v", stay.
        assert_eq!(
            kept("Obama said \" Congress must act \" today"),
            ["Obama", "Congress"]
        );
        assert_eq!(
            kept("Section 5 v of the law binds Texas"),
            ["Section", "Texas"]
        );
    }
}
