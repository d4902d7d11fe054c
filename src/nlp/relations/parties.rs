//! The parties to an agreement: signing verbs before it, "X's Z", "a deal between X and Y", and
//! for an unnamed agreement, the countries of its sentence.

use super::context::{mentions_in, Ctx};
use crate::doc::{EntityType, Predicate};
use crate::nlp::cues::{is_possessive, year_in};
use crate::nlp::ner::hyphenated_parties;
use crate::nlp::resources::GazKind;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

crate::words::list! {
    /// Verbs by which a party enters or leaves an agreement.
    pub(super) PARTY_VERBS = "relations/party_verbs.txt"
}

crate::words::list! {
    /// Nouns of those who act for a state, after its demonym ("Azerbaijani authorities").
    STATE_ACTORS = "relations/state_actors.txt"
}

/// Agreements of known parties: each of their names, lower case, to the countries party to
/// them (`data/gazetteers/agreements.tsv`).
static KNOWN_PARTIES: std::sync::LazyLock<HashMap<String, Vec<&'static str>>> =
    std::sync::LazyLock::new(|| {
        let text = include_str!("../../../data/gazetteers/agreements.tsv");
        let mut out = HashMap::new();
        for (line, cols) in crate::words::rows(text) {
            let [name, aliases, parties] = cols[..] else {
                panic!("data/gazetteers/agreements.tsv:{line}: expected three columns");
            };
            let parties: Vec<&str> = parties.split('|').collect();
            for n in std::iter::once(name).chain(aliases.split('|').filter(|a| !a.is_empty())) {
                out.insert(n.to_lowercase(), parties.clone());
            }
        }
        out
    });

/// Is a country known to be no party to an agreement ("China", the North American Free Trade
/// Agreement)? Only for agreements whose parties the gazetteer lists.
pub(super) fn known_non_party(country: &str, agreement: &str) -> bool {
    let name = agreement
        .strip_prefix("the ")
        .or_else(|| agreement.strip_prefix("The "))
        .unwrap_or(agreement);
    KNOWN_PARTIES
        .get(&name.to_lowercase())
        .is_some_and(|parties| !parties.contains(&country))
}

/// How many words before an agreement a signing verb may stand ("signed a landmark 2015
/// police cooperation deal").
const SIGNING_REACH: usize = 7;

