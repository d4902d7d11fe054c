//! Names of bodies the tagger cuts short where they go on past a lower-case word: a name that
//! opens with its head before a preposition ("Commission on Presidential Debates", "Committee
//! for a Responsible Federal Budget", "Boston Center for the Arts"), and a name the text
//! defines by its acronym ("Citizens for Responsibility and Ethics in Washington (CREW)").

use super::shape::{has_digit, is_cap};
use super::spans::classify_by_head;
use super::words::{CALENDAR, FUNCTION_WORDS};
use crate::doc::{EntityType, Mention, MentionSource};
use crate::nlp::resources::Resources;
use std::ops::Range;

/// Lower-case words that join a body's head to what it is for ("Committee to Protect
/// Journalists"); "in" and "at" are no part of a name unless its acronym says so ("the Museum
/// of Fine Arts in Boston").
const LINKS: [&str; 5] = ["on", "for", "of", "against", "to"];

/// Lower-case words inside the rest of the name ("Center on Budget and Policy Priorities"); "the"
/// may follow them, except "and" ("… Studies and the Institute …" are two).
const INNER: [&str; 5] = ["of", "and", "for", "on", "the"];

/// A capitalised word that may be part of a body's name: no date, number or function word.
fn name_word(word: &str) -> bool {
    is_cap(word) && !has_digit(word) && !CALENDAR.contains(&word) && !FUNCTION_WORDS.contains(&word)
}

crate::words::list! {
    /// Head words that open a body's name before a preposition ("Commission on …").
    OPENING_HEADS = "ner/opening_heads.txt"
}

/// A body's head word that opens a name ("Commission", "Institute"); not one that only ends
/// one ("Human Rights Watch": "Watch on YouTube" is no name).
fn opens_a_body(word: &str) -> bool {
    is_cap(word) && OPENING_HEADS.contains(&word.to_lowercase().as_str())
}

/// Where the capitalised words before `h` that belong to the name start ("Boston Center"),
/// not at the sentence's first function word ("The Commission …"). A country or its demonym
/// before the head is the name's only where another layer read it so ("the Irish Department
/// of Foreign Affairs" is Ireland's department, named "Department of Foreign Affairs").
fn name_start(
    res: &Resources,
    words: &[&str],
    sent: &Range<usize>,
    h: usize,
    spans: &[(Range<usize>, EntityType)],
) -> usize {
    let mut start = h;
    while start > sent.start && name_word(words[start - 1]) {
        let read_so = spans.iter().any(|(r, _)| r.start < start && r.end > h);
        if res.names_a_country(words[start - 1]) && !read_so {
            break;
        }
        start -= 1;
    }
    start
}

/// Where the name that goes on at `k` ends: capitalised words, joined by the inner words and
/// by one "and". None where a post or a person's name runs on from it ("… Relations National
/// Executive Director Nihad Awad"): that is no name this rule can cut right. An "and" before a
/// person or a body another layer found ends it ("… Seventh Circuit and William M. Landes", "…
/// Union of Ohio and Demos").
fn name_end(
    res: &Resources,
    words: &[&str],
    sent: &Range<usize>,
    k: usize,
    named_at: &dyn Fn(usize) -> Option<EntityType>,
) -> Option<usize> {
    let person_at = |j: usize| named_at(j) == Some(EntityType::Person);
    let title_at = |j: usize| {
        (1..=3)
            .filter(|len| j + len <= sent.end)
            .any(|len| res.is_title(&words[j..j + len].join(" ").to_lowercase()))
    };
    let mut end = k + 1;
    let mut ands = 0;
    while end < sent.end {
        let w = words[end];
        if name_word(w) {
            if title_at(end) || person_at(end) {
                return None;
            }
            end += 1;
            continue;
        }
        // A capitalised function word inside a name ("Alliance to Reclaim Our Schools").
        if is_cap(w) && end + 1 < sent.end && name_word(words[end + 1]) {
            end += 1;
            continue;
        }
        let next = (end + 1..(end + 3).min(sent.end)).find(|&j| words[j] != "the" || w == "and");
        let Some(next) = next.filter(|&j| INNER.contains(&w) && name_word(words[j])) else {
            break;
        };
        if w == "and" {
            ands += 1;
            let named = named_at(next);
            if ands > 1
                || matches!(named, Some(EntityType::Person | EntityType::Organization))
                || res.given_names.contains(words[next])
            {
                break;
            }
        }
        end += 1;
    }
    Some(end)
}

/// A body mention over `range`, its class from its head where that says one ("… Party").
fn body(res: &Resources, words: &[&str], range: Range<usize>, confidence: f32) -> Mention {
    let class = match classify_by_head(res, words, &range) {
        Some((EntityType::Organization, class)) => class,
        _ => res.org_head(words[range.end - 1]).map(str::to_string),
    };
    let mut m = Mention::new(range, EntityType::Organization, MentionSource::Rule);
    m.class = class.filter(|c| c != "Organization");
    m.confidence = confidence;
    m
}

