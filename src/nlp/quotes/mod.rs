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

use super::cues::{
    date_in, entity_ending_at, entity_starting_at, is_label_word, is_possessive,
    pronoun_antecedent, rare_label, token_mentions, AUXILIARIES, SPEECH_VERBS,
};
use super::learn::{self, bucket, words_key, Classifier, Instance};
use super::resources::{Gender, ResourceError, Resources};
use super::stage::{NlpError, Stage};
use crate::doc::{Doc, EntityType, Statement};
use crate::eval::names_match;
use std::ops::Range;
use std::sync::Arc;

mod spans;
use spans::{
    headline_end, is_close_quote, is_dash, partial_quote, speech_like, title_like, word_count,
};
pub use spans::{paragraphs, quote_spans};

/// Feature version of the speaker model; a model file of another version is refused.
pub const FEATURE_VERSION: u32 = 4;
/// The model kind written in the model file's header.
pub const MODEL_KIND: &str = "quotes";
/// Passes over the training data: on two folds of PolNeAR train, 2 to 8 passes attribute
/// about 0.5 points more quotes of the other fold than 12 or 20, which fit the training articles.
pub const TRAIN_EPOCHS: usize = 4;
/// Labels of the speaker model.
pub const LABELS: [&str; 2] = ["other", "speaker"];
/// A candidate needs at least this probability to be chosen as the speaker.
const SPEAKER_THRESHOLD: f32 = 0.05;
/// A short quote that does not look like speech is a statement only when its speaker is at
/// least this likely (else it is a scare quote or a title).
const STATEMENT_THRESHOLD: f32 = 0.3;
/// Quotes with fewer word tokens than this are scare quotes unless a speaker is found.
const MIN_QUOTE_WORDS: usize = 3;
/// A quote of at most this many words inside a sentence of the writer's is a partial quote.
const PARTIAL_QUOTE_MAX_WORDS: usize = 6;
/// Quotes with at least this many tokens, or ending in sentence punctuation, are statements
/// even when no speaker is found.
const LONG_QUOTE_TOKENS: usize = 8;
/// How far before a quote, in tokens, speaker candidates are sought.
const WINDOW_BEFORE: usize = 60;
/// How far after a quote, in tokens, speaker candidates are sought.
const WINDOW_AFTER: usize = 30;

/// The longest apposition between a name and its cue verb, in tokens ("Ana Pereira, who runs a
/// cafe beside the bridge and chairs the traders' association, said").
const APPOSITION_TOKENS: usize = 25;

/// How many paragraphs back a pronoun's antecedent is sought.
const ANTECEDENT_PARAGRAPHS: usize = 3;
/// At most this many entities are ranked as a pronoun's antecedent.
const MAX_ANTECEDENTS: usize = 6;

/// Nouns that name a source of speech without naming it ("a source", "officials").
const SOURCE_NOUNS: [&str; 34] = [
    "source",
    "sources",
    "official",
    "officials",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokespeople",
    "aide",
    "aides",
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "analyst",
    "analysts",
    "expert",
    "experts",
    "statement",
    "report",
    "memo",
    "letter",
    "campaign",
    "critics",
    "supporters",
    "witnesses",
    "observers",
    "residents",
    "voters",
    "person",
    "people",
    "strategist",
    "operative",
    "insiders",
];

/// Source nouns that name a document, which speaks for the body that issued it.
const DOCUMENT_SOURCES: [&str; 4] = ["statement", "report", "memo", "letter"];

/// Cue verbs of quotations beyond the speech verbs of [`SPEECH_VERBS`].
const OTHER_CUES: [&str; 10] = [
    "wrote",
    "writes",
    "tweets",
    "posts",
    "asks",
    "replies",
    "responds",
    "recalls",
    "continues",
    "concludes",
];

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

/// The speaker model compiled into the binary, or the one `NEWSGRAPH_QUOTE_MODEL` names
/// (empty: none).
pub fn builtin_model() -> Result<Option<Classifier>, ResourceError> {
    learn::load_builtin(
        "NEWSGRAPH_QUOTE_MODEL",
        include_str!("../../../data/models/quotes.model"),
        "data/models/quotes.model",
        MODEL_KIND,
        FEATURE_VERSION,
    )
}

/// What a speaker candidate is.
#[derive(Debug, Clone, PartialEq)]
pub enum CandidateKind {
    /// A mention of an entity.
    Entity(usize),
    /// A personal pronoun, with its antecedent entity when one was found.
    Pronoun(Option<usize>),
    /// A nominal source ("a spokeswoman"), with the named entity in apposition if any.
    Nominal(Option<usize>),
}

/// A speaker candidate of one quote.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Token range of the candidate phrase.
    pub tokens: Range<usize>,
    /// What it is.
    pub kind: CandidateKind,
}

impl Candidate {
    /// The entity the candidate stands for, when known.
    pub fn entity(&self) -> Option<usize> {
        match self.kind {
            CandidateKind::Entity(e) => Some(e),
            CandidateKind::Pronoun(e) | CandidateKind::Nominal(e) => e,
        }
    }
}

/// Per-document context shared by candidate search and features.
pub struct QuoteCtx<'a> {
    doc: &'a Doc,
    res: &'a Resources,
    by_token: Vec<Option<usize>>,
    para: Vec<usize>,
    /// Quote spans (all, also short ones).
    pub quotes: Vec<Range<usize>>,
    in_quote: Vec<bool>,
    /// First token after a headline the reader did not recognise as one.
    body_token: usize,
    /// Per entity: the gender the article gives it.
    genders: Vec<Gender>,
}

