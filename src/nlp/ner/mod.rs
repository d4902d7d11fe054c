//! Mention detection: the CRF model (when present), gazetteers of general knowledge, and
//! capitalisation and context rules, merged into one non-overlapping set of mentions; plus
//! nominal references ("the group", "the pact") and unnamed agreements ("a cooperation deal
//! from 2015"), which later stages resolve.
//!
//! Reads `text`, `tokens`, `sentences`, `metadata`; writes `mentions` (sorted by start token).
//! Where the layers overlap, the longer span wins and, at equal length, gazetteer before model
//! before rule, because the gazetteer knows the fine types (a capital standing for its
//! government is a Country; "Chinese" is China). Types follow ../shared/eval/FORMAT.md.

pub mod crf;
pub mod features;
pub mod titles;

use super::cues::{is_label_word, is_possessive, rare_label};
use super::resources::{GazEntry, GazKind, Resources};
use super::stage::{NlpError, Stage};
use crate::doc::{Doc, EntityType, Mention, MentionSource};
use crf::NerModel;
use features::DocContext;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

/// Words that open sentences and are capitalised only for that reason.
/// Capitalised words that join the words of a title-case headline and never those of a
/// personal name.
const HEADLINE_WORDS: [&str; 18] = [
    "After", "As", "The", "With", "For", "To", "In", "On", "At", "And", "Is", "Are", "Was", "Were",
    "Will", "From", "Into", "Says",
];

const FUNCTION_WORDS: [&str; 96] = [
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "To",
    "Of",
    "With",
    "As",
    "But",
    "And",
    "Or",
    "If",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Their",
    "Our",
    "This",
    "That",
    "These",
    "Those",
    "Some",
    "Several",
    "Many",
    "Most",
    "All",
    "Any",
    "No",
    "Not",
    "Little",
    "Few",
    "After",
    "Before",
    "While",
    "When",
    "Where",
    "Who",
    "What",
    "Why",
    "How",
    "There",
    "Here",
    "Such",
    "Also",
    "Yet",
    "So",
    "Since",
    "Under",
    "Last",
    "Next",
    "Other",
    "Both",
    "Yesterday",
    "Today",
    "Tomorrow",
    "Now",
    "Then",
    "Meanwhile",
    "However",
    "Although",
    "Though",
    "Despite",
    "During",
    "According",
    "Unless",
    "Because",
    "Until",
    "Once",
    "Earlier",
    "Later",
    "Instead",
    "Still",
    "Even",
    "Only",
    "Each",
    "Every",
    "Another",
    "More",
    "Over",
    "About",
    "Among",
    "Between",
    "Without",
    "Against",
];

/// Months and weekdays: capitalised, never entities here.
const CALENDAR: [&str; 19] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Connectors allowed inside a capitalised name ("Bank of England", "Belt and Road").
const CONNECTORS: [&str; 14] = [
    "of", "and", "for", "the", "de", "del", "da", "van", "von", "al", "bin", "la", "le", "&",
];

/// Verbs after which a capital city stands for its government ("Beijing said").
const GOVERNMENT_VERBS: [&str; 36] = [
    "said",
    "says",
    "has",
    "have",
    "had",
    "is",
    "was",
    "will",
    "would",
    "could",
    "should",
    "must",
    "accused",
    "denied",
    "rejected",
    "responded",
    "urged",
    "warned",
    "announced",
    "insisted",
    "claimed",
    "wants",
    "demanded",
    "criticised",
    "criticized",
    "protested",
    "condemned",
    "opposed",
    "opposes",
    "agreed",
    "signed",
    "expanded",
    "blocked",
    "recognised",
    "recognized",
    "insists",
];

/// Head nouns that introduce an unnamed agreement in lower case.
const UNNAMED_AGREEMENT_HEADS: [&str; 8] = [
    "agreement",
    "deal",
    "pact",
    "treaty",
    "accord",
    "memorandum",
    "arrangement",
    "ceasefire",
];

/// Nominal heads that refer back to a named entity, with the type they refer to.
const NOMINAL_HEADS: [(&str, EntityType, Option<&str>); 19] = [
    ("commission", EntityType::Organization, None),
    ("council", EntityType::Organization, None),
    ("committee", EntityType::Organization, None),
    ("group", EntityType::Organization, None),
    ("organisation", EntityType::Organization, None),
    ("organization", EntityType::Organization, None),
    ("ngo", EntityType::Organization, Some("NGO")),
    ("charity", EntityType::Organization, Some("NGO")),
    ("ministry", EntityType::Organization, Some("GovernmentBody")),
    ("agency", EntityType::Organization, None),
    ("company", EntityType::Organization, Some("Company")),
    ("firm", EntityType::Organization, Some("Company")),
    ("party", EntityType::Organization, Some("PoliticalParty")),
    ("bureau", EntityType::Organization, None),
    ("pact", EntityType::Agreement, None),
    ("deal", EntityType::Agreement, None),
    ("agreement", EntityType::Agreement, None),
    ("treaty", EntityType::Agreement, None),
    ("accord", EntityType::Agreement, None),
];

/// Verbs that may follow a nominal subject ("the NGO says"); other lower-case words after the
/// head make it a modifier ("the NGO reports") and no mention.
const NOMINAL_FOLLOWERS: [&str; 30] = [
    "says",
    "said",
    "sees",
    "saw",
    "has",
    "had",
    "is",
    "was",
    "will",
    "would",
    "also",
    "added",
    "claims",
    "claimed",
    "argues",
    "argued",
    "believes",
    "believed",
    "found",
    "published",
    "wrote",
    "told",
    "called",
    "urged",
    "warned",
    "estimates",
    "estimated",
    "which",
    "that",
    "who",
];

/// Lower-case head nouns that complete a capitalised organisation name.
const LOWER_ORG_HEADS: [&str; 8] = [
    "coalition",
    "alliance",
    "movement",
    "party",
    "group",
    "militia",
    "network",
    "bloc",
];

/// Lower-case heads of state bodies named through their country: "Turkey's parliament",
/// "Mexico's interior ministry".
const BODY_HEADS: [&str; 12] = [
    "ministry",
    "parliament",
    "senate",
    "congress",
    "assembly",
    "cabinet",
    "court",
    "agency",
    "bureau",
    "commission",
    "embassy",
    "department",
];

/// Generic bodies that are capitalised without naming one ("the Government said").
const GENERIC_BODIES: [&str; 8] = [
    "government",
    "state",
    "church",
    "court",
    "police",
    "army",
    "ministry",
    "council",
];

/// Acronyms of common nouns, never names.
const COMMON_ACRONYMS: [&str; 12] = [
    "ngo", "ngos", "ceo", "gdp", "ai", "tv", "pm", "am", "ok", "faq", "vip", "hiv",
];

/// Words that end the noun phrase of an apposition ("X, a professor who …", "… of Y").
const APPOSITION_ENDS: [&str; 12] = [
    ",", ".", ";", "who", "whose", "which", "that", "of", "at", "in", "for", "with",
];

/// Nouns that, in an apposition, say the name before is an organisation.
const APPOSITION_ORG_HEADS: [&str; 10] = [
    "group",
    "organisation",
    "organization",
    "ngo",
    "charity",
    "agency",
    "company",
    "firm",
    "party",
    "watchdog",
];

/// The NER stage.
pub struct Ner {
    res: Arc<Resources>,
    /// The statistical tagger; without one, rules and gazetteers work alone.
    model: Option<NerModel>,
}

impl Ner {
    /// A NER stage over loaded resources, with its tagger (or none).
    pub fn new(res: Arc<Resources>, model: Option<NerModel>) -> Ner {
        Ner { res, model }
    }
}

