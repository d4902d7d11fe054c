//! The pairs the relation model is asked about: type-compatible mentions of one sentence,
//! close enough to each other.

use crate::doc::{Doc, EntityType};
use crate::nlp::cues::SPEECH_VERBS;
use std::ops::Range;

/// Mentions further apart than this (in tokens) are not paired.
pub(super) const MAX_PAIR_DISTANCE: usize = 30;

/// Can a mention of type `s` be the subject, and one of type `o` the object, of some predicate?
pub(super) fn pair_possible(s: EntityType, o: EntityType) -> bool {
    use EntityType::*;
    matches!(
        (s, o),
        (Person, Organization | Country)
            | (Organization, Country | Place)
            | (Place, Country | Place)
            | (Country | Organization, Agreement)
    )
}

/// Candidate (subject, object) mention pairs of one sentence.
pub(super) fn candidate_pairs(doc: &Doc, sent: &Range<usize>) -> Vec<(usize, usize)> {
    let from = doc
        .mentions
        .partition_point(|m| m.tokens.start < sent.start);
    let to = doc.mentions.partition_point(|m| m.tokens.start < sent.end);
    let mut out = Vec::new();
    for a in from..to {
        for b in from..to {
            let (ma, mb) = (&doc.mentions[a], &doc.mentions[b]);
            let (Some(ea), Some(eb)) = (ma.entity, mb.entity) else {
                continue;
            };
            if ea == eb || ma.tokens.end > sent.end || mb.tokens.end > sent.end {
                continue;
            }
            let gap = if ma.tokens.start < mb.tokens.start {
                mb.tokens.start.saturating_sub(ma.tokens.end)
            } else {
                ma.tokens.start.saturating_sub(mb.tokens.end)
            };
            // "X said Italy would …": a cue verb between the two opens what X said, which
            // states nothing about X and the other.
            let (lo, hi) = if ma.tokens.start < mb.tokens.start {
                (ma.tokens.end, mb.tokens.start)
            } else {
                (mb.tokens.end, ma.tokens.start)
            };
            if gap > MAX_PAIR_DISTANCE
                || (lo..hi).any(|t| SPEECH_VERBS.contains(&doc.token_text(t)))
            {
                continue;
            }
            if pair_possible(doc.entities[ea].etype, doc.entities[eb].etype) {
                out.push((a, b));
            }
        }
    }
    out
}
