//! Posts that name people: the title a person mention carries ("Mayor Bill de Blasio",
//! "Sen. Bernie Sanders", "Ana Ruiz, the group's director,") and definite nominal references
//! by post ("the mayor", "the former secretary of state"), which coreference joins to the
//! person the article gave that post.

use super::gazetteer::known_as;
use super::shape::is_cap;
use super::words::{ABBREVIATIONS, APPOSITION_ENDS};
use crate::doc::{EntityType, Mention, MentionSource};
use crate::nlp::resources::Resources;
use crate::nlp::tokenize::us_state;
use std::ops::Range;

/// Is `word` ("Sen.", "Gov", "capt.") an abbreviated title written before a name?
pub fn is_abbreviated_title(word: &str) -> bool {
    let lower = word.trim_end_matches('.').to_lowercase();
    ABBREVIATIONS
        .iter()
        .any(|(a, _)| a.trim_end_matches('.') == lower)
}

/// Posts written in more than one way, with the form they are compared by.
const SYNONYMS: [(&str, &str); 8] = [
    ("congressman", "representative"),
    ("congresswoman", "representative"),
    ("spokesman", "spokesperson"),
    ("spokeswoman", "spokesperson"),
    ("chairman", "chair"),
    ("chairwoman", "chair"),
    ("chief executive officer", "chief executive"),
    ("ceo", "chief executive"),
];

/// Words between "the" and a post that keep the phrase a reference to one person ("the
/// former secretary of state").
const MODIFIERS: [&str; 10] = [
    "former",
    "then",
    "late",
    "current",
    "outgoing",
    "incoming",
    "acting",
    "interim",
    "new",
    "embattled",
];

/// Words after a post that tie it to a body or place ("the director of", "the head at").
const PREPOSITIONS: [&str; 7] = ["of", "at", "for", "in", "with", "from", "on"];

/// The post a lower-case title stands for, for comparison ("sen." → "senator",
/// "congresswoman" → "representative"); `None` when it is not a title.
pub fn post_of(res: &Resources, lower: &str) -> Option<String> {
    let expanded = ABBREVIATIONS
        .iter()
        .find(|(a, _)| *a == lower)
        .map_or(lower, |(_, full)| *full);
    if !res.is_title(expanded) && !ABBREVIATIONS.iter().any(|(_, f)| *f == expanded) {
        return None;
    }
    let post = SYNONYMS
        .iter()
        .find(|(s, _)| *s == expanded)
        .map_or(expanded, |(_, p)| *p);
    Some(post.to_string())
}

/// The longest title ending right before token `end` within `floor..end`: its post and first
/// token.
fn title_ending_at(
    res: &Resources,
    words: &[&str],
    floor: usize,
    end: usize,
) -> Option<(String, usize)> {
    let mut best = None;
    for start in (floor.max(end.saturating_sub(4))..end).rev() {
        let lower = words[start..end].join(" ").to_lowercase();
        if let Some(post) = post_of(res, &lower) {
            best = Some((post, start));
        }
    }
    best
}

/// The post a person mention's context gives: a title right before it ("New York Mayor Bill
/// de Blasio", "Sen. Sanders"), a post the name stands in apposition to ("The company's chief
/// executive, Joost van Dam, said") or an apposition right after it ("Ana Ruiz, the director
/// of …", "Ana Ruiz, a spokeswoman,").
fn title_of_mention(
    res: &Resources,
    words: &[&str],
    sent: &Range<usize>,
    tokens: &Range<usize>,
) -> Option<String> {
    if let Some((post, _)) = title_ending_at(res, words, sent.start, tokens.start) {
        return Some(post);
    }
    let comma_before = tokens.start > sent.start + 1 && words[tokens.start - 1] == ",";
    let comma_after = words.get(tokens.end) == Some(&",");
    if comma_before && comma_after {
        if let Some((post, _)) = title_ending_at(res, words, sent.start, tokens.start - 1) {
            return Some(post);
        }
    }
    let mut k = tokens.end;
    if words.get(k) != Some(&",") || k + 1 >= sent.end {
        return None;
    }
    k += 1;
    if !matches!(words[k], "a" | "an" | "the") {
        return None;
    }
    // The apposition runs to its closing comma, a relative pronoun or "of"; its last words
    // before that are the post ("the group's executive director").
    let end = (k + 1..sent.end.min(k + 9))
        .find(|&t| APPOSITION_ENDS.contains(&words[t]))
        .unwrap_or(sent.end.min(k + 9));
    title_ending_at(res, words, k + 1, end).map(|(post, _)| post)
}

