//! Unit tests of the resolver.

use super::*;

fn card(name: &str, etype: EntityType) -> Card {
    Card {
        provisional: mint::entity_iri(etype, name),
        etype,
        name: name.into(),
        key: name_key(name, etype),
        alias_keys: Vec::new(),
        acronym: None,
        wikidata: Vec::new(),
        generic: false,
        qualifier: None,
        generic_name: None,
    }
}

fn article(id: &str, cards: Vec<Card>) -> ArticleCards {
    ArticleCards {
        article: mint::article_iri(id),
        graph: mint::article_graph(id),
        cards,
        posts: Vec::new(),
    }
}

fn nodes(resolver: &mut Resolver, id: &str, cards: Vec<Card>) -> Vec<String> {
    let res = resolver.resolve(&article(id, cards));
    res.decisions
        .iter()
        .map(|d| {
            d.node
                .as_str()
                .trim_start_matches(crate::kg::vocab::ID)
                .to_string()
        })
        .collect()
}

#[test]
fn namesakes_the_evidence_cannot_tell_apart_stay_apart() {
    let mut r = Resolver::new(Vec::new());
    let p = EntityType::Person;
    nodes(&mut r, "a", vec![card("Bill Clinton", p)]);
    nodes(&mut r, "b", vec![card("Hillary Clinton", p)]);
    // A lone "Clinton" with no company in common with either: a node of its own.
    assert_eq!(
        nodes(&mut r, "c", vec![card("Clinton", p)]),
        ["person/clinton"]
    );
    // And the next lone "Clinton" is that one.
    assert_eq!(
        nodes(&mut r, "d", vec![card("Clinton", p)]),
        ["person/clinton"]
    );
}

#[test]
fn a_wikidata_id_joins_whatever_the_type_and_a_type_is_kept() {
    let mut r = Resolver::new(Vec::new());
    let mut country = card("Georgia", EntityType::Country);
    country.wikidata = vec!["http://www.wikidata.org/entity/Q230".into()];
    nodes(&mut r, "a", vec![country.clone()]);
    let mut place = card("Sakartvelo", EntityType::Place);
    place.wikidata = country.wikidata.clone();
    let res = r.resolve(&article("b", vec![place]));
    assert_eq!(
        res.decisions[0].node.as_str(),
        mint::entity_iri(EntityType::Country, "Georgia").as_str()
    );
    assert_eq!(res.decisions[0].retyped, Some(EntityType::Country));
    assert!(res.decisions[0].reason.starts_with("same Wikidata ID"));
}

#[test]
fn generic_bodies_are_qualified_by_their_country() {
    let mut r = Resolver::new(Vec::new());
    let o = EntityType::Organization;
    let ministry = |country: &str| {
        let mut c = card("Interior Ministry", o);
        c.generic = true;
        c.generic_name = Some(c.name.clone());
        c.qualifier = Some((
            mint::entity_iri(EntityType::Country, country),
            country.into(),
        ));
        c
    };
    assert_eq!(
        nodes(&mut r, "a", vec![ministry("Spain")]),
        ["organization/interior-ministry-spain"]
    );
    assert_eq!(
        nodes(&mut r, "b", vec![ministry("Mexico")]),
        ["organization/interior-ministry-mexico"]
    );
    assert_eq!(
        nodes(&mut r, "c", vec![ministry("Spain")]),
        ["organization/interior-ministry-spain"]
    );
    // No country: a node of no country, never one of theirs.
    let mut bare = ministry("Spain");
    bare.qualifier = None;
    assert_eq!(
        nodes(&mut r, "d", vec![bare]),
        ["organization/interior-ministry"]
    );
}

#[test]
fn curated_rules_compare_names_as_the_entity_type_does() {
    let o = EntityType::Organization;
    // Untyped: "General" is an honorific before a person's name, a word of a company's.
    let rule = SameAsRule::new(("General Motors", None), ("GM Corp", None), true).unwrap();
    let mut r = Resolver::new(vec![rule]);
    nodes(&mut r, "a", vec![card("General Motors", o)]);
    assert_eq!(
        nodes(&mut r, "b", vec![card("GM Corp", o)]),
        ["organization/general-motors"]
    );
    let apart = SameAsRule::new(
        ("Scholz", Some(EntityType::Person)),
        ("Olaf Scholz", None),
        false,
    )
    .unwrap();
    let mut r = Resolver::new(vec![apart]);
    let p = EntityType::Person;
    nodes(
        &mut r,
        "a",
        vec![card("Olaf Scholz", p), card("Germany", EntityType::Country)],
    );
    assert_eq!(
        nodes(
            &mut r,
            "b",
            vec![card("Germany", EntityType::Country), card("Scholz", p)]
        ),
        ["country/germany", "person/scholz"]
    );
}

