//! Statements: who said what.
//!
//! Direct quotations are the spans between quotation marks (curly marks as written, straight
//! marks paired within a paragraph, a quote left open at a paragraph's end closed there, as
//! wire copy continues a quote into the next paragraph). Each quotation's speaker is chosen
//! among the candidates around it — entity mentions, pronouns and nominal sources ("a
//! spokeswoman", "sources") before and after the quote, in its paragraph and the one before —
//! by a classifier trained on PolNeAR (`newsgraph train-quotes`): which side, how far, which
//! words stand between the quote and the candidate ("”, said X", "X told reporters: “"),
//! whether the candidate spoke the previous quote. Pronouns are resolved to the nearest
//! compatible person outside quotes (gender from the given-names lexicon), nominal sources
//! to the named person in apposition where there is one, else kept as written.
//!
//! Reported speech ("X said the talks had failed", "according to X") comes from cue verbs
//! outside quotes, with the clause after the verb (or before the attribution) as content.
//!
//! Reads `tokens`, `sentences`, `mentions`, `entities`, `metadata`; writes `statements`.
//!
//! Where to change what:
//! - where quotations are (quote marks, paragraphs, what a quoted span looks like): `spans`;
//! - who may have said one (the speaker candidates): `candidates`, over the document
//!   context of `context`; pronouns and genders: `pronouns`;
//! - what the speaker model sees: `features`; the model (loading, choosing, training
//!   instances): `model`;
//! - the hand rules (speakers without a model, cue verbs): `rules`; reported speech:
//!   `reported`;
//! - the stage that ties them together: this file.

use super::cues::{date_in, subject_end};
use super::learn::Classifier;
use super::resources::Resources;
use super::stage::{NlpError, Stage};
use crate::doc::{Doc, Statement};
use model::{choose_speakers, Scored};
use reported::reported;
use rules::{cue_of, rule_speaker};
use spans::{partial_quote, speech_like, title_like, word_count};
use std::ops::Range;
use std::sync::Arc;

mod candidates;
mod context;
mod features;
mod genders;
mod model;
mod pronouns;
mod reported;
mod rules;
mod spans;

pub use context::{Candidate, CandidateKind, QuoteCtx};
pub use genders::entity_genders;
pub use model::{
    builtin_model, side_ranks, training_instances, GoldQuote, FEATURE_VERSION, LABELS, MODEL_KIND,
    TRAIN_EPOCHS,
};
pub use spans::{paragraphs, quote_spans};

/// A short quote that does not look like speech is a statement only when its speaker is at
/// least this likely (else it is a scare quote or a title).
const STATEMENT_THRESHOLD: f32 = 0.3;
/// Quotes with fewer word tokens than this are scare quotes unless a speaker is found.
const MIN_QUOTE_WORDS: usize = 3;

/// The statements stage.
pub struct Quotes {
    res: Arc<Resources>,
    /// The speaker model; without one, the nearest plausible speaker is taken.
    model: Option<Classifier>,
}

impl Quotes {
    /// A statements stage with its speaker model (or none).
    pub fn new(res: Arc<Resources>, model: Option<Classifier>) -> Quotes {
        Quotes { res, model }
    }
}