impl<'a> QuoteCtx<'a> {
    /// Context of one document (tokens, sentences, mentions and entities set).
    pub fn new(doc: &'a Doc, res: &'a Resources) -> QuoteCtx<'a> {
        let para = paragraphs(doc);
        let quotes = quote_spans(doc, &para);
        let mut in_quote = vec![false; doc.tokens.len()];
        for q in &quotes {
            // The marks belong to the quote too.
            let from = q.start.saturating_sub(1);
            let to = (q.end + 1).min(doc.tokens.len());
            in_quote[from..to].iter_mut().for_each(|b| *b = true);
        }
        let body_token = headline_end(doc, &para);
        let genders = entity_genders(doc, res, &in_quote);
        QuoteCtx {
            doc,
            res,
            by_token: token_mentions(doc),
            para,
            quotes,
            in_quote,
            body_token,
            genders,
        }
    }

    /// Is token `i` in the header (headline, byline) rather than the body?
    fn in_header(&self, i: usize) -> bool {
        i < self.body_token || self.doc.tokens[i].start < self.doc.body_start
    }

    fn lower(&self, i: usize) -> String {
        self.doc.token_text(i).to_lowercase()
    }

    fn speaker_type_ok(&self, e: usize) -> bool {
        matches!(
            self.doc.entities[e].etype,
            EntityType::Person | EntityType::Organization | EntityType::Country
        )
    }

    /// The gender of a person entity, from what the article says of it (see
    /// [`entity_genders`]).
    pub fn gender_of(&self, e: usize) -> Gender {
        self.genders.get(e).copied().unwrap_or(Gender::Unknown)
    }

    /// The antecedent of a pronoun outside quotes: the nearest person of compatible gender for
    /// he/she, else what [`pronoun_antecedent`] finds.
    fn resolve_pronoun(&self, token: usize) -> Option<usize> {
        let w = self.lower(token);
        let want = match w.as_str() {
            "he" => Gender::Male,
            "she" => Gender::Female,
            _ => return pronoun_antecedent(self.doc, token),
        };
        self.doc
            .mentions
            .iter()
            .rev()
            .filter(|m| m.tokens.end <= token && !self.in_quote[m.tokens.start])
            .filter(|m| m.etype == EntityType::Person)
            .filter_map(|m| m.entity)
            .find(|&e| {
                let g = self.gender_of(e);
                g == want || g == Gender::Unknown
            })
    }

    /// What the "he" or "she" opening an earlier sentence stands for: "Trump spoke in Ohio.
    /// He praised the deal negotiated by Obama, who … He said …" — back along the sentences
    /// it opens to the nearest person of compatible gender who is the subject of a clause
    /// named after the one before, else to the nearest person of compatible gender.
    pub fn chain_antecedent(&self, pron: usize) -> Option<usize> {
        let word = self.lower(pron);
        let want = match word.as_str() {
            "he" => Gender::Male,
            "she" => Gender::Female,
            _ => return None,
        };
        let floor_para = self.para[pron].saturating_sub(ANTECEDENT_PARAGRAPHS);
        let floor = (0..pron)
            .rev()
            .find(|&t| self.para[t] < floor_para)
            .map_or(0, |t| t + 1);
        let opens_sentence = |t: usize| {
            let s = &self.doc.sentences[self.doc.sentence_of(t)];
            t == s.start
                || (t == s.start + 1
                    && matches!(self.lower(s.start).as_str(), "and" | "but" | "then"))
        };
        let opener_before = |to: usize| {
            (floor..to).rev().find(|&t| {
                !self.in_quote[t]
                    && !self.in_header(t)
                    && self.lower(t) == word
                    && opens_sentence(t)
            })
        };
        let mut t = opener_before(pron)?;
        loop {
            let before = opener_before(t);
            let subject = self
                .doc
                .mentions
                .iter()
                .rev()
                .filter(|m| m.tokens.end <= t && m.tokens.start >= before.unwrap_or(floor))
                .filter(|m| m.etype == EntityType::Person && !self.in_quote[m.tokens.start])
                .filter(|m| self.is_subject(&m.tokens))
                .filter_map(|m| m.entity)
                .find(|&e| matches!(self.gender_of(e), g if g == want || g == Gender::Unknown));
            match (subject, before) {
                (Some(e), _) => return Some(e),
                (None, Some(b)) => t = b,
                (None, None) => return self.resolve_pronoun(t),
            }
        }
    }

    /// Is the mention at `tokens` the subject of its clause: a lower-case word that is no
    /// preposition, conjunction or relative pronoun follows it, past an apposition between
    /// commas ("Ana Ruiz, the group's director, spoke")?
    fn is_subject(&self, tokens: &Range<usize>) -> bool {
        let next = self.clause_verb_after(tokens);
        next.chars().all(|c| c.is_lowercase())
            && !matches!(
                next.as_str(),
                "of" | "and"
                    | "or"
                    | "in"
                    | "at"
                    | "on"
                    | "for"
                    | "to"
                    | "with"
                    | "from"
                    | "by"
                    | "who"
                    | "which"
                    | "that"
                    | "as"
                    | "the"
                    | "a"
                    | "an"
                    | ""
            )
    }

    /// The names of an entity: canonical name, aliases and mention surfaces.
    pub fn entity_names(&self, e: usize) -> Vec<String> {
        let ent = &self.doc.entities[e];
        let mut names = vec![ent.name.clone()];
        names.extend(ent.aliases.iter().cloned());
        names.extend(
            ent.mentions
                .iter()
                .map(|&m| self.doc.mention_text(m).to_string()),
        );
        names
    }

    /// The entities a pronoun at `pron` may stand for, nearest first: (entity, its nearest
    /// mention before the pronoun), outside quotes, within the last paragraphs.
    pub fn antecedents(&self, pron: usize) -> Vec<(usize, usize)> {
        let word = self.lower(pron);
        let floor_para = self.para[pron].saturating_sub(ANTECEDENT_PARAGRAPHS);
        let mut out: Vec<(usize, usize)> = Vec::new();
        let end = self.doc.mentions.partition_point(|m| m.tokens.end <= pron);
        for mi in (0..end).rev() {
            let m = &self.doc.mentions[mi];
            if self.para[m.tokens.start] < floor_para || out.len() >= MAX_ANTECEDENTS {
                break;
            }
            let Some(e) = m.entity else { continue };
            if self.in_quote[m.tokens.start] || self.in_header(m.tokens.start) {
                continue;
            }
            let etype = self.doc.entities[e].etype;
            // "it" may stand for a campaign the tagger read as its candidate: persons stay in.
            let fits = match word.as_str() {
                "he" | "she" | "i" => etype == EntityType::Person,
                _ => self.speaker_type_ok(e),
            };
            if fits && !out.iter().any(|&(x, _)| x == e) {
                out.push((e, mi));
            }
        }
        out
    }

    /// How the gender of entity `e` fits the pronoun at `pron`: "agree", "clash", "unknown"
    /// (the entity's gender is not known) or "n/a" (the pronoun has none).
    fn agreement(&self, pron: usize, e: usize) -> &'static str {
        let want = match self.lower(pron).as_str() {
            "he" => Gender::Male,
            "she" => Gender::Female,
            _ => Gender::Unknown,
        };
        match (want, self.gender_of(e)) {
            (Gender::Unknown, _) => "n/a",
            (_, Gender::Unknown) => "unknown",
            (w, g) if w == g => "agree",
            _ => "clash",
        }
    }

    /// Features of the `rank`-th of the antecedents `ants` of the pronoun at `pron` (see
    /// [`QuoteCtx::antecedents`]); `prev` is the speaker of the quote before, `chain` what the
    /// pronoun continues (see [`QuoteCtx::chain_antecedent`]; the same for every rank).
    pub fn antecedent_features(
        &self,
        pron: usize,
        ants: &[(usize, usize)],
        rank: usize,
        prev: Option<usize>,
        chain: Option<usize>,
    ) -> Vec<String> {
        let doc = self.doc;
        let word = self.lower(pron);
        let (e, m) = ants[rank];
        let agree = self.agreement(pron, e);
        let mention = &doc.mentions[m];
        let para_dist = (self.para[pron] - self.para[mention.tokens.start]).min(3);
        let sent_dist = doc.sentence_of(pron) - doc.sentence_of(mention.tokens.start);
        let sent_start =
            doc.sentences[doc.sentence_of(mention.tokens.start)].start == mention.tokens.start;
        let (verb, _) = self.verb_after(&mention.tokens);
        let speech = SPEECH_VERBS.contains(&verb.as_str());
        let clause_verb = self.clause_verb_after(&mention.tokens);
        let subject = if SPEECH_VERBS.contains(&clause_verb.as_str())
            || OTHER_CUES.contains(&clause_verb.as_str())
        {
            "speech"
        } else if clause_verb.ends_with("ed") || clause_verb.ends_with('s') {
            "verb"
        } else {
            "other"
        };
        // "said Ivanka Trump's statement …": named in what someone else said.
        let reported = mention.tokens.start.checked_sub(1).is_some_and(|t| {
            SPEECH_VERBS.contains(&self.lower(t).as_str()) || self.lower(t) == "that"
        });
        let possessive = mention.tokens.end < doc.tokens.len()
            && is_possessive(doc.token_text(mention.tokens.end));
        let count = doc.entities[e]
            .mentions
            .iter()
            .filter(|&&x| doc.mentions[x].tokens.end <= pron)
            .count();
        let is_prev = prev == Some(e);
        let etype = doc.entities[e].etype.as_str();
        let rank_s = rank.min(4).to_string();
        vec![
            "pr:bias".to_string(),
            format!("pr:agree={agree}"),
            format!("pr:agree={agree}|rank={rank_s}"),
            format!("pr:chain={}", chain == Some(e)),
            format!("pr:rank={rank_s}"),
            format!("pr:rank={rank_s}|prev={is_prev}"),
            format!("pr:prev={is_prev}"),
            format!("pr:prev={is_prev}|agree={agree}"),
            format!("pr:para={para_dist}"),
            format!("pr:sent={}", bucket(sent_dist)),
            format!("pr:sentstart={sent_start}"),
            format!("pr:speechverb={speech}"),
            format!("pr:subject={subject}"),
            format!("pr:reported={reported}"),
            format!("pr:poss={possessive}"),
            format!("pr:count={}", bucket(count)),
            format!("pr:type={etype}|word={word}"),
            format!("pr:source={:?}", mention.source),
        ]
    }

    /// The antecedent the model ranks first for the pronoun at `pron`.
    fn rank_antecedent(
        &self,
        model: &Classifier,
        pron: usize,
        prev: Option<usize>,
    ) -> Option<usize> {
        let yes = model.label_index("speaker").unwrap_or(1);
        // A person of the other gender is out, but keeps its rank.
        let ants = self.antecedents(pron);
        let chain = self.chain_antecedent(pron);
        ants.iter()
            .enumerate()
            .filter(|&(_, &(e, _))| self.agreement(pron, e) != "clash")
            .map(|(rank, &(e, _))| {
                let features = self.antecedent_features(pron, &ants, rank, prev, chain);
                (model.probabilities(&features)[yes], e)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, e)| e)
    }

    /// A nominal source noun phrase ending at `head` (inclusive): its first token.
    fn nominal_start(&self, head: usize, floor: usize) -> usize {
        let mut s = head;
        while s > floor {
            let w = self.doc.token_text(s - 1);
            let lw = w.to_lowercase();
            let modifier = matches!(lw.as_str(), "a" | "an" | "the" | "one" | "two" | "several")
                || (w.chars().all(|c| c.is_alphabetic() || c == '-')
                    && !matches!(
                        lw.as_str(),
                        "said" | "says" | "and" | "or" | "to" | "of" | "in" | "by" | "that"
                    )
                    && self.res.zipf10(&lw) > 0
                    && s + 3 > head);
            if !modifier || self.in_quote[s - 1] {
                break;
            }
            s -= 1;
            if matches!(lw.as_str(), "a" | "an" | "the") {
                break;
            }
        }
        s
    }

    /// Does the mention ending at `end` modify a person named after a title ("MSNBC host Ann
    /// Lee", "Clinton's campaign manager Robby Mook")? Then that person, not the mention, is
    /// the head of the phrase and the one who speaks.
    fn modifies_person(&self, end: usize) -> bool {
        let doc = self.doc;
        let mut k = end;
        if k < doc.tokens.len() && is_possessive(doc.token_text(k)) {
            k += 1;
        }
        let mut titled = false;
        for _ in 0..4 {
            if k >= doc.tokens.len() || self.in_quote[k] {
                return false;
            }
            if let Some(m) = self.by_token[k] {
                let m = &doc.mentions[m];
                return titled && m.tokens.start == k && m.etype == EntityType::Person;
            }
            let w = doc.token_text(k);
            if !w.chars().all(|c| c.is_alphabetic() || c == '-') {
                return false;
            }
            let lw = w.to_lowercase();
            titled |= self.res.is_title(&lw) || SOURCE_NOUNS.contains(&lw.as_str());
            k += 1;
        }
        false
    }

    /// The speaker label a transcript puts at the start of a quote ("“WALLACE: Let's start
    /// …"): one to three upper-case words and a colon, naming a person of the article by a
    /// word of their name. The label is the candidate; the content starts after the colon.
    fn transcript_label(&self, q: &Range<usize>) -> Option<Candidate> {
        let doc = self.doc;
        let colon = self.label_colon(q)?;
        let label: Vec<&str> = (q.start..colon).map(|k| doc.token_text(k)).collect();
        let key = label.last()?.to_lowercase();
        let named = (0..doc.entities.len()).find(|&e| {
            let ent = &doc.entities[e];
            ent.etype == EntityType::Person
                && self.entity_names(e).iter().any(|n| {
                    n.split_whitespace().any(|w| {
                        let w = w
                            .strip_suffix("'s")
                            .or_else(|| w.strip_suffix("\u{2019}s"))
                            .unwrap_or(w);
                        w.to_lowercase() == key
                    })
                })
        });
        // A label naming no one of the article ("WALLACE:" for a host named only "Chris")
        // is still the speaker's name, unless it is a common word ("NOTE:", "UPDATE:").
        let kind = match named {
            Some(person) => CandidateKind::Entity(person),
            None if rare_label(self.res, &label) => CandidateKind::Nominal(None),
            None => return None,
        };
        Some(Candidate {
            tokens: q.start..colon,
            kind,
        })
    }

    /// The credit line of a quote set off by a dash ("“…” ― Ana Ruiz", "“…” — Ana Ruiz,
    /// a teacher"): a person or organisation named right after the dash, in the quote's
    /// paragraph, is its speaker.
    fn dash_credit(&self, q: &Range<usize>) -> Option<Candidate> {
        let doc = self.doc;
        let mark = q.end;
        let dash = if mark < doc.tokens.len() && is_close_quote(doc.token_text(mark)) {
            mark + 1
        } else {
            mark
        };
        if dash + 1 >= doc.tokens.len()
            || !is_dash(doc.token_text(dash))
            || self.para[dash] != self.para[q.start]
            || self.para[dash + 1] != self.para[dash]
        {
            return None;
        }
        let m = self.by_token[dash + 1].map(|m| &doc.mentions[m])?;
        let e = m.entity.filter(|&e| self.speaker_type_ok(e))?;
        // The name ends the credit: the paragraph ends, or a description or full stop follows.
        let end = m.tokens.end;
        let ends = end >= doc.tokens.len()
            || self.para[end] != self.para[dash]
            || matches!(doc.token_text(end), "," | "." | "(");
        (m.tokens.start == dash + 1 && ends).then(|| Candidate {
            tokens: m.tokens.clone(),
            kind: CandidateKind::Entity(e),
        })
    }

    /// The colon of a label-like opening of quote `q` (upper-case words and a colon at the
    /// start of its paragraph), whether or not the label names a speaker.
    fn label_colon(&self, q: &Range<usize>) -> Option<usize> {
        let doc = self.doc;
        let starts_para = q.start < 2 || self.para[q.start - 2] != self.para[q.start];
        if !starts_para {
            return None;
        }
        let colon = (q.start..(q.start + 4).min(q.end)).find(|&k| doc.token_text(k) == ":")?;
        let upper = |k: usize| is_label_word(doc.token_text(k));
        (colon > q.start && colon + 1 < q.end && (q.start..colon).all(upper)).then_some(colon)
    }

    /// Does quote `q` run on from a quote of the paragraph before that was left open (the next
    /// paragraph opening with a mark again, as wire copy and transcripts do)?
    fn continues(&self, prev: &Range<usize>, q: &Range<usize>) -> bool {
        let doc = self.doc;
        let starts_para = q.start < 2 || self.para[q.start - 2] != self.para[q.start];
        // Left open: no closing mark ends it, only the paragraph (whose next one may open with
        // a straight mark, which reads as a closing one too).
        let left_open = prev.end >= doc.tokens.len()
            || !is_close_quote(doc.token_text(prev.end))
            || self.para[prev.end] != self.para[prev.end.saturating_sub(1)];
        starts_para && left_open && self.para[prev.start] + 1 == self.para[q.start]
    }

    /// The speaker candidates of quote `q` (token range without marks), nearest first on each
    /// side.
    pub fn candidates(&self, q: &Range<usize>) -> Vec<Candidate> {
        let doc = self.doc;
        let qpara = self.para[q.start];
        let from = q.start.saturating_sub(WINDOW_BEFORE);
        let to = (q.end + WINDOW_AFTER).min(doc.tokens.len());
        let mut out = Vec::new();
        let mut i = from;
        while i < to {
            // Not the headline or the byline, nor inside a quote.
            if self.in_quote[i] || (i >= q.start && i < q.end) || self.in_header(i) {
                i += 1;
                continue;
            }
            // Candidates before the quote: its paragraph or the one before; after: its own.
            let p = self.para[i];
            let ok_para = if i < q.start {
                p + 1 >= qpara
            } else {
                p == self.para[q.end.saturating_sub(1)]
            };
            if !ok_para {
                i += 1;
                continue;
            }
            if let Some(m) = self.by_token[i] {
                let mention = &doc.mentions[m];
                let end = mention.tokens.end.min(to);
                if let Some(e) = mention.entity.filter(|&e| self.speaker_type_ok(e)) {
                    if mention.tokens.start == i && !self.modifies_person(mention.tokens.end) {
                        out.push(Candidate {
                            tokens: i..end,
                            kind: CandidateKind::Entity(e),
                        });
                    }
                }
                i = end.max(i + 1);
                continue;
            }
            let lw = self.lower(i);
            match lw.as_str() {
                "he" | "she" | "they" | "it" | "we" | "i" => {
                    let antecedent = self.resolve_pronoun(i);
                    out.push(Candidate {
                        tokens: i..i + 1,
                        kind: CandidateKind::Pronoun(antecedent),
                    });
                }
                w if SOURCE_NOUNS.contains(&w) || self.res.is_title(w) => {
                    // The head of a noun phrase only: not "spokesman Ana Ruiz" (the name is
                    // the candidate) nor "official statements".
                    let next_is_noun = i + 1 < to
                        && self
                            .doc
                            .token_text(i + 1)
                            .chars()
                            .all(|c| c.is_alphabetic())
                        && (SOURCE_NOUNS.contains(&self.lower(i + 1).as_str())
                            || self.res.is_title(&self.lower(i + 1)));
                    if !next_is_noun {
                        let start = self.nominal_start(i, from);
                        // "a spokeswoman, Ana Ruiz," or "spokeswoman Ana Ruiz": the name after;
                        // "Ana Ruiz, a spokeswoman": the name before.
                        let mut k = i + 1;
                        if k < to && doc.token_text(k) == "," {
                            k += 1;
                        }
                        let person = |e: &usize| doc.entities[*e].etype == EntityType::Person;
                        let named = entity_starting_at(doc, &self.by_token, k)
                            .filter(person)
                            .or_else(|| {
                                (start > 1 && doc.token_text(start - 1) == ",")
                                    .then(|| entity_ending_at(doc, &self.by_token, start - 1))
                                    .flatten()
                                    .filter(person)
                            })
                            .or_else(|| {
                                // "the IMF report", "a White House statement": the body whose
                                // document speaks.
                                if !DOCUMENT_SOURCES.contains(&lw.as_str()) {
                                    return None;
                                }
                                (start..i).find_map(|t| {
                                    let e =
                                        self.by_token[t].and_then(|m| doc.mentions[m].entity)?;
                                    let body = doc.entities[e].etype != EntityType::Person;
                                    (body && self.speaker_type_ok(e)).then_some(e)
                                })
                            });
                        out.push(Candidate {
                            tokens: start..i + 1,
                            kind: CandidateKind::Nominal(named),
                        });
                    }
                }
                _ => {}
            }
            i += 1;
        }
        out
    }

    /// The verb of the clause a mention opens, past an apposition or relative clause between
    /// commas ("Aparna Mathur, who studies tax policy, said") and auxiliaries; "<q>" in a
    /// quote, empty when the apposition runs to the end of the sentence.
    fn clause_verb_after(&self, c: &Range<usize>) -> String {
        let doc = self.doc;
        let mut k = c.end;
        if k < doc.tokens.len() && doc.token_text(k) == "," {
            let sent_end = doc.sentences[doc.sentence_of(c.start)].end;
            let limit = (k + APPOSITION_TOKENS).min(sent_end);
            match (k + 1..limit).find(|&t| doc.token_text(t) == ",") {
                Some(close) => k = close + 1,
                None => return String::new(),
            }
        }
        self.verb_after(&(c.start..k)).0
    }

    /// The word after a candidate, over auxiliaries and adverbs ("has also said"), lower case.
    fn verb_after(&self, c: &Range<usize>) -> (String, usize) {
        let mut k = c.end;
        let limit = (c.end + 3).min(self.doc.tokens.len());
        while k < limit && AUXILIARIES.contains(&self.doc.token_text(k)) {
            k += 1;
        }
        if k < self.doc.tokens.len() && !self.in_quote[k] {
            (self.lower(k), k)
        } else {
            ("<q>".to_string(), k)
        }
    }

    fn word_or(&self, i: Option<usize>, fallback: &str) -> String {
        match i {
            Some(i) if i < self.doc.tokens.len() => {
                if self.in_quote[i] {
                    "<q>".into()
                } else if self.by_token[i].is_some() {
                    "<e>".into()
                } else {
                    self.lower(i)
                }
            }
            _ => fallback.into(),
        }
    }

    /// The words between a quote and a candidate, masked (entities `<e>`, capitalised `<C>`).
    fn between(&self, from: usize, to: usize) -> Vec<String> {
        (from..to)
            .map(|k| {
                if self.by_token[k].is_some() {
                    "<e>".into()
                } else {
                    let w = self.doc.token_text(k);
                    let lower = w.to_lowercase();
                    if is_dash(w) {
                        "<dash>".into()
                    } else if self.res.is_title(&lower) || SOURCE_NOUNS.contains(&lower.as_str()) {
                        // "said MSNBC host X" and "said NASA spokesman X" alike.
                        "<T>".into()
                    } else if w.chars().next().is_some_and(char::is_uppercase) && k > from {
                        "<C>".into()
                    } else {
                        lower
                    }
                }
            })
            .collect()
    }

    /// Features of candidate `c` (the `rank`-th nearest on its side) for quote `q`;
    /// `prev_speaker` tells whether it stands for the speaker of the quote before.
    pub fn features(
        &self,
        q: &Range<usize>,
        c: &Candidate,
        rank: usize,
        prev_speaker: bool,
    ) -> Vec<String> {
        let doc = self.doc;
        let after = c.tokens.start >= q.end;
        let side = if after { "A" } else { "B" };
        let kind = match &c.kind {
            CandidateKind::Entity(e) => match doc.entities[*e].etype {
                EntityType::Person => "per".to_string(),
                EntityType::Organization => "org".to_string(),
                _ => "gpe".to_string(),
            },
            CandidateKind::Pronoun(_) => format!("pro:{}", self.lower(c.tokens.start)),
            CandidateKind::Nominal(named) => {
                if named.is_some() {
                    "nom:named".to_string()
                } else {
                    "nom".to_string()
                }
            }
        };
        let (gap_from, gap_to) = if after {
            ((q.end + 1).min(c.tokens.start), c.tokens.start)
        } else {
            (c.tokens.end, q.start.saturating_sub(1).max(c.tokens.end))
        };
        let dist = gap_to - gap_from;
        let between = self.between(gap_from, gap_to);
        let between_key = words_key(&between, 4, "|", "..");
        let (verb, verb_idx) = self.verb_after(&c.tokens);
        let prev = self.word_or(c.tokens.start.checked_sub(1), "<s>");
        let prev2 = self.word_or(c.tokens.start.checked_sub(2), "<s>");
        let qpara = self.para[q.start];
        let para_rel = match self.para[c.tokens.start] as isize - qpara as isize {
            0 => "same",
            -1 => "prev",
            _ => "other",
        };
        let csent = doc.sentence_of(c.tokens.start);
        let boundary = if after {
            q.end.saturating_sub(1)
        } else {
            q.start
        };
        let sent_rel = match csent as isize - doc.sentence_of(boundary) as isize {
            0 => "same",
            -1 | 1 => "adj",
            _ => "far",
        };
        let quote_starts_para = q.start < 2 || self.para[q.start - 2] != qpara;
        let quote_ends_para = q.end + 1 >= doc.tokens.len() || self.para[q.end + 1] != qpara;
        let speech_verb = SPEECH_VERBS.contains(&verb.as_str());
        let said_before = c.tokens.start > 0 && {
            let w = self.lower(c.tokens.start - 1);
            SPEECH_VERBS.contains(&w.as_str())
        };
        let possessive =
            c.tokens.end < doc.tokens.len() && is_possessive(doc.token_text(c.tokens.end));
        let rank_s = rank.min(3).to_string();
        let dist_b = bucket(dist);
        let last_punct = doc.token_text(q.end.saturating_sub(1)).to_string();
        let mut f = vec![
            "bias".to_string(),
            format!("side={side}"),
            format!("kind={kind}"),
            format!("kind={kind}|side={side}"),
            format!("dist={dist_b}|side={side}"),
            format!("rank={rank_s}|side={side}"),
            format!("rank={rank_s}|side={side}|kind={kind}"),
            format!("para={para_rel}|side={side}"),
            format!("sent={sent_rel}|side={side}"),
            format!("verb={verb}"),
            format!("verb={verb}|side={side}"),
            format!("speechverb={speech_verb}|side={side}"),
            format!("speechverb={speech_verb}|side={side}|rank={rank_s}"),
            format!("saidbefore={said_before}|side={side}"),
            format!("prev={prev}|side={side}"),
            format!("prev2={prev2}|prev={prev}"),
            format!("between={between_key}|side={side}"),
            format!(
                "qstart={quote_starts_para}|qend={quote_ends_para}|side={side}|para={para_rel}"
            ),
            format!("poss={possessive}"),
            format!("prevspeaker={prev_speaker}"),
            format!("prevspeaker={prev_speaker}|para={para_rel}|side={side}"),
            format!("lastpunct={last_punct}|side={side}"),
        ];
        if let Some(first) = between.first() {
            f.push(format!("bfirst={first}|side={side}"));
        }
        if let Some(last) = between.last() {
            f.push(format!("blast={last}|side={side}"));
        }
        if speech_verb && verb_idx < doc.tokens.len() {
            // What follows the cue verb: ":" before a quote, "reporters", "in a statement".
            let next = self.word_or(Some(verb_idx + 1), "</s>");
            f.push(format!("afterverb={next}|side={side}"));
        }
        f
    }
}

