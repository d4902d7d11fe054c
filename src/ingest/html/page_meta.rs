//! What a page says about itself: JSON-LD (`schema.org` `NewsArticle` and kin), OpenGraph and
//! `<meta>` tags, `<time>`, `<link rel="canonical">`, `<html lang>` and `<title>`. Sources are
//! read in that order of trust; each field takes the first source that gives it.

use super::dom::Dom;
use crate::doc::Metadata;
use crate::ingest::metadata::parse_date;
use serde_json::Value;

/// JSON-LD types that describe the article itself.
const ARTICLE_TYPES: [&str; 9] = [
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "ScholarlyArticle",
];

/// Longest JSON-LD script parsed (larger ones are site data, not article metadata).
const MAX_JSON_LD: usize = 1 << 20;

/// Reads the page's metadata, and the article's text when JSON-LD declares it
/// (`articleBody`, which some sites fill while they render the visible text by script).
pub fn read(dom: &Dom) -> (Metadata, Option<String>) {
    let mut meta = Metadata::default();
    let mut article_body = None;
    for script in dom.elements("script") {
        let node = &dom.nodes[script];
        let is_ld = node
            .attr("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        if !is_ld {
            continue;
        }
        let text: String = dom.nodes[script..node.end]
            .iter()
            .filter(|n| !n.is_element())
            .map(|n| n.text.as_str())
            .collect();
        if text.len() > MAX_JSON_LD {
            continue;
        }
        if let Ok(value) = serde_json::from_str::<Value>(text.trim()) {
            let mut objects = Vec::new();
            collect_objects(&value, &mut objects, 0);
            for obj in objects.iter().filter(|o| is_article(o)) {
                from_json_ld(obj, &objects, &mut meta, &mut article_body);
            }
            // A page that describes itself only as a WebPage still dates itself.
            for obj in objects
                .iter()
                .filter(|o| types(o).any(|t| t.ends_with("Page")))
            {
                let date = |key: &str| {
                    obj.get(key)
                        .and_then(name_of)
                        .and_then(|d| normalise_date(&d))
                };
                set(&mut meta.published, date("datePublished"));
                set(&mut meta.modified, date("dateModified"));
            }
            // The site's own Organization or WebSite names the publisher when no article does.
            for obj in &objects {
                if types(obj).any(|t| t == "WebSite" || t == "NewsMediaOrganization") {
                    set(&mut meta.publisher, obj.get("name").and_then(name_of));
                }
            }
        }
    }
    read_meta_tags(dom, &mut meta);
    if meta.published.is_none() {
        // The first <time> that gives a date, by its datetime attribute or its text.
        meta.published = dom.elements("time").find_map(|i| {
            let node = &dom.nodes[i];
            node.attr("datetime").and_then(normalise_date).or_else(|| {
                dom.text_of(i)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .windows(3)
                    .find_map(|w| normalise_date(&w.join(" ")))
            })
        });
    }
    if meta.url.is_none() {
        meta.url = dom
            .elements("link")
            .find(|&i| {
                dom.nodes[i]
                    .attr("rel")
                    .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
            })
            .and_then(|i| dom.nodes[i].attr("href"))
            .and_then(clean);
    }
    if meta.language.is_none() {
        meta.language = dom
            .nodes
            .first()
            .and_then(|n| n.attr("lang"))
            .and_then(clean);
    }
    let title = dom.elements("title").map(|i| dom.text_of(i)).next();
    let host = meta.url.as_deref().map(host_labels).unwrap_or_default();
    // A site name that looks nothing like the site's address (a slogan) gives way to the
    // name the <title> ends with when that one does ("… | UKBDNEWS" on ukbdnews.com).
    let named_like_host = |name: &str| is_site(name, None, &host);
    if !meta.publisher.as_deref().is_some_and(named_like_host) {
        if let Some((_, tail)) = title.as_deref().and_then(split_suffix) {
            if named_like_host(tail) {
                meta.publisher = clean(tail);
            }
        }
    }
    if meta.title.is_none() {
        let h1 = dom
            .elements("h1")
            .map(|i| dom.text_of(i))
            .find(|t| !t.is_empty());
        meta.title = h1.or_else(|| title.map(|t| strip_site(&t, meta.publisher.as_deref())));
    }
    // "Headline | Site" declared as the headline loses the site's name.
    if let Some(headline) = meta.title.take().and_then(|h| clean(&h)) {
        meta.title = Some(match split_suffix(&headline) {
            Some((head, tail)) if is_site(tail, meta.publisher.as_deref(), &host) => {
                head.trim().to_string()
            }
            _ => headline,
        });
    }
    if !meta.authors.is_empty() {
        meta.author = Some(meta.authors.join(", "));
    }
    (meta, article_body)
}