impl Stage for Quotes {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn run(&self, doc: &mut Doc) -> Result<(), NlpError> {
        let ctx = QuoteCtx::new(doc, &self.res);
        let quotes: Vec<Range<usize>> = ctx
            .quotes
            .iter()
            .filter(|q| {
                // Shorter quotes count when they read as an utterance ("“I would,” she said").
                word_count(doc, q) >= MIN_QUOTE_WORDS || speech_like(doc, q)
            })
            .cloned()
            .collect();
        let choices: Vec<Option<Scored>> = match &self.model {
            Some(model) => choose_speakers(&ctx, &quotes, model)
                .into_iter()
                .map(|c| c.map(|c| (c.candidate, c.probability)))
                .collect(),
            None => quotes
                .iter()
                .map(|q| rule_speaker(&ctx, q).map(|c| (c, 1.0)))
                .collect(),
        };
        // A transcript's speaker label ("“PENCE: Well, …") names the speaker outright, also of
        // the paragraphs that run on from the labelled one.
        let mut turn: Option<(Range<usize>, Candidate)> = None;
        let mut last: Option<(Range<usize>, Scored)> = None;
        let (quotes, choices): (Vec<Range<usize>>, Vec<Option<Scored>>) = quotes
            .into_iter()
            .zip(choices)
            .map(|(q, choice)| {
                if let Some(label) = ctx.transcript_label(&q) {
                    turn = Some((q.clone(), label.clone()));
                    let content = label.tokens.end + 1..q.end;
                    return (content, Some((label, 1.0)));
                }
                if let Some(credit) = ctx.dash_credit(&q) {
                    turn = None;
                    return (q, Some((credit, 1.0)));
                }
                let (q, choice) = match turn.take() {
                    Some((prev, label))
                        if ctx.continues(&prev, &q) && ctx.label_colon(&q).is_none() =>
                    {
                        turn = Some((q.clone(), label.clone()));
                        (q, Some((label, 1.0)))
                    }
                    _ => (q, choice),
                };
                // A quote that runs on from the paragraph before, with no speaker of its own,
                // is the previous quote's speaker's.
                let choice = match (&choice, &last) {
                    (None, Some((prev, said)))
                        if ctx.continues(prev, &q) && ctx.label_colon(&q).is_none() =>
                    {
                        Some(said.clone())
                    }
                    _ => choice,
                };
                last = choice.clone().map(|c| (q.clone(), c));
                (q, choice)
            })
            .unzip();
        let mut statements = Vec::new();
        // Cue verbs that introduce a direct quote are not reported speech as well.
        let mut quote_cues = vec![false; doc.tokens.len()];
        for (q, choice) in quotes.iter().zip(choices) {
            let likely = choice
                .as_ref()
                .is_some_and(|(_, p)| *p >= STATEMENT_THRESHOLD);
            // A quote of a word or two is a statement only with its speaker.
            let short = word_count(doc, q) < MIN_QUOTE_WORDS;
            if (!likely && (short || !speech_like(doc, q))) || title_like(doc, q) {
                continue;
            }
            let choice = choice.map(|(c, _)| c);
            let (speaker, speaker_text, verb) = match &choice {
                Some(c) => {
                    let text = match c.kind {
                        CandidateKind::Entity(_) => None,
                        _ => Some(doc.tokens_text(&c.tokens).to_string()),
                    };
                    (c.entity(), text, cue_of(&ctx, c))
                }
                None => (None, None, String::new()),
            };
            let direct = !partial_quote(doc, q);
            // The cue of a partial quote stays free: the clause around it is the statement
            // ("Clinton says she appreciated her courage through what she calls a “war of
            // words.”").
            if let Some(c) = choice.as_ref().filter(|_| direct) {
                let lo = c.tokens.start.min(q.end);
                let hi = c.tokens.end.max(q.start).min(doc.tokens.len());
                let (lo, hi) = if c.tokens.start >= q.end {
                    (q.end, (c.tokens.end + 3).min(doc.tokens.len()))
                } else {
                    (lo.saturating_sub(2), hi)
                };
                quote_cues[lo..hi].iter_mut().for_each(|b| *b = true);
            }
            let s_idx = doc.sentence_of(q.start);
            statements.push(Statement {
                speaker,
                speaker_text,
                content: doc.span_of(q),
                direct,
                verb,
                date: date_in(doc, doc.sentences[s_idx].clone()),
                sentence: s_idx,
            });
        }
        let quoted = statements.len();
        for (s_idx, sent) in doc.sentences.iter().enumerate() {
            // What this sentence reports already: a cue inside it is part of what was said
            // ("Mook asserted that Trump tells so many lies that …": Trump says nothing).
            let mut reported_here: Vec<Range<usize>> = Vec::new();
            for v in sent.clone() {
                if ctx.in_quote[v] || quote_cues[v] || reported_here.iter().any(|r| r.contains(&v))
                {
                    continue;
                }
                let Some((mut speaker, content, verb)) =
                    reported(doc, &self.res, &ctx.by_token, v, sent)
                else {
                    continue;
                };
                if content.start > v {
                    reported_here.push(content.clone());
                }
                // "He is backing Hillary Clinton … and he says …": a "he" or "she" before the
                // verb is the nearest person of that gender, which the pattern does not weigh.
                if let Some(pronoun) = subject_pronoun(doc, v, sent) {
                    match ctx.resolve_pronoun(pronoun) {
                        Some(e) => speaker = e,
                        None => continue,
                    }
                }
                // Content that is a quote already attributed is not said twice.
                if content.clone().all(|t| ctx.in_quote[t] || quote_cues[t]) {
                    continue;
                }
                statements.push(Statement {
                    speaker: Some(speaker),
                    speaker_text: None,
                    content: doc.span_of(&content),
                    direct: false,
                    verb,
                    date: date_in(doc, sent.clone()),
                    sentence: s_idx,
                });
            }
        }
        // A partial quote inside a clause reported of its speaker is part of that statement.
        let (quotes, reports) = statements.split_at(quoted);
        let mixed: Vec<bool> = quotes
            .iter()
            .map(|q| {
                !q.direct
                    && reports.iter().any(|r| {
                        r.speaker == q.speaker
                            && r.content.start <= q.content.start
                            && q.content.end <= r.content.end
                    })
            })
            .collect();
        let mut mixed = mixed.into_iter();
        statements.retain(|_| !mixed.next().unwrap_or(false));
        statements.sort_by_key(|s| (s.sentence, s.content.start));
        statements.dedup_by(|a, b| a.speaker == b.speaker && a.content == b.content);
        doc.statements = statements;
        Ok(())
    }
}

/// The "he" or "she" that is the subject of the speech verb at `verb` ("he says", "she has
/// said"), if any.
fn subject_pronoun(doc: &Doc, verb: usize, sent: &Range<usize>) -> Option<usize> {
    let k = subject_end(doc, verb, sent.start);
    (k > sent.start)
        .then(|| k - 1)
        .filter(|&p| matches!(doc.token_text(p).to_lowercase().as_str(), "he" | "she"))
}

#[cfg(test)]
mod testing;
