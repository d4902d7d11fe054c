//! The word lists the NER stage reads, each a file under `data/words/ner/` (see
//! `data/README.md`).

use crate::doc::EntityType;
use crate::words;
use std::sync::LazyLock;

crate::words::list! {
    /// Verbs that may follow a nominal subject ("the NGO says"); other lower-case words after the
    /// head make it a modifier ("the NGO reports") and no mention.
    pub(super) NOMINAL_FOLLOWERS = "ner/nominal_followers.txt"
}

/// Nominal heads that refer back to a named entity, with the type they refer to.
pub(super) static NOMINAL_HEADS: LazyLock<Vec<(&str, EntityType, Option<&str>)>> =
    LazyLock::new(|| {
        let file = "ner/nominal_heads.tsv";
        words::rows(words::text!("ner/nominal_heads.tsv"))
            .map(|(line, cols)| match cols[..] {
                [head, etype, class] => (
                    head,
                    EntityType::from_name(etype)
                        .unwrap_or_else(|| panic!("data/words/{file}:{line}: unknown type")),
                    Some(class).filter(|c| !c.is_empty()),
                ),
                _ => panic!("data/words/{file}:{line}: expected three columns"),
            })
            .collect()
    });

crate::words::list! {
    /// Adjectives that judge a deal rather than say which one, and intensifiers ("a huge deal",
    /// "a really bad deal").
    pub(super) EVALUATIVE_ADJECTIVES = "ner/evaluative_adjectives.txt"
}

crate::words::list! {
    /// Capitalised words that join the words of a title-case headline and never those of a
    /// personal name.
    pub(super) HEADLINE_WORDS = "ner/headline_words.txt"
}

crate::words::list! {
    /// Capitalised function words that open sentences and are no names ("The", "In", "However").
    pub(super) FUNCTION_WORDS = "ner/function_words.txt"
}

crate::words::list! {
    /// Posts held in an organisation, which make the capitalised word before them that
    /// organisation's name: "a Tinder spokeswoman", "an Acme engineer" (not "a Latino activist").
    pub(super) BODY_POSTS = "ner/body_posts.txt"
}

crate::words::list! {
    /// Lower-case words inside a personal name ("Ludwig van Beethoven"); any other lower-case
    /// word ends it.
    pub(super) NAME_PARTICLES = "ner/name_particles.txt"
}

crate::words::table! {
    /// The nicknames of US states ("Granite State"), with the state's name.
    pub(super) STATE_NICKNAMES = "ner/state_nicknames.tsv"
}

crate::words::list! {
    /// Months and weekdays: capitalised, never entities here.
    pub(super) CALENDAR = "ner/calendar.txt"
}

crate::words::list! {
    /// Connectors allowed inside a capitalised name ("Bank of England", "Belt and Road").
    pub(super) CONNECTORS = "ner/connectors.txt"
}

crate::words::list! {
    /// What a city has: after a capital's possessive the capital is the city ("London's
    /// mayor"), not its country's government.
    pub(super) CITY_NOUNS = "ner/city_nouns.txt"
}

crate::words::list! {
    /// Verbs after which a capital city stands for its government ("Beijing said").
    pub(super) GOVERNMENT_VERBS = "ner/government_verbs.txt"
}

crate::words::list! {
    /// Lower-case heads of state bodies named through their country: "Turkey's parliament",
    /// "Mexico's interior ministry".
    pub(super) BODY_HEADS = "ner/body_heads.txt"
}

crate::words::list! {
    /// Acronyms of common nouns, never names.
    pub(super) COMMON_ACRONYMS = "ner/common_acronyms.txt"
}

crate::words::list! {
    /// Head words of institutions that stand on their own, so that "X and Y University" is two.
    pub(super) INSTITUTION_HEADS = "ner/institution_heads.txt"
}

crate::words::list! {
    /// Head words of buildings and grounds, which are places.
    pub(super) FACILITY_HEADS = "ner/facility_heads.txt"
}

crate::words::list! {
    /// Last words of the names of land features and subdivisions ("Ocala National Forest",
    /// "Cameron Parish", "Dan Sai District"): places. None of them is a common surname, so they also
    /// decide over a reading as a person.
    pub(super) GEO_HEADS = "ner/geo_heads.txt"
}

crate::words::list! {
    /// Words that end the noun phrase of an apposition ("X, a professor who …", "… of Y").
    pub(super) APPOSITION_ENDS = "ner/apposition_ends.txt"
}

crate::words::list! {
    /// Head words of events, studies, works and laws, whose names are not entities of the graph.
    pub(super) NON_ENTITY_HEADS = "ner/non_entity_heads.txt"
}

crate::words::list! {
    /// Last words of capitalised names of events, eras, programmes and reports ("Great
    /// Recession"), which are no entities; in lower case no head of the name before them.
    pub(super) EVENT_HEADS = "ner/event_heads.txt"
}

crate::words::table! {
    /// Abbreviated titles as written before a name, with the post they stand for.
    pub(super) ABBREVIATIONS = "ner/title_abbreviations.tsv"
}

/// Generic bodies that are capitalised without naming one ("the Government said").
pub(super) const GENERIC_BODIES: [&str; 8] = [
    "government",
    "state",
    "church",
    "court",
    "police",
    "army",
    "ministry",
    "council",
];

crate::words::list! {
    /// Nouns of what states do to one another: a capital after one of them and "from", "with"
    /// or "between" stands for its government ("criticism from Berlin").
    pub(super) STATE_RELATION_NOUNS = "ner/state_relation_nouns.txt"
}

crate::words::list! {
    /// Adjectives of a people, faith or compass point that a tagger reads as a place or a body
    /// when they stand alone ("Latino voters", "Western unity"): no names on their own.
    pub(super) GROUP_ADJECTIVES = "ner/group_adjectives.txt"
}

crate::words::list! {
    /// Lower-case nouns after which a lone name is the person who leads, not a namesake town
    /// ("the Obama administration", "the Castro government").
    pub(super) RULER_NOUNS = "ner/ruler_nouns.txt"
}

crate::words::list! {
    /// Generational suffixes written after a person's name ("Jr.", "III"), lower case.
    pub(super) NAME_SUFFIXES = "identity/suffixes.txt"
}
