//! Relations between entities: posts (`affiliatedWith` with a role), `basedIn`, `locatedIn`,
//! `partyTo`, `nationality`, and `said` for every speaker of a statement.
//!
//! Reads `tokens`, `sentences`, `mentions`, `entities`, `statements`, `metadata`; writes
//! `relations` and `dateline_country`. Every pattern is general, over tokens, mention types and title/head-word lists,
//! and has a test sentence of its own beside it:
//! - a title before a name, with its organisation or country from a possessive or a demonym
//!   ("X's campaign director Y", "Italian Prime Minister Z"), or for a government post with
//!   none, the country the sentence is about ("In Italy, … Interior Minister Y");
//! - an apposition after a name ("Y, a spokesperson for X", "Y, X's founder");
//! - "X, a … group based in Y", "the Irish Department of …", "Turkey's parliament";
//! - "City, Country" and cities whose country the article mentions;
//! - signing verbs before an agreement ("X became the first … to sign up to Z"), "X's Z",
//!   "a deal between X and Y", and for an unnamed agreement with no party named that way, the
//!   countries of its sentence;
//! - "a Swedish citizen", "both U.S. citizens".
//!
//! Then the learned relation model (`newsgraph train-relations`, trained on CoNLL04 and our
//! gold) classifies every type-compatible pair of mentions in a sentence: it adds the
//! affiliatedWith, basedIn and locatedIn relations the patterns missed (with a title found
//! around the pair as the role) and drops pattern relations of those predicates it gives less
//! than `VETO_THRESHOLD`. What the patterns found is one of its features.
//!
//! Where to change what:
//! - the rules: `rules` runs them; `posts`, `places`, `parties`, `descriptions` hold
//!   them, over the sentence context of `context`;
//! - the model's candidates (which pairs are asked about): `candidates`;
//! - its features: `features`;
//! - the model itself (loading, deciding, training instances): `model`.

mod candidates;
mod context;
mod descriptions;
mod features;
mod model;
mod parties;
mod places;
mod posts;
mod rules;

pub use model::{
    builtin_model, training_instances, FEATURE_VERSION, LABELS, MODEL_KIND, TRAIN_EPOCHS,
};

use super::learn::Classifier;
use super::resources::Resources;
use super::stage::{NlpError, Stage};
use crate::doc::{Doc, EntityType, Grounds, Method, Predicate};
use crate::nlp::ner::names_a_facility;
use descriptions::describe_appositives;
use features::RuleIndex;
use model::model_relations;
use rules::{list_groups, rule_relations, town_and_state};
use std::collections::HashSet;
use std::sync::Arc;

/// The relations stage.
pub struct Relations {
    res: Arc<Resources>,
    /// The relation model; without one, only the rules' relations are kept.
    model: Option<Classifier>,
}

crate::words::list! {
    /// Head words of names held or put up somewhere but based nowhere: events and lodgings.
    UNBASED_HEADS = "relations/unbased_heads.txt"
}

impl Relations {
    /// A relations stage with its model (or none).
    pub fn new(res: Arc<Resources>, model: Option<Classifier>) -> Relations {
        Relations { res, model }
    }
}