pub(super) fn party_to(ctx: &mut Ctx, sent: &Range<usize>) {
    let doc = ctx.doc;
    let agreements: Vec<(usize, Range<usize>, bool)> = mentions_in(doc, sent)
        .iter()
        .filter(|m| m.etype == EntityType::Agreement)
        .filter_map(|m| {
            m.entity
                .map(|e| (e, m.tokens.clone(), m.description.is_some()))
        })
        .collect();
    let agreements_in_sentence = agreements.len();
    for (agreement, range, unnamed) in agreements {
        let date = doc.entities[agreement]
            .name
            .split(' ')
            .find(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_string)
            .or_else(|| year_in(doc, sent.clone()));
        let before = len_before(ctx, &range, sent);
        let mut parties = Vec::new();
        // "the EU-Turkey deal": the parties the name joins, where the article names them.
        if let Some(named) = hyphenated_parties(ctx.res, ctx.word(range.start)) {
            for part in named {
                if let Some(e) = entity_named(ctx, part) {
                    parties.push((e, 0.8));
                }
            }
            // No other party is read into a deal its name says is between these.
            push_parties(ctx, agreement, parties, sent, &date);
            continue;
        }
        // A signing verb before the agreement: its subject is the nearest party before it.
        // "X has a similar arrangement": a possession verb right before the agreement counts.
        // The verb governs the agreement: a few words before it, no comma between ("have not
        // signed on to the bill yet, even though several oppose the nuclear deal" is no
        // signing of the deal).
        let has_verb = (range.start.saturating_sub(3).max(sent.start)..range.start)
            .find(|&k| matches!(ctx.word(k), "has" | "have" | "had"));
        let governs = |v: usize| {
            range.start - v <= SIGNING_REACH && (v..range.start).all(|k| ctx.word(k) != ",")
        };
        if let Some(v) = (sent.start..range.start)
            .rev()
            .find(|&k| PARTY_VERBS.contains(&ctx.word(k)))
            .filter(|&v| governs(v))
            .or(has_verb)
        {
            if let Some(k) = (sent.start..v)
                .rev()
                .find(|&k| ctx.entity_at(k).is_some_and(|e| is_party(ctx, e)))
            {
                // "Norway and Iceland signed", "Lithuania, Latvia, Estonia and Poland signed":
                // the parties coordinated with the nearest one.
                for p in coordinated(ctx, k, sent.start) {
                    // "Chile's Senate ratified": a state body acts for its country.
                    let p = state_of_body(ctx, p, sent).unwrap_or(p);
                    parties.push((p, 0.85));
                }
            }
        }
        // "the agreement, which Washington and Manila expanded": the parties of a relative
        // clause whose verb is a signing verb.
        let mut k = range.end;
        if k < sent.end && ctx.word(k) == "," {
            k += 1;
        }
        if k < sent.end && matches!(ctx.word(k), "which" | "that") {
            let mut clause = Vec::new();
            k += 1;
            while k < sent.end {
                if let Some(e) = ctx.entity_at(k).filter(|&e| is_party(ctx, e)) {
                    if !clause.contains(&e) {
                        clause.push(e);
                    }
                } else if !matches!(ctx.word(k), "and" | "," | "the") && ctx.mention_at(k).is_none()
                {
                    break;
                }
                k += 1;
            }
            if k < sent.end && PARTY_VERBS.contains(&ctx.word(k)) {
                parties.extend(clause.into_iter().map(|e| (e, 0.8)));
            }
        }
        // "X's Z" / "Chinese Z".
        if let Some(p) = before.filter(|&e| is_party(ctx, e)) {
            parties.push((p, 0.8));
        }
        // "a deal between X and Y", "a deal with X".
        let mut k = range.end;
        if k < sent.end && matches!(ctx.word(k), "between" | "with" | "among") {
            k += 1;
            while k < sent.end && k < range.end + 8 {
                if let Some(e) = ctx.entity_at(k).filter(|&e| is_party(ctx, e)) {
                    parties.push((e, 0.85));
                } else if !matches!(ctx.word(k), "and" | "," | "the" | "its")
                    && ctx.mention_at(k).is_none()
                {
                    break;
                }
                k += 1;
            }
        }
        // "The pact … links economies including Japan, Canada and Vietnam": the countries after
        // a verb of membership whose subject is the agreement.
        if range.start <= sent.start + 1 {
            if let Some(v) = (range.end..sent.end).find(|&k| {
                matches!(
                    ctx.word(k),
                    "links" | "includes" | "include" | "groups" | "unites" | "covers" | "binds"
                )
            }) {
                for t in v + 1..sent.end {
                    if let Some(e) = ctx
                        .entity_at(t)
                        .filter(|&e| ctx.etype(e) == EntityType::Country)
                    {
                        if !parties.iter().any(|(p, _)| *p == e) {
                            parties.push((e, 0.75));
                        }
                    }
                }
            }
        }
        // Only where the agreement is introduced, not where it is referred back to ("the pact").
        let introduced = doc.entities[agreement]
            .mentions
            .first()
            .is_some_and(|&m| doc.mentions[m].tokens == range);
        // One agreement in the sentence: where it lists several ("secured a nuclear deal with
        // Iran, … and a climate change accord"), its countries are no one's parties.
        let only_agreement = agreements_in_sentence == 1;
        if parties.is_empty() && introduced && unnamed && only_agreement {
            // The countries of the sentence that introduces an unnamed agreement (not of one
            // named without saying who signed it: "greeted by Germans protesting against the
            // TTIP" makes no one a party).
            // Not a country that owns something else ("to eliminate Syria's chemical
            // arsenal", "in Israel's interests"): its mention speaks of that, not of a deal.
            let mut seen = HashSet::new();
            for t in sent.clone() {
                if let Some(e) = ctx
                    .entity_at(t)
                    .filter(|&e| ctx.etype(e) == EntityType::Country)
                    .filter(|_| !owns_something_else(ctx, t, &range, sent))
                    .filter(|_| !describes_others(ctx, t, sent))
                {
                    if seen.insert(e) {
                        parties.push((e, 0.6));
                    }
                }
            }
        }
        push_parties(ctx, agreement, parties, sent, &date);
    }
}

/// `partyTo` from each party to the agreement, dated.
fn push_parties(
    ctx: &mut Ctx,
    agreement: usize,
    parties: Vec<(usize, f32)>,
    sent: &Range<usize>,
    date: &Option<String>,
) {
    for (party, conf) in parties {
        let len = ctx.out.len();
        ctx.push(
            party,
            Predicate::PartyTo,
            Some(agreement),
            None,
            sent.clone(),
            conf,
        );
        if ctx.out.len() > len {
            if let Some(rel) = ctx.out.last_mut() {
                rel.date = date.clone();
            }
        }
    }
}

