//! Posts: a title before or after a name, with the organisation or country it is held in
//! ("Italian Prime Minister Z", "Y, a spokesperson for X", "X's campaign director Y").

use super::context::{mentions_in, Ctx, PREPOSITIONS, TITLE_SKIP};
use crate::doc::{EntityType, MentionSource, Predicate};
use crate::nlp::cues::{is_possessive, is_quote_mark};
use crate::nlp::ner::tagged_name_end;
use std::ops::Range;

crate::words::list! {
    /// Titles of government posts, which belong to a country when no organisation is named.
    pub(super) GOVERNMENT_TITLES = "relations/government_titles.txt"
}

pub(super) fn is_government_title(title: &str) -> bool {
    let lower = title.to_lowercase();
    // "Government spokesman", "foreign ministry spokesman".
    if lower.contains("government") || lower.contains("ministry") {
        return true;
    }
    GOVERNMENT_TITLES
        .iter()
        .any(|t| lower == *t || lower.ends_with(&format!(" {t}")))
}

/// The country of the dateline city, which government posts default to.
pub(super) fn dateline_country(ctx: &Ctx) -> Option<usize> {
    let place = ctx.doc.metadata.dateline.as_deref()?;
    let lower = place.to_lowercase();
    let country = ctx
        .res
        .city_country
        .iter()
        .find(|(city, _)| city.to_lowercase() == lower)
        .map(|(_, c)| c.clone())?;
    ctx.country_named(&country)
}

/// The political party named at `token`, if one is.
fn party_at(ctx: &Ctx, token: usize) -> Option<usize> {
    ctx.entity_at(token)
        .filter(|&e| ctx.doc.entities[e].class.as_deref() == Some("PoliticalParty"))
}

