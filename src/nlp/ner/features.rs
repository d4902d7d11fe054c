//! Token features for the CRF tagger, shared by training and tagging so that both see exactly
//! the same attributes. Bump [`FEATURE_VERSION`] whenever a feature changes: model files record
//! it and a mismatch is refused.
//!
//! The feature set is the standard one for CoNLL-2003 (word form, lower case, shape, affixes,
//! capitalisation and digit flags, a ±2 window), plus gazetteer membership from general
//! knowledge and document context: whether the same word occurs in lower case elsewhere in the
//! document, which tells a sentence-initial common word from a name.

use crate::nlp::hash::FxHashSet;
use crate::nlp::resources::{GazKind, Resources};
use crfsuite::Attribute;

/// Version of the feature set; recorded in model files.
pub const FEATURE_VERSION: u32 = 7;

/// Words of a document seen in lower case, for the document-context features.
#[derive(Default)]
pub struct DocContext {
    lower_seen: FxHashSet<String>,
    /// Capitalised forms seen inside a sentence (not opening it).
    mid_cap: FxHashSet<String>,
    /// Words seen right after a title ("President X", "Mr X").
    after_title: FxHashSet<String>,
    /// Words seen inside a run of two or more capitalised words.
    in_run: FxHashSet<String>,
    /// Words seen after a place preposition ("in X", "at X").
    after_in: FxHashSet<String>,
    /// Words seen right before a speech verb ("X said").
    before_said: FxHashSet<String>,
    /// Words seen right before an organisation head word ("X Corp", "X Ministry").
    before_orghead: FxHashSet<String>,
    /// Words seen right after a given name ("Laura X"): surnames.
    after_first_name: FxHashSet<String>,
}

/// A word with its first letter alone in upper case: "LEICESTERSHIRE" → "Leicestershire".
pub fn title_case_word(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && word.chars().any(char::is_lowercase)
}

impl DocContext {
    /// Was this word (lower-cased) seen in lower case in the document?
    pub fn contains_lower(&self, lower: &str) -> bool {
        self.lower_seen.contains(lower)
    }

    /// Was this word seen capitalised inside a sentence, not opening it (nor a quotation)?
    pub fn seen_mid_sentence(&self, word: &str) -> bool {
        self.mid_cap.contains(word)
    }

    /// Was this word seen right after a given name ("Barack Obama"): someone's surname?
    pub fn is_surname_here(&self, word: &str) -> bool {
        self.after_first_name.contains(word)
    }

    /// Collects what the document (or a window of sentences) says about its words: which
    /// occur in lower case, which are capitalised mid-sentence, which follow a title, and which
    /// sit in runs of capitalised words. These non-local cues tell a sentence-opening or
    /// headline word from a name.
    pub fn new<'a>(
        res: &Resources,
        sentences: impl IntoIterator<Item = &'a [&'a str]>,
    ) -> DocContext {
        let mut ctx = DocContext::default();
        for words in sentences {
            for (i, w) in words.iter().enumerate() {
                if w.chars().next().is_some_and(char::is_lowercase) {
                    ctx.lower_seen.insert(w.to_string());
                }
                if i == 0 || !is_capitalised(w) {
                    continue;
                }
                let prev = words[i - 1];
                if !matches!(prev, "\"" | "\u{201c}" | ":" | "(" | "-" | "--") {
                    ctx.mid_cap.insert(w.to_string());
                }
                if res.titles.contains(&prev.to_lowercase())
                    || matches!(
                        prev,
                        "Mr." | "Mrs." | "Ms." | "Dr." | "Mr" | "Mrs" | "Ms" | "Dr"
                    )
                {
                    ctx.after_title.insert(w.to_string());
                }
                let next_cap = words.get(i + 1).is_some_and(|n| is_capitalised(n));
                if is_capitalised(prev) || next_cap {
                    ctx.in_run.insert(w.to_string());
                }
                if matches!(prev, "in" | "at" | "from" | "near") {
                    ctx.after_in.insert(w.to_string());
                }
                if res.first_names.contains(prev) {
                    ctx.after_first_name.insert(w.to_string());
                }
            }
            // Cues that look at the next word hold for sentence openers too.
            for (i, w) in words.iter().enumerate() {
                if !is_capitalised(w) {
                    continue;
                }
                let next = words.get(i + 1).copied().unwrap_or("");
                if matches!(next, "said" | "says" | "told" | "added") {
                    ctx.before_said.insert(w.to_string());
                }
                if res.org_heads.contains_key(&next.to_lowercase()) && is_capitalised(next) {
                    ctx.before_orghead.insert(w.to_string());
                }
            }
        }
        ctx
    }
}