/// The article's country or organisation a word names ("EU": the European Union's entity):
/// the same canonical name, or a mention written so.
fn entity_named(ctx: &Ctx, word: &str) -> Option<usize> {
    let canonical: Vec<String> = ctx
        .res
        .lookup(word)
        .map(|entries| entries.iter().map(|e| e.canonical.clone()).collect())
        .unwrap_or_default();
    let doc = ctx.doc;
    (0..doc.entities.len()).find(|&e| {
        is_party(ctx, e)
            && (canonical.contains(&doc.entities[e].name)
                || doc.entities[e]
                    .mentions
                    .iter()
                    .any(|&m| doc.mention_text(m) == word))
    })
}

/// The party mentioned at token `last` and those coordinated before it with commas and "and".
pub(super) fn coordinated(ctx: &Ctx, last: usize, floor: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut k = last + 1;
    while let Some(m) = ctx.mention_at(k - 1) {
        let Some(e) = m.entity.filter(|&e| is_party(ctx, e)) else {
            break;
        };
        if !out.contains(&e) {
            out.push(e);
        }
        let mut j = m.tokens.start;
        // Skip "and", "," and a determiner between conjuncts.
        let mut joined = false;
        while j > floor && matches!(ctx.word(j - 1), "," | "and" | "the") {
            joined |= ctx.word(j - 1) != "the";
            j -= 1;
        }
        if !joined || j <= floor || ctx.entity_at(j - 1).is_none() {
            break;
        }
        k = j;
    }
    out
}

/// The country of a state body named through it ("Chile's Senate").
pub(super) fn state_of_body(ctx: &Ctx, body: usize, sent: &Range<usize>) -> Option<usize> {
    if ctx.doc.entities[body].class.as_deref() != Some("GovernmentBody") {
        return None;
    }
    mentions_in(ctx.doc, sent)
        .iter()
        .filter(|m| m.entity == Some(body))
        .find_map(|m| {
            let s = m.tokens.start;
            (s >= sent.start + 2 && is_possessive(ctx.word(s - 1)))
                .then(|| ctx.entity_at(s - 2))
                .flatten()
                .filter(|&c| ctx.etype(c) == EntityType::Country)
        })
}

pub(super) fn is_party(ctx: &Ctx, e: usize) -> bool {
    matches!(ctx.etype(e), EntityType::Country | EntityType::Organization)
}

/// Is the mention at token `t` the possessor of a noun other than the agreement at `agreement`
/// ("Syria's chemical arsenal", not "Iran's nuclear deal")?
fn owns_something_else(ctx: &Ctx, t: usize, agreement: &Range<usize>, sent: &Range<usize>) -> bool {
    let Some(m) = ctx.mention_at(t) else {
        return false;
    };
    let end = m.tokens.end;
    end + 1 < sent.end && is_possessive(ctx.word(end)) && end + 1 != agreement.start && {
        // "Iran's landmark nuclear deal": the agreement a few modifiers on is its own.
        let gap = agreement.start.saturating_sub(end + 1);
        !(agreement.start > end
            && gap <= 3
            && (end + 1..agreement.start).all(|k| {
                let w = ctx.word(k);
                w.chars()
                    .next()
                    .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
                    && !matches!(w, "," | "and" | "or")
            }))
    }
}

/// Is the word at `t` a country's demonym before a noun of people who do not act for it
/// ("Dutch voters", "American people", "Philippine immigration agency"; not "Chilean officers",
/// "the Iranians")?
fn describes_others(ctx: &Ctx, t: usize, sent: &Range<usize>) -> bool {
    let word = ctx.word(t);
    let demonym = ctx
        .res
        .lookup(word)
        .is_some_and(|entries| entries.iter().all(|e| e.kind == GazKind::Demonym));
    let next = if t + 1 < sent.end {
        ctx.word(t + 1)
    } else {
        ""
    };
    demonym
        && !word.ends_with('s')
        && next.chars().next().is_some_and(char::is_lowercase)
        && !STATE_ACTORS.contains(&next)
}

