//! The statistical NER model: a linear-chain CRF (crfsuite) over the features of
//! [`super::features`], trained on CoNLL-2003-style IOB2 data.
//!
//! crfsuite trains; tagging runs on the model's weights in Rust (see `Tables`). Model files are
//! `NGCRF <feature version>\n` followed by the weights as text (or a crfsuite model), so a model
//! trained with another feature set is refused with a clear error instead of silently tagging
//! badly. Also here: the CoNLL reader (errors name the line) and conlleval-style exact-span
//! scoring.
//!
//! - `model`: the model file, its weight tables and tagging;
//! - `conll`: CoNLL files, tagging them, span scores;
//! - `train`: training with crfsuite.

mod conll;
mod model;
mod train;

pub use conll::{
    block_contexts, parse_conll, read_conll, spans, tag_conll, ConllSentence, SpanScores,
};
pub use model::{CrfError, NerModel, BUILTIN_MODEL};
pub use train::{train, TrainOptions};
