//! Reading articles: files, folders or stdin to [`Doc`]s with text and metadata.
//!
//! Reads `.txt`, `.md`, `.html`/`.htm` and `.jsonl` (one article per line, with `text` and
//! optional `url`, `title`, `author`, `date`/`published`, `publisher`, `id`). Writes
//! `Doc::text`, `Doc::metadata`, `Doc::skipped` and `Doc::body_start`. This is the only module
//! that reads article files. Offsets always refer to the text as read: page furniture ("top of
//! page", share links) and the header lines are recorded in `Doc::skipped`, never deleted. For
//! a web page the text "as read" is its article body, without the page's furniture, and its
//! metadata is what the page declares (see [`html`]); `extract --format text` shows both.

pub mod html;
pub mod metadata;

use crate::doc::Doc;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use thiserror::Error;

pub use metadata::{detect_metadata, parse_date};

/// Errors reading an article.
#[derive(Debug, Error)]
pub enum IngestError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is empty or holds only whitespace.
    #[error("{path}: empty file, no article text")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file holds binary data.
    #[error("{path}: binary file (NUL byte at byte {offset}), not an article")]
    Binary {
        /// The file.
        path: PathBuf,
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// The file is not valid UTF-8.
    #[error("{path}:{line}: invalid UTF-8 (byte {offset})")]
    Utf8 {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The file starts with a UTF-16 byte-order mark but is not valid UTF-16.
    #[error("{path}: invalid UTF-16")]
    Utf16 {
        /// The file.
        path: PathBuf,
    },
    /// A web page in which no article text was found.
    #[error("{path}: no article text found in the page")]
    NoArticleText {
        /// The file.
        path: PathBuf,
    },
    /// Reading the file hit a bug (a panic, caught); the run goes on without it.
    #[error("{path}: internal error while reading: {message}")]
    Panic {
        /// The file.
        path: PathBuf,
        /// The panic's message and source location.
        message: String,
    },
    /// A JSON Lines record is malformed.
    #[error("{path}:{line}: {reason}")]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
}

/// The input formats this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Plain text (also Markdown).
    Text,
    /// HTML.
    Html,
    /// JSON Lines, one article per line.
    JsonLines,
}

impl InputFormat {
    /// Guesses the format from a file extension; `None` for files that are not articles.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "md" | "markdown" | "text" => Some(InputFormat::Text),
            "html" | "htm" | "xhtml" => Some(InputFormat::Html),
            "jsonl" | "ndjson" => Some(InputFormat::JsonLines),
            _ => None,
        }
    }
}

/// The article files found under the inputs, and the folders that could not be read.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Article files, sorted.
    pub files: Vec<PathBuf>,
    /// Folders that could not be listed (reported and skipped, like unreadable files).
    pub skipped: Vec<IngestError>,
    /// The folders given, under which articles are named.
    pub roots: Vec<PathBuf>,
}