/// The entity right before a mention, through a possessive ("China's Belt and Road
/// Initiative") or as a modifier ("Chinese initiative").
pub(super) fn len_before(ctx: &Ctx, range: &Range<usize>, sent: &Range<usize>) -> Option<usize> {
    let s = range.start;
    if s > sent.start + 1 && is_possessive(ctx.word(s - 1)) {
        return ctx.entity_at(s - 2);
    }
    (s > sent.start).then(|| ctx.entity_at(s - 1)).flatten()
}

#[cfg(test)]
mod tests {

    use crate::nlp::relations::testing::{check, triples};

    #[test]
    fn relations_party_to() {
        check("In 2019, Portugal became the first nation to sign up to the Green Corridor Initiative.", &[(
            "Portugal", "partyTo", "Green Corridor Initiative", None,
        )]);
        check(
            "Chilean officers patrol in Peru under a security deal from 2012.",
            &[
                ("Chile", "partyTo", "2012 security deal", None),
                ("Peru", "partyTo", "2012 security deal", None),
            ],
        );
        check(
            "Kenya signed a trade pact with Uganda.",
            &[
                ("Kenya", "partyTo", "trade pact", None),
                ("Uganda", "partyTo", "trade pact", None),
            ],
        );
    }

    /// The countries of an unnamed agreement's sentence are its parties, not one that owns
    /// something else, nor one whose demonym describes people who do not act for it.
    #[test]
    fn relations_no_party_that_owns_or_describes_something_else() {
        let parties = |text: &str| -> Vec<String> {
            let mut out: Vec<String> = triples(text)
                .into_iter()
                .filter(|(_, p, _)| p == "partyTo")
                .map(|(s, _, _)| s)
                .collect();
            out.sort();
            out
        };
        assert_eq!(
            parties(
                "Swedish consumers will pay more under the new customs agreement, Finland warned."
            ),
            ["Finland"]
        );
        assert_eq!(
            parties("Brazilian diplomats said a trade accord would serve Argentina's farmers."),
            ["Brazil"]
        );
        // A possessive before the agreement names its party.
        assert_eq!(
            parties("Kenya's new trade deal will end Somalia's drought, officials said."),
            ["Kenya"]
        );
    }

    /// A deal named by its parties has those parties, where the article names them, and no
    /// other country of its sentence.
    #[test]
    fn relations_parties_of_a_relative_clause_and_a_near_signing_verb() {
        check(
            "Norway hosts Danish ships under a 2014 Maritime Patrol Agreement, which Oslo and \
             Copenhagen expanded last month.",
            &[
                ("Norway", "partyTo", "Maritime Patrol Agreement", None),
                ("Denmark", "partyTo", "Maritime Patrol Agreement", None),
            ],
        );
        let parties = |text: &str| -> Vec<String> {
            triples(text)
                .into_iter()
                .filter(|(_, p, _)| p == "partyTo")
                .map(|(s, _, _)| s)
                .collect()
        };
        // A signing verb far before, beyond a comma, signs something else.
        let far = "Most Democrats have not signed on to the sanctions bill yet, even though \
                   several oppose the nuclear deal with Iran.";
        assert!(
            !parties(far).contains(&"Democratic Party".to_string()),
            "{:?}",
            parties(far)
        );
        // A named agreement no one is said to sign has no parties read from its sentence.
        let named = "Obama departs Britain for Germany, where crowds protest against the \
                     Transatlantic Trade and Investment Partnership.";
        assert!(parties(named).is_empty(), "{:?}", parties(named));
    }

    #[test]
    fn relations_parties_named_in_a_hyphenated_deal() {
        let text = "Turkey and the EU met in Brussels. Greece and Italy doubt the EU-Turkey deal.";
        check(
            text,
            &[
                ("Turkey", "partyTo", "EU-Turkey deal", None),
                ("European Union", "partyTo", "EU-Turkey deal", None),
            ],
        );
        let parties: Vec<String> = triples(text)
            .into_iter()
            .filter(|(_, p, _)| p == "partyTo")
            .map(|(s, _, _)| s)
            .collect();
        assert_eq!(parties.len(), 2, "{parties:?}");
    }

    /// A country named beside an agreement of known parties is a party only if it is one (the
    /// whole pipeline: tests/cli.rs).
    #[test]
    fn relations_no_country_is_party_to_an_agreement_it_is_known_not_to_be() {
        assert!(super::known_non_party(
            "China",
            "the North American Free Trade Agreement"
        ));
        assert!(!super::known_non_party("Canada", "NAFTA"));
        assert!(!super::known_non_party(
            "China",
            "Green Corridor Initiative"
        ));
    }
}
