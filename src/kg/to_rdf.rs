//! A processed `Doc` to quads in the article's named graph.
//!
//! Reads entities, relations, statements, claims, events and metadata (never tokens, except
//! through the sentence and mention spans they point to, converted to character offsets here).
//! Every fact node carries `ng:evidence` (its sentence, which has the text and offsets),
//! `ng:inArticle`, character offsets and a confidence; a relation no sentence states (a city's
//! country known from the gazetteers) carries `ng:knownFrom ng:gazetteer` instead of evidence
//! and offsets. Output is deterministic: the same document gives the same quads.

use super::mint::{article_graph, article_iri, entity_iri, post_iri, ArticleNodes};
use super::vocab::{self as ng, RDFS_LABEL, RDF_TYPE};
use crate::doc::{CharOffsets, Doc, EntityType, Grounds, Predicate};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use std::collections::HashSet;

/// Fine classes the ontology defines; other class names are kept as `ng:source`-free text only.
pub const FINE_CLASSES: [&str; 10] = [
    "NGO",
    "GovernmentBody",
    "PoliceForce",
    "MediaOrganization",
    "InternationalOrganization",
    "PoliticalParty",
    "Company",
    "City",
    "Initiative",
    "Treaty",
];

/// The ontology class of a coarse type.
pub fn type_class(etype: EntityType) -> NamedNodeRef<'static> {
    match etype {
        EntityType::Person => ng::PERSON,
        EntityType::Organization => ng::ORGANIZATION,
        EntityType::Country => ng::COUNTRY,
        EntityType::Place => ng::PLACE,
        EntityType::Agreement => ng::AGREEMENT,
    }
}

/// The ontology property of a predicate.
pub fn predicate_property(predicate: Predicate) -> NamedNodeRef<'static> {
    match predicate {
        Predicate::AffiliatedWith => ng::AFFILIATED_WITH,
        Predicate::BasedIn => ng::BASED_IN,
        Predicate::LocatedIn => ng::LOCATED_IN,
        Predicate::PartyTo => ng::PARTY_TO,
        Predicate::Nationality => ng::NATIONALITY,
        Predicate::Said => ng::SAID,
    }
}

/// A date literal typed by its precision: xsd:date, xsd:gYearMonth or xsd:gYear.
pub fn date_literal(date: &str) -> Literal {
    let datatype = match date.len() {
        10 => xsd::DATE,
        7 => xsd::G_YEAR_MONTH,
        4 => xsd::G_YEAR,
        _ => xsd::STRING,
    };
    Literal::new_typed_literal(date, datatype)
}

/// A confidence as a readable xsd:decimal.
pub fn decimal(value: f64) -> Literal {
    let text = if value.fract() == 0.0 {
        format!("{value:.1}")
    } else {
        let s = format!("{value:.4}");
        s.trim_end_matches('0').to_string()
    };
    Literal::new_typed_literal(text, xsd::DECIMAL)
}

/// A claimed figure: a whole number as `xsd:integer` (so that `ng:value 11` matches it), any
/// other as `xsd:decimal`.
pub fn figure(value: f64) -> Literal {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        Literal::from(value as i64)
    } else {
        decimal(value)
    }
}

fn int(value: usize) -> Literal {
    Literal::new_typed_literal(value.to_string(), xsd::INTEGER)
}

/// Builds quads in one graph.
pub struct QuadSink {
    graph: GraphName,
    /// The quads so far.
    pub quads: Vec<Quad>,
}

impl QuadSink {
    /// A sink writing into `graph`.
    pub fn new(graph: NamedNode) -> QuadSink {
        QuadSink {
            graph: graph.into(),
            quads: Vec::new(),
        }
    }

    /// Adds one quad.
    pub fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.quads.push(Quad::new(
            NamedOrBlankNode::from(s.clone()),
            p.into_owned(),
            o.into(),
            self.graph.clone(),
        ));
    }

    /// Adds a plain string literal.
    pub fn text(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, value: &str) {
        self.add(s, p, Literal::new_simple_literal(value));
    }
}