impl Inputs {
    /// An article's name, its identity in the graph: its path under the folder given that
    /// holds it (`2024/news.txt`), or for a file given by itself, its file name. Two files of
    /// the same name in different folders are two articles.
    pub fn name_of(&self, path: &Path) -> String {
        self.roots
            .iter()
            .find_map(|root| path.strip_prefix(root).ok())
            .filter(|rel| !rel.as_os_str().is_empty())
            .map(|rel| {
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_else(|| file_name(path))
    }
}

/// A path's file name (the whole path when it has none).
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Expands files and folders into the list of article files, sorted, recursing into folders
/// and keeping only known article extensions there (files named explicitly are always kept).
/// A folder reached twice (through a symbolic link, or a link loop) is walked once; a folder
/// that cannot be listed is reported in [`Inputs::skipped`] and the walk goes on.
pub fn collect_paths(paths: &[PathBuf]) -> Inputs {
    let mut inputs = Inputs::default();
    let mut visited: HashSet<PathBuf> = HashSet::new();
    for path in paths {
        if !path.is_dir() {
            inputs.files.push(path.clone());
            continue;
        }
        inputs.roots.push(path.clone());
        let mut stack = vec![path.clone()];
        while let Some(dir) = stack.pop() {
            // The folder itself, whatever the path that led here.
            let real = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
            if !visited.insert(real) {
                continue;
            }
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(source) => {
                    inputs.skipped.push(IngestError::Io { path: dir, source });
                    continue;
                }
            };
            let mut subdirs = Vec::new();
            for entry in entries {
                let p = match entry {
                    Ok(entry) => entry.path(),
                    Err(source) => {
                        inputs.skipped.push(IngestError::Io {
                            path: dir.clone(),
                            source,
                        });
                        continue;
                    }
                };
                if p.is_dir() {
                    subdirs.push(p);
                } else if InputFormat::from_path(&p).is_some() {
                    inputs.files.push(p);
                }
            }
            // Deterministic: the first path (in sorted order) to a folder is the one kept.
            subdirs.sort();
            stack.extend(subdirs.into_iter().rev());
        }
    }
    inputs.files.sort();
    inputs.files.dedup();
    inputs
}

/// The default of [`set_max_article_bytes`]: 256 KiB, some 40,000 words (a long feature is a
/// tenth of that; a court transcript or a pasted report is more).
pub const DEFAULT_MAX_ARTICLE_BYTES: usize = 1 << 18;

static MAX_ARTICLE_BYTES: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(DEFAULT_MAX_ARTICLE_BYTES);

/// Sets the most bytes of text one document may hold: a longer article is read as parts
/// (`NAME#part2`, …) cut at paragraph breaks, so that the stages' time and memory stay bounded
/// whatever a file holds (a transcript, a report pasted as one article, a bad crawl).
pub fn set_max_article_bytes(bytes: usize) {
    MAX_ARTICLE_BYTES.store(bytes.max(1024), std::sync::atomic::Ordering::Relaxed);
}

/// The most bytes of text one document may hold (see [`set_max_article_bytes`]).
pub fn max_article_bytes() -> usize {
    MAX_ARTICLE_BYTES.load(std::sync::atomic::Ordering::Relaxed)
}

/// `text` cut into parts of at most `max` bytes: at the last paragraph break (else line
/// break, else space) before each limit.
fn article_parts(text: &str, max: usize) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = text;
    while rest.len() > max {
        let mut limit = max;
        while !rest.is_char_boundary(limit) {
            limit -= 1;
        }
        let head = &rest[..limit];
        let cut = ["\n\n", "\n", " "]
            .iter()
            .find_map(|sep| {
                head.rfind(sep)
                    .filter(|&at| at > max / 2)
                    .map(|at| at + sep.len())
            })
            .unwrap_or(limit);
        parts.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    parts.push(rest);
    parts
}

/// The documents of one article text: one (the text moved, not copied), or its parts when it
/// is longer than the maximum.
fn article_docs(name: &str, text: String, make: impl Fn(String, String) -> Doc) -> Vec<Doc> {
    let max = max_article_bytes();
    if text.len() <= max {
        return vec![make(name.to_string(), text)];
    }
    article_parts(&text, max)
        .into_iter()
        .enumerate()
        .map(|(k, part)| make(format!("{name}#part{}", k + 1), part.to_string()))
        .collect()
}

/// One record of an input: a document, or why that record could not be read (a malformed
/// JSON Lines line; the file's other records are read).
pub type Record = Result<Doc, IngestError>;

/// Reads one article file (or several, for JSON Lines) into documents named `name` (see
/// [`Inputs::name_of`]); the first bad record fails the whole file (see [`read_records`]).
pub fn read_path(path: &Path, name: &str) -> Result<Vec<Doc>, IngestError> {
    read_path_records(path, name)?.into_iter().collect()
}

/// Reads one article file, each of its records on its own: a bad JSON Lines line is an `Err`
/// among the file's documents.
pub fn read_path_records(path: &Path, name: &str) -> Result<Vec<Record>, IngestError> {
    let bytes = std::fs::read(path).map_err(|source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let format = InputFormat::from_path(path).unwrap_or(InputFormat::Text);
    read_records(name, path, &bytes, format)
}

/// Reads an article from bytes already in memory (stdin, tests). `name` becomes the doc id,
/// `path` is used in error messages; the first bad record fails the whole input.
pub fn read_bytes(
    name: &str,
    path: &Path,
    bytes: &[u8],
    format: InputFormat,
) -> Result<Vec<Doc>, IngestError> {
    read_records(name, path, bytes, format)?
        .into_iter()
        .collect()
}

/// Reads the records of an input from bytes in memory, each on its own.
///
/// A panic while reading is caught and returned as [`IngestError::Panic`].
pub fn read_records(
    name: &str,
    path: &Path,
    bytes: &[u8],
    format: InputFormat,
) -> Result<Vec<Record>, IngestError> {
    crate::fence::catch(|| read_unfenced(name, path, bytes, format)).unwrap_or_else(|message| {
        Err(IngestError::Panic {
            path: path.to_path_buf(),
            message,
        })
    })
}

fn read_unfenced(
    name: &str,
    path: &Path,
    bytes: &[u8],
    format: InputFormat,
) -> Result<Vec<Record>, IngestError> {
    // UTF-16 text (with its byte-order mark) is full of NUL bytes; it is decoded, not refused.
    let utf16 = encoding_rs::Encoding::for_bom(bytes).filter(|(e, _)| *e != encoding_rs::UTF_8);
    if let Some(offset) = memchr::memchr(0, bytes).filter(|_| utf16.is_none()) {
        return Err(IngestError::Binary {
            path: path.to_path_buf(),
            offset,
        });
    }
    if format == InputFormat::Html {
        return read_html(name, path, &html::decode(bytes)).map(records);
    }
    let decoded: std::borrow::Cow<'_, str> = match utf16 {
        Some((encoding, bom)) => encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .ok_or_else(|| IngestError::Utf16 {
                path: path.to_path_buf(),
            })?,
        None => std::borrow::Cow::Borrowed(std::str::from_utf8(bytes).map_err(|e| {
            let offset = e.valid_up_to();
            IngestError::Utf8 {
                path: path.to_path_buf(),
                line: 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count(),
                offset,
            }
        })?),
    };
    if let Some(offset) = decoded.find('\0') {
        return Err(IngestError::Binary {
            path: path.to_path_buf(),
            offset,
        });
    }
    let text = decoded.as_ref();
    // A byte-order mark is not part of the article.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    match format {
        InputFormat::Text => Ok(records(article_docs(name, text.to_string(), |id, part| {
            text_doc(&id, part)
        }))),
        InputFormat::Html => read_html(name, path, text).map(records),
        InputFormat::JsonLines => read_jsonl(name, path, text),
    }
}

