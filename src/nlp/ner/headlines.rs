//! Names in title-case headlines. A headline capitalises every word, so the tagger and the
//! capitalisation rules read verbs and nouns into names ("Hillary Clinton Reassures House",
//! "Keep Market Gains"). The story under it names the same things in ordinary case: a headline
//! mention is cut to the longest part the body names too, typed as the body types it, and
//! dropped when no part of it is named anywhere else. Gazetteer mentions are trusted as they are.
//! A common word capitalised only because it opens its sentence is no name either.

use super::features::DocContext;
use crate::doc::{EntityType, Mention, MentionSource};
use crate::nlp::resources::Resources;
use std::collections::HashMap;
use std::ops::Range;

crate::words::list! {
    /// Small words a title leaves in lower case ("Gone with the Wind").
    pub TITLE_SMALL_WORDS = "ner/title_small_words.txt"
}

/// The most words a subhead has.
const SUBHEAD_WORDS: usize = 4;

/// Is the sentence of `words`, a paragraph of its own inside a story, a subhead ("Human
/// Rights.", "Knack for Deals."): one to four words, each capitalised but the small words a
/// title leaves in lower case, ending in a full stop?
pub fn is_subhead(words: &[&str]) -> bool {
    let Some((last, rest)) = words.split_last() else {
        return false;
    };
    let alphabetic: Vec<&str> = rest
        .iter()
        .copied()
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    *last == "."
        && (1..=SUBHEAD_WORDS).contains(&alphabetic.len())
        && alphabetic.len() + 1 == words.len()
        && alphabetic.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase) || TITLE_SMALL_WORDS.contains(w)
        })
}

/// The most words a paragraph's title-case lead-in has before its colon.
const LEAD_IN_WORDS: usize = 8;

/// Where the title-case lead-in of a paragraph's first sentence ends: the colon after two to
/// eight words, each capitalised but the small words ("Individual Rights Trumped by National
/// Interests: The council …", "The Gap Goes On: It was …").
pub fn lead_in_end(words: &[&str]) -> Option<usize> {
    let colon = words
        .iter()
        .take(LEAD_IN_WORDS + 1)
        .position(|w| *w == ":")?;
    let run = &words[..colon];
    let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    let all_words = run
        .iter()
        .all(|w| w.chars().next().is_some_and(char::is_alphabetic));
    (run.len() >= 2
        && all_words
        && run.first().is_some_and(capitalised)
        && run
            .iter()
            .all(|w| capitalised(w) || TITLE_SMALL_WORDS.contains(w)))
    .then_some(colon)
}

/// Is the sentence of `words` a title-case headline: at least four words, three in four of them
/// capitalised, fewer than two commas and, unless it opens the document, no full stop at its
/// end (a sentence listing names has both)?
pub fn is_title_case_headline(words: &[&str], opens_document: bool) -> bool {
    let (alphabetic, capitals) = capitalised_words(words.iter().copied());
    alphabetic >= 4
        && capitals * 4 >= alphabetic * 3
        && words.iter().filter(|w| **w == ",").count() < 2
        && (opens_document || words.last().is_some_and(|w| *w != "."))
}

/// How many of `words` are words (start with a letter), and how many of those are capitalised.
pub fn capitalised_words<'a>(words: impl Iterator<Item = &'a str>) -> (usize, usize) {
    words
        .filter_map(|w| w.chars().next().filter(|c| c.is_alphabetic()))
        .fold((0, 0), |(all, caps), c| {
            (all + 1, caps + usize::from(c.is_uppercase()))
        })
}

/// The lower-case key of a token span.
fn key(words: &[&str], span: Range<usize>) -> String {
    words[span].join(" ").to_lowercase()
}

