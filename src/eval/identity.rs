//! Identity across articles scored against gold clusters: every gold mention of an entity,
//! in every article, is one item; the gold cluster of an item is its entity's type and name
//! (the same name in two articles' gold is one real-world thing), its system cluster the
//! node its mention resolved to. B³ precision and recall over the items, per type, and for
//! the entities named in several articles: nodes per entity, the share of its mentions on its
//! main node, and the nodes that hold two of them or give one a wrong type.

use super::report::doc_name;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One entity of one article as the system resolved it.
#[derive(Debug, Clone)]
pub struct SystemEntity {
    /// Character spans of its mentions.
    pub mentions: Vec<(usize, usize)>,
    /// The node it resolved to.
    pub node: String,
    /// The node's coarse type.
    pub etype: String,
}

/// One article's resolved entities.
#[derive(Debug, Clone)]
pub struct SystemDoc {
    /// The article's name.
    pub doc: String,
    /// Its entities.
    pub entities: Vec<SystemEntity>,
}

struct Item {
    gold: usize,
    system: Option<usize>,
}

/// Scores per type and for the recurring entities.
#[derive(Debug, Clone, Default)]
pub struct IdentityReport {
    /// Type → (items, B³ precision, recall, F1).
    pub by_type: BTreeMap<String, (usize, f64, f64, f64)>,
    /// All items: (items, B³ precision, recall, F1).
    pub all: (usize, f64, f64, f64),
    /// The same over the gold mentions the extraction found.
    pub found: (usize, f64, f64, f64),
    /// Entities named in at least `recurring_at` articles.
    pub recurring: usize,
    /// The article count that makes an entity recurring.
    pub recurring_at: usize,
    /// Mean nodes per recurring entity.
    pub nodes_per_entity: f64,
    /// Share of the recurring entities' found mentions on their main node.
    pub on_main_node: f64,
    /// Nodes holding mentions of two recurring entities, or giving one a wrong type.
    pub bad_nodes: Vec<String>,
    /// Recurring entities split over several nodes: (entity, nodes).
    pub split: Vec<(String, Vec<String>)>,
    /// Gold mentions no system mention overlaps.
    pub missed: usize,
}

/// Scores `system` against the gold entities (the extraction format, with `doc`, `entities`,
/// each with `type`, `name`, `mentions`; optional ones are left out).
pub fn score_identity(gold: &[Value], system: &[SystemDoc], recurring_at: usize) -> IdentityReport {
    let mut clusters: Vec<(String, String)> = Vec::new();
    let mut cluster_of: HashMap<(String, String), usize> = HashMap::new();
    let mut nodes: Vec<(String, String)> = Vec::new();
    let mut node_of: HashMap<String, usize> = HashMap::new();
    let mut articles_of: Vec<HashSet<String>> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let by_doc: HashMap<String, &SystemDoc> =
        system.iter().map(|d| (doc_name(&d.doc), d)).collect();
    for g in gold {
        let doc = doc_name(g["doc"].as_str().unwrap_or_default());
        let sys = by_doc.get(&doc);
        for e in g["entities"].as_array().into_iter().flatten() {
            if e["optional"].as_bool() == Some(true) {
                continue;
            }
            let key = (
                e["type"].as_str().unwrap_or_default().to_string(),
                e["name"].as_str().unwrap_or_default().to_string(),
            );
            let c = *cluster_of.entry(key.clone()).or_insert_with(|| {
                clusters.push(key);
                articles_of.push(HashSet::new());
                clusters.len() - 1
            });
            articles_of[c].insert(doc.clone());
            for m in e["mentions"].as_array().into_iter().flatten() {
                let (Some(start), Some(end)) = (m[0].as_u64(), m[1].as_u64()) else {
                    continue;
                };
                let span = (start as usize, end as usize);
                let found = sys.and_then(|d| system_entity_at(d, span));
                let system = found.map(|se| {
                    *node_of.entry(se.node.clone()).or_insert_with(|| {
                        nodes.push((se.node.clone(), se.etype.clone()));
                        nodes.len() - 1
                    })
                });
                items.push(Item { gold: c, system });
            }
        }
    }
    let mut report = IdentityReport {
        recurring_at,
        missed: items.iter().filter(|i| i.system.is_none()).count(),
        ..IdentityReport::default()
    };
    // B³ over every gold mention, and over those the extraction found (what identity alone
    // decides).
    let found: Vec<&Item> = items.iter().filter(|i| i.system.is_some()).collect();
    let all: Vec<&Item> = items.iter().collect();
    for (set, whole) in [(&all, true), (&found, false)] {
        for (key, score) in b3(set, &clusters) {
            match (key.is_empty(), whole) {
                (true, true) => report.all = score,
                (false, true) => {
                    report.by_type.insert(key, score);
                }
                (true, false) => report.found = score,
                (false, false) => {}
            }
        }
    }
    // The recurring entities.
    let recurring: Vec<usize> = (0..clusters.len())
        .filter(|&c| articles_of[c].len() >= recurring_at)
        .collect();
    report.recurring = recurring.len();
    let (mut node_count, mut on_main, mut found) = (0usize, 0usize, 0usize);
    let mut holders: HashMap<usize, HashSet<usize>> = HashMap::new();
    for &c in &recurring {
        let mut per_node: BTreeMap<usize, usize> = BTreeMap::new();
        for i in items.iter().filter(|i| i.gold == c) {
            if let Some(s) = i.system {
                *per_node.entry(s).or_default() += 1;
                holders.entry(s).or_default().insert(c);
            }
        }
        node_count += per_node.len().max(1);
        found += per_node.values().sum::<usize>();
        on_main += per_node.values().max().copied().unwrap_or(0);
        if per_node.len() > 1 {
            report.split.push((
                format!("{} {}", clusters[c].0, clusters[c].1),
                per_node
                    .iter()
                    .map(|(s, n)| format!("{} ({n})", nodes[*s].0))
                    .collect(),
            ));
        }
    }
    report.nodes_per_entity = node_count as f64 / recurring.len().max(1) as f64;
    report.on_main_node = on_main as f64 / found.max(1) as f64;
    let mut bad: Vec<String> = holders
        .iter()
        .filter_map(|(s, held)| {
            let (node, etype) = &nodes[*s];
            let names: Vec<String> = held.iter().map(|&c| clusters[c].1.clone()).collect();
            let wrong_type = held.iter().any(|&c| clusters[c].0 != *etype);
            if held.len() > 1 {
                let mut names = names;
                names.sort();
                Some(format!("{node}: holds {}", names.join(" + ")))
            } else if wrong_type {
                Some(format!(
                    "{node}: {etype}, gold {}",
                    clusters[*held.iter().next()?].0
                ))
            } else {
                None
            }
        })
        .collect();
    bad.sort();
    report.bad_nodes = bad;
    report
}