fn records(docs: Vec<Doc>) -> Vec<Record> {
    docs.into_iter().map(Ok).collect()
}

/// A web page: its article body as the document text, its metadata onto the document.
fn read_html(name: &str, path: &Path, text: &str) -> Result<Vec<Doc>, IngestError> {
    let page = html::read(text);
    if page.text.trim().is_empty() {
        return Err(IngestError::NoArticleText {
            path: path.to_path_buf(),
        });
    }
    let html::Page { text, metadata } = page;
    Ok(article_docs(name, text, |id, part| {
        let mut doc = Doc::new(id, part);
        // What the page declares; the conventions of wire copy found in the text only
        // complete it.
        doc.metadata = metadata.clone();
        detect_metadata(&mut doc);
        doc
    }))
}

fn text_doc(name: &str, text: String) -> Doc {
    let mut doc = Doc::new(name, text);
    detect_metadata(&mut doc);
    doc
}

/// The records of a JSON Lines file: a bad line (malformed, no text, an id already taken by
/// an earlier line) is an `Err` naming it, and the other lines are read.
fn read_jsonl(name: &str, path: &Path, text: &str) -> Result<Vec<Record>, IngestError> {
    let mut records = Vec::new();
    // Where each id was first seen: one id is one article, so a second record with it is an
    // error, not a merge.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line_idx, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match read_jsonl_line(name, line_idx + 1, line, &mut seen) {
            Ok(docs) => records.extend(docs.into_iter().map(Ok)),
            Err(reason) => records.push(Err(IngestError::Json {
                path: path.to_path_buf(),
                line: line_idx + 1,
                reason,
            })),
        }
    }
    if records.is_empty() {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(records)
}