fn is_cap(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn has_digit(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
}

/// Maps a model label (CoNLL PER/ORG/LOC/MISC) to a coarse type.
fn model_type(label: &str) -> Option<EntityType> {
    match label {
        "PER" => Some(EntityType::Person),
        "ORG" => Some(EntityType::Organization),
        "LOC" => Some(EntityType::Place),
        _ => None,
    }
}

impl Stage for Ner {
    fn name(&self) -> &'static str {
        "ner"
    }

    fn run(&self, doc: &mut Doc) -> Result<(), NlpError> {
        let res = &*self.res;
        let words: Vec<&str> = (0..doc.tokens.len()).map(|i| doc.token_text(i)).collect();
        let sentence_words: Vec<&[&str]> = doc
            .sentences
            .iter()
            .map(|sent| &words[sent.clone()])
            .collect();
        let ctx = DocContext::new(res, sentence_words.iter().copied());
        let mut cands: Vec<Mention> = Vec::new();
        let labels = self
            .model
            .as_ref()
            .map(|model| model.tag_document(&sentence_words, res, &ctx));
        for (s_idx, sent) in doc.sentences.iter().enumerate() {
            gazetteer_mentions(res, &words, sent.clone(), &mut cands);
            if let Some(labels) = &labels {
                model_mentions(res, &words, sent.start, &labels[s_idx], &mut cands);
            }
        }
        // Without a model, rules guess on every capitalised sequence the gazetteer left
        // uncovered. With one, they only add what they know better than the model: names typed
        // by a head word ("… Initiative", "… Ministry"), after a title, or in an apposition;
        // longer spans then win over the model's fragments.
        let strong_only = self.model.is_some();
        let mut covered = vec![false; words.len()];
        for m in cands
            .iter()
            .filter(|m| m.source == MentionSource::Gazetteer || !strong_only)
        {
            covered[m.tokens.clone()].iter_mut().for_each(|c| *c = true);
        }
        for sent in &doc.sentences {
            rule_mentions(
                res,
                &words,
                sent.clone(),
                &covered,
                &ctx,
                strong_only,
                &mut cands,
            );
            agreement_mentions(&words, sent.clone(), &mut cands);
            nominal_mentions(&words, sent.clone(), &mut cands);
            titles::person_nominals(res, &words, sent.clone(), &mut cands);
        }
        for sent in &doc.sentences {
            label_mentions(res, &words, sent.clone(), &mut cands);
        }
        byline_mentions(doc, &mut cands);
        body_mentions(&words, &doc.sentences, &mut cands);
        extend_with_demonyms(&mut cands);
        // Events, works, abbreviations of common nouns and capitalised common words go.
        let common = lowercase_acronyms(&words);
        cands.retain(|m| !not_an_entity(m, &words, res, &ctx, &common));
        let mut mentions = join_head_of_place(res, &words, resolve_overlaps(cands));
        retype_surnames(&words, &mut mentions);
        titles::mark_titles(res, &words, &doc.sentences, &mut mentions);
        drop(words);
        doc.mentions = mentions;
        Ok(())
    }
}

/// Longest gazetteer matches within a sentence.
fn gazetteer_mentions(res: &Resources, words: &[&str], sent: Range<usize>, out: &mut Vec<Mention>) {
    let mut i = sent.start;
    while i < sent.end {
        let mut matched = 0;
        // Only words that start some name (or are written in capitals) can start a match.
        let word = words[i];
        let capitals = word.len() > 1 && word.chars().all(|c| !c.is_lowercase());
        let may_match = res.name_first_words.contains(word) || capitals;
        // The longest surface form starting here: keys grow one word at a time in one buffer.
        let mut longest: Option<(usize, &[GazEntry])> = None;
        let mut key = String::new();
        for len in (1..=res.max_name_len.min(sent.end - i)).filter(|_| may_match) {
            if len > 1 {
                key.push(' ');
            }
            key.push_str(words[i + len - 1]);
            let entries = res.lookup(&key).or_else(|| {
                // Datelines and headlines write names in capitals ("ROME").
                let all_caps = key.chars().any(char::is_alphabetic)
                    && key.chars().all(|c| !c.is_lowercase())
                    && key.len() > 3;
                all_caps.then(|| res.lookup(&title_case(&key))).flatten()
            });
            if let Some(entries) = entries {
                longest = Some((len, entries));
            }
        }
        if let Some((len, entries)) = longest {
            let stands_for_state = stands_for_state(words, sent.clone(), i, i + len);
            // A capital standing for its government is the country; otherwise prefer the most
            // specific reading: a name before a city before a demonym.
            let entry = entries
                .iter()
                .find(|e| e.kind == GazKind::Capital && stands_for_state)
                .or_else(|| entries.iter().find(|e| e.kind == GazKind::Name))
                .or_else(|| entries.iter().find(|e| e.kind == GazKind::City))
                .or_else(|| entries.iter().find(|e| e.kind == GazKind::Demonym))
                .or_else(|| entries.first());
            if let Some(entry) = entry {
                if entry.kind == GazKind::Capital && !stands_for_state {
                    // A capital that is not in the city list is still a place, named as written
                    // (its entry's canonical name is the country's).
                    let mut m =
                        Mention::new(i..i + len, EntityType::Place, MentionSource::Gazetteer);
                    m.class = Some("City".into());
                    out.push(m);
                } else {
                    let mut m = Mention::new(i..i + len, entry.etype, MentionSource::Gazetteer);
                    m.class = entry.class.clone();
                    m.canonical = Some(entry.canonical.clone());
                    m.wikidata = entry.wikidata.clone();
                    out.push(m);
                }
                matched = len;
            }
        }
        i += matched.max(1);
    }
}

/// Whether a capital at `start..end` stands for its government: "Beijing's efforts",
/// "Beijing said", "Moscow would respond", "Washington and Manila expanded", "Rome informed
/// Beijing"; not after a preposition of place ("in Beijing").
fn stands_for_state(words: &[&str], sent: Range<usize>, start: usize, end: usize) -> bool {
    let prev = start
        .checked_sub(1)
        .filter(|&p| p >= sent.start)
        .map(|p| words[p])
        .unwrap_or("");
    if words
        .get(end)
        .is_some_and(|w| end < sent.end && is_possessive(w))
    {
        return true;
    }
    if matches!(
        prev,
        "in" | "at" | "near" | "from" | "to" | "outside" | "across" | "around" | "of"
    ) {
        return false;
    }
    let acts = |k: usize| {
        words.get(k).filter(|_| k < sent.end).is_some_and(|w| {
            is_possessive(w)
                || GOVERNMENT_VERBS.contains(w)
                || (w.len() > 4 && w.ends_with("ed") && w.chars().all(|c| c.is_lowercase()))
        })
    };
    // "Washington and Manila expanded": both capitals act.
    let next = words.get(end).copied().unwrap_or("");
    acts(end) || (next == "and" && acts(end + 2)) || (prev == "and" && acts(end))
}

