//! Test helpers of the NER stage: the stage without its model over a text, and a check of the
//! mentions found.
use super::Ner;
use crate::doc::{Doc, EntityType};
use crate::nlp::resources::Resources;
use crate::nlp::stage::Stage;
use crate::nlp::{sentences::SentenceSplitter, tokenize::Tokenizer};
use std::sync::Arc;

pub(crate) fn run(text: &str) -> Doc {
    let res = Resources::load_default().unwrap();
    let mut doc = Doc::new("t.txt", text);
    Tokenizer.run(&mut doc).unwrap();
    SentenceSplitter.run(&mut doc).unwrap();
    Ner::new(Arc::new(res), None).run(&mut doc).unwrap();
    doc
}

pub(crate) fn check(text: &str, expected: &[(&str, EntityType)]) {
    let doc = run(text);
    let got: Vec<(String, EntityType)> = (0..doc.mentions.len())
        .map(|i| (doc.mention_text(i).to_string(), doc.mentions[i].etype))
        .collect();
    for (surface, etype) in expected {
        assert!(
            got.iter().any(|(s, t)| s == surface && t == etype),
            "{surface} as {etype} missing in {got:?}"
        );
    }
}
