//! Token features for the CRF tagger, shared by training and tagging so that both see exactly
//! the same attributes. Bump [`FEATURE_VERSION`] whenever a feature changes: model files record
//! it and a mismatch is refused.
//!
//! The feature set is the standard one for CoNLL-2003 (word form, lower case, shape, affixes,
//! capitalisation and digit flags, a ±2 window), plus gazetteer membership from general
//! knowledge and document context: whether the same word occurs in lower case elsewhere in the
//! document, which tells a sentence-initial common word from a name.

use crate::nlp::resources::{GazKind, Resources};
use crfsuite::Attribute;
use std::collections::HashSet;

/// Version of the feature set; recorded in model files.
pub const FEATURE_VERSION: u32 = 2;

/// Words of a document seen in lower case, for the document-context features.
#[derive(Default)]
pub struct DocContext {
    lower_seen: HashSet<String>,
}

impl DocContext {
    /// Was this word (lower-cased) seen in lower case in the document?
    pub fn contains_lower(&self, lower: &str) -> bool {
        self.lower_seen.contains(lower)
    }

    /// Collects the lower-case words of a document (or a window of sentences).
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> DocContext {
        let lower_seen = words
            .into_iter()
            .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
            .map(str::to_string)
            .collect();
        DocContext { lower_seen }
    }
}

/// Word shape: "Xxxx" → "Xx", "U.S." → "X.X.", "1996" → "d".
pub fn short_shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = ' ';
    for c in word.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k != last {
            out.push(k);
            last = k;
        }
    }
    out
}

fn long_shape(word: &str) -> String {
    word.chars()
        .take(8)
        .map(|c| {
            if c.is_uppercase() {
                'X'
            } else if c.is_lowercase() {
                'x'
            } else if c.is_ascii_digit() {
                'd'
            } else {
                c
            }
        })
        .collect()
}

fn gaz_tags(res: &Resources, words: &[&str]) -> Vec<Vec<&'static str>> {
    let n = words.len();
    let mut tags: Vec<Vec<&'static str>> = vec![Vec::new(); n];
    let max = res.max_name_len.max(1);
    for i in 0..n {
        for len in (1..=max.min(n - i)).rev() {
            let key = words[i..i + len].join(" ");
            if let Some(entries) = res.lookup(&key) {
                for entry in entries {
                    let tag = match (entry.kind, entry.etype) {
                        (GazKind::Demonym, _) => "demonym",
                        (GazKind::Capital, _) | (GazKind::City, _) => "city",
                        (_, crate::doc::EntityType::Country) => "country",
                        _ => "org",
                    };
                    for (k, slot) in tags[i..i + len].iter_mut().enumerate() {
                        let tag = match (k == 0, tag) {
                            (true, "country") => "B-country",
                            (false, "country") => "I-country",
                            (true, "city") => "B-city",
                            (false, "city") => "I-city",
                            (true, "org") => "B-org",
                            (false, "org") => "I-org",
                            (_, t) => t,
                        };
                        if !slot.contains(&tag) {
                            slot.push(tag);
                        }
                    }
                }
            }
        }
        let lower = words[i].to_lowercase();
        if res.titles.contains(&lower) {
            tags[i].push("title");
        }
        if res.org_heads.contains_key(&lower) {
            tags[i].push("orghead");
        }
        if res.agreement_heads.contains(&lower) {
            tags[i].push("agreehead");
        }
        if res.first_names.contains(words[i]) {
            tags[i].push("first");
        }
    }
    tags
}

/// Features of every token of one sentence.
pub fn sentence_features(words: &[&str], res: &Resources, ctx: &DocContext) -> Vec<Vec<Attribute>> {
    let n = words.len();
    let gaz = gaz_tags(res, words);
    let lowers: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let shapes: Vec<String> = words.iter().map(|w| short_shape(w)).collect();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let w = words[i];
        let mut f: Vec<Attribute> = Vec::with_capacity(48);
        let mut add = |name: String| f.push(Attribute::new(name, 1.0));
        add("b".into());
        add(format!("w={w}"));
        add(format!("l={}", lowers[i]));
        add(format!("s={}", shapes[i]));
        add(format!("S={}", long_shape(w)));
        let chars: Vec<char> = w.chars().collect();
        for k in 1..=4.min(chars.len()) {
            add(format!("p{k}={}", chars[..k].iter().collect::<String>()));
            add(format!(
                "x{k}={}",
                chars[chars.len() - k..].iter().collect::<String>()
            ));
        }
        let first_upper = chars.first().is_some_and(|c| c.is_uppercase());
        if first_upper {
            add("cap".into());
        }
        if chars.len() > 1
            && chars.iter().all(|c| !c.is_lowercase())
            && chars.iter().any(|c| c.is_alphabetic())
        {
            add("allcaps".into());
        }
        if chars.iter().any(|c| c.is_ascii_digit()) {
            add("digit".into());
        }
        if chars.iter().all(|c| !c.is_alphanumeric()) {
            add("punct".into());
        }
        if chars.contains(&'-') {
            add("hyphen".into());
        }
        if i == 0 {
            add("first".into());
            if first_upper {
                add(if ctx.lower_seen.contains(&lowers[i]) {
                    "init_lowerseen"
                } else {
                    "init_notseen"
                }
                .into());
            }
        }
        if i + 1 == n {
            add("last".into());
        }
        if first_upper && i > 0 && ctx.lower_seen.contains(&lowers[i]) {
            add("cap_lowerseen".into());
        }
        for g in &gaz[i] {
            add(format!("g={g}"));
        }
        for d in [-2i32, -1, 1, 2] {
            let j = i as i32 + d;
            if j < 0 || j >= n as i32 {
                add(format!("{d}:pad"));
                continue;
            }
            let j = j as usize;
            add(format!("{d}:l={}", lowers[j]));
            add(format!("{d}:s={}", shapes[j]));
            if d.abs() == 1 {
                for g in &gaz[j] {
                    add(format!("{d}:g={g}"));
                }
            }
        }
        if i > 0 {
            add(format!("-1|0:l={}|{}", lowers[i - 1], lowers[i]));
        }
        if i + 1 < n {
            add(format!("0|1:l={}|{}", lowers[i], lowers[i + 1]));
            add(format!("0|1:s={}|{}", shapes[i], shapes[i + 1]));
        }
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_shapes() {
        assert_eq!(short_shape("Harth"), "Xx");
        assert_eq!(short_shape("U.S."), "X.X.");
        assert_eq!(short_shape("COVID-19"), "X-d");
    }

    #[test]
    fn features_include_gazetteer_and_context() {
        let res = Resources::load_default().unwrap();
        let ctx = DocContext::new(["the", "some"]);
        let feats = sentence_features(&["Some", "Chinese", "officials"], &res, &ctx);
        let names = |i: usize| feats[i].iter().map(|a| a.name.clone()).collect::<Vec<_>>();
        assert!(names(0).contains(&"init_lowerseen".to_string()));
        assert!(names(1).contains(&"g=demonym".to_string()));
        assert!(names(2).contains(&"-1:g=demonym".to_string()));
    }
}
