//! How a span becomes a name, for the tagger's spans and the rules' alike: split where two
//! names run together, trimmed of titles and tails, typed by its head word.

use super::shape::{has_digit, is_cap};
use super::titles;
use super::words::{APPOSITION_ENDS, CONNECTORS, FACILITY_HEADS, GEO_HEADS, INSTITUTION_HEADS};
use crate::doc::EntityType;
use crate::nlp::resources::Resources;
use std::ops::Range;

/// Cuts a model span where no name continues: at a slash ("Twitter / NASA") and at a "the"
/// that follows no preposition ("according to Rathbun the Scientology property"), unlike
/// "Church of the Nazarene".
///
/// Also at an "and" between two institutions, each with its own head word ("Massachusetts
/// Institute of Technology and Colorado State University"), unlike "Department of Health and
/// Human Services" or "Bill and Melinda Gates Foundation".
pub(super) fn split_span(
    res: &Resources,
    words: &[&str],
    range: Range<usize>,
) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut start = range.start;
    let has_head = |r: Range<usize>| {
        words[r]
            .iter()
            .any(|w| is_cap(w) && res.org_head(w).is_some())
    };
    for k in range.clone() {
        // Before "and", a name with a head word or one the gazetteers know as a body ("FBI
        // and Justice Department").
        let known_body = |r: Range<usize>| {
            res.lookup(&words[r].join(" "))
                .is_some_and(|entries| entries.iter().any(|e| e.etype == EntityType::Organization))
        };
        let two_institutions = words[k] == "and"
            && k > start
            && range.end >= k + 3
            && ((k >= start + 2 && has_head(start..k)) || known_body(start..k))
            && INSTITUTION_HEADS.contains(&words[range.end - 1].to_lowercase().as_str());
        // "University of Sheffield of the UK": a second "of" before a country.
        if words[k] == "of" && words[start..k].contains(&"of") {
            let from = if words.get(k + 1) == Some(&"the") {
                k + 2
            } else {
                k + 1
            };
            let country =
                from < range.end && res.names_a_country(&words[from..range.end].join(" "));
            if country {
                parts.push(start..k);
                parts.push(from..range.end);
                return parts;
            }
        }
        // "Amazon, Apple": names of a list the model ran together; a suffix after the comma
        // ("Martin Luther King, Jr.", "Acme, Inc.", "Washington, D.C.") stays.
        let list_comma = words[k] == ","
            && k > start
            && words
                .get(k + 1)
                .is_some_and(|w| !NAME_SUFFIXES.contains(&w.trim_end_matches('.')));
        let cut = matches!(words[k], "/" | "|")
            || list_comma
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

/// Drops a caption label that a name span swallowed: "Washington D.C. Image: …".
/// Also drops a last word that goes on with a common lower-case word after a hyphen ("Booker
/// Prize-winner"), unlike a name's syllables ("Hau Lung-bin").
pub(super) fn trim_tail(res: &Resources, words: &[&str], mut range: Range<usize>) -> Range<usize> {
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
pub(super) fn person_tail(res: &Resources, words: &[&str], range: &Range<usize>) -> Option<usize> {
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

/// Whether a span is a common first name and one more capitalised name ("Barack Obama"): the
/// first name no place the gazetteers know ("Victoria Falls", "Jordan Valley"), no head word in
/// the span, and the whole not a name the gazetteers know.
pub(super) fn given_name_and_surname(
    res: &Resources,
    words: &[&str],
    range: &Range<usize>,
) -> bool {
    let (first, last) = (words[range.start], words[range.end - 1]);
    range.len() == 2
        && res.first_names.contains(first)
        && res.lookup(first).is_none()
        && !res.places.contains_key(first)
        && is_cap(last)
        && !has_digit(last)
        && res.lookup(&words[range.clone()].join(" ")).is_none()
        && classify_by_head(res, words, range).is_none()
}

/// Does an apposition with an organisation head noun follow the name ending at `end` ("X, a
/// rights group …", "X, a Hong Kong construction firm"; not "X, a leader of the party")?
pub(super) fn org_apposition(words: &[&str], end: usize, sent_end: usize) -> bool {
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
pub(super) fn cut_post(
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
    // After a connector a title word is the name's noun ("American Association for Justice",
    // "Office of the President").
    let after_connector = |end: usize| matches!(words[end - 2], "for" | "of" | "the" | "and");
    while range.len() > 1
        && !after_connector(range.end)
        && ((res.is_title(&words[range.end - 1].to_lowercase())
            && !(person && res.given_names.contains(words[range.end - 2])))
            || title_runs_on(range.end))
    {
        range.end -= 1;
        cut = true;
    }
    // "Press" of "Press Secretary Josh Earnest": one word that opens a title is no name.
    if range.len() == 1 && title_runs_on(range.end) {
        return (range.end..range.end, true);
    }
    (range, cut)
}

/// Strips a leading title ("Interior Minister", "Prime Minister") from a name span; returns
/// the rest and the number of tokens stripped.
pub(super) fn strip_title(
    res: &Resources,
    words: &[&str],
    range: Range<usize>,
) -> (Range<usize>, usize) {
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
    // "Justice Department": a title word before a lone head word names the body's field, not
    // a post ("Justice Scalia"); "Justice" alone is no name.
    if best > 0 && range.len() - best == 1 && res.org_head(words[range.end - 1]).is_some() {
        best = 0;
    }
    // "Martin Luther King Jr.": what a title leaves must be a name, not a name's suffix.
    if words[range.start + best..range.end]
        .iter()
        .all(|w| NAME_SUFFIXES.contains(&w.trim_end_matches('.')))
    {
        best = 0;
    }
    (range.start + best..range.end, best)
}

/// Is `lower` (a lower-case word) a title or honorific that a person's name follows?
pub(super) fn titles_a_person(res: &Resources, lower: &str) -> bool {
    res.is_title(lower) || HONORIFIC_WORDS.contains(&lower)
}

/// Honorifics before a person's name, lower-case, with their full stop where written with one
/// ("Sir Peter Westmacott").
pub(super) const HONORIFIC_WORDS: [&str; 6] = ["mr.", "mrs.", "ms.", "dr.", "sir", "dame"];

/// Heads that open an agreement's name before a preposition ("Convention on …").
const HEAD_FIRST: [&str; 9] = [
    "agreement",
    "accord",
    "charter",
    "convention",
    "covenant",
    "memorandum",
    "pact",
    "protocol",
    "treaty",
];

/// Lower-case words that join an agreement's head to what it is about.
const LINKS: [&str; 8] = [
    "on",
    "against",
    "for",
    "concerning",
    "between",
    "of",
    "to",
    "relating",
];

/// Where the rest of an agreement's name starts when the capitalised word at `h` is a head that
/// opens it before a lower-case link ("Convention against …", "Protocol Relating to …"): the
/// word after the link.
pub(super) fn agreement_link(words: &[&str], h: usize) -> Option<usize> {
    if !is_cap(words[h]) || !HEAD_FIRST.iter().any(|w| words[h].eq_ignore_ascii_case(w)) {
        return None;
    }
    match words.get(h + 1).copied() {
        Some("Relating" | "relating") if words.get(h + 2) == Some(&"to") => Some(h + 3),
        Some(link) if LINKS.contains(&link) && link != "relating" => Some(h + 2),
        _ => None,
    }
}

/// Type from the head word: agreements ("Initiative", "Treaty", "Convention against Torture")
/// and organisations ("Ministry").
pub(super) fn classify_by_head(
    res: &Resources,
    words: &[&str],
    range: &Range<usize>,
) -> Option<(EntityType, Option<String>)> {
    let last = words[range.end - 1].to_lowercase();
    let before_last = (range.len() >= 2).then(|| words[range.end - 2].to_lowercase());
    // A party's or a nation's convention is the assembly, not a treaty ("Democratic National
    // Convention", "Republican Convention").
    let party_word = |w: &str| {
        res.lookup(w).is_some_and(|entries| {
            entries
                .iter()
                .any(|e| e.class.as_deref() == Some("PoliticalParty"))
        })
    };
    if last == "convention"
        && range.len() >= 2
        && (matches!(before_last.as_deref(), Some("national" | "party"))
            || party_word(words[range.end - 2]))
    {
        return Some((EntityType::Organization, None));
    }
    // "Convention against Torture": a head that opens the name before a link.
    let head_first = (range.start..range.end.saturating_sub(2))
        .any(|h| agreement_link(words, h).is_some_and(|k| k < range.end));
    if head_first {
        return Some((EntityType::Agreement, Some("Treaty".to_string())));
    }
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
        // "Patriot Coal", but no "Energy" alone (of "Energy Minister") nor "Capital of …".
        let name_final = res
            .name_final_heads
            .contains(words[idx].to_lowercase().trim_end_matches('.'));
        if name_final && (range.len() < 2 || idx != range.end - 1) {
            continue;
        }
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
pub(super) fn geo_name(words: &[&str], range: &Range<usize>) -> bool {
    range.len() >= 2
        && (GEO_HEADS.contains(&words[range.end - 1].to_lowercase().as_str())
            || GEO_FIRST.contains(&words[range.start].to_lowercase().as_str()))
}

/// Nouns that, in an apposition, say the name before is an organisation.
pub(super) const APPOSITION_ORG_HEADS: [&str; 10] = [
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

/// What may follow a comma inside a name: "Jr.", "Inc.", "D.C." (without the full stop).
pub(super) const NAME_SUFFIXES: [&str; 10] = [
    "Jr", "Sr", "Inc", "Ltd", "LLC", "LLP", "Corp", "D.C", "II", "III",
];

/// Does the name open with a saint's or a fort's abbreviation or word, as towns do ("St.
/// Lucie", "Ft. Worth", "Fort Pierce", "Port Arthur")? Decides only against a person: teams and
/// bodies so named keep their type ("St. Louis Cardinals").
pub(super) fn names_a_town(words: &[&str], range: &Range<usize>) -> bool {
    range.len() >= 2
        && matches!(
            words[range.start].to_lowercase().as_str(),
            "st." | "ft." | "fort" | "port"
        )
}

/// First words of the names of land and water features ("Lake Constance", "Mount Kenya").
pub(super) const GEO_FIRST: [&str; 6] = ["lake", "mount", "mt.", "mt", "gulf", "isle"];

/// Words that make a "centre" a building ("convention centre"), not an institution
/// ("Centre for Policy Studies").
pub(super) const FACILITY_CENTRES: [&str; 6] = [
    "convention",
    "shopping",
    "trade",
    "exhibition",
    "conference",
    "community",
];

/// Words that label a picture credit ("Image: Jane Doe") and end no name.
pub(super) const CAPTION_WORDS: [&str; 6] =
    ["Image", "Photo", "Picture", "Video", "Credit", "Source"];