fn title_case(key: &str) -> String {
    key.split(' ')
        .map(features::title_case_word)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Mentions from the model's IOB labels, refined by the gazetteer and head words.
fn model_mentions(
    res: &Resources,
    words: &[&str],
    offset: usize,
    labels: &[String],
    out: &mut Vec<Mention>,
) {
    // Names that hold a number ("Movimento 5 Stelle", "Channel 4 News") come as two spans of
    // one type around it: joined again.
    let mut joined: Vec<(usize, usize, String)> = Vec::new();
    for (start, end, label) in crf::spans(labels) {
        if let Some(last) = joined.last_mut() {
            let between = offset + last.1;
            if last.2 == label
                && start == last.1 + 1
                && words[between].chars().all(|c| c.is_ascii_digit())
            {
                last.1 = end;
                continue;
            }
        }
        joined.push((start, end, label));
    }
    let spans = joined.into_iter().flat_map(|(start, end, label)| {
        split_span(res, words, offset + start..offset + end)
            .into_iter()
            .map(move |range| (range, label.clone()))
    });
    for (mut range, label) in spans {
        // A sentence-opening function word is no part of a name ("Though YouTube …").
        if range.start == offset && range.len() > 1 && FUNCTION_WORDS.contains(&words[range.start])
        {
            range.start += 1;
        }
        let (range, _) = strip_title(res, words, range);
        let (range, before_post) = cut_post(res, words, range, label == "PER");
        let range = trim_tail(res, words, range);
        // What is left after a title must still read as a name ("High Commissioner for
        // Refugees" is no person "for Refugees").
        if range.is_empty() || !is_cap(words[range.start]) {
            continue;
        }
        if label != "PER" {
            if let Some(k) = person_tail(res, words, &range) {
                // "CEO of the Refugee Council Enver Solomon": an organisation, then a person.
                out.push(Mention::new(
                    k..range.end,
                    EntityType::Person,
                    MentionSource::Model,
                ));
                let head = range.start..k;
                match classify_by_head(res, words, &head) {
                    Some((etype, class)) => {
                        let mut m = Mention::new(head, etype, MentionSource::Model);
                        m.class = class;
                        out.push(m);
                    }
                    None if head.len() >= 2 => {
                        if let Some(etype) = model_type(&label) {
                            out.push(Mention::new(head, etype, MentionSource::Model));
                        }
                    }
                    // A lone word before the name is the rest of a title ("Minister of
                    // Education Stefania Giannini").
                    None => {}
                }
                continue;
            }
        }
        let key = words[range.clone()].join(" ");
        if res.lookup(&key).is_some() {
            // The gazetteer layer proposes this span with its finer type already.
            continue;
        }
        if range.len() == 1 {
            // Sentence-opening function words ("Little has …") and acronyms of common nouns
            // ("the NGO") are no names, whatever the model says.
            let word = words[range.start];
            let lower = word.to_lowercase();
            let opens_sentence = range.start == offset;
            if (opens_sentence && FUNCTION_WORDS.contains(&word))
                || COMMON_ACRONYMS.contains(&lower.as_str())
                || GENERIC_BODIES.contains(&lower.as_str())
                || NOMINAL_HEADS.iter().any(|(h, _, _)| *h == lower)
            {
                continue;
            }
        }
        // A capitalised function word inside a person's name is a title-case headline read
        // as one name ("Clinton Goes After Trump As The New Romney").
        if label == "PER"
            && range.len() >= 3
            && words[range.start + 1..range.end - 1]
                .iter()
                .any(|w| HEADLINE_WORDS.contains(w))
        {
            continue;
        }
        let sent_end = offset + labels.len();
        let mut etype = match model_type(&label) {
            // What names a post's holder before the post is the body or place, not a person;
            // so is a name an organisation's description follows.
            Some(EntityType::Person)
                if before_post || org_apposition(words, range.end, sent_end) =>
            {
                EntityType::Organization
            }
            Some(t) => t,
            None => match classify_by_head(res, words, &range) {
                Some((EntityType::Agreement, _)) => EntityType::Agreement,
                _ => continue,
            },
        };
        // A name right after a person's title or honorific is a person ("President Obama",
        // whom the model may read as the Japanese town), unless a head word types it.
        let after_title = range.start > offset && {
            let before = words[range.start - 1].to_lowercase();
            titles_a_person(res, &before)
        };
        if after_title
            && etype == EntityType::Place
            && range.len() <= 3
            && classify_by_head(res, words, &range).is_none()
        {
            etype = EntityType::Person;
        }
        let mut m = Mention::new(range.clone(), etype, MentionSource::Model);
        if let Some((head_type, class)) = classify_by_head(res, words, &range) {
            // A head word decides over the model's organisation, over its place when the head
            // ends the name ("United States Navy"), and over its person when the head opens it
            // ("Instituto Gonzaga"; no personal name opens with such a word).
            let head_at = |k: usize| res.org_head(words[k]).is_some();
            let two_words = range.len() >= 2;
            let decides = head_type == EntityType::Agreement
                || match etype {
                    EntityType::Organization => true,
                    EntityType::Place => {
                        head_type == EntityType::Organization && two_words && head_at(range.end - 1)
                    }
                    EntityType::Person => {
                        (head_type == EntityType::Organization && two_words && head_at(range.start))
                            || (head_type == EntityType::Place && geo_name(words, &range))
                    }
                    _ => false,
                };
            if decides {
                m.etype = head_type;
                m.class = class;
            }
        }
        out.push(m);
    }
}

/// Cuts a model span where no name continues: at a slash ("Twitter / NASA") and at a "the"
/// that follows no preposition ("according to Rathbun the Scientology property"), unlike
/// "Church of the Nazarene".
///
/// Also at an "and" between two institutions, each with its own head word ("Massachusetts
/// Institute of Technology and Colorado State University"), unlike "Department of Health and
/// Human Services" or "Bill and Melinda Gates Foundation".
fn split_span(res: &Resources, words: &[&str], range: Range<usize>) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut start = range.start;
    let has_head = |r: Range<usize>| {
        words[r]
            .iter()
            .any(|w| is_cap(w) && res.org_head(w).is_some())
    };
    for k in range.clone() {
        let two_institutions = words[k] == "and"
            && k >= start + 2
            && range.end >= k + 3
            && has_head(start..k)
            && INSTITUTION_HEADS.contains(&words[range.end - 1].to_lowercase().as_str());
        // "University of Sheffield of the UK": a second "of" before a country.
        if words[k] == "of" && words[start..k].contains(&"of") {
            let from = if words.get(k + 1) == Some(&"the") {
                k + 2
            } else {
                k + 1
            };
            let country = from < range.end
                && res
                    .lookup(&words[from..range.end].join(" "))
                    .is_some_and(|entries| entries.iter().any(|e| e.etype == EntityType::Country));
            if country {
                parts.push(start..k);
                parts.push(from..range.end);
                return parts;
            }
        }
        let cut = matches!(words[k], "/" | "|")
            || two_institutions
            || (words[k] == "the"
                && k > start
                && !matches!(
                    words[k - 1],
                    "of" | "for" | "and" | "on" | "in" | "to" | "at"
                ));
        if cut {
            if k > start {
                parts.push(start..k);
            }
            start = k + 1;
        }
    }
    if range.end > start {
        parts.push(start..range.end);
    }
    parts
}

/// "Norwegian Football Federation": a demonym right before the name of an organisation that
/// is not an organ of the state is part of that name. ("Chinese Foreign Ministry" stays a
/// demonym and a ministry: the relation stage ties the ministry to its country.)
fn extend_with_demonyms(cands: &mut Vec<Mention>) {
    let demonym_ends: Vec<(usize, usize)> = cands
        .iter()
        .filter(|m| m.source == MentionSource::Gazetteer && m.etype == EntityType::Country)
        .map(|m| (m.tokens.start, m.tokens.end))
        .collect();
    let mut extended = Vec::new();
    for m in cands.iter() {
        let state_organ = matches!(m.class.as_deref(), Some("GovernmentBody" | "PoliceForce"));
        if m.etype != EntityType::Organization
            || state_organ
            || m.source == MentionSource::Gazetteer
            || m.tokens.len() < 2
        {
            continue;
        }
        if let Some(&(start, _)) = demonym_ends.iter().find(|(_, end)| *end == m.tokens.start) {
            let mut longer = m.clone();
            longer.tokens = start..m.tokens.end;
            longer.source = MentionSource::Rule;
            extended.push(longer);
        }
    }
    cands.extend(extended);
}

/// Head words of institutions that stand on their own, so that "X and Y University" is two.
const INSTITUTION_HEADS: [&str; 14] = [
    "university",
    "college",
    "institute",
    "school",
    "foundation",
    "bank",
    "company",
    "corporation",
    "party",
    "group",
    "hospital",
    "academy",
    "club",
    "society",
];

/// Head words of buildings and grounds, which are places.
const FACILITY_HEADS: [&str; 15] = [
    "station",
    "stadium",
    "arena",
    "airport",
    "tower",
    "towers",
    "bridge",
    "square",
    "palace",
    "cathedral",
    "mosque",
    "temple",
    "hall",
    "plaza",
    "memorial",
];

/// Last words of the names of land features and subdivisions ("Ocala National Forest",
/// "Cameron Parish", "Dan Sai District"): places. None of them is a common surname, so they also
/// decide over a reading as a person.
const GEO_HEADS: [&str; 21] = [
    "county",
    "counties",
    "parish",
    "province",
    "prefecture",
    "district",
    "oblast",
    "forest",
    "mountains",
    "mountain",
    "valley",
    "peninsula",
    "plateau",
    "canyon",
    "desert",
    "island",
    "islands",
    "river",
    "lake",
    "glacier",
    "volcano",
];

/// First words of the names of land and water features ("Lake Constance", "Mount Kenya").
const GEO_FIRST: [&str; 4] = ["lake", "mount", "gulf", "isle"];

/// Words that make a "centre" a building ("convention centre"), not an institution
/// ("Centre for Policy Studies").
const FACILITY_CENTRES: [&str; 6] = [
    "convention",
    "shopping",
    "trade",
    "exhibition",
    "conference",
    "community",
];

/// Whether a candidate names no entity of the graph: an event or work ("Lantern Festival",
/// "Operation Clambake", "the National Iodine Nutrition study"), an abbreviation the text
/// defines from lower-case words, or a common word the model read as a name because it was
/// capitalised ("Iodine deficiency …" beside "iodine" elsewhere; people are left to the
/// surname and coreference rules).
fn not_an_entity(
    m: &Mention,
    words: &[&str],
    res: &Resources,
    ctx: &DocContext,
    common: &HashSet<&str>,
) -> bool {
    let last = words[m.tokens.end - 1].to_lowercase();
    let event_or_work = m.tokens.len() >= 2
        && m.etype != EntityType::Agreement
        && m.source != MentionSource::Gazetteer
        && (NON_ENTITY_HEADS.contains(&last.as_str()) || words[m.tokens.start] == "Operation");
    let names_a_study = m.tokens.len() >= 2
        && m.etype == EntityType::Organization
        && m.source != MentionSource::Gazetteer
        && words.get(m.tokens.end).is_some_and(|w| {
            w.chars().next().is_some_and(char::is_lowercase) && NON_ENTITY_HEADS.contains(w)
        });
    let abbreviation = m.tokens.len() == 1 && common.contains(words[m.tokens.start]);
    let lower = words[m.tokens.start].to_lowercase();
    let common_word = m.tokens.len() == 1
        && m.source == MentionSource::Model
        && m.etype != EntityType::Person
        && ctx.contains_lower(&lower)
        && res.zipf10(&lower) >= 30;
    event_or_work || names_a_study || abbreviation || common_word
}

