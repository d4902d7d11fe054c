//! Tokenizer: splits `Doc::text` into word and punctuation tokens with byte offsets.
//!
//! Reads `text`, `skipped`; writes `tokens`. Rules follow the Penn Treebank conventions that
//! CoNLL-2003 uses where they matter for names: possessive "'s" and a bare trailing apostrophe
//! are split off ("Defenders'"), abbreviations keep their dot ("U.S.", "Dec.", "Mr."),
//! hyphenated words and numbers with separators stay whole ("Asia-focused", "COVID-19",
//! "1,000"), curly quotes, dashes and the typewriter's quotation marks ('' and ``) are tokens
//! of their own; a party tag is split into party,
//! hyphen and state ("(D-Md.)" → "D", "-", "Md."). Page furniture is not tokenized.

use super::stage::{NlpError, Stage};
use crate::doc::{Doc, Token};

crate::words::list! {
    /// Abbreviations that keep their final dot.
    ABBREVIATIONS = "tokenize/abbreviations.txt"
}

crate::words::table! {
    /// US states as news writes them in a party tag and after a city, with the state's name.
    pub US_STATES = "tokenize/us_states.tsv"
}

/// The US state written `written` ("Md.", "MD" or "Maryland"), by its name.
pub fn us_state(written: &str) -> Option<&'static str> {
    US_STATES
        .iter()
        .find(|(w, s)| *w == written || *s == written)
        .map(|(_, s)| *s)
}

/// The tokenizer stage.
pub struct Tokenizer;

