//! Relations between entities: posts (`affiliatedWith` with a role), `basedIn`, `locatedIn`,
//! `partyTo`, `nationality`, and `said` for every speaker of a statement.
//!
//! Reads `tokens`, `sentences`, `mentions`, `entities`, `statements`, `metadata`; writes
//! `relations`. Every pattern is general, over tokens, mention types and title/head-word lists,
//! and has a test sentence of its own below:
//! - a title before a name, with its organisation or country from a possessive or a demonym
//!   ("X's campaign director Y", "Italian Prime Minister Z"), or for a government post with
//!   none, the country the sentence is about ("In Italy, … Interior Minister Y");
//! - an apposition after a name ("Y, a spokesperson for X", "Y, X's founder");
//! - "X, a … group based in Y", "the Irish Department of …", "Turkey's parliament";
//! - "City, Country" and cities whose country the article mentions;
//! - signing verbs before an agreement ("X became the first … to sign up to Z"), "X's Z",
//!   "a deal between X and Y", and for an unnamed agreement with no party named that way, the
//!   countries of its sentence;
//! - "a Swedish citizen", "both U.S. citizens".
//!
//! Then the learned relation model (`newsgraph train-relations`, trained on CoNLL04 and our
//! gold) classifies every type-compatible pair of mentions in a sentence: it adds the
//! affiliatedWith, basedIn and locatedIn relations the patterns missed (with a title found
//! around the pair as the role) and drops pattern relations of those predicates it gives less
//! than `VETO_THRESHOLD`. What the patterns found is one of its features.

use super::cues::{is_possessive, token_mentions, year_in, SPEECH_VERBS};
use super::hash::FxHashMap;
use super::learn::{self, bucket, words_key, Classifier, Instance};
use super::resources::{ResourceError, Resources};
use super::stage::{NlpError, Stage};
use crate::doc::{Doc, EntityType, MentionSource, Predicate, Relation};
use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

/// Titles of government posts, which belong to a country when no organisation is named.
/// Feature version of the relation model; a model file of another version is refused.
pub const FEATURE_VERSION: u32 = 5;
/// The model kind written in the model file's header.
pub const MODEL_KIND: &str = "relations";

const GOVERNMENT_TITLES: [&str; 22] = [
    "minister",
    "prime minister",
    "president",
    "vice president",
    "chancellor",
    "premier",
    "secretary",
    "foreign secretary",
    "home secretary",
    "secretary of state",
    "ambassador",
    "envoy",
    "king",
    "queen",
    "governor",
    "senator",
    "lawmaker",
    "attorney general",
    "consul",
    "deputy prime minister",
    "state secretary",
    "undersecretary",
];

/// Words between a possessive and a title that are not part of the title.
const TITLE_SKIP: [&str; 8] = [
    "new", "former", "then", "once", "acting", "interim", "outgoing", "incoming",
];

/// Verbs by which a party enters or leaves an agreement.
const PARTY_VERBS: [&str; 18] = [
    "signed",
    "sign",
    "signs",
    "signing",
    "joined",
    "join",
    "joins",
    "ratified",
    "ratify",
    "left",
    "withdrew",
    "quit",
    "agreed",
    "negotiated",
    "adopted",
    "endorsed",
    "renewed",
    "extended",
];

/// The relations stage.
pub struct Relations {
    res: Arc<Resources>,
    /// The relation model; without one, only the rules' relations are kept.
    model: Option<Classifier>,
}

impl Relations {
    /// A relations stage with its model (or none).
    pub fn new(res: Arc<Resources>, model: Option<Classifier>) -> Relations {
        Relations { res, model }
    }
}

/// The relation model compiled into the binary, or the one `NEWSGRAPH_RELATION_MODEL` names
/// (empty: none).
pub fn builtin_model() -> Result<Option<Classifier>, ResourceError> {
    learn::load_builtin(
        "NEWSGRAPH_RELATION_MODEL",
        include_str!("../../data/models/relations.model"),
        "data/models/relations.model",
        MODEL_KIND,
        FEATURE_VERSION,
    )
}

struct Ctx<'a> {
    doc: &'a Doc,
    res: &'a Resources,
    by_token: Vec<Option<usize>>,
    out: Vec<Relation>,
}

impl Ctx<'_> {
    fn word(&self, i: usize) -> &str {
        self.doc.token_text(i)
    }

    fn entity_at(&self, token: usize) -> Option<usize> {
        self.by_token
            .get(token)
            .copied()
            .flatten()
            .and_then(|m| self.doc.mentions[m].entity)
    }

    fn etype(&self, entity: usize) -> EntityType {
        self.doc.entities[entity].etype
    }

    fn mention_at(&self, token: usize) -> Option<&crate::doc::Mention> {
        self.by_token
            .get(token)
            .copied()
            .flatten()
            .map(|m| &self.doc.mentions[m])
    }

    fn push(
        &mut self,
        subject: usize,
        predicate: Predicate,
        object: Option<usize>,
        role: Option<String>,
        evidence: Range<usize>,
        confidence: f32,
    ) {
        if object == Some(subject) {
            return;
        }
        let sentence = self.doc.sentence_of(evidence.start);
        let span = self.doc.span_of(&evidence);
        let date = None;
        self.out.push(Relation {
            subject,
            predicate,
            object,
            role,
            date,
            sentence,
            evidence: span,
            confidence,
            also: Vec::new(),
        });
    }

    /// The longest title ending at token `end` (exclusive): (start token, title text).
    fn title_ending_at(&self, end: usize, floor: usize) -> Option<(usize, String)> {
        let mut best = None;
        for len in 1..=self.res.max_title_len.max(1) + 1 {
            let Some(start) = end.checked_sub(len) else {
                break;
            };
            if start < floor {
                break;
            }
            let lower = self.doc.tokens_text(&(start..end)).to_lowercase();
            if self.res.is_title(&lower) {
                best = Some(start);
            }
        }
        let mut start = best?;
        // "Interior Minister": capitalised modifiers before a title head are part of the title.
        while start > floor {
            let w = self.word(start - 1);
            let cap = w.chars().next().is_some_and(char::is_uppercase);
            // "Climate and Environment Minister": "and" between capitalised modifiers.
            let and_joined = w == "and"
                && start - 1 > floor
                && self
                    .word(start - 2)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                && self.entity_at(start - 2).is_none();
            if and_joined {
                start -= 1;
                continue;
            }
            if cap
                && self.entity_at(start - 1).is_none()
                && !TITLE_SKIP.contains(&w.to_lowercase().as_str())
                && !matches!(w, "The" | "A" | "An")
            {
                start -= 1;
            } else {
                break;
            }
        }
        // "X's policy director", "Chinese foreign ministry spokesman": lower-case modifiers
        // between a possessive (or a country or organisation) and the title belong to it.
        let mut k = start;
        while k > floor && start - k < 2 {
            let w = self.word(k - 1);
            let modifier = w.chars().all(|c| c.is_lowercase() || c == '-')
                && !TITLE_SKIP.contains(&w)
                && !matches!(
                    w,
                    "the"
                        | "a"
                        | "an"
                        | "and"
                        | "of"
                        | "its"
                        | "his"
                        | "her"
                        | "their"
                        | "our"
                        | "said"
                );
            if !modifier {
                break;
            }
            k -= 1;
        }
        if k < start {
            let mut j = k;
            while j > floor && TITLE_SKIP.contains(&self.word(j - 1).to_lowercase().as_str()) {
                j -= 1;
            }
            let anchored = j > floor
                && (is_possessive(self.word(j - 1))
                    || matches!(self.word(j - 1), "its" | "his" | "her" | "their")
                    || self.entity_at(j - 1).is_some_and(|e| {
                        matches!(
                            self.etype(e),
                            EntityType::Country | EntityType::Organization
                        )
                    }));
            if anchored {
                start = k;
            }
        }
        let title = self.doc.tokens_text(&(start..end)).to_string();
        Some((start, title))
    }
}

