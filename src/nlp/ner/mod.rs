//! Mention detection: the CRF model (when present), gazetteers of general knowledge, and
//! capitalisation and context rules, merged into one non-overlapping set of mentions; plus
//! nominal references ("the group", "the pact") and unnamed agreements ("a cooperation deal
//! from 2015"), which later stages resolve.
//!
//! Reads `text`, `tokens`, `sentences`, `metadata`; writes `mentions` (sorted by start token).
//! Where the layers overlap, the longer span wins and, at equal length, gazetteer before model
//! before rule, because the gazetteer knows the fine types (a capital standing for its
//! government is a Country; "Chinese" is China). Types follow ../shared/eval/FORMAT.md.
//!
//! Where to change what:
//! - candidates from the gazetteers: `gazetteer`; from the tagger: `tagged`; from the
//!   rules: `rules` (titles before names: `titles`); nominals and unnamed agreements:
//!   `nominals`; agreement names the other layers cut short ("Convention against Torture",
//!   "the EU-Turkey deal"): `agreements`; bodies' names the tagger cuts short ("Commission on
//!   Presidential Debates", a name its acronym defines): `bodies`; titles the text cites
//!   (court cases, quoted shows), no entities: `works`; datelines, bylines and transcript
//!   labels: `layout`; title-case headlines: `headlines`;
//! - the tagger's features: `features`; the tagger itself (decoding, training, CoNLL files):
//!   `crf`;
//! - how the candidates become one set of mentions: `resolve` (a given name and a surname
//!   the tagger typed as a body: `persons`); names run together split apart ("Ted Cruz of
//!   Texas", "Maryland Republicans"): `splits`;
//! - the stage that ties them together: this file.

mod agreements;
mod bodies;
pub mod crf;
pub mod features;
mod gazetteer;
pub mod headlines;
mod layout;
mod nominals;
mod party_tags;
mod persons;
mod resolve;
mod rules;
mod shape;
mod spans;
mod splits;
mod tagged;
pub mod titles;
mod words;
mod works;

use super::cues::is_quote_mark;
use super::resources::{Gender, Resources};
use super::stage::{NlpError, Stage};
use crate::doc::{Doc, EntityType, Mention, MentionSource};
pub use agreements::hyphenated_parties;
use agreements::{drop_party_conventions, head_first_agreements, party_pair_deals};
use bodies::{acronym_defined_bodies, head_first_bodies};
use crf::NerModel;
use features::DocContext;
use gazetteer::gazetteer_mentions;
use layout::{byline_mentions, dateline_city, label_mentions};
use nominals::{agreement_mentions, body_mentions, nominal_mentions};
use party_tags::{
    city_state_mentions, nickname_mentions, party_tag_mentions, state_abbreviation_mentions,
};
pub use party_tags::{in_party_tag, tagged_name_end};
use resolve::{
    company_first_words, drop_name_pairs, drop_name_suffixes, extend_with_demonyms,
    given_name_before_surname, join_head_of_place, persons_by_lone_surname, places_as_modifiers,
    resolve_overlaps, retype_surnames, small_towns_as_people,
};
use rules::rule_mentions;
use splits::{
    split_at_lowercase, split_body_then_person, split_person_of_body, split_person_of_place,
    split_state_party,
};
use std::collections::HashSet;
use std::sync::Arc;
use tagged::{honorific_names, lowercase_acronyms, model_mentions, not_an_entity, work_acronyms};

/// Is `word` a capitalised function word that opens sentences and is no name ("The", "Since",
/// "However")?
pub fn is_function_word(word: &str) -> bool {
    words::FUNCTION_WORDS.contains(&word)
}

/// Does `name` name a building or grounds ("Trump Tower Manila", "Parken Stadium"): a word of
/// it a facility head?
pub fn names_a_facility(name: &str) -> bool {
    name.split(' ')
        .any(|w| words::FACILITY_HEADS.contains(&w.to_lowercase().as_str()))
}

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

/// A word with its curly apostrophes (’ ‘) made straight, a curly or typewriter's quotation
/// mark (“ ” '' ``) the straight one; the word itself otherwise.
fn straight_apostrophes(word: &str) -> std::borrow::Cow<'_, str> {
    if word.contains(['\u{2019}', '\u{2018}']) {
        std::borrow::Cow::Owned(word.replace(['\u{2019}', '\u{2018}'], "'"))
    } else if is_quote_mark(word) {
        std::borrow::Cow::Borrowed("\"")
    } else {
        std::borrow::Cow::Borrowed(word)
    }
}

