//! Test helpers of the statements stage: the stage over a text, with or without its models.
use super::builtin_model;
use super::Quotes;
use crate::doc::{Doc, Statement};
use crate::nlp::resources::Resources;
use crate::nlp::stage::Stage;
use crate::nlp::{coref::Coref, ner::Ner, sentences::SentenceSplitter, tokenize::Tokenizer};
use std::sync::Arc;

pub(crate) fn run_with(text: &str, model: bool) -> Doc {
    let res = Arc::new(Resources::load_default().unwrap());
    let quote_model = if model {
        builtin_model().unwrap()
    } else {
        None
    };
    let mut doc = Doc::new("t.txt", text);
    doc.metadata.published = Some("2022-12-15".into());
    Tokenizer.run(&mut doc).unwrap();
    SentenceSplitter.run(&mut doc).unwrap();
    Ner::new(res.clone(), None).run(&mut doc).unwrap();
    Coref::new(res.clone()).run(&mut doc).unwrap();
    Quotes::new(res, quote_model).run(&mut doc).unwrap();
    doc
}

/// The whole pipeline, with the NER model, and the resources it ran with.
pub(crate) fn run_full(text: &str) -> (Doc, Arc<Resources>) {
    let res = Arc::new(Resources::load_default().unwrap());
    let mut doc = Doc::new("t.txt", text);
    crate::nlp::Pipeline::new(res.clone(), crate::nlp::Models::load_default().unwrap())
        .run(&mut doc)
        .unwrap();
    (doc, res)
}

pub(crate) fn run(text: &str) -> Doc {
    run_with(text, true)
}

pub(crate) fn speaker_name(doc: &Doc, s: &Statement) -> String {
    s.speaker
        .map(|e| doc.entities[e].name.clone())
        .or_else(|| s.speaker_text.clone())
        .unwrap_or_default()
}

pub(crate) fn check(text: &str, expected: &[(&str, &str, bool)]) {
    let doc = run(text);
    let got: Vec<(String, String, bool)> = doc
        .statements
        .iter()
        .map(|s| {
            (
                speaker_name(&doc, s),
                doc.text[s.content.clone()].to_string(),
                s.direct,
            )
        })
        .collect();
    for (speaker, content, direct) in expected {
        assert!(
            got.iter()
                .any(|(s, c, d)| s == speaker && c == content && d == direct),
            "({speaker}, {content}, {direct}) missing in {got:?}"
        );
    }
}
