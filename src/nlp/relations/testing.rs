//! Test helpers of the relations stage: the rules alone over a text, and a check of the
//! relations found.

use super::Relations;
use crate::doc::Doc;
use crate::nlp::resources::Resources;
use crate::nlp::stage::Stage;
use crate::nlp::{
    coref::Coref, ner::Ner, quotes::Quotes, sentences::SentenceSplitter, tokenize::Tokenizer,
};
use std::sync::Arc;

/// The patterns alone: no NER model, no relation model (its tests drive the binary).
pub(crate) fn run(text: &str) -> Doc {
    let res = Arc::new(Resources::load_default().unwrap());
    let mut doc = Doc::new("t.txt", text);
    Tokenizer.run(&mut doc).unwrap();
    SentenceSplitter.run(&mut doc).unwrap();
    Ner::new(res.clone(), None).run(&mut doc).unwrap();
    Coref::new(res.clone()).run(&mut doc).unwrap();
    let quote_model = crate::nlp::quotes::builtin_model().unwrap();
    Quotes::new(res.clone(), quote_model).run(&mut doc).unwrap();
    Relations::new(res, None).run(&mut doc).unwrap();
    doc
}

pub(crate) fn check(text: &str, expected: &[(&str, &str, &str, Option<&str>)]) {
    let doc = run(text);
    let got: Vec<(String, &str, String, Option<String>)> = doc
        .relations
        .iter()
        .map(|r| {
            (
                doc.entities[r.subject].name.clone(),
                r.predicate.as_str(),
                r.object
                    .map(|o| doc.entities[o].name.clone())
                    .unwrap_or_default(),
                r.role.clone(),
            )
        })
        .collect();
    for (s, p, o, role) in expected {
        assert!(
            got.iter()
                .any(|(gs, gp, go, gr)| gs == s && gp == p && go == o && gr.as_deref() == *role),
            "({s} {p} {o} {role:?}) missing in {got:?}"
        );
    }
}

/// (subject, predicate, object) names of a text's relations, by the patterns alone.
pub(crate) fn triples(text: &str) -> Vec<(String, String, String)> {
    let doc = run(text);
    doc.relations
        .iter()
        .map(|r| {
            (
                doc.entities[r.subject].name.clone(),
                r.predicate.as_str().to_string(),
                r.object
                    .map(|o| doc.entities[o].name.clone())
                    .unwrap_or_default(),
            )
        })
        .collect()
}
