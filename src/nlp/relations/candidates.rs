//! The pairs the relation model is asked about: type-compatible mentions of one sentence,
//! close enough to each other.

use super::context::Ctx;
use super::features::{title_near, RuleIndex};
use crate::doc::{Doc, EntityType, Predicate};
use crate::nlp::cues::{is_possessive, is_quote_mark, SPEECH_VERBS};
use crate::nlp::ner::in_party_tag;
use crate::nlp::tokenize::us_state;
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
            // A party tag's party and state belong to the name before the tag (a pattern).
            if in_party_tag(doc, &ma.tokens) || in_party_tag(doc, &mb.tokens) {
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
            // ", but", ";": a new clause between the two, which says nothing of the pair.
            let clause_break = |t: usize| {
                doc.token_text(t) == ";"
                    || (doc.token_text(t) == "but" && t > lo && doc.token_text(t - 1) == ",")
            };
            if gap > MAX_PAIR_DISTANCE
                || (lo..hi).any(|t| SPEECH_VERBS.contains(&doc.token_text(t)) || clause_break(t))
            {
                continue;
            }
            if pair_possible(doc.entities[ea].etype, doc.entities[eb].etype)
                && !fronted_setting(doc, a, b)
            {
                out.push((a, b));
            }
        }
    }
    out
}

crate::words::list! {
    /// The words that may lie between an organisation and the place the model bases it in.
    BASE_TIES = "relations/base_ties.txt"
}

crate::words::list! {
    /// Parts of an organisation a place before them locates ("Univision's Los Angeles
    /// affiliate").
    BRANCH_NOUNS = "relations/branch_nouns.txt"
}

