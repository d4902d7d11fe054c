//! The hand rules, in the order they run, over every sentence: posts, organisations' bases,
//! places, agreements' parties, descriptions and nationalities.

use super::context::Ctx;
use super::descriptions::nationality;
use super::parties::party_to;
use super::places::{based_in, city_countries, located_in};
use super::posts::{dateline_country, posts};
use crate::doc::{Doc, EntityType};
use crate::nlp::cues::token_mentions;
use crate::nlp::resources::Resources;
use crate::nlp::tokenize::us_state;

/// Lists of names of organisations and places ("Aloha, America West, Delta and Orion"): runs of
/// mentions with only commas, "and" or "or" between them, as mention indices; four names or
/// more, or three whose last two are joined by "and" or "or". A chain of places with commas
/// names each in the next ("GSA Depot, Davisville, R.I."; "Grande Isle and St. Albans, Vt.").
pub(super) fn list_groups(doc: &Doc) -> Vec<Vec<usize>> {
    let coordinated = |a: usize, b: usize| {
        (doc.mentions[a].tokens.end..doc.mentions[b].tokens.start)
            .any(|t| matches!(doc.token_text(t), "and" | "or"))
    };
    let is_list = |run: &[usize]| {
        let n = run.len();
        n >= 4 || (n == 3 && coordinated(run[1], run[2]) && !coordinated(run[0], run[1]))
    };
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let joined = |a: &crate::doc::Mention, b: &crate::doc::Mention| {
        b.tokens.start > a.tokens.end
            && doc.sentence_of(a.tokens.start) == doc.sentence_of(b.tokens.start)
            && (a.tokens.end..b.tokens.start)
                .all(|t| matches!(doc.token_text(t), "," | "and" | "or"))
    };
    for (i, m) in doc.mentions.iter().enumerate() {
        if m.etype == EntityType::Person || m.entity.is_none() {
            continue;
        }
        match run.last() {
            Some(&last) if joined(&doc.mentions[last], m) => run.push(i),
            _ => {
                if is_list(&run) {
                    groups.push(std::mem::take(&mut run));
                }
                run = vec![i];
            }
        }
    }
    if is_list(&run) {
        groups.push(run);
    }
    groups
}

/// Is mention `b` the US state of the town `a` names right before it ("Jackson, Wyo.")?
pub(super) fn town_and_state(doc: &Doc, a: usize, b: usize) -> bool {
    let (ma, mb) = (&doc.mentions[a], &doc.mentions[b]);
    let state = |m: &crate::doc::Mention| {
        m.etype == EntityType::Place
            && m.entity
                .is_some_and(|e| us_state(&doc.entities[e].name).is_some())
    };
    mb.tokens.start == ma.tokens.end + 1
        && doc.token_text(ma.tokens.end) == ","
        && ma.etype == EntityType::Place
        && !state(ma)
        && state(mb)
}

/// The relations the hand-written patterns find, before the model and de-duplication.
pub(super) fn rule_relations<'a>(doc: &'a Doc, res: &'a Resources) -> Ctx<'a> {
    let mut ctx = Ctx {
        doc,
        res,
        by_token: token_mentions(doc),
        out: Vec::new(),
    };
    let dateline_country = dateline_country(&ctx);
    for s_idx in 0..doc.sentences.len() {
        let sent = doc.sentences[s_idx].clone();
        posts(&mut ctx, &sent, dateline_country);
        based_in(&mut ctx, &sent);
        located_in(&mut ctx, &sent);
        party_to(&mut ctx, &sent);
        nationality(&mut ctx, &sent);
    }
    city_countries(&mut ctx);
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::relations::testing::run;

    #[test]
    fn relations_list_members_are_not_related() {
        let names = |text: &str| -> Vec<Vec<String>> {
            let doc = run(text);
            list_groups(&doc)
                .iter()
                .map(|g| g.iter().map(|&m| doc.mention_text(m).to_string()).collect())
                .collect()
        };
        assert_eq!(
            names("Flights left Paris, Berlin, Madrid and Rome on Monday."),
            vec![vec!["Paris", "Berlin", "Madrid", "Rome"]]
        );
        assert_eq!(
            names("Flights left Paris, Berlin and Rome on Monday."),
            vec![vec!["Paris", "Berlin", "Rome"]]
        );
        // A chain of places, each in the next, is no list.
        assert!(names("The plant is in Aiken, South Carolina, United States.").is_empty());
        assert!(names("Storms hit Lyon and Nice, France, on Monday.").is_empty());
        // A town and its state are one item of a list of towns.
        let got = crate::nlp::relations::testing::triples(
            "It was 2 degrees at Denver, Colo., and Boston, Mass., and 9 in Austin, Texas.",
        );
        for (town, state) in [("Denver", "Colorado"), ("Boston", "Massachusetts")] {
            assert!(
                got.iter()
                    .any(|(s, p, o)| s == town && p == "locatedIn" && o == state),
                "{town}: {got:?}"
            );
        }
        assert!(
            !got.iter()
                .any(|(s, _, o)| s == "Denver" && o == "Massachusetts"),
            "{got:?}"
        );
    }
}
