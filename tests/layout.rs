//! The shape of the source tree, kept as tests: no file in `src/` over 800 lines, no list of
//! more than ten words compiled into code (word lists live in `data/words/`), and no import
//! cycle between modules, read from `use` lines and qualified paths as a reader would.
#![allow(clippy::unwrap_used)]

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `src/` with its module path (`nlp::ner::rules`; `[]` for the crate).
fn modules() -> BTreeMap<Vec<String>, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files
        .into_iter()
        .map(|file| {
            let rel = file.strip_prefix(&src).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            if parts == ["lib"] || parts == ["main"] {
                parts.clear();
            }
            (parts, file)
        })
        .collect()
}

/// The code of a file without its test module, comments and string contents.
fn code(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let body = text.split("#[cfg(test)]\nmod tests").next().unwrap();
    let no_strings = Regex::new(r#""(?:[^"\\]|\\.)*""#).unwrap();
    let no_comments = Regex::new(r"//[^\n]*").unwrap();
    let body = no_comments.replace_all(body, "");
    no_strings.replace_all(&body, "\"\"").into_owned()
}

#[test]
fn layout_no_source_file_over_800_lines() {
    let long: Vec<String> = modules()
        .values()
        .filter_map(|file| {
            let lines = std::fs::read_to_string(file).unwrap().lines().count();
            (lines > 800).then(|| format!("{} ({lines} lines)", file.display()))
        })
        .collect();
    assert!(long.is_empty(), "files over 800 lines: {long:?}");
}

#[test]
fn layout_no_word_list_over_ten_entries_in_code() {
    // `const NAME: [&str; N]` and `const NAME: [(&str, …); N]` with N > 10. Two tables are no
    // word lists and stay: the RDF prefixes of the vocabulary and the page's example queries.
    let list =
        Regex::new(r"(?:const|static) ([A-Z_0-9]+): \[\(?[^;\]]*&str[^;\]]*\)?; (\d+)\]").unwrap();
    let mut found = Vec::new();
    for file in modules().values() {
        for cap in list.captures_iter(&code(file)) {
            let n: usize = cap[2].parse().unwrap();
            if n > 10 && !matches!(&cap[1], "PREFIXES" | "EXAMPLES") {
                found.push(format!("{} {} ({n})", file.display(), &cap[1]));
            }
        }
    }
    let alternatives = Regex::new(r#"matches!\(\s*[^,]+,\s*((?:""\s*\|?\s*)+)"#).unwrap();
    for file in modules().values() {
        for cap in alternatives.captures_iter(&code(file)) {
            let n = cap[1].matches("\"\"").count();
            if n > 10 {
                found.push(format!("{} matches! of {n} words", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "word lists in code: {found:?}");
}

/// The modules a module imports: `use` paths and qualified paths (`crate::…`, `super::…`,
/// `child::…`), each resolved to the longest module prefix that exists.
fn imports(module: &[String], code: &str, all: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let resolve = |path: &str| -> Option<Vec<String>> {
        let mut parts: Vec<&str> = path.split("::").collect();
        let mut base: Vec<String> = match parts[0] {
            "crate" => {
                parts.remove(0);
                Vec::new()
            }
            "super" | "self" => {
                let mut base = module.to_vec();
                while parts.first() == Some(&"super") {
                    base.pop();
                    parts.remove(0);
                }
                if parts.first() == Some(&"self") {
                    parts.remove(0);
                }
                base
            }
            first => {
                let mut child = module.to_vec();
                child.push(first.to_string());
                if !all.contains(&child) {
                    return None;
                }
                module.to_vec()
            }
        };
        let mut best = base.clone();
        for part in parts {
            base.push(part.to_string());
            if all.contains(&base) {
                best = base.clone();
            } else {
                break;
            }
        }
        Some(best)
    };
    let mut out = BTreeSet::new();
    let use_line = Regex::new(r"\buse\s+([^;]+);").unwrap();
    let path = Regex::new(r"(?:^|[^:\w])([a-z_][a-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)+)").unwrap();
    let mut paths: Vec<String> = Vec::new();
    for cap in use_line.captures_iter(code) {
        expand(&cap[1].replace('\n', " "), &mut paths);
    }
    for cap in path.captures_iter(code) {
        paths.push(cap[1].to_string());
    }
    for p in paths {
        let p = p.split(" as ").next().unwrap().trim().to_string();
        if let Some(target) = resolve(&p) {
            if target != module {
                out.insert(target);
            }
        }
    }
    out
}

/// Expands one level of `a::{b, c::{d}}` into paths.
fn expand(path: &str, out: &mut Vec<String>) {
    let path = path.trim();
    let Some(open) = path.find("::{") else {
        out.push(path.to_string());
        return;
    };
    let prefix = &path[..open];
    let inner = path[open + 3..]
        .strip_suffix('}')
        .unwrap_or(&path[open + 3..]);
    let (mut depth, mut start) = (0, 0);
    let mut items = Vec::new();
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    for item in items.into_iter().map(str::trim).filter(|i| !i.is_empty()) {
        if item == "self" {
            out.push(prefix.to_string());
        } else {
            expand(&format!("{prefix}::{item}"), out);
        }
    }
}

#[test]
fn layout_no_import_cycle_between_modules() {
    let modules = modules();
    let all: BTreeSet<Vec<String>> = modules.keys().cloned().collect();
    let edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = modules
        .iter()
        .map(|(m, file)| (m.clone(), imports(m, &code(file), &all)))
        .collect();
    // A cycle exists when some module reaches itself.
    let mut cycles = Vec::new();
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&Vec<String>> = edges[start].iter().collect();
        while let Some(m) = stack.pop() {
            if m == start {
                cycles.push(start.join("::"));
                break;
            }
            if seen.insert(m) {
                stack.extend(edges.get(m).into_iter().flatten());
            }
        }
    }
    assert!(cycles.is_empty(), "modules in an import cycle: {cycles:?}");
    assert!(edges.len() > 50, "{} modules read", edges.len());
}

#[test]
fn layout_cycle_reader_sees_a_cycle() {
    // The reader must see what it looks for: two modules naming each other.
    let all: BTreeSet<Vec<String>> = [vec![], vec!["a".to_string()], vec!["b".to_string()]]
        .into_iter()
        .collect();
    let a = imports(&["a".to_string()], "use crate::b::{self, X};", &all);
    let b = imports(&["b".to_string()], "fn f() { super::a::g() }", &all);
    assert!(a.contains(&vec!["b".to_string()]) && b.contains(&vec!["a".to_string()]));
}
