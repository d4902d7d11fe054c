//! What every relation rule and the model read: the document, the resources, the mention at each
//! token, and the relations found so far.

use crate::doc::{Doc, EntityType, Grounds, Method, Predicate, Relation};
use crate::nlp::cues::is_possessive;
use crate::nlp::ner::is_function_word;
use crate::nlp::ner::titles::is_abbreviated_title;
use crate::nlp::resources::Resources;
use std::ops::Range;

/// Words between a possessive and a title that are not part of the title.
pub(super) const TITLE_SKIP: [&str; 8] = [
    "new", "former", "then", "once", "acting", "interim", "outgoing", "incoming",
];

crate::words::list! {
    /// Prepositions: a phrase one opens before a comma and a name holds no post of the name;
    /// words with one between a possessive and a name do not tie them.
    pub(super) PREPOSITIONS = "relations/prepositions.txt"
}

crate::words::list! {
    /// Lower-case words before a title that are no modifier of it: articles, "and", "of",
    /// possessives.
    NOT_MODIFIERS = "relations/not_modifiers.txt"
}

pub(super) struct Ctx<'a> {
    pub(super) doc: &'a Doc,
    pub(super) res: &'a Resources,
    pub(super) by_token: Vec<Option<usize>>,
    pub(super) out: Vec<Relation>,
}

impl Ctx<'_> {
    pub(super) fn word(&self, i: usize) -> &str {
        self.doc.token_text(i)
    }

    pub(super) fn entity_at(&self, token: usize) -> Option<usize> {
        self.by_token
            .get(token)
            .copied()
            .flatten()
            .and_then(|m| self.doc.mentions[m].entity)
    }

    pub(super) fn etype(&self, entity: usize) -> EntityType {
        self.doc.entities[entity].etype
    }

    /// The article's country entity of this canonical name, if the article names it.
    pub(super) fn country_named(&self, name: &str) -> Option<usize> {
        self.doc
            .entities
            .iter()
            .position(|e| e.etype == EntityType::Country && e.name == name)
    }

    pub(super) fn mention_at(&self, token: usize) -> Option<&crate::doc::Mention> {
        self.by_token
            .get(token)
            .copied()
            .flatten()
            .map(|m| &self.doc.mentions[m])
    }

    pub(super) fn push(
        &mut self,
        subject: usize,
        predicate: Predicate,
        object: Option<usize>,
        role: Option<String>,
        evidence: Range<usize>,
        confidence: f32,
    ) {
        if object == Some(subject) {
            return;
        }
        let sentence = self.doc.sentence_of(evidence.start);
        let span = self.doc.span_of(&evidence);
        let date = None;
        self.out.push(Relation {
            subject,
            predicate,
            object,
            role,
            date,
            sentence,
            evidence: span,
            confidence,
            also: Vec::new(),
            grounds: Grounds::Text,
            method: Method::Pattern,
        });
    }

    /// The longest title ending at token `end` (exclusive): (start token, title text).
    pub(super) fn title_ending_at(&self, end: usize, floor: usize) -> Option<(usize, String)> {
        let mut best = None;
        for len in 1..=self.res.max_title_len.max(1) + 1 {
            let Some(start) = end.checked_sub(len) else {
                break;
            };
            if start < floor {
                break;
            }
            let lower = self.doc.tokens_text(&(start..end)).to_lowercase();
            // "Army Capt. X": an abbreviated title counts as the post it stands for.
            if self.res.is_title(&lower) || (len == 1 && is_abbreviated_title(&lower)) {
                best = Some(start);
            }
        }
        let mut start = best?;
        // "Interior Minister": capitalised modifiers before a title head are part of the title.
        while start > floor {
            let w = self.word(start - 1);
            let cap = w.chars().next().is_some_and(char::is_uppercase);
            // "Climate and Environment Minister": "and" between capitalised modifiers.
            let and_joined = w == "and"
                && start - 1 > floor
                && self
                    .word(start - 2)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                && self.entity_at(start - 2).is_none();
            if and_joined {
                start -= 1;
                continue;
            }
            if cap
                && self.entity_at(start - 1).is_none()
                && !TITLE_SKIP.contains(&w.to_lowercase().as_str())
                && !is_function_word(w)
            {
                start -= 1;
            } else {
                break;
            }
        }
        // "X's policy director", "Chinese foreign ministry spokesman": lower-case modifiers
        // between a possessive (or a country or organisation) and the title belong to it.
        // Not before a capitalised title: "The CBS drama follows Secretary of State X" names
        // no post "drama follows Secretary of State".
        let capitalised = self
            .word(start)
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        let mut k = start;
        while !capitalised && k > floor && start - k < 2 {
            let w = self.word(k - 1);
            let modifier = w.chars().all(|c| c.is_lowercase() || c == '-')
                && !TITLE_SKIP.contains(&w)
                && !NOT_MODIFIERS.contains(&w);
            if !modifier {
                break;
            }
            k -= 1;
        }
        if k < start {
            let mut j = k;
            while j > floor && TITLE_SKIP.contains(&self.word(j - 1).to_lowercase().as_str()) {
                j -= 1;
            }
            let anchored = j > floor
                && (is_possessive(self.word(j - 1))
                    || matches!(self.word(j - 1), "its" | "his" | "her" | "their")
                    || self.entity_at(j - 1).is_some_and(|e| {
                        matches!(
                            self.etype(e),
                            EntityType::Country | EntityType::Organization
                        )
                    }));
            if anchored {
                start = k;
            }
        }
        let title = self.doc.tokens_text(&(start..end)).to_string();
        Some((start, title))
    }
}

/// The mentions that start in a sentence (mentions are sorted by start token).
pub(super) fn mentions_in<'a>(doc: &'a Doc, sent: &Range<usize>) -> &'a [crate::doc::Mention] {
    let from = doc
        .mentions
        .partition_point(|m| m.tokens.start < sent.start);
    let to = doc.mentions.partition_point(|m| m.tokens.start < sent.end);
    &doc.mentions[from..to]
}
