//! The page as a flat tree: html5ever (through `scraper`) parses the bytes as a browser does,
//! and the result is copied into one vector in document order, so that every later pass is a
//! loop over indices and a subtree is the range `i..end`. No pass recurses, so nesting depth
//! cannot exhaust the stack.

use ego_tree::iter::Edge;
use scraper::{Html, Node as HtmlNode};

/// Index of no node (the root's parent).
pub const NONE: usize = usize::MAX;

/// One node of the page.
#[derive(Debug, Clone)]
pub struct Node {
    /// Lower-case tag name for an element; empty for a text node.
    pub tag: String,
    /// Text of a text node (HTML entities decoded by the parser); empty for an element.
    pub text: String,
    /// Parent index, [`NONE`] for the root.
    pub parent: usize,
    /// End of this node's subtree (exclusive): the subtree is `index..end`.
    pub end: usize,
    /// The attributes this module reads (`class`, `id`, `role`, `itemprop`, `style`, `hidden`,
    /// `aria-hidden`, `href`, `lang`, …), names lower case, in source order.
    pub attrs: Vec<(String, String)>,
}

impl Node {
    /// Is this an element (not text)?
    pub fn is_element(&self) -> bool {
        !self.tag.is_empty()
    }

    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The parsed page.
#[derive(Debug, Default)]
pub struct Dom {
    /// Nodes in document order (pre-order); index 0 is the `<html>` element.
    pub nodes: Vec<Node>,
}

/// Attributes kept from the source on every element; others (inline handlers, data blobs,
/// image sources) are dropped at once, so a page with huge attributes costs no more than its
/// text.
const KEPT_ATTRS: [&str; 9] = [
    "class",
    "id",
    "role",
    "itemprop",
    "itemtype",
    "style",
    "hidden",
    "aria-hidden",
    "lang",
];

/// Is attribute `name` (lower case) of element `tag` (lower case) one this module reads? Beside
/// `KEPT_ATTRS`: the declarations of `<meta>`, `<link>` (the canonical address), `<script>`
/// (JSON-LD) and `<time>`. A link's target is not read (a link is furniture by its text).
pub fn kept_attribute(tag: &str, name: &str) -> bool {
    KEPT_ATTRS.contains(&name)
        || match tag {
            "meta" => matches!(name, "name" | "property" | "content"),
            "link" => matches!(name, "rel" | "href"),
            "script" => name == "type",
            "time" => name == "datetime",
            _ => false,
        }
}

/// Longest attribute value kept (class lists and URLs are far shorter in practice).
const MAX_ATTR: usize = 4096;

impl Dom {
    /// Parses an HTML document (any bytes the HTML5 parsing algorithm accepts, which is all).
    pub fn parse(html: &str) -> Dom {
        let parsed = Html::parse_document(html);
        let mut nodes: Vec<Node> = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        for edge in parsed.root_element().traverse() {
            match edge {
                Edge::Open(node) => {
                    let parent = stack.last().copied().unwrap_or(NONE);
                    let index = nodes.len();
                    match node.value() {
                        HtmlNode::Element(el) => {
                            let tag = el.name().to_ascii_lowercase();
                            let attrs = el
                                .attrs()
                                .filter(|(name, _)| kept_attribute(&tag, name))
                                .filter(|(_, value)| value.len() <= MAX_ATTR)
                                .map(|(name, value)| (name.to_string(), value.to_string()))
                                .collect();
                            nodes.push(Node {
                                tag,
                                text: String::new(),
                                parent,
                                end: index + 1,
                                attrs,
                            });
                            stack.push(index);
                        }
                        HtmlNode::Text(text) => {
                            // Adjacent text nodes (split by the parser) are one.
                            if let Some(last) = nodes.last_mut() {
                                if !last.is_element() && last.parent == parent {
                                    last.text.push_str(text);
                                    continue;
                                }
                            }
                            nodes.push(Node {
                                tag: String::new(),
                                text: text.to_string(),
                                parent,
                                end: index + 1,
                                attrs: Vec::new(),
                            });
                        }
                        // Comments, doctypes and processing instructions carry no text.
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    if node.value().is_element() {
                        if let Some(index) = stack.pop() {
                            nodes[index].end = nodes.len();
                        }
                    }
                }
            }
        }
        Dom { nodes }
    }

    /// Indices of the elements named `tag`, in document order.
    pub fn elements<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.nodes
            .iter()
            .enumerate()
            .filter(move |(_, n)| n.tag == tag)
            .map(|(i, _)| i)
    }

    /// The text of a subtree, whitespace collapsed.
    pub fn text_of(&self, index: usize) -> String {
        let mut out = String::new();
        let end = self.nodes[index].end;
        for node in &self.nodes[index..end] {
            if !node.is_element() {
                push_collapsed(&mut out, &node.text);
            }
        }
        out.trim().to_string()
    }
}

/// Appends `text` with runs of whitespace collapsed to one space.
pub fn push_collapsed(out: &mut String, text: &str) {
    for ch in text.chars() {
        if ch.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') && !out.ends_with('\n') {
                out.push(' ');
            }
        } else {
            out.push(ch);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dom_is_flat_in_document_order_with_subtree_ends() {
        let dom = Dom::parse("<p class=a>One <b>two</b></p><div>three</div>");
        let tags: Vec<&str> = dom.nodes.iter().map(|n| n.tag.as_str()).collect();
        assert_eq!(tags, ["html", "head", "body", "p", "", "b", "", "div", ""]);
        let p = 3;
        assert_eq!(dom.nodes[p].end, 7);
        assert_eq!(dom.nodes[p].attr("class"), Some("a"));
        assert_eq!(dom.text_of(p), "One two");
        assert_eq!(dom.nodes[4].parent, p);
    }

    #[test]
    fn dom_survives_deep_nesting_and_entities() {
        let html = "<div>".repeat(100_000) + "&amp;\u{e9}&amp" + &"</div>".repeat(100_000);
        let dom = Dom::parse(&html);
        assert!(dom.text_of(0).starts_with("&\u{e9}&"));
    }
}