impl Stage for Ner {
    fn name(&self) -> &'static str {
        "ner"
    }

    fn run(&self, doc: &mut Doc) -> Result<(), NlpError> {
        let res = &*self.res;
        // Curly apostrophes and quotation marks read as straight ones ("didn’t" is "didn't", a
        // frequent word and no name): the model learnt from text written with straight ones.
        let straight: Vec<std::borrow::Cow<str>> = (0..doc.tokens.len())
            .map(|i| straight_apostrophes(doc.token_text(i)))
            .collect();
        let words: Vec<&str> = straight.iter().map(|w| w.as_ref()).collect();
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
            party_tag_mentions(res, &words, sent.clone(), &mut cands);
            nickname_mentions(&words, sent.clone(), &mut cands);
            persons::korean_names(&words, sent.clone(), &mut cands);
            city_state_mentions(res, &words, sent.clone(), &mut cands);
            state_abbreviation_mentions(res, &words, sent.clone(), &mut cands);
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
            head_first_agreements(res, &words, sent.clone(), &mut cands);
            head_first_bodies(res, &words, sent.clone(), &mut cands);
            acronym_defined_bodies(res, &words, sent.clone(), &mut cands);
            party_pair_deals(res, &words, sent.clone(), &mut cands);
            nominal_mentions(&words, sent.clone(), &mut cands);
            titles::person_nominals(res, &words, sent.clone(), &mut cands);
        }
        for sent in &doc.sentences {
            label_mentions(res, &ctx, &words, sent.clone(), &mut cands);
        }
        byline_mentions(doc, &mut cands);
        dateline_city(res, doc, &words, &mut cands);
        body_mentions(&words, &doc.sentences, &mut cands);
        honorific_names(res, &words, &doc.sentences, &mut cands);
        extend_with_demonyms(&mut cands);
        // Events, works, abbreviations of common nouns and capitalised common words go.
        let mut common = lowercase_acronyms(&words);
        common.extend(work_acronyms(&words, &cands));
        // Nor do the words inside the name of a work ("Union" of "State of the Union address"),
        // but a person's name ("The Laura Ingraham Show").
        let works: Vec<std::ops::Range<usize>> = cands
            .iter()
            .filter(|m| tagged::names_a_work_or_study(m, &words))
            .map(|m| m.tokens.clone())
            .collect();
        cands.retain(|m| {
            !not_an_entity(m, &words, res, &ctx, &common)
                && !works.iter().any(|w| {
                    w.start <= m.tokens.start
                        && m.tokens.end <= w.end
                        && m.source != MentionSource::Gazetteer
                        && m.etype != EntityType::Person
                })
        });
        let opening: HashSet<usize> = doc
            .sentences
            .iter()
            .flat_map(|s| {
                // The first word, or the first after an opening quotation mark.
                let quoted = s.len() > 1 && is_quote_mark(words[s.start]);
                [Some(s.start), quoted.then_some(s.start + 1)]
            })
            .flatten()
            .collect();
        cands.retain(|m| {
            let opens = opening.contains(&m.tokens.start);
            !headlines::opens_sentence_as_common_word(m, &words, res, &ctx, opens)
        });
        let mentions = join_head_of_place(res, &words, resolve_overlaps(cands));
        let paragraph = paragraph_edges(doc);
        // A signature line: a person's full name opening with a given name.
        let signature = |m: &Mention| {
            m.etype == EntityType::Person
                && m.tokens.len() >= 2
                && res.gender(&features::title_case_word(words[m.tokens.start])) != Gender::Unknown
        };
        let mentions = headlines::fit_headline_mentions(
            &words,
            &doc.sentences,
            &paragraph,
            &signature,
            mentions,
        );
        let mentions = titles::split_at_titles(res, &words, mentions);
        let mentions = split_person_of_place(res, &words, mentions);
        let mentions = split_person_of_body(res, &words, mentions);
        let mentions = split_body_then_person(res, &words, mentions);
        let mentions = splits::split_chambers(&words, mentions);
        let mut mentions = split_state_party(res, &words, split_at_lowercase(&words, mentions));
        places_as_modifiers(res, &words, &mut mentions);
        gazetteer::cities_typed_as_bodies(res, &words, &mut mentions);
        titles::states_before_offices(res, &words, &doc.sentences, &mut mentions);
        titles::states_by_the_article(res, &words, &mut mentions);
        persons_by_lone_surname(res, &words, &mut mentions);
        persons::persons_by_given_name(res, &words, &mut mentions);
        bodies::bodies_called_so(&words, &mut mentions);
        retype_surnames(&words, &mut mentions);
        persons::facilities_named_after_people(&words, &mut mentions);
        company_first_words(&words, &mut mentions);
        small_towns_as_people(res, &words, &mut mentions);
        given_name_before_surname(res, &words, &doc.sentences, &ctx, &mut mentions);
        drop_name_pairs(&words, &mut mentions);
        persons::salutations_and_nicknames(&words, &mut mentions);
        drop_name_suffixes(&words, &mut mentions);
        drop_party_conventions(res, &words, &mut mentions);
        works::drop_cited_works(&words, &mut mentions);
        titles::mark_titles(res, &words, &doc.sentences, &mut mentions);
        drop(words);
        doc.mentions = mentions;
        Ok(())
    }
}