pub(super) fn posts(ctx: &mut Ctx, sent: &Range<usize>, dateline_country: Option<usize>) {
    let doc = ctx.doc;
    for m in mentions_in(doc, sent) {
        if m.etype != EntityType::Person
            || m.source == MentionSource::Nominal
            || !sent.contains(&m.tokens.start)
        {
            continue;
        }
        let Some(person) = m.entity else { continue };
        // "Sen. Jo Doe (D-Md.)", "Al Roe, R-Texas,": the party of the tag after the name.
        let letter = m.tokens.end + 1;
        if let Some(party) = (letter < sent.end
            && tagged_name_end(doc, letter) == Some(m.tokens.end - 1))
        .then(|| party_at(ctx, letter))
        .flatten()
        {
            ctx.push(
                person,
                Predicate::AffiliatedWith,
                Some(party),
                None,
                m.tokens.start..letter + 1,
                0.9,
            );
        }
        // "The president of the Norwegian Football Federation Hilde Aasen": title, "of", the
        // organisation, then the name.
        if let Some(org_mention) = mentions_in(doc, sent)
            .iter()
            .find(|o| o.tokens.end == m.tokens.start && o.etype == EntityType::Organization)
        {
            let mut k = org_mention.tokens.start;
            if k > sent.start && ctx.word(k - 1).eq_ignore_ascii_case("the") {
                k -= 1;
            }
            let title = (k > sent.start && ctx.word(k - 1) == "of")
                .then(|| ctx.title_ending_at(k - 1, sent.start))
                .flatten();
            if let (Some((t_start, title)), Some(org)) = (title, org_mention.entity) {
                ctx.push(
                    person,
                    Predicate::AffiliatedWith,
                    Some(org),
                    Some(title),
                    t_start..m.tokens.end,
                    0.85,
                );
                continue;
            }
        }
        // Title before the name, or before it across a comma ("Its spokeswoman, Maria
        // Zakharova, said").
        let title_before = ctx.title_ending_at(m.tokens.start, sent.start).or_else(|| {
            let comma = m
                .tokens
                .start
                .checked_sub(1)
                .filter(|&c| c > sent.start && ctx.word(c) == ",")?;
            ctx.title_ending_at(comma, sent.start)
                .filter(|&(t_start, _)| !fronted_phrase(ctx, sent, t_start, m.tokens.end))
        });
        if let Some((t_start, mut title)) = title_before {
            let mut k = t_start;
            while k > sent.start && TITLE_SKIP.contains(&ctx.word(k - 1).to_lowercase().as_str()) {
                k -= 1;
            }
            // "Its port coordinator": a lower-case word between the owner and the title is
            // part of the post.
            let owner_at = |j: usize| {
                j > sent.start
                    && (is_possessive(ctx.word(j - 1))
                        || matches!(ctx.word(j - 1), "Its" | "its" | "Their" | "their"))
            };
            if k > sent.start + 1
                && !owner_at(k)
                && owner_at(k - 1)
                && ctx.word(k - 1).chars().all(|c| c.is_lowercase())
            {
                title = format!("{} {title}", ctx.word(k - 1));
                k -= 1;
            }
            let mut org = None;
            let mut conf = 0.9;
            if k > sent.start + 1 && is_possessive(ctx.word(k - 1)) {
                org = ctx.entity_at(k - 2);
            } else if k > sent.start && matches!(ctx.word(k - 1), "Its" | "its" | "Their" | "their")
            {
                // "Its spokeswoman": the organisation the sentence before is about.
                org = crate::nlp::cues::pronoun_antecedent(doc, k - 1);
            } else if k > sent.start {
                if let Some(e) = ctx.entity_at(k - 1) {
                    if matches!(ctx.etype(e), EntityType::Country | EntityType::Organization) {
                        org = Some(e);
                        if ctx.etype(e) == EntityType::Country {
                            // "Swedish Prime Minister X": a stated demonym gives nationality too.
                            ctx.push(
                                person,
                                Predicate::Nationality,
                                Some(e),
                                None,
                                k - 1..m.tokens.end,
                                0.6,
                            );
                        }
                    }
                }
            }
            // "Y, Interior Minister of X" style: an organisation right after "of/at/for".
            if org.is_none() && is_government_title(&title) {
                org = sentence_country(ctx, sent, m.tokens.start)
                    .or_else(|| previous_sentence_country(ctx, sent))
                    .or(dateline_country);
                conf = 0.7;
            }
            if let Some(org) = org {
                if matches!(
                    ctx.etype(org),
                    EntityType::Country | EntityType::Organization
                ) {
                    let evidence = k.saturating_sub(2).max(sent.start)..m.tokens.end;
                    ctx.push(
                        person,
                        Predicate::AffiliatedWith,
                        Some(org),
                        Some(title),
                        evidence,
                        conf,
                    );
                    continue;
                }
            }
            // A title with no body before the name ("Rabbi Marvin Hier, the founder of the
            // Simon Wiesenthal Center"): the apposition after it may name one.
        }
        // "Democrat Hillary Clinton", "Republican Ted Cruz": a party named right before the
        // name, no title between, is the person's party.
        if let Some(party) = m
            .tokens
            .start
            .checked_sub(1)
            .filter(|&t| t >= sent.start)
            .and_then(|t| party_at(ctx, t))
        {
            ctx.push(
                person,
                Predicate::AffiliatedWith,
                Some(party),
                None,
                m.tokens.start - 1..m.tokens.end,
                0.85,
            );
            continue;
        }
        // "Y, who heads X": a verb of leadership.
        let k = m.tokens.end;
        if k + 3 < sent.end && ctx.word(k) == "," && ctx.word(k + 1) == "who" {
            let role = match ctx.word(k + 2) {
                "heads" | "headed" => Some("head"),
                "leads" | "led" => Some("leader"),
                "chairs" | "chaired" => Some("chair"),
                "founded" => Some("founder"),
                "runs" | "ran" => Some("head"),
                _ => None,
            };
            let mut j = k + 3;
            if j < sent.end && ctx.word(j) == "the" {
                j += 1;
            }
            if let (Some(role), Some(org)) = (role, ctx.entity_at(j)) {
                if ctx.etype(org) == EntityType::Organization {
                    ctx.push(
                        person,
                        Predicate::AffiliatedWith,
                        Some(org),
                        Some(role.to_string()),
                        m.tokens.start..j + 1,
                        0.8,
                    );
                    continue;
                }
            }
        }
        // Apposition: "Y, (a|the) TITLE (of|for|at) X" or "Y, X's TITLE".
        let mut k = m.tokens.end;
        if k < sent.end && ctx.word(k) == "," {
            k += 1;
            if k < sent.end && matches!(ctx.word(k), "a" | "an" | "the") {
                k += 1;
            }
            // "a senior Defense Ministry official": lower-case modifiers before the body.
            let mut b = k;
            while b < (k + 2).min(sent.end)
                && ctx.word(b).chars().all(|c| c.is_lowercase() || c == '-')
                && ctx.entity_at(b).is_none()
                && title_from(ctx, b, sent.end).is_none()
            {
                b += 1;
            }
            if b > k && ctx.entity_at(b).is_some() {
                k = b;
            }
            // X's TITLE
            if let Some(org) = ctx.entity_at(k) {
                let org_end = ctx.mention_at(k).map_or(k + 1, |om| om.tokens.end);
                let title_start = if org_end < sent.end && is_possessive(ctx.word(org_end)) {
                    org_end + 1
                } else {
                    org_end
                };
                if matches!(
                    ctx.etype(org),
                    EntityType::Country | EntityType::Organization
                ) {
                    if let Some((title, t_end)) = title_from(ctx, title_start, sent.end) {
                        ctx.push(
                            person,
                            Predicate::AffiliatedWith,
                            Some(org),
                            Some(title),
                            m.tokens.start..t_end,
                            0.85,
                        );
                    }
                }
                continue;
            }
            if let Some((title, t_end)) = title_from(ctx, k, sent.end) {
                // The body after "of", "for", "at" in the apposition: right after the title,
                // or after what the post is of ("a professor of political science at Queens
                // College").
                let close = (t_end..(t_end + 12).min(sent.end))
                    .find(|&t| matches!(ctx.word(t), "," | "." | ";" | "and" | "who"))
                    .unwrap_or((t_end + 12).min(sent.end));
                let at = (t_end..close).find(|&t| {
                    matches!(ctx.word(t), "of" | "for" | "at" | "with" | "to")
                        && (t + 1..(t + 3).min(close)).any(|o| {
                            ctx.entity_at(o).is_some_and(|e| {
                                matches!(ctx.etype(e), EntityType::Organization)
                                    || (t == t_end && ctx.etype(e) == EntityType::Country)
                            })
                        })
                });
                if let Some(mut j) = at {
                    j += 1;
                    if j < sent.end && ctx.word(j) == "the" {
                        j += 1;
                    }
                    if let Some(org) = ctx.entity_at(j) {
                        if matches!(
                            ctx.etype(org),
                            EntityType::Country | EntityType::Organization
                        ) {
                            let end = ctx.mention_at(j).map_or(j + 1, |om| om.tokens.end);
                            ctx.push(
                                person,
                                Predicate::AffiliatedWith,
                                Some(org),
                                Some(title),
                                m.tokens.start..end,
                                0.85,
                            );
                        }
                    }
                }
            }
        }
    }
}

