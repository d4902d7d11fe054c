//! The article body of a page, without its furniture.
//!
//! Three passes over the flat [`Dom`], none recursive:
//! 1. **Furniture.** Elements that never hold article text (`nav`, `aside`, `footer`, forms,
//!    media, scripts; `data/html/dropped_tags.txt`), hidden ones, and those whose class or id
//!    names furniture (`data/html/boilerplate.tsv`: share bars, teasers, comments, cookie
//!    notes, captions, …) are dropped with their subtree — unless they hold most of the page's
//!    paragraph text, the sign of a site that names its article container oddly.
//! 2. **The body.** The first element where news sites keep the article (`articleBody`,
//!    `article`, `story-body`, …; `data/html/content.tsv`, in tiers) that holds enough clean
//!    text, compared with the element Readability's paragraph scoring prefers; the first
//!    wins unless it holds much less text.
//! 3. **Paragraphs.** The body's text, one paragraph per block element, without blocks that
//!    are mostly links (menus, lists of related articles), a repeated paragraph once.

use super::dom::{push_collapsed, Dom, Node, NONE};
use regex::Regex;
use std::collections::HashSet;
use std::sync::OnceLock;

const BOILERPLATE: &str = include_str!("../../../data/html/boilerplate.tsv");
const CONTENT: &str = include_str!("../../../data/html/content.tsv");
const DROPPED_TAGS: &str = include_str!("../../../data/html/dropped_tags.txt");
const FURNITURE_PHRASES: &str = include_str!("../../../data/html/furniture_phrases.txt");

/// Longest paragraph that may be dropped for what it says.
const MAX_FURNITURE_CHARS: usize = 300;

crate::words::list! {
    /// Elements on which class and id are read for furniture.
    CHECKED_TAGS = "html/checked_tags.txt"
}

crate::words::list! {
    /// Elements that end a paragraph where they open and where they close.
    BLOCK_TAGS = "html/block_tags.txt"
}

/// Elements whose text is paragraph text for Readability-style scoring.
const PARAGRAPH_TAGS: [&str; 4] = ["p", "pre", "td", "blockquote"];

/// Containers that may be the article body.
const BODY_TAGS: [&str; 4] = ["article", "div", "main", "section"];

/// Clean text an element must hold to be taken as the body.
const MIN_BODY_CHARS: usize = 200;

/// Share of its text in links above which a block is navigation.
const MAX_LINK_DENSITY: f32 = 0.5;

/// The compiled knowledge of `data/html/`.
struct Rules {
    dropped_tags: HashSet<String>,
    class_re: Regex,
    id_re: Regex,
    tiers: Vec<Vec<(String, Regex)>>,
    phrases: Regex,
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut class = Vec::new();
        let mut id = Vec::new();
        for line in data_lines(BOILERPLATE) {
            let Some((attr, pattern)) = line.split_once('\t') else {
                continue;
            };
            let pattern = format!("(?:{pattern})");
            match attr {
                "class" => class.push(pattern),
                "id" => id.push(pattern),
                _ => {
                    class.push(pattern.clone());
                    id.push(pattern);
                }
            }
        }
        let mut tiers: Vec<Vec<(String, Regex)>> = Vec::new();
        for line in data_lines(CONTENT) {
            let mut cols = line.splitn(3, '\t');
            let (Some(tier), Some(attr), Some(pattern)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let tier: usize = tier.parse().unwrap_or(1).max(1);
            while tiers.len() < tier {
                tiers.push(Vec::new());
            }
            let re = Regex::new(&format!("^(?:{pattern})$")).expect("data/html/content.tsv");
            tiers[tier - 1].push((attr.to_string(), re));
        }
        Rules {
            dropped_tags: data_lines(DROPPED_TAGS).map(str::to_string).collect(),
            class_re: Regex::new(&class.join("|")).expect("data/html/boilerplate.tsv"),
            id_re: Regex::new(&id.join("|")).expect("data/html/boilerplate.tsv"),
            tiers,
            phrases: Regex::new(&format!(
                "(?i)(?:{})",
                data_lines(FURNITURE_PHRASES)
                    .collect::<Vec<_>>()
                    .join(")|(?:")
            ))
            .expect("data/html/furniture_phrases.txt"),
        }
    })
}