/// Whether each sentence opens a paragraph and whether it closes one: a line break (or the
/// text's edge) before it and after it.
fn paragraph_edges(doc: &Doc) -> Vec<(bool, bool)> {
    let span = |s: &std::ops::Range<usize>| match (s.is_empty(), s.end.checked_sub(1)) {
        (false, Some(last)) => Some((doc.tokens[s.start].start, doc.tokens[last].end)),
        _ => None,
    };
    let spans: Vec<Option<(usize, usize)>> = doc.sentences.iter().map(span).collect();
    let breaks = |from: usize, to: usize| doc.text.get(from..to).is_some_and(|t| t.contains('\n'));
    (0..spans.len())
        .map(|i| {
            let Some((start, end)) = spans[i] else {
                return (false, false);
            };
            let before = spans[..i].iter().rev().flatten().next().map(|s| s.1);
            let after = spans[i + 1..].iter().flatten().next().map(|s| s.0);
            (
                before.is_none_or(|b| breaks(b, start)),
                after.is_none_or(|a| breaks(end, a)),
            )
        })
        .collect()
}

#[cfg(test)]
mod testing;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::ner::crf::NerModel;
    use crate::nlp::{sentences::SentenceSplitter, tokenize::Tokenizer};

    fn names(text: &str) -> Vec<String> {
        let mut doc = Doc::new("t.txt", text);
        Tokenizer.run(&mut doc).unwrap();
        SentenceSplitter.run(&mut doc).unwrap();
        let res = Resources::load_default().unwrap();
        Ner::new(Arc::new(res), NerModel::builtin().unwrap())
            .run(&mut doc)
            .unwrap();
        (0..doc.mentions.len())
            .map(|i| doc.mention_text(i).to_string())
            .collect()
    }

    #[test]
    fn ner_facility_names() {
        assert!(names_a_facility("Trump Tower Manila"));
        assert!(names_a_facility("Parken Stadium"));
        assert!(!names_a_facility("Manila"));
        assert!(!names_a_facility("Metro Manila"));
    }

    /// "didn’t" is "didn't" written with a curly apostrophe: a frequent word, not part of a
    /// name; mentions keep the text as written.
    #[test]
    fn ner_curly_apostrophes_read_as_straight_ones() {
        for text in [
            "Clinton didn’t stop to answer questions from Congress.",
            "Specifically I’ve heard from a number of voters in Ohio.",
        ] {
            let found = names(text);
            assert!(!found.iter().any(|n| n.contains('’')), "{found:?}");
        }
        assert_eq!(
            straight_apostrophes("O’Brien"),
            std::borrow::Cow::<str>::Owned("O'Brien".into())
        );
        let found = names("Officials at Beijing’s Foreign Ministry said so.");
        assert!(found.iter().any(|n| n == "Beijing"), "{found:?}");
        assert_eq!(straight_apostrophes("\u{201c}"), "\"");
    }
}