/// Cut or drop the mentions of title-case headlines (`mentions` sorted by start, as the stage
/// leaves them) by what the body names.
///
/// A subhead (a sentence alone in its paragraph, [`is_subhead`]) and a paragraph's title-case
/// lead-in ([`lead_in_end`]) are read as headlines, but a person's full name there keeps its
/// mention (a signature line under a letter, "Kathryn Kates."; "Follow Jeff Horwitz on
/// Twitter:"): `signature` says whether a mention is one. `paragraph` tells of each sentence whether it opens and whether it closes a paragraph.
pub(super) fn fit_headline_mentions(
    words: &[&str],
    sentences: &[Range<usize>],
    paragraph: &[(bool, bool)],
    signature: &dyn Fn(&Mention) -> bool,
    mentions: Vec<Mention>,
) -> Vec<Mention> {
    let edges = |i: usize| paragraph.get(i).copied().unwrap_or((false, false));
    let subhead: Vec<bool> = sentences
        .iter()
        .enumerate()
        .map(|(i, s)| i > 0 && edges(i) == (true, true) && is_subhead(&words[s.clone()]))
        .collect();
    let lead_in: Vec<Option<usize>> = sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (i > 0 && edges(i).0)
                .then(|| lead_in_end(&words[s.clone()]))
                .flatten()
                .map(|k| s.start + k)
        })
        .collect();
    let headline: Vec<bool> = sentences
        .iter()
        .enumerate()
        .map(|(i, s)| subhead[i] || is_title_case_headline(&words[s.clone()], i == 0))
        .collect();
    // A headline alone (a single sentence, a list of titles) has no story to check it by.
    let body = headline.iter().filter(|h| !**h).count();
    if !(headline.contains(&true) || lead_in.iter().any(Option::is_some)) || body < 3 {
        return mentions;
    }
    // Sentences are sorted and disjoint: the one holding a token is found by bisection.
    let sentence_at = |t: usize| {
        let s = sentences.partition_point(|s| s.end <= t);
        (s < sentences.len() && sentences[s].contains(&t)).then_some(s)
    };
    let in_lead_in = |s: usize, t: usize| lead_in[s].is_some_and(|end| t < end);
    let in_headline = |t: usize| sentence_at(t).is_some_and(|s| headline[s] || in_lead_in(s, t));
    // Where a person's full name keeps its mention: a subhead or a lead-in.
    let in_subhead = |t: usize| sentence_at(t).is_some_and(|s| subhead[s] || in_lead_in(s, t));
    // What the body names, with its type: every mention's text, and a person's first and last
    // word ("Clinton" in a headline, "Hillary Clinton" in the story).
    let mut named: HashMap<String, (EntityType, Option<String>)> = HashMap::new();
    for m in mentions
        .iter()
        .filter(|m| m.source != MentionSource::Nominal && !in_headline(m.tokens.start))
    {
        let typed = (m.etype, m.class.clone());
        named
            .entry(key(words, m.tokens.clone()))
            .or_insert_with(|| typed.clone());
        if m.etype == EntityType::Person && m.tokens.len() >= 2 {
            for t in [m.tokens.start, m.tokens.end - 1] {
                named
                    .entry(key(words, t..t + 1))
                    .or_insert_with(|| typed.clone());
            }
        }
    }
    let mut out = Vec::with_capacity(mentions.len());
    for m in mentions {
        let trusted = matches!(m.source, MentionSource::Gazetteer | MentionSource::Nominal);
        if trusted
            || !in_headline(m.tokens.start)
            || (in_subhead(m.tokens.start) && signature(&m))
            || named.contains_key(&key(words, m.tokens.clone()))
        {
            out.push(m);
            continue;
        }
        for part in named_parts(words, m.tokens.clone(), &named) {
            let (etype, class) = named[&key(words, part.clone())].clone();
            let mut cut = m.clone();
            cut.tokens = part;
            cut.etype = etype;
            cut.class = class;
            cut.canonical = None;
            cut.wikidata = None;
            out.push(cut);
        }
    }
    out
}

/// The longest name a headline's run of capitals is searched for parts; a longer run is no
/// name (and searching it would cost its length squared).
const MAX_NAME_TOKENS: usize = 12;

/// The longest parts of `span` the body names, left to right, none overlapping.
fn named_parts(
    words: &[&str],
    span: Range<usize>,
    named: &HashMap<String, (EntityType, Option<String>)>,
) -> Vec<Range<usize>> {
    if span.len() > MAX_NAME_TOKENS {
        return Vec::new();
    }
    let mut best: Option<Range<usize>> = None;
    for len in (1..span.len()).rev() {
        best = (span.start..=span.end - len)
            .map(|a| a..a + len)
            .find(|r| named.contains_key(&key(words, r.clone())));
        if best.is_some() {
            break;
        }
    }
    let Some(best) = best else {
        return Vec::new();
    };
    let mut parts = named_parts(words, span.start..best.start, named);
    parts.push(best.clone());
    parts.extend(named_parts(words, best.end..span.end, named));
    parts
}

/// Whether a candidate is a common word that opens its sentence, capitalised for that alone
/// ("Mass atrocities continue …", read as a place; "Watch the full interview", read by its
/// head word as a body): one word of the tagger's or the rules', no person, a
/// frequent word in lower case, followed by a lower-case word, and never written capitalised
/// inside a sentence of the article nor known to the gazetteers. "Apple shares fell" keeps
/// Apple where the article names it again mid-sentence.
pub(super) fn opens_sentence_as_common_word(
    m: &Mention,
    words: &[&str],
    res: &Resources,
    ctx: &DocContext,
    opens: bool,
) -> bool {
    let word = words[m.tokens.start];
    let lower = word.to_lowercase();
    opens
        && m.tokens.len() == 1
        && matches!(m.source, MentionSource::Model | MentionSource::Rule)
        && m.etype != EntityType::Person
        && word.chars().skip(1).all(char::is_lowercase)
        && words
            .get(m.tokens.end)
            .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase))
        && res.zipf10(&lower) >= OPENING_COMMON_ZIPF10
        && !ctx.seen_mid_sentence(word)
        && res.lookup(word).is_none()
        && !res.places.contains_key(word)
}

