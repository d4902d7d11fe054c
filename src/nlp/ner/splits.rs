//! Mentions that run two names together, split: a person and where they come from ("Ted Cruz
//! of Texas") or the body they speak for ("Blair Effron of Centerview Partners"), names across
//! a headline's lower-case verb ("Trump demands Ginsburg"), a state or chamber and a party
//! ("Maryland Republicans"), two chambers ("the House and Senate").

use super::gazetteer::known_as;
use super::shape::is_cap;
use super::words::{FUNCTION_WORDS, NAME_PARTICLES};
use crate::doc::{EntityType, Mention, MentionSource};
use crate::nlp::resources::Resources;
use crate::nlp::tokenize::us_state;

/// Each mention, or the mentions `split` cuts it into (none where it cuts no name out).
fn split_each(
    mentions: Vec<Mention>,
    mut split: impl FnMut(&Mention) -> Option<Vec<Mention>>,
) -> Vec<Mention> {
    let mut out = Vec::with_capacity(mentions.len());
    for m in mentions {
        match split(&m) {
            Some(parts) => out.extend(parts),
            None => out.push(m),
        }
    }
    out
}

/// A person's name run into where they come from ("Xavier Becerra of California", "Ted Cruz
/// of Texas"): the person, then the place, when the words after "of" are a place the
/// gazetteers know or a US state.
pub(super) fn split_person_of_place(
    res: &Resources,
    words: &[&str],
    mentions: Vec<Mention>,
) -> Vec<Mention> {
    split_each(mentions, |m| {
        if m.etype != EntityType::Person || m.source == MentionSource::Nominal {
            return None;
        }
        let k = (m.tokens.start + 2..m.tokens.end.saturating_sub(1)).find(|&k| words[k] == "of")?;
        let place = super::titles::retyped_body(
            res,
            words,
            Mention::new(k + 1..m.tokens.end, EntityType::Person, m.source),
        );
        if !matches!(place.etype, EntityType::Place | EntityType::Country) {
            return None;
        }
        let mut person = m.clone();
        person.tokens.end = k;
        Some(vec![person, place])
    })
}

/// A person's name run into the body they speak for, read as one organisation ("Blair
/// Effron of Centerview Partners", "Norah O'Donnell of CBS News"): the person, then the body,
/// when the words before "of" are a given name and one or two more names with no head word
/// among them, and the words after it name a body by their head or the gazetteers.
pub(super) fn split_person_of_body(
    res: &Resources,
    words: &[&str],
    mentions: Vec<Mention>,
) -> Vec<Mention> {
    split_each(mentions, |m| {
        let r = m.tokens.clone();
        if m.etype != EntityType::Organization
            || !matches!(m.source, MentionSource::Model | MentionSource::Rule)
        {
            return None;
        }
        let k = (r.start + 2..r.end.saturating_sub(1))
            .find(|&k| words[k] == "of")
            .filter(|&k| {
                let person = &words[r.start..k];
                person.len() <= 3
                    && (res.first_names.contains(person[0]) || res.given_names.contains(person[0]))
                    && person
                        .iter()
                        .all(|w| is_cap(w) && res.org_head(w).is_none())
            })?;
        let range = k + 1..r.end;
        let known = res
            .lookup(&words[range.clone()].join(" "))
            .and_then(|entries| entries.iter().find(|e| e.etype == EntityType::Organization));
        let by_head = super::spans::classify_by_head(res, words, &range)
            .is_some_and(|(t, _)| t == EntityType::Organization);
        if known.is_none() && !by_head {
            return None;
        }
        let mut person = m.clone();
        let mut org = Mention::new(range, EntityType::Organization, m.source);
        org.class = person.class.take();
        if let Some(entry) = known {
            known_as(&mut org, entry);
        }
        person.tokens.end = k;
        person.etype = EntityType::Person;
        Some(vec![person, org])
    })
}

