//! CoNLL-2003-style IOB2 files: reading them (errors name the line), tagging them with the
//! model in story-sized blocks, and conlleval-style exact-span scoring.

use super::super::features::DocContext;
use super::model::{CrfError, NerModel};
use crate::nlp::resources::Resources;
use std::collections::BTreeMap;
use std::path::Path;

/// One sentence of a CoNLL file: tokens, gold tags, and the line of its first token.
#[derive(Debug, Clone, PartialEq)]
pub struct ConllSentence {
    /// Tokens (first column).
    pub words: Vec<String>,
    /// Gold tags (last column), IOB2.
    pub tags: Vec<String>,
    /// 1-based line of the first token.
    pub line: usize,
}

/// Reads a CoNLL file: first column the token, last column the IOB tag, blank lines between
/// sentences, `-DOCSTART-` lines ignored.
pub fn read_conll(path: &Path) -> Result<Vec<ConllSentence>, CrfError> {
    let bytes = std::fs::read(path).map_err(|source| CrfError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        CrfError::Conll {
            path: path.to_path_buf(),
            line: 1 + e.as_bytes()[..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
            reason: "invalid UTF-8".into(),
        }
    })?;
    parse_conll(&text, path)
}

/// Parses CoNLL text (see [`read_conll`]).
pub fn parse_conll(text: &str, path: &Path) -> Result<Vec<ConllSentence>, CrfError> {
    let mut out = Vec::new();
    let mut cur = ConllSentence {
        words: Vec::new(),
        tags: Vec::new(),
        line: 1,
    };
    for (idx, line) in text.lines().enumerate() {
        let line_no = idx + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with("-DOCSTART-") {
            if !cur.words.is_empty() {
                out.push(std::mem::replace(
                    &mut cur,
                    ConllSentence {
                        words: Vec::new(),
                        tags: Vec::new(),
                        line: line_no + 1,
                    },
                ));
            } else {
                cur.line = line_no + 1;
            }
            continue;
        }
        let cols: Vec<&str> = trimmed.split_whitespace().collect();
        let bad = |reason: String| CrfError::Conll {
            path: path.to_path_buf(),
            line: line_no,
            reason,
        };
        if cols.len() < 2 {
            return Err(bad(format!(
                "expected a token and a tag, found {:?}",
                trimmed
            )));
        }
        let tag = cols[cols.len() - 1];
        let valid =
            tag == "O" || (tag.len() > 2 && (tag.starts_with("B-") || tag.starts_with("I-")));
        if !valid {
            return Err(bad(format!(
                "{tag:?} is not an IOB tag (O, B-TYPE or I-TYPE)"
            )));
        }
        cur.words.push(cols[0].to_string());
        cur.tags.push(tag.to_string());
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Exact spans `(start, end, type)` of an IOB2 (or IOB1) tag sequence, conlleval style.
pub fn spans(tags: &[String]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (prefix, ty) = tag.split_once('-').unwrap_or(("O", ""));
        let continues = prefix == "I" && cur.as_ref().is_some_and(|(_, t)| t == ty);
        if !continues {
            if let Some((s, t)) = cur.take() {
                out.push((s, i, t));
            }
            if prefix == "B" || prefix == "I" {
                cur = Some((i, ty.to_string()));
            }
        }
    }
    if let Some((s, t)) = cur {
        out.push((s, tags.len(), t));
    }
    out
}

/// Precision, recall and F1 per type and overall.
#[derive(Debug, Default, Clone)]
pub struct SpanScores {
    /// Type → (true positives, predicted, gold).
    pub counts: BTreeMap<String, (usize, usize, usize)>,
}

impl SpanScores {
    /// Adds one sentence.
    pub fn add(&mut self, gold: &[String], predicted: &[String]) {
        let g = spans(gold);
        let p = spans(predicted);
        for s in &p {
            let e = self.counts.entry(s.2.clone()).or_default();
            e.1 += 1;
            if g.contains(s) {
                e.0 += 1;
            }
        }
        for s in &g {
            self.counts.entry(s.2.clone()).or_default().2 += 1;
        }
    }

    /// (precision, recall, F1) of one type, or of all types when `ty` is `None`.
    pub fn prf(&self, ty: Option<&str>) -> (f64, f64, f64) {
        let (tp, pred, gold) = self
            .counts
            .iter()
            .filter(|(t, _)| ty.is_none_or(|x| x == t.as_str()))
            .fold((0, 0, 0), |a, (_, c)| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
        let p = if pred == 0 {
            0.0
        } else {
            tp as f64 / pred as f64
        };
        let r = if gold == 0 {
            0.0
        } else {
            tp as f64 / gold as f64
        };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f)
    }

    /// A conlleval-like report.
    pub fn report(&self) -> String {
        let (p, r, f) = self.prf(None);
        let mut out = format!("all        precision {p:.4}  recall {r:.4}  F1 {f:.4}\n");
        for ty in self.counts.keys() {
            let (p, r, f) = self.prf(Some(ty));
            out.push_str(&format!(
                "{ty:<10} precision {p:.4}  recall {r:.4}  F1 {f:.4}\n"
            ));
        }
        out
    }
}

/// Document contexts for CoNLL sentences, and for each sentence the index of its context.
/// The files carry no document markers, but every Reuters story opens with a headline and a
/// dateline sentence ("LONDON 1996-08-30"), so a document starts one sentence before each
/// dateline; stories longer than `block` sentences are cut into blocks.
pub fn block_contexts(
    sentences: &[ConllSentence],
    res: &Resources,
    block: usize,
) -> (Vec<DocContext>, Vec<usize>) {
    let is_dateline = |s: &ConllSentence| {
        s.words.len() <= 8
            && s.words.last().is_some_and(|w| {
                let b = w.as_bytes();
                b.len() == 10
                    && b[4] == b'-'
                    && b[7] == b'-'
                    && w.chars().filter(char::is_ascii_digit).count() == 8
            })
    };
    let mut starts = vec![0];
    for idx in 1..sentences.len() {
        let last = *starts.last().unwrap_or(&0);
        if (idx + 1 < sentences.len() && is_dateline(&sentences[idx + 1]) && idx > last)
            || idx - last >= block.max(1)
        {
            starts.push(idx);
        }
    }
    let mut contexts = Vec::with_capacity(starts.len());
    let mut doc_of = vec![0; sentences.len()];
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(sentences.len());
        let words: Vec<Vec<&str>> = sentences[start..end]
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        contexts.push(DocContext::new(res, words.iter().map(Vec::as_slice)));
        doc_of[start..end].iter_mut().for_each(|d| *d = n);
    }
    (contexts, doc_of)
}