/// Words before a name that give its bearer's gender: honorifics and gendered posts. Not
/// "spokesman" or "chairman", which news gives women too ("Trump spokesman Hope Hicks").
const MALE_WORDS: [&str; 8] = [
    "mr",
    "sir",
    "lord",
    "king",
    "prince",
    "congressman",
    "businessman",
    "councilman",
];
/// See [`MALE_WORDS`].
const FEMALE_WORDS: [&str; 14] = [
    "mrs",
    "ms",
    "miss",
    "madam",
    "lady",
    "queen",
    "princess",
    "congresswoman",
    "spokeswoman",
    "chairwoman",
    "businesswoman",
    "councilwoman",
    "actress",
    "dame",
];

/// The gender a word before a name gives ("Mrs.", "Congresswoman").
fn gender_word(word: &str) -> Gender {
    let w = word.trim_end_matches('.').to_lowercase();
    if MALE_WORDS.contains(&w.as_str()) {
        Gender::Male
    } else if FEMALE_WORDS.contains(&w.as_str()) {
        Gender::Female
    } else {
        Gender::Unknown
    }
}

/// The gender of a third-person pronoun outside quotes ("his", "her").
fn pronoun_gender(lower: &str) -> Gender {
    match lower {
        "he" | "him" | "his" | "himself" => Gender::Male,
        "she" | "her" | "hers" | "herself" => Gender::Female,
        _ => Gender::Unknown,
    }
}