/// The documents of line `line` of a JSON Lines file, or what is wrong with it.
fn read_jsonl_line(
    name: &str,
    line: usize,
    text: &str,
    seen: &mut HashMap<String, usize>,
) -> Result<Vec<Doc>, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("malformed JSON: {e}"))?;
    let obj = value
        .as_object()
        .ok_or_else(|| "expected a JSON object".to_string())?;
    // A NUL written as `\u0000` is no text either: it reads as U+FFFD, as a browser reads
    // `&#0;` (raw NUL bytes make the file binary).
    let field = |key: &str| {
        obj.get(key)
            .and_then(|v| v.as_str())
            .map(|v| v.replace('\0', "\u{fffd}"))
    };
    let body = field("text").ok_or_else(|| "missing string field \"text\"".to_string())?;
    if body.trim().is_empty() {
        return Err("empty \"text\"".into());
    }
    let id = field("id").unwrap_or_else(|| format!("{name}#{line}"));
    if let Some(&first) = seen.get(&id) {
        return Err(format!(
            "id {id:?} is also the id of line {first}; each article needs its own id \
             (this line is skipped)"
        ));
    }
    seen.insert(id.clone(), line);
    Ok(article_docs(&id, body, |id, part| {
        let mut doc = Doc::new(id, part);
        detect_metadata(&mut doc);
        record_metadata(&mut doc.metadata, &field);
        doc
    }))
}

