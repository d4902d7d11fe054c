//! Where organisations are based and places lie: "X, a … group based in Y", "Turkey's
//! parliament", "City, Country", and cities whose country the article names.

use super::context::{mentions_in, Ctx};
use super::descriptions::ORG_NOUNS;
use crate::doc::{EntityType, Grounds, MentionSource, Predicate};
use crate::nlp::cues::is_possessive;
use crate::nlp::resources::GazKind;
use std::ops::Range;

pub(super) fn based_in(ctx: &mut Ctx, sent: &Range<usize>) {
    let doc = ctx.doc;
    for t in sent.clone() {
        let w = doc.token_text(t);
        // "based in Y" ties Y to the nearest organisation before it in the sentence.
        if w == "based" && t + 2 < sent.end && ctx.word(t + 1) == "in" {
            if let Some(place) = ctx.entity_at(t + 2) {
                if matches!(ctx.etype(place), EntityType::Country | EntityType::Place) {
                    // The nearest organisation before, but not a possessor ("Europol, the
                    // European Union's police agency based in The Hague").
                    let org = (sent.start..t)
                        .rev()
                        .filter(|&k| {
                            ctx.mention_at(k).is_some_and(|m| m.tokens.end == k + 1)
                                && !(k + 1 < sent.end && is_possessive(ctx.word(k + 1)))
                        })
                        .filter_map(|k| ctx.entity_at(k))
                        .find(|&e| ctx.etype(e) == EntityType::Organization);
                    if let Some(org) = org {
                        ctx.push(
                            org,
                            Predicate::BasedIn,
                            Some(place),
                            None,
                            sent.start..t + 3,
                            0.9,
                        );
                    }
                }
            }
        }
        // "a Madrid-based group": the place before "-based", the organisation it describes.
        if w == "based" && t >= sent.start + 2 && ctx.word(t - 1) == "-" {
            let place = ctx
                .entity_at(t - 2)
                .filter(|&e| matches!(ctx.etype(e), EntityType::Country | EntityType::Place));
            // "The New York-based group said": the organisation the nominal refers to.
            let nominal_head = t + 1 < sent.end && ORG_NOUNS.contains(&ctx.word(t + 1));
            let before_sentence = || {
                doc.mentions
                    .iter()
                    .rev()
                    .filter(|m| m.tokens.end <= sent.start && m.etype == EntityType::Organization)
                    .find_map(|m| m.entity)
            };
            let org = (sent.start..t - 2)
                .rev()
                .filter_map(|k| ctx.entity_at(k))
                .find(|&e| ctx.etype(e) == EntityType::Organization)
                .or_else(|| {
                    if nominal_head && t - 2 <= sent.start + 3 {
                        return before_sentence();
                    }
                    (t + 1..sent.end)
                        .filter_map(|k| ctx.entity_at(k))
                        .find(|&e| ctx.etype(e) == EntityType::Organization)
                });
            if let (Some(place), Some(org)) = (place, org) {
                ctx.push(
                    org,
                    Predicate::BasedIn,
                    Some(place),
                    None,
                    sent.start..t + 1,
                    0.8,
                );
            }
        }
    }
    // "Oxfam, a British charity", "Sun Hung Kai Properties, a Hong Kong construction firm": a
    // country or place named in an apposition with an organisation head.
    for m in mentions_in(doc, sent)
        .iter()
        .filter(|m| m.etype == EntityType::Organization)
    {
        let Some(org) = m.entity else { continue };
        let k = m.tokens.end;
        if k + 3 >= sent.end || ctx.word(k) != "," || !matches!(ctx.word(k + 1), "a" | "an") {
            continue;
        }
        let span_end = (k + 2..(k + 8).min(sent.end))
            .find(|&t| matches!(ctx.word(t), "," | "." | "based"))
            .unwrap_or((k + 8).min(sent.end));
        let has_head = (k + 2..span_end).any(|t| ORG_NOUNS.contains(&ctx.word(t)));
        let country = (k + 2..span_end)
            .filter_map(|t| ctx.entity_at(t))
            .find(|&e| matches!(ctx.etype(e), EntityType::Country | EntityType::Place));
        if let (true, Some(country)) = (has_head, country) {
            ctx.push(
                org,
                Predicate::BasedIn,
                Some(country),
                None,
                m.tokens.start..span_end,
                0.8,
            );
        }
    }
    country_in_name(ctx, sent);
    // "the Irish Department of …", "Turkey's parliament": a country right before an organisation.
    for m in mentions_in(doc, sent)
        .iter()
        .filter(|m| m.etype == EntityType::Organization)
    {
        let Some(org) = m.entity else { continue };
        let mut s = m.tokens.start;
        // "Brazil's development bank BNDES": lower-case words between possessive and name.
        let mut b = s;
        while b > sent.start + 1 && s - b < 3 && ctx.word(b - 1).chars().all(|c| c.is_lowercase()) {
            b -= 1;
        }
        if b < s && is_possessive(ctx.word(b - 1)) {
            s = b;
        }
        let country = if s > sent.start + 1 && is_possessive(ctx.word(s - 1)) {
            ctx.entity_at(s - 2)
        } else if s > sent.start {
            ctx.entity_at(s - 1)
        } else {
            None
        };
        if let Some(country) = country.filter(|&c| ctx.etype(c) == EntityType::Country) {
            let from = if is_possessive(ctx.word(s - 1)) {
                s - 2
            } else {
                s - 1
            };
            ctx.push(
                org,
                Predicate::BasedIn,
                Some(country),
                None,
                from..m.tokens.end,
                0.8,
            );
        }
    }
}

