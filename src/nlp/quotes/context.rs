//! What every part of the stage reads of one document: its quotations, paragraphs and
//! headline, the mention at each token, the genders the article gives its entities, and the
//! speaker candidates' kinds.

use super::genders::entity_genders;
use super::spans::{headline_end, paragraphs, quote_spans};
use crate::doc::{Doc, EntityType};
use crate::nlp::cues::{is_possessive, token_mentions};
use crate::nlp::ner::titles::is_abbreviated_title;
use crate::nlp::resources::{Gender, Resources};
use std::ops::Range;

/// How far before a quote, in tokens, speaker candidates are sought.
pub(super) const WINDOW_BEFORE: usize = 60;

/// How far after a quote, in tokens, speaker candidates are sought.
pub(super) const WINDOW_AFTER: usize = 30;

/// What a speaker candidate is.
#[derive(Debug, Clone, PartialEq)]
pub enum CandidateKind {
    /// A mention of an entity.
    Entity(usize),
    /// A personal pronoun, with its antecedent entity when one was found.
    Pronoun(Option<usize>),
    /// A nominal source ("a spokeswoman"), with the named entity in apposition if any.
    Nominal(Option<usize>),
}

/// A speaker candidate of one quote.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Token range of the candidate phrase.
    pub tokens: Range<usize>,
    /// What it is.
    pub kind: CandidateKind,
}

impl Candidate {
    /// The entity the candidate stands for, when known.
    pub fn entity(&self) -> Option<usize> {
        match self.kind {
            CandidateKind::Entity(e) => Some(e),
            CandidateKind::Pronoun(e) | CandidateKind::Nominal(e) => e,
        }
    }
}

crate::words::list! {
    /// Words after a mention that show it is no clause subject: prepositions, conjunctions,
    /// relative pronouns and articles.
    NOT_VERBS = "quotes/not_verbs.txt"
}

/// Per-document context shared by candidate search and features.
pub struct QuoteCtx<'a> {
    pub(super) doc: &'a Doc,
    pub(super) res: &'a Resources,
    pub(super) by_token: Vec<Option<usize>>,
    pub(super) para: Vec<usize>,
    /// Quote spans (all, also short ones).
    pub quotes: Vec<Range<usize>>,
    pub(super) in_quote: Vec<bool>,
    /// First token after a headline the reader did not recognise as one.
    pub(super) body_token: usize,
    /// Per entity: the gender the article gives it.
    pub(super) genders: Vec<Gender>,
}

