//! What the speaker model sees of a quotation and a candidate: which side, how far, the words
//! between them, the cue verb, whether the candidate spoke the quote before.

use super::context::{Candidate, CandidateKind, QuoteCtx};
use super::context::{APPOSITION_TOKENS, SOURCE_NOUNS};
use super::rules::PREPOSITIONS;
use super::spans::is_dash;
use crate::doc::EntityType;
use crate::nlp::cues::{is_possessive, AUXILIARIES, SPEECH_VERBS};
use crate::nlp::learn::{bucket, words_key};
use std::ops::Range;

/// What the speaker model sees of a quotation and a candidate.
impl QuoteCtx<'_> {
    /// The verb of the clause a mention opens, past an apposition or relative clause between
    /// commas ("Aparna Mathur, who studies tax policy, said") and auxiliaries; "<q>" in a
    /// quote, empty when the apposition runs to the end of the sentence.
    pub(super) fn clause_verb_after(&self, c: &Range<usize>) -> String {
        let doc = self.doc;
        let mut k = c.end;
        if k < doc.tokens.len() && doc.token_text(k) == "," {
            let sent_end = doc.sentences[doc.sentence_of(c.start)].end;
            let limit = (k + APPOSITION_TOKENS).min(sent_end);
            match (k + 1..limit).find(|&t| doc.token_text(t) == ",") {
                Some(close) => k = close + 1,
                None => return String::new(),
            }
        }
        self.verb_after(&(c.start..k)).0
    }

    /// The word after a candidate, over auxiliaries and adverbs ("has also said"), lower case.
    pub(super) fn verb_after(&self, c: &Range<usize>) -> (String, usize) {
        let mut k = c.end;
        let limit = (c.end + 3).min(self.doc.tokens.len());
        while k < limit && AUXILIARIES.contains(&self.doc.token_text(k)) {
            k += 1;
        }
        if k < self.doc.tokens.len() && !self.in_quote[k] {
            (self.lower(k), k)
        } else {
            ("<q>".to_string(), k)
        }
    }

    pub(super) fn word_or(&self, i: Option<usize>, fallback: &str) -> String {
        match i {
            Some(i) if i < self.doc.tokens.len() => {
                if self.in_quote[i] {
                    "<q>".into()
                } else if self.by_token[i].is_some() {
                    "<e>".into()
                } else {
                    self.lower(i)
                }
            }
            _ => fallback.into(),
        }
    }

    /// The words between a quote and a candidate, masked (entities `<e>`, capitalised `<C>`).
    pub(super) fn between(&self, from: usize, to: usize) -> Vec<String> {
        (from..to)
            .map(|k| {
                if self.by_token[k].is_some() {
                    "<e>".into()
                } else {
                    let w = self.doc.token_text(k);
                    let lower = w.to_lowercase();
                    if is_dash(w) {
                        "<dash>".into()
                    } else if self.res.is_title(&lower) || SOURCE_NOUNS.contains(&lower.as_str()) {
                        // "said MSNBC host X" and "said NASA spokesman X" alike.
                        "<T>".into()
                    } else if w.chars().next().is_some_and(char::is_uppercase) && k > from {
                        "<C>".into()
                    } else {
                        lower
                    }
                }
            })
            .collect()
    }

    /// The preposition whose object a candidate is, past a possessor, titles and "the", with
    /// the word before it ("interview|with" of "in an interview with CNN's Wolf Blitzer",
    /// "says|of", "according|to"); "none" when it is no preposition's object.
    pub(super) fn governing_preposition(&self, c: &Range<usize>) -> String {
        let doc = self.doc;
        let mut k = c.start;
        for _ in 0..4 {
            let Some(prev) = k.checked_sub(1) else {
                return "none".into();
            };
            let w = doc.token_text(prev);
            let lower = w.to_lowercase();
            if PREPOSITIONS.contains(&lower.as_str()) {
                let before = self.word_or(prev.checked_sub(1), "<s>");
                return format!("{before}|{lower}");
            }
            let skippable = self.by_token[prev].is_some()
                || is_possessive(w)
                || lower == "the"
                || self.res.is_title(&lower)
                || w.chars().next().is_some_and(char::is_uppercase);
            if !skippable || self.in_quote[prev] {
                return "none".into();
            }
            k = prev;
        }
        "none".into()
    }

    /// Is the candidate what a speaker speaks of ("The businessman says of Clinton, '…'")? It
    /// is then no speaker of the quote.
    pub(super) fn spoken_of(&self, c: &Range<usize>) -> bool {
        let pobj = self.governing_preposition(c);
        pobj.split_once('|')
            .is_some_and(|(verb, prep)| prep == "of" && SPEECH_VERBS.contains(&verb))
    }

    /// Features of candidate `c` (the `rank`-th nearest on its side) for quote `q`;
    /// `prev_speaker` tells whether it stands for the speaker of the quote before.
    pub fn features(
        &self,
        q: &Range<usize>,
        c: &Candidate,
        rank: usize,
        prev_speaker: bool,
    ) -> Vec<String> {
        let doc = self.doc;
        let after = c.tokens.start >= q.end;
        let side = if after { "A" } else { "B" };
        let kind = match &c.kind {
            CandidateKind::Entity(e) => match doc.entities[*e].etype {
                EntityType::Person => "per".to_string(),
                EntityType::Organization => "org".to_string(),
                _ => "gpe".to_string(),
            },
            CandidateKind::Pronoun(_) => format!("pro:{}", self.lower(c.tokens.start)),
            CandidateKind::Nominal(named) => {
                if named.is_some() {
                    "nom:named".to_string()
                } else {
                    "nom".to_string()
                }
            }
        };
        let (gap_from, gap_to) = if after {
            ((q.end + 1).min(c.tokens.start), c.tokens.start)
        } else {
            (c.tokens.end, q.start.saturating_sub(1).max(c.tokens.end))
        };
        let dist = gap_to - gap_from;
        let between = self.between(gap_from, gap_to);
        let between_key = words_key(&between, 4, "|", "..");
        let (verb, verb_idx) = self.verb_after(&c.tokens);
        let prev = self.word_or(c.tokens.start.checked_sub(1), "<s>");
        let prev2 = self.word_or(c.tokens.start.checked_sub(2), "<s>");
        let qpara = self.para[q.start];
        let para_rel = match self.para[c.tokens.start] as isize - qpara as isize {
            0 => "same",
            -1 => "prev",
            _ => "other",
        };
        let csent = doc.sentence_of(c.tokens.start);
        let boundary = if after {
            q.end.saturating_sub(1)
        } else {
            q.start
        };
        let sent_rel = match csent as isize - doc.sentence_of(boundary) as isize {
            0 => "same",
            -1 | 1 => "adj",
            _ => "far",
        };
        let quote_starts_para = q.start < 2 || self.para[q.start - 2] != qpara;
        let quote_ends_para = q.end + 1 >= doc.tokens.len() || self.para[q.end + 1] != qpara;
        let speech_verb = SPEECH_VERBS.contains(&verb.as_str());
        let said_before = c.tokens.start > 0 && {
            let w = self.lower(c.tokens.start - 1);
            SPEECH_VERBS.contains(&w.as_str())
        };
        let possessive =
            c.tokens.end < doc.tokens.len() && is_possessive(doc.token_text(c.tokens.end));
        let rank_s = rank.min(3).to_string();
        let dist_b = bucket(dist);
        let last_punct = doc.token_text(q.end.saturating_sub(1)).to_string();
        let mut f = vec![
            "bias".to_string(),
            format!("side={side}"),
            format!("kind={kind}"),
            format!("kind={kind}|side={side}"),
            format!("dist={dist_b}|side={side}"),
            format!("rank={rank_s}|side={side}"),
            format!("rank={rank_s}|side={side}|kind={kind}"),
            format!("para={para_rel}|side={side}"),
            format!("sent={sent_rel}|side={side}"),
            format!("verb={verb}"),
            format!("verb={verb}|side={side}"),
            format!("speechverb={speech_verb}|side={side}"),
            format!("speechverb={speech_verb}|side={side}|rank={rank_s}"),
            format!("saidbefore={said_before}|side={side}"),
            format!("prev={prev}|side={side}"),
            format!("prev2={prev2}|prev={prev}"),
            format!("between={between_key}|side={side}"),
            format!(
                "qstart={quote_starts_para}|qend={quote_ends_para}|side={side}|para={para_rel}"
            ),
            format!("poss={possessive}"),
            format!("prevspeaker={prev_speaker}"),
            format!("prevspeaker={prev_speaker}|para={para_rel}|side={side}"),
            format!("lastpunct={last_punct}|side={side}"),
        ];
        let pobj = self.governing_preposition(&c.tokens);
        let prep = pobj.rsplit('|').next().unwrap_or("none");
        f.push(format!("pobj={pobj}"));
        f.push(format!("prep={prep}|side={side}"));
        f.push(format!("prep={prep}|kind={kind}"));
        if let Some(first) = between.first() {
            f.push(format!("bfirst={first}|side={side}"));
        }
        if let Some(last) = between.last() {
            f.push(format!("blast={last}|side={side}"));
        }
        if speech_verb && verb_idx < doc.tokens.len() {
            // What follows the cue verb: ":" before a quote, "reporters", "in a statement".
            let next = self.word_or(Some(verb_idx + 1), "</s>");
            f.push(format!("afterverb={next}|side={side}"));
        }
        f
    }
}