/// Is the model's relation of the pair (subject mention, object mention) one the sentence does
/// not support, though the model scores it? The model reads the words around a pair, not who
/// else they belong to:
/// - a post and its organisation already tied by a pattern to someone else of the sentence
///   ("… leading Cruz, said Acme University coach Bob Knight", "called for Supreme Court
///   Justice X to resign");
/// - another person named between a person and the organisation ("the Acme spokesman Ann Lee
///   -- as Ruiz noted"): the organisation is the nearer one's;
/// - a news outlet, unless a post that names it ("CNN anchor X", "an anchor for Univision") or
///   its possessive ("CNN's X") ties the person to it: people speak to outlets ("told ABC
///   News"), and a person's own title ("Sen. X … the AP") says nothing of one;
/// - one of the pair inside a quotation and the other outside it ("… on Univision,” Trump
///   said");
/// - for basedIn, any word between the two but the few that tie a base ("the Simon Wiesenthal
///   Center in Los Angeles", "Mexico's Televisa", "a New York-based paper"), in their order
///   (not "Sony's Columbia", "Turkey, the EU"): otherwise the place is where something
///   happened ("the CNBC debate in Boulder"); nor a place before a part of the organisation
///   ("Univision's Los Angeles affiliate");
/// - for locatedIn, two places the gazetteers put in different countries, or a US state in
///   any place.
pub(super) fn unsupported_addition(
    ctx: &Ctx,
    rules: &RuleIndex,
    (a, b): (usize, usize),
    predicate: Predicate,
    sentence: usize,
) -> bool {
    let doc = ctx.doc;
    let (ma, mb) = (&doc.mentions[a], &doc.mentions[b]);
    let (Some(ea), Some(eb)) = (ma.entity, mb.entity) else {
        return true;
    };
    let (lo, hi) = if ma.tokens.start < mb.tokens.start {
        (ma.tokens.end, mb.tokens.start)
    } else {
        (mb.tokens.end, ma.tokens.start)
    };
    let quote_marks = (lo..hi)
        .filter(|&t| is_quote_mark(doc.token_text(t)))
        .count();
    if quote_marks % 2 == 1 {
        return true;
    }
    // A base is tied to its organisation by the words between them, or the place is where
    // something happened ("the CNBC debate in Boulder").
    if predicate == Predicate::BasedIn {
        let words = || (lo..hi).map(|t| doc.token_text(t).to_lowercase());
        let after_place = (mb.tokens.end < doc.tokens.len()).then(|| doc.token_text(mb.tokens.end));
        // "Univision's Los Angeles affiliate": the place locates a part of the organisation.
        let part_there = after_place.is_some_and(|w| BRANCH_NOUNS.contains(&w));
        let headquarters =
            after_place.is_some_and(|w| matches!(w.to_lowercase().as_str(), "headquarters" | "hq"));
        // The words tie a base only in their order: an organisation's possessive owns what
        // follows ("Sony's Columbia", "the group's New York", "the CIA's Benghazi base") unless
        // that is its headquarters ("CNN's Atlanta headquarters"); a place before a comma or a
        // bracket is no base of the name after it ("sent back to Turkey, the EU will …", "U.S.,
        // the U.N.").
        let in_order = if ma.tokens.start < mb.tokens.start {
            headquarters || !words().any(|w| is_possessive(&w))
        } else {
            !words().any(|w| matches!(w.as_str(), "," | "(" | ")" | "in" | "of" | "at"))
        };
        let tied = in_order && words().all(|w| BASE_TIES.contains(&w.as_str()));
        return !tied || part_there;
    }
    if predicate == Predicate::LocatedIn {
        // Two places the gazetteers put in different countries are not one in the other
        // ("the attacks in Paris and San Bernardino, Calif.": Paris is no Californian town).
        // A US state is the country's, whatever town abroad shares its name ("Florida",
        // Uruguay).
        let country = |e: usize| {
            let ent = &doc.entities[e];
            match ent.etype {
                EntityType::Place if us_state(&ent.name).is_some() => Some("United States"),
                EntityType::Place => ctx.res.country_of_place(&ent.name),
                _ => None,
            }
        };
        // A US state is in no place but its country ("Georgia's 11th Congressional District").
        let state_in_a_place = doc.entities[ea].etype == EntityType::Place
            && us_state(&doc.entities[ea].name).is_some()
            && doc.entities[eb].etype == EntityType::Place;
        return state_in_a_place
            || matches!((country(ea), country(eb)), (Some(x), Some(y)) if x != y);
    }
    if predicate != Predicate::AffiliatedWith {
        return false;
    }
    let someone_else = rules
        .affiliates
        .get(&(eb, sentence))
        .is_some_and(|people| people.iter().any(|&c| c != ea));
    let from = doc.mentions.partition_point(|m| m.tokens.start < lo);
    let person_between = doc.mentions[from..]
        .iter()
        .take_while(|m| m.tokens.start < hi)
        .any(|m| {
            m.tokens.end <= hi
                && m.entity
                    .is_some_and(|e| e != ea && doc.entities[e].etype == EntityType::Person)
        });
    let outlet = doc.entities[eb].class.as_deref() == Some("MediaOrganization");
    let owned =
        mb.tokens.end + 1 == ma.tokens.start && is_possessive(doc.token_text(mb.tokens.end));
    let post_names_it = || {
        rules.roles.contains_key(&(ea, eb))
            || title_near(ctx, ma, mb, &doc.sentences[sentence]).is_some()
    };
    someone_else || person_between || (outlet && !owned && !post_names_it())
}

/// Is one of the pair where the sentence's clause is set, fronted before a comma, and the other
/// its subject right after ("In Kenya, the Red Cross says …", "In Manila, the
/// ministry …")? Where a thing is said or done says nothing of where an organisation is based.
pub(super) fn fronted_setting(doc: &Doc, a: usize, b: usize) -> bool {
    let (ma, mb) = (&doc.mentions[a], &doc.mentions[b]);
    let (first, second) = if ma.tokens.start < mb.tokens.start {
        (ma, mb)
    } else {
        (mb, ma)
    };
    let sent = &doc.sentences[doc.sentence_of(first.tokens.start)];
    let place = matches!(first.etype, EntityType::Place | EntityType::Country);
    place
        && first.tokens.start == sent.start + 1
        && doc.token_text(sent.start).eq_ignore_ascii_case("in")
        && doc.token_text(first.tokens.end) == ","
        && (first.tokens.end + 1..second.tokens.start)
            .all(|t| doc.token_text(t).eq_ignore_ascii_case("the"))
}

