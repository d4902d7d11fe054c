//! The learned relation model: loading it, deciding with it (adding relations the rules missed,
//! vetoing weak rule relations) and the training instances it learns from.

use super::candidates::{candidate_pairs, dateline_credit, unsupported_addition};
use super::context::Ctx;
use super::features::{pair_features, title_near, RuleIndex};
use super::rules::rule_relations;
use crate::doc::{Doc, EntityType, Grounds, Method, Predicate, Relation};
use crate::nlp::cues::SPEECH_VERBS;
use crate::nlp::hash::FxHashMap;
use crate::nlp::learn::{self, Classifier, Instance};
use crate::nlp::ner::headlines::is_title_case_headline;
use crate::nlp::resources::{ResourceError, Resources};
use std::collections::HashSet;

/// Feature version of the relation model; a model file of another version is refused.
pub const FEATURE_VERSION: u32 = 5;

/// The model kind written in the model file's header.
pub const MODEL_KIND: &str = "relations";

/// The relation model compiled into the binary, or the one `NEWSGRAPH_RELATION_MODEL` names
/// (empty: none).
pub fn builtin_model() -> Result<Option<Classifier>, ResourceError> {
    learn::load_builtin(
        "NEWSGRAPH_RELATION_MODEL",
        include_str!("../../../data/models/relations.model"),
        "data/models/relations.model",
        MODEL_KIND,
        FEATURE_VERSION,
    )
}

/// Passes over the training data.
pub const TRAIN_EPOCHS: usize = 12;

/// Labels of the relation model: no relation, or a predicate.
pub const LABELS: [&str; 6] = [
    "none",
    "affiliatedWith",
    "basedIn",
    "locatedIn",
    "nationality",
    "partyTo",
];

/// A candidate pair needs at least this probability for its best predicate.
pub(super) const RELATION_THRESHOLD: f32 = 0.25;

/// Training weight of a related pair against an unrelated one (unrelated pairs are five times
/// as many).
pub(super) const POSITIVE_WEIGHT: f32 = 2.0;

/// A pattern relation whose mention pairs the model gives less than this is dropped.
pub(super) const VETO_THRESHOLD: f32 = 0.25;

/// The predicates the model has enough training data for (CoNLL04) to add relations and to
/// overrule the patterns; nationality and partyTo stay with the patterns.
pub(super) const VETOABLE: [Predicate; 3] = [
    Predicate::AffiliatedWith,
    Predicate::BasedIn,
    Predicate::LocatedIn,
];

