//! SPARQL syntax errors in one line: where (line and column), what was found there, what was
//! expected (a few tokens, not the parser's every alternative) and a hint when the cause is a
//! common one (an undeclared prefix, an unclosed bracket or string). Also the check that every
//! `--param` names a variable of its query.

use crate::kg::nesting::{iri_end, string_end};
use crate::kg::vocab::PREFIXES;

/// The parser's message `message` about `sparql`, in one line.
pub fn concise(sparql: &str, message: &str) -> String {
    let Some((line, column, rest)) = position(message) else {
        return message.lines().next().unwrap_or(message).to_string();
    };
    let found = found_at(sparql, line, column);
    let mut out = format!("line {line}, column {column}: found {found}");
    if rest.contains("Prefix not found") {
        let prefix = prefix_before(sparql, line, column);
        let known: Vec<&str> = PREFIXES.iter().map(|(p, _)| *p).collect();
        out.push_str(&format!(
            "; the prefix {prefix}: is not declared (write PREFIX {prefix}: <…>; predeclared: {})",
            known.join(", ")
        ));
        return out;
    }
    let expected = expected_tokens(rest);
    match expected.len() {
        0 => {}
        1..=6 => out.push_str(&format!("; expected {}", expected.join(" or "))),
        n => out.push_str(&format!(
            "; expected one of {n} tokens, such as {}",
            expected[..5].join(", ")
        )),
    }
    if let Some(hint) = unbalanced(sparql) {
        out.push_str(&format!("; hint: {hint}"));
    }
    out
}

/// The prefix of the last prefixed name before line `line`, column `column`.
fn prefix_before(sparql: &str, line: usize, column: usize) -> String {
    let text: String = sparql
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or_default()
        .chars()
        .take(column.saturating_sub(1))
        .collect();
    text.split(|c: char| c.is_whitespace() || "{}()[],;".contains(c))
        .rev()
        .find(|t| t.contains(':') && !t.starts_with(['<', '?', '$', '"', '\'']))
        .and_then(|t| t.split(':').next())
        .unwrap_or_default()
        .to_string()
}

/// `error at L:C…: rest` → (L, C, rest).
fn position(message: &str) -> Option<(usize, usize, &str)> {
    let after = message.split_once("error at ")?.1;
    let (pos, rest) = after.split_once(": ").unwrap_or((after, ""));
    let start = pos.split('-').next()?;
    let (line, column) = start.split_once(':')?;
    Some((line.trim().parse().ok()?, column.trim().parse().ok()?, rest))
}

/// The token at line `line`, column `column` (both from 1), quoted; or "the end of the query".
fn found_at(sparql: &str, line: usize, column: usize) -> String {
    let Some(text) = sparql.lines().nth(line.saturating_sub(1)) else {
        return "the end of the query".into();
    };
    let rest: String = text.chars().skip(column.saturating_sub(1)).collect();
    let rest = rest.trim_start();
    if rest.is_empty() {
        let later = sparql.lines().skip(line).any(|l| !l.trim().is_empty());
        return if later {
            "the end of the line".into()
        } else {
            "the end of the query".into()
        };
    }
    let token: String = match rest.chars().next() {
        Some(c) if c.is_alphanumeric() || "?$_:".contains(c) => rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || "?$_:-.".contains(*c))
            .take(30)
            .collect(),
        Some(c) => c.to_string(),
        None => String::new(),
    };
    format!("`{}`", token.trim_end_matches('.'))
}

/// The tokens of the parser's "expected one of …" that a person would type: quoted literals
/// and keywords, not character classes.
fn expected_tokens(rest: &str) -> Vec<String> {
    let list = rest
        .strip_prefix("expected one of ")
        .or_else(|| rest.strip_prefix("expected "))
        .unwrap_or("");
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut item = String::new();
    let mut quote: Option<char> = None;
    let mut chars = list.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quote.is_some() => {
                item.push(c);
                if let Some(n) = chars.next() {
                    item.push(n);
                }
                continue;
            }
            '"' | '\'' if depth == 0 && quote.is_none() => quote = Some(c),
            c if quote == Some(c) => quote = None,
            '[' if quote.is_none() => depth += 1,
            ']' if quote.is_none() => depth = depth.saturating_sub(1),
            ',' if depth == 0 && quote.is_none() => {
                push_token(&mut out, &item);
                item.clear();
                continue;
            }
            _ => {}
        }
        item.push(c);
    }
    push_token(&mut out, &item);
    out
}

fn push_token(out: &mut Vec<String>, item: &str) {
    let item = item.trim();
    if item.is_empty() || item.starts_with('[') {
        return;
    }
    let token = item
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(item);
    if token.contains("\\u") || token.contains("\\U") || token.starts_with('\\') {
        return;
    }
    out.push(format!("`{token}`"));
}

/// The end of the comment starting at `at`: the end of its line.
fn comment_end(b: &[u8], at: usize) -> usize {
    memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |n| at + n)
}

