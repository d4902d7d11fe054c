//! Statements: who said what. Direct quotes (also spanning sentences) and reported speech
//! ("X said", "said X", "X says", "according to X", pronouns "she said"), with the speech verb
//! and the date resolved against the article's date.
//!
//! Reads `tokens`, `sentences`, `mentions`, `entities`, `metadata`; writes `statements`.
//! Short quoted phrases ("service stations") are scare quotes inside a sentence, not
//! statements of their own.

use super::cues::{
    date_in, entity_ending_at, entity_starting_at, pronoun_antecedent, token_mentions, AUXILIARIES,
    SPEECH_VERBS,
};
use super::resources::Resources;
use super::{NlpError, Stage};
use crate::doc::{Doc, EntityType, Statement};
use std::ops::Range;
use std::sync::Arc;

/// Quotes with fewer tokens than this are scare quotes.
const MIN_QUOTE_TOKENS: usize = 5;

/// The statements stage.
pub struct Quotes {
    res: Arc<Resources>,
}

impl Quotes {
    /// A statements stage.
    pub fn new(res: Arc<Resources>) -> Quotes {
        Quotes { res }
    }
}

fn is_open_quote(w: &str) -> bool {
    matches!(w, "\u{201c}" | "\"")
}

fn is_close_quote(w: &str) -> bool {
    matches!(w, "\u{201d}" | "\"")
}

/// Quote spans as token ranges (marks excluded); straight quotes alternate open/close.
fn quote_spans(doc: &Doc) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for i in 0..doc.tokens.len() {
        let w = doc.token_text(i);
        match open {
            None if is_open_quote(w) => open = Some(i),
            Some(o) if is_close_quote(w) => {
                spans.push(o + 1..i);
                open = None;
            }
            // A new paragraph without a closing mark: the quote continues (wire style) or was
            // never closed; either way restart at a new opening mark.
            Some(_) if is_open_quote(w) && w == "\u{201c}" => open = Some(i),
            _ => {}
        }
    }
    spans
}

/// Speaker of a speech verb at `verb`: the mention (or pronoun) just before it, skipping
/// auxiliaries, or the mention just after it ("said Ruiz").
fn speaker_of(
    doc: &Doc,
    res: &Resources,
    by_token: &[Option<usize>],
    verb: usize,
    sent: &Range<usize>,
) -> Option<usize> {
    let mut k = verb;
    while k > sent.start && AUXILIARIES.contains(&doc.token_text(k - 1)) {
        k -= 1;
    }
    if k > sent.start {
        if let Some(e) = entity_ending_at(doc, by_token, k) {
            return Some(e);
        }
        if let Some(e) = pronoun_antecedent(doc, k - 1) {
            let w = doc.token_text(k - 1).to_lowercase();
            if matches!(w.as_str(), "he" | "she" | "it" | "they") {
                return Some(e);
            }
        }
        // "Kadri Simson, the EU energy commissioner, said": the name before an apposition.
        if doc.token_text(k - 1) == "," {
            let open = (k.saturating_sub(14).max(sent.start)..k - 1)
                .rev()
                .find(|&c| doc.token_text(c) == ",");
            if let Some(e) = open.and_then(|c| entity_ending_at(doc, by_token, c)) {
                return Some(e);
            }
        }
    }
    // "said Ruiz", "said Chancellor Olaf Brandt", "said the group's director Ana Ruiz":
    // the first mention after the verb, over title words and determiners only.
    for k in verb + 1..(verb + 6).min(sent.end) {
        if let Some(e) = entity_starting_at(doc, by_token, k) {
            return Some(e);
        }
        let w = doc.token_text(k);
        let titleish = w.chars().next().is_some_and(char::is_uppercase)
            || res.is_title(&w.to_lowercase())
            || matches!(w, "the" | "a" | "an");
        if !titleish {
            break;
        }
    }
    None
}