/// Names that open with a body's head and go on past a preposition: "the Commission on
/// Presidential Debates", "the Committee for a Responsible Federal Budget", "the Council on
/// American-Islamic Relations", "the New School for Social Research". The link is lower case
/// (a title-case headline's "Board Of Directors" is no name) and capitalised words follow it.
pub(super) fn head_first_bodies(
    res: &Resources,
    words: &[&str],
    sent: Range<usize>,
    out: &mut Vec<Mention>,
) {
    let opens_at =
        |h: usize| opens_a_body(words[h]) && h + 2 < sent.end && LINKS.contains(&words[h + 1]);
    // Most sentences open no body's name: they need not read the candidates.
    if !sent.clone().any(opens_at) {
        return;
    }
    // The names the candidates so far (the tagger's, the gazetteers') cover in the sentence,
    // and their types.
    let spans: Vec<(Range<usize>, EntityType)> = out
        .iter()
        .filter(|m| {
            m.source != MentionSource::Nominal
                && sent.start <= m.tokens.start
                && m.tokens.end <= sent.end
        })
        .map(|m| (m.tokens.clone(), m.etype))
        .collect();
    let named_at = |j: usize| spans.iter().find(|(r, _)| r.start == j).map(|&(_, t)| t);
    for h in sent.clone().filter(|&h| opens_at(h)) {
        let mut k = h + 2;
        if matches!(words[k], "a" | "the") && k + 1 < sent.end {
            k += 1;
        }
        if !name_word(words[k]) {
            continue;
        }
        let Some(end) = name_end(res, words, &sent, k, &named_at) else {
            continue;
        };
        let range = name_start(res, words, &sent, h, &spans)..end;
        // A name the head types otherwise ("Convention on …", "… Act") is no body here.
        if classify_by_head(res, words, &range)
            .is_some_and(|(etype, _)| etype != EntityType::Organization)
        {
            continue;
        }
        out.push(body(res, words, range, 0.8));
    }
}

/// The initials of a name's capitalised words, each part of a hyphenated word counting
/// ("Council on American-Islamic Relations": CAIR).
fn initials(words: &[&str]) -> String {
    words
        .iter()
        .flat_map(|w| w.split('-'))
        .filter_map(|part| part.chars().next().filter(char::is_ascii_uppercase))
        .collect()
}

/// Names the text defines by an acronym in brackets right after them, where the name goes on
/// past a lower-case word the tagger stops at: "Citizens for Responsibility and Ethics in
/// Washington (CREW)", "United Nations High Commissioner for Refugees (UNHCR)". The acronym's
/// letters are the initials of the name's capitalised words, in order, all of them.
pub(super) fn acronym_defined_bodies(
    res: &Resources,
    words: &[&str],
    sent: Range<usize>,
    out: &mut Vec<Mention>,
) {
    for open in sent.start + 2..sent.end.saturating_sub(2) {
        if words[open] != "(" || words[open + 2] != ")" {
            continue;
        }
        let acronym = words[open + 1];
        if !(2..=8).contains(&acronym.len()) || !acronym.chars().all(|c| c.is_ascii_uppercase()) {
            continue;
        }
        // Back over the name: capitalised words, and lower-case joining words between them.
        let mut start = open;
        let mut capitals = 0;
        while start > sent.start && capitals < acronym.len() {
            let w = words[start - 1];
            // Every capitalised word gives a letter, a function word too ("Our" of "Alliance to
            // Reclaim Our Schools (AROS)").
            if is_cap(w) && !has_digit(w) && !CALENDAR.contains(&w) {
                capitals += w.split('-').filter(|p| is_cap(p)).count();
            } else if !(matches!(w, "in" | "at" | "to") || INNER.contains(&w)) || start == open {
                break;
            }
            start -= 1;
        }
        let range = start..open;
        let inner_words = range.clone().any(|k| !name_word(words[k]));
        if range.is_empty()
            || !name_word(words[range.start])
            || !inner_words
            || initials(&words[range.clone()]) != acronym
        {
            continue;
        }
        let typed_otherwise = classify_by_head(res, words, &range)
            .is_some_and(|(etype, _)| etype != EntityType::Organization);
        if typed_otherwise || out.iter().any(|m| m.tokens == range) {
            continue;
        }
        out.push(body(res, words, range, 0.85));
    }
}

crate::words::list! {
    /// Nouns of a body before the name it goes by ("a group called …").
    BODY_NOUNS = "ner/body_nouns.txt"
}

