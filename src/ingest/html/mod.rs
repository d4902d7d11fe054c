//! Web pages: the article body and the page's own metadata, nothing of its furniture.
//!
//! The page is parsed by html5ever, the HTML5 parsing algorithm browsers use (through
//! `scraper`), copied into a flat tree ([`dom`]), and read twice: [`page_meta`] for what the
//! page declares about itself (JSON-LD, OpenGraph, `<meta>`, `<time>`, canonical link,
//! language), [`main_text`] for the article body as paragraphs. Word lists and patterns live in
//! `data/html/`.

pub mod dom;
pub mod main_text;
pub mod page_meta;

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

/// Nesting deeper than this is flattened before parsing. Real pages stay far below it; the
/// HTML5 tree builder checks the stack of open elements at each start tag, so a hostile page
/// of 100,000 nested elements would take minutes.
pub const MAX_DEPTH: usize = 512;

/// Elements that never have an end tag, or whose end tag the parser implies, so that they do
/// not deepen the nesting however many a page holds.
const NOT_NESTING: [&str; 26] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
    "tbody", "thead",
];

/// The page as the parser gets it: comments removed and the contents of scripts (but
/// JSON-LD, which holds the metadata), styles and inline drawings (`<svg>`) emptied, since
/// they are never text and make up over half of a news page's bytes, and the tags beyond
/// [`MAX_DEPTH`] levels of nesting removed (their text kept). One pass over the bytes, before
/// parsing (quoted attribute values may hold `>`); what the parser then builds decides
/// everything else.
pub fn prepare(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(lt) = memchr_lt(bytes, i) {
        let rest = &html[lt..];
        if rest.starts_with("<!--") {
            // A comment goes whole (the parser would only skip it, a character at a time).
            i = rest.find("-->").map_or(bytes.len(), |e| lt + e + 3);
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buf.push_str(&html[copied..lt]);
            copied = i;
            continue;
        }
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            i = lt + 1;
            continue;
        }
        // Tag names that matter here are short; longer ones are compared as they are.
        let mut lower = [0u8; 16];
        let raw_name = &bytes[name_start..name_start + name_len];
        let name = if name_len <= lower.len() {
            lower[..name_len].copy_from_slice(raw_name);
            lower[..name_len].make_ascii_lowercase();
            std::str::from_utf8(&lower[..name_len]).unwrap_or("")
        } else {
            &html[name_start..name_start + name_len]
        };
        let end = tag_end(bytes, name_start + name_len);
        let self_closing = bytes[..end].ends_with(b"/>");
        if !closing
            && !self_closing
            && matches!(name, "script" | "style" | "textarea" | "title" | "svg")
        {
            // Raw text (or, for an inline drawing, markup that is never text) up to the
            // matching end tag.
            i = raw_text_end(bytes, end, name.as_bytes());
            let json_ld = name == "script"
                && bytes[lt..end]
                    .windows(7)
                    .any(|w| w.eq_ignore_ascii_case(b"ld+json"));
            if matches!(name, "script" | "style" | "svg") && !json_ld && i > end {
                let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
                buf.push_str(&html[copied..end]);
                copied = i;
            }
            continue;
        }
        if NOT_NESTING.contains(&name) || self_closing {
            i = end;
            continue;
        }
        let too_deep = if closing {
            let deep = depth > MAX_DEPTH;
            depth = depth.saturating_sub(1);
            deep
        } else {
            depth += 1;
            depth > MAX_DEPTH
        };
        if too_deep {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buf.push_str(&html[copied..lt]);
            copied = end;
        }
        i = end;
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut buf) => {
            buf.push_str(&html[copied..]);
            Cow::Owned(buf)
        }
    }
}

/// Where the end tag `</name` of a raw-text element (script, style) starts, searching from
/// `from`, case-insensitively; the end of the input when it never comes.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(lt) = memchr_lt(bytes, at) {
        let tail = &bytes[lt + 1..];
        if tail.first() == Some(&b'/')
            && tail.len() > name.len()
            && tail[1..=name.len()].eq_ignore_ascii_case(name)
        {
            return lt;
        }
        at = lt + 1;
    }
    bytes.len()
}

fn memchr_lt(bytes: &[u8], from: usize) -> Option<usize> {
    memchr::memchr(b'<', bytes.get(from..)?).map(|p| p + from)
}

/// The byte after the `>` that ends a tag whose name ends at `from` (quoted values may hold
/// `>`); the end of the input when it never ends.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(k) = memchr::memchr3(b'>', b'"', b'\'', &bytes[at..]) {
        let b = bytes[at + k];
        if b == b'>' {
            return at + k + 1;
        }
        // A quoted value runs to its closing quote.
        match memchr::memchr(b, &bytes[at + k + 1..]) {
            Some(close) => at += k + 1 + close + 1,
            None => return bytes.len(),
        }
    }
    bytes.len()
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
    fn html_scripts_are_emptied_and_nesting_beyond_the_limit_flattened() {
        let normal = "<div><p>a<br>b</p><img src=x><title>a<b</title></div>";
        assert!(matches!(prepare(normal), Cow::Borrowed(_)));
        let scripts = "<script>if (a<b) {}</SCRIPT><style>p{}</style><!-- <p>old</p> -->\
            <script type=\"application/ld+json\">{}</script><p title='<script>'>x</p>\
            <svg viewBox='0 0 1 1'><path d='M0'/><text>icon</text></svg>";
        assert_eq!(
            prepare(scripts),
            "<script></SCRIPT><style></style>\
             <script type=\"application/ld+json\">{}</script><p title='<script>'>x</p>\
             <svg viewBox='0 0 1 1'></svg>"
        );
        let deep =
            "<div>".repeat(MAX_DEPTH + 10) + "<b>deep text</b>" + &"</div>".repeat(MAX_DEPTH + 10);
        let limited = prepare(&deep);
        assert_eq!(limited.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(limited.matches("</div>").count(), MAX_DEPTH);
        assert!(limited.contains("deep text"));
        assert!(read(&deep).text.contains("deep text"));
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