/// The mentions that start in a sentence (mentions are sorted by start token).
fn mentions_in<'a>(doc: &'a Doc, sent: &Range<usize>) -> &'a [crate::doc::Mention] {
    let from = doc
        .mentions
        .partition_point(|m| m.tokens.start < sent.start);
    let to = doc.mentions.partition_point(|m| m.tokens.start < sent.end);
    &doc.mentions[from..to]
}

fn is_government_title(title: &str) -> bool {
    let lower = title.to_lowercase();
    // "Government spokesman", "foreign ministry spokesman".
    if lower.contains("government") || lower.contains("ministry") {
        return true;
    }
    GOVERNMENT_TITLES
        .iter()
        .any(|t| lower == *t || lower.ends_with(&format!(" {t}")))
}

impl Stage for Relations {
    fn name(&self) -> &'static str {
        "relations"
    }

    fn run(&self, doc: &mut Doc) -> Result<(), NlpError> {
        let mut ctx = rule_relations(doc, &self.res);
        if let Some(model) = &self.model {
            let rules = RuleIndex::new(&ctx.out);
            let (learned, vetoed) = model_relations(&ctx, model, &rules);
            ctx.out.retain(|r| {
                r.object
                    .is_none_or(|o| !vetoed.contains(&(r.subject, r.predicate, o, r.sentence)))
            });
            ctx.out.extend(learned);
        }
        // Members of one list ("Aloha, America West, Delta and Orion") are named side by side,
        // not one in another.
        let lists = list_groups(doc);
        ctx.out.retain(|r| {
            let Some(o) = r.object else { return true };
            !matches!(r.predicate, Predicate::BasedIn | Predicate::LocatedIn)
                || !lists.iter().any(|group| {
                    group
                        .iter()
                        .any(|&m| doc.mentions[m].entity == Some(r.subject))
                        && group.iter().any(|&m| doc.mentions[m].entity == Some(o))
                        && doc.sentence_of(doc.mentions[group[0]].tokens.start) == r.sentence
                })
        });
        // Every speaker of a statement said something.
        let mut speakers = HashSet::new();
        for st in &doc.statements {
            let Some(speaker) = st.speaker else { continue };
            if speakers.insert(speaker) {
                let sent = doc.sentences[st.sentence].clone();
                ctx.push(speaker, Predicate::Said, None, None, sent, 0.85);
            }
        }
        let mut out = ctx.out;
        // One relation per (subject, predicate, object): the most confident, first evidence.
        out.sort_by(|a, b| {
            (a.subject, a.predicate, a.object)
                .cmp(&(b.subject, b.predicate, b.object))
                .then(b.confidence.total_cmp(&a.confidence))
                .then(a.evidence.start.cmp(&b.evidence.start))
        });
        // A post guessed from the country of the sentence gives way to the same post stated
        // with its country ("U.S. President X" elsewhere in the article).
        let stated: Vec<(usize, String)> = out
            .iter()
            .filter(|r| r.predicate == Predicate::AffiliatedWith && r.confidence >= 0.85)
            .filter_map(|r| Some((r.subject, r.role.clone()?.to_lowercase())))
            .collect();
        out.retain(|r| {
            r.predicate != Predicate::AffiliatedWith
                || r.confidence >= 0.85
                || !r
                    .role
                    .as_ref()
                    .is_some_and(|role| stated.contains(&(r.subject, role.to_lowercase())))
        });
        // The relation kept carries the other sentences that state it.
        out.dedup_by(|a, b| {
            let same = a.subject == b.subject && a.predicate == b.predicate && a.object == b.object;
            if same && a.sentence != b.sentence && !b.also.contains(&a.sentence) {
                b.also.push(a.sentence);
            }
            same
        });
        for r in &mut out {
            r.also.sort_unstable();
        }
        out.sort_by_key(|r| (r.evidence.start, r.predicate));
        doc.relations = out;
        describe_appositives(doc);
        Ok(())
    }
}

/// Lists of names of organisations and places ("Aloha, America West, Delta and Orion"): runs of
/// mentions with only commas, "and" or "or" between them, as mention indices; four names or
/// more, or three whose last two are joined by "and" or "or". A chain of places with commas
/// names each in the next ("GSA Depot, Davisville, R.I."; "Grande Isle and St. Albans, Vt.").
fn list_groups(doc: &Doc) -> Vec<Vec<usize>> {
    let coordinated = |a: usize, b: usize| {
        (doc.mentions[a].tokens.end..doc.mentions[b].tokens.start)
            .any(|t| matches!(doc.token_text(t), "and" | "or"))
    };
    let is_list = |run: &[usize]| {
        let n = run.len();
        n >= 4 || (n == 3 && coordinated(run[1], run[2]) && !coordinated(run[0], run[1]))
    };
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let joined = |a: &crate::doc::Mention, b: &crate::doc::Mention| {
        b.tokens.start > a.tokens.end
            && doc.sentence_of(a.tokens.start) == doc.sentence_of(b.tokens.start)
            && (a.tokens.end..b.tokens.start)
                .all(|t| matches!(doc.token_text(t), "," | "and" | "or"))
    };
    for (i, m) in doc.mentions.iter().enumerate() {
        if m.etype == EntityType::Person || m.entity.is_none() {
            continue;
        }
        match run.last() {
            Some(&last) if joined(&doc.mentions[last], m) => run.push(i),
            _ => {
                if is_list(&run) {
                    groups.push(std::mem::take(&mut run));
                }
                run = vec![i];
            }
        }
    }
    if is_list(&run) {
        groups.push(run);
    }
    groups
}

