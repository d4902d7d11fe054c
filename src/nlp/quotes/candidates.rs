//! Who may have said a quotation: the names, pronouns and nominal sources around it, a
//! transcript's speaker label, a dash credit line, the speaker of the quote it continues.

use super::context::{
    Candidate, CandidateKind, QuoteCtx, SOURCE_NOUNS, WINDOW_AFTER, WINDOW_BEFORE,
};
use super::spans::{is_close_quote, is_dash};
use crate::doc::EntityType;
use crate::nlp::cues::{entity_ending_at, entity_starting_at, is_label_word, rare_label};
use std::ops::Range;

/// Source nouns that name a document, which speaks for the body that issued it.
pub(super) const DOCUMENT_SOURCES: [&str; 4] = ["statement", "report", "memo", "letter"];

/// Who may have said a quotation: transcript labels, dash credits, names around the quote.
impl QuoteCtx<'_> {
    /// The speaker label a transcript puts at the start of a quote ("“WALLACE: Let's start
    /// …"): one to three upper-case words and a colon, naming a person of the article by a
    /// word of their name. The label is the candidate; the content starts after the colon.
    pub(super) fn transcript_label(&self, q: &Range<usize>) -> Option<Candidate> {
        let doc = self.doc;
        let colon = self.label_colon(q)?;
        let label: Vec<&str> = (q.start..colon).map(|k| doc.token_text(k)).collect();
        let key = label.last()?.to_lowercase();
        let named = (0..doc.entities.len()).find(|&e| {
            let ent = &doc.entities[e];
            ent.etype == EntityType::Person
                && self.entity_names(e).iter().any(|n| {
                    n.split_whitespace().any(|w| {
                        let w = w
                            .strip_suffix("'s")
                            .or_else(|| w.strip_suffix("\u{2019}s"))
                            .unwrap_or(w);
                        w.to_lowercase() == key
                    })
                })
        });
        // A label naming no one of the article ("WALLACE:" for a host named only "Chris")
        // is still the speaker's name, unless it is a common word ("NOTE:", "UPDATE:").
        let kind = match named {
            Some(person) => CandidateKind::Entity(person),
            None if rare_label(self.res, &label) => CandidateKind::Nominal(None),
            None => return None,
        };
        Some(Candidate {
            tokens: q.start..colon,
            kind,
        })
    }

    /// The credit line of a quote set off by a dash ("“…” ― Ana Ruiz", "“…” — Ana Ruiz,
    /// a teacher"): a person or organisation named right after the dash, in the quote's
    /// paragraph, is its speaker.
    pub(super) fn dash_credit(&self, q: &Range<usize>) -> Option<Candidate> {
        let doc = self.doc;
        let mark = q.end;
        let dash = if mark < doc.tokens.len() && is_close_quote(doc.token_text(mark)) {
            mark + 1
        } else {
            mark
        };
        if dash + 1 >= doc.tokens.len()
            || !is_dash(doc.token_text(dash))
            || self.para[dash] != self.para[q.start]
            || self.para[dash + 1] != self.para[dash]
        {
            return None;
        }
        let m = self.by_token[dash + 1].map(|m| &doc.mentions[m])?;
        let e = m.entity.filter(|&e| self.speaker_type_ok(e))?;
        // The name ends the credit: the paragraph ends, or a description or full stop follows.
        let end = m.tokens.end;
        let ends = end >= doc.tokens.len()
            || self.para[end] != self.para[dash]
            || matches!(doc.token_text(end), "," | "." | "(");
        (m.tokens.start == dash + 1 && ends).then(|| Candidate {
            tokens: m.tokens.clone(),
            kind: CandidateKind::Entity(e),
        })
    }

    /// The colon of a label-like opening of quote `q` (upper-case words and a colon at the
    /// start of its paragraph), whether or not the label names a speaker.
    pub(super) fn label_colon(&self, q: &Range<usize>) -> Option<usize> {
        let doc = self.doc;
        let starts_para = q.start < 2 || self.para[q.start - 2] != self.para[q.start];
        if !starts_para {
            return None;
        }
        let colon = (q.start..(q.start + 4).min(q.end)).find(|&k| doc.token_text(k) == ":")?;
        let upper = |k: usize| is_label_word(doc.token_text(k));
        (colon > q.start && colon + 1 < q.end && (q.start..colon).all(upper)).then_some(colon)
    }

    /// Does quote `q` run on from a quote of the paragraph before that was left open (the next
    /// paragraph opening with a mark again, as wire copy and transcripts do)?
    pub(super) fn continues(&self, prev: &Range<usize>, q: &Range<usize>) -> bool {
        let doc = self.doc;
        let starts_para = q.start < 2 || self.para[q.start - 2] != self.para[q.start];
        // Left open: no closing mark ends it, only the paragraph (whose next one may open with
        // a straight mark, which reads as a closing one too).
        let left_open = prev.end >= doc.tokens.len()
            || !is_close_quote(doc.token_text(prev.end))
            || self.para[prev.end] != self.para[prev.end.saturating_sub(1)];
        starts_para && left_open && self.para[prev.start] + 1 == self.para[q.start]
    }

    /// Is the mention starting at `start` the one told or asked ("Sanders told co-host Joe
    /// Scarborough that he …"), over at most two lower-case words? The one told does not speak.
    fn is_told(&self, start: usize) -> bool {
        (1..=3).any(|back| {
            start.checked_sub(back).is_some_and(|v| {
                matches!(
                    self.lower(v).as_str(),
                    "told" | "tells" | "tell" | "asked" | "asks"
                ) && (v + 1..start).all(|k| {
                    let w = self.doc.token_text(k);
                    w != "by" && w.chars().all(|c| c.is_lowercase() || c == '-')
                })
            })
        })
    }

    /// The speaker candidates of quote `q` (token range without marks), nearest first on each
    /// side.
    pub fn candidates(&self, q: &Range<usize>) -> Vec<Candidate> {
        let doc = self.doc;
        let qpara = self.para[q.start];
        let from = q.start.saturating_sub(WINDOW_BEFORE);
        let to = (q.end + WINDOW_AFTER).min(doc.tokens.len());
        let mut out = Vec::new();
        let mut i = from;
        while i < to {
            // Not the headline or the byline, nor inside a quote.
            if self.in_quote[i] || (i >= q.start && i < q.end) || self.in_header(i) {
                i += 1;
                continue;
            }
            // Candidates before the quote: its paragraph or the one before; after: its own.
            let p = self.para[i];
            let ok_para = if i < q.start {
                p + 1 >= qpara
            } else {
                p == self.para[q.end.saturating_sub(1)]
            };
            if !ok_para {
                i += 1;
                continue;
            }
            if let Some(m) = self.by_token[i] {
                let mention = &doc.mentions[m];
                let end = mention.tokens.end.min(to);
                // A party named as an adjective ("a Democratic aide") is no speaker.
                let party_adjective = |e: usize| {
                    doc.entities[e].class.as_deref() == Some("PoliticalParty")
                        && self.modifies_nominal(mention.tokens.end)
                };
                if let Some(e) = mention
                    .entity
                    .filter(|&e| self.speaker_type_ok(e) && !party_adjective(e))
                    .filter(|_| !self.is_told(mention.tokens.start))
                {
                    if mention.tokens.start == i
                        && !self.modifies_person(mention.tokens.end)
                        && !self.owns_a_source(mention.tokens.end)
                    {
                        out.push(Candidate {
                            tokens: i..end,
                            kind: CandidateKind::Entity(e),
                        });
                    }
                }
                i = end.max(i + 1);
                continue;
            }
            let lw = self.lower(i);
            match lw.as_str() {
                "he" | "she" | "they" | "it" | "we" | "i" => {
                    let antecedent = self.resolve_pronoun(i);
                    out.push(Candidate {
                        tokens: i..i + 1,
                        kind: CandidateKind::Pronoun(antecedent),
                    });
                }
                w if SOURCE_NOUNS.contains(&w) || self.res.is_title(w) => {
                    // The head of a noun phrase only: not "spokesman Ana Ruiz" (the name is
                    // the candidate) nor "official statements".
                    let next_is_noun = i + 1 < to
                        && self
                            .doc
                            .token_text(i + 1)
                            .chars()
                            .all(|c| c.is_alphabetic())
                        && (SOURCE_NOUNS.contains(&self.lower(i + 1).as_str())
                            || self.res.is_title(&self.lower(i + 1)));
                    if !next_is_noun {
                        let start = self.nominal_start(i, from);
                        // "a spokeswoman, Ana Ruiz," or "spokeswoman Ana Ruiz": the name after;
                        // "Ana Ruiz, a spokeswoman": the name before.
                        let mut k = i + 1;
                        if k < to && doc.token_text(k) == "," {
                            k += 1;
                        }
                        let person = |e: &usize| doc.entities[*e].etype == EntityType::Person;
                        let named = entity_starting_at(doc, &self.by_token, k)
                            .filter(person)
                            .or_else(|| {
                                (start > 1 && doc.token_text(start - 1) == ",")
                                    .then(|| entity_ending_at(doc, &self.by_token, start - 1))
                                    .flatten()
                                    .filter(person)
                            })
                            .or_else(|| {
                                // "the IMF report", "a White House statement": the body whose
                                // document speaks.
                                if !DOCUMENT_SOURCES.contains(&lw.as_str()) {
                                    return None;
                                }
                                (start..i).find_map(|t| {
                                    let e =
                                        self.by_token[t].and_then(|m| doc.mentions[m].entity)?;
                                    let body = doc.entities[e].etype != EntityType::Person;
                                    (body && self.speaker_type_ok(e)).then_some(e)
                                })
                            });
                        out.push(Candidate {
                            tokens: start..i + 1,
                            kind: CandidateKind::Nominal(named),
                        });
                    }
                }
                _ => {}
            }
            i += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::quotes::testing::*;
    use crate::nlp::resources::Resources;

    #[test]
    fn quotes_speaker_named_by_post() {
        let text = "Mayor Ana Ruiz met the protesters on Monday.\n\n\u{201c}We do not see a \
                    link to terrorism,\u{201d} the mayor said.";
        let doc = run(text);
        let st = &doc.statements[0];
        assert_eq!(speaker_name(&doc, st), "Ana Ruiz");
        assert_eq!(st.speaker_text, None);
    }

    /// The owner of the source that speaks is not the speaker: "Ruiz's lawyer said" is the
    /// lawyer's word, not Ruiz's.
    #[test]
    fn quotes_the_owner_of_a_speaking_source_does_not_speak() {
        let text = "Ana Ruiz was charged on Monday.\n\n\u{201c}She will plead not guilty to every \
                    count,\u{201d} Ruiz's lawyer said.";
        let doc = run(text);
        assert!(!doc.statements.is_empty());
        for st in &doc.statements {
            assert_ne!(speaker_name(&doc, st), "Ana Ruiz");
        }
    }

    /// The one told does not speak: "Sanders told co-host Scarborough that he …".
    #[test]
    fn quotes_the_one_told_does_not_speak() {
        let text = "Carl Novak spoke on Monday.\n\nNovak told co-host Peter Dunn that he \
                    \u{201c}honestly does not know the answer\u{201d} to the question.";
        let doc = run(text);
        assert!(!doc.statements.is_empty());
        for st in &doc.statements {
            assert_ne!(speaker_name(&doc, st), "Peter Dunn");
        }
    }

    #[test]
    fn quotes_speaker_is_the_person_after_an_organisation_and_title() {
        let text = "\u{201c}We will win this fight in court,\u{201d} said Reuters correspondent Anna Berg.";
        check(
            text,
            &[("Anna Berg", "We will win this fight in court,", true)],
        );
        let text = "Oxfam spokeswoman Lena Park said: \u{201c}The money never reached the villages.\u{201d}";
        check(
            text,
            &[("Lena Park", "The money never reached the villages.", true)],
        );
        let text = "\u{201c}We held the line,\u{201d} said Army Capt. Lena Park.";
        check(text, &[("Lena Park", "We held the line,", true)]);
        let text = "\u{201c}I thought the senator did everything right tonight,\u{201d} said MSNBC host Chris Matthews.";
        check(
            text,
            &[(
                "Chris Matthews",
                "I thought the senator did everything right tonight,",
                true,
            )],
        );
    }

    #[test]
    fn quotes_transcript_labels_name_the_speaker() {
        let text = "Senator Tom Hale spoke to the host Dana Ross on Sunday.\n\n\u{201c}ROSS: Will you vote for the bill next week?\u{201d}\n\n\u{201c}HALE: No, because the bill does nothing for farmers.\u{201d}";
        check(
            text,
            &[
                ("Dana Ross", "Will you vote for the bill next week?", true),
                (
                    "Tom Hale",
                    "No, because the bill does nothing for farmers.",
                    true,
                ),
            ],
        );
    }

    #[test]
    fn quotes_transcript_turns_run_on_and_unnamed_labels_speak() {
        // The host is never named in the text; the guest's turn runs on over two paragraphs.
        let text = "Senator Tom Hale spoke on the Sunday programme.\n\n\u{201c}MERRIWEATHER: Will you vote for the bill next week?\n\n\u{201c}HALE: No, because the bill does nothing for farmers.\n\n\u{201c}And the farmers in my state know it better than anyone.\n\n\u{201c}NOTE: The interview was edited for length and clarity.";
        check(
            text,
            &[
                // The label is a person of its own, named as names are written.
                (
                    "Merriweather",
                    "Will you vote for the bill next week?",
                    true,
                ),
                (
                    "Tom Hale",
                    "No, because the bill does nothing for farmers.",
                    true,
                ),
                (
                    "Tom Hale",
                    "And the farmers in my state know it better than anyone.",
                    true,
                ),
            ],
        );
        let doc = run(text);
        let note = doc
            .statements
            .iter()
            .find(|s| doc.text[s.content.clone()].contains("edited"));
        assert!(
            note.is_none_or(|s| !["NOTE", "Tom Hale"].contains(&speaker_name(&doc, s).as_str())),
            "a common word is no speaker, and it ends the turn"
        );
    }

    #[test]
    fn quotes_dash_credit_names_the_speaker() {
        let text = "Readers wrote to us about the vote.\n\n\u{201c}The new bridge will change how we live here.\u{201d} \u{2015} Ana Ruiz\n\u{201c}Nobody asked the farmers what they thought about it.\u{201d}\u{2014} Tomas Berglund, a teacher.";
        check(
            text,
            &[
                (
                    "Ana Ruiz",
                    "The new bridge will change how we live here.",
                    true,
                ),
                (
                    "Tomas Berglund",
                    "Nobody asked the farmers what they thought about it.",
                    true,
                ),
            ],
        );
        // A dash inside a sentence that goes on after the name is no credit line.
        let res = Resources::load_default().unwrap();
        let credit = |text: &str| {
            let doc = run(text);
            let ctx = QuoteCtx::new(&doc, &res);
            ctx.quotes
                .iter()
                .map(|q| {
                    ctx.dash_credit(q)
                        .map(|c| doc.tokens_text(&c.tokens).to_string())
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            credit("\u{201c}We will build the bridge.\u{201d} \u{2014} Ana Ruiz"),
            vec![Some("Ana Ruiz".to_string())]
        );
        assert_eq!(
            credit("\u{201c}We will build it,\u{201d} \u{2014} Ana Ruiz insisted on Monday."),
            vec![None]
        );
    }

    #[test]
    fn quotes_document_speaks_for_its_body() {
        check(
            "\u{201c}Growth will slow sharply next year across the region,\u{201d} the Korvala Institute report said.",
            &[(
                "Korvala Institute",
                "Growth will slow sharply next year across the region,",
                true,
            )],
        );
    }
}