/// A bracket, brace or string the query leaves open (or closes without opening). Strings,
/// IRIs and comments are skipped as the nesting check reads them.
fn unbalanced(sparql: &str) -> Option<String> {
    let b = sparql.as_bytes();
    let mut stack = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'#' => {
                i = comment_end(b, i);
                continue;
            }
            b'"' | b'\'' => {
                let end = string_end(b, i);
                let closed = end >= i + 2 && b[end - 1] == c && b[end - 2] != b'\\';
                if !closed {
                    return Some(format!(
                        "a string opened with {} is not closed on its line",
                        c as char
                    ));
                }
                i = end;
                continue;
            }
            b'<' => {
                if let Some(end) = iri_end(b, i) {
                    i = end;
                    continue;
                }
            }
            b'{' | b'(' | b'[' => stack.push(c as char),
            b'}' | b')' | b']' => {
                let close = c as char;
                let open = match close {
                    '}' => '{',
                    ')' => '(',
                    _ => '[',
                };
                match stack.pop() {
                    Some(o) if o == open => {}
                    Some(o) => return Some(format!("a {o} is not closed before the {close}")),
                    None => return Some(format!("a {close} closes nothing that is open")),
                }
            }
            _ => {}
        }
        i += 1;
    }
    stack.pop().map(|c| format!("a {c} is not closed"))
}

/// Every parameter must name a variable of the query: `--param naem=…` on a query of `?name`
/// would bind nothing and return every row.
pub fn check_param_names(sparql: &str, names: &[&str]) -> Result<(), String> {
    let variables = variables(sparql);
    for name in names {
        let name = name.trim().trim_start_matches(['?', '$']);
        if !variables.iter().any(|v| v == name) {
            let listed: Vec<String> = variables.iter().map(|v| format!("?{v}")).collect();
            return Err(if listed.is_empty() {
                format!("--param {name}: the query has no variables")
            } else {
                format!(
                    "--param {name}: the query has no variable ?{name}; its variables are {}",
                    listed.join(", ")
                )
            });
        }
    }
    Ok(())
}

/// The variable names of a query (`?x` and `$x` outside IRIs, strings and comments), in order.
fn variables(sparql: &str) -> Vec<String> {
    let b = sparql.as_bytes();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' => {
                i = comment_end(b, i);
                continue;
            }
            b'"' | b'\'' => {
                i = string_end(b, i).max(i + 1);
                continue;
            }
            b'<' => {
                if let Some(end) = iri_end(b, i) {
                    i = end;
                    continue;
                }
            }
            b'?' | b'$' => {
                let start = i + 1;
                let len: usize = sparql[start..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .map(char::len_utf8)
                    .sum();
                let name = &sparql[start..start + len];
                if !name.is_empty() && !out.iter().any(|v| v == name) {
                    out.push(name.to_string());
                }
                i = start + len;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_expected_list_becomes_one_line() {
        let q = "SELECT ?x WHERE { ?x ng:foo ?y . FILTER( }";
        let m = "error at 1:43: expected one of ABS, AVG, DAY, IRI, MAX, MD5, MIN, NOT, [_]";
        let c = concise(q, m);
        assert_eq!(
            c,
            "line 1, column 43: found the end of the query; expected one of 8 tokens, such as \
             `ABS`, `AVG`, `DAY`, `IRI`, `MAX`; hint: a ( is not closed before the }"
        );
        assert!(!c.contains('\n'));
    }

    #[test]
    fn an_unknown_prefix_is_named() {
        let q = "SELECT ?x WHERE { ?x foo:bar ?y }";
        let c = concise(
            q,
            "error at 1:29: expected one of Prefix not found, ['%'],\n['.']",
        );
        assert!(c.starts_with("line 1, column 29: found `?y`"), "{c}");
        assert!(c.contains("the prefix foo: is not declared"), "{c}");
        assert!(c.contains("predeclared: ng, "), "{c}");
    }

    #[test]
    fn the_token_at_the_position_is_shown() {
        let c = concise("SELEC ?x WHERE {}", "error at 1:10: expected CONSTRUCT");
        assert_eq!(c, "line 1, column 10: found `WHERE`; expected `CONSTRUCT`");
    }

    #[test]
    fn an_early_end_says_so() {
        let q = "SELECT ?x WHERE { ?x ?p ?y ";
        let c = concise(q, "error at 1:28: expected one of \",\", \".\", \"}\", [_]");
        assert_eq!(
            c,
            "line 1, column 28: found the end of the query; expected `,` or `.` or `}`; \
             hint: a { is not closed"
        );
        let c = concise(
            "SELECT ?x WHERE { ?x ng:p \"abc }",
            "error at 1:33: expected one of \"\\\"\", \"\\\\\", [_]",
        );
        assert!(c.contains("a string opened with \" is not closed"), "{c}");
    }

    #[test]
    fn params_must_name_variables() {
        let q = "SELECT ?name WHERE { ?e rdfs:label ?name ; ng:x $file . # ?comment\n FILTER(?e != <http://x/?y>) }";
        assert_eq!(variables(q), ["name", "e", "file"]);
        assert!(check_param_names(q, &["name", "?file"]).is_ok());
        assert_eq!(
            check_param_names(q, &["naem"]).unwrap_err(),
            "--param naem: the query has no variable ?naem; its variables are ?name, ?e, ?file"
        );
    }
}
