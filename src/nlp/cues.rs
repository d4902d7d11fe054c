//! Lexical cues shared by the statement, claim and relation stages: speech and reporting
//! verbs, date expressions in a sentence, the mention covering a token, and pronoun
//! antecedents. Nothing here writes to `Doc`.

use crate::doc::{Doc, EntityType, Mention};
use crate::ingest::metadata::{month_number, resolve_date};
use crate::nlp::resources::Resources;
use std::ops::Range;

crate::words::list! {
    /// Verbs that introduce what someone said, claimed, announced or denied.
    pub SPEECH_VERBS = "cues/speech_verbs.txt"
}

crate::words::list! {
    /// Verbs that present a finding or figure without speech ("a report indicating …").
    pub REPORTING_VERBS = "cues/reporting_verbs.txt"
}

crate::words::list! {
    /// Words that may stand between a subject and its speech verb ("X has also said").
    pub AUXILIARIES = "cues/auxiliaries.txt"
}

/// A transcript label ("WALLACE:") names a speaker only if each of its words is rarer than
/// this (Zipf frequency ×10: "WALLACE" is, "NOTE" and "UPDATE" are not).
pub const LABEL_MAX_ZIPF10: u8 = 45;

/// Is `word` written as a transcript label writes names: in capitals ("WALLACE", "SEN.",
/// "O'BRIEN")?
pub fn is_label_word(word: &str) -> bool {
    word.chars().any(char::is_alphabetic)
        && word
            .chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '-' || c == '\'')
}

/// Are the words of a transcript label rare enough to be a name rather than a heading?
pub fn rare_label(res: &Resources, label: &[&str]) -> bool {
    label
        .iter()
        .all(|w| res.zipf10(&w.to_lowercase()) < LABEL_MAX_ZIPF10)
}

/// A quotation mark token: curly, straight, or the typewriter's ('' and ``).
pub fn is_quote_mark(word: &str) -> bool {
    matches!(word, "\u{201c}" | "\u{201d}" | "\"" | "''" | "``")
}

/// A possessive token: "'s", a bare apostrophe ("Defenders'"), curly or straight.
pub fn is_possessive(word: &str) -> bool {
    matches!(word, "'s" | "\u{2019}s" | "'" | "\u{2019}" | "'S")
}

/// For each token, the mention that covers it.
pub fn token_mentions(doc: &Doc) -> Vec<Option<usize>> {
    let mut out = vec![None; doc.tokens.len()];
    for (idx, m) in doc.mentions.iter().enumerate() {
        for slot in &mut out[m.tokens.clone()] {
            *slot = Some(idx);
        }
    }
    out
}

/// The entity of the mention ending at token `end` (exclusive), if any.
pub fn entity_ending_at(doc: &Doc, by_token: &[Option<usize>], end: usize) -> Option<usize> {
    let idx = by_token.get(end.checked_sub(1)?)?.as_ref()?;
    let m = &doc.mentions[*idx];
    (m.tokens.end == end).then_some(m.entity).flatten()
}

/// The entity of the mention starting at token `start`, if any.
pub fn entity_starting_at(doc: &Doc, by_token: &[Option<usize>], start: usize) -> Option<usize> {
    let idx = by_token.get(start)?.as_ref()?;
    let m = &doc.mentions[*idx];
    (m.tokens.start == start).then_some(m.entity).flatten()
}