/// B³ precision, recall and F1 of `items` per gold type and overall (key ""): per item, the
/// items of its gold cluster and of its system cluster (a missed mention is a cluster of its
/// own).
fn b3(items: &[&Item], clusters: &[(String, String)]) -> BTreeMap<String, (usize, f64, f64, f64)> {
    let mut gold_size: HashMap<usize, usize> = HashMap::new();
    let mut sys_size: HashMap<usize, usize> = HashMap::new();
    let mut both: HashMap<(usize, usize), usize> = HashMap::new();
    for i in items {
        *gold_size.entry(i.gold).or_default() += 1;
        if let Some(s) = i.system {
            *sys_size.entry(s).or_default() += 1;
            *both.entry((i.gold, s)).or_default() += 1;
        }
    }
    let mut sums: BTreeMap<String, (usize, f64, f64)> = BTreeMap::new();
    for i in items {
        let (p, r) = match i.system {
            Some(s) => {
                let shared = both[&(i.gold, s)] as f64;
                (
                    shared / sys_size[&s] as f64,
                    shared / gold_size[&i.gold] as f64,
                )
            }
            None => (1.0, 1.0 / gold_size[&i.gold] as f64),
        };
        for key in [clusters[i.gold].0.clone(), String::new()] {
            let e = sums.entry(key).or_default();
            e.0 += 1;
            e.1 += p;
            e.2 += r;
        }
    }
    sums.into_iter()
        .map(|(key, (n, p, r))| {
            let (p, r) = (p / n as f64, r / n as f64);
            let f = if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            };
            (key, (n, p, r, f))
        })
        .collect()
}

/// The system entity with a mention at `span`: the same span, else the one overlapping it
/// most, when the overlap is at least half of either span ("Ohio Gov. John Kasich" for "John
/// Kasich", not "Trump Tower" for "Trump").
fn system_entity_at(doc: &SystemDoc, span: (usize, usize)) -> Option<&SystemEntity> {
    let mut best: Option<(&SystemEntity, f64)> = None;
    for e in &doc.entities {
        for &(s, t) in &e.mentions {
            if (s, t) == span {
                return Some(e);
            }
            let overlap = t.min(span.1).saturating_sub(s.max(span.0)) as f64;
            let share =
                (overlap / (t - s).max(1) as f64).min(overlap / (span.1 - span.0).max(1) as f64);
            if share >= 0.5 && best.is_none_or(|(_, o)| share > o) {
                best = Some((e, share));
            }
        }
    }
    best.map(|(e, _)| e)
}