/// Is this element dropped with everything inside, whatever it holds
/// (`data/html/dropped_tags.txt`)?
pub fn dropped_tag(tag: &str) -> bool {
    rules().dropped_tags.contains(tag)
}

/// Non-empty lines that are not comments.
fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Is this element furniture by its tag, visibility or naming? The second value says whether
/// the verdict comes from naming only (which the over-pruning guard may overrule).
fn furniture(node: &Node, rules: &Rules) -> (bool, bool) {
    // Some sites wrap the whole page in one form (ASP.NET): a form is judged like a name.
    if node.tag == "form" {
        return (true, true);
    }
    if rules.dropped_tags.contains(node.tag.as_str()) {
        return (true, false);
    }
    if node.attr("hidden").is_some()
        || node.attr("aria-hidden") == Some("true")
        || node.attr("style").is_some_and(|s| {
            let s = s.to_ascii_lowercase().replace(' ', "");
            s.contains("display:none") || s.contains("visibility:hidden")
        })
    {
        return (true, false);
    }
    if node.attr("role").is_some_and(|r| {
        let r = r.to_ascii_lowercase();
        r == "navigation" || r == "banner" || r == "contentinfo" || r == "complementary"
    }) {
        return (true, true);
    }
    if !CHECKED_TAGS.contains(&node.tag.as_str()) {
        return (false, false);
    }
    let named = node
        .attr("class")
        .is_some_and(|c| rules.class_re.is_match(c))
        || node.attr("id").is_some_and(|i| rules.id_re.is_match(i));
    (named, named)
}

/// Per-node facts the passes share.
struct Stats {
    /// Dropped with its subtree.
    dropped: Vec<bool>,
    /// Characters of clean (not dropped) text in the subtree.
    text: Vec<usize>,
    /// Of which inside links.
    link: Vec<usize>,
}

fn stats(dom: &Dom) -> Stats {
    let rules = rules();
    let n = dom.nodes.len();
    // Paragraph text, and all text outside scripts and styles, per subtree before any
    // dropping, for the over-pruning guard.
    let mut para = vec![0usize; n];
    let mut raw = vec![0usize; n];
    for i in (0..n).rev() {
        let node = &dom.nodes[i];
        if !node.is_element() && node.parent != NONE {
            let parent = &dom.nodes[node.parent];
            if PARAGRAPH_TAGS.contains(&parent.tag.as_str()) {
                para[i] = node.text.trim().chars().count();
            }
            if !matches!(
                parent.tag.as_str(),
                "script" | "style" | "noscript" | "template"
            ) {
                raw[i] = node.text.trim().len();
            }
        }
        if node.parent != NONE {
            para[node.parent] += para[i];
            raw[node.parent] += raw[i];
        }
    }
    let total_para = para.first().copied().unwrap_or(0);
    let total_raw = raw.first().copied().unwrap_or(0);
    // Dropped for what an element is (inherited by everything inside), and for what its
    // class or id says, which an article-body marker inside overrules (a "widget" wrapper
    // around the story).
    let mut hard = vec![false; n];
    let mut soft = vec![false; n];
    let first_tier = rules.tiers.first().map(Vec::as_slice).unwrap_or(&[]);
    for i in 0..n {
        let node = &dom.nodes[i];
        let parent = node.parent;
        if parent != NONE && hard[parent] {
            hard[i] = true;
            continue;
        }
        let inherited = parent != NONE && soft[parent];
        if !node.is_element() {
            soft[i] = inherited;
            continue;
        }
        let (furn, by_name) = furniture(node, rules);
        // A named container holding most of the page's paragraphs is the article.
        let guarded = by_name
            && (total_para > 500 && para[i] * 2 > total_para
                || node.tag == "form" && raw[i] * 2 > total_raw);
        if furn && !by_name {
            hard[i] = true;
        } else if furn && !guarded {
            soft[i] = true;
        } else {
            soft[i] = inherited
                && !(BODY_TAGS.contains(&node.tag.as_str()) && matches_tier(node, first_tier));
        }
    }
    let dropped: Vec<bool> = (0..n).map(|i| hard[i] || soft[i]).collect();
    let mut text = vec![0usize; n];
    let mut link = vec![0usize; n];
    for i in (0..n).rev() {
        let node = &dom.nodes[i];
        if dropped[i] {
            continue;
        }
        if !node.is_element() {
            text[i] = node
                .text
                .split_whitespace()
                .map(|w| w.chars().count() + 1)
                .sum();
        }
        if node.tag == "a" {
            link[i] = text[i];
        }
        if node.parent != NONE {
            text[node.parent] += text[i];
            link[node.parent] += link[i];
        }
    }
    Stats {
        dropped,
        text,
        link,
    }
}