/// The gender the article gives each person entity, by the first of these that says one:
/// an honorific or gendered post before a mention ("Mrs.", "Congresswoman"); the given name
/// of a name of two words or more; a lone given name that is no surname of the lexicon
/// ("Melanie", not "Clinton"); the pronouns of the sentences where the entity is the only
/// person named ("Ana Ruiz said her group …"), when one gender has twice the other's.
pub fn entity_genders(doc: &Doc, res: &Resources, in_quote: &[bool]) -> Vec<Gender> {
    // Pronoun evidence: [male, female] votes per entity.
    let mut votes = vec![[0u32; 2]; doc.entities.len()];
    let mut mi = 0;
    for sent in &doc.sentences {
        let mut person: Option<(usize, usize)> = None;
        let mut several = false;
        while mi < doc.mentions.len() && doc.mentions[mi].tokens.start < sent.end {
            let m = &doc.mentions[mi];
            if m.tokens.start >= sent.start && !in_quote[m.tokens.start] {
                if let (EntityType::Person, Some(e)) = (m.etype, m.entity) {
                    match person {
                        Some((p, _)) if p != e => several = true,
                        Some(_) => {}
                        None => person = Some((e, m.tokens.end)),
                    }
                }
            }
            mi += 1;
        }
        let Some((e, after)) = person.filter(|_| !several) else {
            continue;
        };
        let mut seen = [0u32; 2];
        for t in (after..sent.end).filter(|&t| !in_quote[t]) {
            match pronoun_gender(&doc.token_text(t).to_lowercase()) {
                Gender::Male => seen[0] += 1,
                Gender::Female => seen[1] += 1,
                Gender::Unknown => {}
            }
        }
        if (seen[0] == 0) != (seen[1] == 0) {
            votes[e][usize::from(seen[0] == 0)] += 1;
        }
    }
    doc.entities
        .iter()
        .enumerate()
        .map(|(e, ent)| {
            if ent.etype != EntityType::Person {
                return Gender::Unknown;
            }
            let mentions = || ent.mentions.iter().map(|&m| &doc.mentions[m]);
            let titled = mentions()
                .filter_map(|m| m.tokens.start.checked_sub(1))
                .map(|t| gender_word(doc.token_text(t)))
                .chain(mentions().map(|m| {
                    gender_word(
                        doc.tokens_text(&m.tokens)
                            .split_whitespace()
                            .next()
                            .unwrap_or(""),
                    )
                }))
                .find(|&g| g != Gender::Unknown);
            if let Some(g) = titled {
                return g;
            }
            let names = || {
                mentions()
                    .map(|m| doc.tokens_text(&m.tokens))
                    .chain(std::iter::once(ent.name.as_str()))
            };
            // A given name opens a name of two words or more; a lone "Clinton" is a surname.
            let given = names()
                .filter(|n| n.split_whitespace().nth(1).is_some())
                .map(|n| res.gender(n.split_whitespace().next().unwrap_or("")))
                .find(|&g| g != Gender::Unknown);
            if let Some(g) = given {
                return g;
            }
            let lone = names()
                .filter(|n| !n.contains(' ') && !res.surnames.contains(*n))
                .map(|n| res.gender(n))
                .find(|&g| g != Gender::Unknown);
            match (lone, votes[e]) {
                (Some(g), _) => g,
                (None, [m, f]) if m > 2 * f => Gender::Male,
                (None, [m, f]) if f > 2 * m => Gender::Female,
                _ => Gender::Unknown,
            }
        })
        .collect()
}