/// Head words of events, studies and works, whose names are not entities of the graph.
const NON_ENTITY_HEADS: [&str; 18] = [
    "study",
    "survey",
    "festival",
    "fair",
    "prize",
    "award",
    "awards",
    "cup",
    "championship",
    "championships",
    "tournament",
    "games",
    "olympics",
    "expo",
    "war",
    "day",
    "week",
    "census",
];

/// Acronyms the text defines as abbreviations of lower-case words: "iodine deficiency
/// disorders (IDD)".
fn lowercase_acronyms<'a>(words: &[&'a str]) -> HashSet<&'a str> {
    let mut out = HashSet::new();
    for k in 1..words.len().saturating_sub(1) {
        let acronym = words[k];
        let letters: Vec<char> = acronym.chars().collect();
        if words[k - 1] != "("
            || words[k + 1] != ")"
            || !(2..=6).contains(&letters.len())
            || !letters.iter().all(char::is_ascii_uppercase)
            || k < 1 + letters.len()
        {
            continue;
        }
        let phrase = &words[k - 1 - letters.len()..k - 1];
        let matches = phrase
            .iter()
            .zip(&letters)
            .all(|(w, l)| w.starts_with(l.to_ascii_lowercase()));
        if matches {
            out.insert(acronym);
        }
    }
    out
}

/// Words that label a picture credit ("Image: Jane Doe") and end no name.
const CAPTION_WORDS: [&str; 6] = ["Image", "Photo", "Picture", "Video", "Credit", "Source"];

/// Drops a caption label that a name span swallowed: "Washington D.C. Image: …".
/// Also drops a last word that goes on with a common lower-case word after a hyphen ("Booker
/// Prize-winner"), unlike a name's syllables ("Hau Lung-bin").
fn trim_tail(res: &Resources, words: &[&str], mut range: Range<usize>) -> Range<usize> {
    if range.len() > 1
        && CAPTION_WORDS.contains(&words[range.end - 1])
        && words.get(range.end) == Some(&":")
    {
        range.end -= 1;
    }
    let common_word_after_hyphen = |word: &str| {
        word.rsplit_once('-').is_some_and(|(_, rest)| {
            rest.chars().next().is_some_and(char::is_lowercase)
                && rest.len() >= 4
                && res.zipf10(rest) >= 35
        })
    };
    if range.len() > 1 && common_word_after_hyphen(words[range.end - 1]) {
        range.end -= 1;
    }
    range
}

/// Where a person's name starts at the end of a longer span that the model read as one
/// organisation or place ("Refugee Council Enver Solomon"): a given name (not the first word,
/// not after another given name) followed by one or two capitalised words, none of them an
/// organisation head ("Bill and Melinda Gates Foundation" stays whole).
fn person_tail(res: &Resources, words: &[&str], range: &Range<usize>) -> Option<usize> {
    let is_given = |w: &str| res.first_names.contains(w) || res.given_names.contains(w);
    (range.start + 1..range.end.saturating_sub(1)).find(|&k| {
        let tail = &words[k..range.end];
        is_given(words[k])
            && !is_given(words[k - 1])
            && (2..=3).contains(&tail.len())
            && tail.iter().all(|w| is_cap(w) && !has_digit(w))
            && !tail.iter().any(|w| res.org_head(w).is_some())
            && !CONNECTORS.contains(&words[k - 1])
    })
}

/// Does an apposition with an organisation head noun follow the name ending at `end` ("X, a
/// rights group …", "X, a Hong Kong construction firm"; not "X, a leader of the party")?
fn org_apposition(words: &[&str], end: usize, sent_end: usize) -> bool {
    words.get(end) == Some(&",")
        && matches!(words.get(end + 1).copied(), Some("a" | "an"))
        && words[(end + 2).min(sent_end)..(end + 9).min(sent_end)]
            .iter()
            .take_while(|w| !APPOSITION_ENDS.contains(w))
            .any(|w| APPOSITION_ORG_HEADS.contains(&w.to_lowercase().as_str()))
}

/// Cuts a post off the end of a name span: a title after a place or body names a post, not
/// part of the name ("Los Angeles Sheriff Lee Baca"), and so does the first word of a title
/// that runs on past the span ("PolitiFact Executive" before "Director Aaron Sharockman").
/// After a given name of a `person` span a title word is a surname ("Charlie King"). Returns
/// the rest and whether a post was cut: what names a post's holder before the post is the
/// body or place, not a person.
fn cut_post(
    res: &Resources,
    words: &[&str],
    mut range: Range<usize>,
    person: bool,
) -> (Range<usize>, bool) {
    let title_runs_on = |end: usize| {
        (1..=2).any(|more| {
            end + more <= words.len()
                && res.is_title(&words[end - 1..end + more].join(" ").to_lowercase())
        })
    };
    let mut cut = false;
    while range.len() > 1
        && ((res.is_title(&words[range.end - 1].to_lowercase())
            && !(person && res.given_names.contains(words[range.end - 2])))
            || title_runs_on(range.end))
    {
        range.end -= 1;
        cut = true;
    }
    (range, cut)
}

/// Strips a leading title ("Interior Minister", "Prime Minister") from a name span; returns
/// the rest and the number of tokens stripped.
fn strip_title(res: &Resources, words: &[&str], range: Range<usize>) -> (Range<usize>, usize) {
    let mut best = 0;
    for len in 1..range.len() {
        let lower = words[range.start..range.start + len]
            .join(" ")
            .to_lowercase();
        let last = words[range.start + len - 1].to_lowercase();
        // The end of a title that opens before the span ("Secretary of" + "State John
        // Kerry"), or an abbreviated one ("Rep.").
        let runs_in = (1..=2).any(|back| {
            range.start >= back
                && res.is_title(
                    &words[range.start - back..range.start + len]
                        .join(" ")
                        .to_lowercase(),
                )
        });
        if titles::post_of(res, &lower).is_some()
            || runs_in
            || (res.is_title(&last)
                && words[range.start..range.start + len]
                    .iter()
                    .all(|w| is_cap(w)))
        {
            best = len;
        }
    }
    (range.start + best..range.end, best)
}

/// Is `lower` (a lower-case word) a title or honorific that a person's name follows?
fn titles_a_person(res: &Resources, lower: &str) -> bool {
    res.is_title(lower) || matches!(lower, "mr." | "ms." | "mrs." | "dr.")
}

/// Type from the head word: agreements ("Initiative", "Treaty") and organisations ("Ministry").
fn classify_by_head(
    res: &Resources,
    words: &[&str],
    range: &Range<usize>,
) -> Option<(EntityType, Option<String>)> {
    let last = words[range.end - 1].to_lowercase();
    if res.agreement_heads.contains(&last) {
        let class = match last.as_str() {
            "initiative" => Some("Initiative".to_string()),
            "treaty" | "accord" | "accords" | "convention" | "protocol" => {
                Some("Treaty".to_string())
            }
            _ => None,
        };
        return Some((EntityType::Agreement, class));
    }
    // Buildings and grounds are places ("Metro Toronto Convention Centre", "Luzhniki
    // Stadium"), whatever the model's reading.
    let before_last = (range.len() >= 2).then(|| words[range.end - 2].to_lowercase());
    if range.len() >= 2
        && (FACILITY_HEADS.contains(&last.as_str())
            || (matches!(last.as_str(), "centre" | "center")
                && before_last
                    .as_deref()
                    .is_some_and(|b| FACILITY_CENTRES.contains(&b))))
    {
        return Some((EntityType::Place, None));
    }
    if range.len() >= 2 && GEO_HEADS.contains(&last.as_str()) {
        return Some((EntityType::Place, None));
    }
    // The head of "Ministry of Foreign Affairs" is its first word.
    for idx in [range.end - 1, range.start] {
        if let Some(class) = res.org_head(words[idx]) {
            let class = (class != "Organization").then(|| class.to_string());
            return Some((EntityType::Organization, class));
        }
    }
    geo_name(words, range).then_some((EntityType::Place, None))
}

/// Does the name end in a land feature or subdivision ("Custer National Forest") or open with
/// a water or mountain word ("Lake Constance")? The opening word yields to an organisation head
/// ("Mount Sinai Hospital").
fn geo_name(words: &[&str], range: &Range<usize>) -> bool {
    range.len() >= 2
        && (GEO_HEADS.contains(&words[range.end - 1].to_lowercase().as_str())
            || GEO_FIRST.contains(&words[range.start].to_lowercase().as_str()))
}