/// The relations the hand-written patterns find, before the model and de-duplication.
fn rule_relations<'a>(doc: &'a Doc, res: &'a Resources) -> Ctx<'a> {
    let mut ctx = Ctx {
        doc,
        res,
        by_token: token_mentions(doc),
        out: Vec::new(),
    };
    let dateline_country = dateline_country(&ctx);
    for s_idx in 0..doc.sentences.len() {
        let sent = doc.sentences[s_idx].clone();
        posts(&mut ctx, &sent, dateline_country);
        based_in(&mut ctx, &sent);
        located_in(&mut ctx, &sent);
        party_to(&mut ctx, &sent);
        nationality(&mut ctx, &sent);
    }
    city_countries(&mut ctx);
    ctx
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

/// Function words kept as themselves in the between-shape feature.
const SHAPE_KEEP: [&str; 22] = [
    "of",
    "in",
    "at",
    "for",
    "from",
    "with",
    "on",
    "by",
    "to",
    "the",
    "a",
    "an",
    "and",
    "who",
    "is",
    "was",
    "based",
    "near",
    "outside",
    "headquartered",
    "said",
    "says",
];

/// A candidate pair needs at least this probability for its best predicate.
const RELATION_THRESHOLD: f32 = 0.25;
/// Training weight of a related pair against an unrelated one (unrelated pairs are five times
/// as many).
const POSITIVE_WEIGHT: f32 = 2.0;
/// A pattern relation whose mention pairs the model gives less than this is dropped.
const VETO_THRESHOLD: f32 = 0.25;
/// The predicates the model has enough training data for (CoNLL04) to add relations and to
/// overrule the patterns; nationality and partyTo stay with the patterns.
const VETOABLE: [Predicate; 3] = [
    Predicate::AffiliatedWith,
    Predicate::BasedIn,
    Predicate::LocatedIn,
];
/// Mentions further apart than this (in tokens) are not paired.
const MAX_PAIR_DISTANCE: usize = 30;

/// What the patterns found, by entity pair: per sentence and anywhere in the article.
struct RuleIndex {
    in_sentence: FxHashMap<(usize, usize, usize), Vec<Predicate>>,
    anywhere: FxHashMap<(usize, usize), Vec<Predicate>>,
    roles: FxHashMap<(usize, usize), String>,
}

impl RuleIndex {
    fn new(rules: &[Relation]) -> RuleIndex {
        let mut index = RuleIndex {
            in_sentence: FxHashMap::default(),
            anywhere: FxHashMap::default(),
            roles: FxHashMap::default(),
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
            if let Some(role) = &r.role {
                index.roles.entry((r.subject, o)).or_insert(role.clone());
            }
        }
        index
    }
}

fn type_code(doc: &Doc, m: &crate::doc::Mention) -> &'static str {
    match m.entity.map_or(m.etype, |e| doc.entities[e].etype) {
        EntityType::Person => "PER",
        EntityType::Organization => "ORG",
        EntityType::Country => "CTRY",
        EntityType::Place => "LOC",
        EntityType::Agreement => "AGR",
    }
}

/// Can a mention of type `s` be the subject, and one of type `o` the object, of some predicate?
fn pair_possible(s: EntityType, o: EntityType) -> bool {
    use EntityType::*;
    matches!(
        (s, o),
        (Person, Organization | Country)
            | (Organization, Country | Place)
            | (Place, Country | Place)
            | (Country | Organization, Agreement)
    )
}

/// Candidate (subject, object) mention pairs of one sentence.
fn candidate_pairs(doc: &Doc, sent: &Range<usize>) -> Vec<(usize, usize)> {
    let from = doc
        .mentions
        .partition_point(|m| m.tokens.start < sent.start);
    let to = doc.mentions.partition_point(|m| m.tokens.start < sent.end);
    let mut out = Vec::new();
    for a in from..to {
        for b in from..to {
            let (ma, mb) = (&doc.mentions[a], &doc.mentions[b]);
            let (Some(ea), Some(eb)) = (ma.entity, mb.entity) else {
                continue;
            };
            if ea == eb || ma.tokens.end > sent.end || mb.tokens.end > sent.end {
                continue;
            }
            let gap = if ma.tokens.start < mb.tokens.start {
                mb.tokens.start.saturating_sub(ma.tokens.end)
            } else {
                ma.tokens.start.saturating_sub(mb.tokens.end)
            };
            // "X said Italy would …": a cue verb between the two opens what X said, which
            // states nothing about X and the other.
            let (lo, hi) = if ma.tokens.start < mb.tokens.start {
                (ma.tokens.end, mb.tokens.start)
            } else {
                (mb.tokens.end, ma.tokens.start)
            };
            if gap > MAX_PAIR_DISTANCE
                || (lo..hi).any(|t| SPEECH_VERBS.contains(&doc.token_text(t)))
            {
                continue;
            }
            if pair_possible(doc.entities[ea].etype, doc.entities[eb].etype) {
                out.push((a, b));
            }
        }
    }
    out
}

/// Features of the candidate pair (subject mention `a`, object mention `b`).
fn pair_features(ctx: &Ctx, rules: &RuleIndex, a: usize, b: usize) -> Vec<String> {
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

/// The relations the model finds, and the pattern relations it rejects: (subject, predicate,
/// object, sentence) of those whose mention pairs all get less than [`VETO_THRESHOLD`].
#[allow(clippy::type_complexity)]
fn model_relations(
    ctx: &Ctx,
    model: &Classifier,
    rules: &RuleIndex,
) -> (Vec<Relation>, HashSet<(usize, Predicate, usize, usize)>) {
    let doc = ctx.doc;
    let mut out = Vec::new();
    // Per pattern relation in a sentence: the best probability the model gives it.
    let mut support: FxHashMap<(usize, Predicate, usize, usize), f32> = FxHashMap::default();
    for (s_idx, sent) in doc.sentences.iter().enumerate() {
        for (a, b) in candidate_pairs(doc, sent) {
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
            if known
                || city_in_city
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
            });
        }
    }
    let vetoed = support
        .into_iter()
        .filter(|(_, p)| *p < VETO_THRESHOLD)
        .map(|(k, _)| k)
        .collect();
    (out, vetoed)
}