impl Stage for Relations {
    fn name(&self) -> &'static str {
        "relations"
    }

    fn run(&self, doc: &mut Doc) -> Result<(), NlpError> {
        let mut ctx = rule_relations(doc, &self.res);
        let dateline_country = posts::dateline_country(&ctx);
        if let Some(model) = &self.model {
            let rules = RuleIndex::new(&ctx.out);
            let (learned, vetoed) = model_relations(&ctx, model, &rules);
            // What the gazetteers know is no reading of the sentence the model could veto.
            ctx.out.retain(|r| {
                r.grounds == Grounds::Gazetteer
                    || r.object
                        .is_none_or(|o| !vetoed.contains(&(r.subject, r.predicate, o, r.sentence)))
            });
            ctx.out.extend(learned);
        }
        // Members of one list ("Aloha, America West, Delta and Orion") are named side by side,
        // not one in another; but a town and its state stay one item of a list ("at Jackson,
        // Wyo., and Gunnison, Colo.").
        let lists = list_groups(doc);
        ctx.out.retain(|r| {
            let Some(o) = r.object else { return true };
            !matches!(r.predicate, Predicate::BasedIn | Predicate::LocatedIn)
                || !lists.iter().any(|group| {
                    let of = |e: usize| -> Vec<usize> {
                        group
                            .iter()
                            .copied()
                            .filter(|&m| doc.mentions[m].entity == Some(e))
                            .collect()
                    };
                    let (subjects, objects) = (of(r.subject), of(o));
                    !subjects.is_empty()
                        && !objects.is_empty()
                        && doc.sentence_of(doc.mentions[group[0]].tokens.start) == r.sentence
                        && !subjects
                            .iter()
                            .any(|&a| objects.iter().any(|&b| town_and_state(doc, a, b)))
                })
        });
        // A place is in no building ("Manila" in "Trump Tower Manila", a site named after it).
        ctx.out.retain(|r| {
            r.predicate != Predicate::LocatedIn
                || r.object.is_none_or(|o| {
                    !names_a_facility(&doc.entities[o].name)
                        || names_a_facility(&doc.entities[r.subject].name)
                })
        });
        // An event is held somewhere and a building stands somewhere, neither is based there
        // ("the Democratic National Convention in Philadelphia", "the Mayflower Hotel in
        // Washington", "Carnegie Hall in New York").
        ctx.out.retain(|r| {
            r.predicate != Predicate::BasedIn || {
                let name = &doc.entities[r.subject].name;
                let head = name.rsplit(' ').next().unwrap_or(name).to_lowercase();
                !UNBASED_HEADS.contains(&head.as_str()) && !names_a_facility(&head)
            }
        });
        // A country is party to no agreement the gazetteer knows it is not party to ("Mexico,
        // China and the North American Free Trade Agreement").
        ctx.out.retain(|r| {
            r.predicate != Predicate::PartyTo
                || r.object.is_none_or(|o| {
                    let party = &doc.entities[r.subject];
                    party.etype != EntityType::Country
                        || !parties::known_non_party(&party.name, &doc.entities[o].name)
                })
        });
        // Every speaker of a statement said something.
        let mut speakers = HashSet::new();
        for st in &doc.statements {
            let Some(speaker) = st.speaker else { continue };
            if speakers.insert(speaker) {
                let sent = doc.sentences[st.sentence].clone();
                ctx.push(speaker, Predicate::Said, None, None, sent, 0.85);
                if let Some(said) = ctx.out.last_mut() {
                    said.method = Method::Statement;
                }
            }
        }
        let mut out = ctx.out;
        // One relation per (subject, predicate, object): one a sentence states before one only
        // known from the gazetteers, then the most confident, then the first evidence.
        out.sort_by(|a, b| {
            (a.subject, a.predicate, a.object)
                .cmp(&(b.subject, b.predicate, b.object))
                .then((a.grounds != Grounds::Text).cmp(&(b.grounds != Grounds::Text)))
                .then(b.confidence.total_cmp(&a.confidence))
                .then(a.evidence.start.cmp(&b.evidence.start))
        });
        // A post guessed from the country of the sentence gives way to the same post stated
        // with its country ("U.S. President X" elsewhere in the article).
        let stated: Vec<(usize, String)> = out
            .iter()
            .filter(|r| r.predicate == Predicate::AffiliatedWith && r.confidence >= 0.85)
            .filter_map(|r| Some((r.subject, r.role.clone()?.to_lowercase())))
            .collect();
        out.retain(|r| {
            r.predicate != Predicate::AffiliatedWith
                || r.confidence >= 0.85
                || !r
                    .role
                    .as_ref()
                    .is_some_and(|role| stated.contains(&(r.subject, role.to_lowercase())))
        });
        // The relation kept carries the other sentences that state it (a relation known from
        // the gazetteers states nothing).
        out.dedup_by(|a, b| {
            let same = a.subject == b.subject && a.predicate == b.predicate && a.object == b.object;
            if same
                && a.grounds == Grounds::Text
                && a.sentence != b.sentence
                && !b.also.contains(&a.sentence)
            {
                b.also.push(a.sentence);
            }
            same
        });
        for r in &mut out {
            r.also.sort_unstable();
        }
        out.sort_by_key(|r| (r.evidence.start, r.predicate));
        doc.relations = out;
        doc.dateline_country = dateline_country;
        describe_appositives(doc);
        Ok(())
    }
}

#[cfg(test)]
mod testing;

#[cfg(test)]
mod tests {
    use crate::nlp::relations::testing::check;

    #[test]
    fn relations_said_from_statements() {
        check(
            "Kenya said the talks failed.",
            &[("Kenya", "said", "", None)],
        );
    }
}
