//! Curated facts: CSV files a user writes by hand (or reviews after `extract --format csv`),
//! turned into triples of the same vocabulary in the named graph `ngid:graph/curated`.
//!
//! A file's kind is told by its header:
//! - entities: `id,name,type[,class,same_as,aliases,description]`
//! - relations: `subject,predicate,object[,role,date,source,confidence]` (subject and object are
//!   entity ids from any entities file, or `Type:Name`)
//! - statements: `speaker,content[,direct,verb,date,source]`
//! - identity rules: `name,other,same[,type,other_type]` (`same` is `yes` to force two names to
//!   one node across articles, `no` to keep them apart; without a type a rule holds for any)
//!
//! Every file is parsed and checked before anything is written, so a malformed file leaves the
//! store as it was; errors name file, line and column.

use super::error::KgError;
use super::identity::SameAsRule;
use super::mint::{entity_iri, post_iri, slug};
use super::to_rdf::{
    date_literal, decimal, predicate_property, type_class, QuadSink, FINE_CLASSES,
};
use super::vocab::{self as ng, CURATED_GRAPH, ID, RDFS_LABEL, RDF_TYPE};
use crate::doc::{EntityType, Predicate};
use oxigraph::model::{Literal, NamedNode, Quad};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The kinds of curated file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CuratedKind {
    /// Entities.
    Entities,
    /// Relations.
    Relations,
    /// Statements.
    Statements,
    /// Identity rules for the resolver.
    SameAs,
}

struct Table {
    path: PathBuf,
    kind: CuratedKind,
    columns: HashMap<String, usize>,
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    fn get<'r>(&self, row: &'r csv::StringRecord, column: &str) -> Option<&'r str> {
        self.columns
            .get(column)
            .and_then(|&i| row.get(i))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    fn err(&self, line: u64, column: &str, reason: impl Into<String>) -> KgError {
        KgError::Curated {
            path: self.path.clone(),
            line,
            column: self.columns.get(column).map_or(1, |i| i + 1),
            reason: reason.into(),
        }
    }

    fn required<'r>(
        &self,
        line: u64,
        row: &'r csv::StringRecord,
        column: &str,
    ) -> Result<&'r str, KgError> {
        self.get(row, column)
            .ok_or_else(|| self.err(line, column, format!("empty required field {column:?}")))
    }
}

fn read_table(path: &Path) -> Result<Table, KgError> {
    let bytes = std::fs::read(path).map_err(|source| KgError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let bad = |line: u64, column: usize, reason: String| KgError::Curated {
        path: path.to_path_buf(),
        line,
        column,
        reason,
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(bad(1, 1, "empty file: expected a header line".into()));
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u64;
        return Err(bad(line, 1, "binary data (NUL byte), not CSV".into()));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(bytes.as_slice());
    let csv_err = |e: csv::Error| {
        let line = e.position().map_or(1, |p| p.line());
        let column = match e.kind() {
            csv::ErrorKind::UnequalLengths { len, .. } => *len as usize + 1,
            csv::ErrorKind::Utf8 { err, .. } => err.field() + 1,
            _ => 1,
        };
        let reason = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!("expected {expected_len} fields, found {len}"),
            csv::ErrorKind::Utf8 { .. } => "invalid UTF-8".to_string(),
            _ => e.to_string(),
        };
        bad(line, column, reason)
    };
    let header = reader.headers().map_err(csv_err)?.clone();
    let columns: HashMap<String, usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim().trim_start_matches('\u{feff}').to_lowercase(), i))
        .collect();
    let kind = if columns.contains_key("id")
        && columns.contains_key("name")
        && columns.contains_key("type")
    {
        CuratedKind::Entities
    } else if columns.contains_key("subject")
        && columns.contains_key("predicate")
        && columns.contains_key("object")
    {
        CuratedKind::Relations
    } else if columns.contains_key("speaker") && columns.contains_key("content") {
        CuratedKind::Statements
    } else if columns.contains_key("name")
        && columns.contains_key("other")
        && columns.contains_key("same")
    {
        CuratedKind::SameAs
    } else {
        return Err(bad(1, 1, "unknown header: expected id,name,type (entities), subject,predicate,object (relations), speaker,content (statements) or name,other,same (identity rules)".into()));
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_err)?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        rows.push((line, record));
    }
    Ok(Table {
        path: path.to_path_buf(),
        kind,
        columns,
        rows,
    })
}

