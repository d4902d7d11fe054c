//! Mentions the article's layout gives: transcript speaker labels, datelines, bylines.

use super::features::{title_case_word, DocContext};
use super::gazetteer::known_as;
use super::shape::title_case;
use crate::doc::{Doc, EntityType, Mention, MentionSource};
use crate::nlp::cues::{is_label_word, rare_label};
use crate::nlp::resources::{GazEntry, GazKind, Resources};
use std::ops::Range;

/// A label that names a place of at least this many people is a dateline, not a speaker
/// ("PESHAWAR:"; a "CLINTON:" turn is a speaker, Clinton, Maryland being smaller).
pub(super) const DATELINE_MIN_POPULATION: u64 = 100_000;

/// Whether a one-word label is a heading ("CLARIFICATION:", "UPDATE:"): a word of the
/// language, no given name or surname, and never written as a name inside a sentence of the
/// article (a speaker's is: "Mr. Kaine").
fn heading_word(res: &Resources, ctx: &DocContext, label: &[&str]) -> bool {
    let [word] = label else {
        return false;
    };
    let name = title_case_word(word);
    res.zipf10(&word.to_lowercase()) >= HEADING_MIN_ZIPF10
        && !res.first_names.contains(&name)
        && !res.surnames.contains(&name)
        && !ctx.seen_mid_sentence(&name)
}

/// Zipf frequency (×10) from which a label's word is one of the language, not a rare name.
const HEADING_MIN_ZIPF10: u8 = 30;

/// The speaker label of a transcript turn ("WALLACE: …", "“SEN. KAINE: …"): one to three
/// capitalised rare words and a colon opening a sentence name a person, whatever the other
/// layers read there. The mention's name is written as names are ("Wallace"), so that it joins
/// the person named in full elsewhere ("Chris Wallace").
pub(super) fn label_mentions(
    res: &Resources,
    ctx: &DocContext,
    words: &[&str],
    sent: Range<usize>,
    out: &mut Vec<Mention>,
) {
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
        || heading_word(res, ctx, &words[name_from..colon])
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

/// A wire dateline names a city: where the gazetteers know no city of its name (or know the
/// name as a city's and a region's alike, "New York") but do know one called so with "City",
/// the dateline is that city ("NEW YORK": New York City); where only the world gazetteer knows
/// a city of its name, that city ("NEWPORT NEWS").
pub(super) fn dateline_city(res: &Resources, doc: &Doc, words: &[&str], out: &mut Vec<Mention>) {
    let Some(dateline) = doc.metadata.dateline.as_deref() else {
        return;
    };
    let name = title_case(dateline);
    let is_city = |entry: &&GazEntry| entry.kind == GazKind::City && entry.class.is_some();
    if res
        .lookup(&name)
        .is_some_and(|entries| entries.iter().any(|e| is_city(&e)))
    {
        return;
    }
    let city = res
        .lookup(&format!("{name} City"))
        .and_then(|entries| entries.iter().find(is_city));
    // A city only the world gazetteer knows ("NEWPORT NEWS, Va.", which its last word would
    // make a body's name).
    let world_city = res.lookup(&name).is_none()
        && res
            .places
            .get(&name)
            .is_some_and(|p| p.kind == "city" && p.population >= DATELINE_MIN_POPULATION);
    if city.is_none() && !world_city {
        return;
    }
    let len = dateline.split_whitespace().count();
    let first = doc.tokens.partition_point(|t| t.end <= doc.body_start);
    let Some(start) = (first..words.len().saturating_sub(len).min(first + 40))
        .find(|&k| words[k..k + len].join(" ") == dateline)
    else {
        return;
    };
    // It replaces what the other layers read there (the bare name's entry).
    out.retain(|m| m.tokens.end <= start || m.tokens.start >= start + len);
    let mut m = Mention::new(
        start..start + len,
        EntityType::Place,
        MentionSource::Gazetteer,
    );
    match city {
        Some(city) => known_as(&mut m, city),
        None => m.canonical = Some(name),
    }
    out.push(m);
}

/// The byline's names are people ("By Jane Roe and John Doe").
pub(super) fn byline_mentions(doc: &Doc, out: &mut Vec<Mention>) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::ner::testing::*;

    #[test]
    fn ner_dateline_is_a_city() {
        use crate::nlp::stage::Stage;
        use crate::nlp::{sentences::SentenceSplitter, tokenize::Tokenizer};
        let text = "NEW YORK, Nov. 19 (UPI) -- The senator from New York spoke in New York City.";
        let mut doc = Doc::new("t.txt", text);
        doc.metadata.dateline = Some("NEW YORK".into());
        Tokenizer.run(&mut doc).unwrap();
        SentenceSplitter.run(&mut doc).unwrap();
        let res = std::sync::Arc::new(Resources::load_default().unwrap());
        super::super::Ner::new(res, None).run(&mut doc).unwrap();
        let got: Vec<(&str, Option<&str>)> = (0..doc.mentions.len())
            .map(|i| (doc.mention_text(i), doc.mentions[i].canonical.as_deref()))
            .collect();
        assert!(
            got.contains(&("NEW YORK", Some("New York City"))),
            "{got:?}"
        );
        assert!(
            got.contains(&("New York City", Some("New York City"))),
            "{got:?}"
        );
        // The bare name, a city's and a state's, is neither.
        assert!(got.contains(&("New York", Some("New York"))), "{got:?}");
        let bare = doc
            .mentions
            .iter()
            .find(|m| m.canonical.as_deref() == Some("New York"));
        assert!(bare.is_some_and(|m| m.class.is_none() && m.wikidata.is_none()));
    }

    #[test]
    fn ner_transcript_labels_are_persons() {
        let doc = run("\u{201c}SEN. MERRIWEATHER: We will vote for it.\n\nNOTE: The interview was edited.\n\nCLARIFICATION: An earlier version misstated a date.\n\nCORRECTION: The vote was Tuesday.\n\nUPDATE: Zorblax Quennell replied.\n\nKABUL: The talks resumed.\n\nPESHAWAR: Shops reopened.");
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
                || ![
                    "NOTE",
                    "UPDATE",
                    "CLARIFICATION",
                    "CORRECTION",
                    "SEN.",
                    "KABUL",
                    "PESHAWAR"
                ]
                .contains(s)),
            "{got:?}"
        );
    }
}
