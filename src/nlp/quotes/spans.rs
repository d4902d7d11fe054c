//! Where quotations are: paragraphs, quote marks and the spans they enclose, and what a
//! quoted span looks like (a few words quoted inside the writer's sentence, the title of a
//! work, speech).

use crate::doc::Doc;
use crate::nlp::ner::headlines::capitalised_words;
use std::ops::Range;

/// A quote of at most this many words inside a sentence of the writer's is a partial quote.
pub(super) const PARTIAL_QUOTE_MAX_WORDS: usize = 6;

/// Quotes with at least this many tokens, or ending in sentence punctuation, are statements
/// even when no speaker is found.
pub(super) const LONG_QUOTE_TOKENS: usize = 8;

pub(super) fn is_open_quote(w: &str) -> bool {
    matches!(w, "\u{201c}" | "``") || is_straight_quote(w)
}

pub(super) fn is_close_quote(w: &str) -> bool {
    w == "\u{201d}" || is_straight_quote(w)
}

/// A quotation mark that opens and closes alike: `"`, or the typewriter's `''` (some wires
/// open and close with it).
pub(super) fn is_straight_quote(w: &str) -> bool {
    matches!(w, "\"" | "''")
}

/// A dash of any width ("—", "–", "―", "--").
pub(super) fn is_dash(w: &str) -> bool {
    matches!(w, "-" | "--" | "\u{2013}" | "\u{2014}" | "\u{2015}")
}

/// The paragraph index of every token: a new paragraph starts after a line break.
pub fn paragraphs(doc: &Doc) -> Vec<usize> {
    let mut out = Vec::with_capacity(doc.tokens.len());
    let mut para = 0;
    for (i, t) in doc.tokens.iter().enumerate() {
        if i > 0 && doc.text[doc.tokens[i - 1].end..t.start].contains('\n') {
            para += 1;
        }
        out.push(para);
    }
    out
}

/// The first token after a title-case first paragraph without final punctuation, or with a
/// full stop when nearly every word is capitalised ("Clinton Goes After Trump As The New
/// Romney."): a headline, whose names are nobody's speech.
pub(super) fn headline_end(doc: &Doc, para: &[usize]) -> usize {
    let end = para.iter().position(|&p| p > 0).unwrap_or(0);
    if end < 3 {
        return 0;
    }
    let (words, capitalised) = capitalised_words((0..end).map(|i| doc.token_text(i)));
    let last = doc.token_text(end - 1);
    let title_case = words >= 3 && capitalised * 10 >= words * 6;
    // A full stop may end a headline whose words are nearly all capitalised, in one sentence.
    let headline_stop = last == "."
        && capitalised * 10 >= words * 8
        && doc.sentence_of(0) == doc.sentence_of(end - 1);
    if title_case && (headline_stop || !matches!(last, "." | "\"" | "''" | "\u{201d}")) {
        end
    } else {
        0
    }
}

/// Quote spans as token ranges (marks excluded). Curly marks pair as written; a straight mark
/// opens or closes by its position in the paragraph, and curly marks inside a quote it opened
/// are quotes within the quote; a quote still open at the end of its paragraph ends there.
pub fn quote_spans(doc: &Doc, para: &[usize]) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for i in 0..doc.tokens.len() {
        if let Some(o) = open {
            if para[i] != para[o] {
                spans.push(o + 1..i);
                open = None;
            }
        }
        let w = doc.token_text(i);
        match open {
            None if is_open_quote(w) => open = Some(i),
            // Curly marks inside a passage opened by a straight one quote within it
            // ("\"PENCE: … an episode of “Shark Tank.” But …").
            Some(o)
                if is_straight_quote(doc.token_text(o)) && matches!(w, "\u{201c}" | "\u{201d}") => {
            }
            Some(o) if is_close_quote(w) => {
                spans.push(o + 1..i);
                open = None;
            }
            Some(_) if matches!(w, "\u{201c}" | "``") => open = Some(i),
            _ => {}
        }
    }
    if let Some(o) = open {
        spans.push(o + 1..doc.tokens.len());
    }
    spans.retain(|s| !s.is_empty());
    spans
}

/// The word tokens of quote `q` (punctuation not counted).
pub(super) fn word_count(doc: &Doc, q: &Range<usize>) -> usize {
    q.clone()
        .filter(|&t| doc.token_text(t).chars().any(char::is_alphanumeric))
        .count()
}

/// Is quote `q` a few words quoted inside the writer's own sentence ("called Machado
/// “disgusting” and “a con”", "would provide “appropriate assistance”")? It opens right after
/// a word and closes without punctuation of its own; the statement is then reported speech with
/// quoted words, not a direct quotation.
pub(super) fn partial_quote(doc: &Doc, q: &Range<usize>) -> bool {
    let words = word_count(doc, q);
    let after_word = q.start >= 2
        && doc.sentence_of(q.start - 2) == doc.sentence_of(q.start)
        && doc
            .token_text(q.start - 2)
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '\'');
    let closed = q.end > q.start
        && matches!(
            doc.token_text(q.end - 1),
            "." | "?" | "!" | "," | "\u{2026}"
        );
    words <= PARTIAL_QUOTE_MAX_WORDS && after_word && !closed
}

pub(super) use crate::nlp::ner::headlines::TITLE_SMALL_WORDS;