/// Word shape: "Xxxx" → "Xx", "U.S." → "X.X.", "1996" → "d".
pub fn short_shape(word: &str) -> String {
    let mut out = String::new();
    short_shape_into(word, &mut out);
    out
}

/// Appends the short shape of `word` to `out`.
fn short_shape_into(word: &str, out: &mut String) {
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

/// The strings of one sentence (lower-case forms, shapes) in one buffer: one allocation per
/// sentence instead of one per word.
struct Strings {
    buf: String,
    ends: Vec<usize>,
}

impl Strings {
    fn new<'w>(words: &[&'w str], mut write: impl FnMut(&'w str, &mut String)) -> Strings {
        let mut out = Strings {
            buf: String::with_capacity(words.iter().map(|w| w.len() + 2).sum()),
            ends: Vec::with_capacity(words.len()),
        };
        for w in words {
            write(w, &mut out.buf);
            out.ends.push(out.buf.len());
        }
        out
    }
}

impl std::ops::Index<usize> for Strings {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.buf[start..self.ends[i]]
    }
}

/// The gazetteer tags of one word, kept inline (no allocation per word).
#[derive(Clone, Copy)]
struct TagSet {
    n: usize,
    tags: [&'static str; 16],
}

impl TagSet {
    const EMPTY: TagSet = TagSet {
        n: 0,
        tags: [""; 16],
    };

    fn push(&mut self, tag: &'static str) {
        if self.n < self.tags.len() {
            self.tags[self.n] = tag;
            self.n += 1;
        }
    }

    fn push_unique(&mut self, tag: &'static str) {
        if !self.contains(&tag) {
            self.push(tag);
        }
    }

    fn contains(&self, tag: &&'static str) -> bool {
        self.tags[..self.n].contains(tag)
    }

    fn iter(&self) -> impl Iterator<Item = &&'static str> {
        self.tags[..self.n].iter()
    }
}

fn gaz_tags(res: &Resources, words: &[&str], lowers: &Strings) -> Vec<TagSet> {
    let n = words.len();
    let mut tags: Vec<TagSet> = vec![TagSet::EMPTY; n];
    let max = res.max_name_len.max(1);
    let mut key = String::with_capacity(64);
    for i in 0..n {
        let starts_name = res.name_first_words.contains(words[i]);
        key.clear();
        for len in (1..=max.min(n - i)).filter(|_| starts_name) {
            if len > 1 {
                key.push(' ');
            }
            key.push_str(words[i + len - 1]);
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
                        slot.push_unique(tag);
                    }
                }
            }
        }
        if res.place_first_words.contains(words[i]) {
            key.clear();
            for len in 1..=res.max_place_len.min(n - i) {
                if len > 1 {
                    key.push(' ');
                }
                key.push_str(words[i + len - 1]);
                if res.places.contains_key(&key) {
                    tags[i].push("B-place");
                    for slot in &mut tags[i + 1..i + len] {
                        slot.push("I-place");
                    }
                }
            }
        }
        let lower = &lowers[i];
        if res.titles.contains(lower) {
            tags[i].push("title");
        }
        if res.org_heads.contains_key(lower) {
            tags[i].push("orghead");
        }
        if res.agreement_heads.contains(lower) {
            tags[i].push("agreehead");
        }
        if res.first_names.contains(words[i]) {
            tags[i].push("first");
        }
        if res.given_names.contains(words[i]) {
            tags[i].push("given");
        }
        if res.surnames.contains(words[i]) {
            tags[i].push("surname");
        }
    }
    tags
}

/// Joins `parts` into the reused buffer and emits the feature name, allocating nothing.
fn emit_joined(buf: &mut String, parts: &[&str], emit: &mut dyn FnMut(&str)) {
    buf.clear();
    for part in parts {
        buf.push_str(part);
    }
    emit(buf);
}

/// Zipf-frequency bands of the word-frequency features, by Zipf value ×10.
const FREQ_BANDS: [(u8, &str); 7] = [
    (60, "6"),
    (50, "5"),
    (42, "4h"),
    (35, "3h"),
    (30, "3"),
    (25, "2h"),
    (1, "2"),
];

