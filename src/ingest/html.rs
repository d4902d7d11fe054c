//! Text from HTML: markup removed, scripts, styles and navigation dropped, entities decoded,
//! block elements turned into paragraph breaks. A small hand-written scanner, because the
//! product needs only the visible article text and no well-kept crate in our dependency set
//! does this without pulling a full browser-grade parser.

/// The visible text of a page and its `<title>` (or first `<h1>`).
pub struct Page {
    /// Visible text, paragraphs separated by blank lines.
    pub text: String,
    /// Page title.
    pub title: Option<String>,
}

const DROPPED: [&str; 11] = [
    "script", "style", "nav", "header", "footer", "aside", "noscript", "form", "svg", "iframe",
    "template",
];
const BLOCKS: [&str; 18] = [
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "section",
    "article",
    "blockquote",
    "figcaption",
    "title",
    "ul",
    "ol",
];

/// Extracts visible text and the title from an HTML page.
pub fn extract(html: &str) -> Page {
    let mut text = String::with_capacity(html.len() / 2);
    let mut title = None;
    let mut h1 = None;
    let mut capture: Option<(String, usize)> = None;
    let mut skip_until: Option<String> = None;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if skip_until.is_none() {
            push_text(&mut text, &rest[..lt]);
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(until) = &skip_until {
            if closing && &name == until {
                skip_until = None;
            }
            continue;
        }
        if !closing && DROPPED.contains(&name.as_str()) && !tag.ends_with('/') {
            skip_until = Some(name);
            continue;
        }
        if (name == "title" || name == "h1") && !closing {
            capture = Some((name.clone(), text.len()));
        } else if closing {
            if let Some((cap_name, start)) = &capture {
                if *cap_name == name {
                    let value = collapse(&text[*start..]);
                    if name == "title" {
                        title.get_or_insert(value);
                        // The title is metadata, not body text.
                        text.truncate(*start);
                    } else {
                        h1.get_or_insert(value);
                    }
                    capture = None;
                }
            }
        }
        if BLOCKS.contains(&name.as_str()) && !text.ends_with("\n\n") && !text.is_empty() {
            text.truncate(text.trim_end_matches([' ', '\n']).len());
            text.push_str("\n\n");
        }
    }
    if skip_until.is_none() {
        push_text(&mut text, rest);
    }
    let text = text.trim().to_string();
    Page {
        text,
        title: title.filter(|t| !t.is_empty()).or(h1),
    }
}

fn push_text(out: &mut String, raw: &str) {
    let decoded = decode_entities(raw);
    for ch in decoded.chars() {
        if ch.is_whitespace() {
            if !out.is_empty() && !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
        } else {
            out.push(ch);
        }
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the HTML character references that occur in article text.
pub fn decode_entities(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest[..rest.len().min(12)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            "rsquo" => Some('\u{2019}'),
            "lsquo" => Some('\u{2018}'),
            "rdquo" => Some('\u{201d}'),
            "ldquo" => Some('\u{201c}'),
            "mdash" => Some('\u{2014}'),
            "ndash" => Some('\u{2013}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(ch) => {
                out.push(ch);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_blocks_become_paragraphs_and_entities_decode() {
        let page = extract("<h1>Big &amp; bold</h1><p>One&nbsp;two.</p><p>Caf&#233; &#x41;</p>");
        assert_eq!(page.text, "Big & bold\n\nOne two.\n\nCafé A");
        assert_eq!(page.title.as_deref(), Some("Big & bold"));
    }

    #[test]
    fn html_drops_comments_and_styles() {
        let page = extract("<style>p{}</style><!-- hidden --><p>Seen</p>");
        assert_eq!(page.text, "Seen");
    }
}
