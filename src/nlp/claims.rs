//! Quantity claims and events.
//!
//! Reads `tokens`, `sentences`, `mentions`, `entities`, `statements`; writes `claims` and
//! `events`. A claim is a number with what it counts ("102 overseas police stations"), the
//! place it is about ("11 in Italy", or the sentence's "In Italy, …") and its source: the
//! speaker of the sentence's statement nearest before the number, else the subject of a
//! reporting verb ("X published reports indicating …"). A count without a noun ("11 in Italy",
//! "two of them") counts what the sentence's first figure counts, or the previous figure's.
//! Events are investigations, arrests, news conferences, patrols, signings, raids, summits
//! and protests, with the entities of their clause as actors.

use super::cues::{date_in, token_mentions, year_in, REPORTING_VERBS};
use super::hash::FxHashMap;
use super::stage::{NlpError, Stage};
use crate::doc::{Claim, Doc, EntityType, Event};
use crate::words;
use std::ops::Range;
use std::sync::LazyLock;

/// Number words with the figure they stand for ("dozens" counts as 24).
static NUMBER_WORDS: LazyLock<FxHashMap<&str, f64>> = LazyLock::new(|| {
    words::pairs_of!("claims/number_words.tsv")
        .into_iter()
        .map(|(word, value)| {
            (
                word,
                value.parse().expect("data/words/claims/number_words.tsv"),
            )
        })
        .collect()
});

const MULTIPLIERS: [(&str, f64); 4] = [
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

crate::words::list! {
    /// Words that end the counted noun phrase.
    STOPS = "claims/stops.txt"
}

/// Words that name an event, with the kind of event.
static EVENT_TRIGGERS: LazyLock<FxHashMap<&str, &str>> = LazyLock::new(|| {
    words::pairs_of!("claims/event_triggers.tsv")
        .into_iter()
        .collect()
});

/// The claims and events stage.
pub struct Claims;

fn number_value(word: &str) -> Option<f64> {
    let lower = word.to_lowercase();
    if let Some(v) = NUMBER_WORDS.get(lower.as_str()) {
        return Some(*v);
    }
    if !word.chars().next().is_some_and(|c| c.is_ascii_digit())
        || word.chars().any(char::is_alphabetic)
    {
        return None;
    }
    word.replace(',', "").parse().ok()
}

impl Stage for Claims {
    fn name(&self) -> &'static str {
        "claims"
    }

    fn run(&self, doc: &mut Doc) -> Result<(), NlpError> {
        let by_token = token_mentions(doc);
        let entity_at = |t: usize| by_token[t].and_then(|m| doc.mentions[m].entity);
        let mut claims: Vec<Claim> = Vec::new();
        // What earlier figures counted, and whether a place phrase followed them.
        let mut counted_nouns: Vec<(String, bool)> = Vec::new();
        let mut events = Vec::new();
        for (s_idx, sent) in doc.sentences.iter().enumerate() {
            // "In Italy, …": the place a sentence is about.
            let sentence_place = (doc.token_text(sent.start) == "In" && sent.len() > 3)
                .then(|| entity_at(sent.start + 1))
                .flatten()
                .filter(|&e| {
                    matches!(
                        doc.entities[e].etype,
                        EntityType::Country | EntityType::Place
                    )
                });
            for t in sent.clone() {
                let w = doc.token_text(t);
                let Some(mut value) = number_value(w) else {
                    continue;
                };
                if by_token[t].is_some() {
                    continue;
                }
                let prev = t.checked_sub(1).map(|p| doc.token_text(p)).unwrap_or("");
                let next = doc
                    .tokens
                    .get(t + 1)
                    .map(|_| doc.token_text(t + 1))
                    .unwrap_or("");
                // Years, dates and times are not figures.
                let is_year = w.len() == 4
                    && (w.starts_with("19") || w.starts_with("20"))
                    && !w.contains(',');
                if is_year
                    || crate::ingest::metadata::month_number(prev).is_some()
                    || crate::ingest::metadata::month_number(next).is_some()
                    || next == ":"
                {
                    continue;
                }
                let mut k = t + 1;
                if let Some((_, mult)) = MULTIPLIERS
                    .iter()
                    .find(|(m, _)| k < sent.end && doc.token_text(k) == *m)
                {
                    value *= mult;
                    k += 1;
                }
                let counted_start = k;
                while k < sent.end && k < counted_start + 4 {
                    let cw = doc.token_text(k);
                    let lowerish = cw.chars().all(|c| c.is_lowercase() || c == '-' || c == '%');
                    if !lowerish || STOPS.contains(&cw) || by_token[k].is_some() {
                        break;
                    }
                    k += 1;
                }
                let own_noun = k > counted_start;
                let counted = if own_noun {
                    doc.tokens_text(&(counted_start..k)).to_string()
                } else {
                    // "…, including 11 in Italy" parallels the latest figure with a noun that
                    // was itself followed by a place ("102 stations in 53 countries").
                    counted_nouns
                        .iter()
                        .rev()
                        .find(|(_, placed)| *placed)
                        .or(counted_nouns.last())
                        .map(|(c, _)| c.clone())
                        .unwrap_or_default()
                };
                let placed = k < sent.end && matches!(doc.token_text(k), "in" | "across");
                if own_noun {
                    counted_nouns.push((counted.clone(), placed));
                }
                if counted.is_empty() {
                    continue;
                }
                let place = (k + 1 < sent.end && matches!(doc.token_text(k), "in" | "across"))
                    .then(|| entity_at(k + 1))
                    .flatten()
                    .filter(|&e| {
                        matches!(
                            doc.entities[e].etype,
                            EntityType::Country | EntityType::Place
                        )
                    })
                    .or(sentence_place);
                let source = claim_source(doc, s_idx, sent, t, &entity_at);
                claims.push(Claim {
                    source,
                    value,
                    counted,
                    place,
                    span: doc.span_of(&(t..k.max(t + 1))),
                    sentence: s_idx,
                });
            }
            events_in(doc, s_idx, sent, &entity_at, &mut events);
        }
        doc.claims = claims;
        doc.events = events;
        Ok(())
    }
}

