//! Web pages: the article body and the page's own metadata, nothing of its furniture.
//!
//! After a pre-pass over the bytes ([`prepare()`]: what is never text, and the content of
//! menus, sidebars and footers, goes), the page is parsed by html5ever, the HTML5 parsing algorithm browsers use (through
//! `scraper`), copied into a flat tree ([`dom`]), and read twice: [`page_meta`] for what the
//! page declares about itself (JSON-LD, OpenGraph, `<meta>`, `<time>`, canonical link,
//! language), [`main_text`] for the article body as paragraphs. Word lists and patterns live in
//! `data/html/`.

pub mod dom;
pub mod main_text;
pub mod page_meta;
mod prepare;

pub use prepare::{prepare, MAX_DEPTH};

use crate::doc::Metadata;
use encoding_rs::Encoding;
use std::borrow::Cow;

/// What is read from a page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The article body, paragraphs separated by blank lines (with the headline when the body
    /// holds it).
    pub text: String,
    /// What the page declares about itself.
    pub metadata: Metadata,
}

/// The characters of a page's bytes, as a browser decodes them: a byte-order mark, else UTF-8
/// when the bytes are valid UTF-8, else the charset the page declares in its first 1,024
/// bytes, else windows-1252 (the web's legacy default). Bytes invalid in that encoding become
/// U+FFFD; decoding never fails.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom..]).0;
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let head = &bytes[..bytes.len().min(1024)];
    let declared = head
        .windows(8)
        .position(|w| w.eq_ignore_ascii_case(b"charset="))
        .and_then(|at| {
            let rest = &head[at + 8..];
            let rest = rest
                .strip_prefix(b"\"")
                .or(rest.strip_prefix(b"'"))
                .unwrap_or(rest);
            let end = rest
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || b"-_:.".contains(b)))
                .unwrap_or(rest.len());
            Encoding::for_label(&rest[..end])
        })
        // A page that declares UTF-8 but is not is most often windows-1252.
        .filter(|e| *e != encoding_rs::UTF_8)
        .unwrap_or(encoding_rs::WINDOWS_1252);
    declared.decode_without_bom_handling(bytes).0
}

/// Paragraphs of a JSON-LD `articleBody`: its own line breaks, HTML markup (which some sites
/// leave in it) read as HTML.
fn declared_paragraphs(declared: &str) -> String {
    let plain = if declared.contains('<') {
        let dom = dom::Dom::parse(&prepare(declared));
        main_text::paragraphs(&dom).join("\n\n")
    } else {
        declared.to_string()
    };
    plain
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Reads the article body and metadata of an HTML page.
pub fn read(html: &str) -> Page {
    let html = prepare(html);
    let dom = dom::Dom::parse(&html);
    let (metadata, article_body) = page_meta::read(&dom);
    let mut text = main_text::paragraphs(&dom).join("\n\n");
    if text.is_empty() {
        // A page that shows its article only to readers without scripts keeps it in
        // <noscript>, which the parser (scripting on, as in a browser) reads as raw text.
        let hidden: String = dom
            .elements("noscript")
            .flat_map(|i| dom.nodes[i + 1..dom.nodes[i].end].iter())
            .filter(|n| !n.is_element())
            .map(|n| n.text.as_str())
            .collect();
        if !hidden.trim().is_empty() {
            let inner = dom::Dom::parse(&prepare(&hidden));
            text = main_text::paragraphs(&inner).join("\n\n");
        }
    }
    // A page whose visible text is rendered by script declares it in JSON-LD: when the markup
    // gave less than half of it, the declared text is the article.
    if let Some(declared) = &article_body {
        if text.len() * 2 < declared.len() {
            text = declared_paragraphs(declared);
        }
    }
    Page { text, metadata }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_entities_next_to_multibyte_characters_are_read() {
        // A named reference without its semicolon before a multi-byte character once sliced
        // a character in two and aborted the whole run.
        let page = read("<p>Caf&eacute; &amp\u{e9}t\u{e9} &#233;t&eacute;&nbsp;\u{2014} &amp;\u{1F600} &zzz\u{e9};</p>");
        assert_eq!(page.text, "Café &été été — &\u{1F600} &zzzé;");
    }

    #[test]
    fn html_bytes_decode_by_declared_charset_or_windows_1252() {
        let latin = b"<meta charset=\"iso-8859-1\"><p>Caf\xe9 cr\xe8me</p>";
        assert_eq!(
            decode(latin),
            "<meta charset=\"iso-8859-1\"><p>Café crème</p>"
        );
        assert_eq!(
            decode(b"<p>\x93quoted\x94</p>"),
            "<p>\u{201c}quoted\u{201d}</p>"
        );
        assert_eq!(decode("<p>\u{e9}</p>".as_bytes()), "<p>\u{e9}</p>");
        let utf16 = b"\xff\xfe<\0p\0>\0";
        assert_eq!(decode(utf16), "<p>");
    }

    #[test]
    fn html_declared_article_body_stands_in_for_text_rendered_by_script() {
        let page = read(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Vote",
            "articleBody":"The assembly voted on Monday to delay the budget by a month.\nThe opposition walked out before the vote."}
            </script><body><div id=app>Loading</div></body>"#,
        );
        assert_eq!(
            page.text,
            "The assembly voted on Monday to delay the budget by a month.\n\nThe opposition walked out before the vote."
        );
    }

    #[test]
    fn html_article_shown_only_without_scripts_is_read_from_noscript() {
        let page = read(
            "<body><div itemprop=articleBody><script type=text/template><p>x</p></script>\
             <noscript><p>The council approved the new bridge on Tuesday, after a debate \
             that lasted most of the night.</p></noscript></div></body>",
        );
        assert!(
            page.text.starts_with("The council approved the new bridge"),
            "{}",
            page.text
        );
    }

    #[test]
    fn html_page_gives_body_and_metadata() {
        let page = read(
            "<html lang=en><head><title>Head</title><script>var x=1;</script></head>\
             <body><nav>Menu</nav><h1>Head</h1><p>Body text here.</p></body></html>",
        );
        assert_eq!(page.text, "Head\n\nBody text here.");
        assert_eq!(page.metadata.title.as_deref(), Some("Head"));
        assert_eq!(page.metadata.language.as_deref(), Some("en"));
    }
}