/// The relations the model finds, and the pattern relations it rejects: (subject, predicate,
/// object, sentence) of those whose mention pairs all get less than [`VETO_THRESHOLD`].
#[allow(clippy::type_complexity)]
pub(super) fn model_relations(
    ctx: &Ctx,
    model: &Classifier,
    rules: &RuleIndex,
) -> (Vec<Relation>, HashSet<(usize, Predicate, usize, usize)>) {
    let doc = ctx.doc;
    let mut out = Vec::new();
    // Per pattern relation in a sentence: the best probability the model gives it.
    let mut support: FxHashMap<(usize, Predicate, usize, usize), f32> = FxHashMap::default();
    for (s_idx, sent) in doc.sentences.iter().enumerate() {
        // A headline in an article ("NFL Legend Pays A Heavy Price For Supporting Donald
        // Trump") has no syntax the model learnt to read; its patterns still count.
        let mut headline: Option<bool> = None;
        for (a, b) in candidate_pairs(doc, sent) {
            // The model learnt from news where a dateline's agency counts as based there; our
            // guidelines, and readers, do not.
            if dateline_credit(doc, sent, a, b) {
                continue;
            }
            let probs = model.probabilities(&pair_features(ctx, rules, a, b));
            if let (Some(ea), Some(eb)) = (doc.mentions[a].entity, doc.mentions[b].entity) {
                for p in rules
                    .in_sentence
                    .get(&(ea, eb, s_idx))
                    .into_iter()
                    .flatten()
                    .filter(|p| VETOABLE.contains(p))
                {
                    let label = model.label_index(p.as_str());
                    let prob = label.map_or(1.0, |l| probs[l]);
                    let slot = support.entry((ea, *p, eb, s_idx)).or_insert(0.0);
                    *slot = slot.max(prob);
                }
            }
            let (best, p) = probs
                .iter()
                .enumerate()
                .max_by(|x, y| x.1.total_cmp(y.1))
                .map(|(i, p)| (i, *p))
                .unwrap_or((0, 0.0));
            if p < RELATION_THRESHOLD {
                continue;
            }
            let Some(predicate) = Predicate::from_name(&model.labels()[best]) else {
                continue;
            };
            let (ma, mb) = (&doc.mentions[a], &doc.mentions[b]);
            let (Some(ea), Some(eb)) = (ma.entity, mb.entity) else {
                continue;
            };
            // The patterns keep what they found (with its role or date); the model adds only
            // predicates it has the training data for.
            let known = rules
                .anywhere
                .get(&(ea, eb))
                .is_some_and(|ps| ps.contains(&predicate));
            // A city is not located in another city ("places like Rome, Milan and Naples").
            let city = |e: usize| doc.entities[e].class.as_deref() == Some("City");
            let city_in_city = predicate == Predicate::LocatedIn && city(ea) && city(eb);
            // "the GOP primary in Indiana", "Florida Democrats": a party is named with the
            // places it runs in, not where it is based (its country is in the gazetteers).
            let party_base = predicate == Predicate::BasedIn
                && doc.entities[ea].class.as_deref() == Some("PoliticalParty");
            // In an article most people and organisations named near each other are not
            // related (CoNLL04's sentences, which the model learnt from, were chosen for their
            // relations): judged against our annotations of real news, the person-organisation
            // pairs the model added to the patterns' were wrong two times in three, whatever
            // their score. There the patterns alone affiliate; the model still vetoes.
            let article_affiliation =
                predicate == Predicate::AffiliatedWith && doc.sentences.len() > 2;
            if known
                || city_in_city
                || party_base
                || article_affiliation
                || !VETOABLE.contains(&predicate)
                || !predicate_fits(predicate, doc.entities[ea].etype, doc.entities[eb].etype)
            {
                continue;
            }
            let role = (predicate == Predicate::AffiliatedWith)
                .then(|| {
                    rules
                        .roles
                        .get(&(ea, eb))
                        .cloned()
                        .or_else(|| {
                            ctx.title_ending_at(ma.tokens.start, sent.start)
                                .map(|(_, t)| t)
                        })
                        .or_else(|| title_near(ctx, ma, mb, sent))
                })
                .flatten();
            let in_headline = *headline.get_or_insert_with(|| {
                doc.sentences.len() > 2 && {
                    let words: Vec<&str> = sent.clone().map(|t| doc.token_text(t)).collect();
                    is_title_case_headline(&words, true)
                }
            });
            if in_headline || unsupported_addition(ctx, rules, (a, b), predicate, s_idx) {
                continue;
            }
            let lo = ma.tokens.start.min(mb.tokens.start);
            let hi = ma.tokens.end.max(mb.tokens.end);
            let sentence = doc.sentence_of(lo);
            out.push(Relation {
                subject: ea,
                predicate,
                object: Some(eb),
                role,
                date: None,
                sentence,
                evidence: doc.span_of(&(lo..hi)),
                confidence: p.min(0.84),
                also: Vec::new(),
                grounds: Grounds::Text,
                method: Method::Model,
            });
        }
    }
    // "Democratic Sen. Jon Tester (D-Mont.)": a party tag right after the name states the
    // party outright; the model, which never saw one (tags are no candidate pairs), does not
    // overrule it.
    let vetoed = support
        .into_iter()
        .filter(|(_, p)| *p < VETO_THRESHOLD)
        .map(|(k, _)| k)
        .filter(|&(subject, _, object, s_idx)| {
            !party_tagged(doc, subject, object, s_idx) && !titled_by(ctx, subject, object, s_idx)
        })
        .collect();
    (out, vetoed)
}

