//! The spans the statistical tagger proposes, made into mentions: typed, split where two names
//! run together, trimmed of titles, captions and tails, dropped when they are no names.

use super::features::DocContext;

use super::shape::is_cap;
use super::spans::{
    classify_by_head, cut_post, geo_name, given_name_and_surname, names_a_town, org_apposition,
    person_tail, split_span, strip_title, titles_a_person, trim_tail, HONORIFIC_WORDS,
};
use super::titles::is_abbreviated_title;
use super::words::{
    COMMON_ACRONYMS, EVENT_HEADS, FUNCTION_WORDS, GENERIC_BODIES, GROUP_ADJECTIVES, HEADLINE_WORDS,
    NOMINAL_HEADS, NON_ENTITY_HEADS,
};
use crate::doc::{EntityType, Mention, MentionSource};
use crate::nlp::resources::Resources;
use std::collections::HashSet;
use std::ops::Range;

/// Maps a model label (CoNLL PER/ORG/LOC/MISC) to a coarse type.
pub(super) fn model_type(label: &str) -> Option<EntityType> {
    match label {
        "PER" => Some(EntityType::Person),
        "ORG" => Some(EntityType::Organization),
        "LOC" => Some(EntityType::Place),
        _ => None,
    }
}

/// Mentions from the model's IOB labels, refined by the gazetteer and head words.
pub(super) fn model_mentions(
    res: &Resources,
    words: &[&str],
    offset: usize,
    labels: &[String],
    out: &mut Vec<Mention>,
) {
    // Names that hold a number ("Movimento 5 Stelle", "Channel 4 News") come as two spans of
    // one type around it: joined again.
    let mut joined: Vec<(usize, usize, String)> = Vec::new();
    for (start, end, label) in super::crf::spans(labels) {
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
            // "Mr." of "Mr. King": the honorific is no name (the surname is found by
            // `honorific_names`).
            if lone_title(word) {
                continue;
            }
            let opens_sentence = range.start == offset;
            // "Media", "Capital": a head word that makes a body only as the end of a longer
            // name; "U-S-A": a word spelt out letter by letter, a chant.
            let spelt = word.split('-').count() >= 2 && word.split('-').all(|p| p.len() == 1);
            if (opens_sentence && FUNCTION_WORDS.contains(&word))
                || COMMON_ACRONYMS.contains(&lower.as_str())
                || GENERIC_BODIES.contains(&lower.as_str())
                || NOMINAL_HEADS.iter().any(|(h, _, _)| *h == lower)
                || res.name_final_heads.contains(lower.as_str())
                || spelt
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
        // A name that opens with an honorific is a person's ("Mr. Obama's record", which the
        // model may read as a place after "than").
        let honorific_first = range.len() >= 2
            && HONORIFIC_WORDS.contains(&words[range.start].to_lowercase().as_str());
        if (after_title || honorific_first)
            && etype == EntityType::Place
            && range.len() <= 3
            && classify_by_head(res, words, &range).is_none()
        {
            etype = EntityType::Person;
        }
        // So is a given name and one more name ("Barack Obama", whose surname is a Japanese
        // town's), unless a head word types it or the given name is a place too ("Victoria",
        // "Jordan").
        if etype != EntityType::Person && given_name_and_surname(res, words, &range) {
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
                    // A head that ends a name is a person's surname only if the lexicon
                    // knows it as one ("Frank Church"; not "A. Philip Randolph Institute").
                    EntityType::Person => {
                        (head_type == EntityType::Organization
                            && two_words
                            && (head_at(range.start)
                                || (head_at(range.end - 1)
                                    && !res.surnames.contains(words[range.end - 1]))))
                            || (head_type == EntityType::Place && geo_name(words, &range))
                    }
                    _ => false,
                };
            if decides {
                m.etype = head_type;
                m.class = class;
            }
        }
        // "St. Lucie", "Fort Pierce": a town named after a saint or a fort, no person.
        if m.etype == EntityType::Person && names_a_town(words, &range) {
            m.etype = EntityType::Place;
        }
        out.push(m);
    }
}