#[test]
fn an_article_built_again_leaves_no_node_of_a_name_it_no_longer_gives() {
    let mut r = Resolver::new(Vec::new());
    let (p, c) = (EntityType::Person, EntityType::Country);
    nodes(
        &mut r,
        "a",
        vec![card("Olaf Scholz", p), card("Germany", c)],
    );
    // Nothing tells who this "Scholz" is: a node of its own.
    assert_eq!(
        nodes(&mut r, "b", vec![card("Scholz", p)]),
        ["person/scholz"]
    );
    // Built again, naming Germany too: the person of that surname, and person/scholz,
    // which only b's previous version named, is matched by nothing.
    assert_eq!(
        nodes(&mut r, "b", vec![card("Germany", c), card("Scholz", p)]),
        ["country/germany", "person/olaf-scholz"]
    );
    assert_eq!(
        nodes(&mut r, "c", vec![card("Scholz", p)]),
        ["person/scholz"]
    );
}

#[test]
fn a_later_article_merges_an_earlier_mistyped_surname_unless_curated_apart() {
    let (p, pl) = (EntityType::Person, EntityType::Place);
    let run = |rules: Vec<SameAsRule>| {
        let mut r = Resolver::new(rules);
        nodes(&mut r, "a", vec![card("Obama", pl), card("Jan Nowak", p)]);
        let res = r.resolve(&article(
            "b",
            vec![card("Barack Obama", p), card("Jan Nowak", p)],
        ));
        let later = nodes(&mut r, "c", vec![card("Obama", pl), card("Jan Nowak", p)]);
        (res.merges, later)
    };
    let (merges, later) = run(Vec::new());
    assert_eq!(merges.len(), 1, "{merges:?}");
    assert!(merges[0].earlier.as_str().ends_with("place/obama"));
    assert!(merges[0].node.as_str().ends_with("person/barack-obama"));
    assert_eq!(later[0], "person/barack-obama");
    let apart = SameAsRule::new(("Obama", Some(pl)), ("Barack Obama", None), false).unwrap();
    let (merges, later) = run(vec![apart]);
    assert!(merges.is_empty(), "{merges:?}");
    assert_eq!(later[0], "place/obama");
    // No company in common: no merge.
    let mut r = Resolver::new(Vec::new());
    nodes(&mut r, "a", vec![card("Obama", pl), card("Jan Nowak", p)]);
    let res = r.resolve(&article("b", vec![card("Barack Obama", p)]));
    assert!(res.merges.is_empty());
}

#[test]
fn joined_quads_keep_the_node_label_and_type() {
    let mut r = Resolver::new(Vec::new());
    let p = EntityType::Person;
    nodes(&mut r, "a", vec![card("Donald Trump", p)]);
    let cards = article("b", vec![card("Donald J. Trump", p)]);
    let graph = cards.graph.clone();
    let mut sink = QuadSink::new(graph);
    let node = cards.cards[0].provisional.clone();
    sink.add(&node, RDF_TYPE, type_class(p));
    sink.text(&node, RDFS_LABEL, "Donald J. Trump");
    let quads = r.resolve_quads(&cards, sink.quads);
    let text: Vec<String> = quads.iter().map(|q| q.to_string()).collect();
    let trump = "<https://w3id.org/newsgraph/id/person/donald-trump>";
    let has = |start: String| text.iter().any(|q| q.starts_with(&start));
    assert!(
        has(format!(
            "{trump} <http://www.w3.org/2000/01/rdf-schema#label> \"Donald Trump\""
        )),
        "{text:#?}"
    );
    assert!(
        has(format!(
            "{trump} <https://w3id.org/newsgraph/ontology#alias> \"Donald J. Trump\""
        )),
        "{text:#?}"
    );
    assert!(
        !text.iter().any(|q| q.contains("donald-j-trump")),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|q| q.contains("joinedBy> \"same name; same type\"")),
        "{text:#?}"
    );
}

#[test]
fn an_acronym_joins_its_name_and_not_another_of_the_same_initials() {
    let mut r = Resolver::new(Vec::new());
    let o = EntityType::Organization;
    let with_acronym = |name: &str| {
        let mut c = card(name, o);
        c.acronym = names::acronym(name);
        c
    };
    let mut committee = with_acronym("Democratic National Committee");
    committee.alias_keys = name_key("DNC", o).into_iter().collect();
    nodes(&mut r, "a", vec![committee]);
    // Named by its acronym in another article: the committee.
    assert_eq!(
        nodes(&mut r, "b", vec![card("DNC", o)]),
        ["organization/democratic-national-committee"]
    );
    // The same name with its acronym again: the committee, though an acronym names it too.
    assert_eq!(
        nodes(
            &mut r,
            "c",
            vec![with_acronym("Democratic National Committee")]
        ),
        ["organization/democratic-national-committee"]
    );
    // Another name of the same initials is another thing.
    assert_eq!(
        nodes(
            &mut r,
            "d",
            vec![with_acronym("Democratic National Convention")]
        ),
        ["organization/democratic-national-convention"]
    );
}