/// A name the text introduces as a body's ("a Pakistan-based group called Lashkar-e-Taiba", "a
/// consulting firm called Gavekal Dragonomics", "a hacking group known as Fancy Bear") is an
/// organisation, whatever type the tagger or the rules gave it; not a name a gazetteer knows
/// ("a party called the Republican Party" is typed already).
pub(super) fn bodies_called_so(words: &[&str], mentions: &mut [Mention]) {
    for m in mentions.iter_mut() {
        if m.source == MentionSource::Gazetteer
            || m.source == MentionSource::Nominal
            || m.etype == EntityType::Organization
        {
            continue;
        }
        let mut k = m.tokens.start;
        if k > 0 && matches!(words[k - 1], "the" | "The") {
            k -= 1;
        }
        let before = |n: usize| k.checked_sub(n).map(|i| words[i]);
        let called = match (before(3), before(2), before(1)) {
            (_, _, Some("called" | "named" | "dubbed")) => before(2),
            (_, Some("known"), Some("as")) => before(3),
            _ => None,
        };
        if called.is_some_and(|noun| BODY_NOUNS.contains(&noun)) {
            m.etype = EntityType::Organization;
            m.class = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bodies both rules find in a text whose words are parted by spaces.
    fn bodies(text: &str) -> Vec<String> {
        let res = Resources::load_default().unwrap();
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut out = Vec::new();
        head_first_bodies(&res, &words, 0..words.len(), &mut out);
        acronym_defined_bodies(&res, &words, 0..words.len(), &mut out);
        out.iter()
            .map(|m| {
                assert_eq!(m.etype, EntityType::Organization);
                words[m.tokens.clone()].join(" ")
            })
            .collect()
    }

    #[test]
    fn bodies_open_with_their_head_past_a_preposition() {
        assert_eq!(
            bodies("The Commission on Presidential Debates chose Lester Holt ."),
            ["Commission on Presidential Debates"]
        );
        assert_eq!(
            bodies("a report by the Committee for a Responsible Federal Budget said"),
            ["Committee for a Responsible Federal Budget"]
        );
        assert_eq!(
            bodies("a show at the Boston Center for the Arts on Monday"),
            ["Boston Center for the Arts"]
        );
        assert_eq!(
            bodies("the Coalition for Humane Immigrant Rights and the Center on Budget and Policy Priorities"),
            ["Coalition for Humane Immigrant Rights", "Center on Budget and Policy Priorities"]
        );
        // No capitalised word after the link, a date after it, or a head that makes it a treaty.
        assert!(bodies("the committee on foreign affairs met").is_empty());
        assert!(bodies("the Committee on Monday voted").is_empty());
        assert!(bodies("the Convention against Torture bans it").is_empty());
        // A demonym no other layer read as part of the name is the country's.
        assert_eq!(
            bodies("officials of the Irish Department of Foreign Affairs met"),
            ["Department of Foreign Affairs"]
        );
        // A post glued on leaves the name to the other layers; a second "and" or one before a
        // given name ends it.
        assert!(bodies("the Council on Islamic Relations National Executive Director").is_empty());
        assert_eq!(
            bodies("the University of Zurich and Gordon Hanson wrote"),
            ["University of Zurich"]
        );
        assert_eq!(
            bodies("the Congress of Obstetricians and Gynecologists and Easter Seals"),
            ["Congress of Obstetricians and Gynecologists"]
        );
        // "in" is no link: the institute is in the city, not named by it.
        assert_eq!(
            bodies("the Institute of Fine Arts in Boston"),
            ["Institute of Fine Arts"]
        );
    }

    #[test]
    fn bodies_named_by_their_acronym_take_in_all_its_letters() {
        assert_eq!(
            bodies("the group Citizens for Responsibility and Ethics in Washington ( CREW ) said"),
            ["Citizens for Responsibility and Ethics in Washington"]
        );
        assert_eq!(
            bodies("the Council on American-Islamic Relations ( CAIR ) said"),
            ["Council on American-Islamic Relations"]
        );
        // Letters that are not the name's initials define nothing.
        assert_eq!(
            bodies("the Institute of Fine Arts in Boston ( IFA ) said"),
            ["Institute of Fine Arts"]
        );
        assert!(bodies("talks in Washington ( AP ) said").is_empty());
        assert_eq!(
            bodies("the organizer Alliance to Reclaim Our Schools ( AROS ) said"),
            ["Alliance to Reclaim Our Schools"]
        );
    }

    #[test]
    fn a_name_called_a_body_is_an_organisation() {
        let typed = |text: &str, span: Range<usize>, etype: EntityType| {
            let words: Vec<&str> = text.split(' ').collect();
            let mut mentions = vec![Mention::new(span, etype, MentionSource::Model)];
            bodies_called_so(&words, &mut mentions);
            mentions[0].etype
        };
        assert_eq!(
            typed(
                "a group called Lashkar-e-Taiba said",
                3..4,
                EntityType::Place
            ),
            EntityType::Organization
        );
        assert_eq!(
            typed(
                "the hacking group known as Fancy Bear",
                5..7,
                EntityType::Person
            ),
            EntityType::Organization
        );
        assert_eq!(
            typed(
                "a firm called the Blue Harbor Group",
                4..7,
                EntityType::Place
            ),
            EntityType::Organization
        );
        // A person called by a name, a place named so, stay what they are.
        assert_eq!(
            typed("a man called Ove Lindqvist", 3..5, EntityType::Person),
            EntityType::Person
        );
        assert_eq!(
            typed("a town called Eagle Pass", 3..5, EntityType::Place),
            EntityType::Place
        );
    }
}
