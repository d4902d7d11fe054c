//! What a word looks like: capitalised, with digits, a title-case span.

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