/// A place its identifier names (New York City, written "NEW YORK" in a dateline) lends the
/// other names of its article to no other place: the state of New York stays apart, in either
/// order.
#[test]
fn an_identified_place_lends_its_short_names_to_no_other() {
    let place = EntityType::Place;
    let city = || {
        let mut c = card("New York City", place);
        c.alias_keys = name_key("NEW YORK", place).into_iter().collect();
        c.wikidata = vec!["Q60".into()];
        c
    };
    let mut r = Resolver::new(Vec::new());
    assert_eq!(nodes(&mut r, "a", vec![city()]), ["place/new-york-city"]);
    assert_eq!(
        nodes(&mut r, "b", vec![card("New York", place)]),
        ["place/new-york"]
    );
    let mut r = Resolver::new(Vec::new());
    nodes(&mut r, "a", vec![card("New York", place)]);
    assert_eq!(nodes(&mut r, "b", vec![city()]), ["place/new-york-city"]);
    // Another article's city joins by its identifier.
    assert_eq!(nodes(&mut r, "c", vec![city()]), ["place/new-york-city"]);
}

/// A lone surname two people bear goes to the one far more articles name (five, and five times
/// the other's); with fewer, or as many, it stays apart.
#[test]
fn a_lone_surname_goes_to_the_bearer_far_more_articles_name() {
    let (p, o) = (EntityType::Person, EntityType::Organization);
    // One article on Michelle Obama, `barack` on Barack Obama, each with a body in common.
    let resolver = |barack: usize| {
        let mut r = Resolver::new(Vec::new());
        nodes(
            &mut r,
            "m",
            vec![card("Michelle Obama", p), card("Acme Senate", o)],
        );
        for k in 0..barack {
            nodes(
                &mut r,
                &format!("b{k}"),
                vec![card("Barack Obama", p), card("Acme Senate", o)],
            );
        }
        r
    };
    let lone = |r: &mut Resolver| nodes(r, "x", vec![card("Acme Senate", o), card("Obama", p)]);
    // Four articles against one: not yet.
    assert_eq!(
        lone(&mut resolver(4)),
        ["organization/acme-senate", "person/obama"]
    );
    assert_eq!(
        lone(&mut resolver(5)),
        ["organization/acme-senate", "person/barack-obama"]
    );
}

/// A lone surname typed otherwise is the person the article names in full ("OBAMA" typed a
/// place); a lone person the article's coreference kept apart from that name stays apart
/// ("Mr. Obama" where the article names Michelle Obama).
#[test]
fn a_lone_surname_is_the_person_named_here_unless_coreference_kept_it_apart() {
    let mut r = Resolver::new(Vec::new());
    let got = nodes(
        &mut r,
        "a",
        vec![
            card("Korbin", EntityType::Place),
            card("Ana Korbin", EntityType::Person),
        ],
    );
    assert_eq!(got, ["person/ana-korbin", "person/ana-korbin"]);
    let got = nodes(
        &mut r,
        "b",
        vec![
            card("Zorblax", EntityType::Person),
            card("Mia Zorblax", EntityType::Person),
        ],
    );
    assert_ne!(got[0], got[1], "{got:?}");
}

#[test]
fn a_known_body_is_qualified_by_the_country_the_gazetteers_give_it() {
    use crate::nlp::pipeline::{Models, Pipeline};
    use crate::nlp::resources::Resources;
    let res = std::sync::Arc::new(Resources::load_default().unwrap());
    let pipeline = Pipeline::up_to(res, Models::ner_only().unwrap(), "relations");
    // The country qualifying the body `name` in `text`, by its name.
    let qualifier = |text: &str, name: &str| {
        let mut doc = crate::doc::Doc::new("t.txt", text);
        pipeline.run(&mut doc).unwrap();
        let cards = cards_of(&doc);
        let body = cards
            .cards
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no {name} in {text}"));
        body.qualifier.as_ref().map(|(_, country)| country.clone())
    };
    // Britain is the only country named: Congress is still the United States'.
    assert_eq!(
        qualifier(
            "Congress voted on the bill. Britain watched the vote closely.",
            "Congress"
        ),
        Some("United States".to_string())
    );
    // A body of no known country takes the article's.
    assert_eq!(
        qualifier(
            "The Interior Ministry met. Britain watched the meeting closely.",
            "Interior Ministry"
        ),
        Some("United Kingdom".to_string())
    );
}

