//! The pre-pass: what the parser gets of a page. Half of a news page's bytes are never text
//! (scripts, styles, inline drawings, attributes for scripts and images) and a third of the
//! rest is menus and sidebars whose content is dropped whatever it says; the HTML5 tokenizer
//! spends a state-machine step on every character, so these go in one pass over the bytes
//! before parsing. The pass reads tags the way the tokenizer does (quoted attribute values may
//! hold `>`), and where a reading could differ from the parser's (odd quoting, an element that
//! never ends) it leaves the bytes as they are: what the parser then builds decides everything
//! else.

use super::dom;
use std::borrow::Cow;
use std::ops::Range;

/// Nesting deeper than this is flattened before parsing. Real pages stay far below it; the
/// HTML5 tree builder checks the stack of open elements at each start tag, so a hostile page
/// of 100,000 nested elements would take minutes.
pub const MAX_DEPTH: usize = 512;

crate::words::list! {
    /// Elements that never have an end tag.
    VOID = "html/void.txt"
}

crate::words::list! {
    /// Elements whose end tag the parser implies, so that they do not deepen the nesting however
    /// many a page holds.
    IMPLIED_END = "html/implied_end.txt"
}

crate::words::list! {
    /// Elements whose content is furniture whatever it holds (all are dropped with their subtree
    /// by `data/html/dropped_tags.txt`): menus, sidebars, footers, figures with their captions,
    /// dialogs and media. Their content is removed before parsing; the elements stay, empty.
    pub EMPTIED = "html/emptied.txt"
}

/// Elements whose content the tokenizer reads as raw text up to their end tag (and `<svg>`,
/// whose markup is never text).
const RAW_TEXT: [&str; 5] = ["script", "style", "textarea", "title", "svg"];

/// A tag as the pre-pass reads it.
struct Tag {
    /// Where its `<` is.
    lt: usize,
    /// Where its name ends.
    name_end: usize,
    /// The byte after its `>` (the end of the input when it never closes).
    end: usize,
    closing: bool,
    /// Written `<name … />`.
    self_closing: bool,
    /// The name in lower case; names longer than the buffer are cut (no name this pass looks
    /// for is that long).
    name: [u8; 16],
    name_len: usize,
}

impl Tag {
    fn name(&self) -> &str {
        std::str::from_utf8(&self.name[..self.name_len]).unwrap_or("")
    }

    /// A start tag the parser opens an element for that stays open until an end tag.
    fn opens(&self) -> bool {
        !self.closing && !self.self_closing && !VOID.contains(&self.name())
    }
}

/// A tag or attribute name in lower case, cut to 16 bytes (no name this pass looks for is
/// that long), and its length in the buffer.
fn lowered(name: &[u8]) -> ([u8; 16], usize) {
    let mut out = [0u8; 16];
    let len = name.len().min(out.len());
    out[..len].copy_from_slice(&name[..len]);
    out.make_ascii_lowercase();
    (out, len)
}

/// What the pre-pass meets in the bytes.
enum Item {
    Comment(Range<usize>),
    Tag(Tag),
}

/// The next comment or tag at or after `from` (a `<` followed by no name is text).
fn next_item(html: &str, from: usize) -> Option<Item> {
    let bytes = html.as_bytes();
    let mut at = from;
    loop {
        let lt = memchr::memchr(b'<', bytes.get(at..)?)? + at;
        if bytes[lt..].starts_with(b"<!--") {
            // `<!-->` is a whole (empty) comment, as the tokenizer reads it.
            let end = memchr::memmem::find(&bytes[lt + 2..], b"-->")
                .map_or(bytes.len(), |e| lt + 2 + e + 3);
            return Some(Item::Comment(lt..end));
        }
        let closing = bytes.get(lt + 1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            at = lt + 1;
            continue;
        }
        let name_end = name_start + name_len;
        let (name, kept) = lowered(&bytes[name_start..name_end]);
        let end = tag_end(bytes, name_end);
        return Some(Item::Tag(Tag {
            lt,
            name_end,
            end,
            closing,
            self_closing: bytes[..end].ends_with(b"/>"),
            name,
            name_len: kept,
        }));
    }
}

/// The page being rewritten: what was copied so far, and the edits.
struct Edits<'a> {
    html: &'a str,
    out: Option<String>,
    copied: usize,
}

impl<'a> Edits<'a> {
    /// Puts `with` in place of the bytes in `range` (which starts at or after what was
    /// copied so far).
    fn replace(&mut self, range: Range<usize>, with: &str) {
        if range.is_empty() && with.is_empty() {
            return;
        }
        let html = self.html;
        let start = range.start.max(self.copied);
        let buf = self
            .out
            .get_or_insert_with(|| String::with_capacity(html.len()));
        buf.push_str(&html[self.copied..start]);
        buf.push_str(with);
        self.copied = range.end.max(start);
    }

    fn cut(&mut self, range: Range<usize>) {
        self.replace(range, "");
    }

    fn finish(self) -> Cow<'a, str> {
        match self.out {
            None => Cow::Borrowed(self.html),
            Some(mut buf) => {
                buf.push_str(&self.html[self.copied..]);
                Cow::Owned(buf)
            }
        }
    }
}