impl IdentityReport {
    /// The report as text.
    pub fn text(&self, title: &str) -> String {
        let mut out = format!("identity across articles ({title})\n");
        out.push_str(&format!(
            "{:<14} {:>6} {:>7} {:>7} {:>7}\n",
            "type", "items", "B3 P", "B3 R", "B3 F1"
        ));
        let rows = self
            .by_type
            .iter()
            .map(|(t, s)| (t.as_str(), s))
            .chain([("all", &self.all), ("all found", &self.found)]);
        for (t, (n, p, r, f)) in rows {
            out.push_str(&format!("{t:<14} {n:>6} {p:>7.3} {r:>7.3} {f:>7.3}\n"));
        }
        out.push_str(&format!(
            "entities in >= {} articles: {}; nodes per entity {:.2}; mentions on the main node {:.1}%; conflating or mistyped nodes {}; gold mentions not found {}\n",
            self.recurring_at,
            self.recurring,
            self.nodes_per_entity,
            100.0 * self.on_main_node,
            self.bad_nodes.len(),
            self.missed
        ));
        out
    }

    /// The split entities and bad nodes, for review.
    pub fn details(&self) -> String {
        let mut out = String::new();
        for (entity, nodes) in &self.split {
            out.push_str(&format!("split {entity}: {}\n", nodes.join(", ")));
        }
        for bad in &self.bad_nodes {
            out.push_str(&format!("node {bad}\n"));
        }
        out
    }

    /// The report as JSON.
    pub fn json(&self) -> Value {
        let types: serde_json::Map<String, Value> = self
            .by_type
            .iter()
            .map(|(t, (n, p, r, f))| (t.clone(), json!({"items": n, "p": p, "r": r, "f1": f})))
            .collect();
        json!({
            "b3": {"items": self.all.0, "p": self.all.1, "r": self.all.2, "f1": self.all.3},
            "b3_found": {"items": self.found.0, "p": self.found.1, "r": self.found.2, "f1": self.found.3},
            "by_type": types,
            "recurring": self.recurring,
            "nodes_per_entity": self.nodes_per_entity,
            "on_main_node": self.on_main_node,
            "bad_nodes": self.bad_nodes,
            "missed": self.missed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold() -> Vec<Value> {
        vec![
            json!({"doc": "a.txt", "entities": [
                {"name": "Barack Obama", "type": "Person", "mentions": [[0, 12], [20, 25]]},
                {"name": "Michelle Obama", "type": "Person", "mentions": [[30, 44]]}]}),
            json!({"doc": "b.txt", "entities": [
                {"name": "Barack Obama", "type": "Person", "mentions": [[0, 5]]}]}),
            json!({"doc": "c.txt", "entities": [
                {"name": "Barack Obama", "type": "Person", "mentions": [[0, 5]]},
                {"name": "Nobody", "type": "Person", "optional": true, "mentions": [[9, 12]]}]}),
        ]
    }

    fn ent(mentions: &[(usize, usize)], node: &str) -> SystemEntity {
        SystemEntity {
            mentions: mentions.to_vec(),
            node: node.into(),
            etype: "Person".into(),
        }
    }

    #[test]
    fn one_node_per_entity_scores_one() {
        let system = vec![
            SystemDoc {
                doc: "a.txt".into(),
                entities: vec![
                    ent(&[(0, 12), (20, 25)], "obama"),
                    ent(&[(30, 44)], "michelle"),
                ],
            },
            SystemDoc {
                doc: "dir/b.txt".into(),
                entities: vec![ent(&[(0, 5)], "obama")],
            },
            SystemDoc {
                doc: "c.txt".into(),
                entities: vec![ent(&[(0, 5)], "obama")],
            },
        ];
        let r = score_identity(&gold(), &system, 3);
        assert_eq!(r.all.0, 5);
        assert!((r.all.3 - 1.0).abs() < 1e-9, "{r:?}");
        assert_eq!((r.recurring, r.nodes_per_entity), (1, 1.0));
        assert!(r.bad_nodes.is_empty() && r.split.is_empty());
    }

    #[test]
    fn splits_and_merges_cost_recall_and_precision() {
        let system = vec![
            SystemDoc {
                doc: "a.txt".into(),
                // Michelle merged into her husband's node.
                entities: vec![ent(&[(0, 12), (20, 25), (30, 44)], "obama")],
            },
            SystemDoc {
                doc: "b.txt".into(),
                entities: vec![ent(&[(0, 5)], "obama-2")],
            },
            // c.txt: the mention was not found.
            SystemDoc {
                doc: "c.txt".into(),
                entities: vec![],
            },
        ];
        let r = score_identity(&gold(), &system, 3);
        assert!(r.all.1 < 1.0 && r.all.2 < 1.0, "{r:?}");
        // Over the mentions found, the merge costs precision and the split recall.
        assert_eq!(r.found.0, 4);
        assert!(r.found.1 < 1.0 && r.found.2 < 1.0, "{r:?}");
        assert_eq!(r.missed, 1);
        assert_eq!(r.nodes_per_entity, 2.0);
        assert!((r.on_main_node - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(r.split.len(), 1);
        // Michelle is not recurring: the node holds one recurring entity only.
        assert!(r.bad_nodes.is_empty(), "{:?}", r.bad_nodes);
        let r2 = score_identity(&gold(), &system, 1);
        assert_eq!(
            r2.bad_nodes,
            vec!["obama: holds Barack Obama + Michelle Obama"]
        );
    }
}