/// Is the title at `t_start`, before a comma and the name ending at `name_end`, inside a phrase
/// a preposition opens, with the name going on as the clause's subject ("Regarding the
/// Democratic front-runner, Westmacott said")? An apposition inside such a phrase closes with
/// a comma or the sentence ("met with the foreign minister, Sergei Lavrov, on Tuesday").
fn fronted_phrase(ctx: &Ctx, sent: &Range<usize>, t_start: usize, name_end: usize) -> bool {
    let mut j = t_start;
    while j > sent.start {
        let w = ctx.word(j - 1);
        let in_phrase = TITLE_SKIP.contains(&w.to_lowercase().as_str())
            || matches!(w.to_lowercase().as_str(), "the" | "a" | "an")
            || is_possessive(w)
            || ctx.entity_at(j - 1).is_some();
        if !in_phrase {
            break;
        }
        j -= 1;
    }
    let opened = j > sent.start && PREPOSITIONS.contains(&ctx.word(j - 1).to_lowercase().as_str());
    let goes_on = name_end < sent.end && ctx.word(name_end).chars().any(char::is_alphanumeric);
    opened && goes_on
}

/// A title starting at `start`: the longest run of words that is a known title, allowing
/// lower-case modifiers before a known head ("campaign director", "senior researcher").
pub(super) fn title_from(ctx: &Ctx, start: usize, floor_end: usize) -> Option<(String, usize)> {
    let mut k = start;
    while k < floor_end && TITLE_SKIP.contains(&ctx.word(k).to_lowercase().as_str()) {
        k += 1;
    }
    let mut best = None;
    for len in 1..=ctx.res.max_title_len + 2 {
        let end = k + len;
        if end > floor_end {
            break;
        }
        let lower = ctx.doc.tokens_text(&(k..end)).to_lowercase();
        let last = ctx.word(end - 1).to_lowercase();
        if ctx.res.is_title(&lower) || (ctx.res.is_title(&last) && len <= 3) {
            best = Some(end);
        }
    }
    let end = best?;
    Some((ctx.doc.tokens_text(&(k..end)).to_string(), end))
}