/// The page as the parser gets it: comments removed; the contents of scripts (but JSON-LD,
/// which holds the metadata), styles, inline drawings (`<svg>`) and furniture elements
/// (`EMPTIED`) emptied; the attributes nothing reads dropped; the tags beyond
/// [`MAX_DEPTH`] levels of nesting removed (their text kept).
pub fn prepare(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut edits = Edits {
        html,
        out: None,
        copied: 0,
    };
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(item) = next_item(html, i) {
        let tag = match item {
            Item::Comment(range) => {
                // A comment goes whole (the parser would only skip it, a character at a time).
                i = range.end;
                edits.cut(range);
                continue;
            }
            Item::Tag(tag) => tag,
        };
        let name = tag.name();
        i = tag.end;
        if tag.opens() && RAW_TEXT.contains(&name) {
            i = raw_text_end(bytes, tag.end, name.as_bytes());
            if matches!(name, "script" | "style" | "svg") && !is_json_ld(&bytes[tag.lt..tag.end]) {
                edits.cut(tag.end..i);
            }
            continue;
        }
        let nests = !tag.self_closing && !VOID.contains(&name) && !IMPLIED_END.contains(&name);
        let too_deep = nests
            && if tag.closing {
                let deep = depth > MAX_DEPTH;
                depth = depth.saturating_sub(1);
                deep
            } else {
                depth += 1;
                depth > MAX_DEPTH
            };
        if too_deep {
            edits.cut(tag.lt..tag.end);
        } else if !tag.closing && bytes.get(tag.end - 1) == Some(&b'>') {
            // Attributes nothing reads (image sources, data blobs, inline handlers).
            let attrs = tag.name_end..tag.end - 1;
            if let Some(kept) = read_attributes(name, &html[attrs.clone()]) {
                edits.replace(attrs, &kept);
            }
        }
        if tag.opens() && EMPTIED.contains(&name) {
            if let Some(content_end) = furniture_end(html, &tag) {
                edits.cut(tag.end..content_end);
                i = content_end;
            }
        }
    }
    edits.finish()
}

/// Where the content of furniture element `open` ends as the parser will end it: at its own
/// end tag (the same element nested inside counted), or before the first end tag that closes
/// nothing opened inside it (which may close an element around it, and the furniture with
/// it). `None`, and the content is left to the parser, when it holds what the metadata
/// reader looks for (JSON-LD, `<meta>`, `<link>`, `<time>`: a blog's date is often in its
/// entry footer), nests deeper than [`MAX_DEPTH`], or never ends.
fn furniture_end(html: &str, open: &Tag) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut stack: Vec<[u8; 16]> = Vec::new();
    let mut at = open.end;
    while let Some(item) = next_item(html, at) {
        let tag = match item {
            Item::Comment(range) => {
                at = range.end;
                continue;
            }
            Item::Tag(tag) => tag,
        };
        at = tag.end;
        let name = tag.name();
        if tag.closing {
            match stack.iter().rposition(|n| *n == tag.name) {
                Some(k) => stack.truncate(k),
                None if VOID.contains(&name) => {}
                None => return Some(tag.lt),
            }
            continue;
        }
        if matches!(name, "meta" | "link" | "time") {
            return None;
        }
        if tag.opens() && RAW_TEXT.contains(&name) {
            if name == "script" && is_json_ld(&bytes[tag.lt..tag.end]) {
                return None;
            }
            // Its end tag closes it.
            at = raw_text_end(bytes, tag.end, name.as_bytes());
            stack.push(tag.name);
        } else if tag.opens() {
            stack.push(tag.name);
            if stack.len() > MAX_DEPTH {
                return None;
            }
        }
    }
    None
}

/// Is this `<script …>` tag one of JSON-LD?
fn is_json_ld(tag: &[u8]) -> bool {
    tag.windows(7).any(|w| w.eq_ignore_ascii_case(b"ld+json"))
}

/// The attributes of start tag `tag` (the bytes between its name and its closing `>`) without
/// those nothing reads ([`dom::kept_attribute`]), or `None` when all are kept or the
/// attributes are written in a way whose reading could differ from the parser's (a quote or
/// `<` inside an unquoted value or a name, an unclosed quote): such a tag reaches the parser
/// as it is.
fn read_attributes(tag: &str, attrs: &str) -> Option<String> {
    let b = attrs.as_bytes();
    let mut kept = String::new();
    let mut dropped = false;
    let mut i = 0;
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    // A `/` between attributes is a separator; the last one marks a self-closing tag.
    let mut slash = false;
    while i < b.len() {
        if space(b[i]) || b[i] == b'/' {
            slash = b[i] == b'/';
            i += 1;
            continue;
        }
        slash = false;
        let start = i;
        // A name runs to a space, `/`, `>` or `=` (a leading `=` belongs to it).
        i += 1;
        while i < b.len() && !space(b[i]) && !matches!(b[i], b'/' | b'=') {
            i += 1;
        }
        let name = &attrs[start..i];
        if name.bytes().any(|c| matches!(c, b'"' | b'\'' | b'<')) {
            return None;
        }
        let mut j = i;
        while j < b.len() && space(b[j]) {
            j += 1;
        }
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && space(b[j]) {
                j += 1;
            }
            match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let close = memchr::memchr(q, &b[j + 1..])?;
                    j += close + 2;
                }
                Some(_) => {
                    let value_start = j;
                    while j < b.len() && !space(b[j]) {
                        j += 1;
                    }
                    if b[value_start..j]
                        .iter()
                        .any(|c| matches!(c, b'"' | b'\'' | b'<' | b'=' | b'`'))
                    {
                        return None;
                    }
                }
                None => {}
            }
            i = j;
        }
        // A name cut to the buffer is longer than any name read, and so matches none.
        let (lower, len) = lowered(name.as_bytes());
        let reads = std::str::from_utf8(&lower[..len]).is_ok_and(|n| dom::kept_attribute(tag, n));
        if reads {
            kept.push(' ');
            kept.push_str(&attrs[start..i]);
        } else {
            dropped = true;
        }
    }
    if slash {
        kept.push_str(" /");
    }
    dropped.then_some(kept)
}