/// Definite references to a person by post: "the mayor", "the former secretary of state",
/// "the president's". Not a post before a name ("the mayor Bill de Blasio"), one of a body or
/// place ("the president of Mexico"), which say which holder they mean by other words, nor an
/// apposition ("Ana Ruiz, the director,"), which the relation stage reads as a role.
pub fn person_nominals(
    res: &Resources,
    words: &[&str],
    sent: Range<usize>,
    out: &mut Vec<Mention>,
) {
    let mut d = sent.start;
    while d < sent.end {
        if !words[d].eq_ignore_ascii_case("the") {
            d += 1;
            continue;
        }
        let mut k = d + 1;
        while k < sent.end && MODIFIERS.contains(&words[k].trim_end_matches('-')) {
            k += 1;
        }
        // The longest post of lower-case words from k.
        let mut best: Option<(usize, String)> = None;
        for end in k + 1..=(k + 4).min(sent.end) {
            if !words[end - 1]
                .chars()
                .all(|c| c.is_alphabetic() || c == '-')
            {
                break;
            }
            let lower = words[k..end].join(" ").to_lowercase();
            if let Some(post) = post_of(res, &lower) {
                best = Some((end, post));
            }
        }
        let Some((end, post)) = best else {
            d += 1;
            continue;
        };
        let next = words.get(end).filter(|_| end < sent.end).copied();
        let apposition = d > sent.start && words[d - 1] == ",";
        if apposition || next.is_some_and(|w| PREPOSITIONS.contains(&w) || is_cap(w)) {
            d = end;
            continue;
        }
        let mut m = Mention::new(d..end, EntityType::Person, MentionSource::Nominal);
        m.title = Some(post);
        out.push(m);
        d = end;
    }
}

/// Splits a mention that runs a body or place, an abbreviated title and a name together
/// ("Ohio Gov. John Kasich", "Army Capt. Christian Pardo", "Massachusetts Gov. Mitt Romney")
/// into the body or place (named as the gazetteers name it; an organisation when they do not
/// know it) and the person; the title stays between them, for the person's post.
pub fn split_at_titles(res: &Resources, words: &[&str], mentions: Vec<Mention>) -> Vec<Mention> {
    let mut out = Vec::with_capacity(mentions.len());
    for mut m in mentions {
        if m.source == MentionSource::Nominal {
            out.push(m);
            continue;
        }
        let title_at = |t: usize| words[t].ends_with('.') && is_abbreviated_title(words[t]);
        // "Illinois Sen." before "Barack Obama": the title is no part of the state's name.
        if m.tokens.len() >= 2 && title_at(m.tokens.end - 1) {
            m.tokens.end -= 1;
            if m.etype == EntityType::Person {
                m.etype = EntityType::Organization;
            }
            out.push(retyped_body(res, words, m));
            continue;
        }
        let cut = (m.tokens.start + 1..m.tokens.end.saturating_sub(1))
            .find(|&t| title_at(t) && is_cap(words[t + 1]));
        let Some(t) = cut else {
            out.push(m);
            continue;
        };
        let body = retyped_body(
            res,
            words,
            Mention::new(m.tokens.start..t, EntityType::Organization, m.source),
        );
        let person = Mention::new(t + 1..m.tokens.end, EntityType::Person, m.source);
        out.push(body);
        out.push(person);
    }
    out
}

/// A body or place written before a title, named and typed as the gazetteers know it: a US
/// state ("Ohio", "Calif.") is a place, a known name takes its entry, anything else stays an
/// organisation ("Army").
pub(super) fn retyped_body(res: &Resources, words: &[&str], mut m: Mention) -> Mention {
    let written = words[m.tokens.clone()].join(" ");
    let state = us_state(&written);
    let name = state.unwrap_or(&written);
    let entry = res.lookup(name).and_then(|entries| {
        entries
            .iter()
            .find(|e| matches!(e.etype, EntityType::Place | EntityType::Country))
            .or_else(|| entries.first())
    });
    if let Some(e) = entry {
        m.etype = e.etype;
        known_as(&mut m, e);
    } else if let Some(state) = state {
        m.etype = EntityType::Place;
        m.canonical = Some(state.to_string());
    } else if m.etype == EntityType::Person {
        m.etype = EntityType::Organization;
    }
    m
}