/// "Bank of Japan", "United States Senate", "the U.S. District Court", "Japanese Foreign
/// Ministry": an organisation whose name opens with a country (or its demonym) or ends in "of"
/// and a country is based in that country, when the article names the country too.
fn country_in_name(ctx: &mut Ctx, sent: &Range<usize>) {
    let doc = ctx.doc;
    let country_at = |span: Range<usize>| -> Option<String> {
        let key = doc.tokens_text(&span);
        ctx.res.lookup(key).and_then(|entries| {
            entries
                .iter()
                .find(|g| {
                    g.etype == EntityType::Country
                        && matches!(g.kind, GazKind::Name | GazKind::Demonym)
                })
                .map(|g| g.canonical.clone())
        })
    };
    let mut found = Vec::new();
    for m in mentions_in(doc, sent).iter().filter(|m| {
        m.etype == EntityType::Organization
            && m.source != MentionSource::Nominal
            && m.tokens.len() >= 2
            && m.canonical.is_none()
    }) {
        let Some(org) = m.entity else { continue };
        let (a, b) = (m.tokens.start, m.tokens.end);
        // The longest country name the name opens with, over a leading "The".
        let a = if ctx.word(a) == "The" { a + 1 } else { a };
        let opening = (1..=3.min(b.saturating_sub(a + 1)))
            .rev()
            .find_map(|len| country_at(a..a + len));
        let closing = || {
            (1..=3.min(b.saturating_sub(a + 2)))
                .rev()
                .filter(|&len| ctx.word(b - len - 1) == "of")
                .find_map(|len| country_at(b - len..b))
        };
        let Some(name) = opening.or_else(closing) else {
            continue;
        };
        if let Some(country) = ctx.country_named(&name).filter(|&c| c != org) {
            found.push((org, country, m.tokens.clone()));
        }
    }
    for (org, country, tokens) in found {
        ctx.push(org, Predicate::BasedIn, Some(country), None, tokens, 0.75);
    }
}

pub(super) fn located_in(ctx: &mut Ctx, sent: &Range<usize>) {
    // "Milan, Italy": a place followed by a comma and a country.
    for t in sent.clone() {
        let Some(place) = ctx.entity_at(t) else {
            continue;
        };
        let Some(m) = ctx.mention_at(t) else { continue };
        let start = m.tokens.start;
        let kind = ctx.etype(place);
        if m.tokens.end != t + 1 || !matches!(kind, EntityType::Place | EntityType::Country) {
            continue;
        }
        if kind == EntityType::Place && t + 2 < sent.end && ctx.word(t + 1) == "," {
            // "Bangor, Maine, Philippine officials said": a demonym after the comma is no
            // country the place is in.
            let demonym = ctx
                .res
                .lookup(ctx.word(t + 2))
                .is_some_and(|entries| entries.iter().all(|e| e.kind == GazKind::Demonym));
            if let Some(country) = ctx.entity_at(t + 2).filter(|_| !demonym) {
                if matches!(ctx.etype(country), EntityType::Country) {
                    ctx.push(
                        place,
                        Predicate::LocatedIn,
                        Some(country),
                        None,
                        start..t + 3,
                        0.9,
                    );
                }
            }
        }
        // "Louisiana's Cameron Parish", "Bosnia's capital, Sarajevo": a place of a place.
        if t + 2 < sent.end && is_possessive(ctx.word(t + 1)) {
            let mut k = t + 2;
            if matches!(
                ctx.word(k),
                "capital" | "city" | "town" | "province" | "region"
            ) {
                k += 1;
                if k < sent.end && ctx.word(k) == "," {
                    k += 1;
                }
            }
            let inner = (k < sent.end).then(|| ctx.mention_at(k)).flatten();
            if let Some(inner) = inner.filter(|m| m.tokens.start == k) {
                if let Some(e) = inner.entity.filter(|&e| e != place) {
                    if ctx.etype(e) == EntityType::Place {
                        ctx.push(
                            e,
                            Predicate::LocatedIn,
                            Some(place),
                            None,
                            start..inner.tokens.end,
                            0.8,
                        );
                    }
                }
            }
        }
        // "the Parken Stadium in Copenhagen", "Barajas airport in Madrid": a named site in a
        // place.
        if kind == EntityType::Place && t + 2 < sent.end && ctx.word(t + 1) == "in" {
            if let Some(container) = ctx.entity_at(t + 2) {
                let is_place = matches!(
                    ctx.etype(container),
                    EntityType::Country | EntityType::Place
                );
                let starts = ctx
                    .mention_at(t + 2)
                    .is_some_and(|c| c.tokens.start == t + 2);
                if is_place && starts && container != place {
                    ctx.push(
                        place,
                        Predicate::LocatedIn,
                        Some(container),
                        None,
                        start..t + 3,
                        0.8,
                    );
                }
            }
        }
    }
}