/// A body's name run into the person named after it, read as one organisation ("the
/// editorial board of the Washington Post Trump said", "Speaker of the House Newt Gingrich"):
/// the body, then the person, when the last word is one the document names a person by
/// elsewhere, and either two or more words before it name a body by their head or the
/// gazetteers, or the person's part is a full name opening with a known given name.
pub(super) fn split_body_then_person(
    res: &Resources,
    words: &[&str],
    mentions: Vec<Mention>,
) -> Vec<Mention> {
    let person_words: std::collections::HashSet<&str> = mentions
        .iter()
        .filter(|m| m.etype == EntityType::Person && m.source != MentionSource::Nominal)
        .map(|m| words[m.tokens.end - 1])
        .collect();
    split_each(mentions, |m| {
        let r = m.tokens.clone();
        if m.etype != EntityType::Organization
            || !matches!(m.source, MentionSource::Model | MentionSource::Rule)
            || r.len() < 2
            || !person_words.contains(words[r.end - 1])
        {
            return None;
        }
        let body = |k: usize| {
            let range = r.start..k;
            res.lookup(&words[range.clone()].join(" "))
                .is_some_and(|entries| entries.iter().any(|e| e.etype == EntityType::Organization))
                || super::spans::classify_by_head(res, words, &range)
                    .is_some_and(|(t, _)| t == EntityType::Organization)
        };
        let given = |w: &str| res.first_names.contains(w) || res.given_names.contains(w);
        let person_part = |k: usize| {
            r.end - k <= 3
                && words[k..r.end]
                    .iter()
                    .all(|w| is_cap(w) && res.org_head(w).is_none() && res.lookup(w).is_none())
        };
        let k = (r.start + 1..r.end).rev().find(|&k| {
            person_part(k)
                && is_cap(words[k - 1])
                && !FUNCTION_WORDS.contains(&words[k - 1])
                && ((k - r.start >= 2 && body(k)) || (r.end - k >= 2 && given(words[k])))
        })?;
        let mut body = m.clone();
        body.tokens.end = k;
        let person = Mention::new(k..r.end, EntityType::Person, m.source);
        Some(vec![body, person])
    })
}

/// A person mention with a lower-case word inside that is no name particle ("Trump demands
/// Ginsburg", a headline's verb between two names): the names on either side, each a person.
pub(super) fn split_at_lowercase(words: &[&str], mentions: Vec<Mention>) -> Vec<Mention> {
    let breaks = |k: usize| {
        words[k].chars().all(|c| c.is_lowercase()) && !NAME_PARTICLES.contains(&words[k])
    };
    split_each(mentions, |m| {
        if m.etype != EntityType::Person
            || m.source == MentionSource::Nominal
            || !(m.tokens.start + 1..m.tokens.end.saturating_sub(1)).any(breaks)
        {
            return None;
        }
        let mut parts = Vec::new();
        let mut start = m.tokens.start;
        for k in m.tokens.clone().chain(std::iter::once(m.tokens.end)) {
            if k == m.tokens.end || breaks(k) {
                if k > start && is_cap(words[start]) {
                    let mut part = m.clone();
                    part.tokens = start..k;
                    part.title = None;
                    parts.push(part);
                }
                start = k + 1;
            }
        }
        Some(parts)
    })
}

/// A state and a party named together ("Maryland Republicans", "Ohio Democrats"): the state,
/// then the party, each a mention of its own; so are a chamber and a party ("Senate
/// Republicans", "House Democratic leaders": the chamber, and the party's members in it).
pub(super) fn split_state_party(
    res: &Resources,
    words: &[&str],
    mentions: Vec<Mention>,
) -> Vec<Mention> {
    split_each(mentions, |m| {
        if let Some(split) = split_party_first(res, words, m) {
            return Some(split.into());
        }
        let last = m.tokens.end.saturating_sub(1);
        let party = (m.tokens.len() >= 2)
            .then(|| res.lookup(words[last]))
            .flatten()
            .and_then(|entries| {
                entries
                    .iter()
                    .find(|e| e.class.as_deref() == Some("PoliticalParty"))
            });
        let is_state = || {
            let written = words[m.tokens.start..last].join(" ");
            us_state(&written).is_some()
        };
        let chamber = m.tokens.len() == 2 && matches!(words[m.tokens.start], "House" | "Senate");
        let party = party.filter(|_| chamber || is_state())?;
        let first = if chamber {
            let mut c = Mention::new(
                m.tokens.start..last,
                EntityType::Organization,
                MentionSource::Rule,
            );
            c.class = Some("GovernmentBody".into());
            c
        } else {
            super::titles::retyped_body(
                res,
                words,
                Mention::new(
                    m.tokens.start..last,
                    EntityType::Place,
                    MentionSource::Gazetteer,
                ),
            )
        };
        let mut p = Mention::new(
            last..m.tokens.end,
            EntityType::Organization,
            MentionSource::Gazetteer,
        );
        known_as(&mut p, party);
        Some(vec![first, p])
    })
}

/// The chambers of a legislature named together ("the House and Senate", "the House and the
/// Senate"): each a body of its own, not one body of that name.
pub(super) fn split_chambers(words: &[&str], mentions: Vec<Mention>) -> Vec<Mention> {
    let chamber = |w: &str| matches!(w, "House" | "Senate");
    split_each(mentions, |m| {
        let r = m.tokens.clone();
        let and = (r.start + 1..r.end.saturating_sub(1)).find(|&k| words[k] == "and")?;
        let second = if words[and + 1] == "the" {
            and + 2
        } else {
            and + 1
        };
        let pair = m.etype == EntityType::Organization
            && m.source != MentionSource::Gazetteer
            && and == r.start + 1
            && second + 1 == r.end
            && chamber(words[r.start])
            && chamber(words[second]);
        pair.then(|| {
            [r.start..and, second..r.end]
                .into_iter()
                .map(|tokens| {
                    let mut c = Mention::new(tokens, EntityType::Organization, MentionSource::Rule);
                    c.class = Some("GovernmentBody".into());
                    c
                })
                .collect()
        })
    })
}

