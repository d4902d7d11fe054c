//! How deep a SPARQL query or update nests, read off its text before anything parses it.
//!
//! The SPARQL parser and evaluator recurse once per level of the algebra, and the algebra
//! nests not only with brackets (`{{{…}}}`) but with every operator that chains: `UNION`,
//! `OPTIONAL`, `MINUS`, joined group patterns, triple patterns (`.`, `;`, `,`), path steps
//! (`/`, `|`, `^`) and expression operators (`||`, `&&`, `+`, `!`, …) each add a level. A
//! 30 KB query of 10,000 such levels overflows the stack and aborts the process, so the
//! text's depth is estimated first, over-estimating, in one pass that skips strings, IRIs and
//! comments: each open bracket adds a level and each chaining token adds one to the bracket
//! it is in; closing a bracket gives back its own. Flat lists (`INSERT DATA { … }`,
//! `VALUES … { … }`, the arguments of a call or an `IN` list) count their brackets only.

use std::fmt;

/// The deepest a query may nest, as estimated here. Real queries stay under a hundred; the
/// evaluator runs on threads whose stacks hold well over this ([`STACK_BYTES`]).
pub const MAX_NESTING: usize = 1000;

/// Stack size of the threads that parse and evaluate queries: room for [`MAX_NESTING`]
/// levels many times over (the default 2 MB of a worker thread holds about 500).
pub const STACK_BYTES: usize = 64 << 20;

/// A query nested deeper than [`MAX_NESTING`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep {
    /// 1-based line of the token past the limit.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
}

impl fmt::Display for TooDeep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "query nested deeper than {MAX_NESTING} levels at line {}, column {} \
             (brackets, UNION/OPTIONAL/MINUS chains, triple patterns, path steps and \
             operators each add a level)",
            self.line, self.column
        )
    }
}

/// One open bracket.
struct Level {
    /// `{`, `(` or `[`.
    bracket: u8,
    /// Chaining tokens met directly inside it.
    chained: usize,
    /// A flat list: only its brackets count.
    flat: bool,
    /// Something came before in it (so that a group opened now joins it).
    seen: bool,
}

/// Checks that `text` nests no deeper than [`MAX_NESTING`].
pub fn check(text: &str) -> Result<(), TooDeep> {
    let b = text.as_bytes();
    let mut levels: Vec<Level> = Vec::new();
    let mut depth = 0usize;
    // The last word read, to know what a bracket opens.
    let mut flat_next = false;
    // The last token was an operand (so that a sign after it is an operator: `1+1`).
    let mut operand = false;
    let mut i = 0;
    let too_deep = |at: usize| {
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before[before.rfind('\n').map_or(0, |n| n + 1)..]
            .chars()
            .count()
            + 1;
        TooDeep { line, column }
    };
    while i < b.len() {
        let c = b[i];
        match c {
            b'#' => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                continue;
            }
            b'"' | b'\'' => {
                i = string_end(b, i);
                operand = true;
                continue;
            }
            b'<' => {
                if let Some(end) = iri_end(b, i) {
                    i = end;
                    operand = true;
                    continue;
                }
            }
            b'{' | b'(' | b'[' => {
                let inside_flat = levels.last().is_some_and(|l| l.flat);
                let flat = flat_next || inside_flat;
                flat_next = false;
                // A group after other patterns joins them: a level of its parent as well.
                if let Some(parent) = levels.last_mut() {
                    if c == b'{' && parent.seen && !parent.flat {
                        parent.chained += 1;
                        depth += 1;
                    }
                    parent.seen = true;
                }
                levels.push(Level {
                    bracket: c,
                    chained: 0,
                    flat,
                    seen: false,
                });
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(too_deep(i));
                }
                operand = false;
                i += 1;
                continue;
            }
            b'}' | b')' | b']' => {
                if let Some(level) = levels.pop() {
                    depth -= 1 + level.chained;
                }
                operand = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if let Some(level) = levels.last_mut() {
            level.seen = true;
        }
        let signed =
            !operand && matches!(c, b'+' | b'-') && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        if c.is_ascii_digit() || signed {
            // A number (with its sign where nothing comes before it to add to).
            operand = true;
            i += 1;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric()
                    || b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
            {
                i += 1;
            }
            continue;
        }
        if is_word(c) {
            let start = i;
            while i < b.len()
                && (is_word(b[i]) || b[i] == b'.' && b.get(i + 1).copied().is_some_and(is_word))
            {
                i += 1;
            }
            let word = &text[start..i];
            operand = true;
            if word.eq_ignore_ascii_case("DATA") || word.eq_ignore_ascii_case("VALUES") {
                flat_next = true;
            } else if ["UNION", "OPTIONAL", "MINUS"]
                .iter()
                .any(|k| word.eq_ignore_ascii_case(k))
                && chain(&mut levels, &mut depth)
            {
                return Err(too_deep(start));
            }
            continue;
        }
        // Punctuation: every operator and separator chains, but a comma between the
        // arguments of a call or the members of an IN list.
        operand = false;
        let in_call = levels.last().is_some_and(|l| l.bracket == b'(');
        if !(c == b',' && in_call) && chain(&mut levels, &mut depth) {
            return Err(too_deep(i));
        }
        i += 1;
    }
    Ok(())
}