/// Capitalised sequences the other layers did not cover.
fn rule_mentions(
    res: &Resources,
    words: &[&str],
    sent: Range<usize>,
    covered: &[bool],
    ctx: &DocContext,
    strong_only: bool,
    out: &mut Vec<Mention>,
) {
    let mut i = sent.start;
    let mut after_join = false;
    while i < sent.end {
        let w = words[i];
        if covered[i] || !is_cap(w) || has_digit(w) || CALENDAR.contains(&w) {
            after_join = false;
            i += 1;
            continue;
        }
        // A run broken at a headline's joining word ("… Trump As The New …") goes on from
        // that word, which belongs to no name.
        if after_join && HEADLINE_WORDS.contains(&w) {
            i += 1;
            continue;
        }
        after_join = false;
        let mut j = i + 1;
        while j < sent.end && !covered[j] {
            let wj = words[j];
            if HEADLINE_WORDS.contains(&wj) {
                after_join = true;
                break;
            }
            let name_word = is_cap(wj) && !has_digit(wj) && !CALENDAR.contains(&wj);
            let connector = CONNECTORS.contains(&wj)
                && j + 1 < sent.end
                && !covered[j + 1]
                && is_cap(words[j + 1]);
            if !(name_word || connector) {
                break;
            }
            j += 1;
        }
        let mut range = i..j;
        i = j;
        // "the Azimio coalition", "the Wagner group": a lower-case organisation head right
        // after a capitalised name belongs to it.
        if j < sent.end && !covered[j] && LOWER_ORG_HEADS.contains(&words[j]) {
            range.end = j + 1;
            i = j + 1;
        }
        // Drop a sentence-initial word capitalised only because it opens the sentence.
        let initial = range.start == sent.start
            || matches!(
                words[range.start - 1],
                "\"" | "\u{201c}" | "(" | "-" | "\u{2014}" | ":"
            );
        if initial {
            let first = words[range.start];
            let lower = first.to_lowercase();
            let common = FUNCTION_WORDS.contains(&first)
                || lower.ends_with("ing")
                || lower.ends_with("ly")
                || ctx.contains_lower(&lower);
            if common && !res.first_names.contains(first) {
                range.start += 1;
            }
        }
        // Trailing connectors never end a name.
        while !range.is_empty() && CONNECTORS.contains(&words[range.end - 1]) {
            range.end -= 1;
        }
        // Two institutions joined by "and", or names run together across a slash or "the":
        // the first is taken here, the rest scanned on its own.
        let parts = split_span(res, words, range.clone());
        if parts.len() > 1 {
            range = parts[0].clone();
            i = parts[1].start;
        }
        // "Football Federation Hilde Aasen": the person is scanned on its own.
        if let Some(k) = person_tail(res, words, &range) {
            range.end = k;
            i = k;
        }
        // "and" joins two names unless the whole ends in a head word ("Belt and Road Initiative").
        if let Some(and_idx) = range.clone().find(|&k| words[k] == "and") {
            if classify_by_head(res, words, &range).is_none() {
                range.end = and_idx;
                // The name after "and" is scanned on its own.
                i = and_idx + 1;
            }
        }
        let (range, title_len) = strip_title(res, words, range);
        // "Virginia AFL-CIO President" before "Doris Crouse-Mays": the body, then the post.
        let (range, before_post) = cut_post(res, words, range, false);
        let mut range = trim_tail(res, words, range);
        if range.is_empty() || !is_cap(words[range.start]) {
            continue;
        }
        // A person's name ends before "of", "for" or "the" ("Matthew Ingram of The Globe");
        // particles ("de", "van", "bin") stay.
        if res.first_names.contains(words[range.start])
            && classify_by_head(res, words, &range).is_none()
        {
            if let Some(k) = range
                .clone()
                .find(|&k| matches!(words[k], "of" | "for" | "the" | "&"))
            {
                range.end = k;
            }
        }
        if range.len() == 1
            && (FUNCTION_WORDS.contains(&words[range.start]) || words[range.start] == "I")
        {
            continue;
        }
        // Acronyms of common nouns ("NGO", "CEO") name no one.
        let lower_first = words[range.start].to_lowercase();
        if range.len() == 1
            && (NOMINAL_HEADS.iter().any(|(h, _, _)| *h == lower_first)
                || COMMON_ACRONYMS.contains(&lower_first.as_str())
                || GENERIC_BODIES.contains(&lower_first.as_str()))
        {
            continue;
        }
        if res.is_title(&words[range.clone()].join(" ").to_lowercase()) {
            continue;
        }
        let before = range.start.checked_sub(1).map(|k| words[k].to_lowercase());
        let after = words.get(range.end).copied().unwrap_or("");
        // "X, a rights group …": an apposition with an organisation head noun.
        let org_apposition = org_apposition(words, range.end, sent.end);
        // "Winter, 53, a former Yale law professor", "Tal, a senior Defense Ministry official":
        // an age, or an apposition whose head is a title, after a name.
        let age_after = after == ","
            && words.get(range.end + 1).is_some_and(|w| {
                (1..=3).contains(&w.len()) && w.chars().all(|c| c.is_ascii_digit())
            })
            && words.get(range.end + 2) == Some(&",");
        let title_apposition =
            after == "," && matches!(words.get(range.end + 1).copied(), Some("a" | "an")) && {
                let phrase: Vec<&str> = words[(range.end + 2).min(sent.end)..sent.end]
                    .iter()
                    .take(8)
                    .take_while(|w| !APPOSITION_ENDS.contains(w))
                    .copied()
                    .collect();
                phrase
                    .last()
                    .is_some_and(|w| res.is_title(&w.to_lowercase()))
            };
        let first = words[range.start];
        let after_title =
            title_len > 0 || before.as_deref().is_some_and(|b| titles_a_person(res, b));
        // Evidence the model does not weigh as well: a head word, a title, an apposition, or
        // a known given name opening a multi-word name.
        let by_head = classify_by_head(res, words, &range);
        let person_apposition = (age_after || title_apposition) && range.len() <= 3;
        let strong = by_head.is_some()
            || org_apposition
            || person_apposition
            || after_title
            || (range.len() >= 2 && res.first_names.contains(first));
        if strong_only && !strong {
            continue;
        }
        let etype_class = by_head.or_else(|| {
            if org_apposition || before_post {
                return Some((EntityType::Organization, None));
            }
            let all_caps = first.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && first.chars().all(|c| !c.is_lowercase());
            if after_title || person_apposition || res.first_names.contains(first) {
                Some((EntityType::Person, None))
            } else if range.len() == 1 && all_caps {
                Some((EntityType::Organization, None))
            } else if matches!(
                before.as_deref(),
                Some("in" | "near" | "at" | "from" | "to")
            ) && range.len() <= 2
            {
                Some((EntityType::Place, None))
            } else if range.len() >= 2 && range.len() <= 3 {
                Some((EntityType::Person, None))
            } else if range.len() >= 4 {
                Some((EntityType::Organization, None))
            } else if matches!(after, "said" | "says" | "told") {
                Some((EntityType::Person, None))
            } else {
                None
            }
        });
        if let Some((etype, class)) = etype_class {
            let mut m = Mention::new(range, etype, MentionSource::Rule);
            m.class = class;
            if m.etype == EntityType::Person && m.tokens.len() == 1 {
                m.confidence = 0.6;
            }
            out.push(m);
        }
    }
}

/// A label that names a place of at least this many people is a dateline, not a speaker
/// ("PESHAWAR:"; a "CLINTON:" turn is a speaker, Clinton, Maryland being smaller).
const DATELINE_MIN_POPULATION: u64 = 100_000;

/// The speaker label of a transcript turn ("WALLACE: …", "“SEN. KAINE: …"): one to three
/// capitalised rare words and a colon opening a sentence name a person, whatever the other
/// layers read there. The mention's name is written as names are ("Wallace"), so that it joins
/// the person named in full elsewhere ("Chris Wallace").
fn label_mentions(res: &Resources, words: &[&str], sent: Range<usize>, out: &mut Vec<Mention>) {
    let mut start = sent.start;
    if start < sent.end && matches!(words[start], "\"" | "\u{201c}") {
        start += 1;
    }
    let Some(colon) = (start + 1..(start + 4).min(sent.end)).find(|&k| words[k] == ":") else {
        return;
    };
    let label = &words[start..colon];
    // A title or an abbreviated one opens the label ("SEN. KAINE"): the name is the rest.
    let name_from = (start..colon)
        .find(|&k| !words[k].ends_with('.') && !res.is_title(&words[k].to_lowercase()))
        .unwrap_or(colon);
    if colon + 1 >= sent.end
        || name_from == colon
        || !label.iter().all(|w| is_label_word(w))
        || !rare_label(res, &words[name_from..colon])
    {
        return;
    }
    // A dateline in the same style ("KABUL: The government …") names a place.
    let name = title_case(&words[name_from..colon].join(" "));
    let place = res.lookup(&name).is_some()
        || res
            .places
            .get(&name)
            .is_some_and(|p| p.population >= DATELINE_MIN_POPULATION);
    if place {
        return;
    }
    out.retain(|m| m.tokens.end <= start || m.tokens.start >= colon);
    let mut m = Mention::new(name_from..colon, EntityType::Person, MentionSource::Rule);
    m.canonical = Some(name);
    out.push(m);
}