/// Whether a candidate names no entity of the graph: an event or work ("Lantern Festival",
/// "Operation Clambake", "the National Iodine Nutrition study"), an abbreviation the text
/// defines from lower-case words, or a common word the model read as a name because it was
/// capitalised ("Iodine deficiency …" beside "iodine" elsewhere; people are left to the
/// surname and coreference rules).
pub(super) fn not_an_entity(
    m: &Mention,
    words: &[&str],
    res: &Resources,
    ctx: &DocContext,
    common: &HashSet<&str>,
) -> bool {
    let event_or_work = names_a_work_or_study(m, words);
    let abbreviation = m.tokens.len() == 1 && common.contains(words[m.tokens.start]);
    let lower = words[m.tokens.start].to_lowercase();
    let common_word = m.tokens.len() == 1
        && m.source == MentionSource::Model
        && m.etype != EntityType::Person
        && ctx.contains_lower(&lower)
        && res.zipf10(&lower) >= 30;
    // "Article 33", "Section 5": a part of a document, numbered, is no name.
    let numbered_part = m.tokens.len() == 1
        && DOCUMENT_PARTS.contains(&words[m.tokens.start])
        && words
            .get(m.tokens.end)
            .is_some_and(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()));
    // "Rep." of "Chairman Rep. Jason Chaffetz", "Gov." of "Lt. Gov. Ralph Northam": a title
    // or honorific alone names no one.
    let title_alone = m.tokens.len() == 1 && lone_title(words[m.tokens.start]);
    // "Latino voters", "Western unity": an adjective of a people or a compass point.
    let group_adjective = m.tokens.len() == 1
        && m.source != MentionSource::Gazetteer
        && m.etype != EntityType::Person
        && GROUP_ADJECTIVES.contains(&words[m.tokens.start]);
    event_or_work || abbreviation || common_word || numbered_part || title_alone || group_adjective
}

/// The capitalised words after an honorific that no candidate covers are a person ("Mr. King",
/// "Mr. Justice": surnames that are titles too, which neither the model nor the title rules
/// read as names); a title that is no surname is an address ("Mr. President").
pub(super) fn honorific_names(
    res: &Resources,
    words: &[&str],
    sentences: &[Range<usize>],
    cands: &mut Vec<Mention>,
) {
    let mut covered = vec![false; words.len()];
    for m in cands.iter() {
        covered[m.tokens.clone()].iter_mut().for_each(|c| *c = true);
    }
    for sent in sentences {
        for k in sent.start..sent.end.saturating_sub(1) {
            let next = words[k + 1];
            if !HONORIFIC_WORDS.contains(&words[k].to_lowercase().as_str())
                || covered[k + 1]
                || (res.is_title(&next.to_lowercase()) && !res.surnames.contains(next))
            {
                continue;
            }
            let end = (k + 1..sent.end.min(k + 4))
                .take_while(|&t| {
                    is_cap(words[t]) && !FUNCTION_WORDS.contains(&words[t]) && !covered[t]
                })
                .last()
                .map_or(k + 1, |t| t + 1);
            if end > k + 1 {
                cands.push(Mention::new(
                    k + 1..end,
                    EntityType::Person,
                    MentionSource::Rule,
                ));
            }
        }
    }
}

/// Whether a word is an honorific or an abbreviated title ("Mr.", "Sen.", "Gov."), which names
/// no one on its own.
fn lone_title(word: &str) -> bool {
    let lower = word.to_lowercase();
    HONORIFIC_WORDS.contains(&lower.as_str()) || (word.ends_with('.') && is_abbreviated_title(word))
}

/// Parts of a document that a number follows ("Article 33") and that name nothing.
const DOCUMENT_PARTS: [&str; 6] = [
    "Article",
    "Section",
    "Chapter",
    "Clause",
    "Paragraph",
    "Annex",
];

