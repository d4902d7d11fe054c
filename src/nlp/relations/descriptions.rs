//! What an apposition says an organisation is ("X, an Asia-focused rights group") and
//! nationalities ("a Swedish citizen", "both U.S. citizens").

use super::context::Ctx;
use crate::doc::{Doc, EntityType, Predicate};
use std::ops::Range;

crate::words::list! {
    /// Nouns that name an organisation in a description ("a New York-based group", "a British
    /// charity").
    pub(super) ORG_NOUNS = "relations/org_nouns.txt"
}

crate::words::list! {
    /// Head nouns of a descriptive apposition ("X, an Asia-focused rights group, ...").
    pub(super) DESCRIPTION_HEADS = "relations/description_heads.txt"
}

/// Words in a description that make an organisation an NGO.
pub(super) const NGO_CUES: [&str; 8] = [
    "rights",
    "advocacy",
    "humanitarian",
    "charity",
    "ngo",
    "non-governmental",
    "campaign",
    "watchdog",
];

/// "X, a|an … group …": the description of an organisation, and NGO as its class when the
/// description says so ("rights group", "charity").
pub(super) fn describe_appositives(doc: &mut Doc) {
    let mut found = Vec::new();
    for m in &doc.mentions {
        let (Some(e), EntityType::Organization) = (m.entity, m.etype) else {
            continue;
        };
        let s = doc.sentence_of(m.tokens.start);
        let sent_end = doc.sentences[s].end;
        let k = m.tokens.end;
        if k + 2 >= sent_end
            || doc.token_text(k) != ","
            || !matches!(doc.token_text(k + 1), "a" | "an")
        {
            continue;
        }
        let start = k + 2;
        let mut end = start;
        while end < sent_end
            && end < start + 8
            && !matches!(
                doc.token_text(end),
                "," | "." | ";" | "based" | "that" | "which" | "who"
            )
        {
            end += 1;
        }
        let Some(head) = (start..end)
            .rev()
            .find(|&t| DESCRIPTION_HEADS.contains(&doc.token_text(t).to_lowercase().as_str()))
        else {
            continue;
        };
        let words: Vec<String> = (start..=head)
            .map(|t| doc.token_text(t).to_lowercase())
            .collect();
        let is_ngo = words.iter().any(|w| NGO_CUES.contains(&w.as_str()));
        found.push((e, doc.tokens_text(&(start..head + 1)).to_string(), is_ngo));
    }
    for (e, description, is_ngo) in found {
        let ent = &mut doc.entities[e];
        ent.description.get_or_insert(description);
        // A description ("a London-based charity") says more than a head word ("Council").
        if is_ngo {
            ent.class = Some("NGO".into());
        }
    }
}

pub(super) fn nationality(ctx: &mut Ctx, sent: &Range<usize>) {
    for t in sent.clone() {
        let w = ctx.word(t).to_lowercase();
        if !matches!(
            w.as_str(),
            "citizen" | "citizens" | "national" | "nationals"
        ) || t == sent.start
        {
            continue;
        }
        let Some(country) = ctx
            .entity_at(t - 1)
            .filter(|&e| ctx.etype(e) == EntityType::Country)
        else {
            continue;
        };
        let persons: Vec<usize> = if w.ends_with('s') {
            // "Ana and Ben, both U.S. citizens": every person named before in the sentence.
            (sent.start..t)
                .filter_map(|k| ctx.entity_at(k))
                .filter(|&e| ctx.etype(e) == EntityType::Person)
                .collect()
        } else {
            (sent.start..t)
                .rev()
                .filter_map(|k| ctx.entity_at(k))
                .find(|&e| ctx.etype(e) == EntityType::Person)
                .or_else(|| {
                    (t + 1..sent.end)
                        .filter_map(|k| ctx.entity_at(k))
                        .find(|&e| ctx.etype(e) == EntityType::Person)
                })
                .into_iter()
                .collect()
        };
        for p in persons {
            ctx.push(
                p,
                Predicate::Nationality,
                Some(country),
                None,
                sent.clone(),
                0.85,
            );
        }
    }
}

#[cfg(test)]
mod tests {

    use crate::nlp::relations::testing::{check, run};

    #[test]
    fn relations_appositive_description_and_ngo_class() {
        let doc =
            run("The Open Borders Foundation, an Asia-focused rights group based in Spain, spoke.");
        let org = doc
            .entities
            .iter()
            .find(|e| e.name == "Open Borders Foundation")
            .unwrap();
        assert_eq!(
            org.description.as_deref(),
            Some("Asia-focused rights group")
        );
        let doc = run("Kowalski Partners, a rights group based in Spain, spoke.");
        let org = doc
            .entities
            .iter()
            .find(|e| e.name == "Kowalski Partners")
            .unwrap();
        assert_eq!(org.class.as_deref(), Some("NGO"));
    }

    #[test]
    fn relations_nationality() {
        check("The reporter, a Swedish citizen, was held.", &[]);
        check(
            "Anna Berg, a Swedish citizen, was held.",
            &[("Anna Berg", "nationality", "Sweden", None)],
        );
        check(
            "John Smith and Mary Jones, both U.S. citizens, left.",
            &[
                ("John Smith", "nationality", "United States", None),
                ("Mary Jones", "nationality", "United States", None),
            ],
        );
    }
}