/// Lists the CSV files of a folder (sorted), or the file itself.
pub fn collect_csv(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            if let Ok(entries) = std::fs::read_dir(path) {
                out.extend(
                    entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv"))),
                );
            }
        } else {
            out.push(path.clone());
        }
    }
    out.sort();
    out
}

/// Parses and checks the identity rules among curated CSV files (`name,other,same`).
pub fn same_as_rules(paths: &[PathBuf]) -> Result<Vec<SameAsRule>, KgError> {
    let mut rules = Vec::new();
    for path in paths {
        let table = read_table(path)?;
        if table.kind != CuratedKind::SameAs {
            continue;
        }
        for (line, row) in &table.rows {
            let line = *line;
            let etype = |column: &str| -> Result<Option<EntityType>, KgError> {
                table
                    .get(row, column)
                    .map(|t| {
                        EntityType::from_name(t).ok_or_else(|| {
                            table.err(line, column, format!("unknown type {t:?}; expected Person, Organization, Country, Place or Agreement"))
                        })
                    })
                    .transpose()
            };
            let name = table.required(line, row, "name")?;
            let other = table.required(line, row, "other")?;
            let same = match table.required(line, row, "same")?.to_lowercase().as_str() {
                "yes" | "true" | "same" => true,
                "no" | "false" | "different" => false,
                v => {
                    return Err(table.err(
                        line,
                        "same",
                        format!("{v:?}: expected yes (one thing) or no (two things)"),
                    ))
                }
            };
            let rule = SameAsRule::new((name, etype("type")?), (other, etype("other_type")?), same)
                .ok_or_else(|| table.err(line, "name", "a name without letters or digits"))?;
            rules.push(rule);
        }
    }
    Ok(rules)
}