/// A speaker candidate with its probability.
type Scored = (Candidate, f32);

/// A speaker chosen for a quote: the candidate and its probability.
struct Choice {
    candidate: Candidate,
    probability: f32,
}

/// Picks the speaker of every quote with `model`, in text order (the previous quote's speaker
/// is a feature). `None` where no candidate is likely enough.
fn choose_speakers(
    ctx: &QuoteCtx,
    quotes: &[Range<usize>],
    model: &Classifier,
) -> Vec<Option<Choice>> {
    let yes = model.label_index("speaker").unwrap_or(1);
    let mut out: Vec<Option<Choice>> = Vec::with_capacity(quotes.len());
    let mut prev: Option<(usize, usize)> = None; // (entity, paragraph of the quote)
    for q in quotes {
        let cands = ctx.candidates(q);
        let ranks = side_ranks(&cands, q);
        let mut best: Option<(f32, usize)> = None;
        for (ci, c) in cands.iter().enumerate() {
            let is_prev =
                prev.is_some_and(|(e, p)| c.entity() == Some(e) && p + 1 >= ctx.para[q.start]);
            let p = model.probabilities(&ctx.features(q, c, ranks[ci], is_prev))[yes];
            if best.is_none_or(|(bp, _)| p > bp) {
                best = Some((p, ci));
            }
        }
        let mut choice = best
            .filter(|(p, _)| *p >= SPEAKER_THRESHOLD)
            .map(|(p, ci)| Choice {
                candidate: cands[ci].clone(),
                probability: p,
            });
        // A pronoun speaker stands for the entity the model ranks first among those named
        // before it.
        if let Some(c) = choice.as_mut() {
            if let CandidateKind::Pronoun(resolved) = &mut c.candidate.kind {
                let pron = c.candidate.tokens.start;
                if let Some(e) = ctx.rank_antecedent(model, pron, prev.map(|(e, _)| e)) {
                    *resolved = Some(e);
                }
            }
        }
        if let Some(e) = choice.as_ref().and_then(|c| c.candidate.entity()) {
            prev = Some((e, ctx.para[q.start]));
        }
        out.push(choice);
    }
    out
}

/// The rank of each candidate among those on its side of the quote, nearest first.
pub fn side_ranks(cands: &[Candidate], q: &Range<usize>) -> Vec<usize> {
    let before = cands.iter().filter(|c| c.tokens.start < q.start).count();
    cands
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if c.tokens.start < q.start {
                before - 1 - i
            } else {
                i - before
            }
        })
        .collect()
}

/// A gold quotation, for training.
#[derive(Debug, Clone, Default)]
pub struct GoldQuote {
    /// Byte spans of the content.
    pub content: Vec<Range<usize>>,
    /// Byte span of the source ("the senator", "he"), when annotated.
    pub source: Option<Range<usize>>,
    /// Names the source stands for (its text, and for a pronoun the names it refers to).
    pub names: Vec<String>,
}

/// Training instances for the speaker model from one document and its gold quotations.
pub fn training_instances(doc: &Doc, res: &Resources, gold: &[GoldQuote]) -> Vec<Instance> {
    let ctx = QuoteCtx::new(doc, res);
    let mut out = Vec::new();
    let mut prev: Option<(usize, usize)> = None;
    for q in &ctx.quotes {
        let span = doc.span_of(q);
        // The gold quotation this quote belongs to: most of the quote's bytes inside it.
        let g = gold.iter().find(|g| {
            let inside: usize = g
                .content
                .iter()
                .map(|c| c.end.min(span.end).saturating_sub(c.start.max(span.start)))
                .sum();
            inside * 2 >= span.len()
        });
        let Some((source, names)) = g.and_then(|g| Some((g.source.clone()?, &g.names))) else {
            continue;
        };
        let cands = ctx.candidates(q);
        let ranks = side_ranks(&cands, q);
        let mut gold_entity = None;
        // The source span "Peter Morgan, a lawyer for the Sierra Club" overlaps several
        // candidates: the first named one is the speaker, else the first of any kind.
        let overlaps: Vec<bool> = cands
            .iter()
            .map(|c| {
                let cspan = doc.span_of(&c.tokens);
                cspan.start < source.end && source.start < cspan.end
            })
            .collect();
        let is_entity_of = |c: &Candidate, person: bool| match c.kind {
            CandidateKind::Entity(e) => !person || doc.entities[e].etype == EntityType::Person,
            _ => false,
        };
        // "German Chancellor Angela Merkel": the person, not the country before the title.
        let target = [true, false]
            .into_iter()
            .find_map(|person| {
                cands
                    .iter()
                    .zip(&overlaps)
                    .position(|(c, &o)| o && is_entity_of(c, person))
            })
            .or_else(|| overlaps.iter().position(|&o| o));
        for (ci, c) in cands.iter().enumerate() {
            let hit = target == Some(ci);
            let is_prev =
                prev.is_some_and(|(e, p)| c.entity() == Some(e) && p + 1 >= ctx.para[q.start]);
            if hit && gold_entity.is_none() {
                gold_entity = c.entity();
            }
            out.push(Instance {
                features: ctx.features(q, c, ranks[ci], is_prev),
                label: usize::from(hit),
                weight: 1.0,
            });
            // A pronoun source: which earlier entity it stands for, by the gold names.
            if hit && matches!(c.kind, CandidateKind::Pronoun(_)) {
                let pron = c.tokens.start;
                let prev_e = prev.map(|(e, _)| e);
                let ants = ctx.antecedents(pron);
                let gold_ant = ants.iter().position(|&(e, _)| {
                    ctx.entity_names(e)
                        .iter()
                        .any(|n| names.iter().any(|g| names_match(n, g)))
                });
                if let Some(gi) = gold_ant {
                    let chain = ctx.chain_antecedent(pron);
                    for ai in 0..ants.len() {
                        out.push(Instance {
                            features: ctx.antecedent_features(pron, &ants, ai, prev_e, chain),
                            label: usize::from(ai == gi),
                            weight: 1.0,
                        });
                    }
                    gold_entity = Some(ants[gi].0);
                }
            }
        }
        prev = gold_entity.map(|e| (e, ctx.para[q.start]));
    }
    out
}

/// Prepositions that open the circumstances of a cue verb ("said on Tuesday", "said in an
/// interview").
const CIRCUMSTANCE_OPENERS: [&str; 9] = [
    "in", "on", "at", "during", "after", "before", "from", "outside", "via",
];

/// The first token after the circumstances that follow a cue verb at `start` ("said [in an
/// interview] [on Sunday] that …", "said [on Tuesday] it would …"): each a preposition, an
/// optional determiner and a word (a name runs on over capitalised words). `start` itself when
/// no circumstance opens there.
fn past_circumstances(doc: &Doc, start: usize, end: usize) -> usize {
    let mut k = start;
    let opens = |k: usize, first: bool| {
        k < end && {
            let w = doc.token_text(k);
            CIRCUMSTANCE_OPENERS.contains(&w)
                || (!first && matches!(w, "to" | "with" | "for" | "of"))
        }
    };
    let mut first = true;
    while opens(k, first) || (k + 1 < end && doc.token_text(k) == "," && opens(k + 1, false)) {
        if doc.token_text(k) == "," {
            k += 1;
        }
        first = false;
        k += 1;
        if k < end
            && matches!(
                doc.token_text(k),
                "a" | "an" | "the" | "his" | "her" | "its" | "their" | "this" | "last"
            )
        {
            k += 1;
        }
        let capitalised = |k: usize| {
            k < end
                && doc
                    .token_text(k)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
        };
        if k < end {
            k += 1;
            while capitalised(k) && capitalised(k - 1) {
                k += 1;
            }
        }
    }
    k
}