/// All quads of one processed document.
pub fn doc_to_quads(doc: &Doc) -> Vec<Quad> {
    let mut sink = QuadSink::new(article_graph(&doc.id));
    let chars = doc.char_offsets();
    let article = article_iri(&doc.id);
    let nodes = ArticleNodes::new(&doc.id);
    let meta = &doc.metadata;
    sink.add(&article, RDF_TYPE, ng::ARTICLE);
    sink.add(&article, RDF_TYPE, ng::SCHEMA_NEWS_ARTICLE);
    sink.text(&article, ng::FILE_NAME, &doc.id);
    sink.text(
        &article,
        RDFS_LABEL,
        meta.title.as_deref().unwrap_or(&doc.id),
    );
    // One author field, or every author when the input names several.
    let authors = if meta.authors.is_empty() {
        meta.author.as_slice()
    } else {
        meta.authors.as_slice()
    };
    let texts = [
        (ng::HEADLINE, meta.title.as_slice()),
        (ng::AUTHOR_NAME, authors),
        (ng::PUBLISHER_NAME, meta.publisher.as_slice()),
        (ng::DATELINE, meta.dateline.as_slice()),
        (ng::URL, meta.url.as_slice()),
        (ng::IN_LANGUAGE, meta.language.as_slice()),
        (ng::SECTION, meta.section.as_slice()),
        (ng::KEYWORD, meta.keywords.as_slice()),
        (ng::SUMMARY, meta.description.as_slice()),
    ];
    for (property, values) in texts {
        for v in values {
            sink.text(&article, property, v);
        }
    }
    let dates = [
        (ng::DATE_PUBLISHED, &meta.published),
        (ng::DATE_MODIFIED, &meta.modified),
    ];
    for (property, value) in dates {
        if let Some(v) = value {
            sink.add(&article, property, date_literal(v));
        }
    }
    let sentence_nodes: Vec<NamedNode> = (0..doc.sentences.len())
        .map(|i| nodes.node("s", i))
        .collect();
    for (idx, sent) in doc.sentences.iter().enumerate() {
        let node = &sentence_nodes[idx];
        let span = doc.span_of(sent);
        sink.add(node, RDF_TYPE, ng::SENTENCE);
        sink.add(node, ng::IN_ARTICLE, article.clone());
        sink.add(node, ng::INDEX, int(idx));
        sink.text(node, ng::TEXT, &doc.text[span.clone()]);
        sink.add(node, ng::START, int(chars.at(span.start)));
        sink.add(node, ng::END, int(chars.at(span.end)));
    }
    let entity_nodes: Vec<NamedNode> = doc
        .entities
        .iter()
        .map(|e| entity_iri(e.etype, &e.name))
        .collect();
    for (idx, ent) in doc.entities.iter().enumerate() {
        let node = &entity_nodes[idx];
        sink.add(node, RDF_TYPE, type_class(ent.etype));
        if let Some(class) = ent.class.as_deref().filter(|c| FINE_CLASSES.contains(c)) {
            sink.add(
                node,
                RDF_TYPE,
                NamedNode::new_unchecked(format!("{}{class}", ng::NG)),
            );
        }
        sink.text(node, RDFS_LABEL, &ent.name);
        for alias in &ent.aliases {
            sink.text(node, ng::ALIAS, alias);
        }
        for iri in &ent.same_as {
            if let Ok(target) = NamedNode::new(iri) {
                sink.add(node, ng::OWL_SAME_AS, target);
            }
        }
        if let Some(desc) = &ent.description {
            sink.text(node, ng::DESCRIPTION, desc);
        }
        sink.add(node, ng::MENTIONED_IN, article.clone());
        let is_author =
            meta.author.as_deref() == Some(ent.name.as_str()) || meta.authors.contains(&ent.name);
        if is_author && ent.etype == EntityType::Person {
            sink.add(&article, ng::AUTHOR, node.clone());
        }
        if meta
            .publisher
            .as_deref()
            .is_some_and(|p| p == ent.name || ent.aliases.iter().any(|a| a == p))
            && ent.etype == EntityType::Organization
        {
            sink.add(&article, ng::PUBLISHER, node.clone());
        }
    }
    for (idx, m) in doc.mentions.iter().enumerate() {
        let Some(e) = m.entity else { continue };
        let node = nodes.node("m", idx);
        let span = doc.span_of(&m.tokens);
        sink.add(&node, RDF_TYPE, ng::MENTION);
        sink.add(&node, ng::REFERS_TO, entity_nodes[e].clone());
        sink.add(
            &node,
            ng::IN_SENTENCE,
            sentence_nodes[doc.sentence_of(m.tokens.start)].clone(),
        );
        sink.add(&node, ng::IN_ARTICLE, article.clone());
        sink.text(&node, ng::SURFACE, &doc.text[span.clone()]);
        sink.add(&node, ng::START, int(chars.at(span.start)));
        sink.add(&node, ng::END, int(chars.at(span.end)));
        let source = match m.source {
            crate::doc::MentionSource::Model => "model",
            crate::doc::MentionSource::Gazetteer => "gazetteer",
            crate::doc::MentionSource::Rule => "rule",
            crate::doc::MentionSource::Nominal => "nominal",
        };
        sink.text(&node, ng::SOURCE, source);
        sink.add(
            &node,
            ng::CONFIDENCE,
            decimal(f64::from(m.confidence).min(1.0)),
        );
    }
    for (idx, rel) in doc.relations.iter().enumerate() {
        let Some(object) = rel.object else { continue };
        let subject = &entity_nodes[rel.subject];
        let property = predicate_property(rel.predicate);
        sink.add(subject, property, entity_nodes[object].clone());
        let node = nodes.node("r", idx);
        if rel.predicate == Predicate::AffiliatedWith {
            // One post node per holder, role and organisation across the store: every article
            // that states it adds itself and its sentences to the same node.
            let post = post_iri(subject, rel.role.as_deref(), &entity_nodes[object]);
            sink.add(&post, RDF_TYPE, ng::POST);
            sink.add(&post, ng::HOLDER, subject.clone());
            sink.add(&post, ng::POST_IN, entity_nodes[object].clone());
            if let Some(role) = &rel.role {
                sink.text(&post, ng::ROLE, role);
            }
            if let Some(date) = &rel.date {
                sink.add(&post, ng::SINCE, date_literal(date));
            }
            sink.add(&post, ng::IN_ARTICLE, article.clone());
            for &s in std::iter::once(&rel.sentence).chain(&rel.also) {
                sink.add(&post, ng::EVIDENCE, sentence_nodes[s].clone());
            }
            sink.add(subject, ng::HOLDS_POST, post.clone());
            sink.add(&node, ng::ABOUT_POST, post);
        }
        sink.add(&node, RDF_TYPE, ng::ASSERTION);
        sink.add(&node, ng::ASSERTED_SUBJECT, subject.clone());
        sink.add(&node, ng::ASSERTED_PREDICATE, property);
        sink.add(&node, ng::ASSERTED_OBJECT, entity_nodes[object].clone());
        if let Some(date) = &rel.date {
            sink.add(&node, ng::SINCE, date_literal(date));
        }
        if rel.grounds == Grounds::Gazetteer {
            // Known, not read: the article only names the two entities.
            sink.add(&node, ng::KNOWN_FROM, ng::GAZETTEER);
            provenance(&mut sink, &node, &article, f64::from(rel.confidence));
            continue;
        }
        for &s in &rel.also {
            sink.add(&node, ng::EVIDENCE, sentence_nodes[s].clone());
        }
        evidence(
            &mut sink,
            &node,
            &sentence_nodes[rel.sentence],
            &article,
            &chars,
            &rel.evidence,
            f64::from(rel.confidence),
        );
    }
    for (idx, st) in doc.statements.iter().enumerate() {
        let node = nodes.node("st", idx);
        let content = &doc.text[st.content.clone()];
        sink.add(&node, RDF_TYPE, ng::STATEMENT);
        if let Some(speaker) = st.speaker.map(|e| &entity_nodes[e]) {
            sink.add(&node, ng::SPEAKER, speaker.clone());
            sink.add(speaker, ng::SAID, node.clone());
        }
        if let Some(text) = &st.speaker_text {
            sink.text(&node, ng::SPEAKER_DESCRIPTION, text);
        }
        sink.text(&node, ng::CONTENT, content);
        if st.direct {
            sink.text(&node, ng::QUOTE, content);
        }
        sink.add(&node, ng::DIRECT, Literal::from(st.direct));
        sink.text(&node, ng::SPEECH_VERB, &st.verb);
        if let Some(date) = st.date.as_deref().or(meta.published.as_deref()) {
            sink.add(&node, ng::DATE, date_literal(date));
        }
        sink.add(&node, ng::REPORTED_BY, article.clone());
        evidence(
            &mut sink,
            &node,
            &sentence_nodes[st.sentence],
            &article,
            &chars,
            &st.content,
            0.8,
        );
    }
    let claim_nodes: Vec<NamedNode> = (0..doc.claims.len()).map(|i| nodes.node("c", i)).collect();
    for (idx, claim) in doc.claims.iter().enumerate() {
        let node = &claim_nodes[idx];
        sink.add(node, RDF_TYPE, ng::QUANTITY_CLAIM);
        sink.add(node, ng::VALUE, figure(claim.value));
        sink.text(node, ng::COUNTED, &claim.counted);
        if let Some(p) = claim.place {
            sink.add(node, ng::ABOUT, entity_nodes[p].clone());
        }
        if let Some(s) = claim.source {
            sink.add(node, ng::CLAIMED_BY, entity_nodes[s].clone());
        }
        evidence(
            &mut sink,
            node,
            &sentence_nodes[claim.sentence],
            &article,
            &chars,
            &claim.span,
            0.75,
        );
        // Figures about the same place from different sources that disagree.
        for (other_idx, other) in doc.claims.iter().enumerate() {
            let conflicts = other_idx != idx
                && claim.place.is_some()
                && claim.place == other.place
                && claim.source.is_some()
                && other.source.is_some()
                && claim.source != other.source
                && claim.value != other.value;
            if conflicts {
                sink.add(node, ng::CONFLICTS_WITH, claim_nodes[other_idx].clone());
            }
        }
    }
    for (idx, ev) in doc.events.iter().enumerate() {
        let node = nodes.node("ev", idx);
        sink.add(&node, RDF_TYPE, ng::EVENT);
        let class = match ev.kind.as_str() {
            "investigation" => Some(ng::INVESTIGATION),
            "news conference" => Some(ng::NEWS_CONFERENCE),
            "arrest" => Some(ng::ARREST),
            "patrol" => Some(ng::PATROL),
            "signing" => Some(ng::SIGNING),
            _ => None,
        };
        if let Some(class) = class {
            sink.add(&node, RDF_TYPE, class);
        }
        sink.text(&node, ng::EVENT_KIND, &ev.kind);
        sink.text(&node, RDFS_LABEL, &ev.kind);
        for &a in &ev.actors {
            sink.add(&node, ng::ACTOR, entity_nodes[a].clone());
        }
        if let Some(p) = ev.place {
            sink.add(&node, ng::EVENT_PLACE, entity_nodes[p].clone());
        }
        if let Some(date) = &ev.date {
            sink.add(&node, ng::DATE, date_literal(date));
        }
        evidence(
            &mut sink,
            &node,
            &sentence_nodes[ev.sentence],
            &article,
            &chars,
            &ev.span,
            0.7,
        );
    }
    dedup_quads(sink.quads)
}