/// Parses and checks curated CSV files and returns their quads in the curated graph (identity
/// rules are the resolver's: [`same_as_rules`]).
pub fn curated_quads(paths: &[PathBuf]) -> Result<Vec<Quad>, KgError> {
    let tables = paths
        .iter()
        .map(|p| read_table(p))
        .collect::<Result<Vec<_>, _>>()?;
    let graph = NamedNode::new_unchecked(CURATED_GRAPH);
    let mut sink = QuadSink::new(graph);
    let mut ids: HashMap<String, NamedNode> = HashMap::new();
    for table in tables.iter().filter(|t| t.kind == CuratedKind::Entities) {
        for (line, row) in &table.rows {
            let id = table.required(*line, row, "id")?;
            let name = table.required(*line, row, "name")?;
            let type_name = table.required(*line, row, "type")?;
            let etype = EntityType::from_name(type_name).ok_or_else(|| {
                table.err(*line, "type", format!("unknown type {type_name:?}; expected Person, Organization, Country, Place or Agreement"))
            })?;
            let node = entity_iri(etype, name);
            sink.add(&node, RDF_TYPE, type_class(etype));
            sink.text(&node, RDFS_LABEL, name);
            if let Some(class) = table.get(row, "class") {
                if !FINE_CLASSES.contains(&class) {
                    return Err(table.err(
                        *line,
                        "class",
                        format!(
                            "unknown class {class:?}; expected one of {}",
                            FINE_CLASSES.join(", ")
                        ),
                    ));
                }
                sink.add(
                    &node,
                    RDF_TYPE,
                    NamedNode::new_unchecked(format!("{}{class}", ng::NG)),
                );
            }
            for iri in table
                .get(row, "same_as")
                .into_iter()
                .flat_map(|v| v.split('|'))
                .map(str::trim)
                .filter(|v| !v.is_empty())
            {
                let target = NamedNode::new(iri)
                    .map_err(|e| table.err(*line, "same_as", format!("bad IRI {iri:?}: {e}")))?;
                sink.add(&node, ng::OWL_SAME_AS, target);
            }
            for alias in table
                .get(row, "aliases")
                .into_iter()
                .flat_map(|v| v.split('|'))
                .map(str::trim)
                .filter(|v| !v.is_empty())
            {
                sink.text(&node, ng::ALIAS, alias);
            }
            if let Some(desc) = table.get(row, "description") {
                sink.text(&node, ng::DESCRIPTION, desc);
            }
            sink.text(
                &node,
                ng::SOURCE,
                &format!("curated:{}:{line}", file_name(&table.path)),
            );
            ids.insert(id.to_string(), node);
        }
    }
    let resolve =
        |table: &Table, line: u64, column: &str, value: &str| -> Result<NamedNode, KgError> {
            if let Some(node) = ids.get(value) {
                return Ok(node.clone());
            }
            if let Some((ty, name)) = value.split_once(':') {
                if let Some(etype) = EntityType::from_name(ty) {
                    return Ok(entity_iri(etype, name.trim()));
                }
            }
            Err(table.err(
                line,
                column,
                format!("unknown entity {value:?}: not an id of an entities file, nor Type:Name"),
            ))
        };
    for table in &tables {
        let file = file_name(&table.path);
        for (line, row) in &table.rows {
            let node = NamedNode::new_unchecked(format!("{ID}curated/{}/{line}", slug(&file)));
            match table.kind {
                CuratedKind::Entities | CuratedKind::SameAs => continue,
                CuratedKind::Relations => {
                    let predicate_name = table.required(*line, row, "predicate")?;
                    let predicate = Predicate::from_name(predicate_name).ok_or_else(|| {
                        table.err(
                            *line,
                            "predicate",
                            format!("unknown predicate {predicate_name:?}; expected affiliatedWith, basedIn, locatedIn, partyTo, nationality or said"),
                        )
                    })?;
                    let subject = resolve(
                        table,
                        *line,
                        "subject",
                        table.required(*line, row, "subject")?,
                    )?;
                    let object = resolve(
                        table,
                        *line,
                        "object",
                        table.required(*line, row, "object")?,
                    )?;
                    let property = predicate_property(predicate);
                    sink.add(&subject, property, object.clone());
                    let role = table.get(row, "role");
                    let date = table.get(row, "date");
                    if let Some(date) = date {
                        check_date(table, *line, date)?;
                    }
                    if predicate == Predicate::AffiliatedWith {
                        // The same post node as articles that state it.
                        let post = post_iri(&subject, role, &object);
                        sink.add(&post, RDF_TYPE, ng::POST);
                        sink.add(&post, ng::HOLDER, subject.clone());
                        sink.add(&post, ng::POST_IN, object.clone());
                        if let Some(role) = role {
                            sink.text(&post, ng::ROLE, role);
                        }
                        if let Some(date) = date {
                            sink.add(&post, ng::SINCE, date_literal(date));
                        }
                        sink.add(&subject, ng::HOLDS_POST, post.clone());
                        sink.add(&node, ng::ABOUT_POST, post);
                    }
                    sink.add(&node, RDF_TYPE, ng::ASSERTION);
                    sink.add(&node, ng::ASSERTED_SUBJECT, subject);
                    sink.add(&node, ng::ASSERTED_PREDICATE, property);
                    sink.add(&node, ng::ASSERTED_OBJECT, object);
                    if let Some(date) = date {
                        sink.add(&node, ng::SINCE, date_literal(date));
                    }
                    if let Some(conf) = table.get(row, "confidence") {
                        let value: f64 = conf
                            .parse()
                            .ok()
                            .filter(|v| (0.0..=1.0).contains(v))
                            .ok_or_else(|| {
                                table.err(
                                    *line,
                                    "confidence",
                                    format!("{conf:?} is not a number between 0 and 1"),
                                )
                            })?;
                        sink.add(&node, ng::CONFIDENCE, decimal(value));
                    }
                }
                CuratedKind::Statements => {
                    let speaker = resolve(
                        table,
                        *line,
                        "speaker",
                        table.required(*line, row, "speaker")?,
                    )?;
                    let content = table.required(*line, row, "content")?;
                    let direct = match table.get(row, "direct").map(str::to_lowercase).as_deref() {
                        None | Some("false") | Some("no") | Some("0") => false,
                        Some("true") | Some("yes") | Some("1") => true,
                        Some(other) => {
                            return Err(table.err(
                                *line,
                                "direct",
                                format!("{other:?} is not true or false"),
                            ))
                        }
                    };
                    sink.add(&node, RDF_TYPE, ng::STATEMENT);
                    sink.add(&node, ng::SPEAKER, speaker.clone());
                    sink.add(&speaker, ng::SAID, node.clone());
                    sink.text(&node, ng::CONTENT, content);
                    if direct {
                        sink.text(&node, ng::QUOTE, content);
                    }
                    sink.add(&node, ng::DIRECT, Literal::from(direct));
                    if let Some(verb) = table.get(row, "verb") {
                        sink.text(&node, ng::SPEECH_VERB, verb);
                    }
                    if let Some(date) = table.get(row, "date") {
                        check_date(table, *line, date)?;
                        sink.add(&node, ng::DATE, date_literal(date));
                    }
                }
            }
            let source = table.get(row, "source").map_or_else(
                || format!("curated:{file}:{line}"),
                |s| format!("curated:{file}:{line}: {s}"),
            );
            sink.text(&node, ng::SOURCE, &source);
        }
    }
    Ok(super::to_rdf::dedup_quads(sink.quads))
}