/// Fallback speaker of a quote without a model: the entity before "said" right after the quote
/// ("…,” Ruiz said), or the subject of a cue verb right before it ("Ruiz said: “…").
fn rule_speaker(ctx: &QuoteCtx, q: &Range<usize>) -> Option<Candidate> {
    let doc = ctx.doc;
    let after = (q.end + 1..(q.end + 8).min(doc.tokens.len()))
        .find(|&k| SPEECH_VERBS.contains(&doc.token_text(k)));
    let before = (q.start.saturating_sub(6)..q.start.saturating_sub(1))
        .rev()
        .find(|&k| SPEECH_VERBS.contains(&doc.token_text(k)));
    for v in after.into_iter().chain(before) {
        let sent = doc.sentences[doc.sentence_of(v)].clone();
        let Some(e) = speaker_of(doc, ctx.res, &ctx.by_token, v, &sent) else {
            continue;
        };
        // The speaker's mention nearest the verb.
        let mention = doc.entities[e]
            .mentions
            .iter()
            .map(|&m| doc.mentions[m].tokens.clone())
            .filter(|t| sent.contains(&t.start))
            .min_by_key(|t| t.start.abs_diff(v))?;
        return Some(Candidate {
            tokens: mention,
            kind: CandidateKind::Entity(e),
        });
    }
    None
}

/// The cue verb of a quote: the speech verb nearest the speaker, or "said".
fn cue_of(ctx: &QuoteCtx, c: &Candidate) -> String {
    // A speech verb, or a past-tense verb ("tweeted", "responded"), next to the speaker:
    // after it ("X tweeted"), else before it ("…,” said X").
    let is_cue = |w: &str| {
        SPEECH_VERBS.contains(&w)
            || OTHER_CUES.contains(&w)
            || (w.len() > 4 && w.ends_with("ed") && w.chars().all(|ch| ch.is_ascii_lowercase()))
    };
    let (after, _) = ctx.verb_after(&c.tokens);
    if is_cue(&after) {
        return after;
    }
    if let Some(before) = c.tokens.start.checked_sub(1).map(|t| ctx.lower(t)) {
        if is_cue(&before) {
            return before;
        }
    }
    "said".to_string()
}

/// Speaker and content of reported speech around the cue verb `v` of sentence `sent`.
fn reported(
    doc: &Doc,
    res: &Resources,
    by_token: &[Option<usize>],
    v: usize,
    sent: &Range<usize>,
) -> Option<(usize, Range<usize>, String)> {
    let word = doc.token_text(v);
    let according = word == "according" && v + 1 < sent.end && doc.token_text(v + 1) == "to";
    if !according && !SPEECH_VERBS.contains(&word) {
        return None;
    }
    let speaker = if according {
        // "according to the space agency INPE": over a short description.
        (v + 2..(v + 6).min(sent.end))
            .take_while(|&t| {
                t == v + 2
                    || by_token[t - 1].is_none()
                        && doc.token_text(t - 1).chars().all(|c| c.is_lowercase())
            })
            .find_map(|t| entity_starting_at(doc, by_token, t))
    } else {
        speaker_of(doc, res, by_token, v, sent)
    }?;
    if !matches!(
        doc.entities[speaker].etype,
        EntityType::Person | EntityType::Organization | EntityType::Country
    ) {
        return None;
    }
    // Reported content: the clause after the verb, or before the attribution.
    let after_verb = v + if according { 3 } else { 1 };
    let mut start = after_verb;
    while start < sent.end
        && by_token[start].is_some_and(|m| doc.mentions[m].entity == Some(speaker))
    {
        start += 1;
    }
    // "…, said Brian Baker, an adviser to the family": what was said comes before.
    let inverted = !according && start > after_verb;
    // "told reporters that …", "told the BBC on Monday that …": what was told follows "that";
    // "…, she told The Huffington Post": the one told is no content.
    if matches!(word, "told" | "tells" | "tell") {
        if let Some(that) =
            (start..(start + 8).min(sent.end)).find(|&t| doc.token_text(t) == "that")
        {
            start = that;
        } else if let Some(m) = by_token.get(start).copied().flatten() {
            start = doc.mentions[m].tokens.end.max(start);
        } else if start < sent.end
            && matches!(
                doc.token_text(start),
                "reporters" | "me" | "us" | "him" | "her" | "them" | "supporters"
            )
        {
            start += 1;
        }
    }
    start = past_circumstances(doc, start, sent.end);
    while start < sent.end && matches!(doc.token_text(start), "that" | "," | ":") {
        start += 1;
    }
    // Reported content ends where the sentence turns to another clause ("X says …, but last
    // week Y said …").
    let mut end = (start..sent.end)
        .find(|&t| {
            matches!(doc.token_text(t), ";")
                || (doc.token_text(t) == "but" && t > start && doc.token_text(t - 1) == ",")
        })
        .unwrap_or(sent.end);
    // Closing punctuation goes, and a closing mark with it unless the content opened it ("what
    // she calls a “war of words”").
    let curly_open = (start..end).any(|t| doc.token_text(t) == "\u{201c}");
    while end > start && {
        let w = doc.token_text(end - 1);
        let straight = (start..end).filter(|&t| doc.token_text(t) == "\"").count();
        matches!(w, "." | ",")
            || (w == "\u{201d}" && !curly_open)
            || (w == "\"" && straight % 2 == 1)
    } {
        end -= 1;
    }
    let content = if end.saturating_sub(start) >= 3 && !(inverted && v > sent.start + 3) {
        start..end
    } else {
        // Before the attribution: not the speaker, nor the title and modifiers naming them
        // ("…, Norwegian Fisheries Minister Odd Riise said"), nor an apposition after the name
        // ("…, Ana Ruiz, the group's director, said").
        let mut e = (sent.start..v)
            .rev()
            .find(|&t| {
                by_token[t].is_some_and(|m| {
                    doc.mentions[m].entity == Some(speaker) && doc.mentions[m].tokens.start == t
                })
            })
            .unwrap_or(v);
        while e > sent.start && by_token[e - 1].is_some() {
            e -= 1;
        }
        while e > sent.start && {
            let w = doc.token_text(e - 1);
            by_token[e - 1].is_some()
                || res.is_title(&w.to_lowercase())
                || (w.chars().next().is_some_and(char::is_uppercase) && e - 1 > sent.start)
        } {
            e -= 1;
        }
        while e > sent.start && matches!(doc.token_text(e - 1), "," | "\"" | "\u{201d}") {
            e -= 1;
        }
        sent.start..e
    };
    if content.is_empty() {
        return None;
    }
    let verb = if according {
        "according to".to_string()
    } else {
        word.to_string()
    };
    Some((speaker, content, verb))
}