impl<'a> QuoteCtx<'a> {
    /// Context of one document (tokens, sentences, mentions and entities set).
    pub fn new(doc: &'a Doc, res: &'a Resources) -> QuoteCtx<'a> {
        let para = paragraphs(doc);
        let quotes = quote_spans(doc, &para);
        let mut in_quote = vec![false; doc.tokens.len()];
        for q in &quotes {
            // The marks belong to the quote too.
            let from = q.start.saturating_sub(1);
            let to = (q.end + 1).min(doc.tokens.len());
            in_quote[from..to].iter_mut().for_each(|b| *b = true);
        }
        let body_token = headline_end(doc, &para);
        let genders = entity_genders(doc, res, &in_quote);
        QuoteCtx {
            doc,
            res,
            by_token: token_mentions(doc),
            para,
            quotes,
            in_quote,
            body_token,
            genders,
        }
    }

    /// Is token `i` in the header (headline, byline) rather than the body?
    pub(super) fn in_header(&self, i: usize) -> bool {
        i < self.body_token || self.doc.tokens[i].start < self.doc.body_start
    }

    pub(super) fn lower(&self, i: usize) -> String {
        self.doc.token_text(i).to_lowercase()
    }

    pub(super) fn speaker_type_ok(&self, e: usize) -> bool {
        matches!(
            self.doc.entities[e].etype,
            EntityType::Person | EntityType::Organization | EntityType::Country
        )
    }

    /// Is the mention at `tokens` the subject of its clause: a lower-case word that is no
    /// preposition, conjunction or relative pronoun follows it, past an apposition between
    /// commas ("Ana Ruiz, the group's director, spoke")?
    pub(super) fn is_subject(&self, tokens: &Range<usize>) -> bool {
        let next = self.clause_verb_after(tokens);
        next.chars().all(|c| c.is_lowercase())
            && !(next.is_empty() || NOT_VERBS.contains(&next.as_str()))
    }

    /// The names of an entity: canonical name, aliases and mention surfaces.
    pub fn entity_names(&self, e: usize) -> Vec<String> {
        let ent = &self.doc.entities[e];
        let mut names = vec![ent.name.clone()];
        names.extend(ent.aliases.iter().cloned());
        names.extend(
            ent.mentions
                .iter()
                .map(|&m| self.doc.mention_text(m).to_string()),
        );
        names
    }

    /// A nominal source noun phrase ending at `head` (inclusive): its first token.
    pub(super) fn nominal_start(&self, head: usize, floor: usize) -> usize {
        let mut s = head;
        while s > floor {
            let w = self.doc.token_text(s - 1);
            let lw = w.to_lowercase();
            let modifier = matches!(lw.as_str(), "a" | "an" | "the" | "one" | "two" | "several")
                || (w.chars().all(|c| c.is_alphabetic() || c == '-')
                    && !matches!(
                        lw.as_str(),
                        "said" | "says" | "and" | "or" | "to" | "of" | "in" | "by" | "that"
                    )
                    && self.res.zipf10(&lw) > 0
                    && s + 3 > head);
            if !modifier || self.in_quote[s - 1] {
                break;
            }
            s -= 1;
            if matches!(lw.as_str(), "a" | "an" | "the") {
                break;
            }
        }
        s
    }

    /// Does the mention ending at `end` modify a person named after a title ("MSNBC host Ann
    /// Lee", "Clinton's campaign manager Robby Mook")? Then that person, not the mention, is
    /// the head of the phrase and the one who speaks.
    /// Is the word after `end` (after at most two lower-case words) a title or source noun
    /// ("a Democratic aide", "the presumptive Republican presidential nominee"): the mention
    /// before it describes that person rather than names a speaker?
    pub(super) fn modifies_nominal(&self, end: usize) -> bool {
        let doc = self.doc;
        (end..(end + 3).min(doc.tokens.len()))
            .take_while(|&k| {
                !self.in_quote[k]
                    && self.by_token[k].is_none()
                    && doc
                        .token_text(k)
                        .chars()
                        .all(|c| c.is_alphabetic() || c == '-')
            })
            .any(|k| {
                let lw = doc.token_text(k).to_lowercase();
                self.res.is_title(&lw) || SOURCE_NOUNS.contains(&lw.as_str())
            })
    }

    /// Does the name ending at `end` own the source that speaks ("Johnson's doctor is calling
    /// …", "Ruiz's spokesman said")? The owner is not the speaker.
    pub(super) fn owns_a_source(&self, end: usize) -> bool {
        end < self.doc.tokens.len()
            && !self.in_quote[end]
            && is_possessive(self.doc.token_text(end))
            && self.modifies_nominal(end + 1)
    }

    pub(super) fn modifies_person(&self, end: usize) -> bool {
        let doc = self.doc;
        let mut k = end;
        if k < doc.tokens.len() && is_possessive(doc.token_text(k)) {
            k += 1;
        }
        let mut titled = false;
        for _ in 0..4 {
            if k >= doc.tokens.len() || self.in_quote[k] {
                return false;
            }
            if let Some(m) = self.by_token[k] {
                let m = &doc.mentions[m];
                return titled && m.tokens.start == k && m.etype == EntityType::Person;
            }
            let w = doc.token_text(k);
            // "Army Capt. Christian Pardo": an abbreviated title.
            let abbreviated = w.ends_with('.') && is_abbreviated_title(w);
            if !abbreviated && !w.chars().all(|c| c.is_alphabetic() || c == '-') {
                return false;
            }
            let lw = w.to_lowercase();
            titled |= abbreviated || self.res.is_title(&lw) || SOURCE_NOUNS.contains(&lw.as_str());
            k += 1;
        }
        false
    }
}

crate::words::list! {
    /// Nouns that name a source of speech without naming it ("a source", "officials").
    pub(super) SOURCE_NOUNS = "quotes/source_nouns.txt"
}

/// The longest apposition between a name and its cue verb, in tokens ("Ana Pereira, who runs a
/// cafe beside the bridge and chairs the traders' association, said").
pub(super) const APPOSITION_TOKENS: usize = 25;

/// Cue verbs of quotations beyond the speech verbs of [`SPEECH_VERBS`].
pub(super) const OTHER_CUES: [&str; 10] = [
    "wrote",
    "writes",
    "tweets",
    "posts",
    "asks",
    "replies",
    "responds",
    "recalls",
    "continues",
    "concludes",
];