/// A title between a person and an organisation ("X, a representative of Y", "X, who heads
/// Y's office as director") or just after the second of them ("X, Y president").
fn title_near(
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

/// Do the entity types fit the predicate's domain and range?
fn predicate_fits(p: Predicate, s: EntityType, o: EntityType) -> bool {
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

/// The country of the dateline city, which government posts default to.
fn dateline_country(ctx: &Ctx) -> Option<usize> {
    let place = ctx.doc.metadata.dateline.as_deref()?;
    let lower = place.to_lowercase();
    let country = ctx
        .res
        .city_country
        .iter()
        .find(|(city, _)| city.to_lowercase() == lower)
        .map(|(_, c)| c.clone())?;
    ctx.doc
        .entities
        .iter()
        .position(|e| e.etype == EntityType::Country && e.name == country)
}

fn posts(ctx: &mut Ctx, sent: &Range<usize>, dateline_country: Option<usize>) {
    let doc = ctx.doc;
    for m in mentions_in(doc, sent) {
        if m.etype != EntityType::Person
            || m.source == MentionSource::Nominal
            || !sent.contains(&m.tokens.start)
        {
            continue;
        }
        let Some(person) = m.entity else { continue };
        // "The president of the Norwegian Football Federation Hilde Aasen": title, "of", the
        // organisation, then the name.
        if let Some(org_mention) = mentions_in(doc, sent)
            .iter()
            .find(|o| o.tokens.end == m.tokens.start && o.etype == EntityType::Organization)
        {
            let mut k = org_mention.tokens.start;
            if k > sent.start && ctx.word(k - 1).eq_ignore_ascii_case("the") {
                k -= 1;
            }
            let title = (k > sent.start && ctx.word(k - 1) == "of")
                .then(|| ctx.title_ending_at(k - 1, sent.start))
                .flatten();
            if let (Some((t_start, title)), Some(org)) = (title, org_mention.entity) {
                ctx.push(
                    person,
                    Predicate::AffiliatedWith,
                    Some(org),
                    Some(title),
                    t_start..m.tokens.end,
                    0.85,
                );
                continue;
            }
        }
        // Title before the name, or before it across a comma ("Its spokeswoman, Maria
        // Zakharova, said").
        let title_before = ctx.title_ending_at(m.tokens.start, sent.start).or_else(|| {
            let comma = m
                .tokens
                .start
                .checked_sub(1)
                .filter(|&c| c > sent.start && ctx.word(c) == ",")?;
            ctx.title_ending_at(comma, sent.start)
        });
        if let Some((t_start, mut title)) = title_before {
            let mut k = t_start;
            while k > sent.start && TITLE_SKIP.contains(&ctx.word(k - 1).to_lowercase().as_str()) {
                k -= 1;
            }
            // "Its port coordinator": a lower-case word between the owner and the title is
            // part of the post.
            let owner_at = |j: usize| {
                j > sent.start
                    && (is_possessive(ctx.word(j - 1))
                        || matches!(ctx.word(j - 1), "Its" | "its" | "Their" | "their"))
            };
            if k > sent.start + 1
                && !owner_at(k)
                && owner_at(k - 1)
                && ctx.word(k - 1).chars().all(|c| c.is_lowercase())
            {
                title = format!("{} {title}", ctx.word(k - 1));
                k -= 1;
            }
            let mut org = None;
            let mut conf = 0.9;
            if k > sent.start + 1 && is_possessive(ctx.word(k - 1)) {
                org = ctx.entity_at(k - 2);
            } else if k > sent.start && matches!(ctx.word(k - 1), "Its" | "its" | "Their" | "their")
            {
                // "Its spokeswoman": the organisation the sentence before is about.
                org = super::cues::pronoun_antecedent(doc, k - 1);
            } else if k > sent.start {
                if let Some(e) = ctx.entity_at(k - 1) {
                    if matches!(ctx.etype(e), EntityType::Country | EntityType::Organization) {
                        org = Some(e);
                        if ctx.etype(e) == EntityType::Country {
                            // "Swedish Prime Minister X": a stated demonym gives nationality too.
                            ctx.push(
                                person,
                                Predicate::Nationality,
                                Some(e),
                                None,
                                k - 1..m.tokens.end,
                                0.6,
                            );
                        }
                    }
                }
            }
            // "Y, Interior Minister of X" style: an organisation right after "of/at/for".
            if org.is_none() && is_government_title(&title) {
                org = sentence_country(ctx, sent, m.tokens.start)
                    .or_else(|| previous_sentence_country(ctx, sent))
                    .or(dateline_country);
                conf = 0.7;
            }
            if let Some(org) = org {
                if matches!(
                    ctx.etype(org),
                    EntityType::Country | EntityType::Organization
                ) {
                    let evidence = k.saturating_sub(2).max(sent.start)..m.tokens.end;
                    ctx.push(
                        person,
                        Predicate::AffiliatedWith,
                        Some(org),
                        Some(title),
                        evidence,
                        conf,
                    );
                }
            }
            continue;
        }
        // "Y, who heads X": a verb of leadership.
        let k = m.tokens.end;
        if k + 3 < sent.end && ctx.word(k) == "," && ctx.word(k + 1) == "who" {
            let role = match ctx.word(k + 2) {
                "heads" | "headed" => Some("head"),
                "leads" | "led" => Some("leader"),
                "chairs" | "chaired" => Some("chair"),
                "founded" => Some("founder"),
                "runs" | "ran" => Some("head"),
                _ => None,
            };
            let mut j = k + 3;
            if j < sent.end && ctx.word(j) == "the" {
                j += 1;
            }
            if let (Some(role), Some(org)) = (role, ctx.entity_at(j)) {
                if ctx.etype(org) == EntityType::Organization {
                    ctx.push(
                        person,
                        Predicate::AffiliatedWith,
                        Some(org),
                        Some(role.to_string()),
                        m.tokens.start..j + 1,
                        0.8,
                    );
                    continue;
                }
            }
        }
        // Apposition: "Y, (a|the) TITLE (of|for|at) X" or "Y, X's TITLE".
        let mut k = m.tokens.end;
        if k < sent.end && ctx.word(k) == "," {
            k += 1;
            if k < sent.end && matches!(ctx.word(k), "a" | "an" | "the") {
                k += 1;
            }
            // "a senior Defense Ministry official": lower-case modifiers before the body.
            let mut b = k;
            while b < (k + 2).min(sent.end)
                && ctx.word(b).chars().all(|c| c.is_lowercase() || c == '-')
                && ctx.entity_at(b).is_none()
                && title_from(ctx, b, sent.end).is_none()
            {
                b += 1;
            }
            if b > k && ctx.entity_at(b).is_some() {
                k = b;
            }
            // X's TITLE
            if let Some(org) = ctx.entity_at(k) {
                let org_end = ctx.mention_at(k).map_or(k + 1, |om| om.tokens.end);
                let title_start = if org_end < sent.end && is_possessive(ctx.word(org_end)) {
                    org_end + 1
                } else {
                    org_end
                };
                if matches!(
                    ctx.etype(org),
                    EntityType::Country | EntityType::Organization
                ) {
                    if let Some((title, t_end)) = title_from(ctx, title_start, sent.end) {
                        ctx.push(
                            person,
                            Predicate::AffiliatedWith,
                            Some(org),
                            Some(title),
                            m.tokens.start..t_end,
                            0.85,
                        );
                    }
                }
                continue;
            }
            if let Some((title, t_end)) = title_from(ctx, k, sent.end) {
                // The body after "of", "for", "at" in the apposition: right after the title,
                // or after what the post is of ("a professor of political science at Queens
                // College").
                let close = (t_end..(t_end + 12).min(sent.end))
                    .find(|&t| matches!(ctx.word(t), "," | "." | ";" | "and" | "who"))
                    .unwrap_or((t_end + 12).min(sent.end));
                let at = (t_end..close).find(|&t| {
                    matches!(ctx.word(t), "of" | "for" | "at" | "with" | "to")
                        && (t + 1..(t + 3).min(close)).any(|o| {
                            ctx.entity_at(o).is_some_and(|e| {
                                matches!(ctx.etype(e), EntityType::Organization)
                                    || (t == t_end && ctx.etype(e) == EntityType::Country)
                            })
                        })
                });
                if let Some(mut j) = at {
                    j += 1;
                    if j < sent.end && ctx.word(j) == "the" {
                        j += 1;
                    }
                    if let Some(org) = ctx.entity_at(j) {
                        if matches!(
                            ctx.etype(org),
                            EntityType::Country | EntityType::Organization
                        ) {
                            let end = ctx.mention_at(j).map_or(j + 1, |om| om.tokens.end);
                            ctx.push(
                                person,
                                Predicate::AffiliatedWith,
                                Some(org),
                                Some(title),
                                m.tokens.start..end,
                                0.85,
                            );
                        }
                    }
                }
            }
        }
    }
}

/// A title starting at `start`: the longest run of words that is a known title, allowing
/// lower-case modifiers before a known head ("campaign director", "senior researcher").
fn title_from(ctx: &Ctx, start: usize, floor_end: usize) -> Option<(String, usize)> {
    let mut k = start;
    while k < floor_end && TITLE_SKIP.contains(&ctx.word(k).to_lowercase().as_str()) {
        k += 1;
    }
    let mut best = None;
    for len in 1..=ctx.res.max_title_len + 2 {
        let end = k + len;
        if end > floor_end {
            break;
        }
        let lower = ctx.doc.tokens_text(&(k..end)).to_lowercase();
        let last = ctx.word(end - 1).to_lowercase();
        if ctx.res.is_title(&lower) || (ctx.res.is_title(&last) && len <= 3) {
            best = Some(end);
        }
    }
    let end = best?;
    Some((ctx.doc.tokens_text(&(k..end)).to_string(), end))
}

/// The first country of the sentence before, which a post in this one may continue ("Mali's
/// government rejected the report. Government spokesman X said …").
fn previous_sentence_country(ctx: &Ctx, sent: &Range<usize>) -> Option<usize> {
    let s = ctx.doc.sentence_of(sent.start).checked_sub(1)?;
    let prev = ctx.doc.sentences[s].clone();
    // Only a country whose government that sentence speaks of ("Mali's government", "the
    // Kenyan government"), not any country it names.
    prev.clone().find_map(|t| {
        let e = ctx
            .entity_at(t)
            .filter(|&e| ctx.etype(e) == EntityType::Country)?;
        let ends = ctx.mention_at(t).is_some_and(|m| m.tokens.end == t + 1);
        let word = |k: usize| if k < prev.end { ctx.word(k) } else { "" };
        let governs =
            is_possessive(word(t + 1)) || matches!(word(t + 1), "government" | "authorities");
        (ends && governs).then_some(e)
    })
}

/// The country a government post belongs to when the title names none: the nearest country
/// before it in its clause, else the country the sentence is about ("In Italy, … but last week
/// Interior Minister X said"), else none.
fn sentence_country(ctx: &Ctx, sent: &Range<usize>, before: usize) -> Option<usize> {
    let clause_start = (sent.start..before)
        .rev()
        .find(|&t| matches!(ctx.word(t), "but" | ";" | "while" | "whereas"))
        .map_or(sent.start, |t| t + 1);
    let is_country = |e: &usize| ctx.etype(*e) == EntityType::Country;
    (clause_start..before)
        .rev()
        .filter_map(|t| ctx.entity_at(t))
        .find(is_country)
        .or_else(|| {
            (ctx.word(sent.start) == "In")
                .then(|| ctx.entity_at(sent.start + 1))
                .flatten()
                .filter(is_country)
        })
        .or_else(|| {
            (sent.start..before)
                .rev()
                .filter_map(|t| ctx.entity_at(t))
                .find(is_country)
        })
}

fn based_in(ctx: &mut Ctx, sent: &Range<usize>) {
    let doc = ctx.doc;
    for t in sent.clone() {
        let w = doc.token_text(t);
        // "based in Y" ties Y to the nearest organisation before it in the sentence.
        if w == "based" && t + 2 < sent.end && ctx.word(t + 1) == "in" {
            if let Some(place) = ctx.entity_at(t + 2) {
                if matches!(ctx.etype(place), EntityType::Country | EntityType::Place) {
                    // The nearest organisation before, but not a possessor ("Europol, the
                    // European Union's police agency based in The Hague").
                    let org = (sent.start..t)
                        .rev()
                        .filter(|&k| {
                            ctx.mention_at(k).is_some_and(|m| m.tokens.end == k + 1)
                                && !(k + 1 < sent.end && is_possessive(ctx.word(k + 1)))
                        })
                        .filter_map(|k| ctx.entity_at(k))
                        .find(|&e| ctx.etype(e) == EntityType::Organization);
                    if let Some(org) = org {
                        ctx.push(
                            org,
                            Predicate::BasedIn,
                            Some(place),
                            None,
                            sent.start..t + 3,
                            0.9,
                        );
                    }
                }
            }
        }
        // "a Madrid-based group": the place before "-based", the organisation it describes.
        if w == "based" && t >= sent.start + 2 && ctx.word(t - 1) == "-" {
            let place = ctx
                .entity_at(t - 2)
                .filter(|&e| matches!(ctx.etype(e), EntityType::Country | EntityType::Place));
            // "The New York-based group said": the organisation the nominal refers to.
            let nominal_head = t + 1 < sent.end && ORG_NOUNS.contains(&ctx.word(t + 1));
            let before_sentence = || {
                doc.mentions
                    .iter()
                    .rev()
                    .filter(|m| m.tokens.end <= sent.start && m.etype == EntityType::Organization)
                    .find_map(|m| m.entity)
            };
            let org = (sent.start..t - 2)
                .rev()
                .filter_map(|k| ctx.entity_at(k))
                .find(|&e| ctx.etype(e) == EntityType::Organization)
                .or_else(|| {
                    if nominal_head && t - 2 <= sent.start + 3 {
                        return before_sentence();
                    }
                    (t + 1..sent.end)
                        .filter_map(|k| ctx.entity_at(k))
                        .find(|&e| ctx.etype(e) == EntityType::Organization)
                });
            if let (Some(place), Some(org)) = (place, org) {
                ctx.push(
                    org,
                    Predicate::BasedIn,
                    Some(place),
                    None,
                    sent.start..t + 1,
                    0.8,
                );
            }
        }
    }
    // "Oxfam, a British charity", "Sun Hung Kai Properties, a Hong Kong construction firm": a
    // country or place named in an apposition with an organisation head.
    for m in mentions_in(doc, sent)
        .iter()
        .filter(|m| m.etype == EntityType::Organization)
    {
        let Some(org) = m.entity else { continue };
        let k = m.tokens.end;
        if k + 3 >= sent.end || ctx.word(k) != "," || !matches!(ctx.word(k + 1), "a" | "an") {
            continue;
        }
        let span_end = (k + 2..(k + 8).min(sent.end))
            .find(|&t| matches!(ctx.word(t), "," | "." | "based"))
            .unwrap_or((k + 8).min(sent.end));
        let has_head = (k + 2..span_end).any(|t| ORG_NOUNS.contains(&ctx.word(t)));
        let country = (k + 2..span_end)
            .filter_map(|t| ctx.entity_at(t))
            .find(|&e| matches!(ctx.etype(e), EntityType::Country | EntityType::Place));
        if let (true, Some(country)) = (has_head, country) {
            ctx.push(
                org,
                Predicate::BasedIn,
                Some(country),
                None,
                m.tokens.start..span_end,
                0.8,
            );
        }
    }
    // "the Irish Department of …", "Turkey's parliament": a country right before an organisation.
    for m in mentions_in(doc, sent)
        .iter()
        .filter(|m| m.etype == EntityType::Organization)
    {
        let Some(org) = m.entity else { continue };
        let mut s = m.tokens.start;
        // "Brazil's development bank BNDES": lower-case words between possessive and name.
        let mut b = s;
        while b > sent.start + 1 && s - b < 3 && ctx.word(b - 1).chars().all(|c| c.is_lowercase()) {
            b -= 1;
        }
        if b < s && is_possessive(ctx.word(b - 1)) {
            s = b;
        }
        let country = if s > sent.start + 1 && is_possessive(ctx.word(s - 1)) {
            ctx.entity_at(s - 2)
        } else if s > sent.start {
            ctx.entity_at(s - 1)
        } else {
            None
        };
        if let Some(country) = country.filter(|&c| ctx.etype(c) == EntityType::Country) {
            let from = if is_possessive(ctx.word(s - 1)) {
                s - 2
            } else {
                s - 1
            };
            ctx.push(
                org,
                Predicate::BasedIn,
                Some(country),
                None,
                from..m.tokens.end,
                0.8,
            );
        }
    }
}

fn located_in(ctx: &mut Ctx, sent: &Range<usize>) {
    // "Milan, Italy": a place followed by a comma and a country.
    for t in sent.clone() {
        let Some(place) = ctx.entity_at(t) else {
            continue;
        };
        let Some(m) = ctx.mention_at(t) else { continue };
        let start = m.tokens.start;
        let kind = ctx.etype(place);
        if m.tokens.end != t + 1 || !matches!(kind, EntityType::Place | EntityType::Country) {
            continue;
        }
        if kind == EntityType::Place && t + 2 < sent.end && ctx.word(t + 1) == "," {
            if let Some(country) = ctx.entity_at(t + 2) {
                if matches!(ctx.etype(country), EntityType::Country) {
                    ctx.push(
                        place,
                        Predicate::LocatedIn,
                        Some(country),
                        None,
                        start..t + 3,
                        0.9,
                    );
                }
            }
        }
        // "Louisiana's Cameron Parish", "Bosnia's capital, Sarajevo": a place of a place.
        if t + 2 < sent.end && is_possessive(ctx.word(t + 1)) {
            let mut k = t + 2;
            if matches!(
                ctx.word(k),
                "capital" | "city" | "town" | "province" | "region"
            ) {
                k += 1;
                if k < sent.end && ctx.word(k) == "," {
                    k += 1;
                }
            }
            let inner = (k < sent.end).then(|| ctx.mention_at(k)).flatten();
            if let Some(inner) = inner.filter(|m| m.tokens.start == k) {
                if let Some(e) = inner.entity.filter(|&e| e != place) {
                    if ctx.etype(e) == EntityType::Place {
                        ctx.push(
                            e,
                            Predicate::LocatedIn,
                            Some(place),
                            None,
                            start..inner.tokens.end,
                            0.8,
                        );
                    }
                }
            }
        }
        // "the Parken Stadium in Copenhagen", "Barajas airport in Madrid": a named site in a
        // place.
        if kind == EntityType::Place && t + 2 < sent.end && ctx.word(t + 1) == "in" {
            if let Some(container) = ctx.entity_at(t + 2) {
                let is_place = matches!(
                    ctx.etype(container),
                    EntityType::Country | EntityType::Place
                );
                let starts = ctx
                    .mention_at(t + 2)
                    .is_some_and(|c| c.tokens.start == t + 2);
                if is_place && starts && container != place {
                    ctx.push(
                        place,
                        Predicate::LocatedIn,
                        Some(container),
                        None,
                        start..t + 3,
                        0.8,
                    );
                }
            }
        }
    }
}

/// Cities whose country the article mentions are located in it (general knowledge).
fn city_countries(ctx: &mut Ctx) {
    let doc = ctx.doc;
    for (e_idx, ent) in doc.entities.iter().enumerate() {
        if ent.etype != EntityType::Place {
            continue;
        }
        let Some(country) = ctx.res.city_country.get(&ent.name) else {
            continue;
        };
        let Some(c_idx) = doc
            .entities
            .iter()
            .position(|e| e.etype == EntityType::Country && e.name == *country)
        else {
            continue;
        };
        let Some(&first) = ent.mentions.first() else {
            continue;
        };
        let tokens = doc.mentions[first].tokens.clone();
        ctx.push(e_idx, Predicate::LocatedIn, Some(c_idx), None, tokens, 0.6);
    }
}

fn party_to(ctx: &mut Ctx, sent: &Range<usize>) {
    let doc = ctx.doc;
    let agreements: Vec<(usize, Range<usize>, bool)> = mentions_in(doc, sent)
        .iter()
        .filter(|m| m.etype == EntityType::Agreement)
        .filter_map(|m| {
            m.entity
                .map(|e| (e, m.tokens.clone(), m.description.is_some()))
        })
        .collect();
    for (agreement, range, unnamed) in agreements {
        let date = doc.entities[agreement]
            .name
            .split(' ')
            .find(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_string)
            .or_else(|| year_in(doc, sent.clone()));
        let before = len_before(ctx, &range, sent);
        let mut parties = Vec::new();
        // A signing verb before the agreement: its subject is the nearest party before it.
        // "X has a similar arrangement": a possession verb right before the agreement counts.
        let has_verb = (range.start.saturating_sub(3).max(sent.start)..range.start)
            .find(|&k| matches!(ctx.word(k), "has" | "have" | "had"));
        if let Some(v) = (sent.start..range.start)
            .rev()
            .find(|&k| PARTY_VERBS.contains(&ctx.word(k)))
            .or(has_verb)
        {
            if let Some(k) = (sent.start..v)
                .rev()
                .find(|&k| ctx.entity_at(k).is_some_and(|e| is_party(ctx, e)))
            {
                // "Norway and Iceland signed", "Lithuania, Latvia, Estonia and Poland signed":
                // the parties coordinated with the nearest one.
                for p in coordinated(ctx, k, sent.start) {
                    // "Chile's Senate ratified": a state body acts for its country.
                    let p = state_of_body(ctx, p, sent).unwrap_or(p);
                    parties.push((p, 0.85));
                }
            }
        }
        // "X's Z" / "Chinese Z".
        if let Some(p) = before.filter(|&e| is_party(ctx, e)) {
            parties.push((p, 0.8));
        }
        // "a deal between X and Y", "a deal with X".
        let mut k = range.end;
        if k < sent.end && matches!(ctx.word(k), "between" | "with" | "among") {
            k += 1;
            while k < sent.end && k < range.end + 8 {
                if let Some(e) = ctx.entity_at(k).filter(|&e| is_party(ctx, e)) {
                    parties.push((e, 0.85));
                } else if !matches!(ctx.word(k), "and" | "," | "the" | "its")
                    && ctx.mention_at(k).is_none()
                {
                    break;
                }
                k += 1;
            }
        }
        // "The pact … links economies including Japan, Canada and Vietnam": the countries after
        // a verb of membership whose subject is the agreement.
        if range.start <= sent.start + 1 {
            if let Some(v) = (range.end..sent.end).find(|&k| {
                matches!(
                    ctx.word(k),
                    "links" | "includes" | "include" | "groups" | "unites" | "covers" | "binds"
                )
            }) {
                for t in v + 1..sent.end {
                    if let Some(e) = ctx
                        .entity_at(t)
                        .filter(|&e| ctx.etype(e) == EntityType::Country)
                    {
                        if !parties.iter().any(|(p, _)| *p == e) {
                            parties.push((e, 0.75));
                        }
                    }
                }
            }
        }
        let n_countries = sent
            .clone()
            .filter_map(|t| ctx.entity_at(t))
            .filter(|&e| ctx.etype(e) == EntityType::Country)
            .collect::<HashSet<_>>()
            .len();
        // Only where the agreement is introduced, not where it is referred back to ("the pact").
        let introduced = doc.entities[agreement]
            .mentions
            .first()
            .is_some_and(|&m| doc.mentions[m].tokens == range);
        if parties.is_empty() && introduced && (unnamed || n_countries >= 2) {
            // The countries of the sentence that introduces an unnamed agreement (or names one
            // without saying who signed it).
            let mut seen = HashSet::new();
            for t in sent.clone() {
                if let Some(e) = ctx
                    .entity_at(t)
                    .filter(|&e| ctx.etype(e) == EntityType::Country)
                {
                    if seen.insert(e) {
                        parties.push((e, 0.6));
                    }
                }
            }
        }
        for (party, conf) in parties {
            let len = ctx.out.len();
            ctx.push(
                party,
                Predicate::PartyTo,
                Some(agreement),
                None,
                sent.clone(),
                conf,
            );
            if ctx.out.len() > len {
                if let Some(rel) = ctx.out.last_mut() {
                    rel.date = date.clone();
                }
            }
        }
    }
}

/// The party mentioned at token `last` and those coordinated before it with commas and "and".
fn coordinated(ctx: &Ctx, last: usize, floor: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut k = last + 1;
    while let Some(m) = ctx.mention_at(k - 1) {
        let Some(e) = m.entity.filter(|&e| is_party(ctx, e)) else {
            break;
        };
        if !out.contains(&e) {
            out.push(e);
        }
        let mut j = m.tokens.start;
        // Skip "and", "," and a determiner between conjuncts.
        let mut joined = false;
        while j > floor && matches!(ctx.word(j - 1), "," | "and" | "the") {
            joined |= ctx.word(j - 1) != "the";
            j -= 1;
        }
        if !joined || j <= floor || ctx.entity_at(j - 1).is_none() {
            break;
        }
        k = j;
    }
    out
}

/// The country of a state body named through it ("Chile's Senate").
fn state_of_body(ctx: &Ctx, body: usize, sent: &Range<usize>) -> Option<usize> {
    if ctx.doc.entities[body].class.as_deref() != Some("GovernmentBody") {
        return None;
    }
    mentions_in(ctx.doc, sent)
        .iter()
        .filter(|m| m.entity == Some(body))
        .find_map(|m| {
            let s = m.tokens.start;
            (s >= sent.start + 2 && is_possessive(ctx.word(s - 1)))
                .then(|| ctx.entity_at(s - 2))
                .flatten()
                .filter(|&c| ctx.etype(c) == EntityType::Country)
        })
}

fn is_party(ctx: &Ctx, e: usize) -> bool {
    matches!(ctx.etype(e), EntityType::Country | EntityType::Organization)
}

/// The entity right before a mention, through a possessive ("China's Belt and Road
/// Initiative") or as a modifier ("Chinese initiative").
fn len_before(ctx: &Ctx, range: &Range<usize>, sent: &Range<usize>) -> Option<usize> {
    let s = range.start;
    if s > sent.start + 1 && is_possessive(ctx.word(s - 1)) {
        return ctx.entity_at(s - 2);
    }
    (s > sent.start).then(|| ctx.entity_at(s - 1)).flatten()
}

/// Nouns that name an organisation in a description ("a New York-based group", "a British
/// charity").
const ORG_NOUNS: [&str; 12] = [
    "group",
    "organisation",
    "organization",
    "NGO",
    "charity",
    "agency",
    "company",
    "firm",
    "watchdog",
    "bank",
    "broadcaster",
    "newspaper",
];

/// Head nouns of a descriptive apposition ("X, an Asia-focused rights group, ...").
const DESCRIPTION_HEADS: [&str; 14] = [
    "group",
    "organisation",
    "organization",
    "ngo",
    "charity",
    "agency",
    "company",
    "firm",
    "bloc",
    "alliance",
    "party",
    "watchdog",
    "body",
    "network",
];

/// Words in a description that make an organisation an NGO.
const NGO_CUES: [&str; 8] = [
    "rights",
    "advocacy",
    "humanitarian",
    "charity",
    "ngo",
    "non-governmental",
    "campaign",
    "watchdog",
];

/// "X, a|an … group …": the description of an organisation, and NGO as its class when the
/// description says so ("rights group", "charity").
fn describe_appositives(doc: &mut Doc) {
    let mut found = Vec::new();
    for m in &doc.mentions {
        let (Some(e), EntityType::Organization) = (m.entity, m.etype) else {
            continue;
        };
        let s = doc.sentence_of(m.tokens.start);
        let sent_end = doc.sentences[s].end;
        let k = m.tokens.end;
        if k + 2 >= sent_end
            || doc.token_text(k) != ","
            || !matches!(doc.token_text(k + 1), "a" | "an")
        {
            continue;
        }
        let start = k + 2;
        let mut end = start;
        while end < sent_end
            && end < start + 8
            && !matches!(
                doc.token_text(end),
                "," | "." | ";" | "based" | "that" | "which" | "who"
            )
        {
            end += 1;
        }
        let Some(head) = (start..end)
            .rev()
            .find(|&t| DESCRIPTION_HEADS.contains(&doc.token_text(t).to_lowercase().as_str()))
        else {
            continue;
        };
        let words: Vec<String> = (start..=head)
            .map(|t| doc.token_text(t).to_lowercase())
            .collect();
        let is_ngo = words.iter().any(|w| NGO_CUES.contains(&w.as_str()));
        found.push((e, doc.tokens_text(&(start..head + 1)).to_string(), is_ngo));
    }
    for (e, description, is_ngo) in found {
        let ent = &mut doc.entities[e];
        ent.description.get_or_insert(description);
        // A description ("a London-based charity") says more than a head word ("Council").
        if is_ngo {
            ent.class = Some("NGO".into());
        }
    }
}

fn nationality(ctx: &mut Ctx, sent: &Range<usize>) {
    for t in sent.clone() {
        let w = ctx.word(t).to_lowercase();
        if !matches!(
            w.as_str(),
            "citizen" | "citizens" | "national" | "nationals"
        ) || t == sent.start
        {
            continue;
        }
        let Some(country) = ctx
            .entity_at(t - 1)
            .filter(|&e| ctx.etype(e) == EntityType::Country)
        else {
            continue;
        };
        let persons: Vec<usize> = if w.ends_with('s') {
            // "Ana and Ben, both U.S. citizens": every person named before in the sentence.
            (sent.start..t)
                .filter_map(|k| ctx.entity_at(k))
                .filter(|&e| ctx.etype(e) == EntityType::Person)
                .collect()
        } else {
            (sent.start..t)
                .rev()
                .filter_map(|k| ctx.entity_at(k))
                .find(|&e| ctx.etype(e) == EntityType::Person)
                .or_else(|| {
                    (t + 1..sent.end)
                        .filter_map(|k| ctx.entity_at(k))
                        .find(|&e| ctx.etype(e) == EntityType::Person)
                })
                .into_iter()
                .collect()
        };
        for p in persons {
            ctx.push(
                p,
                Predicate::Nationality,
                Some(country),
                None,
                sent.clone(),
                0.85,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::{
        coref::Coref, ner::Ner, quotes::Quotes, sentences::SentenceSplitter, tokenize::Tokenizer,
    };

    /// The patterns alone: no NER model, no relation model (its tests drive the binary).
    fn run(text: &str) -> Doc {
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

    fn check(text: &str, expected: &[(&str, &str, &str, Option<&str>)]) {
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
                got.iter().any(|(gs, gp, go, gr)| gs == s
                    && gp == p
                    && go == o
                    && gr.as_deref() == *role),
                "({s} {p} {o} {role:?}) missing in {got:?}"
            );
        }
    }

    #[test]
    fn relations_possessive_title() {
        check(
            "The Open Borders Foundation's policy director Maria Lopez spoke.",
            &[(
                "Maria Lopez",
                "affiliatedWith",
                "Open Borders Foundation",
                Some("policy director"),
            )],
        );
    }

    #[test]
    fn relations_country_possessive_and_demonym_titles() {
        check(
            "Kenya's new Prime Minister Daniel Otieno arrived.",
            &[(
                "Daniel Otieno",
                "affiliatedWith",
                "Kenya",
                Some("Prime Minister"),
            )],
        );
        check(
            "Swedish Foreign Minister Lars Berg spoke.",
            &[
                (
                    "Lars Berg",
                    "affiliatedWith",
                    "Sweden",
                    Some("Foreign Minister"),
                ),
                ("Lars Berg", "nationality", "Sweden", None),
            ],
        );
    }

    #[test]
    fn relations_government_title_takes_sentence_country() {
        check(
            "In Peru, Interior Minister Jose Rivas said police were ready.",
            &[(
                "Jose Rivas",
                "affiliatedWith",
                "Peru",
                Some("Interior Minister"),
            )],
        );
    }

    #[test]
    fn relations_apposition_title_for_org() {
        check(
            "Maria Lopez, a spokesperson for the Open Borders Foundation, declined.",
            &[(
                "Maria Lopez",
                "affiliatedWith",
                "Open Borders Foundation",
                Some("spokesperson"),
            )],
        );
        // What the post is of comes between the title and the body.
        check(
            "Maria Lopez, a professor of political science at Korvala University, died.",
            &[(
                "Maria Lopez",
                "affiliatedWith",
                "Korvala University",
                Some("professor"),
            )],
        );
        // Lower-case modifiers before the body and its title.
        check(
            "Maria Lopez, a senior Defense Ministry official, spoke.",
            &[(
                "Maria Lopez",
                "affiliatedWith",
                "Defense Ministry",
                Some("official"),
            )],
        );
    }

    #[test]
    fn relations_based_in() {
        check(
            "The Open Borders Foundation, an Asia-focused rights group based in Spain, spoke.",
            &[("Open Borders Foundation", "basedIn", "Spain", None)],
        );
        check(
            "Officials of the Irish Department of Foreign Affairs met.",
            &[("Department of Foreign Affairs", "basedIn", "Ireland", None)],
        );
        // A city in the apposition, as well as a country.
        check(
            "Zorblax Holdings, a Hong Kong construction firm, bought the site.",
            &[("Zorblax Holdings", "basedIn", "Hong Kong", None)],
        );
    }

    #[test]
    fn relations_appositive_description_and_ngo_class() {
        let doc =
            run("The Open Borders Foundation, an Asia-focused rights group based in Spain, spoke.");
        let org = doc
            .entities
            .iter()
            .find(|e| e.name == "Open Borders Foundation")
            .unwrap();
        assert_eq!(
            org.description.as_deref(),
            Some("Asia-focused rights group")
        );
        let doc = run("Kowalski Partners, a rights group based in Spain, spoke.");
        let org = doc
            .entities
            .iter()
            .find(|e| e.name == "Kowalski Partners")
            .unwrap();
        assert_eq!(org.class.as_deref(), Some("NGO"));
    }

    #[test]
    fn relations_located_in() {
        check(
            "Talks were held in Lyon, France.",
            &[("Lyon", "locatedIn", "France", None)],
        );
        check(
            "Fans gathered at the Korvala Stadium in Copenhagen.",
            &[("Korvala Stadium", "locatedIn", "Copenhagen", None)],
        );
        check(
            "Serbia's capital, Belgrade, was quiet on Sunday.",
            &[("Belgrade", "locatedIn", "Serbia", None)],
        );
    }

    #[test]
    fn relations_title_of_organisation_before_name() {
        check(
            "The chief executive of the Korvala Refugee Council Anna Berg said the plan failed.",
            &[(
                "Anna Berg",
                "affiliatedWith",
                "Korvala Refugee Council",
                Some("chief executive"),
            )],
        );
        // The owner, a lower-case word of the post, the title, then the name.
        check(
            "The Korvala Workers Union met on Monday. Its port coordinator, Ana Berg, said \
             members would not accept the plan.",
            &[
                (
                    "Ana Berg",
                    "affiliatedWith",
                    "Korvala Workers Union",
                    Some("port coordinator"),
                ),
                ("Ana Berg", "said", "", None),
            ],
        );
    }

    #[test]
    fn relations_team_title_before_name() {
        check(
            "Sweden defeated Denmark 2 - 1 in the qualifying match. Denmark coach Peter Lund said the penalty in the 80th minute came after the referee checked the goal.",
            &[("Peter Lund", "affiliatedWith", "Denmark", Some("coach"))],
        );
    }

    #[test]
    fn relations_party_to() {
        check("In 2019, Portugal became the first nation to sign up to the Green Corridor Initiative.", &[(
            "Portugal", "partyTo", "Green Corridor Initiative", None,
        )]);
        check(
            "Chilean officers patrol in Peru under a security deal from 2012.",
            &[
                ("Chile", "partyTo", "2012 security deal", None),
                ("Peru", "partyTo", "2012 security deal", None),
            ],
        );
        check(
            "Kenya signed a trade pact with Uganda.",
            &[
                ("Kenya", "partyTo", "trade pact", None),
                ("Uganda", "partyTo", "trade pact", None),
            ],
        );
    }

    #[test]
    fn relations_list_members_are_not_related() {
        let names = |text: &str| -> Vec<Vec<String>> {
            let doc = run(text);
            list_groups(&doc)
                .iter()
                .map(|g| g.iter().map(|&m| doc.mention_text(m).to_string()).collect())
                .collect()
        };
        assert_eq!(
            names("Flights left Paris, Berlin, Madrid and Rome on Monday."),
            vec![vec!["Paris", "Berlin", "Madrid", "Rome"]]
        );
        assert_eq!(
            names("Flights left Paris, Berlin and Rome on Monday."),
            vec![vec!["Paris", "Berlin", "Rome"]]
        );
        // A chain of places, each in the next, is no list.
        assert!(names("The plant is in Aiken, South Carolina, United States.").is_empty());
        assert!(names("Storms hit Lyon and Nice, France, on Monday.").is_empty());
    }

    #[test]
    fn relations_nationality() {
        check("The reporter, a Swedish citizen, was held.", &[]);
        check(
            "Anna Berg, a Swedish citizen, was held.",
            &[("Anna Berg", "nationality", "Sweden", None)],
        );
        check(
            "John Smith and Mary Jones, both U.S. citizens, left.",
            &[
                ("John Smith", "nationality", "United States", None),
                ("Mary Jones", "nationality", "United States", None),
            ],
        );
    }

    #[test]
    fn relations_said_from_statements() {
        check(
            "Kenya said the talks failed.",
            &[("Kenya", "said", "", None)],
        );
    }
}
