//! What the relation model sees of a pair: the words between and around it, its types and
//! shapes, the titles near it and what the rules found.

use super::context::Ctx;
use super::posts::title_from;
use crate::doc::{Doc, EntityType, Predicate, Relation};
use crate::nlp::cues::is_possessive;
use crate::nlp::hash::FxHashMap;
use crate::nlp::learn::{bucket, words_key};
use std::ops::Range;

crate::words::list! {
    /// Function words kept as themselves in the between-shape feature.
    pub(super) SHAPE_KEEP = "relations/shape_keep.txt"
}

/// What the patterns found, by entity pair: per sentence and anywhere in the article.
pub(super) struct RuleIndex {
    pub(super) in_sentence: FxHashMap<(usize, usize, usize), Vec<Predicate>>,
    pub(super) anywhere: FxHashMap<(usize, usize), Vec<Predicate>>,
    pub(super) roles: FxHashMap<(usize, usize), String>,
    /// The people a pattern affiliates with an organisation or country in a sentence:
    /// (object, sentence) -> subjects.
    pub(super) affiliates: FxHashMap<(usize, usize), Vec<usize>>,
}

impl RuleIndex {
    pub(super) fn new(rules: &[Relation]) -> RuleIndex {
        let mut index = RuleIndex {
            in_sentence: FxHashMap::default(),
            anywhere: FxHashMap::default(),
            roles: FxHashMap::default(),
            affiliates: FxHashMap::default(),
        };
        for r in rules {
            let Some(o) = r.object else { continue };
            index
                .in_sentence
                .entry((r.subject, o, r.sentence))
                .or_default()
                .push(r.predicate);
            index
                .anywhere
                .entry((r.subject, o))
                .or_default()
                .push(r.predicate);
            if r.predicate == Predicate::AffiliatedWith {
                index
                    .affiliates
                    .entry((o, r.sentence))
                    .or_default()
                    .push(r.subject);
            }
            if let Some(role) = &r.role {
                index.roles.entry((r.subject, o)).or_insert(role.clone());
            }
        }
        index
    }
}

pub(super) fn type_code(doc: &Doc, m: &crate::doc::Mention) -> &'static str {
    match m.entity.map_or(m.etype, |e| doc.entities[e].etype) {
        EntityType::Person => "PER",
        EntityType::Organization => "ORG",
        EntityType::Country => "CTRY",
        EntityType::Place => "LOC",
        EntityType::Agreement => "AGR",
    }
}