/// Unnamed agreements: "a cooperation deal from 2015", "a 2015 police cooperation deal",
/// "a similar arrangement". Named ones ("Belt and Road Initiative") come from the name layers.
fn agreement_mentions(words: &[&str], sent: Range<usize>, out: &mut Vec<Mention>) {
    for h in sent.clone() {
        let head = words[h];
        if !UNNAMED_AGREEMENT_HEADS.contains(&head) {
            continue;
        }
        // Walk back over lower-case modifiers and years to a determiner.
        let mut k = h;
        let mut year = None;
        let mut modifiers = Vec::new();
        while k > sent.start && h - k < 5 {
            let w = words[k - 1];
            if w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()) {
                year = Some(w.to_string());
            } else if w.chars().all(|c| c.is_lowercase() || c == '-')
                && !matches!(
                    w,
                    "a" | "an" | "the" | "this" | "that" | "its" | "their" | "his" | "her" | "new"
                )
            {
                modifiers.push(w);
            } else {
                break;
            }
            k -= 1;
        }
        let determiner = k.checked_sub(1).map(|d| words[d]).unwrap_or("");
        if !matches!(determiner, "a" | "an" | "the" | "new" | "its" | "their") {
            continue;
        }
        if modifiers
            .iter()
            .any(|m| matches!(*m, "great" | "good" | "big"))
            && words.get(h + 1) == Some(&"of")
        {
            continue;
        }
        let mut end = h + 1;
        if matches!(words.get(h + 1).copied(), Some("from" | "of" | "in"))
            && words
                .get(h + 2)
                .is_some_and(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))
        {
            year = words.get(h + 2).map(|w| w.to_string());
            end = h + 3;
        }
        let introduces =
            matches!(determiner, "a" | "an") || year.is_some() || !modifiers.is_empty();
        if !introduces {
            continue;
        }
        modifiers.reverse();
        let mut name = Vec::new();
        if let Some(y) = &year {
            name.push(y.as_str());
        }
        name.extend(modifiers.iter().filter(|m| {
            !matches!(
                **m,
                "similar" | "controversial" | "landmark" | "historic" | "secret"
            )
        }));
        name.push(head);
        let mut m = Mention::new(k..end, EntityType::Agreement, MentionSource::Nominal);
        m.description = Some(name.join(" "));
        m.confidence = 0.75;
        out.push(m);
    }
}

/// State bodies named through their country: "Turkey's parliament", "Mexico's interior
/// ministry" (a country, a possessive, up to two lower-case modifiers, a body head).
fn body_mentions(words: &[&str], sentences: &[Range<usize>], out: &mut Vec<Mention>) {
    let countries: Vec<(usize, usize)> = out
        .iter()
        .filter(|m| m.etype == EntityType::Country && m.source == MentionSource::Gazetteer)
        .map(|m| (m.tokens.start, m.tokens.end))
        .collect();
    for (start, end) in countries {
        let sent_end = sentences
            .iter()
            .find(|s| s.contains(&start))
            .map_or(words.len(), |s| s.end);
        if end >= sent_end || !is_possessive(words[end]) {
            continue;
        }
        let first = end + 1;
        for (k, &w) in words
            .iter()
            .enumerate()
            .take((first + 3).min(sent_end))
            .skip(first)
        {
            if !w.chars().all(|c| c.is_lowercase() || c == '-') {
                break;
            }
            if BODY_HEADS.contains(&w) {
                let mut m =
                    Mention::new(first..k + 1, EntityType::Organization, MentionSource::Rule);
                m.class = Some("GovernmentBody".into());
                out.push(m);
                break;
            }
        }
    }
}

/// Nominal references: "the group", "the NGO", "her organisation", "the pact".
fn nominal_mentions(words: &[&str], sent: Range<usize>, out: &mut Vec<Mention>) {
    for d in sent.clone() {
        let det = words[d].to_lowercase();
        if !matches!(
            det.as_str(),
            "the" | "her" | "his" | "its" | "their" | "this" | "that"
        ) {
            continue;
        }
        let Some(&head) = words.get(d + 1).filter(|_| d + 1 < sent.end) else {
            continue;
        };
        let head_lower = head.to_lowercase();
        let Some((_, etype, class)) = NOMINAL_HEADS.iter().find(|(h, _, _)| *h == head_lower)
        else {
            continue;
        };
        if let Some(next) = words.get(d + 2).filter(|_| d + 2 < sent.end) {
            let lower_word = next.chars().all(|c| c.is_lowercase());
            if lower_word && !NOMINAL_FOLLOWERS.contains(next) {
                continue;
            }
            if *next == "of" || is_cap(next) {
                continue;
            }
        }
        let mut m = Mention::new(d..d + 2, *etype, MentionSource::Nominal);
        m.class = class.map(str::to_string);
        out.push(m);
    }
}

/// The byline's names are people ("By Jane Roe and John Doe").
fn byline_mentions(doc: &Doc, out: &mut Vec<Mention>) {
    if let Some(author) = &doc.metadata.author {
        if let Some(pos) =
            doc.text[..doc.body_start.max(1).min(doc.text.len())].find(author.as_str())
        {
            // Split "Jane Roe and John Doe" into names.
            let mut offset = pos;
            for part in author.split(" and ").flat_map(|p| p.split(", ")) {
                let start = offset + author[offset - pos..].find(part).unwrap_or(0);
                let end = start + part.len();
                offset = end;
                let toks: Vec<usize> = (0..doc.tokens.len())
                    .filter(|&t| doc.tokens[t].start >= start && doc.tokens[t].end <= end)
                    .collect();
                if let (Some(&a), Some(&b)) = (toks.first(), toks.last()) {
                    let mut m = Mention::new(a..b + 1, EntityType::Person, MentionSource::Rule);
                    m.confidence = 0.9;
                    out.push(m);
                }
            }
        }
    }
}

/// An organisation head word, "of" and a place or country are one organisation ("University
/// of Lyon", "Bank of Korea"), however the layers split them.
fn join_head_of_place(res: &Resources, words: &[&str], mentions: Vec<Mention>) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
    for m in mentions {
        if let Some(head) = out.last() {
            let joins = head.tokens.len() == 1
                && head.etype == EntityType::Organization
                && m.tokens.start == head.tokens.end + 1
                && words[head.tokens.end] == "of"
                && matches!(m.etype, EntityType::Place | EntityType::Country)
                && res.org_head(words[head.tokens.start]).is_some()
                && is_cap(words[head.tokens.start]);
            if joins {
                let start = head.tokens.start;
                let class = res
                    .org_head(words[start])
                    .filter(|c| *c != "Organization")
                    .map(str::to_string);
                let mut joined = Mention::new(
                    start..m.tokens.end,
                    EntityType::Organization,
                    MentionSource::Rule,
                );
                joined.class = class;
                out.pop();
                out.push(joined);
                continue;
            }
        }
        out.push(m);
    }
    out
}

/// Picks non-overlapping mentions: longer spans first, then gazetteer, model, rule, nominal.
fn resolve_overlaps(mut cands: Vec<Mention>) -> Vec<Mention> {
    let rank = |m: &Mention| match m.source {
        MentionSource::Gazetteer => 3,
        MentionSource::Model => 2,
        MentionSource::Rule => 1,
        MentionSource::Nominal => 0,
    };
    cands.sort_by(|a, b| {
        b.tokens
            .len()
            .cmp(&a.tokens.len())
            .then(rank(b).cmp(&rank(a)))
            .then(a.tokens.start.cmp(&b.tokens.start))
    });
    let mut taken: Vec<Mention> = Vec::new();
    let mut used: HashSet<usize> = HashSet::new();
    for m in cands {
        if m.tokens.clone().any(|t| used.contains(&t)) {
            continue;
        }
        used.extend(m.tokens.clone());
        taken.push(m);
    }
    taken.sort_by_key(|m| m.tokens.start);
    taken
}