/// Is the pair a dateline and its wire credit ("WASHINGTON (AP) —", "PARIS (Reuters) -",
/// "TRENTON, N.J. (AP) —"): a place opening the sentence, or after the capitalised city and
/// comma that open it, the organisation in brackets right after it, then a dash? Where a story
/// was filed says nothing about where the agency is based.
pub(super) fn dateline_credit(doc: &Doc, sent: &Range<usize>, a: usize, b: usize) -> bool {
    let (ma, mb) = (&doc.mentions[a], &doc.mentions[b]);
    let (place, credit) = if ma.tokens.start < mb.tokens.start {
        (ma, mb)
    } else {
        (mb, ma)
    };
    let word = |t: usize| (t < sent.end).then(|| doc.token_text(t));
    let opens_dateline = place.tokens.start - sent.start <= 6
        && (sent.start..place.tokens.start).all(|t| {
            let w = doc.token_text(t);
            w == "," || w.chars().next().is_some_and(char::is_uppercase)
        })
        && (place.tokens.start == sent.start || word(place.tokens.start - 1) == Some(","));
    opens_dateline
        && credit.tokens.start == place.tokens.end + 1
        && word(place.tokens.end) == Some("(")
        && word(credit.tokens.end) == Some(")")
        && word(credit.tokens.end + 1)
            .is_some_and(|w| matches!(w, "-" | "--" | "\u{2013}" | "\u{2014}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn based_in(text: &str) -> Vec<(String, String)> {
        let mut doc = Doc::new("t.txt", text);
        crate::nlp::Pipeline::load_default()
            .unwrap()
            .run(&mut doc)
            .unwrap();
        doc.relations
            .iter()
            .filter(|r| r.predicate == Predicate::BasedIn)
            .filter_map(|r| {
                let o = r.object?;
                Some((
                    doc.entities[r.subject].name.clone(),
                    doc.entities[o].name.clone(),
                ))
            })
            .collect()
    }

    /// Where a sentence is set ("In Kenya, …") is no base of the organisation that speaks.
    #[test]
    fn relations_fronted_setting_is_no_base() {
        let found = based_in("In Kenya, Zorvex Watch says the vote was fair. Officials agreed.");
        assert!(!found.iter().any(|(_, o)| o == "Kenya"), "{found:?}");
        let doc =
            crate::nlp::relations::testing::run("In Kenya, Zorvex Watch says the vote was fair.");
        let sent = doc.sentences[0].clone();
        assert!(candidate_pairs(&doc, &sent).is_empty());
        let doc = crate::nlp::relations::testing::run(
            "Zorvex Watch works in Kenya, but the Lumen Institute works in Peru.",
        );
        let sent = doc.sentences[0].clone();
        let names = |(a, b): (usize, usize)| (doc.mention_text(a), doc.mention_text(b));
        let pairs: Vec<(&str, &str)> = candidate_pairs(&doc, &sent)
            .into_iter()
            .map(names)
            .collect();
        assert!(
            pairs
                .iter()
                .all(|(a, b)| !(a.contains("Zorvex") && *b == "Peru")),
            "{pairs:?}"
        );
        let stated = based_in("Zorvex Watch, based in Kenya, says the vote was fair.");
        assert!(stated.iter().any(|(_, o)| o == "Kenya"), "{stated:?}");
    }

    /// What the model may not add: an organisation a post gives someone else, one with
    /// another person named between, an outlet one only speaks to, a pair across a
    /// quotation's edge; what a sentence does tie stays open to it.
    #[test]
    fn relations_model_additions_the_sentence_does_not_support() {
        let res = crate::nlp::resources::Resources::load_default().unwrap();
        let refused_as = |predicate: Predicate, text: &str, person: &str, org: &str| -> bool {
            let doc = crate::nlp::relations::testing::run(text);
            let ctx = crate::nlp::relations::rules::rule_relations(&doc, &res);
            let rules = RuleIndex::new(&ctx.out);
            let at = |name: &str| {
                (0..doc.mentions.len())
                    .find(|&m| doc.mention_text(m) == name)
                    .unwrap_or_else(|| panic!("no mention {name} in {text}"))
            };
            let (a, b) = (at(person), at(org));
            let sentence = doc.sentence_of(doc.mentions[a].tokens.start);
            unsupported_addition(&ctx, &rules, (a, b), predicate, sentence)
        };
        let refused = |text: &str, person: &str, org: &str| {
            refused_as(Predicate::AffiliatedWith, text, person, org)
        };
        let another = "Ana Ruiz called on Monday for Zorvex University coach Bob Kent to resign.";
        assert!(refused(another, "Ana Ruiz", "Zorvex University"));
        assert!(!refused(another, "Bob Kent", "Zorvex University"));
        let between = "The Zorvex Institute praised Bob Kent and Ana Ruiz on Monday.";
        assert!(refused(between, "Ana Ruiz", "Zorvex Institute"));
        assert!(!refused(between, "Bob Kent", "Zorvex Institute"));
        assert!(refused(
            "Sen. Ana Ruiz spoke to CNN on Monday.",
            "Ana Ruiz",
            "CNN"
        ));
        assert!(!refused(
            "CNN anchor Ana Ruiz spoke on Monday.",
            "Ana Ruiz",
            "CNN"
        ));
        assert!(!refused(
            "CNN's Ana Ruiz spoke on Monday.",
            "Ana Ruiz",
            "CNN"
        ));
        let quoted = "\u{201c}Join the Zorvex Institute,\u{201d} Ana Ruiz told students.";
        assert!(refused(quoted, "Ana Ruiz", "Zorvex Institute"));
        assert!(!refused(
            "Ana Ruiz of the Zorvex Institute spoke.",
            "Ana Ruiz",
            "Zorvex Institute"
        ));
        // A base only where the words between tie it.
        let based =
            |text: &str| refused_as(Predicate::BasedIn, text, "Zorvex Institute", "Boulder");
        assert!(based("The Zorvex Institute debate in Boulder drew crowds."));
        assert!(!based("The Zorvex Institute in Boulder drew crowds."));
        assert!(!based(
            "The Zorvex Institute, headquartered in Boulder, drew crowds."
        ));
        // A place that locates a part of the organisation is not its base.
        let part = |text: &str| refused_as(Predicate::BasedIn, text, "CNN", "Atlanta");
        assert!(part("CNN's Atlanta bureau drew crowds."));
        assert!(!part("CNN's Atlanta headquarters drew crowds."));
        // Places the gazetteers put in different countries are not one in the other.
        let within = |text: &str, place: &str, state: &str| {
            refused_as(Predicate::LocatedIn, text, place, state)
        };
        let attacks = "The attacks in Paris and San Bernardino, Calif., changed the race.";
        assert!(within(attacks, "Paris", "Calif."));
        assert!(!within(attacks, "San Bernardino", "Calif."));
        // A state is the United States', whatever town abroad bears its name.
        let lawyer = "Ana Ruiz, a West Palm Beach, Fla., lawyer, said so.";
        assert!(!within(lawyer, "West Palm Beach", "Fla."));
    }

    /// A dateline and its wire credit are no base, whoever the model learnt from; a base a
    /// sentence states still is one.
    #[test]
    fn relations_dateline_credit_is_no_base() {
        for text in [
            "Senate vote delayed.\n\nWASHINGTON (AP) \u{2014} The Senate delayed a vote on Tuesday.",
            "Vote delayed.\n\nLONDON (Reuters) - Parliament delayed a vote on Tuesday.",
            "Budget passes.\n\nTRENTON, N.J. (AP) \u{2014} The Assembly passed the budget.",
        ] {
            let found = based_in(text);
            assert!(
                !found.iter().any(|(s, _)| s.contains("AP") || s == "Reuters"),
                "{found:?}"
            );
        }
        let stated = based_in("The Associated Press, based in New York, reported the vote.");
        assert!(
            stated
                .iter()
                .any(|(s, o)| s.contains("Associated Press") && o == "New York"),
            "{stated:?}"
        );
    }
}
