//! Sentence splitter.
//!
//! Reads `text`, `tokens`, `skipped`; writes `sentences`. A sentence ends at ".", "!" or "?"
//! (with any closing quotes or brackets after it) when the next token opens a new sentence
//! (capitalised, a digit or an opening quote), at a line break unless the next line continues in
//! lower case, and at skipped page furniture. Abbreviation tokens keep their dot (see
//! `tokenize`), so "Dec. 15" and "Mr. Smith" never split; "U.S." ends a sentence only before a
//! word that usually starts one.

use super::stage::{NlpError, Stage};
use crate::doc::Doc;

/// The sentence splitter stage.
pub struct SentenceSplitter;

const CLOSERS: [&str; 7] = ["\"", "\u{201d}", "''", "'", "\u{2019}", ")", "]"];
crate::words::list! {
    /// Capitalised words that open a new sentence after an abbreviation with several dots ("U.S. The talks").
    STARTERS = "sentences/starters.txt"
}

impl Stage for SentenceSplitter {
    fn name(&self) -> &'static str {
        "sentences"
    }

    fn run(&self, doc: &mut Doc) -> Result<(), NlpError> {
        let mut sentences = Vec::new();
        let mut start = 0;
        let n = doc.tokens.len();
        for i in 0..n {
            if i + 1 == n || is_boundary(doc, i) {
                sentences.push(start..i + 1);
                start = i + 1;
            } else if i + 1 - start >= MAX_SENTENCE_TOKENS {
                // A run without sentence punctuation (a transcript, a list, a bad crawl):
                // cut at its last clause break, or here.
                let cut = (start + MAX_SENTENCE_TOKENS / 2..=i)
                    .rev()
                    .find(|&j| matches!(doc.token_text(j), ";" | "," | ":" | "\u{2014}" | "--"))
                    .unwrap_or(i);
                sentences.push(start..cut + 1);
                start = cut + 1;
            }
        }
        doc.sentences = sentences;
        Ok(())
    }
}

/// The longest a sentence may be, in tokens. News sentences stay far below it (the longest in
/// the evaluation sets run to about 150); every later stage looks at a sentence as a whole, so
/// an article without sentence punctuation would cost time and memory with the square of its
/// length.
pub const MAX_SENTENCE_TOKENS: usize = 300;

fn is_boundary(doc: &Doc, i: usize) -> bool {
    let next = doc.tokens[i + 1];
    let gap = &doc.text[doc.tokens[i].end..next.start];
    let next_text = doc.token_text(i + 1);
    let next_first = next_text.chars().next().unwrap_or(' ');
    if gap.contains('\n')
        || doc
            .skipped
            .iter()
            .any(|s| s.start >= doc.tokens[i].end && s.end <= next.start)
    {
        // A hard-wrapped line continues in lower case.
        return !next_first.is_lowercase() || gap.contains("\n\n");
    }
    let text = doc.token_text(i);
    let opens = next_first.is_uppercase()
        || next_first.is_ascii_digit()
        || matches!(
            next_text,
            "\"" | "\u{201c}" | "''" | "``" | "'" | "\u{2018}" | "("
        );
    if !opens {
        return false;
    }
    if matches!(text, "." | "!" | "?" | "...") {
        // A straight quote right after the full stop closes the sentence's quote; the
        // boundary comes after it.
        let closing_quote = matches!(next_text, "\"" | "'") && gap.is_empty();
        return !closing_quote;
    }
    if CLOSERS.contains(&text) && i > 0 {
        // A closing quote after sentence punctuation: "... a great mistake," X said is not
        // an end, but "... online." She said is.
        let mut j = i;
        while j > 0 && CLOSERS.contains(&doc.token_text(j)) {
            j -= 1;
        }
        return matches!(doc.token_text(j), "." | "!" | "?");
    }
    // "U.S." at the end of a sentence swallows the full stop.
    text.ends_with('.') && text.matches('.').count() >= 2 && STARTERS.contains(&next_text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::tokenize::Tokenizer;

    fn check(text: &str, expected: &[&str]) {
        let mut doc = Doc::new("t", text);
        Tokenizer.run(&mut doc).unwrap();
        SentenceSplitter.run(&mut doc).unwrap();
        let got: Vec<&str> = (0..doc.sentences.len())
            .map(|s| doc.sentence_text(s))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn sentences_without_punctuation_are_cut() {
        let text = "word and word, ".repeat(400);
        let mut doc = Doc::new("t", text.as_str());
        Tokenizer.run(&mut doc).unwrap();
        SentenceSplitter.run(&mut doc).unwrap();
        assert!(doc.sentences.len() >= 1200 / MAX_SENTENCE_TOKENS);
        for s in &doc.sentences {
            assert!(s.len() <= MAX_SENTENCE_TOKENS);
            // Cut after a comma where there is one.
            if s.end < doc.tokens.len() {
                assert_eq!(doc.token_text(s.end - 1), ",");
            }
        }
        // Covering every token once.
        assert_eq!(
            doc.sentences.iter().map(|s| s.len()).sum::<usize>(),
            doc.tokens.len()
        );
    }

    #[test]
    fn sentences_cases() {
        check("He left. She stayed.", &["He left.", "She stayed."]);
        check(
            "Mr. Smith met Dr. Jones on Dec. 15. Then he left.",
            &["Mr. Smith met Dr. Jones on Dec. 15.", "Then he left."],
        );
        check(
            "\"It is over.\" She said so.",
            &["\"It is over.\"", "She said so."],
        );
        check("\"It is over,\" she said.", &["\"It is over,\" she said."]);
        check(
            "Headline here\n\nBody starts. Ends",
            &["Headline here", "Body starts.", "Ends"],
        );
        check("a wrapped\nline goes on.", &["a wrapped\nline goes on."]);
        check(
            "He went to the U.S. The trip was long.",
            &["He went to the U.S.", "The trip was long."],
        );
        check(
            "It rose 3.5 percent. Good.",
            &["It rose 3.5 percent.", "Good."],
        );
    }
}