/// The first country of the sentence before, which a post in this one may continue ("Mali's
/// government rejected the report. Government spokesman X said …").
pub(super) fn previous_sentence_country(ctx: &Ctx, sent: &Range<usize>) -> Option<usize> {
    let s = ctx.doc.sentence_of(sent.start).checked_sub(1)?;
    let prev = ctx.doc.sentences[s].clone();
    // Only a country whose government that sentence speaks of ("Mali's government", "the
    // Kenyan government"), not any country it names.
    prev.clone().find_map(|t| {
        let e = ctx
            .entity_at(t)
            .filter(|&e| ctx.etype(e) == EntityType::Country)?;
        let ends = ctx.mention_at(t).is_some_and(|m| m.tokens.end == t + 1);
        let word = |k: usize| if k < prev.end { ctx.word(k) } else { "" };
        // "Mali's transitional government"; "Burma's de facto leader" is no government the
        // next sentence's president is of.
        let government = |k: usize| matches!(word(k), "government" | "authorities");
        let governs = government(t + 1)
            || (is_possessive(word(t + 1))
                && (t + 2..t + 5)
                    .take_while(|&k| k == t + 2 || word(k - 1).chars().all(char::is_lowercase))
                    .any(government));
        (ends && governs).then_some(e)
    })
}

/// The country a government post belongs to when the title names none: the nearest country
/// before it in its clause, else the country the sentence is about ("In Italy, … but last week
/// Interior Minister X said"), else none.
pub(super) fn sentence_country(ctx: &Ctx, sent: &Range<usize>, before: usize) -> Option<usize> {
    let clause_start = (sent.start..before)
        .rev()
        .find(|&t| matches!(ctx.word(t), "but" | ";" | "while" | "whereas"))
        .map_or(sent.start, |t| t + 1);
    let is_country = |e: &usize| ctx.etype(*e) == EntityType::Country;
    // Not a country in a quotation, nor where something happened or what something is
    // compared with ("unlike in Cuba or Iran, President Obama's decision", "… pressure from
    // China," said X, who served under President Y): the post's country is not in a phrase
    // a preposition opens.
    let quote_marks = |t: usize| (t..before).filter(|&k| is_quote_mark(ctx.word(k))).count();
    let governing = |t: &usize| {
        ctx.mention_at(*t).is_some_and(|m| m.tokens.end == t + 1)
            && quote_marks(*t) % 2 == 0
            && !in_prepositional_phrase(ctx, sent, *t)
    };
    let country_before = |from: usize| {
        (from..before)
            .rev()
            .filter(governing)
            .filter_map(|t| ctx.entity_at(t))
            .find(is_country)
    };
    country_before(clause_start)
        .or_else(|| {
            (ctx.word(sent.start) == "In")
                .then(|| ctx.entity_at(sent.start + 1))
                .flatten()
                .filter(is_country)
        })
        .or_else(|| country_before(sent.start))
}