fn claim_source(
    doc: &Doc,
    s_idx: usize,
    sent: &Range<usize>,
    t: usize,
    entity_at: &dyn Fn(usize) -> Option<usize>,
) -> Option<usize> {
    let number_start = doc.tokens[t].start;
    let in_sentence: Vec<_> = doc
        .statements
        .iter()
        .filter(|st| st.sentence == s_idx)
        .collect();
    // The innermost statement whose content holds the number; else the first speaker.
    if let Some(st) = in_sentence
        .iter()
        .filter(|st| st.content.start <= number_start && number_start < st.content.end)
        .max_by_key(|st| st.content.start)
    {
        if st.speaker.is_some() {
            return st.speaker;
        }
    }
    if let Some(speaker) = in_sentence.iter().find_map(|st| st.speaker) {
        return Some(speaker);
    }
    if (sent.start..t).any(|k| REPORTING_VERBS.contains(&doc.token_text(k))) {
        return (sent.start..t).filter_map(entity_at).find(|&e| {
            matches!(
                doc.entities[e].etype,
                EntityType::Person | EntityType::Organization | EntityType::Country
            )
        });
    }
    None
}

fn events_in(
    doc: &Doc,
    s_idx: usize,
    sent: &Range<usize>,
    entity_at: &dyn Fn(usize) -> Option<usize>,
    out: &mut Vec<Event>,
) {
    for t in sent.clone() {
        let w = doc.token_text(t);
        let lower = w.to_lowercase();
        let (kind, len) = if matches!(lower.as_str(), "news" | "press")
            && t + 1 < sent.end
            && doc.token_text(t + 1).starts_with("conference")
        {
            ("news conference", 2)
        } else if let Some(kind) = EVENT_TRIGGERS.get(lower.as_str()) {
            (*kind, 1)
        } else {
            continue;
        };
        // The clause around the trigger: from the previous ", but" / ";" to the next one.
        let clause_start = (sent.start..t)
            .rev()
            .find(|&k| matches!(doc.token_text(k), ";" | "but"))
            .map_or(sent.start, |k| k + 1);
        let clause_end = (t..sent.end)
            .find(|&k| matches!(doc.token_text(k), ";" | "but"))
            .unwrap_or(sent.end);
        let mut actors = Vec::new();
        let mut place = None;
        let after = t + len;
        if after + 1 < clause_end && matches!(doc.token_text(after), "in" | "at") {
            place = entity_at(after + 1).filter(|&e| {
                matches!(
                    doc.entities[e].etype,
                    EntityType::Place | EntityType::Country
                )
            });
        }
        for k in clause_start..clause_end {
            let Some(e) = entity_at(k) else { continue };
            if Some(e) == place || actors.contains(&e) {
                continue;
            }
            let ent = &doc.entities[e];
            let actor = match kind {
                // Investigations are carried out by states and their bodies, before the trigger.
                "investigation" => {
                    k < t
                        && (ent.etype == EntityType::Country
                            || ent.etype == EntityType::Organization
                                && matches!(
                                    ent.class.as_deref(),
                                    Some("GovernmentBody" | "PoliceForce")
                                ))
                }
                // News outlets report events (the dateline's agency), they are not actors.
                _ => {
                    matches!(
                        ent.etype,
                        EntityType::Person | EntityType::Organization | EntityType::Country
                    ) && ent.class.as_deref() != Some("MediaOrganization")
                }
            };
            if actor {
                actors.push(e);
            }
        }
        // A news conference is given by the sentence's speakers.
        for st in doc.statements.iter().filter(|st| st.sentence == s_idx) {
            if let Some(speaker) = st.speaker {
                if kind == "news conference" && !actors.contains(&speaker) {
                    actors.push(speaker);
                }
            }
        }
        if actors.is_empty() {
            continue;
        }
        let date = date_in(doc, sent.clone()).or_else(|| year_in(doc, sent.clone()));
        out.push(Event {
            kind: kind.to_string(),
            actors,
            place,
            date,
            span: doc.span_of(&(t..t + len)),
            sentence: s_idx,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::{Models, Pipeline, Resources};
    use std::sync::Arc;

    fn run(text: &str) -> Doc {
        let res = Resources::load_default().unwrap();
        let models = Models {
            ner: None,
            ..Models::load_default().unwrap()
        };
        let mut doc = Doc::new("t.txt", text);
        Pipeline::new(Arc::new(res), models).run(&mut doc).unwrap();
        doc
    }

    #[test]
    fn claims_count_place_and_source() {
        let doc = run("The Open Borders Foundation said it counted 102 detention sites in 53 countries, including 11 in Kenya.");
        let got: Vec<(f64, &str, Option<&str>, Option<&str>)> = doc
            .claims
            .iter()
            .map(|c| {
                (
                    c.value,
                    c.counted.as_str(),
                    c.place.map(|p| doc.entities[p].name.as_str()),
                    c.source.map(|s| doc.entities[s].name.as_str()),
                )
            })
            .collect();
        assert!(
            got.contains(&(
                102.0,
                "detention sites",
                None,
                Some("Open Borders Foundation")
            )),
            "{got:?}"
        );
        assert!(
            got.contains(&(53.0, "countries", None, Some("Open Borders Foundation"))),
            "{got:?}"
        );
        assert!(
            got.contains(&(
                11.0,
                "detention sites",
                Some("Kenya"),
                Some("Open Borders Foundation")
            )),
            "{got:?}"
        );
    }

    #[test]
    fn claims_skip_years_and_dates() {
        let doc = run("In 2019, on Dec 15, Kenya said nothing.");
        assert!(doc.claims.is_empty(), "{:?}", doc.claims);
    }

    #[test]
    fn events_investigation_actors_are_states() {
        let doc = run("Several governments, including Canada and Norway, reacted to the reports with investigations, but the European Union did not.");
        let ev = doc
            .events
            .iter()
            .find(|e| e.kind == "investigation")
            .unwrap();
        let names: Vec<&str> = ev
            .actors
            .iter()
            .map(|&a| doc.entities[a].name.as_str())
            .collect();
        assert_eq!(names, vec!["Canada", "Norway"]);
    }
}