/// Where the end tag `</name` of a raw-text element starts, searching from `from`,
/// case-insensitively; the end of the input when it never comes.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(lt) = bytes.get(at..).and_then(|b| memchr::memchr(b'<', b)) {
        let lt = lt + at;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::html::{main_text, read};

    #[test]
    fn html_scripts_are_emptied_and_nesting_beyond_the_limit_flattened() {
        let normal = "<div class=a><p>a<br>b</p><img><title>a<b</title></div>";
        assert!(matches!(prepare(normal), Cow::Borrowed(_)));
        let scripts = "<script>if (a<b) {}</SCRIPT><style>p{}</style><!-- <p>old</p> -->\
            <script type=\"application/ld+json\">{}</script><p title='<script>'>x</p>\
            <svg viewBox='0 0 1 1'><path d='M0'/><text>icon</text></svg>";
        assert_eq!(
            prepare(scripts),
            "<script></SCRIPT><style></style>\
             <script type=\"application/ld+json\">{}</script><p>x</p>\
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
    fn html_attributes_nothing_reads_are_dropped_before_parsing() {
        let page = "<link rel=canonical href=/a/b/ media=x><META name=author content='A B' \
            x=1><DIV Class=\"body\" data-x='{\"a\":1}' onclick=go()><A HREF=/a/b/ \
            srcset=\"a.jpg 1x, b.jpg 2x\" class=more>x</A><br data-a='1'/><img src=x alt='a>b'>\
            <p id=p =odd style=\"display:none\" hidden>y</p></DIV>";
        assert_eq!(
            prepare(page),
            "<link rel=canonical href=/a/b/><META name=author content='A B'>\
             <DIV Class=\"body\"><A class=more>x</A><br /><img>\
             <p id=p style=\"display:none\" hidden>y</p></DIV>"
        );
        // Written in ways a reading could get wrong: left to the parser as they are.
        for odd in ["<a href=x\"y data-a=1>z</a>", "<a data-a=\"1 href=x>z</a>"] {
            assert_eq!(prepare(odd), odd);
        }
        // What the parser makes of the page is what it made before, less the attributes.
        let dom = dom::Dom::parse(&prepare(page));
        let p = dom
            .nodes
            .iter()
            .find(|n| n.tag == "p")
            .expect("a paragraph");
        assert_eq!(p.attr("id"), Some("p"));
        assert!(p.attr("hidden").is_some());
        let link = dom.nodes.iter().find(|n| n.tag == "link").expect("a link");
        assert_eq!(link.attr("href"), Some("/a/b/"));
        let a = dom.nodes.iter().find(|n| n.tag == "a").expect("an anchor");
        assert_eq!(a.attr("class"), Some("more"));
    }

    #[test]
    fn html_furniture_content_is_removed_before_parsing_where_the_parser_would_end_it() {
        let page = "<div><nav class=menu><ul><li>Home<li><a href=/a>World</a></ul><nav>x</nav>\
            </nav><p>Body</p><aside>Most read<div>one</aside><p>Two</p>\
            <figure><img src=a.jpg><figcaption>Photo</figcaption></figure></div>";
        assert_eq!(
            prepare(page),
            "<div><nav class=menu></nav><p>Body</p><aside></aside><p>Two</p>\
             <figure></figure></div>"
        );
        // An end tag that closes an element around the furniture ends it there.
        let unclosed = "<div><aside><b>Related</b></div><p>Body text</p>";
        assert_eq!(prepare(unclosed), "<div><aside></div><p>Body text</p>");
        // Metadata inside, or furniture that never ends: left to the parser.
        for kept in [
            "<footer><script type=application/ld+json>{}</script></footer>",
            "<footer><meta itemprop=datePublished content=2020-01-01></footer>",
            "<nav><ul><li>a</ul>",
        ] {
            assert_eq!(prepare(kept), kept);
        }
        for i in EMPTIED.iter() {
            assert!(main_text::dropped_tag(i), "{i} is not a dropped tag");
        }
        assert!(read(page).text.contains("Body\n\nTwo"));
    }
}