/// Is a short quote the title of a work, a show or a slogan ("Fox News Sunday", "Collapse:
/// How Societies Choose to Fail")? Every word capitalised but the small ones: a name, not
/// speech.
pub(super) fn title_like(doc: &Doc, q: &Range<usize>) -> bool {
    let words: Vec<&str> = q
        .clone()
        .map(|t| doc.token_text(t))
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    words.len() >= 2
        && q.len() <= LONG_QUOTE_TOKENS + 4
        && words.iter().enumerate().all(|(i, w)| {
            w.chars().next().is_some_and(char::is_uppercase)
                || (i > 0 && TITLE_SMALL_WORDS.contains(w))
        })
        && !words.iter().all(|w| w.chars().all(|c| !c.is_lowercase()))
}

/// Does a quote look like speech rather than a scare-quoted phrase?
pub(super) fn speech_like(doc: &Doc, q: &Range<usize>) -> bool {
    let last = doc.token_text(q.end - 1);
    q.len() >= LONG_QUOTE_TOKENS
        || (matches!(last, "." | "," | "?" | "!")
            && doc
                .token_text(q.start)
                .chars()
                .next()
                .is_some_and(char::is_uppercase))
}

#[cfg(test)]
mod tests {

    use crate::nlp::quotes::testing::*;

    #[test]
    fn quotes_scare_quotes_are_not_statements() {
        let doc = run("Kenya called them \"service stations\" and moved on.");
        assert!(doc.statements.is_empty());
    }

    #[test]
    fn quotes_titles_of_shows_and_books_are_not_statements() {
        let text = "Speaking on \u{201c}The Morning Show With Dana Ross,\u{201d} Ana Ruiz said the plan would work. \u{201c}We will finish the bridge this year,\u{201d} Ruiz said.";
        let doc = run(text);
        let direct: Vec<&str> = doc
            .statements
            .iter()
            .filter(|s| s.direct)
            .map(|s| &doc.text[s.content.clone()])
            .collect();
        assert_eq!(
            direct,
            ["We will finish the bridge this year,"],
            "{direct:?}"
        );
    }

    #[test]
    fn quotes_open_quote_closed_at_paragraph_end() {
        let text = "\u{201c}This is the first paragraph of a long quote.\n\n\u{201c}And this is the second one,\u{201d} said Ana Ruiz.";
        let doc = run(text);
        let contents: Vec<&str> = doc
            .statements
            .iter()
            .map(|s| &doc.text[s.content.clone()])
            .collect();
        assert!(
            contents.contains(&"This is the first paragraph of a long quote."),
            "{contents:?}"
        );
        assert!(
            contents.contains(&"And this is the second one,"),
            "{contents:?}"
        );
    }

    /// The typewriter's marks quote as curly ones do ('' … '', `` … ''), and a name inside
    /// the quotation is not who speaks it.
    #[test]
    fn quotes_typewriter_marks_quote() {
        check(
            "Ana Ruiz ran the stall for a year. ''I would tell them why Bob Kent should win,'' Ruiz said.",
            &[("Ana Ruiz", "I would tell them why Bob Kent should win,", true)],
        );
        check(
            "``We will finish the bridge this year,'' said Ana Ruiz.",
            &[("Ana Ruiz", "We will finish the bridge this year,", true)],
        );
    }

    #[test]
    fn quotes_short_utterances_are_statements() {
        check(
            "Ana Ruiz was asked whether she would vote for the bill again. \u{201c}I would,\u{201d} Ruiz said.",
            &[("Ana Ruiz", "I would,", true)],
        );
        // A word or two with no speaker, or reading as no utterance, is no statement.
        let doc = run("The spot, titled \u{201c}Arrogant,\u{201d} ran on Monday.");
        assert!(doc.statements.is_empty(), "{:?}", doc.statements);
        let doc = run("Ana Ruiz called the plan a \u{201c}con job\u{201d} on Monday.");
        assert!(
            doc.statements
                .iter()
                .all(|s| &doc.text[s.content.clone()] != "con job"),
            "{:?}",
            doc.statements
        );
    }

    #[test]
    fn quotes_partial_quotes_are_not_direct() {
        let doc = run("Mayor Ana Ruiz said on Monday that the plan would bring \u{201c}real and lasting change\u{201d} to the city. \u{201c}We will build it this year,\u{201d} Ruiz said.");
        let direct = |content: &str| {
            doc.statements
                .iter()
                .find(|s| &doc.text[s.content.clone()] == content)
                .map(|s| s.direct)
        };
        // The partial quote is part of the statement its clause reports.
        assert_eq!(
            direct("the plan would bring \u{201c}real and lasting change\u{201d} to the city"),
            Some(false),
            "{:?}",
            doc.statements
        );
        assert_eq!(direct("real and lasting change"), None);
        assert_eq!(direct("We will build it this year,"), Some(true));
    }

    #[test]
    fn quotes_straight_marked_turns_run_on() {
        // Each paragraph of a turn opens with a straight mark, which also reads as a closing one.
        let text = "Senator Tom Hale spoke to the host Dana Ross on Sunday.\n\n\"ROSS: Will you vote for the bill next week?\n\n\"HALE: No, because the bill does nothing for farmers.\n\n\"And the farmers in my state know it better than anyone.";
        check(
            text,
            &[
                ("Dana Ross", "Will you vote for the bill next week?", true),
                (
                    "Tom Hale",
                    "And the farmers in my state know it better than anyone.",
                    true,
                ),
            ],
        );
    }

    #[test]
    fn quotes_curly_marks_inside_a_straight_quote_stay_in_it() {
        let text = "\"She thinks this is an episode of \u{201c}Shark Tank.\u{201d} But this is serious business,\" said Ana Ruiz.";
        check(
            text,
            &[(
                "Ana Ruiz",
                "She thinks this is an episode of \u{201c}Shark Tank.\u{201d} But this is serious business,",
                true,
            )],
        );
    }
}