/// What a JSON Lines record says of its article, over what its text suggests.
fn record_metadata(meta: &mut crate::doc::Metadata, field: &dyn Fn(&str) -> Option<String>) {
    if let Some(v) = field("title") {
        meta.title = Some(v);
    }
    if let Some(v) = field("author") {
        meta.author = Some(v);
    }
    if let Some(v) = field("published").or_else(|| field("date")) {
        meta.published = Some(parse_date(&v, None).unwrap_or(v));
    }
    if let Some(v) = field("publisher") {
        meta.publisher = Some(v);
    }
    if let Some(v) = field("url") {
        meta.url = Some(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_nul_characters_never_reach_a_document() {
        let line = br#"{"id":"n","text":"Angela Merkel\u0000 spoke.","title":"T\u0000"}"#;
        let docs = read(line, InputFormat::JsonLines).expect("reads");
        assert_eq!(docs[0].text, "Angela Merkel\u{fffd} spoke.");
        assert_eq!(docs[0].metadata.title.as_deref(), Some("T\u{fffd}"));
        let page = b"<article><p>Angela Merkel&#0; spoke in Berlin on Monday about the budget \
            of the union and its economy, and about the coming elections.</p></article>";
        let docs = read(page, InputFormat::Html).expect("reads");
        assert!(!docs[0].text.contains('\0'), "{}", docs[0].text);
    }

    #[test]
    fn long_articles_are_read_as_parts_cut_at_paragraphs() {
        let para = "A paragraph of the report. ".repeat(10);
        let text = vec![para.as_str(); 200].join("\n\n");
        let parts = article_parts(&text, 4096);
        assert!(parts.len() > 1);
        assert_eq!(parts.concat(), text, "nothing is lost");
        for part in &parts {
            assert!(part.len() <= 4096);
        }
        for part in &parts[..parts.len() - 1] {
            assert!(part.ends_with("\n\n"), "cut at a paragraph break");
        }
        assert_eq!(article_parts("short", 4096), ["short"]);
    }

    fn read(text: &[u8], format: InputFormat) -> Result<Vec<Doc>, IngestError> {
        read_bytes("a.txt", Path::new("a.txt"), text, format)
    }

    #[test]
    fn ingest_rejects_empty_binary_and_bad_utf8() {
        assert!(matches!(
            read(b"  \n", InputFormat::Text),
            Err(IngestError::Empty { .. })
        ));
        assert!(matches!(
            read(b"ab\0c", InputFormat::Text),
            Err(IngestError::Binary { offset: 2, .. })
        ));
        let err = read(b"line one\nline \xff two", InputFormat::Text).unwrap_err();
        assert!(matches!(err, IngestError::Utf8 { line: 2, .. }), "{err}");
        assert_eq!(err.to_string(), "a.txt:2: invalid UTF-8 (byte 14)");
    }

    #[cfg(unix)]
    #[test]
    fn ingest_walks_each_folder_once_through_link_loops() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir(root.join("a")).expect("mkdir");
        std::fs::write(root.join("a/one.txt"), "Rome.").expect("write");
        std::os::unix::fs::symlink(root, root.join("a/loop")).expect("link");
        std::os::unix::fs::symlink(root.join("a"), root.join("again")).expect("link");
        let inputs = collect_paths(&[root.to_path_buf()]);
        assert_eq!(inputs.files, [root.join("a/one.txt")]);
        // Named by their path under the folder given; a file given by itself by its name.
        assert_eq!(inputs.name_of(&root.join("a/one.txt")), "a/one.txt");
        assert_eq!(inputs.name_of(Path::new("/elsewhere/two.txt")), "two.txt");
        assert!(inputs.skipped.is_empty());
    }

    #[test]
    fn ingest_decodes_utf16_with_its_byte_order_mark() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "Rome is in Italy.".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let docs = read(&bytes, InputFormat::Text).expect("UTF-16 text");
        assert_eq!(docs[0].text, "Rome is in Italy.");
        assert!(matches!(
            read(&[0xff, 0xfe, 0x00, 0xd8], InputFormat::Text),
            Err(IngestError::Utf16 { .. })
        ));
    }

    #[test]
    fn ingest_jsonl_reads_fields_and_names_bad_line() {
        let docs = read(
            b"{\"text\": \"Hello there.\", \"title\": \"T\", \"date\": \"2020-01-02\"}\n\n{\"text\": \"Again.\", \"id\": \"x\"}\n",
            InputFormat::JsonLines,
        )
        .unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "a.txt#1");
        assert_eq!(docs[0].metadata.title.as_deref(), Some("T"));
        assert_eq!(docs[0].metadata.published.as_deref(), Some("2020-01-02"));
        assert_eq!(docs[1].id, "x");
        let err = read(b"{\"text\": \"ok\"}\n{broken\n", InputFormat::JsonLines).unwrap_err();
        assert!(
            err.to_string().starts_with("a.txt:2: malformed JSON"),
            "{err}"
        );
        // Record by record, the bad line is one record among the others.
        let records = read_records(
            "f.jsonl",
            Path::new("f.jsonl"),
            b"{\"text\": \"One.\"}\n{broken\n{\"text\": \"Three.\", \"id\": \"t\"}\n{\"text\": \"Four.\", \"id\": \"t\"}\n",
            InputFormat::JsonLines,
        )
        .expect("records");
        let shown: Vec<String> = records
            .iter()
            .map(|r| match r {
                Ok(doc) => doc.id.clone(),
                Err(err) => err.to_string(),
            })
            .collect();
        assert_eq!(shown.len(), 4, "{shown:?}");
        assert_eq!(shown[0], "f.jsonl#1");
        assert!(
            shown[1].starts_with("f.jsonl:2: malformed JSON"),
            "{shown:?}"
        );
        assert_eq!(shown[2], "t");
        assert!(
            shown[3].starts_with("f.jsonl:4: id \"t\" is also the id of line 3"),
            "{shown:?}"
        );
        let err = read(b"{\"title\": \"no text\"}\n", InputFormat::JsonLines).unwrap_err();
        assert!(err.to_string().contains("missing string field"), "{err}");
    }

    #[test]
    fn ingest_html_keeps_text_drops_script() {
        let docs = read(
            b"<html><head><title>Head</title><script>var x=1;</script></head><body><nav>Menu</nav><p>Body text here.</p></body></html>",
            InputFormat::Html,
        )
        .unwrap();
        assert_eq!(docs[0].text, "Body text here.");
        assert_eq!(docs[0].metadata.title.as_deref(), Some("Head"));
    }
}