/// Characters of a subtree's clean text outside links.
fn clean_text(stats: &Stats, i: usize) -> usize {
    stats.text[i].saturating_sub(stats.link[i])
}

fn link_density(stats: &Stats, i: usize) -> f32 {
    if stats.text[i] == 0 {
        return 0.0;
    }
    stats.link[i] as f32 / stats.text[i] as f32
}

/// Does the element match a content pattern of this tier?
fn matches_tier(node: &Node, tier: &[(String, Regex)]) -> bool {
    tier.iter().any(|(attr, re)| {
        if attr == "tag" {
            re.is_match(&node.tag)
        } else {
            node.attr(attr).is_some_and(|v| re.is_match(v.trim()))
        }
    })
}

/// The body by where news sites keep it: the first element of the first tier that holds
/// enough clean text.
fn body_by_markup(dom: &Dom, stats: &Stats) -> Option<usize> {
    for tier in &rules().tiers {
        let found = dom.nodes.iter().enumerate().find(|(i, node)| {
            BODY_TAGS.contains(&node.tag.as_str())
                && !stats.dropped[*i]
                && matches_tier(node, tier)
                && clean_text(stats, *i) >= MIN_BODY_CHARS
        });
        if let Some((i, _)) = found {
            return Some(i);
        }
    }
    None
}