/// Does sentence `s_idx` give entity `person` a title that the name of `body` opens
/// ("Democratic presidential frontrunner Hillary Clinton", "GOP frontrunner Donald Trump",
/// "Tinder spokeswoman Rosette Pambakian")? One to four lower-case words (or "Presidential")
/// between the two names, the last a title, none a speech verb, conjunction or preposition: the
/// words say whose post it is, and the model, which reads the words around a pair, does not
/// overrule them.
fn titled_by(ctx: &Ctx, person: usize, body: usize, s_idx: usize) -> bool {
    let doc = ctx.doc;
    let sent = &doc.sentences[s_idx];
    let in_sentence = |e: usize| mentions_in(doc, e, sent);
    let title_word = |t: usize| {
        let w = doc.token_text(t);
        let lower = w.to_lowercase();
        w.chars().all(|c| c.is_alphabetic() || c == '-')
            && (w.chars().next().is_some_and(char::is_lowercase) || lower == "presidential")
            && !matches!(
                lower.as_str(),
                "and" | "or" | "but" | "with" | "to" | "of" | "by"
            )
            && !SPEECH_VERBS.contains(&lower.as_str())
    };
    in_sentence(person).any(|n| {
        in_sentence(body).any(|t| {
            let between = t.tokens.end..n.tokens.start;
            (1..=4).contains(&between.len())
                && between.clone().all(title_word)
                && ctx
                    .res
                    .is_title(&doc.token_text(n.tokens.start - 1).to_lowercase())
        })
    })
}

/// Does sentence `s_idx` name entity `person` with a party tag of entity `party` right after
/// the name ("Jon Tester (D-Mont.)", "Al Roe, R-Texas,")?
fn party_tagged(doc: &Doc, person: usize, party: usize, s_idx: usize) -> bool {
    let sent = &doc.sentences[s_idx];
    let in_sentence = |e: usize| mentions_in(doc, e, sent);
    in_sentence(person).any(|n| {
        in_sentence(party).any(|t| {
            t.tokens.len() == 1
                && t.tokens.start == n.tokens.end + 1
                && matches!(doc.token_text(n.tokens.end), "(" | ",")
                && t.tokens.end < doc.tokens.len()
                && doc.token_text(t.tokens.end) == "-"
        })
    })
}

/// The mentions of entity `e` that open in sentence `sent`.
fn mentions_in<'a>(
    doc: &'a Doc,
    e: usize,
    sent: &'a std::ops::Range<usize>,
) -> impl Iterator<Item = &'a crate::doc::Mention> + 'a {
    doc.mentions
        .iter()
        .filter(move |m| m.entity == Some(e) && sent.contains(&m.tokens.start))
}

/// Do the entity types fit the predicate's domain and range?
pub(super) fn predicate_fits(p: Predicate, s: EntityType, o: EntityType) -> bool {
    use EntityType::*;
    match p {
        Predicate::AffiliatedWith => s == Person && matches!(o, Organization | Country),
        Predicate::BasedIn => s == Organization && matches!(o, Country | Place),
        Predicate::LocatedIn => s == Place && matches!(o, Country | Place),
        Predicate::Nationality => s == Person && o == Country,
        Predicate::PartyTo => matches!(s, Country | Organization) && o == Agreement,
        Predicate::Said => false,
    }
}

/// Training instances for the relation model from one document: `mention_gold` maps each
/// mention to its gold entity, `gold` the gold entity pairs to their predicate (`None`: an
/// optional relation, left out of training). Pairs not in `gold` are negative.
pub fn training_instances(
    doc: &Doc,
    res: &Resources,
    mention_gold: &[Option<usize>],
    gold: &FxHashMap<(usize, usize), Option<Predicate>>,
) -> Vec<Instance> {
    let ctx = rule_relations(doc, res);
    let rules = RuleIndex::new(&ctx.out);
    let mut out = Vec::new();
    for sent in &doc.sentences {
        for (a, b) in candidate_pairs(doc, sent) {
            let (Some(ga), Some(gb)) = (mention_gold[a], mention_gold[b]) else {
                // A mention gold does not have: its pairs teach "no relation".
                out.push(Instance {
                    features: pair_features(&ctx, &rules, a, b),
                    label: 0,
                    weight: 1.0,
                });
                continue;
            };
            let label = match gold.get(&(ga, gb)) {
                Some(None) => continue,
                Some(Some(p)) => LABELS.iter().position(|l| *l == p.as_str()).unwrap_or(0),
                None => 0,
            };
            out.push(Instance {
                features: pair_features(&ctx, &rules, a, b),
                label,
                weight: if label == 0 { 1.0 } else { POSITIVE_WEIGHT },
            });
        }
    }
    out
}