/// Cities whose country the article mentions are located in it (general knowledge).
pub(super) fn city_countries(ctx: &mut Ctx) {
    let doc = ctx.doc;
    for (e_idx, ent) in doc.entities.iter().enumerate() {
        if ent.etype != EntityType::Place {
            continue;
        }
        let Some(country) = ctx.res.city_country.get(&ent.name) else {
            continue;
        };
        let Some(c_idx) = ctx.country_named(country) else {
            continue;
        };
        let Some(&first) = ent.mentions.first() else {
            continue;
        };
        let tokens = doc.mentions[first].tokens.clone();
        let before = ctx.out.len();
        ctx.push(e_idx, Predicate::LocatedIn, Some(c_idx), None, tokens, 0.6);
        // Known, not read: no sentence of the article says where the city is.
        for r in &mut ctx.out[before..] {
            r.grounds = Grounds::Gazetteer;
        }
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::nlp::relations::testing::{check, run};

    /// (subject, predicate, object) names of a text's relations.
    fn triples(text: &str) -> Vec<(String, String, String)> {
        let doc = run(text);
        doc.relations
            .iter()
            .map(|r| {
                (
                    doc.entities[r.subject].name.clone(),
                    r.predicate.as_str().to_string(),
                    r.object
                        .map(|o| doc.entities[o].name.clone())
                        .unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn relations_no_place_in_a_demonym() {
        let got = triples("The summit opened in Lyon, Italian officials said on Monday.");
        assert!(!got.iter().any(|(_, p, _)| p == "locatedIn"), "{got:?}");
        check(
            "They met in Milan, Italy, on Monday.",
            &[("Milan", "locatedIn", "Italy", None)],
        );
    }

    #[test]
    fn relations_based_in() {
        check(
            "The Open Borders Foundation, an Asia-focused rights group based in Spain, spoke.",
            &[("Open Borders Foundation", "basedIn", "Spain", None)],
        );
        check(
            "Officials of the Irish Department of Foreign Affairs met.",
            &[("Department of Foreign Affairs", "basedIn", "Ireland", None)],
        );
        // A country (or its demonym) opening an organisation's name, or after its "of".
        check(
            "The Bank of Japan wrote to the American Civil Liberties Union. Japan and the U.S. \
             agreed.",
            &[
                ("Bank of Japan", "basedIn", "Japan", None),
                (
                    "American Civil Liberties Union",
                    "basedIn",
                    "United States",
                    None,
                ),
            ],
        );
        // A city in the apposition, as well as a country.
        check(
            "Zorblax Holdings, a Hong Kong construction firm, bought the site.",
            &[("Zorblax Holdings", "basedIn", "Hong Kong", None)],
        );
    }

    #[test]
    fn relations_located_in() {
        check(
            "Talks were held in Lyon, France.",
            &[("Lyon", "locatedIn", "France", None)],
        );
        check(
            "Fans gathered at the Korvala Stadium in Copenhagen.",
            &[("Korvala Stadium", "locatedIn", "Copenhagen", None)],
        );
        check(
            "Serbia's capital, Belgrade, was quiet on Sunday.",
            &[("Belgrade", "locatedIn", "Serbia", None)],
        );
    }

    /// A city's country that no sentence gives is known from the gazetteers, not read: it
    /// rests on no evidence. The same pair stated in the text rests on its sentence.
    #[test]
    fn relations_city_country_known_not_read() {
        let grounds = |text: &str| {
            let doc = run(text);
            doc.relations
                .iter()
                .find(|r| {
                    r.predicate == Predicate::LocatedIn
                        && doc.entities[r.subject].name == "Lyon"
                        && r.object.map(|o| doc.entities[o].name.as_str()) == Some("France")
                })
                .map(|r| (r.grounds, r.also.len()))
        };
        assert_eq!(
            grounds("Protesters gathered in Lyon on Monday.\n\nFrance's government said little."),
            Some((Grounds::Gazetteer, 0))
        );
        assert_eq!(
            grounds("Talks were held in Lyon, France.\n\nProtesters gathered in Lyon on Monday."),
            Some((Grounds::Text, 0))
        );
    }
}