/// The body by Readability's scoring: each paragraph gives its parent a point, one per comma
/// and one per 100 characters (up to three), half of that to its grandparent and a third to
/// the next; the best container, discounted by its link density, wins.
fn body_by_score(dom: &Dom, stats: &Stats) -> Option<usize> {
    let mut score = vec![0f32; dom.nodes.len()];
    for (i, node) in dom.nodes.iter().enumerate() {
        if stats.dropped[i] || !PARAGRAPH_TAGS.contains(&node.tag.as_str()) {
            continue;
        }
        let len = stats.text[i];
        if len < 25 {
            continue;
        }
        let commas = dom.nodes[i..node.end]
            .iter()
            .filter(|n| !n.is_element())
            .map(|n| n.text.matches([',', '\u{3001}', '\u{ff0c}']).count())
            .sum::<usize>();
        let points = 1.0 + commas as f32 + (len as f32 / 100.0).min(3.0);
        let mut ancestor = node.parent;
        for divisor in [1.0, 2.0, 3.0] {
            if ancestor == NONE {
                break;
            }
            score[ancestor] += points / divisor;
            ancestor = dom.nodes[ancestor].parent;
        }
    }
    (0..dom.nodes.len())
        .filter(|&i| score[i] > 0.0)
        .map(|i| (i, score[i] * (1.0 - link_density(stats, i))))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// The body element of the page, given the one Readability's scoring prefers.
fn body(dom: &Dom, stats: &Stats, by_score: Option<usize>) -> usize {
    match (body_by_markup(dom, stats), by_score) {
        (Some(m), Some(s)) => {
            // The marked-up body wins unless the scored one lies outside it and holds much
            // more text (a teaser marked as an article above the real one).
            let inside = s >= m && s < dom.nodes[m].end;
            if inside || clean_text(stats, m) * 2 >= clean_text(stats, s) {
                m
            } else {
                s
            }
        }
        (Some(m), None) => m,
        (None, Some(s)) => widen(dom, stats, s),
        (None, None) => dom.nodes.iter().position(|n| n.tag == "body").unwrap_or(0),
    }
}

/// A scored container that holds only part of the text of its parent's paragraphs is widened
/// to the parent when the parent adds paragraph text without adding links (sites that split
/// an article into sibling blocks).
fn widen(dom: &Dom, stats: &Stats, mut i: usize) -> usize {
    while let Some(parent) = Some(dom.nodes[i].parent).filter(|&p| p != NONE) {
        let added = stats.text[parent].saturating_sub(stats.text[i]);
        let added_links = stats.link[parent].saturating_sub(stats.link[i]);
        if dom.nodes[parent].tag == "body"
            || added * 3 > stats.text[i]
            || added_links * 2 > added.max(1)
        {
            break;
        }
        i = parent;
    }
    i
}

/// Clean text below which an extracted body is taken for a miss, and a wider one is tried.
const MIN_TEXT_CHARS: usize = 250;

/// The paragraphs of the article body, in order (a headline inside the body included).
pub fn paragraphs(dom: &Dom) -> Vec<String> {
    if dom.nodes.is_empty() {
        return Vec::new();
    }
    let stats = stats(dom);
    let by_score = body_by_score(dom, &stats);
    let root = body(dom, &stats, by_score);
    let mut out = Vec::new();
    for part in with_lead_siblings(dom, &stats, root) {
        out.extend(paragraphs_of(dom, &stats, part));
    }
    let chars = |paras: &[String]| paras.iter().map(|p| p.chars().count()).sum::<usize>();
    if chars(&out) < MIN_TEXT_CHARS {
        // The chosen body gave almost nothing: try the scored body, then the whole page.
        let page = dom.nodes.iter().position(|n| n.tag == "body").unwrap_or(0);
        for wider in [by_score, Some(page)].into_iter().flatten() {
            let more = paragraphs_of(dom, &stats, wider);
            if chars(&more) > chars(&out) {
                out = more;
            }
            if chars(&out) >= MIN_TEXT_CHARS {
                break;
            }
        }
    }
    out
}

/// The body and, around it, the sibling paragraphs of real prose that sites set apart from it
/// (a standfirst or lead paragraph above the article body), in document order, as Readability
/// takes them: a `<p>` of at least 80 characters with under a quarter of them in links.
fn with_lead_siblings(dom: &Dom, stats: &Stats, root: usize) -> Vec<usize> {
    let parent = dom.nodes[root].parent;
    if parent == NONE || dom.nodes[root].tag == "body" {
        return vec![root];
    }
    let mut parts = Vec::new();
    let mut child = parent + 1;
    while child < dom.nodes[parent].end {
        let node = &dom.nodes[child];
        let prose = node.tag == "p"
            && !stats.dropped[child]
            && stats.text[child] >= 80
            && link_density(stats, child) < 0.25;
        if child == root || prose {
            parts.push(child);
        }
        child = node.end;
    }
    parts
}

/// The paragraphs of one subtree.
fn paragraphs_of(dom: &Dom, stats: &Stats, root: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut para = String::new();
    let mut para_links = 0usize;
    let mut flush = |para: &mut String, links: &mut usize| {
        let text = para.trim();
        let chars = text.chars().count();
        let dense = chars > 0 && *links as f32 > MAX_LINK_DENSITY * chars as f32;
        let says_furniture = chars <= MAX_FURNITURE_CHARS && rules().phrases.is_match(text);
        if !text.is_empty()
            && !dense
            && !says_furniture
            && out.last().map(String::as_str) != Some(text)
        {
            out.push(text.to_string());
        }
        para.clear();
        *links = 0;
    };
    // Ends of the open block elements and links.
    let mut blocks: Vec<usize> = Vec::new();
    let mut link_end = 0usize;
    let mut i = root;
    let end = dom.nodes[root].end;
    while i < end {
        while blocks.last().is_some_and(|&e| e <= i) {
            blocks.pop();
            flush(&mut para, &mut para_links);
        }
        let node = &dom.nodes[i];
        if stats.dropped[i] {
            i = node.end;
            continue;
        }
        if node.is_element() {
            let tag = node.tag.as_str();
            let list = matches!(tag, "ul" | "ol" | "dl" | "table");
            // Lists and tables of links are menus and teasers.
            if list && link_density(stats, i) > MAX_LINK_DENSITY {
                i = node.end;
                continue;
            }
            if BLOCK_TAGS.contains(&tag) {
                flush(&mut para, &mut para_links);
                blocks.push(node.end);
            }
            if tag == "a" && i >= link_end {
                link_end = node.end;
            }
        } else {
            let before = para.len();
            push_collapsed(&mut para, &node.text);
            if i < link_end {
                para_links += para[before..].trim().chars().count();
            }
        }
        i += 1;
    }
    flush(&mut para, &mut para_links);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(html: &str) -> Vec<String> {
        paragraphs(&Dom::parse(html))
    }

    #[test]
    fn main_text_keeps_the_article_and_drops_furniture() {
        let article = "<p>The minister said on Monday that the talks would resume, after a week \
            of pressure from the opposition and from business groups in the capital.</p>"
            .repeat(3);
        let html = format!(
            "<body><nav><a href=/>Home</a></nav>\
             <div class=share-bar>Share on Facebook</div>\
             <article><h1>Talks resume</h1>{article}\
             <figure><img src=a.jpg><figcaption>Photo: Agency</figcaption></figure>\
             <div class=related-stories><p>Other story about something else entirely</p></div>\
             <p>Subscribe now to our print edition for the full story.</p>\
             <p>\u{a9} 2024 The Courier. All rights reserved.</p>\
             </article>\
             <ul><li><a href=/a>Popular one</a></li><li><a href=/b>Popular two</a></li></ul>\
             <footer>Copyright</footer></body>"
        );
        let paras = body_of(&html);
        assert_eq!(paras.len(), 2, "{paras:?}");
        assert_eq!(paras[0], "Talks resume");
        assert!(paras[1].starts_with("The minister said on Monday"));
        let all = paras.join(" ");
        for furniture in [
            "Home",
            "Share",
            "Photo",
            "Other story",
            "Popular",
            "Copyright",
        ] {
            assert!(!all.contains(furniture), "{furniture} kept: {all}");
        }
    }

    /// Distinct paragraphs of ordinary article prose.
    fn prose(n: usize) -> String {
        (1..=n)
            .map(|i| {
                format!(
                    "<p>Rain fell on the city for day {i}, flooding streets, homes and shops, \
                     and the mayor asked residents to stay indoors until the river fell.</p>"
                )
            })
            .collect()
    }

    #[test]
    fn main_text_scores_paragraphs_without_markup_hints() {
        let html = format!(
            "<body><div><a href=/1>One</a> <a href=/2>Two</a></div>\
             <div><div>{}</div></div><div>Contact us</div></body>",
            prose(4)
        );
        let paras = body_of(&html);
        assert_eq!(paras.len(), 4, "{paras:?}");
        assert!(!paras.iter().any(|p| p.contains("Contact")));
    }

    #[test]
    fn main_text_keeps_a_named_container_that_holds_the_article() {
        // A body whose class names furniture ("sidebar-layout") but holds all the paragraphs,
        // and an article-body marker inside a "widget" wrapper.
        let html = format!("<body><div class=sidebar-layout>{}</div></body>", prose(5));
        assert_eq!(body_of(&html).len(), 5);
        let html = format!(
            "<body><div class=\"widget Blog\"><div itemprop=articleBody>{}</div>\
             <div class=share-buttons>Share this</div></div>\
             <div class=sidebar><p>{}</p></div></body>",
            prose(2),
            "Sidebar text that is long enough to count as a paragraph of something. ".repeat(3)
        );
        let paras = body_of(&html);
        assert_eq!(paras.len(), 2, "{paras:?}");
    }

    #[test]
    fn main_text_takes_the_lead_paragraph_beside_the_body() {
        let html = format!(
            "<body><div><p class=intro>The city has launched a five-year project to name \
             the streets after the people who fought colonial rule, its mayor said.</p>\
             <div class=article-body>{}</div><p><a href=/x>More news</a></p></div></body>",
            prose(3)
        );
        let paras = body_of(&html);
        assert_eq!(paras.len(), 4, "{paras:?}");
        assert!(paras[0].starts_with("The city has launched"));
    }

    #[test]
    fn main_text_reads_a_page_wrapped_in_one_form() {
        let html = format!(
            "<body><form id=mainform><div class=content>{}</div></form>\
             <form class=search><input name=q><p>Search our site</p></form></body>",
            prose(3)
        );
        let paras = body_of(&html);
        assert_eq!(paras.len(), 3, "{paras:?}");
    }
}