/// The features of a word that do not depend on its context: form, lower case, shapes,
/// affixes, character classes, and how frequent the word is in general English (learnt from
/// a large unlabelled corpus; a capitalised rare word is likely a name). The tagger caches
/// their weights per word.
pub fn word_features(w: &str, res: &Resources, emit: &mut dyn FnMut(&str)) {
    let mut buf = String::with_capacity(64);
    let mut add = |parts: &[&str]| emit_joined(&mut buf, parts, emit);
    add(&["b"]);
    add(&["w=", w]);
    let lower = w.to_lowercase();
    add(&["l=", &lower]);
    if w.chars().any(char::is_alphabetic) {
        let zipf = res.zipf10(&lower);
        let band = FREQ_BANDS
            .iter()
            .find(|(min, _)| zipf >= *min)
            .map_or("0", |(_, band)| band);
        let cap = w.chars().next().is_some_and(char::is_uppercase);
        add(&[if cap { "cfq=" } else { "fq=" }, band]);
    }
    add(&["s=", &short_shape(w)]);
    add(&["S=", &long_shape(w)]);
    let n_chars = w.chars().count();
    const PREFIX: [&str; 4] = ["p1=", "p2=", "p3=", "p4="];
    const SUFFIX: [&str; 4] = ["x1=", "x2=", "x3=", "x4="];
    for k in 1..=4.min(n_chars) {
        let prefix_end = w.char_indices().nth(k).map_or(w.len(), |(b, _)| b);
        let suffix_start = w.char_indices().nth(n_chars - k).map_or(0, |(b, _)| b);
        add(&[PREFIX[k - 1], &w[..prefix_end]]);
        add(&[SUFFIX[k - 1], &w[suffix_start..]]);
    }
    let first_upper = w.chars().next().is_some_and(|c| c.is_uppercase());
    if first_upper {
        add(&["cap"]);
    }
    if n_chars > 1 && w.chars().all(|c| !c.is_lowercase()) && w.chars().any(|c| c.is_alphabetic()) {
        add(&["allcaps"]);
    }
    if w.chars().any(|c| c.is_ascii_digit()) {
        add(&["digit"]);
    }
    if w.chars().all(|c| !c.is_alphanumeric()) {
        add(&["punct"]);
    }
    if w.contains('-') {
        add(&["hyphen"]);
    }
}

/// Per-sentence data the features of every token read.
pub struct SentenceContext<'a> {
    words: &'a [&'a str],
    lowers: Strings,
    shapes: Strings,
    gaz: Vec<TagSet>,
    ctx: &'a DocContext,
    res: &'a Resources,
}

