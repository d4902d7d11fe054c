//! What a word looks like: capitalised, with digits, a title-case span; the words around a
//! mention.

use crate::doc::Mention;

pub(super) fn is_cap(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

pub(super) fn has_digit(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
}

pub(super) fn title_case(key: &str) -> String {
    key.split(' ')
        .map(super::features::title_case_word)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The word before a mention, lower case (none at the start), and the word after it (empty at
/// the end).
pub(super) fn around<'a>(words: &[&'a str], m: &Mention) -> (Option<String>, &'a str) {
    let before = m
        .tokens
        .start
        .checked_sub(1)
        .map(|k| words[k].to_lowercase());
    (before, words.get(m.tokens.end).copied().unwrap_or(""))
}