impl Stage for Tokenizer {
    fn name(&self) -> &'static str {
        "tokenize"
    }

    fn run(&self, doc: &mut Doc) -> Result<(), NlpError> {
        let mut tokens = Vec::with_capacity(doc.text.len() / 5);
        let mut pos = 0;
        for skip in doc.skipped.clone() {
            tokenize_into(&doc.text, pos, skip.start, &mut tokens);
            pos = skip.end.max(pos);
        }
        tokenize_into(&doc.text, pos, doc.text.len(), &mut tokens);
        doc.tokens = tokens;
        Ok(())
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Tokenizes `text[from..to]`, appending to `out`.
pub fn tokenize_into(text: &str, from: usize, to: usize, out: &mut Vec<Token>) {
    let slice = &text[from..to];
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    let n = chars.len();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let byte = |i: usize| from + chars.get(i).map_or(slice.len(), |&(b, _)| b);
    // "New York-based" splits before "-based", so that the place is a name of its own.
    let based_follows = |i: usize| {
        chars.len() >= i + 6
            && chars[i + 1..i + 6]
                .iter()
                .map(|&(_, c)| c.to_ascii_lowercase())
                .eq("based".chars())
            && !at(i + 6).is_some_and(is_word_char)
    };
    // A party tag opens at `k`: "D", "R" or "I" right after "(" or ", " ("(D-Md.)",
    // ", R-Texas,").
    let tag_opens = |k: usize| {
        matches!(at(k), Some('D' | 'R' | 'I'))
            && (k >= 1 && at(k - 1) == Some('(')
                || k >= 2 && at(k - 1) == Some(' ') && at(k - 2) == Some(','))
    };
    // "Washington Post-ABC News", "Post/ABC": a name and an acronym joined are two names.
    let acronym_follows = |start: usize, i: usize| {
        at(start).is_some_and(char::is_uppercase)
            && at(i - 1).is_some_and(char::is_lowercase)
            && chars[i + 1..]
                .iter()
                .map(|&(_, c)| c)
                .take_while(|&c| is_word_char(c))
                .try_fold(0, |k, c| c.is_uppercase().then_some(k + 1))
                .is_some_and(|k| k >= 2)
    };
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if is_word_char(c) {
            // A run of word characters with inner hyphens, dots (abbreviations, decimals),
            // commas between digits, ampersands and apostrophes followed by letters (O'Brien).
            i += 1;
            while i < n {
                let c = chars[i].1;
                let party_tag = c == '-'
                    && i == start + 1
                    && tag_opens(start)
                    && at(i + 1).is_some_and(char::is_uppercase);
                let joiner = (c == '-' || c == '&' || c == '/')
                    && !(c == '-' && (based_follows(i) || party_tag))
                    && !((c == '-' || c == '/') && acronym_follows(start, i))
                    // "CNN/ORC", "John Moore/Getty Images": a slash between two names
                    // parts them.
                    && !(c == '/'
                        && at(start).is_some_and(char::is_uppercase)
                        && at(i + 1).is_some_and(char::is_uppercase))
                    && at(i + 1).is_some_and(is_word_char)
                    && at(i - 1).is_some_and(is_word_char);
                let digit_separator = (c == ',' || c == '.' || c == ':')
                    && at(i - 1).is_some_and(|p| p.is_ascii_digit())
                    && at(i + 1).is_some_and(|p| p.is_ascii_digit());
                // An apostrophe inside a name (O'Brien), not a possessive 's.
                let possessive = at(i + 1).is_some_and(|s| s == 's' || s == 'S')
                    && !at(i + 2).is_some_and(char::is_alphanumeric);
                let inner_apostrophe =
                    is_apostrophe(c) && at(i + 1).is_some_and(char::is_alphabetic) && !possessive;
                if is_word_char(c) || joiner || digit_separator || inner_apostrophe {
                    i += 1;
                } else if c == '.'
                    && at(i + 1).is_some_and(char::is_alphabetic)
                    && at(i + 2) == Some('.')
                    && i - start == 1
                {
                    // U.S., U.K., e.g.: letter-dot-letter-dot.
                    i += 2;
                } else {
                    break;
                }
            }
            // A trailing dot belongs to abbreviations and initials.
            if at(i) == Some('.') {
                let word: String = chars[start..i].iter().map(|&(_, c)| c).collect();
                let lower = word.to_lowercase();
                let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
                let dotted =
                    word.contains('.') && word.chars().filter(|c| c.is_alphabetic()).count() <= 4;
                // "Md." in "(D-Md.)": a state's abbreviation in a party tag.
                let state = start >= 2
                    && at(start - 1) == Some('-')
                    && tag_opens(start - 2)
                    && US_STATES
                        .iter()
                        .any(|(w, _)| w.strip_suffix('.') == Some(word.as_str()));
                if ABBREVIATIONS.contains(&lower.as_str()) || initial || dotted || state {
                    i += 1;
                }
            }
            out.push(Token {
                start: byte(start),
                end: byte(i),
            });
            continue;
        }
        if (c == '\'' || c == '`') && at(i + 1) == Some(c) {
            // Two apostrophes or backticks: a quotation mark as typewriters and some wires
            // write it (''Thanks!'' she said; ``Thanks!'').
            i += 2;
            out.push(Token {
                start: byte(start),
                end: byte(i),
            });
            continue;
        }
        if is_apostrophe(c) {
            // Possessive 's, or a bare apostrophe.
            if at(i + 1).is_some_and(|s| s == 's' || s == 'S')
                && !at(i + 2).is_some_and(char::is_alphanumeric)
                && i > 0
                && at(i - 1).is_some_and(is_word_char)
            {
                i += 2;
            } else {
                i += 1;
            }
            out.push(Token {
                start: byte(start),
                end: byte(i),
            });
            continue;
        }
        // Punctuation: runs of the same dash or dot form one token ("--", "...").
        i += 1;
        if c == '-' || c == '.' {
            while at(i) == Some(c) {
                i += 1;
            }
        }
        out.push(Token {
            start: byte(start),
            end: byte(i),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let mut tokens = Vec::new();
        tokenize_into(text, 0, text.len(), &mut tokens);
        let got: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn tokenize_cases() {
        check("Beijing's efforts", &["Beijing", "'s", "efforts"]);
        check("Defenders' director", &["Defenders", "'", "director"]);
        check(
            "the U.S. and Dec. 15",
            &["the", "U.S.", "and", "Dec.", "15"],
        );
        check("an Asia-focused group", &["an", "Asia-focused", "group"]);
        check(
            "a New York-based group",
            &["a", "New", "York", "-", "based", "group"],
        );
        check("COVID-19 pandemic.", &["COVID-19", "pandemic", "."]);
        check(
            "\u{201c}We know,\u{201d} she said",
            &["\u{201c}", "We", "know", ",", "\u{201d}", "she", "said"],
        );
        check("1,000 or 3.5 - yes", &["1,000", "or", "3.5", "-", "yes"]);
        check("O'Brien's", &["O'Brien", "'s"]);
        check(
            "Mr. J. Smith (Reuters)",
            &["Mr.", "J.", "Smith", "(", "Reuters", ")"],
        );
        check("end.", &["end", "."]);
        check(
            "''We know,'' she said. ``Yes.''",
            &[
                "''", "We", "know", ",", "''", "she", "said", ".", "``", "Yes", ".", "''",
            ],
        );
        check("the Smiths' car", &["the", "Smiths", "'", "car"]);
        check("Zürich’s mayor", &["Zürich", "’s", "mayor"]);
        check(
            "Sen. Jo Doe (D-Md.), and Al Roe, R-Texas, said",
            &[
                "Sen.", "Jo", "Doe", "(", "D", "-", "Md.", ")", ",", "and", "Al", "Roe", ",", "R",
                "-", "Texas", ",", "said",
            ],
        );
        check(
            "(R-N.Y.) (I-Vt.)",
            &["(", "R", "-", "N.Y.", ")", "(", "I", "-", "Vt.", ")"],
        );
        // A name and an acronym joined are two names; a hyphenated word or name is one.
        check(
            "the Washington Post-ABC News poll and Post/ABC",
            &[
                "the",
                "Washington",
                "Post",
                "-",
                "ABC",
                "News",
                "poll",
                "and",
                "Post",
                "/",
                "ABC",
            ],
        );
        check(
            "Coca-Cola, AFL-CIO, anti-NATO, Jong-un",
            &[
                "Coca-Cola",
                ",",
                "AFL-CIO",
                ",",
                "anti-NATO",
                ",",
                "Jong-un",
            ],
        );
        // Two names a slash joins are two names; a slash inside a word or number stays.
        check(
            "a CNN/ORC poll, and/or 24/7, John Moore/Getty",
            &[
                "a", "CNN", "/", "ORC", "poll", ",", "and/or", "24/7", ",", "John", "Moore", "/",
                "Getty",
            ],
        );
        // No party tag: a hyphenated word, a road, a word after a dash.
        check(
            "a D-Day (I-95) X-Men",
            &["a", "D-Day", "(", "I-95", ")", "X-Men"],
        );
    }

    #[test]
    fn tokenize_skips_furniture() {
        let mut doc = Doc::new("t", "top of page\nReal text");
        doc.skipped.push(0..11);
        Tokenizer.run(&mut doc).unwrap();
        assert_eq!(doc.tokens.len(), 2);
        assert_eq!(doc.token_text(0), "Real");
    }
}