/// A name reduced to its lower-case letters and digits ("PC Gamer" and "pcgamer" alike).
fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The labels of a URL's host that can name a site ("ukbdnews" of www.ukbdnews.com).
fn host_labels(url: &str) -> Vec<String> {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or(url)
        .split(['/', ':', '?', '#'])
        .next()
        .unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    let keep = labels.len().saturating_sub(1);
    labels[..keep]
        .iter()
        .filter(|l| l.len() >= 4 && **l != "www")
        .map(|l| l.to_ascii_lowercase())
        .collect()
}

/// Is `name` the site's name: the publisher's, or one its address spells?
fn is_site(name: &str, publisher: Option<&str>, host: &[String]) -> bool {
    let name = name_key(name);
    !name.is_empty()
        && (publisher.is_some_and(|p| name_key(p) == name)
            || host
                .iter()
                .any(|l| name.contains(l.as_str()) || l.contains(name.as_str()) && name.len() >= 4))
}

/// "Head | Tail" (also " - ", " – ", " — ", " :: "), split at the last separator.
fn split_suffix(title: &str) -> Option<(&str, &str)> {
    [" | ", " - ", " – ", " — ", " :: "]
        .iter()
        .filter_map(|sep| title.rsplit_once(sep))
        .max_by_key(|(head, _)| head.len())
}