/// A country's name that is a US state's too, before a US office or a party's members, is the
/// state ("Georgia Rep. John Lewis", "Georgia Democrats"), not the country of that name.
pub fn states_before_offices(
    res: &Resources,
    words: &[&str],
    sentences: &[Range<usize>],
    mentions: &mut [Mention],
) {
    for m in mentions.iter_mut() {
        if m.etype != EntityType::Country || m.source != MentionSource::Gazetteer {
            continue;
        }
        let Some(state) = us_state(&words[m.tokens.clone()].join(" ")) else {
            continue;
        };
        let s = sentences.partition_point(|sent| sent.end <= m.tokens.start);
        let next = sentences
            .get(s)
            .filter(|sent| m.tokens.end < sent.end)
            .map(|_| words[m.tokens.end].to_lowercase());
        let office = next.as_deref().is_some_and(|w| {
            post_of(res, w).is_some()
                || matches!(
                    w,
                    "democrat" | "democrats" | "republican" | "republicans" | "delegation"
                )
        });
        if office {
            m.etype = EntityType::Place;
            m.canonical = Some(state.to_string());
            m.class = None;
            m.wikidata = None;
        }
    }
}

/// A country's name that is a US state's too ("Georgia") is the state in an article that
/// names another US state or a US town ("Atlanta", "Clarkston, Ga.", "Ohio") and nothing of
/// the country: no town of it ("Tbilisi"), no demonym ("Georgian"), no other country beside
/// it in a list ("Ukraine and Georgia"). US news names the state far more often than the
/// country, and a country the article never places is no country to assert.
pub fn states_by_the_article(res: &Resources, words: &[&str], mentions: &mut [Mention]) {
    let surface = |m: &Mention| words[m.tokens.clone()].join(" ");
    let shared: Vec<usize> = (0..mentions.len())
        .filter(|&i| {
            let m = &mentions[i];
            let name = surface(m);
            // The country by its own name, not a capital standing for one ("Washington").
            m.etype == EntityType::Country
                && m.source == MentionSource::Gazetteer
                && m.canonical.as_deref().is_none_or(|c| c == name)
                && us_state(&name).is_some()
        })
        .collect();
    let Some(&first) = shared.first() else {
        return;
    };
    let country = surface(&mentions[first]);
    let mut american = false;
    for (i, m) in mentions.iter().enumerate() {
        if shared.contains(&i) {
            continue;
        }
        let name = surface(m);
        let place_in =
            |c: &str| m.etype == EntityType::Place && res.country_of_place(&name) == Some(c);
        // The country's demonym ("Georgian") or a town of it.
        let demonym = m.etype == EntityType::Country
            && name != country
            && m.canonical.as_deref() == Some(country.as_str());
        if demonym || place_in(&country) {
            return;
        }
        // The state itself read as one ("Georgia Rep. John Lewis"), another state, a US town.
        american |= (m.etype == EntityType::Place && us_state(&name).is_some())
            || place_in("United States");
    }
    // A country listed beside another ("Ukraine and Georgia", "Georgia, Armenia") is a country.
    let joined = |a: &Range<usize>, b: &Range<usize>| {
        a.end + 1 == b.start && matches!(words[a.end], "and" | "or" | ",")
    };
    let listed = shared.iter().any(|&i| {
        let t = &mentions[i].tokens;
        mentions.iter().any(|o| {
            o.etype == EntityType::Country && (joined(&o.tokens, t) || joined(t, &o.tokens))
        })
    });
    if !american || listed {
        return;
    }
    for &i in &shared {
        let m = &mut mentions[i];
        m.etype = EntityType::Place;
        m.canonical = Some(country.clone());
        m.class = None;
        m.wikidata = None;
    }
}

