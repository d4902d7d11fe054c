//! The extraction JSON Lines of ../shared/eval/FORMAT.md: one object per document with its
//! metadata, entities (name, type, class, aliases, mentions, same_as), relations and statements
//! (speaker, content offsets, direct, cue). Relations are the facts the article states, each
//! with its evidence; facts known without a sentence that states them (a city's country from
//! the gazetteers) are listed apart under `known`, with their `source`, so that no scorer or
//! reader takes them for something read. The one place where byte offsets become character
//! offsets for this format.

use crate::doc::{Doc, Grounds, Predicate, Relation};
use serde_json::{json, Map, Value};

/// The JSON value of one document.
pub fn to_json(doc: &Doc) -> Value {
    let chars = doc.char_offsets();
    let meta = &doc.metadata;
    let mut metadata = Map::new();
    for (key, value) in [
        ("title", &meta.title),
        ("author", &meta.author),
        ("published", &meta.published),
        ("publisher", &meta.publisher),
        ("dateline", &meta.dateline),
        ("url", &meta.url),
        ("modified", &meta.modified),
        ("language", &meta.language),
        ("section", &meta.section),
        ("description", &meta.description),
    ] {
        if let Some(v) = value {
            metadata.insert(key.into(), Value::String(v.clone()));
        }
    }
    for (key, list) in [("authors", &meta.authors), ("keywords", &meta.keywords)] {
        if !list.is_empty() {
            metadata.insert(key.into(), json!(list));
        }
    }
    let entities: Vec<Value> = doc
        .entities
        .iter()
        .enumerate()
        .map(|(idx, ent)| {
            let mentions: Vec<Value> = ent
                .mentions
                .iter()
                .map(|&m| {
                    let span = doc.span_of(&doc.mentions[m].tokens);
                    json!([chars.at(span.start), chars.at(span.end)])
                })
                .collect();
            let mut obj = Map::new();
            obj.insert("id".into(), json!(format!("e{}", idx + 1)));
            obj.insert("name".into(), json!(ent.name));
            obj.insert("type".into(), json!(ent.etype.as_str()));
            if let Some(c) = &ent.class {
                obj.insert("class".into(), json!(c));
            }
            if !ent.aliases.is_empty() {
                obj.insert("aliases".into(), json!(ent.aliases));
            }
            obj.insert("mentions".into(), Value::Array(mentions));
            if !ent.same_as.is_empty() {
                obj.insert("same_as".into(), json!(ent.same_as));
            }
            if let Some(d) = &ent.description {
                obj.insert("description".into(), json!(d));
            }
            Value::Object(obj)
        })
        .collect();
    // A fact no sentence states (a city's country from the gazetteers) is knowledge, not an
    // extraction: it goes under "known", apart from the relations the article was read for.
    let (read, known): (Vec<&Relation>, Vec<&Relation>) = doc
        .relations
        .iter()
        .partition(|rel| rel.grounds == Grounds::Text);
    let relation = |rel: &Relation| {
        let mut obj = Map::new();
        obj.insert("subject".into(), json!(format!("e{}", rel.subject + 1)));
        obj.insert("predicate".into(), json!(rel.predicate.as_str()));
        obj.insert(
            "object".into(),
            match (rel.predicate, rel.object) {
                (Predicate::Said, _) | (_, None) => Value::Null,
                (_, Some(o)) => json!(format!("e{}", o + 1)),
            },
        );
        if let Some(role) = &rel.role {
            obj.insert("role".into(), json!(role));
        }
        if let Some(date) = &rel.date {
            obj.insert("date".into(), json!(date));
        }
        match rel.grounds {
            Grounds::Text => {
                obj.insert(
                    "evidence".into(),
                    json!([chars.at(rel.evidence.start), chars.at(rel.evidence.end)]),
                );
            }
            // No sentence says it: no evidence, and where it comes from instead.
            Grounds::Gazetteer => {
                obj.insert("source".into(), json!("gazetteer"));
            }
        }
        obj.insert(
            "confidence".into(),
            json!((f64::from(rel.confidence) * 100.0).round() / 100.0),
        );
        Value::Object(obj)
    };
    let relations: Vec<Value> = read.into_iter().map(relation).collect();
    let known: Vec<Value> = known.into_iter().map(relation).collect();
    let statements: Vec<Value> = doc
        .statements
        .iter()
        .map(|st| {
            let mut obj = Map::new();
            match st.speaker {
                Some(e) => {
                    let ent = &doc.entities[e];
                    let mut names = ent.aliases.clone();
                    for &m in &ent.mentions {
                        let surface = doc.mention_text(m);
                        if surface != ent.name && !names.iter().any(|n| n == surface) {
                            names.push(surface.to_string());
                        }
                    }
                    obj.insert("speaker".into(), json!(ent.name));
                    obj.insert("speaker_id".into(), json!(format!("e{}", e + 1)));
                    obj.insert("speaker_names".into(), json!(names));
                }
                None => {
                    obj.insert("speaker".into(), json!(st.speaker_text));
                    obj.insert("speaker_names".into(), json!([]));
                }
            }
            if let Some(text) = &st.speaker_text {
                obj.insert("speaker_text".into(), json!(text));
            }
            obj.insert("start".into(), json!(chars.at(st.content.start)));
            obj.insert("end".into(), json!(chars.at(st.content.end)));
            obj.insert("direct".into(), json!(st.direct));
            obj.insert("cue".into(), json!(st.verb));
            if let Some(date) = &st.date {
                obj.insert("date".into(), json!(date));
            }
            obj.insert("content".into(), json!(&doc.text[st.content.clone()]));
            Value::Object(obj)
        })
        .collect();
    let mut out = json!({
        "doc": doc.id,
        "metadata": Value::Object(metadata),
        "entities": entities,
        "relations": relations,
        "statements": statements,
    });
    if !known.is_empty() {
        out["known"] = Value::Array(known);
    }
    out
}

/// One line of JSON Lines (without the newline).
pub fn to_line(doc: &Doc) -> String {
    to_json(doc).to_string()
}
