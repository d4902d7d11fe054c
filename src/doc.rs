//! The central document type, [`Doc`], and its parts.
//!
//! A `Doc` owns the article text and every annotation the pipeline adds. Annotations point into
//! it by index: tokens carry byte spans into `text`, sentences are token index ranges, mentions
//! are token ranges, entities list mention indices, and relations, statements, claims and events
//! name entities by index. Byte offsets are used everywhere inside the crate because Rust slices
//! strings by bytes; the exports (jsonl and RDF) convert them to character offsets with
//! [`CharOffsets`].

use std::fmt;
use std::ops::Range;

/// Article metadata, found in the input (JSON fields, HTML tags) or in the text itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// Headline.
    pub title: Option<String>,
    /// Byline author(s), as written.
    pub author: Option<String>,
    /// Publication date, ISO 8601 (`YYYY-MM-DD`) when it could be normalised.
    pub published: Option<String>,
    /// Publisher, e.g. the agency in a dateline ("(Reuters)").
    pub publisher: Option<String>,
    /// Dateline place, e.g. "ROME".
    pub dateline: Option<String>,
    /// Source URL when the input gave one (for a web page, its canonical URL).
    pub url: Option<String>,
    /// Every author when the input names several (`author` holds them joined).
    pub authors: Vec<String>,
    /// Date of the last modification, ISO 8601, when the page declares it.
    pub modified: Option<String>,
    /// Language tag the page declares (`en`, `en-GB`).
    pub language: Option<String>,
    /// Section of the publication ("World", "Politics").
    pub section: Option<String>,
    /// Keywords and tags the page declares.
    pub keywords: Vec<String>,
    /// The page's own summary of the article.
    pub description: Option<String>,
}

/// A token: a byte span into [`Doc::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}

/// The coarse entity types of the product vocabulary (the ones that are scored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A named human being.
    Person,
    /// NGOs, government bodies, police forces, companies, media, parties, international bodies.
    Organization,
    /// A sovereign state.
    Country,
    /// Cities, regions and other locations that are not countries.
    Place,
    /// Treaties, deals, pacts, initiatives, named or not.
    Agreement,
}

impl EntityType {
    /// All types, in a fixed order.
    pub const ALL: [EntityType; 5] = [
        EntityType::Person,
        EntityType::Organization,
        EntityType::Country,
        EntityType::Place,
        EntityType::Agreement,
    ];

    /// The name used in the jsonl format and as the local name of the ontology class.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "Person",
            EntityType::Organization => "Organization",
            EntityType::Country => "Country",
            EntityType::Place => "Place",
            EntityType::Agreement => "Agreement",
        }
    }

    /// Parses a type name as written by [`EntityType::as_str`] (case-insensitive).
    pub fn from_name(name: &str) -> Option<EntityType> {
        EntityType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which layer of the pipeline proposed a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionSource {
    /// The statistical (CRF) model.
    Model,
    /// A gazetteer of general knowledge.
    Gazetteer,
    /// A capitalisation or context rule.
    Rule,
    /// A nominal reference ("the group") or pronoun-like description.
    Nominal,
}

/// A mention: a token range that names (or refers to) an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Token indices of the mention.
    pub tokens: Range<usize>,
    /// Coarse type.
    pub etype: EntityType,
    /// Fine class (`NGO`, `City`, …) when known.
    pub class: Option<String>,
    /// Canonical name when the mention is an alias known to a gazetteer ("Chinese" → "China").
    pub canonical: Option<String>,
    /// Wikidata ID (e.g. `Q148`) when a gazetteer knows it.
    pub wikidata: Option<String>,
    /// Which layer proposed it.
    pub source: MentionSource,
    /// Confidence in `[0, 1]`.
    pub confidence: f32,
    /// Descriptive name for nominal mentions that introduce an unnamed entity (agreements).
    pub description: Option<String>,
    /// The post a title before the mention or an apposition after it gives a person, or that
    /// a nominal reference names ("the mayor"), lower case ("senator" for "Sen.").
    pub title: Option<String>,
    /// Entity index, set by coreference.
    pub entity: Option<usize>,
}

