//! Party tags after a politician's name, as US news writes them: "Sen. Jo Doe (D-Md.)",
//! "Al Roe, R-Texas, said". The letter is a mention of the party ("D" the Democratic Party,
//! "R" the Republican Party; "I", an independent, names none) and the state one of the state,
//! each named and identified as the gazetteers name them ("Md." is Maryland). A state's
//! nickname ("the Granite State") is a mention of the state, and so is its abbreviation after
//! a city ("Salem, N.H.", "Austin, TX").

use super::gazetteer::known_as;
use super::words::STATE_NICKNAMES;
use crate::doc::{Doc, EntityType, Mention, MentionSource};
use crate::nlp::resources::{GazEntry, Resources};
use crate::nlp::tokenize::us_state;
use std::ops::Range;

/// The party a tag's letter stands for.
fn party_of(letter: &str) -> Option<&'static str> {
    match letter {
        "D" => Some("Democratic Party"),
        "R" => Some("Republican Party"),
        _ => None,
    }
}

/// A mention of what the gazetteers call `name` (of type `etype`), or of that name as given.
fn named(res: &Resources, tokens: Range<usize>, name: &str, etype: EntityType) -> Mention {
    let entry: Option<&GazEntry> = res
        .lookup(name)
        .and_then(|entries| entries.iter().find(|e| e.etype == etype));
    let mut m = Mention::new(tokens, etype, MentionSource::Gazetteer);
    match entry {
        Some(e) => known_as(&mut m, e),
        None => m.canonical = Some(name.to_string()),
    }
    m
}

/// Does a party tag open at token `k` (its letter, after "(" or ",", before "-")?
fn tag_letter(doc: &Doc, k: usize) -> bool {
    k >= 1
        && k + 1 < doc.tokens.len()
        && matches!(doc.token_text(k), "D" | "R" | "I")
        && doc.token_text(k + 1) == "-"
        && matches!(doc.token_text(k - 1), "(" | ",")
}

/// Is the mention at `tokens` a party tag's letter or state ("D", "Md." in "(D-Md.)")? Such a
/// mention is tied to the name before the tag and to nothing else in its sentence.
pub fn in_party_tag(doc: &Doc, tokens: &Range<usize>) -> bool {
    tag_letter(doc, tokens.start)
        || (tokens.start >= 2
            && doc.token_text(tokens.start - 1) == "-"
            && tag_letter(doc, tokens.start - 2))
}

/// The token before a party tag's opening bracket or comma, when the tag's letter is `k`: the
/// last word of the name it follows.
pub fn tagged_name_end(doc: &Doc, k: usize) -> Option<usize> {
    (tag_letter(doc, k) && k >= 2).then(|| k - 2)
}

/// The party and state mentions of the party tags of a sentence.
pub(super) fn party_tag_mentions(
    res: &Resources,
    words: &[&str],
    sent: Range<usize>,
    out: &mut Vec<Mention>,
) {
    for k in sent.start + 1..sent.end.saturating_sub(2) {
        let opener = words[k - 1];
        if !matches!(words[k], "D" | "R" | "I")
            || words[k + 1] != "-"
            || !matches!(opener, "(" | ",")
        {
            continue;
        }
        let closer = if opener == "(" { ")" } else { "," };
        let Some(end) = (k + 2..sent.end.min(k + 6)).find(|&j| words[j] == closer) else {
            continue;
        };
        let written = words[k + 2..end].join(" ");
        let Some(state) = us_state(&written) else {
            continue;
        };
        if let Some(party) = party_of(words[k]) {
            out.push(named(res, k..k + 1, party, EntityType::Organization));
        }
        out.push(named(res, k + 2..end, state, EntityType::Place));
    }
}

