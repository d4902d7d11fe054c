//! The merged default graph: which quads of the named graphs go into it, and keeping it in
//! step when graphs change — derived again as a whole, or for the graphs an update names.

use super::vocab;
use crate::nlp::hash::FxHashSet;
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedOrBlankNodeRef, Quad, QuadRef, TermRef,
};

/// Does a quad of a named graph go into the merged default graph? Everything does but the
/// mentions (`ngid:article/…/m7`: where a name occurs in the text, half of all triples), which
/// stay in their article's graph: `GRAPH ?g` reaches them.
pub(super) fn merges(q: &Quad) -> bool {
    let oxigraph::model::NamedOrBlankNode::NamedNode(s) = &q.subject else {
        return true;
    };
    let Some(rest) = s
        .as_str()
        .strip_prefix(vocab::ID)
        .and_then(|r| r.strip_prefix("article/"))
    else {
        return true;
    };
    let local = rest.rsplit('/').next().unwrap_or("");
    !(local.len() > 1 && local.starts_with('m') && local[1..].bytes().all(|b| b.is_ascii_digit()))
}

/// Derives the merged default graph again from all named graphs (but the build graph).
pub(super) fn merge_all(
    tx: &mut oxigraph::store::Transaction<'_>,
    build: &NamedNode,
) -> Result<(), oxigraph::store::StorageError> {
    tx.clear_graph(GraphNameRef::DefaultGraph)?;
    let named: Vec<Quad> = tx
        .iter()
        .filter(|q| {
            q.as_ref().map_or(true, |q| {
                q.graph_name.as_ref() != GraphNameRef::NamedNode(build.as_ref())
            })
        })
        .collect::<Result<_, _>>()?;
    for q in named.iter().filter(|q| merges(q)) {
        insert_merged(tx, q);
    }
    Ok(())
}

/// Puts `q`'s triple into the merged default graph.
fn insert_merged(tx: &mut oxigraph::store::Transaction<'_>, q: &Quad) {
    tx.insert(QuadRef::new(
        &q.subject,
        &q.predicate,
        &q.object,
        GraphNameRef::DefaultGraph,
    ));
}

/// Brings the merged default graph in step with named graphs whose quads went from `before`
/// to `after` (`after` already written): what `after` merges goes in, and what only `before`
/// held leaves unless another graph still holds it.
pub(super) fn step(
    tx: &mut oxigraph::store::Transaction<'_>,
    before: &[Quad],
    after: &[Quad],
    build: &NamedNode,
) -> Result<(), oxigraph::store::StorageError> {
    for q in after.iter().filter(|q| merges(q)) {
        insert_merged(tx, q);
    }
    if before.is_empty() {
        return Ok(());
    }
    let kept: FxHashSet<QuadRef<'_>> = after.iter().map(|q| q.as_ref()).collect();
    for q in before.iter().filter(|q| merges(q)) {
        if !kept.contains(&q.as_ref()) {
            unmerge_if_orphan(tx, q, build)?;
        }
    }
    Ok(())
}

/// The named graphs an update writes to, when its text names them all; `None` when it writes
/// to the default graph, to a graph a variable chooses, or to all graphs.
pub(super) fn written_graphs(update: &spargebra::Update) -> Option<Vec<NamedNode>> {
    use spargebra::algebra::GraphTarget;
    use spargebra::term::GraphNamePattern;
    use spargebra::GraphUpdateOperation as Op;
    let mut graphs = Vec::new();
    let pattern = |g: &GraphNamePattern| match g {
        GraphNamePattern::NamedNode(n) => Some(n.clone()),
        GraphNamePattern::DefaultGraph | GraphNamePattern::Variable(_) => None,
    };
    let named = |g: &spargebra::term::GraphName| match g {
        spargebra::term::GraphName::NamedNode(n) => Some(n.clone()),
        spargebra::term::GraphName::DefaultGraph => None,
    };
    let target = |g: &GraphTarget| match g {
        GraphTarget::NamedNode(n) => Some(n.clone()),
        GraphTarget::DefaultGraph | GraphTarget::NamedGraphs | GraphTarget::AllGraphs => None,
    };
    for op in &update.operations {
        match op {
            Op::InsertData { data } => {
                for q in data {
                    graphs.push(named(&q.graph_name)?);
                }
            }
            Op::DeleteData { data } => {
                for q in data {
                    graphs.push(named(&q.graph_name)?);
                }
            }
            Op::DeleteInsert { delete, insert, .. } => {
                for q in delete {
                    graphs.push(pattern(&q.graph_name)?);
                }
                for q in insert {
                    graphs.push(pattern(&q.graph_name)?);
                }
            }
            Op::Load { destination, .. } => graphs.push(named(destination)?),
            Op::Clear { graph, .. } | Op::Drop { graph, .. } => graphs.push(target(graph)?),
            Op::Create { .. } => {}
        }
    }
    graphs.sort();
    graphs.dedup();
    Some(graphs)
}

/// Removes `q`'s triple from the merged default graph when no named graph (other than the
/// bookkeeping) holds it any more.
fn unmerge_if_orphan(
    tx: &mut oxigraph::store::Transaction<'_>,
    q: &Quad,
    build: &NamedNode,
) -> Result<(), oxigraph::store::StorageError> {
    let subject: NamedOrBlankNodeRef<'_> = q.subject.as_ref();
    let object: TermRef<'_> = q.object.as_ref();
    let mut held = false;
    for other in tx.quads_for_pattern(
        Some(subject),
        Some(q.predicate.as_ref()),
        Some(object),
        None,
    ) {
        let other = other?;
        match &other.graph_name {
            GraphName::NamedNode(n) if n != build => {
                held = true;
                break;
            }
            GraphName::BlankNode(_) => {
                held = true;
                break;
            }
            _ => {}
        }
    }
    if !held {
        tx.remove(QuadRef::new(
            subject,
            q.predicate.as_ref(),
            object,
            GraphNameRef::DefaultGraph,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The graphs an update names, or `None` when it cannot tell them all.
    #[test]
    fn written_graphs_are_the_ones_an_update_names() {
        let parse =
            |u: &str| written_graphs(&spargebra::SparqlParser::new().parse_update(u).unwrap());
        assert_eq!(
            parse("CLEAR GRAPH <urn:a> ; INSERT DATA { GRAPH <urn:b> { <urn:s> <urn:p> 1 } }"),
            Some(vec![
                NamedNode::new_unchecked("urn:a"),
                NamedNode::new_unchecked("urn:b")
            ])
        );
        assert_eq!(parse("DROP ALL"), None);
        assert_eq!(
            parse("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"),
            Some(vec![NamedNode::new_unchecked("urn:g")])
        );
        assert_eq!(parse("DELETE WHERE { ?s ?p ?o }"), None);
    }
}