/// Tags CoNLL sentences with a model, returning predicted tags per sentence.
pub fn tag_conll(
    model: &NerModel,
    sentences: &[ConllSentence],
    res: &Resources,
    block: usize,
) -> Result<Vec<Vec<String>>, CrfError> {
    let (contexts, doc_of) = block_contexts(sentences, res, block);
    let mut out = Vec::with_capacity(sentences.len());
    let mut start = 0;
    while start < sentences.len() {
        let end = (start..sentences.len())
            .find(|&k| doc_of[k] != doc_of[start])
            .unwrap_or(sentences.len());
        let words: Vec<Vec<&str>> = sentences[start..end]
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        let slices: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
        out.extend(model.tag_document(&slices, res, &contexts[doc_of[start]]));
        start = end;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn crf_spans_follow_conlleval() {
        assert_eq!(
            spans(&tags("B-PER I-PER O B-LOC I-ORG")),
            vec![
                (0, 2, "PER".into()),
                (3, 4, "LOC".into()),
                (4, 5, "ORG".into())
            ]
        );
        let mut scores = SpanScores::default();
        scores.add(&tags("B-PER I-PER O B-LOC"), &tags("B-PER O O B-LOC"));
        let (p, r, _) = scores.prf(None);
        assert_eq!((p, r), (0.5, 0.5));
    }

    #[test]
    fn crf_conll_errors_name_the_line() {
        let err = parse_conll("EU B-ORG\nrejects\n", Path::new("x.conll")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.conll:2: expected a token and a tag, found \"rejects\""
        );
        let err = parse_conll("EU B-ORG\n\nA BAD\n", Path::new("x.conll")).unwrap_err();
        assert!(err.to_string().starts_with("x.conll:3:"), "{err}");
        let sents = parse_conll(
            "-DOCSTART- O\n\nEU B-ORG\nrejects O\n\nA O\n",
            Path::new("x"),
        )
        .unwrap();
        assert_eq!(sents.len(), 2);
        assert_eq!(sents[0].line, 3);
    }
}