/// Is the mention ending at token `t` the object of a preposition, itself or coordinated with
/// one ("in Cuba or Iran")?
fn in_prepositional_phrase(ctx: &Ctx, sent: &Range<usize>, t: usize) -> bool {
    let mut start = ctx.mention_at(t).map_or(t, |m| m.tokens.start);
    loop {
        if start <= sent.start {
            return false;
        }
        let w = ctx.word(start - 1);
        if PREPOSITIONS.contains(&w.to_lowercase().as_str()) {
            return true;
        }
        let coordinated = matches!(w, "or" | "and" | ",")
            && start >= sent.start + 2
            && ctx.entity_at(start - 2).is_some();
        if !coordinated {
            return false;
        }
        start = ctx
            .mention_at(start - 2)
            .map_or(start - 2, |m| m.tokens.start);
    }
}

#[cfg(test)]
mod tests {

    use crate::nlp::relations::testing::{check, triples};

    #[test]
    fn relations_no_post_from_a_phrase_a_preposition_opens() {
        // The title is in a phrase "Regarding" opens, the name goes on as the subject.
        let got =
            triples("Regarding the Democratic front-runner, Westmacott said the race was open.");
        assert!(
            !got.iter()
                .any(|(s, p, _)| s == "Westmacott" && p == "affiliatedWith"),
            "{got:?}"
        );
        // An apposition inside a phrase closes with a comma: the post stands.
        check(
            "He met with the Russian foreign minister, Sergei Lavrov, on Tuesday.",
            &[(
                "Sergei Lavrov",
                "affiliatedWith",
                "Russia",
                Some("foreign minister"),
            )],
        );
        // Lower-case words before a capitalised title are no part of it.
        let got = triples("The CBS drama follows Secretary of State Elizabeth McCord.");
        assert!(
            !got.iter()
                .any(|(s, _, o)| s == "Elizabeth McCord" && o == "CBS"),
            "{got:?}"
        );
    }

    #[test]
    fn relations_government_title_takes_no_country_of_a_phrase_or_quotation() {
        let got = triples(
            "But unlike in Cuba or Iran, President Ana Lopez's decision won support. \
             \"They saw it as pressure from China,\" said Jo Roe, who served under President \
             Carl Novak.",
        );
        assert!(
            !got.iter().any(|(_, p, o)| p == "affiliatedWith"
                && matches!(o.as_str(), "Iran" | "Cuba" | "China")),
            "{got:?}"
        );
        // The sentence before speaks of a country's leader, not of its government.
        let got = triples(
            "Ana Lopez visited as Burma's de facto leader. President Carl Novak praised her.",
        );
        assert!(
            !got.iter()
                .any(|(s, p, _)| s == "Carl Novak" && p == "affiliatedWith"),
            "{got:?}"
        );
        check(
            "Mali's transitional government rejected it. Government spokesman Ali Traore said so.",
            &[(
                "Ali Traore",
                "affiliatedWith",
                "Mali",
                Some("Government spokesman"),
            )],
        );
    }

    #[test]
    fn relations_apposition_after_a_bare_title() {
        check(
            "Rabbi Marvin Hier, the founder of the Simon Wiesenthal Center, has said so.",
            &[(
                "Marvin Hier",
                "affiliatedWith",
                "Simon Wiesenthal Center",
                Some("founder"),
            )],
        );
    }

