//! Word lists kept as data: each list is a file under `data/words/` (one entry per line, in
//! order; blank lines and lines starting with `#` are skipped; a tab separates the columns of a
//! table), compiled into the binary and read once, at first use. `data/README.md` says what
//! each list is. Code keeps only grammar; the words a rule looks for live here.
//!
//! A leaf: it imports only the crate's hash.

use crate::nlp::hash::FxHashSet;
use std::ops::Deref;
use std::sync::LazyLock;

/// A list of words, read at first use.
pub type List = LazyLock<Words>;

/// The entries of a list in file order, with a hash set for membership (lists are asked about
/// every token; a set answers without comparing the word with each entry).
pub struct Words {
    list: Vec<&'static str>,
    set: FxHashSet<&'static str>,
}

impl Words {
    /// The words of `list`, in order.
    pub fn new(list: Vec<&'static str>) -> Words {
        let set = list.iter().copied().collect();
        Words { list, set }
    }

    /// Is `word` in the list (exactly as written)?
    pub fn contains(&self, word: &impl AsRef<str>) -> bool {
        self.set.contains(word.as_ref())
    }
}

impl Deref for Words {
    type Target = [&'static str];

    fn deref(&self) -> &[&'static str] {
        &self.list
    }
}
/// A two-column table, read at first use.
pub type Table = LazyLock<Vec<(&'static str, &'static str)>>;

/// The entries of a list file: its lines, blank lines and `#` comment lines skipped.
pub fn entries(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect()
}

/// The rows of a table file split at tabs: (line number, columns). The files are compiled in
/// and checked by the tests, so a short row is a bug of the build, reported by its line.
pub fn rows(text: &'static str) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').collect()))
}

/// The rows of a two-column table file.
pub fn pairs(text: &'static str, file: &str) -> Vec<(&'static str, &'static str)> {
    rows(text)
        .map(|(line, cols)| match cols[..] {
            [a, b] => (a, b),
            _ => panic!("data/words/{file}:{line}: expected two tab-separated columns"),
        })
        .collect()
}

/// Declares a word list read from `data/words/FILE`.
macro_rules! list {
    ($(#[$meta:meta])* $vis:vis $name:ident = $file:literal) => {
        $(#[$meta])*
        $vis static $name: $crate::words::List = std::sync::LazyLock::new(|| {
            $crate::words::Words::new($crate::words::entries(include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/data/words/",
                $file
            ))))
        });
    };
}

/// Declares a two-column table read from `data/words/FILE`.
macro_rules! table {
    ($(#[$meta:meta])* $vis:vis $name:ident = $file:literal) => {
        $(#[$meta])*
        $vis static $name: $crate::words::Table =
            std::sync::LazyLock::new(|| $crate::words::pairs_of!($file));
    };
}

/// The rows of the two-column table `data/words/FILE`, for a table kept in another shape.
macro_rules! pairs_of {
    ($file:literal) => {
        $crate::words::pairs($crate::words::text!($file), $file)
    };
}

/// The text of `data/words/FILE`, for a table of another shape.
macro_rules! text {
    ($file:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/words/", $file))
    };
}

pub(crate) use {list, pairs_of, table, text};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file under data/words: entries without stray spaces, no entry twice.
    #[test]
    fn words_files_are_clean_lists() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/words");
        let mut files = 0;
        for area in std::fs::read_dir(&dir).unwrap() {
            for file in std::fs::read_dir(area.unwrap().path()).unwrap() {
                let path = file.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
                let mut seen = std::collections::HashSet::new();
                for (i, line) in text.lines().enumerate() {
                    if line.trim().is_empty() || line.starts_with('#') {
                        continue;
                    }
                    let at = format!("{}:{}", path.display(), i + 1);
                    assert_eq!(
                        line,
                        line.trim_matches(' '),
                        "{at}: spaces around the entry"
                    );
                    assert!(seen.insert(line), "{at}: {line:?} listed twice");
                }
                files += 1;
            }
        }
        assert!(files >= 40, "{files} word files");
    }

    #[test]
    fn words_entries_and_pairs_skip_comments() {
        let text = "# comment\nsaid\n\ntold\n";
        assert_eq!(entries(text), vec!["said", "told"]);
        assert_eq!(pairs("# c\nMr\tmister\n", "t"), vec![("Mr", "mister")]);
        let words = Words::new(entries(text));
        assert!(words.contains(&"told") && !words.contains(&"comment"));
        assert_eq!(
            words.iter().copied().collect::<Vec<_>>(),
            vec!["said", "told"]
        );
    }
}