impl Mention {
    /// A new mention with no fine class, canonical name or entity yet.
    pub fn new(tokens: Range<usize>, etype: EntityType, source: MentionSource) -> Mention {
        Mention {
            tokens,
            etype,
            class: None,
            canonical: None,
            wikidata: None,
            source,
            confidence: match source {
                MentionSource::Gazetteer => 0.95,
                MentionSource::Model => 0.85,
                MentionSource::Rule => 0.8,
                MentionSource::Nominal => 0.7,
            },
            description: None,
            title: None,
            entity: None,
        }
    }
}

/// An entity: a coreference cluster of mentions within one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Canonical name: the fullest proper name the document gives.
    pub name: String,
    /// Coarse type.
    pub etype: EntityType,
    /// Fine class when known.
    pub class: Option<String>,
    /// Mention indices, in text order.
    pub mentions: Vec<usize>,
    /// Other surface forms.
    pub aliases: Vec<String>,
    /// External identifiers (Wikidata IRIs).
    pub same_as: Vec<String>,
    /// How the article describes it ("an Asia-focused rights group").
    pub description: Option<String>,
    /// The country the gazetteers place an organisation in ("Congress": the United States),
    /// whether or not the article names it.
    pub known_country: Option<String>,
}

/// The relation predicates of the product vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Predicate {
    /// Person → Organization or Country, with a role.
    AffiliatedWith,
    /// Organization → Country or Place.
    BasedIn,
    /// Place → Country or Place.
    LocatedIn,
    /// Country or Organization → Agreement.
    PartyTo,
    /// Person → Country.
    Nationality,
    /// Speaker → (statement); the object is empty.
    Said,
}

impl Predicate {
    /// All predicates, in a fixed order.
    pub const ALL: [Predicate; 6] = [
        Predicate::AffiliatedWith,
        Predicate::BasedIn,
        Predicate::LocatedIn,
        Predicate::PartyTo,
        Predicate::Nationality,
        Predicate::Said,
    ];

    /// The name used in jsonl and as the ontology property's local name.
    pub fn as_str(self) -> &'static str {
        match self {
            Predicate::AffiliatedWith => "affiliatedWith",
            Predicate::BasedIn => "basedIn",
            Predicate::LocatedIn => "locatedIn",
            Predicate::PartyTo => "partyTo",
            Predicate::Nationality => "nationality",
            Predicate::Said => "said",
        }
    }

    /// Parses a predicate name (case-insensitive).
    pub fn from_name(name: &str) -> Option<Predicate> {
        Predicate::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

/// A relation between two entities (or a speaker, for [`Predicate::Said`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// Subject entity index.
    pub subject: usize,
    /// Predicate.
    pub predicate: Predicate,
    /// Object entity index; `None` for `said`.
    pub object: Option<usize>,
    /// Title or post, for `affiliatedWith`.
    pub role: Option<String>,
    /// Date (ISO 8601, possibly only a year) the relation holds from or happened.
    pub date: Option<String>,
    /// Sentence index of the evidence.
    pub sentence: usize,
    /// Evidence byte span in the text.
    pub evidence: Range<usize>,
    /// Confidence in `[0, 1]`.
    pub confidence: f32,
    /// Other sentences of the article that state the same relation.
    pub also: Vec<usize>,
    /// What the relation rests on: a sentence of the article, or general knowledge.
    pub grounds: Grounds,
    /// How it was found: what the confidence stage weighs it by.
    pub method: Method,
}

/// How a relation was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// A hand-written pattern over the sentence (or the gazetteers).
    #[default]
    Pattern,
    /// The learned relation model, over a pair of mentions of one sentence.
    Model,
    /// The speaker of a statement (`said`).
    Statement,
}

impl Method {
    /// The name used in features and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Pattern => "pattern",
            Method::Model => "model",
            Method::Statement => "statement",
        }
    }
}

/// What a relation rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grounds {
    /// A sentence of the article states it (`sentence`, `evidence`).
    #[default]
    Text,
    /// The gazetteers' general knowledge relates two entities the article names ("Lyon" is in
    /// France); no sentence says it, and `sentence` and `evidence` only locate the subject's
    /// first mention.
    Gazetteer,
}