/// Sets the post of every named person mention from its context.
pub fn mark_titles(
    res: &Resources,
    words: &[&str],
    sentences: &[Range<usize>],
    mentions: &mut [Mention],
) {
    for m in mentions.iter_mut() {
        if m.etype != EntityType::Person || m.source == MentionSource::Nominal {
            continue;
        }
        let s = sentences.partition_point(|sent| sent.end <= m.tokens.start);
        if let Some(sent) = sentences.get(s) {
            m.title = title_of_mention(res, words, sent, &m.tokens);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::ner::testing::check;

    #[test]
    fn titles_a_us_state_before_an_office_is_the_state() {
        check(
            "Georgia Rep. John Lewis spoke.",
            &[
                ("Georgia", EntityType::Place),
                ("John Lewis", EntityType::Person),
            ],
        );
        check(
            "Georgia signed a deal with Russia.",
            &[
                ("Georgia", EntityType::Country),
                ("Russia", EntityType::Country),
            ],
        );
    }

    #[test]
    fn a_us_state_named_as_a_country_is_the_state_in_an_american_article() {
        check(
            "He moved to Atlanta from Syria. Georgia has taken in refugees, as has Ohio.",
            &[
                ("Georgia", EntityType::Place),
                ("Syria", EntityType::Country),
            ],
        );
        // Something of the country: a town of it, its demonym, or another country beside it.
        check(
            "Georgia sent troops from Tbilisi. Ohio sent none.",
            &[("Georgia", EntityType::Country)],
        );
        check(
            "Ukraine and Georgia want to join. Ohio voters shrugged.",
            &[("Georgia", EntityType::Country)],
        );
        check(
            "Georgian officials met in Ohio. Georgia wants to join NATO.",
            &[("Georgia", EntityType::Country)],
        );
        // No US state or town: the country.
        check(
            "Georgia signed a deal with Russia on Monday.",
            &[("Georgia", EntityType::Country)],
        );
    }

    fn res() -> Resources {
        Resources::load_default().unwrap()
    }

    #[test]
    fn titles_split_a_body_or_place_from_the_titled_name() {
        let res = res();
        let split = |words: &[&str], range: Range<usize>| {
            let m = Mention::new(range, EntityType::Person, MentionSource::Model);
            split_at_titles(&res, words, vec![m])
                .into_iter()
                .map(|m| {
                    (
                        words[m.tokens.clone()].join(" "),
                        m.etype,
                        m.canonical.unwrap_or_default(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            split(&["Ohio", "Gov.", "John", "Kasich", "spoke"], 0..4),
            vec![
                ("Ohio".into(), EntityType::Place, "Ohio".into()),
                ("John Kasich".into(), EntityType::Person, String::new()),
            ]
        );
        assert_eq!(
            split(&["said", "Army", "Capt.", "Lena", "Park"], 1..5),
            vec![
                ("Army".into(), EntityType::Organization, String::new()),
                ("Lena Park".into(), EntityType::Person, String::new()),
            ]
        );
        assert_eq!(
            split(&["Calif.", "Sen.", "Ana", "Ruiz"], 0..2),
            vec![("Calif.".into(), EntityType::Place, "California".into())]
        );
        // A title opening the mention, or none: the mention as it was.
        assert_eq!(split(&["Sen.", "Ana", "Ruiz"], 0..3).len(), 1);
    }

    #[test]
    fn titles_posts_expand_abbreviations_and_synonyms() {
        let res = res();
        assert_eq!(post_of(&res, "sen.").as_deref(), Some("senator"));
        assert_eq!(
            post_of(&res, "congresswoman").as_deref(),
            Some("representative")
        );
        assert_eq!(post_of(&res, "mayor").as_deref(), Some("mayor"));
        assert_eq!(
            post_of(&res, "secretary of state").as_deref(),
            Some("secretary of state")
        );
        assert_eq!(post_of(&res, "table"), None);
        assert!(is_abbreviated_title("Sen.") && is_abbreviated_title("Gov"));
        assert!(!is_abbreviated_title("Mr."));
    }

    fn nominals(text: &str) -> Vec<(String, String)> {
        let res = res();
        let words: Vec<&str> = text.split(' ').collect();
        let mut out = Vec::new();
        person_nominals(&res, &words, 0..words.len(), &mut out);
        out.into_iter()
            .map(|m| (words[m.tokens].join(" "), m.title.unwrap()))
            .collect()
    }

    #[test]
    fn titles_definite_posts_are_person_references() {
        assert_eq!(
            nominals("\" We do not see a link , \" the mayor said ."),
            [("the mayor".to_string(), "mayor".to_string())]
        );
        assert_eq!(
            nominals("the former secretary of state told reporters"),
            [(
                "the former secretary of state".to_string(),
                "secretary of state".to_string()
            )]
        );
        // A post of a named body, a post before a name, and no post at all.
        assert!(nominals("the president of Mexico said").is_empty());
        assert!(nominals("the mayor Bill de Blasio said").is_empty());
        assert!(nominals("the table said").is_empty());
        assert!(nominals("Ana Ruiz , the director , said").is_empty());
        assert!(nominals("the executive director at the centre said").is_empty());
    }

    #[test]
    fn titles_of_mentions_before_and_in_apposition() {
        let res = res();
        let words: Vec<&str> = "New York Mayor Bill de Blasio met Ana Ruiz , the group 's executive director , and Sen. Jo Lee"
            .split(' ')
            .collect();
        let sent = 0..words.len();
        let title = |r: Range<usize>| title_of_mention(&res, &words, &sent, &r);
        assert_eq!(title(3..6).as_deref(), Some("mayor"));
        assert_eq!(title(7..9).as_deref(), Some("executive director"));
        assert_eq!(title(18..20).as_deref(), Some("senator"));
        assert_eq!(title(0..2), None);
        // The name in apposition to a post before it.
        let words: Vec<&str> = "The company 's chief executive , Joost van Dam , said so"
            .split(' ')
            .collect();
        let sent = 0..words.len();
        assert_eq!(
            title_of_mention(&res, &words, &sent, &(6..9)).as_deref(),
            Some("chief executive")
        );
    }
}