/// Counts a chaining token in the innermost bracket (unless it is a flat list); true when
/// that takes the depth past the limit.
fn chain(levels: &mut [Level], depth: &mut usize) -> bool {
    match levels.last_mut() {
        Some(level) if level.flat => false,
        Some(level) => {
            level.chained += 1;
            *depth += 1;
            *depth > MAX_NESTING
        }
        // Outside any bracket (prologue, modifiers): nothing nests.
        None => false,
    }
}

/// Letters of names, variables, prefixed names and blank node labels.
fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b':' | b'?' | b'$' | b'%' | b'\\') || c >= 0x80
}

/// The end of the string literal starting at `at` (long or short quotes, backslash escapes);
/// the end of the text when it never closes.
pub(crate) fn string_end(b: &[u8], at: usize) -> usize {
    let q = b[at];
    let long = b.get(at..at + 3) == Some(&[q, q, q][..]);
    let mut i = at + if long { 3 } else { 1 };
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            c if c == q && (!long || b.get(i..i + 3) == Some(&[q, q, q][..])) => {
                return i + if long { 3 } else { 1 };
            }
            b'\n' if !long => return i,
            _ => i += 1,
        }
    }
    b.len()
}

/// The end of the IRI `<…>` starting at `at`, or `None` when `<` is an operator there.
pub(crate) fn iri_end(b: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    while i < b.len() {
        match b[i] {
            b'>' => return Some(i + 1),
            c if c <= b' ' || matches!(c, b'<' | b'"' | b'{' | b'}' | b'|' | b'^' | b'`') => {
                return None
            }
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repeat(s: &str, n: usize) -> String {
        s.repeat(n)
    }

    #[test]
    fn real_queries_pass() {
        for q in [
            "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o . FILTER(?o != \"{{{\" && ?s < <http://x/#y>) } GROUP BY ?p",
            "PREFIX ex: <http://example.org/> SELECT * { { ?a ex:p/ex:q|^ex:r ?b } UNION { ?a a ex:C ; ex:n \"x\" , 'y' } OPTIONAL { ?a ex:d ?d } } # {{{{",
            "INSERT DATA { <a> <b> <c> . <a> <b> <d> . }",
        ] {
            assert_eq!(check(q), Ok(()), "{q}");
        }
        // Flat lists of any length.
        let values = format!("SELECT * {{ VALUES ?x {{ {} }} }}", repeat("(-1) ", 5000));
        assert_eq!(check(&values), Ok(()));
        let data = format!("INSERT DATA {{ {} }}", repeat("<a> <b> \"c\" . ", 5000));
        assert_eq!(check(&data), Ok(()));
        let list = format!(
            "SELECT * {{ ?s ?p ?o FILTER(?o IN ({}0)) }}",
            repeat("1, ", 5000)
        );
        assert_eq!(check(&list), Ok(()));
    }

    #[test]
    fn deep_queries_are_refused_with_where() {
        let braces = format!(
            "SELECT * WHERE {}?s ?p ?o{}",
            repeat("{", 10_000),
            repeat("}", 10_000)
        );
        let err = check(&braces).expect_err("nested groups");
        assert_eq!((err.line, err.column), (1, 16 + MAX_NESTING));
        for (what, q) in [
            (
                "unions",
                format!(
                    "SELECT * {{ {{?s ?p ?o}} {} }}",
                    repeat("UNION {?s ?p ?o} ", 5000)
                ),
            ),
            (
                "optionals",
                format!(
                    "SELECT * {{ ?s ?p ?o {} }}",
                    repeat("OPTIONAL {?s ?p ?o} ", 5000)
                ),
            ),
            (
                "patterns",
                format!("SELECT * {{ {} }}", repeat("?s ?p ?o .\n", 5000)),
            ),
            (
                "path",
                format!("SELECT * {{ ?s {}<p> ?o }}", repeat("<p>/", 5000)),
            ),
            (
                "or",
                format!("ASK {{ FILTER(1 {}) }}", repeat("|| 1 ", 5000)),
            ),
            (
                "not",
                format!("ASK {{ FILTER({}true) }}", repeat("!", 5000)),
            ),
            (
                "sum",
                format!("ASK {{ FILTER(1{} = 0) }}", repeat("+1", 5000)),
            ),
        ] {
            assert!(check(&q).is_err(), "{what}");
        }
        let lines = format!("SELECT * {{\n{}}}", repeat("?s ?p ?o .\n", 2000));
        assert_eq!(check(&lines).expect_err("patterns").line, MAX_NESTING + 1);
        assert!(TooDeep { line: 3, column: 7 }
            .to_string()
            .contains("line 3, column 7"));
    }
}