/// A short given name is the name it shortens; a suffix sets a name apart unless both names
/// give the same middle initials; then a lone surname has one bearer.
#[test]
fn short_given_names_and_suffixes_with_the_same_initials_join() {
    let (p, o) = (EntityType::Person, EntityType::Organization);
    let mut r = Resolver::new(Vec::new());
    let with_body = |name: &str| vec![card(name, p), card("Acme Senate", o)];
    assert_eq!(
        nodes(&mut r, "a", with_body("Joe Biden"))[0],
        "person/joe-biden"
    );
    assert_eq!(
        nodes(&mut r, "b", with_body("Joseph R. Biden"))[0],
        "person/joe-biden"
    );
    assert_eq!(
        nodes(&mut r, "c", with_body("Joseph R. Biden Jr."))[0],
        "person/joe-biden"
    );
    assert_eq!(
        nodes(&mut r, "d", with_body("Biden"))[0],
        "person/joe-biden"
    );
    // Father and son: no initials in common, two people.
    nodes(&mut r, "e", with_body("Donald Trump"));
    assert_eq!(
        nodes(&mut r, "f", with_body("Donald Trump Jr."))[0],
        "person/donald-trump-jr"
    );
    // Other middle initials, another person.
    assert_eq!(
        nodes(&mut r, "g", with_body("Joseph Q. Biden Jr."))[0],
        "person/joseph-q-biden-jr"
    );
}

/// An institution's short name joins its full name, in either order, and never a name a
/// person of that surname bears.
#[test]
fn an_institution_short_name_joins_its_full_name_and_no_surname() {
    let (p, o) = (EntityType::Person, EntityType::Organization);
    let mut r = Resolver::new(Vec::new());
    nodes(&mut r, "a", vec![card("Hofstra", o)]);
    assert_eq!(
        nodes(&mut r, "b", vec![card("Hofstra University", o)]),
        ["organization/hofstra"]
    );
    nodes(&mut r, "c", vec![card("Apple Inc.", o)]);
    assert_eq!(
        nodes(&mut r, "d", vec![card("Apple", o)]),
        ["organization/apple-inc"]
    );
    nodes(&mut r, "e", vec![card("Donald Trump", p)]);
    nodes(&mut r, "f", vec![card("Trump University", o)]);
    assert_eq!(
        nodes(&mut r, "g", vec![card("Trump", o)]),
        ["organization/trump"]
    );
    // A place of the name is no short name of a body.
    nodes(&mut r, "h0", vec![card("Indiana University", o)]);
    assert_eq!(
        nodes(&mut r, "h", vec![card("Indiana", EntityType::Place)]),
        ["place/indiana"]
    );
}

/// A lone surname named before its bearer's full name, typed a person, is merged into the bearer
/// a later article shows, the one far more articles name where a namesake is known too.
#[test]
fn a_later_article_merges_an_earlier_lone_surname_into_its_dominant_bearer() {
    let (p, o) = (EntityType::Person, EntityType::Organization);
    let mut r = Resolver::new(Vec::new());
    nodes(&mut r, "m", vec![card("Michelle Obama", p)]);
    assert_eq!(
        nodes(&mut r, "a", vec![card("Obama", p), card("Acme Senate", o)]),
        ["person/obama", "organization/acme-senate"]
    );
    let mut merges = Vec::new();
    for k in 0..5 {
        let res = r.resolve(&article(
            &format!("b{k}"),
            vec![card("Barack Obama", p), card("Acme Senate", o)],
        ));
        merges.extend(res.merges);
    }
    assert_eq!(merges.len(), 1, "{merges:?}");
    assert!(merges[0].earlier.as_str().ends_with("person/obama"));
    assert!(merges[0].node.as_str().ends_with("person/barack-obama"));
}

/// A lone surname typed a place goes to the bearer far more articles name, with company in
/// common ("the Obama administration" read as a place).
#[test]
fn a_mistyped_lone_surname_goes_to_the_dominant_bearer() {
    let (p, o) = (EntityType::Person, EntityType::Organization);
    let mut r = Resolver::new(Vec::new());
    nodes(
        &mut r,
        "m",
        vec![card("Michelle Obama", p), card("Acme Senate", o)],
    );
    for k in 0..5 {
        nodes(
            &mut r,
            &format!("b{k}"),
            vec![card("Barack Obama", p), card("Acme Senate", o)],
        );
    }
    assert_eq!(
        nodes(
            &mut r,
            "x",
            vec![card("Acme Senate", o), card("Obama", EntityType::Place)]
        ),
        ["organization/acme-senate", "person/barack-obama"]
    );
}