/// Something an entity said: a direct quote or reported content.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Speaker entity index, when the speaker is a named entity (or a pronoun or description
    /// resolved to one).
    pub speaker: Option<usize>,
    /// The speaker as written when it is not an entity ("a spokeswoman", "sources", "he").
    pub speaker_text: Option<String>,
    /// Byte span of what was said (the quote without its marks, or the reported clause).
    pub content: Range<usize>,
    /// True for a direct quote.
    pub direct: bool,
    /// Speech verb as written ("said", "told", "according to").
    pub verb: String,
    /// Date of the statement, ISO 8601, when the text gives one.
    pub date: Option<String>,
    /// Sentence index.
    pub sentence: usize,
}

/// A quantity claim: a number of something, where, according to whom.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// Source entity index, when the text attributes the figure.
    pub source: Option<usize>,
    /// The number.
    pub value: f64,
    /// What is counted, e.g. "overseas police stations".
    pub counted: String,
    /// Place entity the count is about, when given ("11 in Italy").
    pub place: Option<usize>,
    /// Byte span of the number phrase.
    pub span: Range<usize>,
    /// Sentence index.
    pub sentence: usize,
}

/// An event: an investigation, arrest, news conference, signing, patrol, …
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Kind, lower case ("investigation", "news conference").
    pub kind: String,
    /// Participating entity indices.
    pub actors: Vec<usize>,
    /// Place entity index, when given.
    pub place: Option<usize>,
    /// Date, ISO 8601, when the text gives one.
    pub date: Option<String>,
    /// Byte span of the trigger phrase.
    pub span: Range<usize>,
    /// Sentence index.
    pub sentence: usize,
}

/// A news article and every annotation the pipeline has added to it.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// The article's name: its path under the input folder (`2024/news.txt`), or its file
    /// name when given by itself; for JSON Lines, the record's id or `file.jsonl#N`; a part of
    /// an article longer than the maximum adds `#partK`.
    pub id: String,
    /// The text exactly as read.
    pub text: String,
    /// Metadata.
    pub metadata: Metadata,
    /// Byte ranges of page furniture and header lines that are not article body.
    pub skipped: Vec<Range<usize>>,
    /// Byte offset where the body starts (after headline, byline, date line).
    pub body_start: usize,
    /// Tokens.
    pub tokens: Vec<Token>,
    /// Sentences as token index ranges.
    pub sentences: Vec<Range<usize>>,
    /// Mentions, sorted by start token after NER.
    pub mentions: Vec<Mention>,
    /// Entities (coreference clusters).
    pub entities: Vec<Entity>,
    /// Relations between entities.
    pub relations: Vec<Relation>,
    /// Statements (who said what).
    pub statements: Vec<Statement>,
    /// Quantity claims.
    pub claims: Vec<Claim>,
    /// Events.
    pub events: Vec<Event>,
    /// The entity of the country of the article's dateline city, when the article names it
    /// (set by the relations stage; the country generic bodies of the article belong to).
    pub dateline_country: Option<usize>,
}