/// Speaker of a speech verb at `verb`: the mention (or pronoun) just before it, skipping
/// auxiliaries, or the mention just after it ("said Ruiz").
fn speaker_of(
    doc: &Doc,
    res: &Resources,
    by_token: &[Option<usize>],
    verb: usize,
    sent: &Range<usize>,
) -> Option<usize> {
    let mut k = verb;
    while k > sent.start && AUXILIARIES.contains(&doc.token_text(k - 1)) {
        k -= 1;
    }
    if k > sent.start {
        if let Some(e) = entity_ending_at(doc, by_token, k) {
            return Some(e);
        }
        if let Some(e) = pronoun_antecedent(doc, k - 1) {
            let w = doc.token_text(k - 1).to_lowercase();
            if matches!(w.as_str(), "he" | "she" | "it" | "they") {
                return Some(e);
            }
        }
        if doc.token_text(k - 1) == "," {
            // "Kadri Simson, the EU energy commissioner, said", "Michael Briggs, a spokesman
            // for Sanders, said": the name before an apposition that describes.
            let open = (k.saturating_sub(APPOSITION_TOKENS).max(sent.start)..k - 1)
                .rev()
                .find(|&c| doc.token_text(c) == ",");
            let before_apposition = open.and_then(|c| entity_ending_at(doc, by_token, c));
            let describes = open.is_some_and(|c| {
                doc.token_text(c + 1)
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
            });
            if let Some(e) = before_apposition.filter(|_| describes) {
                return Some(e);
            }
            // "Its spokeswoman, Ana Ruiz, said": the name right before the comma.
            if let Some(e) = entity_ending_at(doc, by_token, k - 1)
                .filter(|&e| doc.entities[e].etype == EntityType::Person)
            {
                return Some(e);
            }
            if let Some(e) = before_apposition {
                return Some(e);
            }
        }
    }
    // "said Ruiz", "said Chancellor Olaf Brandt", "said the group's director Ana Ruiz":
    // the first mention after the verb, over title words and determiners only.
    for k in verb + 1..(verb + 6).min(sent.end) {
        if let Some(e) = entity_starting_at(doc, by_token, k) {
            return Some(e);
        }
        let w = doc.token_text(k);
        let titleish = w.chars().next().is_some_and(char::is_uppercase)
            || res.is_title(&w.to_lowercase())
            || matches!(w, "the" | "a" | "an");
        if !titleish {
            break;
        }
    }
    None
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
            for v in sent.clone() {
                if ctx.in_quote[v] || quote_cues[v] {
                    continue;
                }
                let Some((speaker, content, verb)) =
                    reported(doc, &self.res, &ctx.by_token, v, sent)
                else {
                    continue;
                };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::{coref::Coref, ner::Ner, sentences::SentenceSplitter, tokenize::Tokenizer};

    fn run_with(text: &str, model: bool) -> Doc {
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
    fn run_full(text: &str) -> (Doc, Arc<Resources>) {
        let res = Arc::new(Resources::load_default().unwrap());
        let mut doc = Doc::new("t.txt", text);
        crate::nlp::Pipeline::new(res.clone(), crate::nlp::Models::load_default().unwrap())
            .run(&mut doc)
            .unwrap();
        (doc, res)
    }

    fn run(text: &str) -> Doc {
        run_with(text, true)
    }

    fn speaker_name(doc: &Doc, s: &Statement) -> String {
        s.speaker
            .map(|e| doc.entities[e].name.clone())
            .or_else(|| s.speaker_text.clone())
            .unwrap_or_default()
    }

    fn check(text: &str, expected: &[(&str, &str, bool)]) {
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

    #[test]
    fn quotes_direct_after_quote() {
        check(
            "Minister Anna Kowalczyk arrived. \"We will not accept this at all,\" Kowalczyk said.",
            &[("Anna Kowalczyk", "We will not accept this at all,", true)],
        );
    }

    #[test]
    fn quotes_reported_with_pronoun_and_according_to() {
        check(
            "Chancellor Olaf Brandt spoke. He said the talks had failed. Prices rose, according to Germany.",
            &[("Olaf Brandt", "the talks had failed", false), ("Germany", "Prices rose", false)],
        );
    }

    #[test]
    fn quotes_inverted_speaker_and_date() {
        let doc = run("The plan is dead, said Chancellor Olaf Brandt on Monday.");
        assert_eq!(doc.statements.len(), 1);
        assert_eq!(doc.statements[0].date.as_deref(), Some("2022-12-12"));
    }

    #[test]
    fn quotes_scare_quotes_are_not_statements() {
        let doc = run("Kenya called them \"service stations\" and moved on.");
        assert!(doc.statements.is_empty());
    }

    #[test]
    fn quotes_second_sentence_and_paragraph_continue_the_speaker() {
        let text = "Senator Maria Lopez spoke on Monday.\n\n\u{201c}We will win this vote,\u{201d} Lopez said. \u{201c}Nobody doubts it any more.\u{201d}\n\n\u{201c}The bill is ready and the votes are there.\u{201d}";
        check(
            text,
            &[
                ("Maria Lopez", "We will win this vote,", true),
                ("Maria Lopez", "Nobody doubts it any more.", true),
                (
                    "Maria Lopez",
                    "The bill is ready and the votes are there.",
                    true,
                ),
            ],
        );
    }

    #[test]
    fn quotes_colon_and_other_cue_verbs() {
        check(
            "Governor Tom Reyes tweeted: \u{201c}The storm has passed and the roads are open.\u{201d}",
            &[("Tom Reyes", "The storm has passed and the roads are open.", true)],
        );
    }

    #[test]
    fn quotes_cue_is_the_verb_by_the_speaker() {
        let doc = run(
            "Governor Tom Reyes tweeted: \u{201c}The storm has passed and the roads are open.\u{201d} Later he was at home.",
        );
        let direct: Vec<&str> = doc
            .statements
            .iter()
            .filter(|s| s.direct)
            .map(|s| s.verb.as_str())
            .collect();
        assert_eq!(direct, vec!["tweeted"]);
    }

    #[test]
    fn quotes_pronoun_follows_gender() {
        let text = "Maria Lopez met Peter Novak. \u{201c}It was a long and useful meeting,\u{201d} she said.";
        check(
            text,
            &[("Maria Lopez", "It was a long and useful meeting,", true)],
        );
    }

    #[test]
    fn quotes_pronoun_antecedents_of_the_other_gender_clash() {
        // The whole pipeline with the NER model, which finds the lone "Martin".
        let (doc, res) =
            run_full("Martin arrives. Maria Martin met Peter Novak and Casey Lee. She said so.");
        let ctx = QuoteCtx::new(&doc, &res);
        let she = (0..doc.tokens.len())
            .find(|&t| doc.token_text(t) == "She")
            .unwrap();
        let clash = |name: &str| {
            let e = doc.entities.iter().position(|e| e.name == name).unwrap();
            ctx.agreement(she, e) == "clash"
        };
        assert!(clash("Peter Novak"));
        // "Martin" alone, first, is her surname, not the given name of a man.
        let maria = doc
            .entities
            .iter()
            .position(|e| e.name == "Maria Martin")
            .unwrap();
        assert_eq!(doc.mention_text(doc.entities[maria].mentions[0]), "Martin");
        assert!(!clash("Maria Martin"));
        // A name borne by both genders ("Casey") is no clash.
        assert!(!clash("Casey Lee"));
    }

    #[test]
    fn quotes_genders_come_from_posts_lone_given_names_and_pronouns() {
        let (doc, res) = run_full(
            "Debate Night\n\n\u{201c}It was great,\u{201d} Melanie said. Trump \
             spokesman Hope Hicks said the campaign was pleased. Congresswoman Chris Lee voted \
             against the bill. Senator Okonkwo said his plan would pass, and he thanked his \
             staff.\n",
        );
        let ctx = QuoteCtx::new(&doc, &res);
        let gender = |name: &str| {
            let e = doc.entities.iter().position(|e| e.name == name);
            ctx.gender_of(e.unwrap_or_else(|| panic!("no {name} in {:?}", doc.entities)))
        };
        // A lone given name that is no surname.
        assert_eq!(gender("Melanie"), Gender::Female);
        // "spokesman" says nothing of gender; her given name does.
        assert_eq!(gender("Hope Hicks"), Gender::Female);
        assert_eq!(gender("Chris Lee"), Gender::Female);
        // The only person of the sentence, and its pronouns.
        assert_eq!(gender("Okonkwo"), Gender::Male);
    }

    #[test]
    fn quotes_pronoun_goes_to_the_subject_not_to_whom_the_subject_spoke_of() {
        let (doc, _) = run_full(
            "Parental Leave Plan Draws Questions\n\nConservative economist Aparna Mathur, who \
             studies tax policy at the American Enterprise Institute, said Ivanka Trump's \
             statement did not clarify the matter.\n\n\u{201c}I don't see details about who is \
             left out,\u{201d} she said.\n",
        );
        let st = doc.statements.iter().find(|s| s.direct).expect("the quote");
        assert_eq!(speaker_name(&doc, st), "Aparna Mathur");
    }

    #[test]
    fn quotes_pronoun_chain_goes_back_to_the_subject_the_first_he_continues() {
        let (doc, res) = run_full(
            "Senator Wants New Embassy\n\nSenator Paul Becker spoke to donors in Ohio on \
             Tuesday. He attacked the trade deal negotiated by President Obama, who he said had \
             failed workers. He pledged to move the embassy.\n\n\u{201c}We will keep that \
             promise,\u{201d} he said.\n",
        );
        let ctx = QuoteCtx::new(&doc, &res);
        let name = |e: Option<usize>| e.map(|e| doc.entities[e].name.as_str());
        let last_he = (0..doc.tokens.len())
            .rev()
            .find(|&t| doc.token_text(t) == "he")
            .unwrap();
        // Obama, named between the two "He"s, is no subject; Becker, before the first, is.
        assert_eq!(name(ctx.chain_antecedent(last_he)), Some("Paul Becker"));
        let obama = doc
            .mentions
            .iter()
            .find(|m| doc.tokens_text(&m.tokens) == "Obama");
        assert!(!ctx.is_subject(&obama.expect("Obama").tokens));
        let becker = doc
            .mentions
            .iter()
            .find(|m| doc.tokens_text(&m.tokens) == "Paul Becker");
        assert!(ctx.is_subject(&becker.expect("Paul Becker").tokens));
    }

    #[test]
    fn quotes_reported_speaker_before_an_apposition_and_content_past_circumstances() {
        let (doc, _) = run_full(
            "Campaign Rivals Trade Attacks\n\nThe count was flawed, Michael Briggs, a spokesman \
             for Sanders, said in an interview on Sunday. Ana Ruiz said on Monday that the \
             talks had failed. Eva Lind said on Tuesday it would close the plant.\n",
        );
        let said: Vec<(String, &str)> = doc
            .statements
            .iter()
            .map(|s| (speaker_name(&doc, s), &doc.text[s.content.clone()]))
            .collect();
        // Not "Sanders said in an interview on Sunday".
        assert_eq!(
            said,
            [
                ("Michael Briggs".to_string(), "The count was flawed"),
                ("Ana Ruiz".to_string(), "the talks had failed"),
                ("Eva Lind".to_string(), "it would close the plant"),
            ]
        );
    }

    #[test]
    fn quotes_mixed_inverted_and_told_statements() {
        let (doc, _) = run_full(
            "Ad Campaign Starts\n\nIts first television ad could start this week, said Brian \
             Baker, a longtime adviser to the family. Trump could embrace clean energy, Lindsey \
             Graham told The Huffington Post. Hillary Clinton says she admired the courage of \
             the woman through what she calls a \u{201c}war of words\u{201d}.\n",
        );
        let said: Vec<(String, &str, bool)> = doc
            .statements
            .iter()
            .map(|s| {
                (
                    speaker_name(&doc, s),
                    &doc.text[s.content.clone()],
                    s.direct,
                )
            })
            .collect();
        assert_eq!(
            said,
            [
                (
                    "Brian Baker".to_string(),
                    "Its first television ad could start this week",
                    false
                ),
                (
                    "Lindsey Graham".to_string(),
                    "Trump could embrace clean energy",
                    false
                ),
                // One statement, the clause with its partial quote.
                (
                    "Hillary Clinton".to_string(),
                    "she admired the courage of the woman through what she calls a \u{201c}war \
                     of words\u{201d}",
                    false
                ),
            ]
        );
    }

    #[test]
    fn quotes_speaker_named_by_post() {
        let text = "Mayor Ana Ruiz met the protesters on Monday.\n\n\u{201c}We do not see a \
                    link to terrorism,\u{201d} the mayor said.";
        let doc = run(text);
        let st = &doc.statements[0];
        assert_eq!(speaker_name(&doc, st), "Ana Ruiz");
        assert_eq!(st.speaker_text, None);
    }

    #[test]
    fn quotes_speaker_is_the_person_after_an_organisation_and_title() {
        let text = "\u{201c}We will win this fight in court,\u{201d} said Reuters correspondent Anna Berg.";
        check(
            text,
            &[("Anna Berg", "We will win this fight in court,", true)],
        );
        let text = "Oxfam spokeswoman Lena Park said: \u{201c}The money never reached the villages.\u{201d}";
        check(
            text,
            &[("Lena Park", "The money never reached the villages.", true)],
        );
        let text = "\u{201c}I thought the senator did everything right tonight,\u{201d} said MSNBC host Chris Matthews.";
        check(
            text,
            &[(
                "Chris Matthews",
                "I thought the senator did everything right tonight,",
                true,
            )],
        );
    }

    #[test]
    fn quotes_titles_of_shows_and_books_are_not_statements() {
        let text = "Speaking on \u{201c}The Morning Show With Dana Ross,\u{201d} Ana Ruiz said the plan would work. \u{201c}We will finish the bridge this year,\u{201d} Ruiz said.";
        let doc = run(text);
        let direct: Vec<&str> = doc
            .statements
            .iter()
            .filter(|s| s.direct)
            .map(|s| &doc.text[s.content.clone()])
            .collect();
        assert_eq!(
            direct,
            ["We will finish the bridge this year,"],
            "{direct:?}"
        );
    }

    #[test]
    fn quotes_transcript_labels_name_the_speaker() {
        let text = "Senator Tom Hale spoke to the host Dana Ross on Sunday.\n\n\u{201c}ROSS: Will you vote for the bill next week?\u{201d}\n\n\u{201c}HALE: No, because the bill does nothing for farmers.\u{201d}";
        check(
            text,
            &[
                ("Dana Ross", "Will you vote for the bill next week?", true),
                (
                    "Tom Hale",
                    "No, because the bill does nothing for farmers.",
                    true,
                ),
            ],
        );
    }

    #[test]
    fn quotes_transcript_turns_run_on_and_unnamed_labels_speak() {
        // The host is never named in the text; the guest's turn runs on over two paragraphs.
        let text = "Senator Tom Hale spoke on the Sunday programme.\n\n\u{201c}MERRIWEATHER: Will you vote for the bill next week?\n\n\u{201c}HALE: No, because the bill does nothing for farmers.\n\n\u{201c}And the farmers in my state know it better than anyone.\n\n\u{201c}NOTE: The interview was edited for length and clarity.";
        check(
            text,
            &[
                // The label is a person of its own, named as names are written.
                (
                    "Merriweather",
                    "Will you vote for the bill next week?",
                    true,
                ),
                (
                    "Tom Hale",
                    "No, because the bill does nothing for farmers.",
                    true,
                ),
                (
                    "Tom Hale",
                    "And the farmers in my state know it better than anyone.",
                    true,
                ),
            ],
        );
        let doc = run(text);
        let note = doc
            .statements
            .iter()
            .find(|s| doc.text[s.content.clone()].contains("edited"));
        assert!(
            note.is_none_or(|s| !["NOTE", "Tom Hale"].contains(&speaker_name(&doc, s).as_str())),
            "a common word is no speaker, and it ends the turn"
        );
    }

    #[test]
    fn quotes_dash_credit_names_the_speaker() {
        let text = "Readers wrote to us about the vote.\n\n\u{201c}The new bridge will change how we live here.\u{201d} \u{2015} Ana Ruiz\n\u{201c}Nobody asked the farmers what they thought about it.\u{201d}\u{2014} Tomas Berglund, a teacher.";
        check(
            text,
            &[
                (
                    "Ana Ruiz",
                    "The new bridge will change how we live here.",
                    true,
                ),
                (
                    "Tomas Berglund",
                    "Nobody asked the farmers what they thought about it.",
                    true,
                ),
            ],
        );
        // A dash inside a sentence that goes on after the name is no credit line.
        let res = Resources::load_default().unwrap();
        let credit = |text: &str| {
            let doc = run(text);
            let ctx = QuoteCtx::new(&doc, &res);
            ctx.quotes
                .iter()
                .map(|q| {
                    ctx.dash_credit(q)
                        .map(|c| doc.tokens_text(&c.tokens).to_string())
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            credit("\u{201c}We will build the bridge.\u{201d} \u{2014} Ana Ruiz"),
            vec![Some("Ana Ruiz".to_string())]
        );
        assert_eq!(
            credit("\u{201c}We will build it,\u{201d} \u{2014} Ana Ruiz insisted on Monday."),
            vec![None]
        );
    }

    #[test]
    fn quotes_open_quote_closed_at_paragraph_end() {
        let text = "\u{201c}This is the first paragraph of a long quote.\n\n\u{201c}And this is the second one,\u{201d} said Ana Ruiz.";
        let doc = run(text);
        let contents: Vec<&str> = doc
            .statements
            .iter()
            .map(|s| &doc.text[s.content.clone()])
            .collect();
        assert!(
            contents.contains(&"This is the first paragraph of a long quote."),
            "{contents:?}"
        );
        assert!(
            contents.contains(&"And this is the second one,"),
            "{contents:?}"
        );
    }

    #[test]
    fn quotes_document_speaks_for_its_body() {
        check(
            "\u{201c}Growth will slow sharply next year across the region,\u{201d} the Korvala Institute report said.",
            &[(
                "Korvala Institute",
                "Growth will slow sharply next year across the region,",
                true,
            )],
        );
    }

    #[test]
    fn quotes_short_utterances_are_statements() {
        check(
            "Ana Ruiz was asked whether she would vote for the bill again. \u{201c}I would,\u{201d} Ruiz said.",
            &[("Ana Ruiz", "I would,", true)],
        );
        // A word or two with no speaker, or reading as no utterance, is no statement.
        let doc = run("The spot, titled \u{201c}Arrogant,\u{201d} ran on Monday.");
        assert!(doc.statements.is_empty(), "{:?}", doc.statements);
        let doc = run("Ana Ruiz called the plan a \u{201c}con job\u{201d} on Monday.");
        assert!(
            doc.statements
                .iter()
                .all(|s| &doc.text[s.content.clone()] != "con job"),
            "{:?}",
            doc.statements
        );
    }

    #[test]
    fn quotes_partial_quotes_are_not_direct() {
        let doc = run("Mayor Ana Ruiz said on Monday that the plan would bring \u{201c}real and lasting change\u{201d} to the city. \u{201c}We will build it this year,\u{201d} Ruiz said.");
        let direct = |content: &str| {
            doc.statements
                .iter()
                .find(|s| &doc.text[s.content.clone()] == content)
                .map(|s| s.direct)
        };
        // The partial quote is part of the statement its clause reports.
        assert_eq!(
            direct("the plan would bring \u{201c}real and lasting change\u{201d} to the city"),
            Some(false),
            "{:?}",
            doc.statements
        );
        assert_eq!(direct("real and lasting change"), None);
        assert_eq!(direct("We will build it this year,"), Some(true));
    }

    #[test]
    fn quotes_straight_marked_turns_run_on() {
        // Each paragraph of a turn opens with a straight mark, which also reads as a closing one.
        let text = "Senator Tom Hale spoke to the host Dana Ross on Sunday.\n\n\"ROSS: Will you vote for the bill next week?\n\n\"HALE: No, because the bill does nothing for farmers.\n\n\"And the farmers in my state know it better than anyone.";
        check(
            text,
            &[
                ("Dana Ross", "Will you vote for the bill next week?", true),
                (
                    "Tom Hale",
                    "And the farmers in my state know it better than anyone.",
                    true,
                ),
            ],
        );
    }

    #[test]
    fn quotes_curly_marks_inside_a_straight_quote_stay_in_it() {
        let text = "\"She thinks this is an episode of \u{201c}Shark Tank.\u{201d} But this is serious business,\" said Ana Ruiz.";
        check(
            text,
            &[(
                "Ana Ruiz",
                "She thinks this is an episode of \u{201c}Shark Tank.\u{201d} But this is serious business,",
                true,
            )],
        );
    }

    #[test]
    fn quotes_rules_without_model() {
        let doc = run_with(
            "\"We will not accept this at all,\" said Minister Anna Kowalczyk.",
            false,
        );
        assert_eq!(doc.statements.len(), 1);
        assert_eq!(speaker_name(&doc, &doc.statements[0]), "Anna Kowalczyk");
    }
}
