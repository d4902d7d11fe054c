//! The learned speaker model: loading it, choosing each quotation's speaker with it, and the
//! training instances it learns from (PolNeAR-style quote gold).

use super::context::{Candidate, CandidateKind, QuoteCtx};
use crate::doc::{Doc, EntityType};
use crate::eval::names_match;
use crate::nlp::learn::{self, Classifier, Instance};
use crate::nlp::resources::{ResourceError, Resources};
use std::ops::Range;

/// Feature version of the speaker model; a model file of another version is refused.
pub const FEATURE_VERSION: u32 = 5;

/// The model kind written in the model file's header.
pub const MODEL_KIND: &str = "quotes";

/// Passes over the training data: on two folds of PolNeAR train, 2 to 8 passes attribute
/// about 0.5 points more quotes of the other fold than 12 or 20, which fit the training articles.
pub const TRAIN_EPOCHS: usize = 4;

/// Labels of the speaker model.
pub const LABELS: [&str; 2] = ["other", "speaker"];

/// A candidate needs at least this probability to be chosen as the speaker.
pub(super) const SPEAKER_THRESHOLD: f32 = 0.05;

/// The speaker model compiled into the binary, or the one `NEWSGRAPH_QUOTE_MODEL` names
/// (empty: none).
pub fn builtin_model() -> Result<Option<Classifier>, ResourceError> {
    learn::load_builtin(
        "NEWSGRAPH_QUOTE_MODEL",
        include_str!("../../../data/models/quotes.model"),
        "data/models/quotes.model",
        MODEL_KIND,
        FEATURE_VERSION,
    )
}

/// A speaker candidate with its probability.
pub(super) type Scored = (Candidate, f32);

/// A speaker chosen for a quote: the candidate and its probability.
pub(super) struct Choice {
    pub(super) candidate: Candidate,
    pub(super) probability: f32,
}

/// Picks the speaker of every quote with `model`, in text order (the previous quote's speaker
/// is a feature). `None` where no candidate is likely enough.
pub(super) fn choose_speakers(
    ctx: &QuoteCtx,
    quotes: &[Range<usize>],
    model: &Classifier,
) -> Vec<Option<Choice>> {
    let yes = model.label_index("speaker").unwrap_or(1);
    let mut out: Vec<Option<Choice>> = Vec::with_capacity(quotes.len());
    let mut prev: Option<(usize, usize)> = None; // (entity, paragraph of the quote)
    for q in quotes {
        let cands = ctx.candidates(q);
        let ranks = side_ranks(&cands, q);
        let mut best: Option<(f32, usize)> = None;
        for (ci, c) in cands.iter().enumerate() {
            if ctx.spoken_of(&c.tokens) {
                continue;
            }
            let is_prev =
                prev.is_some_and(|(e, p)| c.entity() == Some(e) && p + 1 >= ctx.para[q.start]);
            let p = model.probabilities(&ctx.features(q, c, ranks[ci], is_prev))[yes];
            if best.is_none_or(|(bp, _)| p > bp) {
                best = Some((p, ci));
            }
        }
        let mut choice = best
            .filter(|(p, _)| *p >= SPEAKER_THRESHOLD)
            .map(|(p, ci)| Choice {
                candidate: cands[ci].clone(),
                probability: p,
            });
        // A pronoun speaker stands for the entity the model ranks first among those named
        // before it.
        if let Some(c) = choice.as_mut() {
            if let CandidateKind::Pronoun(resolved) = &mut c.candidate.kind {
                let pron = c.candidate.tokens.start;
                if let Some(e) = ctx.rank_antecedent(model, pron, prev.map(|(e, _)| e)) {
                    *resolved = Some(e);
                }
            }
        }
        if let Some(e) = choice.as_ref().and_then(|c| c.candidate.entity()) {
            prev = Some((e, ctx.para[q.start]));
        }
        out.push(choice);
    }
    out
}