impl Doc {
    /// A document with text only; later stages fill in the rest.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Doc {
        Doc {
            id: id.into(),
            text: text.into(),
            ..Doc::default()
        }
    }

    /// Builds a tokenized one-sentence document from words joined by single spaces, for tests
    /// and tools that need a `Doc` without running the reading and tokenizing stages.
    pub fn from_words(id: &str, words: &[&str]) -> Doc {
        let mut doc = Doc::new(id, words.join(" "));
        let mut offset = 0;
        for word in words {
            doc.tokens.push(Token {
                start: offset,
                end: offset + word.len(),
            });
            offset += word.len() + 1;
        }
        doc.sentences.push(0..doc.tokens.len());
        doc
    }

    /// The text of token `token_idx`.
    pub fn token_text(&self, token_idx: usize) -> &str {
        let token = self.tokens[token_idx];
        &self.text[token.start..token.end]
    }

    /// The byte span covered by a token range (empty ranges give an empty span).
    pub fn span_of(&self, tokens: &Range<usize>) -> Range<usize> {
        if tokens.is_empty() || tokens.end > self.tokens.len() {
            return 0..0;
        }
        self.tokens[tokens.start].start..self.tokens[tokens.end - 1].end
    }

    /// The text covered by a token range.
    pub fn tokens_text(&self, tokens: &Range<usize>) -> &str {
        let span = self.span_of(tokens);
        &self.text[span]
    }

    /// The surface text of mention `mention_idx`.
    pub fn mention_text(&self, mention_idx: usize) -> &str {
        self.tokens_text(&self.mentions[mention_idx].tokens)
    }

    /// The sentence index containing token `token_idx` (0 when there are no sentences).
    pub fn sentence_of(&self, token_idx: usize) -> usize {
        self.sentences
            .partition_point(|sent| sent.end <= token_idx)
            .min(self.sentences.len().saturating_sub(1))
    }

    /// The text of sentence `sentence_idx`.
    pub fn sentence_text(&self, sentence_idx: usize) -> &str {
        self.tokens_text(&self.sentences[sentence_idx])
    }

    /// Leaves out the relations whose confidence, as reported (two decimals), is below `min`.
    /// A statement whose speaker no
    /// longer has a `said` relation keeps its content and names its speaker only as text (the
    /// entity's name, as `speaker_text`), so that the graph does not assert who said it.
    ///
    /// ```
    /// use newsgraph::Doc;
    /// use newsgraph::doc::{Predicate, Relation};
    /// let mut doc = Doc::new("a.txt", "Kenya said so.");
    /// doc.relations.push(Relation {
    ///     subject: 0, predicate: Predicate::Said, object: None, role: None, date: None,
    ///     sentence: 0, evidence: 0..14, confidence: 0.3, also: vec![],
    ///     grounds: Default::default(), method: Default::default(),
    /// });
    /// doc.keep_confident(0.5);
    /// assert!(doc.relations.is_empty());
    /// ```
    pub fn keep_confident(&mut self, min: f32) {
        // Compared as reported (two decimals), so that a fact shown at 0.40 is kept at 0.4.
        let reported = |c: f32| (f64::from(c) * 100.0).round() / 100.0;
        self.relations
            .retain(|r| reported(r.confidence) + 1e-6 >= f64::from(min));
        let speakers: Vec<usize> = self
            .relations
            .iter()
            .filter(|r| r.predicate == Predicate::Said)
            .map(|r| r.subject)
            .collect();
        for st in &mut self.statements {
            if let Some(e) = st.speaker.filter(|e| !speakers.contains(e)) {
                st.speaker = None;
                st.speaker_text = self.entities.get(e).map(|ent| ent.name.clone());
            }
        }
    }

    /// Number of words (tokens that contain a letter or digit), for speed figures.
    pub fn n_words(&self) -> usize {
        self.tokens
            .iter()
            .filter(|t| self.text[t.start..t.end].chars().any(char::is_alphanumeric))
            .count()
    }

    /// Byte-to-character offset conversion for the whole text, for converting many offsets.
    pub fn char_offsets(&self) -> CharOffsets {
        CharOffsets {
            starts: self.text.char_indices().map(|(b, _)| b).collect(),
        }
    }
}

/// Byte offsets to character (Unicode scalar value) offsets of one text, computed once.
pub struct CharOffsets {
    starts: Vec<usize>,
}

impl CharOffsets {
    /// The character offset of a byte offset (a char boundary, or the text's end).
    pub fn at(&self, byte: usize) -> usize {
        self.starts.partition_point(|&b| b < byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_from_words_spans_match_words() {
        let doc = Doc::from_words("t", &["Interior", "Minister", "Rossi"]);
        assert_eq!(doc.token_text(2), "Rossi");
        assert_eq!(doc.tokens_text(&(0..2)), "Interior Minister");
        assert_eq!(doc.sentence_of(2), 0);
    }

    #[test]
    fn doc_char_offset_counts_scalars() {
        let doc = Doc::new("t", "Zürich is big");
        let offsets = doc.char_offsets();
        assert_eq!(offsets.at(3), 2);
        assert_eq!(offsets.at(100), 13);
        assert_eq!(offsets.at(3), 2);
        assert_eq!(offsets.at(14), 13);
    }

    #[test]
    fn doc_type_and_predicate_names_round_trip() {
        for t in EntityType::ALL {
            assert_eq!(EntityType::from_name(t.as_str()), Some(t));
        }
        for p in Predicate::ALL {
            assert_eq!(Predicate::from_name(p.as_str()), Some(p));
        }
        assert_eq!(EntityType::from_name("planet"), None);
    }
}
