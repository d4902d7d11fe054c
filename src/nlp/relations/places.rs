//! Where organisations are based and places lie: "X, a … group based in Y", "Turkey's
//! parliament", "City, Country", and cities whose country the article names.

use super::context::{mentions_in, Ctx, PREPOSITIONS};
use super::descriptions::ORG_NOUNS;
use crate::doc::{EntityType, Grounds, MentionSource, Predicate};
use crate::nlp::cues::is_possessive;
use crate::nlp::resources::GazKind;
use crate::nlp::tokenize::us_state;
use std::ops::Range;

pub(super) fn based_in(ctx: &mut Ctx, sent: &Range<usize>) {
    let doc = ctx.doc;
    for t in sent.clone() {
        let w = doc.token_text(t);
        // "based in Y" ties Y to the nearest organisation before it in the sentence.
        if w == "based"
            && t + 2 < sent.end
            && ctx.word(t + 1) == "in"
            && !based_describes_noun(ctx, sent, t)
        {
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
            // What "-based" describes is the name or the noun after it, over lower-case
            // modifiers: "the Lisbon-based Ocean Watch Alliance", "a London-based charity";
            // not a name before it ("the NAACP; Atlanta-based rapper Killer Mike").
            let mut h = t + 1;
            while h < sent.end
                && h < t + 4
                && ctx.entity_at(h).is_none()
                && !ORG_NOUNS.contains(&ctx.word(h))
                && ctx.word(h).chars().all(|c| c.is_lowercase() || c == '-')
                && !PREPOSITIONS.contains(&ctx.word(h))
                && !matches!(ctx.word(h), "the" | "a" | "an" | "and" | "or")
            {
                h += 1;
            }
            // A name that modifies a person's title after it is no organisation described
            // ("Florida-based Republican strategist Al Cardenas": the strategist is based there).
            let modifies_title = || {
                ctx.mention_at(h).is_some_and(|m| {
                    m.tokens.end < sent.end && {
                        let next = ctx.word(m.tokens.end);
                        next.chars().all(|c| c.is_lowercase()) && is_title_noun(ctx, next)
                    }
                })
            };
            let named = (h < sent.end)
                .then(|| ctx.entity_at(h))
                .flatten()
                .filter(|&e| ctx.etype(e) == EntityType::Organization && !modifies_title());
            let nominal_head = h < sent.end && ORG_NOUNS.contains(&ctx.word(h));
            let before_sentence = || {
                doc.mentions
                    .iter()
                    .rev()
                    .filter(|m| m.tokens.end <= sent.start && m.etype == EntityType::Organization)
                    .find_map(|m| m.entity)
            };
            let place_start = ctx.mention_at(t - 2).map_or(t - 2, |m| m.tokens.start);
            let org = named.or_else(|| {
                if !nominal_head {
                    return None;
                }
                // "Oxfam, a London-based charity": the organisation the apposition describes;
                // "the Madrid-based group Oxfam"; "The New York-based group said": the
                // organisation the sentence before named.
                appositive_org(ctx, sent, place_start)
                    .or_else(|| {
                        (h + 1 < sent.end)
                            .then(|| ctx.entity_at(h + 1))
                            .flatten()
                            .filter(|&e| ctx.etype(e) == EntityType::Organization)
                    })
                    .or_else(|| {
                        (place_start <= sent.start + 2)
                            .then(before_sentence)
                            .flatten()
                    })
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
        while b > sent.start + 1
            && s - b < 3
            && ctx.word(b - 1).chars().all(|c| c.is_lowercase())
            && !PREPOSITIONS.contains(&ctx.word(b - 1))
        {
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

/// Whether "based" at `t` describes a common noun right before it rather than a name: "led by
/// Democratic strategists based in New York", "a special forces team, based in Tripoli". Not an
/// organisation noun ("a rights group based in Spain"), a form of "be" or an adverb ("which is
/// now based in"), nor a name ("Oxfam, based in Oxford").
fn based_describes_noun(ctx: &Ctx, sent: &Range<usize>, t: usize) -> bool {
    let mut p = t;
    if p > sent.start && ctx.word(p - 1) == "," {
        p -= 1;
    }
    if p == sent.start || ctx.entity_at(p - 1).is_some() {
        return false;
    }
    let word = ctx.word(p - 1);
    if !word.chars().all(|c| c.is_lowercase() || c == '-')
        || word.ends_with("ly")
        || matches!(
            word,
            "is" | "was" | "are" | "were" | "be" | "been" | "being" | "and" | "also" | "now"
        )
    {
        return false;
    }
    // The noun phrase the word ends, back to its determiner: an organisation noun in it is what
    // "based" describes ("a bloc of 18 members based in Suva").
    for k in (p.saturating_sub(8).max(sent.start)..p).rev() {
        let w = ctx.word(k);
        if ORG_NOUNS.contains(&w) {
            return false;
        }
        let in_phrase = w == "of"
            || w.chars()
                .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-');
        if !in_phrase || matches!(w, "a" | "an" | "the") {
            break;
        }
    }
    true
}

/// Whether a lower-case word is a person's title, singular or plural ("strategist", "lawmakers").
fn is_title_noun(ctx: &Ctx, word: &str) -> bool {
    ctx.res.titles.contains(word)
        || word
            .strip_suffix('s')
            .is_some_and(|w| ctx.res.titles.contains(w))
}

/// The organisation an apposition starting before `start` describes: "Oxfam, a …", "The
/// Forward, an influential …" (an article and at most three lower-case words after the comma).
fn appositive_org(ctx: &Ctx, sent: &Range<usize>, start: usize) -> Option<usize> {
    let mut k = start;
    while k > sent.start && start - k < 4 && ctx.word(k - 1).chars().all(char::is_lowercase) {
        k -= 1;
    }
    let comma = k
        .checked_sub(1)
        .filter(|&c| c > sent.start && ctx.word(c) == ",")?;
    let article = ctx.word(k);
    if !matches!(article, "a" | "an" | "the") {
        return None;
    }
    ctx.mention_at(comma - 1)
        .filter(|m| m.tokens.end == comma)
        .and_then(|_| ctx.entity_at(comma - 1))
        .filter(|&e| ctx.etype(e) == EntityType::Organization)
}

/// "Bank of Japan", "United States Senate", "the U.S. District Court", "Japanese Foreign
/// Ministry": an organisation whose name opens with a country (or its demonym) or ends in "of"
/// and a country is based in that country, when the article names the country too. A country
/// or demonym opens many names that are no body of that country ("American Idol", "America
/// First", "Make America Great Again"): after one, the name's head must be an organisation's
/// head word, unless the country is abbreviated ("U.S. Border Patrol").
fn country_in_name(ctx: &mut Ctx, sent: &Range<usize>) {
    let doc = ctx.doc;
    // The country a span names, by its name or its demonym; not one a US state shares
    // ("Georgia Southern University").
    let country_at = |span: Range<usize>| -> Option<String> {
        let key = doc.tokens_text(&span);
        if us_state(key).is_some() {
            return None;
        }
        let entries = ctx.res.lookup(key)?;
        let of_kind = |kind: GazKind| {
            entries
                .iter()
                .find(|g| g.etype == EntityType::Country && g.kind == kind)
                .map(|g| g.canonical.clone())
        };
        of_kind(GazKind::Name).or_else(|| of_kind(GazKind::Demonym))
    };
    // The head of a name: its last word before "of" or "for", else its last word.
    let has_org_head = |span: Range<usize>| {
        let head = span
            .clone()
            .find(|&t| matches!(ctx.word(t), "of" | "for"))
            .map_or(span.end, |t| t)
            .checked_sub(1)
            .filter(|&h| h >= span.start);
        head.is_some_and(|h| ctx.res.org_heads.contains_key(&ctx.word(h).to_lowercase()))
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
        // "a Turkish Cultural Center in New Hampshire", "… of New York": where the text says it
        // is, it is.
        if b + 1 < sent.end
            && matches!(ctx.word(b), "in" | "of")
            && ctx
                .entity_at(b + 1)
                .is_some_and(|e| matches!(ctx.etype(e), EntityType::Country | EntityType::Place))
        {
            continue;
        }
        // A country's embassy or consulate is abroad ("the United States Embassy in Kabul").
        if matches!(
            ctx.word(b - 1).to_lowercase().as_str(),
            "embassy" | "embassies" | "consulate" | "mission"
        ) {
            continue;
        }
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
        // A name that holds a second country, alone or in a hyphenated word, ties the body
        // to neither ("American Israel Public Affairs Committee", "U.S.-China Business
        // Council").
        let second_country = || {
            (a + 1..b).any(|t| {
                let word = ctx.word(t);
                country_at(t..t + 1).is_some_and(|c| Some(&c) != opening.as_ref())
                    || word.contains('-')
                        && word.split('-').any(|part| ctx.res.names_a_country(part))
            })
        };
        let name = match opening {
            Some(_) if second_country() => None,
            Some(_) if !has_org_head(a..b) && !ctx.word(a).contains('.') => None,
            Some(name) => Some(name),
            None => closing(),
        };
        let Some(name) = name else {
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
                // "Carson, Calif., said": a town and its US state, where the state closes the
                // phrase (not a list, "Ohio, Michigan and Iowa").
                let state = |e: usize| {
                    ctx.etype(e) == EntityType::Place
                        && us_state(&ctx.doc.entities[e].name).is_some()
                };
                let state_closes = ctx.mention_at(t + 2).is_some_and(|s| {
                    s.tokens.start == t + 2
                        && (s.tokens.end >= sent.end
                            || matches!(
                                ctx.word(s.tokens.end),
                                "," | "." | ")" | ";" | ":" | "\u{2014}" | "-" | "--"
                            ))
                });
                let town_in_state = state(country) && !state(place) && state_closes;
                if matches!(ctx.etype(country), EntityType::Country) || town_in_state {
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
    use crate::nlp::relations::testing::{check, run, triples};

    /// Asserts that no `basedIn` is read from `text`.
    fn no_base(text: &str) {
        let got = triples(text);
        assert!(
            got.iter().all(|(_, p, _)| p != "basedIn"),
            "no organisation is based anywhere: {got:?}"
        );
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
            "The Bank of Japan wrote to the American Zorblax Liberties Union. Japan and the U.S. \
             agreed.",
            &[
                ("Bank of Japan", "basedIn", "Japan", None),
                (
                    "American Zorblax Liberties Union",
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
        // "-based" describes the name or the organisation noun after it, or the apposition's
        // organisation; not a name before it, nor a person.
        check(
            "The Lisbon-based Ocean Watch Alliance said on Monday that fleets broke rules.",
            &[("Ocean Watch Alliance", "basedIn", "Lisbon", None)],
        );
        check(
            "Oxfam, a London-based charity, said prices rose.",
            &[("Oxfam", "basedIn", "London", None)],
        );
        no_base(
            "They include Ben Jealous, the youngest leader of the NAACP; Atlanta-based rapper \
             Killer Mike. Jo Roe is a Washington-based reporter for the Daily Planet Network.",
        );
        // A possessive with a preposition between it and the name ties nothing; where the
        // text says an organisation is, a demonym in its name does not.
        let got = triples(
            "The SVP campaigned against Switzerland's ascension to Schengen. Officials opened a \
             Turkish Cultural Center in New Hampshire.",
        );
        assert!(
            !got.iter()
                .any(|(s, p, _)| p == "basedIn"
                    && (s == "Schengen" || s == "Turkish Cultural Center")),
            "{got:?}"
        );
    }

    #[test]
    fn based_in_describes_the_noun_before_it() {
        // "based" after a common noun describes that noun, not a name before it.
        no_base(
            "A new group, led by Democratic strategists based in Boston, raised money. The \
             Zorblax Agency declined an offer to extend a special forces team, based in Tripoli.",
        );
        // A name modifying a person's title after "-based" is no organisation described.
        no_base("\"It is bad,\" said Florida-based Republican strategist Al Cardenas.");
        // An organisation noun, a form of "be" or an adverb between keeps the organisation.
        check(
            "The Open Borders Foundation, which is now based in Lyon, spoke.",
            &[("Open Borders Foundation", "basedIn", "Lyon", None)],
        );
    }

    #[test]
    fn a_country_opening_a_slogan_is_no_base() {
        no_base(
            "His book is called Make America Great Again. \"It's called America First!\" he \
             said. Leaders of the Turkish Cultural Center of New York gave money in America.",
        );
        // A country a US state shares its name with is no base.
        no_base("Jo Roe teaches at the Georgia Zorblax Society. Georgia is near Russia.");
        // After a country's name, as after its demonym, an organisation's head word.
        check(
            "Staff of the U.K. Zorblax Society met in Britain.",
            &[("U.K. Zorblax Society", "basedIn", "United Kingdom", None)],
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
        // A town and the US state that closes the phrase; not the states of a list.
        check(
            "It was 2 degrees at Zorvex, Wyo., and in Denver, Colo., on Monday.",
            &[
                ("Zorvex", "locatedIn", "Wyoming", None),
                ("Denver", "locatedIn", "Colorado", None),
            ],
        );
        let got = triples("Voters in Ohio, Michigan and Iowa went to the polls.");
        assert!(!got.iter().any(|(_, p, _)| p == "locatedIn"), "{got:?}");
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