/// Every JSON object in a JSON-LD value (top level, arrays, `@graph`), depth-bounded.
fn collect_objects<'a>(value: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                collect_objects(item, out, depth + 1);
            }
        }
        Value::Object(map) => {
            out.push(value);
            if let Some(graph) = map.get("@graph") {
                collect_objects(graph, out, depth + 1);
            }
            if let Some(main) = map.get("mainEntity") {
                collect_objects(main, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn types(obj: &Value) -> impl Iterator<Item = &str> {
    // Some sites write "type" for "@type".
    let t = obj.get("@type").or_else(|| obj.get("type"));
    let list: Vec<&str> = match t {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    list.into_iter()
        .map(|t| t.rsplit(['/', ':']).next().unwrap_or(t))
}

fn is_article(obj: &Value) -> bool {
    types(obj).any(|t| ARTICLE_TYPES.contains(&t))
}

/// A name from a string, an object with `name`, or the first of an array.
fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => clean(s),
        Value::Object(map) => map.get("name").and_then(name_of),
        Value::Array(items) => items.iter().find_map(name_of),
        _ => None,
    }
}

/// Every name in a string, object or array of them.
fn names_of(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(name_of).collect(),
        other => name_of(other).into_iter().collect(),
    }
}

/// An object given by reference (`{"@id": "…#organization"}`) is the object of the same
/// document that carries that `@id`.
fn resolve<'a>(value: &'a Value, objects: &[&'a Value]) -> &'a Value {
    let Some(map) = value.as_object() else {
        return value;
    };
    if map.len() != 1 {
        return value;
    }
    let Some(id) = map.get("@id").and_then(Value::as_str) else {
        return value;
    };
    objects
        .iter()
        .find(|o| o.get("@id").and_then(Value::as_str) == Some(id) && o.get("name").is_some())
        .copied()
        .unwrap_or(value)
}

fn from_json_ld(
    obj: &Value,
    objects: &[&Value],
    meta: &mut Metadata,
    article_body: &mut Option<String>,
) {
    let get = |key: &str| obj.get(key).map(|v| resolve(v, objects));
    let text = |key: &str| get(key).and_then(name_of);
    set(&mut meta.title, text("headline").or_else(|| text("name")));
    if meta.authors.is_empty() {
        if let Some(author) = get("author").or_else(|| get("creator")) {
            let authors = match author {
                Value::Array(items) => items.iter().map(|a| resolve(a, objects)).collect(),
                one => vec![one],
            };
            add_names(
                &mut meta.authors,
                authors.into_iter().filter_map(name_of).collect(),
            );
        }
    }
    set(
        &mut meta.published,
        text("datePublished").and_then(|d| normalise_date(&d)),
    );
    set(
        &mut meta.modified,
        text("dateModified").and_then(|d| normalise_date(&d)),
    );
    set(&mut meta.publisher, text("publisher"));
    set(
        &mut meta.url,
        text("url").or_else(|| {
            obj.get("mainEntityOfPage")
                .and_then(|m| m.get("@id").or(Some(m)))
                .and_then(Value::as_str)
                .and_then(clean)
        }),
    );
    set(&mut meta.language, text("inLanguage"));
    set(&mut meta.section, text("articleSection"));
    set(&mut meta.description, text("description"));
    if article_body.is_none() {
        *article_body = obj
            .get("articleBody")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(str::to_string);
    }
    if let Some(keywords) = get("keywords") {
        let list = match keywords {
            Value::String(s) => s.split(',').filter_map(clean).collect(),
            other => names_of(other),
        };
        add_names(&mut meta.keywords, list);
    }
}

fn read_meta_tags(dom: &Dom, meta: &mut Metadata) {
    let mut authors = Vec::new();
    let mut keywords = Vec::new();
    for i in dom.elements("meta") {
        let node = &dom.nodes[i];
        let Some(content) = node.attr("content").and_then(clean) else {
            continue;
        };
        let key = node
            .attr("property")
            .or_else(|| node.attr("name"))
            .or_else(|| node.attr("itemprop"))
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match key.as_str() {
            "og:title" | "twitter:title" | "dc.title" | "headline" | "sailthru.title" => {
                set(&mut meta.title, Some(content))
            }
            // OpenGraph often gives the author's profile page, not a name.
            "author" | "article:author" | "dc.creator" | "dcterms.creator" | "byl"
            | "sailthru.author" | "parsely-author" | "citation_author"
                if !content.starts_with("http") =>
            {
                let name = content
                    .strip_prefix("By ")
                    .or_else(|| content.strip_prefix("BY "))
                    .unwrap_or(&content);
                authors.push(name.to_string());
            }
            "article:published_time"
            | "datepublished"
            | "date"
            | "pubdate"
            | "publishdate"
            | "publish-date"
            | "dc.date"
            | "dc.date.issued"
            | "dcterms.created"
            | "dcterms.date"
            | "sailthru.date"
            | "parsely-pub-date"
            | "og:published_time"
            | "citation_publication_date"
            | "article.published" => set(&mut meta.published, normalise_date(&content)),
            "article:modified_time"
            | "og:updated_time"
            | "datemodified"
            | "dcterms.modified"
            | "last-modified" => set(&mut meta.modified, normalise_date(&content)),
            // The site's own name is the publisher readers know ("Boxen1.com", not the
            // company that owns it, which JSON-LD often gives).
            // Unless it is the same name written more plainly ("pcgamer", "PC Gamer").
            "og:site_name"
                if meta.publisher.as_deref().map(name_key) != Some(name_key(&content)) =>
            {
                meta.publisher = Some(content);
            }
            "application-name" | "dc.publisher" | "dcterms.publisher" | "publisher"
            | "citation_publisher" => set(&mut meta.publisher, Some(content)),
            "og:url" => set(&mut meta.url, Some(content)),
            "og:locale" | "content-language" | "dc.language" | "language" => {
                set(&mut meta.language, Some(content.replace('_', "-")))
            }
            "article:section" | "section" | "parsely-section" => {
                set(&mut meta.section, Some(content))
            }
            "keywords" | "news_keywords" | "article:tag" | "parsely-tags" => {
                keywords.extend(content.split(',').filter_map(clean))
            }
            "description" | "og:description" | "dc.description" | "twitter:description" => {
                set(&mut meta.description, Some(content))
            }
            _ => {}
        }
    }
    if meta.authors.is_empty() {
        add_names(&mut meta.authors, authors);
    }
    add_names(&mut meta.keywords, keywords);
}

/// Sets a field that is still empty.
fn set(field: &mut Option<String>, value: Option<String>) {
    if field.is_none() {
        *field = value;
    }
}

fn add_names(list: &mut Vec<String>, names: Vec<String>) {
    for name in names {
        // "A and B" and "A, B" in one author field are two authors.
        for part in name.split(" and ").flat_map(|p| p.split(',')) {
            if let Some(part) = clean(part) {
                if !list.iter().any(|n| n.eq_ignore_ascii_case(&part)) {
                    list.push(part);
                }
            }
        }
    }
}

/// Trims, collapses whitespace, decodes the HTML character references some sites leave in
/// JSON-LD ("Harper&#039;s") and refuses empty values.
fn clean(value: &str) -> Option<String> {
    let value = if value.contains('&') {
        let fragment = scraper::Html::parse_fragment(value);
        fragment.root_element().text().collect::<String>()
    } else {
        value.to_string()
    };
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    (!value.is_empty()).then_some(value)
}

/// `YYYY-MM-DD` from an ISO 8601 date or date-time, or a date written in English.
pub fn normalise_date(value: &str) -> Option<String> {
    let value = value.trim();
    let head = value.get(..10).unwrap_or("");
    let b = head.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        return parse_date(head, None);
    }
    if value.len() >= 8 && value.as_bytes()[..8].iter().all(u8::is_ascii_digit) {
        return parse_date(
            &format!("{}-{}-{}", &value[..4], &value[4..6], &value[6..8]),
            None,
        );
    }
    parse_date(value, None)
}

/// "Headline | Site" and "Headline - Site" lose the site's name: the page's publisher, or a
/// tail of at most three words after a head of at least three.
fn strip_site(title: &str, site: Option<&str>) -> String {
    match split_suffix(title) {
        Some((head, tail))
            if (site.is_some_and(|s| tail.trim().eq_ignore_ascii_case(s))
                || tail.split_whitespace().count() <= 3)
                && head.split_whitespace().count() >= 3 =>
        {
            head.trim().to_string()
        }
        _ => title.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(html: &str) -> Metadata {
        read(&Dom::parse(html)).0
    }

    #[test]
    fn page_meta_reads_json_ld_first() {
        let m = meta(
            r#"<html lang="en-GB"><head><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Daily Site"},
             {"@type":"Organization","@id":"https://example.org/#org","name":"Daily News"},
             {"@type":["NewsArticle"],"headline":"Floods hit the north","datePublished":"2023-03-04T08:00:00-05:00",
              "dateModified":"2023-03-05","author":[{"@type":"Person","name":"Ana Ruiz"},{"name":"Li Wei"}],
              "publisher":{"@id":"https://example.org/#org"},"articleSection":"World",
              "keywords":"floods, weather","url":"https://example.org/floods"}]}
            </script><meta property="og:title" content="Other title"></head><body></body></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Floods hit the north"));
        assert_eq!(m.authors, ["Ana Ruiz", "Li Wei"]);
        assert_eq!(m.published.as_deref(), Some("2023-03-04"));
        assert_eq!(m.modified.as_deref(), Some("2023-03-05"));
        assert_eq!(m.publisher.as_deref(), Some("Daily News"));
        assert_eq!(m.url.as_deref(), Some("https://example.org/floods"));
        assert_eq!(m.language.as_deref(), Some("en-GB"));
        assert_eq!(m.section.as_deref(), Some("World"));
        assert_eq!(m.keywords, ["floods", "weather"]);
    }

    #[test]
    fn page_meta_reads_opengraph_meta_time_canonical_and_title() {
        let m = meta(
            r#"<html lang="en"><head><title>Port strike ends after deal | The Courier</title>
            <meta property="og:site_name" content="The Courier">
            <meta property="article:published_time" content="2021-06-01T10:00:00Z">
            <meta name="author" content="By Sam Lee and Jo Park">
            <meta name="keywords" content="ports,strike">
            <link rel="canonical" href="https://courier.example/port"></head>
            <body><p>Text</p></body></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Port strike ends after deal"));
        assert_eq!(m.publisher.as_deref(), Some("The Courier"));
        assert_eq!(m.published.as_deref(), Some("2021-06-01"));
        assert_eq!(m.authors, ["Sam Lee", "Jo Park"]);
        assert_eq!(m.keywords, ["ports", "strike"]);
        assert_eq!(m.url.as_deref(), Some("https://courier.example/port"));
        let m = meta(
            r#"<meta property="og:site_name" content="Daily Brand">
            <script type="application/ld+json">{"type":"Article","headline":"H",
            "datePublished":"Thu, 08 May 2014 14:04:53 -0400","publisher":{"name":"Brand Holdings S.A."}}</script>
            <script type="application/ld+json">{"@type":"WebPage","datePublished":"2001-01-01"}</script>"#,
        );
        assert_eq!(m.publisher.as_deref(), Some("Daily Brand"));
        assert_eq!(m.published.as_deref(), Some("2014-05-08"));
        let m = meta(
            r#"<script type="application/ld+json">{"@type":"AboutPage","datePublished":"2018-06-07T10:13:17+00:00"}</script>"#,
        );
        assert_eq!(m.published.as_deref(), Some("2018-06-07"));
        let m = meta(
            r#"<title>Flood warning issued | DAILYNEWS</title>
            <meta property="og:site_name" content="First with the news">
            <meta property="og:title" content="Flood warning issued | DAILYNEWS">
            <link rel="canonical" href="https://www.dailynews.example/a/1">"#,
        );
        assert_eq!(m.publisher.as_deref(), Some("DAILYNEWS"));
        assert_eq!(m.title.as_deref(), Some("Flood warning issued"));
        let m = meta(
            r#"<meta property="og:title" content="Talks fail - again"><meta property="og:site_name" content="pcgamer">
            <script type="application/ld+json">{"@type":"NewsArticle","publisher":{"name":"PC Gamer"}}</script>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Talks fail - again"));
        assert_eq!(m.publisher.as_deref(), Some("PC Gamer"));
        let m = meta(r#"<body><h1>Head</h1><time datetime="2020-02-03">Feb 3</time></body>"#);
        assert_eq!(m.published.as_deref(), Some("2020-02-03"));
        assert_eq!(m.title.as_deref(), Some("Head"));
    }

    #[test]
    fn page_meta_survives_broken_json_ld_and_normalises_dates() {
        let m = meta(r#"<script type="application/ld+json">{"@type":"NewsArticle",</script>"#);
        assert_eq!(m, Metadata::default());
        assert_eq!(normalise_date("20190704").as_deref(), Some("2019-07-04"));
        assert_eq!(
            normalise_date("July 4, 2019").as_deref(),
            Some("2019-07-04")
        );
        assert_eq!(
            normalise_date("2019-07-04T12:00:00-04:00").as_deref(),
            Some("2019-07-04")
        );
        assert_eq!(normalise_date("yesterday"), None);
        assert_eq!(
            clean(" Harper&#039;s  Magazine ").as_deref(),
            Some("Harper's Magazine")
        );
        let m = meta("<time>Published on August 19, 2019</time>");
        assert_eq!(m.published.as_deref(), Some("2019-08-19"));
    }
}
