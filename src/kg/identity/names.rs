//! Name variants as identity evidence: the key two spellings of one name share (case, accents,
//! dots, a leading "the", honorifics and middle initials set aside), a person's surname and
//! initials, an organisation's acronym, and whether a name is generic (a body every country
//! has: "Interior Ministry").

use crate::doc::EntityType;
use crate::kg::mint::slug;

crate::words::list! {
    /// Words before a person's name that are not part of it.
    HONORIFICS = "identity/honorifics.txt"
}
crate::words::list! {
    /// Words after a person's name that keep father and son apart.
    SUFFIXES = "identity/suffixes.txt"
}
crate::words::list! {
    /// Words of organisation names that every country has one of.
    GENERIC_ORG_WORDS = "identity/generic_org_words.txt"
}
crate::words::table! {
    /// Short forms of given names and the names they shorten ("joe", "joseph").
    NICKNAMES = "identity/nicknames.tsv"
}
/// Head words an institution's short name drops ("Hofstra" of "Hofstra University").
pub use crate::nlp::coref::SHORT_NAME_HEADS as INSTITUTION_HEADS;

/// Head words of nominal mentions ("the group", "the pact"): the first column of the NER's
/// table.
static NOMINAL_HEADS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    crate::words::rows(crate::words::text!("ner/nominal_heads.tsv"))
        .map(|(_, cols)| cols[0])
        .collect()
});

/// Is an alias a name of the thing rather than a description of it ("the group", "The NGO",
/// "the deal")? Descriptions are no identity evidence: every group is "the group".
pub fn is_name_alias(alias: &str) -> bool {
    let rest = alias
        .strip_prefix("the ")
        .or_else(|| alias.strip_prefix("The "))
        .unwrap_or(alias);
    if !rest.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let capitalised = rest
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let last = rest.split_whitespace().last().unwrap_or("").to_lowercase();
    !(capitalised == 1 && NOMINAL_HEADS.contains(&last.as_str()))
}

/// What a name says about identity.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameKey {
    /// Lower-case ASCII words, without a leading "the", honorifics or middle initials.
    pub key: String,
    /// A person's middle initials ("j" of "Donald J. Trump"; "hw" of "George H.W. Bush").
    pub initials: String,
}

impl NameKey {
    /// The number of words of the key.
    pub fn words(&self) -> usize {
        self.key.split(' ').count()
    }
}

/// The identity key of a name of an entity of type `etype`; `None` when nothing is left.
pub fn name_key(name: &str, etype: EntityType) -> Option<NameKey> {
    let mut initials = String::new();
    // A possessive is not part of the name ("ABC's").
    let name = name
        .strip_suffix("'s")
        .or_else(|| name.strip_suffix("\u{2019}s"))
        .filter(|n| !n.is_empty())
        .unwrap_or(name);
    let mut tokens: Vec<&str> = name.split_whitespace().collect();
    if etype == EntityType::Person {
        // What comes before a title is where or what the person is ("Ohio Gov. John
        // Kasich"), after "of" where they are from ("Ted Cruz of Texas"): neither is the name.
        if let Some(of) = tokens.iter().position(|t| *t == "of").filter(|&i| i >= 2) {
            tokens.truncate(of);
        }
        if let Some(title) = (0..tokens.len().saturating_sub(2))
            .rev()
            .find(|&i| HONORIFICS.contains(&slug(tokens[i]).as_str()))
        {
            tokens.drain(..=title);
        }
        while tokens.len() > 1 && HONORIFICS.contains(&slug(tokens[0]).as_str()) {
            tokens.remove(0);
        }
        // Middle initials ("J.", "H.W.", "W"): kept apart from the key.
        if tokens.len() > 2 {
            let last = tokens.len() - 1;
            let mut kept = vec![tokens[0]];
            for t in &tokens[1..last] {
                let letters = t.chars().filter(|c| c.is_alphabetic()).count();
                if letters == 1 || (letters <= 3 && t.ends_with('.')) {
                    initials.push_str(&slug(t));
                } else {
                    kept.push(t);
                }
            }
            kept.push(tokens[last]);
            tokens = kept;
        }
    }
    let joined = tokens.join(" ");
    let slugged = slug(&joined);
    if slugged.starts_with('x') && slugged.len() == 17 && !joined.is_ascii() {
        // A name in another script: its slug is a hash, itself the key.
        return Some(NameKey {
            key: slugged,
            initials,
        });
    }
    let mut words: Vec<&str> = slugged.split('-').filter(|w| !w.is_empty()).collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    if words.is_empty() {
        return None;
    }
    // A short given name is the name it shortens ("Joe Biden" is "joseph biden").
    if etype == EntityType::Person && words.len() >= 2 {
        if let Some((_, full)) = NICKNAMES.iter().find(|(short, _)| *short == words[0]) {
            words[0] = full;
        }
    }
    Some(NameKey {
        key: words.join(" "),
        initials,
    })
}

/// A person's key without the suffix that ends it ("joseph biden" of "joseph biden jr").
pub fn without_suffix(key: &str) -> Option<&str> {
    let (rest, last) = key.rsplit_once(' ')?;
    (SUFFIXES.contains(&last) && rest.contains(' ')).then_some(rest)
}