/// Whether a candidate names an event or a work by its head word ("Lantern Festival"), or is
/// the name before a study's or an address's head ("the National Iodine Nutrition study", "the
/// State of the Union address"): the words the name covers name nothing else either.
pub(super) fn names_a_work_or_study(m: &Mention, words: &[&str]) -> bool {
    let names_a_study = m.tokens.len() >= 2
        && m.etype == EntityType::Organization
        && m.source != MentionSource::Gazetteer
        && words.get(m.tokens.end).is_some_and(|w| {
            w.chars().next().is_some_and(char::is_lowercase) && NON_ENTITY_HEADS.contains(w)
        });
    names_a_work(m, words) || names_a_study
}

/// Whether a candidate names an event, a study, a work or a law ("Lantern Festival",
/// "Operation Clambake", "Affordable Care Act"), a show or a plan ("The Rachel Maddow Show",
/// "Marshall Plan": heads that are verbs in lower case, so only as the name's own last word):
/// no entity of the graph.
fn names_a_work(m: &Mention, words: &[&str]) -> bool {
    let last = words[m.tokens.end - 1].to_lowercase();
    m.tokens.len() >= 2
        && m.etype != EntityType::Agreement
        && m.source != MentionSource::Gazetteer
        && (NON_ENTITY_HEADS.contains(&last.as_str())
            || (is_cap(words[m.tokens.end - 1]) && EVENT_HEADS.contains(&last.as_str()))
            || matches!(words[m.tokens.end - 1], "Show" | "Plan")
            || words[m.tokens.start] == "Operation")
}

/// The acronyms of the events, works and laws the candidates name, as the text writes them
/// ("JASTA" of "Justice Against Sponsors of Terrorism Act", whose first word a title rule may
/// have cut off; "ACA", "E.R.A."): no entities either.
pub(super) fn work_acronyms<'a>(words: &[&'a str], cands: &[Mention]) -> HashSet<&'a str> {
    let initials = |range: Range<usize>| -> String {
        words[range]
            .iter()
            .filter_map(|w| w.chars().next().filter(char::is_ascii_uppercase))
            .collect()
    };
    let mut acronyms: HashSet<String> = HashSet::new();
    for m in cands.iter().filter(|m| names_a_work(m, words)) {
        acronyms.insert(initials(m.tokens.clone()));
        let before = m.tokens.start.checked_sub(1).filter(|&k| is_cap(words[k]));
        if let Some(k) = before {
            acronyms.insert(initials(k..m.tokens.end));
        }
    }
    acronyms.retain(|a| a.len() >= 2);
    words
        .iter()
        .copied()
        .filter(|w| w.len() >= 2 && acronyms.contains(&w.replace('.', "")))
        .collect()
}