/// The rank of each candidate among those on its side of the quote, nearest first.
pub fn side_ranks(cands: &[Candidate], q: &Range<usize>) -> Vec<usize> {
    let before = cands.iter().filter(|c| c.tokens.start < q.start).count();
    cands
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if c.tokens.start < q.start {
                before - 1 - i
            } else {
                i - before
            }
        })
        .collect()
}

/// A gold quotation, for training.
#[derive(Debug, Clone, Default)]
pub struct GoldQuote {
    /// Byte spans of the content.
    pub content: Vec<Range<usize>>,
    /// Byte span of the source ("the senator", "he"), when annotated.
    pub source: Option<Range<usize>>,
    /// Names the source stands for (its text, and for a pronoun the names it refers to).
    pub names: Vec<String>,
}

/// Training instances for the speaker model from one document and its gold quotations.
pub fn training_instances(doc: &Doc, res: &Resources, gold: &[GoldQuote]) -> Vec<Instance> {
    let ctx = QuoteCtx::new(doc, res);
    let mut out = Vec::new();
    let mut prev: Option<(usize, usize)> = None;
    for q in &ctx.quotes {
        let span = doc.span_of(q);
        // The gold quotation this quote belongs to: most of the quote's bytes inside it.
        let g = gold.iter().find(|g| {
            let inside: usize = g
                .content
                .iter()
                .map(|c| c.end.min(span.end).saturating_sub(c.start.max(span.start)))
                .sum();
            inside * 2 >= span.len()
        });
        let Some((source, names)) = g.and_then(|g| Some((g.source.clone()?, &g.names))) else {
            continue;
        };
        let cands = ctx.candidates(q);
        let ranks = side_ranks(&cands, q);
        let mut gold_entity = None;
        // The source span "Peter Morgan, a lawyer for the Sierra Club" overlaps several
        // candidates: the first named one is the speaker, else the first of any kind.
        let overlaps: Vec<bool> = cands
            .iter()
            .map(|c| {
                let cspan = doc.span_of(&c.tokens);
                cspan.start < source.end && source.start < cspan.end
            })
            .collect();
        let is_entity_of = |c: &Candidate, person: bool| match c.kind {
            CandidateKind::Entity(e) => !person || doc.entities[e].etype == EntityType::Person,
            _ => false,
        };
        // "German Chancellor Angela Merkel": the person, not the country before the title.
        let target = [true, false]
            .into_iter()
            .find_map(|person| {
                cands
                    .iter()
                    .zip(&overlaps)
                    .position(|(c, &o)| o && is_entity_of(c, person))
            })
            .or_else(|| overlaps.iter().position(|&o| o));
        for (ci, c) in cands.iter().enumerate() {
            let hit = target == Some(ci);
            let is_prev =
                prev.is_some_and(|(e, p)| c.entity() == Some(e) && p + 1 >= ctx.para[q.start]);
            if hit && gold_entity.is_none() {
                gold_entity = c.entity();
            }
            out.push(Instance {
                features: ctx.features(q, c, ranks[ci], is_prev),
                label: usize::from(hit),
                weight: 1.0,
            });
            // A pronoun source: which earlier entity it stands for, by the gold names.
            if hit && matches!(c.kind, CandidateKind::Pronoun(_)) {
                let pron = c.tokens.start;
                let prev_e = prev.map(|(e, _)| e);
                let ants = ctx.antecedents(pron);
                let gold_ant = ants.iter().position(|&(e, _)| {
                    ctx.entity_names(e)
                        .iter()
                        .any(|n| names.iter().any(|g| names_match(n, g)))
                });
                if let Some(gi) = gold_ant {
                    let chain = ctx.chain_antecedent(pron);
                    for ai in 0..ants.len() {
                        out.push(Instance {
                            features: ctx.antecedent_features(pron, &ants, ai, prev_e, chain),
                            label: usize::from(ai == gi),
                            weight: 1.0,
                        });
                    }
                    gold_entity = Some(ants[gi].0);
                }
            }
        }
        prev = gold_entity.map(|e| (e, ctx.para[q.start]));
    }
    out
}