/// The suffixes a person's key may end in.
pub fn suffixes() -> impl Iterator<Item = &'static str> {
    SUFFIXES.iter().copied()
}

/// An organisation's short name and the head word its full name adds ("hofstra" and
/// "university" of "hofstra university", "apple" of "apple inc"), for a two-word key.
pub fn institution_short_name(key: &str) -> Option<&str> {
    let (first, head) = key.split_once(' ')?;
    (!head.contains(' ') && INSTITUTION_HEADS.contains(&head)).then_some(first)
}

/// A person's surname in a key: the last word that is not a suffix ("jr").
pub fn surname(key: &str) -> &str {
    let words: Vec<&str> = key.split(' ').collect();
    words
        .iter()
        .rev()
        .find(|w| !SUFFIXES.contains(w))
        .copied()
        .unwrap_or(words[words.len() - 1])
}

/// The acronym of an organisation's name ("Federal Bureau of Investigation" → "fbi"): the
/// initials of its capitalised words, when there are at least two.
pub fn acronym(name: &str) -> Option<String> {
    let letters: String = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .flat_map(char::to_lowercase)
        .collect();
    (letters.chars().count() >= 2 && name.split_whitespace().count() >= 2).then_some(letters)
}

/// Is the key an organisation name every country has one of ("interior ministry", "senate",
/// "national police")? At least one word must be more than a function word.
pub fn is_generic(key: &str) -> bool {
    let mut content = 0;
    for w in key.split(' ') {
        if !GENERIC_ORG_WORDS.contains(&w) {
            return false;
        }
        if !matches!(w, "of" | "the" | "and" | "for" | "on") {
            content += 1;
        }
    }
    content > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str, etype: EntityType) -> String {
        name_key(name, etype).unwrap().key
    }

    #[test]
    fn spellings_of_one_name_share_a_key() {
        let p = EntityType::Person;
        assert_eq!(key("Donald J. Trump", p), "donald trump");
        assert_eq!(key("DONALD TRUMP", p), "donald trump");
        assert_eq!(key("Sen. Claire McCaskill", p), "claire mccaskill");
        assert_eq!(key("Mrs. Clinton", p), "clinton");
        assert_eq!(key("José Martínez", p), "jose martinez");
        assert_eq!(key("Donald Trump Jr.", p), "donald trump jr");
        assert_eq!(key("Ohio Gov. John Kasich", p), "john kasich");
        assert_eq!(key("Ted Cruz of Texas", p), "edward cruz");
        assert_eq!(key("Joe Biden", p), key("Joseph R. Biden", p));
        assert_eq!(key("Bill Clinton", p), "william clinton");
        // A lone given name is no short form of a full one.
        assert_eq!(key("Bill", p), "bill");
        assert_eq!(key("Sen.", p), "sen");
        let o = EntityType::Organization;
        assert_eq!(key("the Justice Department", o), "justice department");
        assert_eq!(key("U.S. Senate", o), "us senate");
        assert_eq!(key("ABC's", o), "abc");
        // Honorifics are a person's; "President" is part of an organisation's name.
        assert_eq!(key("President's Office", o), "presidents office");
        assert!(is_generic("presidents office"));
    }

    #[test]
    fn middle_initials_are_kept_apart() {
        let bush = name_key("George H.W. Bush", EntityType::Person).unwrap();
        assert_eq!(
            (bush.key.as_str(), bush.initials.as_str()),
            ("george bush", "hw")
        );
        let w = name_key("George W. Bush", EntityType::Person).unwrap();
        assert_eq!(w.initials, "w");
        assert_eq!(name_key("Bush", EntityType::Person).unwrap().words(), 1);
    }

    #[test]
    fn surnames_acronyms_and_generic_names() {
        assert_eq!(surname("donald trump jr"), "trump");
        assert_eq!(surname("scholz"), "scholz");
        assert_eq!(without_suffix("joseph biden jr"), Some("joseph biden"));
        assert_eq!(without_suffix("biden jr"), None);
        assert_eq!(without_suffix("joseph biden"), None);
        assert_eq!(
            institution_short_name("hofstra university"),
            Some("hofstra")
        );
        assert_eq!(institution_short_name("fox news"), None);
        assert_eq!(institution_short_name("university of michigan"), None);
        assert_eq!(
            acronym("Federal Bureau of Investigation").as_deref(),
            Some("fbi")
        );
        assert_eq!(acronym("Reuters"), None);
        assert!(is_generic("interior ministry"));
        assert!(is_generic("ministry of foreign affairs"));
        assert!(is_generic("senate"));
        assert!(is_generic("national police"));
        assert!(!is_generic("white house"));
        assert!(!is_generic("democratic party"));
        assert!(!is_generic("human rights watch"));
        assert!(!is_generic("of the"));
        assert!(!is_name_alias("the group"));
        assert!(!is_name_alias("The NGO"));
        assert!(!is_name_alias("the deal"));
        assert!(!is_name_alias("Ministry"));
        assert!(is_name_alias("the Democratic Party"));
        assert!(is_name_alias("FBI"));
        assert!(is_name_alias("Mrs. Clinton"));
    }
}