/// The states a sentence names by their abbreviation after a city ("Salem, N.H., resident",
/// "Rhinelander, Wis." at the end of a sentence, whose dot the sentence took).
pub(super) fn city_state_mentions(
    res: &Resources,
    words: &[&str],
    sent: Range<usize>,
    out: &mut Vec<Mention>,
) {
    for k in sent.start + 2..sent.end {
        let city = words[k - 2];
        if words[k - 1] != "," || !city.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let next = words.get(k + 1).filter(|_| k + 1 < sent.end).copied();
        // A postal code is a state only where a word could not go on ("Austin, TX, said").
        let ends = next.is_none_or(|w| matches!(w, "," | "." | ")" | ";" | ":"));
        let written = words[k];
        // A dot right after the abbreviation is its own ("Carson, Calif., said"; "DECATUR, Ill.
        // —"; "Rhinelander, Wis." at a sentence's end): the mention takes it, as a name the
        // tagger reads with its dot would.
        // ("W.Va" of "FAIRVIEW, W.Va.": inner dots, and the last one split off.)
        let dotted = (words.get(k + 1) == Some(&".") && us_state(written).is_none())
            .then(|| us_state(&format!("{written}.")))
            .flatten();
        // The dot goes with the mention unless the sentence ended before it.
        let with_dot = if next.is_some() { k + 2 } else { k + 1 };
        let (state, end) = match dotted {
            Some(state) => (Some(state), with_dot),
            None if written.contains('.') || written.len() > 2 || ends => {
                (us_state(written), k + 1)
            }
            None => (None, k + 1),
        };
        // "W.Va." read as an initial and a word: the two, and the dot after them.
        let split = (state.is_none() && written.ends_with('.') && k + 1 < sent.end)
            .then(|| {
                let joined = format!("{written}{}", words[k + 1]);
                let dot = k + 2 < sent.end && words[k + 2] == ".";
                us_state(&joined).map(|s| (s, k + 2)).or_else(|| {
                    dot.then(|| us_state(&format!("{joined}.")))
                        .flatten()
                        .map(|s| (s, k + 3))
                })
            })
            .flatten();
        let (state, end) = match split {
            Some((s, e)) => (Some(s), e),
            None => (state, end),
        };
        if let Some(state) = state.filter(|s| *s != written) {
            out.push(named(res, k..end, state, EntityType::Place));
        }
    }
}

/// The states named by an abbreviation of their own: in brackets after a name ("Sen. Jo Doe
/// (Fla.)", as news writes a senator's state without the party), or written with inner dots
/// anywhere ("the N.H. primary"), which no other word is.
pub(super) fn state_abbreviation_mentions(
    res: &Resources,
    words: &[&str],
    sent: Range<usize>,
    out: &mut Vec<Mention>,
) {
    for k in sent.clone() {
        let written = words[k];
        if !written.starts_with(|c: char| c.is_ascii_uppercase()) {
            continue;
        }
        // The abbreviation as written, or with the dot the tokenizer split off.
        let dot = k + 1 < sent.end && words[k + 1] == ".";
        let (state, end) = match us_state(written) {
            Some(state) if written.contains('.') => (state, k + 1),
            _ => match dot.then(|| us_state(&format!("{written}."))).flatten() {
                Some(state) => (state, k + 2),
                None => continue,
            },
        };
        let bracketed = k > sent.start && words[k - 1] == "(" && words.get(end) == Some(&")");
        // "D.C." is the city's ("Washington, D.C."), not a state of its own.
        let inner_dots =
            written.trim_end_matches('.').contains('.') && state != "District of Columbia";
        if bracketed || inner_dots {
            out.push(named(res, k..end, state, EntityType::Place));
        }
    }
}