/// The antecedent entity of a pronoun at token `token_idx`: the most recent person for
/// he/she, the most recent organisation or country for it/they.
pub fn pronoun_antecedent(doc: &Doc, token_idx: usize) -> Option<usize> {
    let word = doc.token_text(token_idx).to_lowercase();
    let wanted: &[EntityType] = match word.as_str() {
        "he" | "she" => &[EntityType::Person],
        "it" | "its" => &[EntityType::Organization, EntityType::Country],
        "their" => &[
            EntityType::Organization,
            EntityType::Country,
            EntityType::Person,
        ],
        "they" => &[
            EntityType::Organization,
            EntityType::Country,
            EntityType::Person,
        ],
        _ => return None,
    };
    // "It"/"They" opening a sentence continue the previous sentence's subject: its first
    // matching mention ("The NGO sees … It says …").
    let sentence = doc.sentence_of(token_idx);
    if word != "he" && word != "she" && sentence > 0 && doc.sentences[sentence].start == token_idx {
        let prev = doc.sentences[sentence - 1].clone();
        // In order of preference: "Russia's Foreign Ministry called … Its spokeswoman" is the
        // ministry's.
        for etype in wanted {
            if let Some(e) = doc
                .mentions
                .iter()
                .filter(|m| prev.contains(&m.tokens.start))
                .find(|m| m.etype == *etype && m.entity.is_some())
                .and_then(|m| m.entity)
            {
                return Some(e);
            }
        }
    }
    let before = doc
        .mentions
        .iter()
        .rev()
        .filter(|m| m.tokens.end <= token_idx)
        .filter(|m| wanted.contains(&m.etype) && m.entity.is_some());
    if word == "he" || word == "she" {
        return person_antecedent(doc, token_idx, before).and_then(|m| m.entity);
    }
    before.clone().next().and_then(|m| m.entity)
}

/// Where the subject of the verb at `verb` ends: before it, over auxiliaries ("she has
/// said"), no further back than `floor`.
pub fn subject_end(doc: &Doc, verb: usize, floor: usize) -> usize {
    let mut k = verb;
    while k > floor && AUXILIARIES.contains(&doc.token_text(k - 1)) {
        k -= 1;
    }
    k
}

/// Of the person mentions before a "he" or "she" at `token` (nearest first), the one it stands
/// for: "Trump has also commented on Crutcher's death. On Wednesday, he told …" — a possessor
/// is seldom what the pronoun goes on about, so the nearest person named otherwise in this
/// sentence or the two before, else the nearest.
pub fn person_antecedent<'a>(
    doc: &Doc,
    token: usize,
    nearest_first: impl Iterator<Item = &'a Mention> + Clone,
) -> Option<&'a Mention> {
    let floor = doc.sentences[doc.sentence_of(token).saturating_sub(2)].start;
    nearest_first
        .clone()
        .take_while(|m| m.tokens.start >= floor)
        .find(|m| !possessor(doc, m))
        .or_else(|| nearest_first.clone().next())
}

/// Is the mention a possessor ("Scott's hand")?
pub fn possessor(doc: &Doc, m: &Mention) -> bool {
    m.tokens.end < doc.tokens.len() && is_possessive(doc.token_text(m.tokens.end))
}

/// The first date expression in a token range, resolved against the article date: weekdays
/// ("on Thursday"), "last week", "yesterday", month-day dates ("Dec 15").
pub fn date_in(doc: &Doc, range: Range<usize>) -> Option<String> {
    let reference = doc.metadata.published.as_deref();
    for i in range.clone() {
        let w = doc.token_text(i);
        let lower = w.to_lowercase();
        let next = if i + 1 < range.end {
            doc.token_text(i + 1)
        } else {
            ""
        };
        if month_number(w).is_some() && w.chars().next().is_some_and(char::is_uppercase) {
            let end = (i + 4).min(range.end);
            let text = doc.tokens_text(&(i..end));
            if let Some(date) = resolve_date(text, reference) {
                return Some(date);
            }
        }
        let candidate = match lower.as_str() {
            "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday" => {
                let prev = i.checked_sub(1).map(|p| doc.token_text(p).to_lowercase());
                if prev.as_deref() == Some("last") {
                    format!("last {lower}")
                } else {
                    lower.clone()
                }
            }
            "yesterday" | "today" => lower.clone(),
            "last" if matches!(next, "week" | "month" | "year") => format!("last {next}"),
            _ => continue,
        };
        if let Some(date) = resolve_date(&candidate, reference) {
            return Some(date);
        }
    }
    None
}

/// A four-digit year in a token range, if any ("in 2019", "from 2015").
pub fn year_in(doc: &Doc, range: Range<usize>) -> Option<String> {
    range
        .map(|i| doc.token_text(i))
        .find(|w| {
            w.len() == 4
                && w.chars().all(|c| c.is_ascii_digit())
                && (w.starts_with("19") || w.starts_with("20"))
        })
        .map(str::to_string)
}