    #[test]
    fn relations_party_tag_after_a_name() {
        check(
            "Sen. Jo Doe (D-Md.) and Rep. Al Roe, R-Texas, met on Monday.",
            &[
                ("Jo Doe", "affiliatedWith", "Democratic Party", None),
                ("Al Roe", "affiliatedWith", "Republican Party", None),
            ],
        );
        // The tag ties its party to its own name only.
        let doc = crate::nlp::relations::testing::run(
            "Sen. Jo Doe (D-Md.) and Rep. Al Roe, R-Texas, met on Monday.",
        );
        let parties: Vec<(&str, &str)> = doc
            .relations
            .iter()
            .filter_map(|r| {
                Some((
                    doc.entities[r.subject].name.as_str(),
                    doc.entities[r.object?].name.as_str(),
                ))
            })
            .collect();
        assert_eq!(parties.len(), 2, "{parties:?}");
    }

    #[test]
    fn relations_party_before_a_name() {
        check(
            "Democrat Hillary Clinton will win, said Republican front-runner Donald Trump.",
            &[
                (
                    "Hillary Clinton",
                    "affiliatedWith",
                    "Democratic Party",
                    None,
                ),
                (
                    "Donald Trump",
                    "affiliatedWith",
                    "Republican Party",
                    Some("front-runner"),
                ),
            ],
        );
    }

    #[test]
    fn relations_possessive_title() {
        check(
            "The Open Borders Foundation's policy director Maria Lopez spoke.",
            &[(
                "Maria Lopez",
                "affiliatedWith",
                "Open Borders Foundation",
                Some("policy director"),
            )],
        );
    }

    #[test]
    fn relations_country_possessive_and_demonym_titles() {
        check(
            "Kenya's new Prime Minister Daniel Otieno arrived.",
            &[(
                "Daniel Otieno",
                "affiliatedWith",
                "Kenya",
                Some("Prime Minister"),
            )],
        );
        check(
            "Swedish Foreign Minister Lars Berg spoke.",
            &[
                (
                    "Lars Berg",
                    "affiliatedWith",
                    "Sweden",
                    Some("Foreign Minister"),
                ),
                ("Lars Berg", "nationality", "Sweden", None),
            ],
        );
    }

    #[test]
    fn relations_government_title_takes_sentence_country() {
        check(
            "In Peru, Interior Minister Jose Rivas said police were ready.",
            &[(
                "Jose Rivas",
                "affiliatedWith",
                "Peru",
                Some("Interior Minister"),
            )],
        );
    }

    #[test]
    fn relations_apposition_title_for_org() {
        check(
            "Maria Lopez, a spokesperson for the Open Borders Foundation, declined.",
            &[(
                "Maria Lopez",
                "affiliatedWith",
                "Open Borders Foundation",
                Some("spokesperson"),
            )],
        );
        // What the post is of comes between the title and the body.
        check(
            "Maria Lopez, a professor of political science at Korvala University, died.",
            &[(
                "Maria Lopez",
                "affiliatedWith",
                "Korvala University",
                Some("professor"),
            )],
        );
        // Lower-case modifiers before the body and its title.
        check(
            "Maria Lopez, a senior Defense Ministry official, spoke.",
            &[(
                "Maria Lopez",
                "affiliatedWith",
                "Defense Ministry",
                Some("official"),
            )],
        );
    }

    #[test]
    fn relations_title_of_organisation_before_name() {
        check(
            "The chief executive of the Korvala Refugee Council Anna Berg said the plan failed.",
            &[(
                "Anna Berg",
                "affiliatedWith",
                "Korvala Refugee Council",
                Some("chief executive"),
            )],
        );
        // The owner, a lower-case word of the post, the title, then the name.
        check(
            "The Korvala Workers Union met on Monday. Its port coordinator, Ana Berg, said \
             members would not accept the plan.",
            &[
                (
                    "Ana Berg",
                    "affiliatedWith",
                    "Korvala Workers Union",
                    Some("port coordinator"),
                ),
                ("Ana Berg", "said", "", None),
            ],
        );
    }

    #[test]
    fn relations_team_title_before_name() {
        check(
            "Sweden defeated Denmark 2 - 1 in the qualifying match. Denmark coach Peter Lund said the penalty in the 80th minute came after the referee checked the goal.",
            &[("Peter Lund", "affiliatedWith", "Denmark", Some("coach"))],
        );
    }
}