#[allow(clippy::too_many_arguments)]
fn evidence(
    sink: &mut QuadSink,
    node: &NamedNode,
    sentence: &NamedNode,
    article: &NamedNode,
    chars: &CharOffsets,
    span: &std::ops::Range<usize>,
    confidence: f64,
) {
    sink.add(node, ng::EVIDENCE, sentence.clone());
    sink.add(node, ng::START, int(chars.at(span.start)));
    sink.add(node, ng::END, int(chars.at(span.end)));
    provenance(sink, node, article, confidence);
}

/// The article a fact node belongs to and its confidence, written for every fact.
fn provenance(sink: &mut QuadSink, node: &NamedNode, article: &NamedNode, confidence: f64) {
    sink.add(node, ng::IN_ARTICLE, article.clone());
    sink.add(node, ng::CONFIDENCE, decimal(confidence.min(1.0)));
}

/// Drops repeated quads, keeping the first of each in generation order (which is
/// deterministic, so outputs stay stable without a costly sort).
pub fn dedup_quads(quads: Vec<Quad>) -> Vec<Quad> {
    let mut seen: HashSet<&Quad, crate::nlp::hash::BuildFxHasher> =
        HashSet::with_capacity_and_hasher(quads.len(), crate::nlp::hash::BuildFxHasher);
    let keep: Vec<bool> = quads.iter().map(|q| seen.insert(q)).collect();
    drop(seen);
    quads
        .into_iter()
        .zip(keep)
        .filter_map(|(q, k)| k.then_some(q))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_rdf_dates_and_decimals() {
        assert_eq!(date_literal("2015").datatype(), xsd::G_YEAR);
        assert_eq!(date_literal("2022-12-15").datatype(), xsd::DATE);
        assert_eq!(decimal(0.85).value(), "0.85");
        assert_eq!(decimal(102.0).value(), "102.0");
    }

    /// A city's country known from the gazetteers is an assertion that says so, with no
    /// sentence, offsets or evidence; a relation a sentence states keeps its evidence.
    #[test]
    fn to_rdf_knowledge_is_not_dressed_as_evidence() {
        let pipeline = crate::nlp::Pipeline::load_default().unwrap();
        let mut doc = Doc::new(
            "lyon.txt",
            "Protesters gathered in Lyon on Monday.\n\nFrance's government said little.",
        );
        pipeline.run(&mut doc).unwrap();
        let quads = doc_to_quads(&doc);
        let about = |node: &oxigraph::model::NamedOrBlankNode, p: NamedNodeRef<'_>| {
            quads
                .iter()
                .filter(|q| &q.subject == node && q.predicate == p)
                .count()
        };
        let known: Vec<_> = quads
            .iter()
            .filter(|q| q.predicate == ng::KNOWN_FROM && q.object == ng::GAZETTEER.into())
            .map(|q| q.subject.clone())
            .collect();
        assert_eq!(known.len(), 1, "{quads:#?}");
        let node = &known[0];
        assert_eq!(about(node, ng::EVIDENCE), 0);
        assert_eq!(about(node, ng::START), 0);
        assert_eq!(about(node, ng::IN_ARTICLE), 1);
        assert_eq!(about(node, ng::ASSERTED_PREDICATE), 1);
        // Every other assertion rests on a sentence.
        for q in quads.iter().filter(|q| q.object == ng::ASSERTION.into()) {
            if &q.subject != node {
                assert!(about(&q.subject, ng::EVIDENCE) >= 1, "{q}");
            }
        }
    }
}