/// The states a sentence names by nickname ("the Hoosier State" is Indiana).
pub(super) fn nickname_mentions(words: &[&str], sent: Range<usize>, out: &mut Vec<Mention>) {
    for k in sent.clone() {
        if !words[k].chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        for (nickname, state) in STATE_NICKNAMES.iter() {
            if !nickname.starts_with(words[k]) {
                continue;
            }
            let n = nickname.split(' ').count();
            if k + n <= sent.end && nickname.split(' ').eq(words[k..k + n].iter().copied()) {
                let mut m = Mention::new(k..k + n, EntityType::Place, MentionSource::Gazetteer);
                m.canonical = Some(state.to_string());
                out.push(m);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::doc::EntityType;
    use crate::nlp::ner::testing::run;

    /// Is `surface` among `got` as a place named `state`?
    fn assert_state(got: &[(String, EntityType, Option<String>)], surface: &str, state: &str) {
        assert!(
            got.iter().any(|(s, t, c)| s == surface
                && *t == EntityType::Place
                && c.as_deref() == Some(state)),
            "{surface}: {got:?}"
        );
    }

    fn mentions(text: &str) -> Vec<(String, EntityType, Option<String>)> {
        let doc = run(text);
        doc.mentions
            .iter()
            .enumerate()
            .map(|(i, m)| {
                (
                    doc.mention_text(i).to_string(),
                    m.etype,
                    m.canonical.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn ner_party_tags_name_the_party_and_the_state() {
        let got =
            mentions("Sen. Jo Doe (D-Md.) and Rep. Al Roe, R-Texas, met Sen. Bo Poe (I-Vt.).");
        for (surface, etype, canonical) in [
            ("D", EntityType::Organization, "Democratic Party"),
            ("Md.", EntityType::Place, "Maryland"),
            ("R", EntityType::Organization, "Republican Party"),
            ("Texas", EntityType::Place, "Texas"),
            ("Vt.", EntityType::Place, "Vermont"),
        ] {
            assert!(
                got.iter().any(|(s, t, c)| s == surface
                    && *t == etype
                    && c.as_deref() == Some(canonical)),
                "{surface}: {got:?}"
            );
        }
        assert!(!got.iter().any(|(s, _, _)| s == "I"), "{got:?}");
        let got = mentions("Voters in the Granite State went to the polls.");
        assert!(
            got.iter().any(|(s, t, c)| s == "Granite State"
                && *t == EntityType::Place
                && c.as_deref() == Some("New Hampshire")),
            "{got:?}"
        );
        let got = mentions(
            "A Salem, N.H., resident wrote from Rhinelander, Wis.\n\nHe spoke in Austin, TX, today. \
             The museum in Springfield, Va., opened.",
        );
        for (surface, state) in [
            ("N.H.", "New Hampshire"),
            ("Wis.", "Wisconsin"),
            ("TX", "Texas"),
            ("Va.", "Virginia"),
        ] {
            assert_state(&got, surface, state);
        }
        // The abbreviation takes its dot wherever a name goes on ("Carson, Calif., said";
        // "DECATUR, Ill. —"); in brackets after a name, and written with inner dots anywhere,
        // it is a state without a city.
        let got = mentions(
            "DECATUR, Ill. — Sen. Jo Doe (Fla.) spoke in Carson, Calif., on the N.H. primary \
             in Washington, D.C., and in D.C. (CA) and (Del) were read.\n\nFAIRVIEW, W.Va. — Mines \
             closed.",
        );
        for (surface, state) in [
            ("Ill.", "Illinois"),
            ("W.Va.", "West Virginia"),
            ("Fla.", "Florida"),
            ("Calif.", "California"),
            ("N.H.", "New Hampshire"),
        ] {
            assert_state(&got, surface, state);
        }
        // A postal code or an undotted word in brackets is no state: "(CA)" may abbreviate
        // anything.
        assert!(
            !got.iter()
                .any(|(s, _, c)| matches!(s.as_str(), "CA" | "Del") && c.is_some()),
            "{got:?}"
        );
        // "D.C." is the capital's, as the gazetteer has it, in brackets or not.
        assert!(
            !got.iter()
                .any(|(_, _, c)| c.as_deref() == Some("District of Columbia")),
            "{got:?}"
        );
        // A postal code is a state only where no word goes on after it.
        let got = mentions("Jo Roe, IN charge of the fund, and Al Poe, OR a friend, spoke.");
        assert!(
            !got.iter()
                .any(|(_, _, c)| matches!(c.as_deref(), Some("Indiana" | "Oregon"))),
            "{got:?}"
        );
        // Not a tag: no state after the hyphen, or no bracket or comma before the letter.
        let got = mentions("The D-Day landings (R-Zorblax) were remembered.");
        assert!(!got.iter().any(|(s, _, _)| s == "R" || s == "D"), "{got:?}");
    }
}