fn check_date(table: &Table, line: u64, date: &str) -> Result<(), KgError> {
    let ok = match date.len() {
        4 => date.chars().all(|c| c.is_ascii_digit()),
        7 | 10 => crate::ingest::parse_date(
            &format!("{date}{}", if date.len() == 7 { "-01" } else { "" }),
            None,
        )
        .is_some(),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(table.err(
            line,
            "date",
            format!("{date:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        ))
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn curated_reads_entities_relations_statements() {
        let dir = tempfile::tempdir().unwrap();
        let e = write(dir.path(), "e.csv", "id,name,type,class,same_as\nhrw,Rights Watchers,Organization,NGO,\nno,Norway,Country,,http://www.wikidata.org/entity/Q20\n");
        let r = write(dir.path(), "r.csv", "subject,predicate,object,role,date\nhrw,basedIn,no,,\nPerson:Kari Dahl,affiliatedWith,hrw,director,2019\n");
        let s = write(
            dir.path(),
            "s.csv",
            "speaker,content,direct\nhrw,\"We said \"\"no\"\", twice\",true\n",
        );
        let quads = curated_quads(&[e, r, s]).unwrap();
        let text: Vec<String> = quads.iter().map(|q| q.to_string()).collect();
        assert!(text.iter().any(|t| t.contains("organization/rights-watchers> <https://w3id.org/newsgraph/ontology#basedIn> <https://w3id.org/newsgraph/id/country/norway>")));
        assert!(text.iter().any(|t| t.contains("\"director\"")));
        assert!(text.iter().any(|t| t.contains("We said \\\"no\\\", twice")));
    }

    #[test]
    fn curated_errors_name_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let check = |name: &str, text: &str, expected: &str| {
            let path = write(dir.path(), name, text);
            let err = curated_quads(&[path]).unwrap_err().to_string();
            assert!(err.ends_with(expected), "{err}");
            assert!(err.contains(name), "{err}");
        };
        check("a.csv", "id,name,type\nx,Y,Planet\n", ":2:3: unknown type \"Planet\"; expected Person, Organization, Country, Place or Agreement");
        check(
            "b.csv",
            "id,name,type\nx,Y\n",
            ":2:3: expected 3 fields, found 2",
        );
        check("c.csv", "subject,predicate,object\nx,knows,y\n", ":2:2: unknown predicate \"knows\"; expected affiliatedWith, basedIn, locatedIn, partyTo, nationality or said");
        check("d.csv", "", ":1:1: empty file: expected a header line");
        check("e.csv", "foo,bar\n1,2\n", ":1:1: unknown header: expected id,name,type (entities), subject,predicate,object (relations), speaker,content (statements) or name,other,same (identity rules)");
        check(
            "f.csv",
            "subject,predicate,object,role,date\nPerson:A,affiliatedWith,Country:B,x,2019-13-01\n",
            ":2:5: \"2019-13-01\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
        );
    }

    #[test]
    fn identity_rules_are_read_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "same-as.csv",
            "name,other,same,type,other_type\nScholz,Olaf Scholz,yes,Person,Person\nInterior Ministry,Ministry of the Interior,no,,\n",
        );
        let rules = same_as_rules(std::slice::from_ref(&path)).unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].a, ("Scholz".to_string(), Some(EntityType::Person)));
        assert_eq!(rules[0].b.0, "Olaf Scholz");
        assert!(rules[0].same && !rules[1].same);
        assert_eq!(rules[1].b, ("Ministry of the Interior".to_string(), None));
        // Identity rules add no facts.
        assert!(curated_quads(&[path]).unwrap().is_empty());
        let bad = write(dir.path(), "bad.csv", "name,other,same\nA,B,maybe\n");
        let err = same_as_rules(&[bad]).unwrap_err().to_string();
        assert!(
            err.ends_with(":2:3: \"maybe\": expected yes (one thing) or no (two things)"),
            "{err}"
        );
    }
}