/// Features of the candidate pair (subject mention `a`, object mention `b`).
pub(super) fn pair_features(ctx: &Ctx, rules: &RuleIndex, a: usize, b: usize) -> Vec<String> {
    let doc = ctx.doc;
    let (ma, mb) = (&doc.mentions[a], &doc.mentions[b]);
    let (ea, eb) = (ma.entity.unwrap_or(0), mb.entity.unwrap_or(0));
    let sentence = doc.sentence_of(ma.tokens.start);
    let sent = doc.sentences[sentence].clone();
    let (first, second) = if ma.tokens.start <= mb.tokens.start {
        (ma, mb)
    } else {
        (mb, ma)
    };
    let order = if std::ptr::eq(first, ma) { "SO" } else { "OS" };
    let types = format!("{}>{}", type_code(doc, ma), type_code(doc, mb));
    let word = |i: usize| -> String {
        if let Some(m) = ctx.mention_at(i) {
            format!("<{}>", type_code(doc, m))
        } else {
            ctx.word(i).to_lowercase()
        }
    };
    let between: Vec<String> = (first.tokens.end..second.tokens.start)
        .map(word)
        .collect::<Vec<_>>();
    let mut collapsed: Vec<String> = Vec::new();
    for w in &between {
        if collapsed.last() != Some(w) || !w.starts_with('<') {
            collapsed.push(w.clone());
        }
    }
    // The same with words reduced to their kind, so that unseen titles and names generalise:
    // "retired NFL placekicker X" and "NFL spokesman X" share "<ORG> w <PER>".
    let mut shape: Vec<String> = Vec::new();
    for i in first.tokens.end..second.tokens.start {
        let w = ctx.word(i);
        let lower = w.to_lowercase();
        let kind = if let Some(m) = ctx.mention_at(i) {
            format!("<{}>", type_code(doc, m))
        } else if SHAPE_KEEP.contains(&lower.as_str()) || is_possessive(w) {
            lower
        } else if ctx.res.is_title(&lower) {
            "T".into()
        } else if w.chars().next().is_some_and(char::is_uppercase) {
            "C".into()
        } else if w.chars().all(char::is_alphabetic) {
            "w".into()
        } else if w.chars().any(char::is_numeric) {
            "0".into()
        } else {
            w.to_string()
        };
        if shape.last() != Some(&kind) {
            shape.push(kind);
        }
    }
    let shape_key = if shape.len() <= 6 {
        shape.join(" ")
    } else {
        "long".to_string()
    };
    let n_between = between.len();
    let seq = words_key(&collapsed, 5, " ", " .. ");
    let at = |i: Option<usize>| -> String {
        match i {
            Some(i) if i >= sent.start && i < sent.end => word(i),
            _ => "<s>".into(),
        }
    };
    let b1 = at(first.tokens.start.checked_sub(1));
    let b2 = at(first.tokens.start.checked_sub(2));
    let a1 = at(Some(second.tokens.end));
    let a2 = at(Some(second.tokens.end + 1));
    // A mention's last word ("ministry", "Inc.", "University"); a person's is their surname,
    // which the model must not learn, so persons are only "<person>".
    let head = |m: &crate::doc::Mention| {
        if m.etype == EntityType::Person {
            "<person>".to_string()
        } else {
            ctx.word(m.tokens.end - 1).to_lowercase()
        }
    };
    let title_between = (first.tokens.end..second.tokens.start)
        .any(|i| ctx.mention_at(i).is_none() && ctx.res.is_title(&ctx.word(i).to_lowercase()));
    let title_before_subject = ctx.title_ending_at(ma.tokens.start, sent.start).is_some();
    let possessive_first = first.tokens.end < sent.end && is_possessive(ctx.word(first.tokens.end));
    let others = (first.tokens.end..second.tokens.start)
        .filter(|&i| ctx.entity_at(i).is_some_and(|e| e != ea && e != eb))
        .count();
    let rule_here = rules
        .in_sentence
        .get(&(ea, eb, sentence))
        .map(|p| p.iter().map(|p| p.as_str()).collect::<Vec<_>>().join("+"))
        .unwrap_or_else(|| "-".into());
    let rule_any = rules
        .anywhere
        .get(&(ea, eb))
        .map(|p| p.iter().map(|p| p.as_str()).collect::<Vec<_>>().join("+"))
        .unwrap_or_else(|| "-".into());
    let rule_reverse = rules.anywhere.contains_key(&(eb, ea));
    let source = |m: &crate::doc::Mention| format!("{:?}", m.source);
    // What the gazetteers know of the pair: a city in a country, an organisation's home.
    let known = ctx
        .res
        .known_within(&doc.entities[ea].name, &doc.entities[eb].name);
    let mut f = vec![
        "bias".to_string(),
        format!("types={types}"),
        format!("types={types}|order={order}"),
        format!("types={types}|seq={seq}|order={order}"),
        format!("seq={seq}|order={order}"),
        format!("shape={shape_key}|types={types}|order={order}"),
        format!("shape={shape_key}|order={order}"),
        format!("nb={}|types={types}", bucket(n_between)),
        format!("others={}|types={types}", others.min(3)),
        format!("b1={b1}|order={order}"),
        format!("b2={b2}|b1={b1}"),
        format!("a1={a1}|order={order}"),
        format!("a1={a1}|a2={a2}"),
        format!("shead={}|types={types}", head(ma)),
        format!("ohead={}|types={types}", head(mb)),
        format!("titlebetween={title_between}|types={types}|order={order}"),
        format!("titlebefore={title_before_subject}|types={types}"),
        format!("poss={possessive_first}|types={types}|order={order}"),
        format!("rule={rule_here}"),
        format!("rule={rule_here}|types={types}"),
        format!("ruleany={rule_any}"),
        format!("rulerev={rule_reverse}"),
        format!("src={}>{}", source(ma), source(mb)),
        format!("known={known}|types={types}"),
    ];
    if n_between <= 12 {
        for w in &collapsed {
            f.push(format!("bw={w}|types={types}"));
        }
    }
    if let (Some(x), Some(y)) = (collapsed.first(), collapsed.last()) {
        f.push(format!("bfirst={x}|types={types}|order={order}"));
        f.push(format!("blast={y}|types={types}|order={order}"));
    }
    f
}

/// A title between a person and an organisation ("X, a representative of Y", "X, who heads
/// Y's office as director") or just after the second of them ("X, Y president").
pub(super) fn title_near(
    ctx: &Ctx,
    ma: &crate::doc::Mention,
    mb: &crate::doc::Mention,
    sent: &Range<usize>,
) -> Option<String> {
    let (first, second) = if ma.tokens.start <= mb.tokens.start {
        (ma, mb)
    } else {
        (mb, ma)
    };
    let after = second.tokens.end..(second.tokens.end + 3).min(sent.end);
    (first.tokens.end..second.tokens.start)
        .chain(after)
        .filter(|&k| ctx.mention_at(k).is_none())
        .find_map(|k| {
            let floor = (k + ctx.res.max_title_len + 2).min(sent.end);
            title_from(ctx, k, floor)
                .filter(|(_, end)| (k..*end).all(|t| ctx.mention_at(t).is_none()))
                .map(|(t, _)| t)
        })
}