impl<'a> SentenceContext<'a> {
    /// Prepares a sentence: lower case, shapes and gazetteer tags of every word.
    pub fn new(
        words: &'a [&'a str],
        res: &'a Resources,
        ctx: &'a DocContext,
    ) -> SentenceContext<'a> {
        let lowers = Strings::new(words, |w, buf| {
            buf.extend(w.chars().flat_map(char::to_lowercase))
        });
        SentenceContext {
            words,
            shapes: Strings::new(words, short_shape_into),
            gaz: gaz_tags(res, words, &lowers),
            lowers,
            ctx,
            res,
        }
    }

    /// Calls `emit` with the name of every feature of token `i`, reusing one buffer, so that
    /// tagging allocates nothing per feature.
    pub fn for_each_feature(&self, i: usize, emit: &mut dyn FnMut(&str)) {
        word_features(self.words[i], self.res, emit);
        self.for_each_context_feature(i, emit);
    }

    /// The features of token `i` that depend on its context (neighbours, gazetteer matches,
    /// document); [`word_features`] gives the rest.
    pub fn for_each_context_feature(&self, i: usize, emit: &mut dyn FnMut(&str)) {
        let (words, lowers, shapes, gaz, ctx) =
            (self.words, &self.lowers, &self.shapes, &self.gaz, self.ctx);
        let n = words.len();
        let w = words[i];
        let n_chars = w.chars().count();
        let first_upper = w.chars().next().is_some_and(|c| c.is_uppercase());
        let mut buf = String::with_capacity(64);
        let mut add = |parts: &[&str]| emit_joined(&mut buf, parts, emit);
        if i == 0 {
            add(&["first"]);
            if first_upper {
                add(&[if ctx.lower_seen.contains(&lowers[i]) {
                    "init_lowerseen"
                } else {
                    "init_notseen"
                }]);
            }
        }
        if i + 1 == n {
            add(&["last"]);
        }
        if first_upper && i > 0 && ctx.lower_seen.contains(&lowers[i]) {
            add(&["cap_lowerseen"]);
        }
        let all_caps = n_chars > 1
            && w.chars().all(|c| !c.is_lowercase())
            && w.chars().any(|c| c.is_alphabetic());
        if first_upper {
            // The word's ordinary capitalised form, for headline capitals and sentence openers.
            let form = if all_caps {
                title_case_word(w)
            } else {
                w.to_string()
            };
            if (i == 0 || all_caps) && ctx.mid_cap.contains(&form) {
                add(&["doc_midcap"]);
            }
            let cues = [
                (&ctx.after_title, "doc_after_title"),
                (&ctx.in_run, "doc_in_run"),
                (&ctx.after_in, "doc_after_in"),
                (&ctx.before_said, "doc_before_said"),
                (&ctx.before_orghead, "doc_before_orghead"),
                (&ctx.after_first_name, "doc_after_first_name"),
            ];
            for (set, name) in cues {
                if set.contains(&form) {
                    add(&[name]);
                }
            }
        }
        for g in gaz[i].iter() {
            add(&["g=", g]);
        }
        const OFFSETS: [(i32, &str, &str, &str, &str); 4] = [
            (-2, "-2:pad", "-2:l=", "-2:s=", "-2:g="),
            (-1, "-1:pad", "-1:l=", "-1:s=", "-1:g="),
            (1, "1:pad", "1:l=", "1:s=", "1:g="),
            (2, "2:pad", "2:l=", "2:s=", "2:g="),
        ];
        for (d, pad, l, sh, g) in OFFSETS {
            let j = i as i32 + d;
            if j < 0 || j >= n as i32 {
                add(&[pad]);
                continue;
            }
            let j = j as usize;
            add(&[l, &lowers[j]]);
            add(&[sh, &shapes[j]]);
            if d.abs() == 1 {
                for tag in gaz[j].iter() {
                    add(&[g, tag]);
                }
            }
        }
        if i > 0 {
            add(&["-1|0:l=", &lowers[i - 1], "|", &lowers[i]]);
        }
        if i + 1 < n {
            add(&["0|1:l=", &lowers[i], "|", &lowers[i + 1]]);
            add(&["0|1:s=", &shapes[i], "|", &shapes[i + 1]]);
        }
    }
}

/// Features of every token of one sentence, as crfsuite attributes (for training).
pub fn sentence_features(words: &[&str], res: &Resources, ctx: &DocContext) -> Vec<Vec<Attribute>> {
    let sentence = SentenceContext::new(words, res, ctx);
    (0..words.len())
        .map(|i| {
            let mut f = Vec::with_capacity(48);
            sentence.for_each_feature(i, &mut |name| f.push(Attribute::new(name, 1.0)));
            f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_shapes() {
        assert_eq!(short_shape("Ruiz"), "Xx");
        assert_eq!(short_shape("U.S."), "X.X.");
        assert_eq!(short_shape("COVID-19"), "X-d");
    }

    #[test]
    fn features_include_gazetteer_and_context() {
        let res = Resources::load_default().unwrap();
        let ctx = DocContext::new(&res, [&["the", "some"][..]]);
        let feats = sentence_features(&["Some", "Chinese", "officials"], &res, &ctx);
        let names = |i: usize| feats[i].iter().map(|a| a.name.clone()).collect::<Vec<_>>();
        assert!(names(0).contains(&"init_lowerseen".to_string()));
        assert!(names(1).contains(&"g=demonym".to_string()));
        assert!(names(2).contains(&"-1:g=demonym".to_string()));
        assert!(names(2).contains(&"fq=4h".to_string()), "{:?}", names(2));
        let feats = sentence_features(&["In", "Osaka", "Xqzvbw"], &res, &ctx);
        let names = |i: usize| feats[i].iter().map(|a| a.name.clone()).collect::<Vec<_>>();
        assert!(names(1).contains(&"g=B-place".to_string()));
        assert!(names(2).contains(&"cfq=0".to_string()));
    }
}