impl Stage for Quotes {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn run(&self, doc: &mut Doc) -> Result<(), NlpError> {
        let by_token = token_mentions(doc);
        let quotes: Vec<Range<usize>> = quote_spans(doc)
            .into_iter()
            .filter(|q| q.len() >= MIN_QUOTE_TOKENS)
            .collect();
        let in_quote = |t: usize| quotes.iter().any(|q| q.start <= t && t < q.end);
        let mut statements = Vec::new();
        let mut attributed_quotes = vec![false; quotes.len()];
        for (s_idx, sent) in doc.sentences.iter().enumerate() {
            for v in sent.clone() {
                if in_quote(v) {
                    continue;
                }
                let word = doc.token_text(v);
                let according =
                    word == "according" && v + 1 < sent.end && doc.token_text(v + 1) == "to";
                if !according && !SPEECH_VERBS.contains(&word) {
                    continue;
                }
                let speaker = if according {
                    // "according to the space agency INPE": over a short description.
                    (v + 2..(v + 6).min(sent.end))
                        .take_while(|&t| {
                            t == v + 2
                                || by_token[t - 1].is_none()
                                    && doc.token_text(t - 1).chars().all(|c| c.is_lowercase())
                        })
                        .find_map(|t| entity_starting_at(doc, &by_token, t))
                } else {
                    speaker_of(doc, &self.res, &by_token, v, sent)
                };
                let Some(speaker) = speaker else { continue };
                if !matches!(
                    doc.entities[speaker].etype,
                    EntityType::Person | EntityType::Organization | EntityType::Country
                ) {
                    continue;
                }
                // A quote ending just before this clause (", X said") or opening just after it
                // ("X said: ...") is what was said.
                let quote_idx = quotes.iter().position(|q| {
                    // ", the Open Borders Foundation's campaign director Ana Ruiz said": the quote
                    // ends shortly before the attribution, in the same sentence; or it opens
                    // right after the verb ("X said: ...").
                    (q.end <= v && v - q.end <= 14 && doc.sentence_of(q.end) == s_idx)
                        || (q.start > v
                            && q.start <= v + 4
                            && doc.sentence_of(q.start.saturating_sub(1)) <= s_idx + 1)
                });
                let verb_text = if according {
                    "according to".to_string()
                } else {
                    word.to_string()
                };
                let date = date_in(doc, sent.clone());
                if let Some(qi) = quote_idx {
                    attributed_quotes[qi] = true;
                    statements.push(Statement {
                        speaker,
                        content: doc.span_of(&quotes[qi]),
                        direct: true,
                        verb: verb_text,
                        date,
                        sentence: s_idx,
                    });
                    continue;
                }
                // Reported content: the clause after the verb, or before the attribution.
                let mut start = v + if according { 3 } else { 1 };
                while start < sent.end
                    && by_token[start].is_some_and(|m| doc.mentions[m].entity == Some(speaker))
                {
                    start += 1;
                }
                while start < sent.end && matches!(doc.token_text(start), "that" | "on" | "," | ":")
                {
                    start += 1;
                }
                // Reported content ends where the sentence turns to another clause ("X says …,
                // but last week Y said …").
                let mut end = (start..sent.end)
                    .find(|&t| {
                        matches!(doc.token_text(t), ";")
                            || (doc.token_text(t) == "but"
                                && t > start
                                && doc.token_text(t - 1) == ",")
                    })
                    .unwrap_or(sent.end);
                while end > start
                    && matches!(doc.token_text(end - 1), "." | "," | "\"" | "\u{201d}")
                {
                    end -= 1;
                }
                let content = if end.saturating_sub(start) >= 3 {
                    start..end
                } else {
                    let mut e = v;
                    while e > sent.start && by_token[e - 1].is_some() {
                        e -= 1;
                    }
                    while e > sent.start && matches!(doc.token_text(e - 1), "," | "\"" | "\u{201d}")
                    {
                        e -= 1;
                    }
                    sent.start..e
                };
                if content.is_empty() {
                    continue;
                }
                statements.push(Statement {
                    speaker,
                    content: doc.span_of(&content),
                    direct: false,
                    verb: verb_text,
                    date,
                    sentence: s_idx,
                });
            }
        }
        statements.sort_by_key(|s| (s.sentence, s.content.start));
        statements.dedup_by(|a, b| a.speaker == b.speaker && a.content == b.content);
        doc.statements = statements;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::{coref::Coref, ner::Ner, sentences::SentenceSplitter, tokenize::Tokenizer};

    fn run(text: &str) -> Doc {
        let mut res = Resources::load_default().unwrap();
        res.model = None;
        let res = Arc::new(res);
        let mut doc = Doc::new("t.txt", text);
        doc.metadata.published = Some("2022-12-15".into());
        Tokenizer.run(&mut doc).unwrap();
        SentenceSplitter.run(&mut doc).unwrap();
        Ner::new(res.clone()).run(&mut doc).unwrap();
        Coref.run(&mut doc).unwrap();
        Quotes::new(res).run(&mut doc).unwrap();
        doc
    }

    fn check(text: &str, expected: &[(&str, &str, bool)]) {
        let doc = run(text);
        let got: Vec<(String, String, bool)> = doc
            .statements
            .iter()
            .map(|s| {
                (
                    doc.entities[s.speaker].name.clone(),
                    doc.text[s.content.clone()].to_string(),
                    s.direct,
                )
            })
            .collect();
        for (speaker, content, direct) in expected {
            assert!(
                got.iter()
                    .any(|(s, c, d)| s == speaker && c == content && d == direct),
                "({speaker}, {content}, {direct}) missing in {got:?}"
            );
        }
    }

    #[test]
    fn quotes_direct_after_quote() {
        check(
            "Minister Anna Kowalczyk arrived. \"We will not accept this at all,\" Kowalczyk said.",
            &[("Anna Kowalczyk", "We will not accept this at all,", true)],
        );
    }

    #[test]
    fn quotes_reported_with_pronoun_and_according_to() {
        check(
            "Chancellor Olaf Brandt spoke. He said the talks had failed. Prices rose, according to Germany.",
            &[("Olaf Brandt", "the talks had failed", false), ("Germany", "Prices rose", false)],
        );
    }

    #[test]
    fn quotes_inverted_speaker_and_date() {
        let doc = run("The plan is dead, said Chancellor Olaf Brandt on Monday.");
        assert_eq!(doc.statements.len(), 1);
        assert_eq!(doc.statements[0].date.as_deref(), Some("2022-12-12"));
    }

    #[test]
    fn quotes_scare_quotes_are_not_statements() {
        let doc = run("Kenya called them \"service stations\" and moved on.");
        assert!(doc.statements.is_empty());
    }
}