/// Zipf frequency (×10) from which a word that opens a sentence is a common word there.
const OPENING_COMMON_ZIPF10: u8 = 40;

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(tokens: Range<usize>, etype: EntityType, source: MentionSource) -> Mention {
        Mention::new(tokens, etype, source)
    }

    #[test]
    fn ner_headline_names_are_cut_to_what_the_body_names() {
        let text = "Hillary Clinton Reassures House Democrats Keep Market Gains \
                    \n Hillary Clinton met the House on Monday .";
        let words: Vec<&str> = text.split_whitespace().collect();
        let sentences = vec![
            0..8,
            8..words.len(),
            words.len()..words.len(),
            words.len()..words.len(),
        ];
        let mentions = vec![
            mention(0..4, EntityType::Person, MentionSource::Model),
            mention(4..5, EntityType::Organization, MentionSource::Model),
            mention(5..8, EntityType::Organization, MentionSource::Model),
            mention(8..10, EntityType::Person, MentionSource::Model),
            mention(12..13, EntityType::Organization, MentionSource::Model),
        ];
        let got: Vec<(String, EntityType)> =
            fit_headline_mentions(&words, &sentences, &[], &|_| false, mentions)
                .iter()
                .map(|m| (words[m.tokens.clone()].join(" "), m.etype))
                .collect();
        assert_eq!(
            got,
            [
                ("Hillary Clinton".to_string(), EntityType::Person),
                ("House".to_string(), EntityType::Organization),
                ("Hillary Clinton".to_string(), EntityType::Person),
                ("House".to_string(), EntityType::Organization),
            ]
        );
    }

    #[test]
    fn ner_subheads_and_lead_ins_are_read_as_headlines() {
        assert!(is_subhead(&["Human", "Rights", "."]));
        assert!(is_subhead(&["Knack", "for", "Deals", "."]));
        assert!(!is_subhead(&["Human", "rights", "matter", "."]));
        assert!(!is_subhead(&["A", "Long", "Run", "Of", "Words", "."]));
        assert!(!is_subhead(&["Human", "Rights"]));
        let lead = [
            "The", "Gap", "Goes", "On", ":", "It", "was", "under", "Mr.", "Ban",
        ];
        assert_eq!(lead_in_end(&lead), Some(4));
        assert_eq!(lead_in_end(&["He", "said", ":", "no"]), None);
        assert_eq!(lead_in_end(&["WASHINGTON", ":", "no"]), None);
        // In a story: the subhead's and the lead-in's names go unless the body names them; a
        // signature keeps its name.
        let text = "Story Of The Day \n Ana Ruiz spoke . \n Knack for Deals . \n \
                    Ruiz Plans Ahead : Ana Ruiz met Lee Park . \n Lee Park agreed . \n \
                    Kathryn Kates .";
        let words: Vec<&str> = text.split_whitespace().filter(|w| *w != "\\n").collect();
        let sentences = vec![0..4, 4..8, 8..12, 12..22, 22..26, 26..29];
        let paragraph = vec![(true, true); 6];
        let mentions = vec![
            mention(4..6, EntityType::Person, MentionSource::Model),
            mention(8..11, EntityType::Organization, MentionSource::Model),
            mention(12..15, EntityType::Organization, MentionSource::Model),
            mention(16..18, EntityType::Person, MentionSource::Model),
            mention(19..21, EntityType::Person, MentionSource::Model),
            mention(22..24, EntityType::Person, MentionSource::Model),
            mention(26..28, EntityType::Person, MentionSource::Model),
        ];
        let signature = |m: &Mention| words[m.tokens.start] == "Kathryn";
        let got: Vec<String> =
            fit_headline_mentions(&words, &sentences, &paragraph, &signature, mentions)
                .iter()
                .map(|m| words[m.tokens.clone()].join(" "))
                .collect();
        assert_eq!(
            got,
            [
                "Ana Ruiz",
                "Ruiz",
                "Ana Ruiz",
                "Lee Park",
                "Lee Park",
                "Kathryn Kates"
            ]
        );
    }

    #[test]
    fn ner_sentences_listing_names_are_no_headlines() {
        let headline = ["Senator", "Warns", "Rivals", "In", "Iowa", "."];
        assert!(is_title_case_headline(&headline[..5], false));
        assert!(is_title_case_headline(&headline, true));
        assert!(!is_title_case_headline(&headline, false));
        let list = ["Ana", "Ruiz", ",", "John", "Doe", ",", "Eva", "Lind"];
        assert!(!is_title_case_headline(&list, true));
        assert!(!is_title_case_headline(&["Obama", "Wins"], true));
    }
}
