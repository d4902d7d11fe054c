//! The capitalisation and context rules: names typed by their head word ("… Ministry",
//! "… Initiative"), after a title, or in an apposition; and, without a model, every
//! capitalised sequence the gazetteers left.

use super::features::DocContext;
use super::shape::{has_digit, is_cap};
use super::spans::{
    classify_by_head, cut_post, names_a_town, org_apposition, person_tail, split_span, strip_title,
    titles_a_person, trim_tail,
};
use super::words::{
    APPOSITION_ENDS, BODY_POSTS, CALENDAR, COMMON_ACRONYMS, CONNECTORS, FUNCTION_WORDS,
    GENERIC_BODIES, HEADLINE_WORDS, NOMINAL_HEADS,
};
use crate::doc::{EntityType, Mention, MentionSource};
use crate::nlp::resources::Resources;
use std::ops::Range;

/// Lower-case head nouns that complete a capitalised organisation name.
pub(super) const LOWER_ORG_HEADS: [&str; 8] = [
    "coalition",
    "alliance",
    "movement",
    "party",
    "group",
    "militia",
    "network",
    "bloc",
];

/// Capitalised sequences the other layers did not cover.
pub(super) fn rule_mentions(
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
        // "Rosette Pambakian, a Tinder spokeswoman", "an Acme engineer": a name between an
        // article and a title is the body the post is held in, unless it is someone's name
        // ("a Trump adviser", "an Obama aide").
        let org_before_title = range.len() <= 3
            && matches!(before.as_deref(), Some("a" | "an" | "the"))
            && BODY_POSTS.contains(&after)
            && !range.clone().any(|k| {
                words[k].contains('-')
                    || res.surnames.contains(words[k])
                    || res.first_names.contains(words[k])
                    || ctx.is_surname_here(words[k])
            });
        let first = words[range.start];
        let after_title =
            title_len > 0 || before.as_deref().is_some_and(|b| titles_a_person(res, b));
        // Evidence the model does not weigh as well: a head word, a title, an apposition, or
        // a known given name opening a multi-word name.
        let by_head = classify_by_head(res, words, &range);
        let person_apposition = (age_after || title_apposition) && range.len() <= 3;
        let strong = by_head.is_some()
            || org_apposition
            || org_before_title
            || person_apposition
            || after_title
            || (range.len() >= 2 && res.first_names.contains(first));
        if strong_only && !strong {
            continue;
        }
        let etype_class = by_head.or_else(|| {
            if org_apposition || before_post || org_before_title {
                return Some((EntityType::Organization, None));
            }
            let all_caps = first.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && first.chars().all(|c| !c.is_lowercase());
            if names_a_town(words, &range) {
                Some((EntityType::Place, None))
            } else if after_title || person_apposition || res.first_names.contains(first) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::ner::testing::*;

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
    fn ner_rules_split_a_known_body_and_an_institution() {
        check(
            "They doubted the FBI and Justice Department decision.",
            &[
                ("FBI", EntityType::Organization),
                ("Justice Department", EntityType::Organization),
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
    fn ner_company_heads_end_a_longer_name_only() {
        check(
            "Lithuanian Energy Minister Ana Ruiz praised Zorblax Partners; Quallit Coal agreed.",
            &[
                ("Zorblax Partners", EntityType::Organization),
                ("Quallit Coal", EntityType::Organization),
            ],
        );
        let res = Resources::load_default().unwrap();
        let head = |text: &str| {
            let words: Vec<&str> = text.split(' ').collect();
            classify_by_head(&res, &words, &(0..words.len()))
        };
        assert_eq!(
            head("Zorblax Partners"),
            Some((EntityType::Organization, Some("Company".to_string())))
        );
        // Alone, or opening the name, such a word types nothing; "Ministry" still does.
        assert_eq!(head("Energy"), None);
        assert_eq!(head("Capital of Zorblax"), None);
        assert!(head("Ministry of Zorblax").is_some());
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
    fn ner_name_between_an_article_and_a_post_is_the_body() {
        check(
            "Mara Kessel, a Zorvex spokeswoman, said the app bans spam.",
            &[("Zorvex", EntityType::Organization)],
        );
        // Someone's name, a descriptor or a demonym before the post is no body.
        for text in [
            "Lena Brandt spoke. Tom Ruiz, a Brandt spokesman, agreed.",
            "Tom Ruiz, a Latino activist, agreed.",
            "Tom Ruiz, an Indiana-born executive, agreed.",
        ] {
            let doc = run(text);
            let orgs: Vec<&str> = (0..doc.mentions.len())
                .filter(|&i| doc.mentions[i].etype == EntityType::Organization)
                .map(|i| doc.mention_text(i))
                .collect();
            assert!(orgs.is_empty(), "{text}: {orgs:?}");
        }
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
    fn ner_rules_strip_titles_and_type_by_head() {
        // An organisation head, "of" and a place are one organisation.
        check(
            "Ana Korbin teaches at the University of Lyon.",
            &[("University of Lyon", EntityType::Organization)],
        );
        // So is a name the head word ends, "of" and a place.
        check(
            "Ana Korbin spoke for the Zorblax Policy Institute of California.",
            &[(
                "Zorblax Policy Institute of California",
                EntityType::Organization,
            )],
        );
        // A university's campus after "at" ends its name.
        check(
            "Ana Korbin teaches at the University of Lyon at Villeurbanne.",
            &[(
                "University of Lyon at Villeurbanne",
                EntityType::Organization,
            )],
        );
        // A title word after a connector is the name's noun, no post cut off it.
        check(
            "His donors include the Zorblax Association for Justice, which represents lawyers.",
            &[("Zorblax Association for Justice", EntityType::Organization)],
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
}