/// Acronyms the text defines as abbreviations of lower-case words: "iodine deficiency
/// disorders (IDD)".
pub(super) fn lowercase_acronyms<'a>(words: &[&'a str]) -> HashSet<&'a str> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::ner::testing::*;
    use std::ops::Range;

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
                "CEO of the Refugee Council Enver Solomon told Zorvex News",
                "O O O B-ORG I-ORG I-ORG I-ORG O B-ORG I-ORG"
            ),
            vec![
                ("Refugee Council".to_string(), EntityType::Organization),
                ("Enver Solomon".to_string(), EntityType::Person),
                ("Zorvex News".to_string(), EntityType::Organization),
            ]
        );
        // A head word that ends names only, a chant spelt out, a saint's town: no body, no
        // name, no person.
        assert_eq!(
            from_labels(
                "by Media and U-S-A for St. Lucie",
                "O B-ORG O B-ORG O B-PER I-PER"
            ),
            vec![("St. Lucie".to_string(), EntityType::Place)]
        );
        // A name opening with an honorific is a person's, whatever the model's label.
        assert_eq!(
            from_labels("simpler than Mr. Zorvex 's record", "O O B-LOC I-LOC O O"),
            vec![("Mr. Zorvex".to_string(), EntityType::Person)]
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
    fn ner_model_persons_ending_in_a_head_no_surname_are_bodies_and_mounts_are_places() {
        assert_eq!(
            from_labels("the Korbin Foundation said", "O B-PER I-PER O"),
            vec![("Korbin Foundation".to_string(), EntityType::Organization)]
        );
        // A head the lexicon knows as a surname stays a person's name.
        assert_eq!(
            from_labels("Frank Church said", "B-PER I-PER O"),
            vec![("Frank Church".to_string(), EntityType::Person)]
        );
        assert_eq!(
            from_labels("climbing Mt. Zorblax", "O B-PER I-PER"),
            vec![("Mt. Zorblax".to_string(), EntityType::Place)]
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
        // Names of a list the model ran together are cut at the comma; a suffix stays.
        assert_eq!(
            from_labels(
                "Zorvex , Quallit and Brenco rose",
                "B-LOC I-LOC I-LOC O B-ORG O"
            ),
            vec![
                ("Zorvex".to_string(), EntityType::Place),
                ("Quallit".to_string(), EntityType::Place),
                ("Brenco".to_string(), EntityType::Organization)
            ]
        );
        assert_eq!(
            from_labels("Ana Korbin , Jr. said", "B-PER I-PER I-PER I-PER O"),
            vec![("Ana Korbin , Jr.".to_string(), EntityType::Person)]
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
    fn ner_a_title_or_honorific_alone_names_no_one() {
        let doc = run(
            "But what of Mr. King, one of the most famous hosts? Panel Chairman Rep. Jo Korbin \
             said so. Lt. Gov. Ana Zorblax agreed. Mr. Justice is running for governor.",
        );
        let got: Vec<(&str, EntityType)> = (0..doc.mentions.len())
            .map(|i| (doc.mention_text(i), doc.mentions[i].etype))
            .collect();
        for alone in ["Mr.", "Rep.", "Gov."] {
            assert!(!got.iter().any(|(m, _)| *m == alone), "{alone}: {got:?}");
        }
        for person in ["King", "Jo Korbin", "Ana Zorblax", "Justice"] {
            assert!(
                got.iter()
                    .any(|(m, t)| m.ends_with(person) && *t == EntityType::Person),
                "{person}: {got:?}"
            );
        }
    }

    #[test]
    fn ner_drops_laws_their_acronyms_group_adjectives_and_title_words() {
        let doc = run(
            "Congress passed the Justice Against Sponsors of Terrorism Act, known as JASTA, on \
             Friday. Zorblax backed the Korvala Rights Amendment. Latino voters and Western \
             unity mattered. Press Secretary Jo Korbin said so.",
        );
        let got: Vec<&str> = (0..doc.mentions.len())
            .map(|i| doc.mention_text(i))
            .collect();
        for gone in ["Act", "JASTA", "Amendment", "Latino", "Western", "Press"] {
            assert!(!got.iter().any(|m| m.contains(gone)), "{gone}: {got:?}");
        }
        assert!(
            got.contains(&"Congress") && got.contains(&"Jo Korbin"),
            "{got:?}"
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
        // A capitalised era's or programme's head ends no entity's name; in lower case after a
        // body's name it is what the body did.
        let eras: Vec<&str> = "since the Great Recession , the Tea Party uprising and Pell Grants"
            .split(' ')
            .collect();
        let eras_ctx = DocContext::new(&res, [eras.as_slice()]);
        let era_dropped = |m: Mention| not_an_entity(&m, &eras, &res, &eras_ctx, &none);
        assert!(
            era_dropped(model(2..4, EntityType::Place)),
            "Great Recession"
        );
        assert!(
            era_dropped(model(10..12, EntityType::Organization)),
            "Pell Grants"
        );
        assert!(
            !era_dropped(model(6..8, EntityType::Organization)),
            "Tea Party"
        );
        assert!(!dropped(model(0..1, EntityType::Organization)), "WHO");
        // A numbered part of a document names nothing; the word alone may.
        let words = ["under", "Article", "33", "of", "Article", "Nineteen"];
        let ctx = DocContext::new(&res, [words.as_slice()]);
        let dropped = |m: Mention| not_an_entity(&m, &words, &res, &ctx, &none);
        assert!(dropped(model(1..2, EntityType::Organization)), "Article 33");
        assert!(
            !dropped(model(4..6, EntityType::Organization)),
            "Article Nineteen"
        );
    }
}