/// A lone word that is the surname of a person named in the document, or names a person
/// elsewhere in it, is that person ("Ruiz said" after "Ana Ruiz"; a headline's "Obama" that the
/// model reads as the Japanese town, with "President Obama" in the story), whatever a rule or
/// the model guessed there.
fn retype_surnames(words: &[&str], mentions: &mut [Mention]) {
    // Surnames of persons named in full, and persons named by one word ("President Obama").
    let person_words: HashSet<&str> = mentions
        .iter()
        .filter(|m| {
            m.etype == EntityType::Person
                && m.source != MentionSource::Nominal
                && (m.tokens.len() >= 2 || m.source != MentionSource::Gazetteer)
        })
        .map(|m| words[m.tokens.end - 1])
        .collect();
    for m in mentions.iter_mut() {
        if m.tokens.len() == 1
            && m.source != MentionSource::Gazetteer
            && person_words.contains(words[m.tokens.start])
        {
            m.etype = EntityType::Person;
            m.class = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::{sentences::SentenceSplitter, tokenize::Tokenizer};

    fn run(text: &str) -> Doc {
        let res = Resources::load_default().unwrap();
        let mut doc = Doc::new("t.txt", text);
        Tokenizer.run(&mut doc).unwrap();
        SentenceSplitter.run(&mut doc).unwrap();
        Ner::new(Arc::new(res), None).run(&mut doc).unwrap();
        doc
    }

    fn check(text: &str, expected: &[(&str, EntityType)]) {
        let doc = run(text);
        let got: Vec<(String, EntityType)> = (0..doc.mentions.len())
            .map(|i| (doc.mention_text(i).to_string(), doc.mentions[i].etype))
            .collect();
        for (surface, etype) in expected {
            assert!(
                got.iter().any(|(s, t)| s == surface && t == etype),
                "{surface} as {etype} missing in {got:?}"
            );
        }
    }

    #[test]
    fn ner_gazetteer_prefers_longest_match_and_reads_demonyms() {
        check(
            "Dutch police met officials from the United States.",
            &[
                ("Dutch", EntityType::Country),
                ("United States", EntityType::Country),
            ],
        );
    }

    /// Mentions `model_mentions` makes of the given IOB labels.
    fn from_labels(sentence: &str, labels: &str) -> Vec<(String, EntityType)> {
        let res = Resources::load_default().unwrap();
        let words: Vec<&str> = sentence.split(' ').collect();
        let labels: Vec<String> = labels.split(' ').map(str::to_string).collect();
        let mut out = Vec::new();
        model_mentions(&res, &words, 0, &labels, &mut out);
        out.sort_by_key(|m| m.tokens.start);
        out.iter()
            .map(|m| (words[m.tokens.clone()].join(" "), m.etype))
            .collect()
    }

    #[test]
    fn ner_model_spans_split_person_and_drop_caption_words() {
        assert_eq!(
            from_labels(
                "CEO of the Refugee Council Enver Solomon told Sky News",
                "O O O B-ORG I-ORG I-ORG I-ORG O B-ORG I-ORG"
            ),
            vec![
                ("Refugee Council".to_string(), EntityType::Organization),
                ("Enver Solomon".to_string(), EntityType::Person),
                ("Sky News".to_string(), EntityType::Organization),
            ]
        );
        assert_eq!(
            from_labels(
                "Minister of Education Stefania Giannini said",
                "O O B-ORG I-ORG I-ORG O"
            ),
            vec![("Stefania Giannini".to_string(), EntityType::Person)]
        );
        // An organisation named after a person stays whole.
        assert_eq!(
            from_labels(
                "the Bill and Melinda Gates Foundation said",
                "O B-ORG I-ORG I-ORG I-ORG I-ORG O"
            )
            .len(),
            1
        );
        // A company suffix, written with its full stop, keeps a given name inside the company.
        assert_eq!(
            from_labels(
                "an economist with Drexel Burnham Lambert Inc. since May",
                "O O O B-ORG I-ORG I-ORG I-ORG O O"
            ),
            vec![(
                "Drexel Burnham Lambert Inc.".to_string(),
                EntityType::Organization
            )]
        );
        assert_eq!(
            from_labels(
                "held in Korvala Image : Jane Doe",
                "O O B-LOC I-LOC O B-PER I-PER"
            ),
            vec![
                ("Korvala".to_string(), EntityType::Place),
                ("Jane Doe".to_string(), EntityType::Person),
            ]
        );
    }

    #[test]
    fn ner_model_spans_cut_at_slashes_titles_and_facilities() {
        // A name an organisation's description follows is an organisation, whatever the
        // model's person; a person's apposition that names a body after "of" is not.
        assert_eq!(
            from_labels(
                "Zorblax Korvala , a Hong Kong construction firm , said",
                "B-PER I-PER O O B-LOC I-LOC O O O O"
            )[0],
            ("Zorblax Korvala".to_string(), EntityType::Organization)
        );
        assert_eq!(
            from_labels(
                "Ana Korbin , a leader of the party , said",
                "B-PER I-PER O O O O O O O O"
            ),
            vec![("Ana Korbin".to_string(), EntityType::Person)]
        );
        // An abbreviated title, and the end of a title that opens before the span.
        assert_eq!(
            from_labels("Rep. Ana Korbin said", "B-PER I-PER I-PER O"),
            vec![("Ana Korbin".to_string(), EntityType::Person)]
        );
        assert_eq!(
            from_labels(
                "Secretary of State Ana Korbin said",
                "O O B-PER I-PER I-PER O"
            ),
            vec![("Ana Korbin".to_string(), EntityType::Person)]
        );
        // A title that opens inside the span and runs on after it: the words before it name
        // the holder's body, not a person.
        assert_eq!(
            from_labels(
                "Zorblax Executive Director Ana Korbin said",
                "B-PER I-PER O B-PER I-PER O"
            ),
            vec![
                ("Zorblax".to_string(), EntityType::Organization),
                ("Ana Korbin".to_string(), EntityType::Person),
            ]
        );
        assert_eq!(
            from_labels("Image : Korvax / Zorblax .", "O O B-ORG I-ORG I-ORG O"),
            vec![
                ("Korvax".to_string(), EntityType::Organization),
                ("Zorblax".to_string(), EntityType::Organization),
            ]
        );
        assert_eq!(
            from_labels(
                "according to Korbin the Zorblax property",
                "O O B-PER I-PER I-PER O"
            ),
            vec![
                ("Korbin".to_string(), EntityType::Person),
                ("Zorblax".to_string(), EntityType::Person),
            ]
        );
        assert_eq!(
            from_labels(
                "the Korvala Institute of Technology and Zorblax State University said",
                "O B-ORG I-ORG I-ORG I-ORG I-ORG I-ORG I-ORG I-ORG O"
            ),
            vec![
                (
                    "Korvala Institute of Technology".to_string(),
                    EntityType::Organization
                ),
                (
                    "Zorblax State University".to_string(),
                    EntityType::Organization
                ),
            ]
        );
        assert_eq!(
            from_labels(
                "the Department of Health and Human Services said",
                "O B-ORG I-ORG I-ORG I-ORG I-ORG I-ORG O"
            )
            .len(),
            1
        );
        assert_eq!(
            from_labels(
                "deputies of Movimento 5 Zorblax said",
                "O O B-ORG O B-ORG O"
            ),
            vec![("Movimento 5 Zorblax".to_string(), EntityType::Organization)]
        );
        assert_eq!(
            from_labels("the Instituto Zorblax said", "O B-PER I-PER O"),
            vec![("Instituto Zorblax".to_string(), EntityType::Organization)]
        );
        assert_eq!(
            from_labels(
                "the University of Korvala of the UK said",
                "O B-ORG I-ORG I-ORG I-ORG I-ORG I-ORG O"
            ),
            // "UK" is left to the gazetteer layer, which knows it as a country.
            vec![(
                "University of Korvala".to_string(),
                EntityType::Organization
            )]
        );
        assert_eq!(
            from_labels("Image : Korvala Navy .", "O O B-LOC I-LOC O"),
            vec![("Korvala Navy".to_string(), EntityType::Organization)]
        );
        assert_eq!(
            from_labels("Mayor Hau Lung-bin said", "O B-PER I-PER O"),
            vec![("Hau Lung-bin".to_string(), EntityType::Person)]
        );
        assert_eq!(
            from_labels("the Zorblax Prize-winner said", "O B-PER I-PER O"),
            vec![("Zorblax".to_string(), EntityType::Person)]
        );
        // Land features and subdivisions are places, also where the model reads a person
        // or an organisation; an organisation head still wins over an opening "Mount".
        assert_eq!(
            from_labels("in the Korvala National Forest", "O O B-ORG I-ORG I-ORG"),
            vec![("Korvala National Forest".to_string(), EntityType::Place)]
        );
        assert_eq!(
            from_labels("in Zorblax Parish , Texas", "O B-PER I-PER O B-LOC"),
            vec![
                ("Zorblax Parish".to_string(), EntityType::Place),
                ("Texas".to_string(), EntityType::Place)
            ]
        );
        assert_eq!(
            from_labels("near Lake Korvala", "O B-PER I-PER"),
            vec![("Lake Korvala".to_string(), EntityType::Place)]
        );
        assert_eq!(
            from_labels("at Mount Korvala Hospital", "O B-ORG I-ORG I-ORG"),
            vec![(
                "Mount Korvala Hospital".to_string(),
                EntityType::Organization
            )]
        );
        assert_eq!(
            from_labels("actor Zorblax Hall said", "O B-PER I-PER O"),
            vec![("Zorblax Hall".to_string(), EntityType::Person)]
        );
        // A title after a given name is a surname.
        assert_eq!(
            from_labels("said Charlie King , a Democrat", "O B-PER I-PER O O O"),
            vec![("Charlie King".to_string(), EntityType::Person)]
        );
        assert_eq!(
            from_labels("the Korvala Sheriff said", "O B-LOC I-LOC O"),
            vec![("Korvala".to_string(), EntityType::Place)]
        );
        assert_eq!(
            from_labels(
                "at the Metro Korvala Convention Centre",
                "O O B-ORG I-ORG I-ORG I-ORG"
            ),
            vec![(
                "Metro Korvala Convention Centre".to_string(),
                EntityType::Place
            )]
        );
    }

    #[test]
    fn ner_drops_events_and_lowercase_abbreviations() {
        let doc = run(
            "The Korvala Lantern Festival opened. Cases of iodine deficiency disorders (IDD) rose, the Zorblax Nutrition Study found. IDD is common. Operation Korbin Storm began.",
        );
        let got: Vec<&str> = (0..doc.mentions.len())
            .map(|i| doc.mention_text(i))
            .collect();
        assert!(
            !got.iter()
                .any(|m| m.contains("Festival") || m.contains("Study") || *m == "IDD"),
            "{got:?}"
        );
    }

    #[test]
    fn ner_rules_split_two_institutions() {
        check(
            "Researchers from the Korvala Institute of Technology and Zorblax State University said so.",
            &[
                ("Korvala Institute of Technology", EntityType::Organization),
                ("Zorblax State University", EntityType::Organization),
            ],
        );
    }

    #[test]
    fn ner_demonym_opens_an_organisation_name_and_person_is_split_off() {
        check(
            "The president of the Norwegian Football Federation Hilde Aasen said it.",
            &[
                ("Norwegian Football Federation", EntityType::Organization),
                ("Hilde Aasen", EntityType::Person),
            ],
        );
    }

    #[test]
    fn ner_model_names_of_common_words_and_studies_are_dropped() {
        let res = Resources::load_default().unwrap();
        let words: Vec<&str> = "WHO say Iodine deficiency is common , children need iodine , said Cres Eastman of the National Iodine Nutrition study"
            .split(' ')
            .collect();
        let ctx = DocContext::new(&res, [words.as_slice()]);
        let none = HashSet::new();
        let model = |range: Range<usize>, etype| Mention::new(range, etype, MentionSource::Model);
        let dropped = |m: Mention| not_an_entity(&m, &words, &res, &ctx, &none);
        assert!(dropped(model(2..3, EntityType::Organization)), "Iodine");
        assert!(
            dropped(model(16..19, EntityType::Organization)),
            "National Iodine Nutrition"
        );
        assert!(!dropped(model(12..14, EntityType::Person)), "Cres Eastman");
        assert!(!dropped(model(0..1, EntityType::Organization)), "WHO");
    }

    #[test]
    fn ner_person_rule_stops_at_of() {
        check(
            "Writing in a blog, Matthew Ingram of The Globe and Mail called it a war.",
            &[("Matthew Ingram", EntityType::Person)],
        );
    }

    #[test]
    fn ner_title_case_headline_is_no_single_name() {
        let doc =
            run("Maria Lopez Takes On Peter Novak As The Vote Nears\n\nThe vote is on Sunday.");
        let names: Vec<&str> = (0..doc.mentions.len())
            .map(|m| doc.mention_text(m))
            .collect();
        assert!(
            names
                .iter()
                .all(|n| !n.contains(" As ") && !n.contains(" On ")),
            "{names:?}"
        );
        assert!(names.contains(&"Peter Novak"), "{names:?}");
    }

    #[test]
    fn ner_town_named_like_a_person_of_the_story_is_that_person() {
        // Obama is also a town in Japan, which the model reads in the headline; Lyon is named
        // by no person here.
        let res = Resources::load_default().unwrap();
        let mut doc = Doc::new("t.txt", "World leaders denounce N. Korea test; Obama, others vow consequences.\n\nPresident Obama condemned the test in Lyon.");
        Tokenizer.run(&mut doc).unwrap();
        SentenceSplitter.run(&mut doc).unwrap();
        Ner::new(Arc::new(res), NerModel::builtin().unwrap())
            .run(&mut doc)
            .unwrap();
        let obama: Vec<EntityType> = (0..doc.mentions.len())
            .filter(|&i| doc.mention_text(i) == "Obama")
            .map(|i| doc.mentions[i].etype)
            .collect();
        let all: Vec<_> = (0..doc.mentions.len())
            .map(|i| {
                (
                    doc.mention_text(i),
                    doc.mentions[i].etype,
                    doc.mentions[i].source,
                )
            })
            .collect();
        assert_eq!(
            obama,
            vec![EntityType::Person, EntityType::Person],
            "{all:?}"
        );
        assert!((0..doc.mentions.len())
            .any(|i| doc.mention_text(i) == "Lyon" && doc.mentions[i].etype == EntityType::Place));
    }

    #[test]
    fn ner_age_or_title_apposition_makes_a_person() {
        check(
            "Quennell, 53, left the court. Zorblax, a senior Defence Ministry official, agreed.",
            &[
                ("Quennell", EntityType::Person),
                ("Zorblax", EntityType::Person),
            ],
        );
        // An apposition headed by no title says nothing of the kind.
        let doc = run("Korvala, a small town in the hills, voted.");
        assert!((0..doc.mentions.len()).all(|i| doc.mentions[i].etype != EntityType::Person));
    }

    #[test]
    fn ner_transcript_labels_are_persons() {
        let doc = run("\u{201c}SEN. MERRIWEATHER: We will vote for it.\n\nNOTE: The interview was edited.\n\nUPDATE: Zorblax Quennell replied.\n\nKABUL: The talks resumed.\n\nPESHAWAR: Shops reopened.");
        let got: Vec<(&str, EntityType, Option<&str>)> = (0..doc.mentions.len())
            .map(|i| {
                let m = &doc.mentions[i];
                (doc.mention_text(i), m.etype, m.canonical.as_deref())
            })
            .collect();
        assert!(
            got.contains(&("MERRIWEATHER", EntityType::Person, Some("Merriweather"))),
            "{got:?}"
        );
        assert!(
            got.iter().all(|(s, t, _)| *t != EntityType::Person
                || !["NOTE", "UPDATE", "SEN.", "KABUL", "PESHAWAR"].contains(s)),
            "{got:?}"
        );
    }

    #[test]
    fn ner_capital_standing_for_government_is_a_country() {
        let doc = run("Beijing's efforts failed. Officials met in Beijing.");
        assert_eq!(doc.mentions[0].etype, EntityType::Country);
        assert_eq!(doc.mentions[0].canonical.as_deref(), Some("China"));
        assert_eq!(doc.mentions[1].etype, EntityType::Place);
    }

    #[test]
    fn ner_rules_strip_titles_and_type_by_head() {
        // An organisation head, "of" and a place are one organisation.
        check(
            "Ana Korbin teaches at the University of Lyon.",
            &[("University of Lyon", EntityType::Organization)],
        );
        check(
            "Finance Minister Anna Kowalczyk met the Kowalski Workers Union.",
            &[
                ("Anna Kowalczyk", EntityType::Person),
                ("Kowalski Workers Union", EntityType::Organization),
            ],
        );
        // A post between a body and a name: the body, then the person.
        check(
            "The rally grew, according to Korvala Zorblax President Ana Korbin.",
            &[
                ("Korvala Zorblax", EntityType::Organization),
                ("Ana Korbin", EntityType::Person),
            ],
        );
        check(
            "They joined the Green Corridor Initiative in 2020.",
            &[("Green Corridor Initiative", EntityType::Agreement)],
        );
    }

    #[test]
    fn ner_unnamed_agreements_and_nominals() {
        let doc = run(
            "Oslo signed a cooperation deal from 2015 with Rome. The group said the pact works.",
        );
        let agreement = doc
            .mentions
            .iter()
            .find(|m| m.etype == EntityType::Agreement && m.description.is_some())
            .unwrap();
        assert_eq!(
            agreement.description.as_deref(),
            Some("2015 cooperation deal")
        );
        assert!(doc
            .mentions
            .iter()
            .any(|m| m.source == MentionSource::Nominal && m.etype == EntityType::Organization));
    }

    #[test]
    fn ner_nominal_modifier_is_not_a_mention() {
        let doc = run("They reacted to the NGO reports.");
        assert!(doc
            .mentions
            .iter()
            .all(|m| m.source != MentionSource::Nominal));
    }

    #[test]
    fn ner_dateline_caps_match_gazetteer() {
        check(
            "ROME, Dec 15 (Reuters) - Talks began.",
            &[
                ("ROME", EntityType::Place),
                ("Reuters", EntityType::Organization),
            ],
        );
    }
}