/// A party run into the name after it ("Republican Indiana Gov. Mike Pence", "Libertarian
/// Gary Johnson"): the party, then the US state or the person's full name.
fn split_party_first(res: &Resources, words: &[&str], m: &Mention) -> Option<[Mention; 2]> {
    let start = m.tokens.start;
    let rest = start + 1..m.tokens.end;
    if rest.is_empty() || m.source == MentionSource::Nominal {
        return None;
    }
    let party = res
        .lookup(words[start])?
        .iter()
        .find(|e| e.class.as_deref() == Some("PoliticalParty"))?;
    let state = us_state(&words[rest.clone()].join(" ")).is_some();
    let person = m.etype == EntityType::Person
        && rest.len() >= 2
        && words[rest.clone()].iter().all(|w| is_cap(w));
    let second = if state {
        super::titles::retyped_body(
            res,
            words,
            Mention::new(rest, EntityType::Place, MentionSource::Gazetteer),
        )
    } else if person {
        let mut p = m.clone();
        p.tokens = rest;
        p
    } else {
        return None;
    };
    let mut first = Mention::new(
        start..start + 1,
        EntityType::Organization,
        MentionSource::Gazetteer,
    );
    known_as(&mut first, party);
    Some([first, second])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ops::Range;

    #[test]
    fn ner_a_state_or_chamber_and_a_party_are_two_mentions() {
        let res = Resources::load_default().unwrap();
        // The mention opening `sentence`, of `len` words and type `etype`, split.
        let split_as = |sentence: &str, len: usize, etype: EntityType| {
            let words: Vec<&str> = sentence.split(' ').collect();
            let m = Mention::new(0..len, etype, MentionSource::Model);
            split_state_party(&res, &words, vec![m])
                .into_iter()
                .map(|m| (words[m.tokens.clone()].join(" "), m.etype))
                .collect::<Vec<_>>()
        };
        let split = |sentence: &str| split_as(sentence, 2, EntityType::Organization);
        let org = EntityType::Organization;
        assert_eq!(
            split("Senate Republicans blocked it"),
            [
                ("Senate".to_string(), org),
                ("Republicans".to_string(), org)
            ]
        );
        assert_eq!(
            split_as("Libertarian Gary Johnson polled", 3, EntityType::Person),
            [
                ("Libertarian".to_string(), org),
                ("Gary Johnson".to_string(), EntityType::Person)
            ]
        );
        assert_eq!(
            split("Republican Indiana Gov."),
            [
                ("Republican".to_string(), org),
                ("Indiana".to_string(), EntityType::Place)
            ]
        );
        // A party's own name is no party and a name.
        assert_eq!(split("Democratic Party leaders").len(), 1);
        assert_eq!(
            split("Ohio Democrats met"),
            [
                ("Ohio".to_string(), EntityType::Place),
                ("Democrats".to_string(), org)
            ]
        );
        assert_eq!(
            split("Zorvex Republicans met"),
            [("Zorvex Republicans".to_string(), org)]
        );
    }

    #[test]
    fn ner_a_person_of_a_body_read_as_one_body_is_split() {
        let res = Resources::load_default().unwrap();
        let split = |text: &str| -> Vec<(String, EntityType, Option<String>)> {
            let words: Vec<&str> = text.split(' ').collect();
            let mentions = vec![Mention::new(
                0..words.len(),
                EntityType::Organization,
                MentionSource::Model,
            )];
            split_person_of_body(&res, &words, mentions)
                .into_iter()
                .map(|m| (words[m.tokens].join(" "), m.etype, m.canonical))
                .collect()
        };
        assert_eq!(
            split("Maria Zorvex of Quallit Partners"),
            vec![
                ("Maria Zorvex".into(), EntityType::Person, None),
                ("Quallit Partners".into(), EntityType::Organization, None)
            ]
        );
        assert_eq!(
            split("Maria Zorvex of CBS News")[1],
            (
                "CBS News".into(),
                EntityType::Organization,
                Some("CBS News".into())
            )
        );
        // No given name first, a head before "of", or no body after it: one name.
        for whole in [
            "Bank of Zorvex Partners",
            "Maria Zorvex Foundation of Quallit Partners",
            "Maria Zorvex of Quallit",
        ] {
            assert_eq!(split(whole).len(), 1, "{whole}");
        }
    }

    #[test]
    fn ner_a_body_run_into_a_person_named_elsewhere_is_split() {
        let res = Resources::load_default().unwrap();
        // The first `len` words read as one organisation; the last two words are a person
        // the document names elsewhere.
        let split = |text: &str, len: usize| -> Vec<(String, EntityType)> {
            let words: Vec<&str> = text.split(' ').collect();
            let n = words.len();
            let mentions = vec![
                Mention::new(0..len, EntityType::Organization, MentionSource::Model),
                Mention::new(n - 2..n, EntityType::Person, MentionSource::Model),
            ];
            split_body_then_person(&res, &words, mentions)
                .into_iter()
                .map(|m| (words[m.tokens].join(" "), m.etype))
                .collect()
        };
        let (org, person) = (EntityType::Organization, EntityType::Person);
        assert_eq!(
            split("Washington Post Trump said so , Donald Trump", 3)[..2],
            [("Washington Post".into(), org), ("Trump".into(), person)]
        );
        assert_eq!(
            split("Lakeside Institute David Moreno spoke , David Moreno", 4)[..2],
            [
                ("Lakeside Institute".into(), org),
                ("David Moreno".into(), person)
            ]
        );
        // A body named after the person stays whole.
        for (text, len) in [
            ("Team Trump said so , Donald Trump", 2),
            ("Coalition Against Trump said so , Donald Trump", 3),
        ] {
            assert_eq!(
                split(text, len)[0].0,
                text.split(' ').take(len).collect::<Vec<_>>().join(" ")
            );
        }
    }

    #[test]
    fn ner_names_run_together_are_split() {
        let res = Resources::load_default().unwrap();
        let words = [
            "Trump",
            "demands",
            "Ginsburg",
            "resign",
            "and",
            "Ludwig",
            "van",
            "Beethoven",
        ];
        let mentions = vec![
            Mention::new(0..3, EntityType::Person, MentionSource::Model),
            Mention::new(5..8, EntityType::Person, MentionSource::Model),
        ];
        let got: Vec<String> = split_at_lowercase(&words, mentions)
            .into_iter()
            .map(|m| words[m.tokens].join(" "))
            .collect();
        assert_eq!(got, ["Trump", "Ginsburg", "Ludwig van Beethoven"]);
        let words = ["Maryland", "Republicans", "and", "House", "Democrats"];
        let mentions = vec![
            Mention::new(0..2, EntityType::Organization, MentionSource::Model),
            Mention::new(3..5, EntityType::Organization, MentionSource::Model),
        ];
        let got: Vec<(String, EntityType, Option<String>)> =
            split_state_party(&res, &words, mentions)
                .into_iter()
                .map(|m| (words[m.tokens].join(" "), m.etype, m.canonical))
                .collect();
        assert_eq!(
            got,
            vec![
                (
                    "Maryland".into(),
                    EntityType::Place,
                    Some("Maryland".into())
                ),
                (
                    "Republicans".into(),
                    EntityType::Organization,
                    Some("Republican Party".into())
                ),
                ("House".into(), EntityType::Organization, None),
                (
                    "Democrats".into(),
                    EntityType::Organization,
                    Some("Democratic Party".into())
                ),
            ]
        );
    }

    #[test]
    fn ner_person_run_into_where_they_come_from_is_split() {
        let res = Resources::load_default().unwrap();
        let words = [
            "Rep.",
            "Xavier",
            "Becerra",
            "of",
            "California",
            "and",
            "Mary",
            "Queen",
            "of",
            "Scots",
        ];
        let mentions = vec![
            Mention::new(1..5, EntityType::Person, MentionSource::Model),
            Mention::new(6..10, EntityType::Person, MentionSource::Model),
        ];
        let got: Vec<(String, EntityType)> = split_person_of_place(&res, &words, mentions)
            .into_iter()
            .map(|m| (words[m.tokens].join(" "), m.etype))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Xavier Becerra".into(), EntityType::Person),
                ("California".into(), EntityType::Place),
                ("Mary Queen of Scots".into(), EntityType::Person),
            ]
        );
    }

    #[test]
    fn ner_two_chambers_named_together_are_two_bodies() {
        let words: Vec<&str> = "in the House and the Senate ; Johnson and Johnson"
            .split(' ')
            .collect();
        let body =
            |r: Range<usize>| Mention::new(r, EntityType::Organization, MentionSource::Model);
        let out = split_chambers(&words, vec![body(2..6), body(7..10)]);
        let names: Vec<String> = out
            .iter()
            .map(|m| words[m.tokens.clone()].join(" "))
            .collect();
        assert_eq!(names, ["House", "Senate", "Johnson and Johnson"]);
        assert_eq!(out[0].class.as_deref(), Some("GovernmentBody"));
    }
}
