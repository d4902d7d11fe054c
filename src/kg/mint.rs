//! Stable IRIs. An entity's IRI depends only on its coarse type and normalised name, so the
//! same entity named in many articles (or in curated facts) is one node; an article's IRIs
//! depend only on its file name, so re-building an article replaces exactly its graph.

use super::vocab::ID;
use crate::doc::EntityType;
use oxigraph::model::NamedNode;

/// Lower-case ASCII slug: accents folded, other characters to single hyphens.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    // Letters since the last non-alphanumeric character: a dot after a single letter belongs to
    // an abbreviation ("U.S." → "us"); other dots separate ("a.txt" → "a-txt").
    let mut run = 0;
    for (i, &c) in chars.iter().enumerate() {
        let folded = fold(c);
        if folded.is_ascii_alphanumeric() {
            out.push(folded.to_ascii_lowercase());
            run += 1;
            continue;
        }
        let next_alnum = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        let joins =
            folded == '\'' || folded == '\u{2019}' || (folded == '.' && (run < 2 || !next_alnum));
        run = 0;
        if !joins && !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        // Names without any ASCII letter (e.g. in another script) get a stable hash.
        format!("x{:016x}", fnv1a(text))
    } else {
        trimmed.to_string()
    }
}

fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ç' | 'Ç' | 'ć' | 'č' => 'c',
        'ñ' | 'Ñ' | 'ń' => 'n',
        'ß' => 's',
        'ş' | 'š' | 'Ş' | 'Š' => 's',
        'ž' | 'Ž' => 'z',
        'ł' | 'Ł' => 'l',
        c => c,
    }
}

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The path segment of a coarse type.
pub fn type_segment(etype: EntityType) -> &'static str {
    match etype {
        EntityType::Person => "person",
        EntityType::Organization => "organization",
        EntityType::Country => "country",
        EntityType::Place => "place",
        EntityType::Agreement => "agreement",
    }
}

/// The IRI of a post: one node per holder, role and organisation (or country) across the store,
/// whatever article or curated file states it. The role is compared in lower case, without a
/// leading "new", "former" or "then".
pub fn post_iri(holder: &NamedNode, role: Option<&str>, organisation: &NamedNode) -> NamedNode {
    let role = role.map(|r| {
        let lower = r.trim().to_lowercase();
        ["new ", "former ", "then "].iter().fold(lower, |acc, p| {
            acc.strip_prefix(p).map(str::to_string).unwrap_or(acc)
        })
    });
    let holder_local = holder.as_str().rsplit('/').next().unwrap_or_default();
    let key = format!(
        "{}|{}|{}",
        holder.as_str(),
        role.as_deref().unwrap_or(""),
        organisation.as_str()
    );
    NamedNode::new_unchecked(format!("{ID}post/{holder_local}-{:016x}", fnv1a(&key)))
}

/// The IRI of an entity.
pub fn entity_iri(etype: EntityType, name: &str) -> NamedNode {
    let name = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(name);
    NamedNode::new_unchecked(format!("{ID}{}/{}", type_segment(etype), slug(name)))
}

/// The IRI of an article, from its document id (its path under the input folder, or its
/// JSON Lines id).
pub fn article_iri(doc_id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ID}article/{}", article_slug(doc_id)))
}

/// The named graph holding an article's triples.
pub fn article_graph(doc_id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ID}graph/article/{}", article_slug(doc_id)))
}

/// An article id as an IRI segment, one per id: a plain file name (lower-case words joined by
/// hyphens, one extension: `port-strike.txt`) reads as its slug (`port-strike-txt`); any other
/// id (a folder in it, capitals, more dots, other characters: `a/news.txt`, `News.txt`,
/// `site.com.top10.html`) is slugged and followed by a hash of the exact id, so that two ids
/// never share a node.
pub fn article_slug(doc_id: &str) -> String {
    let plain = doc_id.split_once('.').is_some_and(|(name, ext)| {
        !name.is_empty()
            && !ext.is_empty()
            && ext
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && name.split('-').all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    });
    if plain {
        slug(doc_id)
    } else {
        format!("{}-{:08x}", slug(doc_id), fnv1a(doc_id) as u32)
    }
}

/// A node inside an article: `kind` is `s` (sentence), `m` (mention), `r` (assertion),
/// `st` (statement), `c` (claim), `ev` (event).
pub fn article_node(doc_id: &str, kind: &str, idx: usize) -> NamedNode {
    ArticleNodes::new(doc_id).node(kind, idx)
}

/// Mints the nodes of one article, slugging its id once.
pub struct ArticleNodes {
    prefix: String,
}

impl ArticleNodes {
    /// The node minter of an article.
    pub fn new(doc_id: &str) -> ArticleNodes {
        ArticleNodes {
            prefix: format!("{ID}article/{}/", article_slug(doc_id)),
        }
    }

    /// A node of the article (see [`article_node`]).
    pub fn node(&self, kind: &str, idx: usize) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{kind}{idx}", self.prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn article_ids_never_share_a_node() {
        assert_eq!(article_slug("port-strike.txt"), "port-strike-txt");
        let ids = [
            "news.txt",
            "News.txt",
            "a/news.txt",
            "b/news.txt",
            "a-news.txt",
            "site.com-top10.html",
            "site.com.top10.html",
            "feed.jsonl#1",
            "feed.jsonl#2",
            "news-txt",
        ];
        let slugs: HashSet<String> = ids.iter().map(|i| article_slug(i)).collect();
        assert_eq!(slugs.len(), ids.len(), "{slugs:?}");
        assert_eq!(article_iri("a/news.txt"), article_iri("a/news.txt"));
    }

    #[test]
    fn mint_post_is_one_per_holder_role_and_organisation() {
        let holder = entity_iri(EntityType::Person, "Ana Ruiz");
        let org = entity_iri(EntityType::Organization, "Open Borders");
        let a = post_iri(&holder, Some("Campaign Director"), &org);
        assert_eq!(a, post_iri(&holder, Some("former campaign director"), &org));
        assert_ne!(a, post_iri(&holder, Some("founder"), &org));
        assert_ne!(a, post_iri(&holder, None, &org));
        assert!(a.as_str().contains("/post/ana-ruiz-"), "{a}");
    }

    #[test]
    fn mint_slugs_are_stable_and_ascii() {
        assert_eq!(slug("Ana Ruiz"), "ana-ruiz");
        assert_eq!(slug("Côte d'Ivoire"), "cote-divoire");
        assert_eq!(slug("U.S."), "us");
        assert_eq!(slug("reuters-2022-12-15.txt"), "reuters-2022-12-15-txt");
        assert!(slug("北京").starts_with('x'));
        assert_eq!(
            entity_iri(EntityType::Organization, "The Red Cross"),
            entity_iri(EntityType::Organization, "Red Cross")
        );
    }
}
