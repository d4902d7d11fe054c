//! Coreference within one article.

use super::*;
use crate::nlp::{ner::Ner, sentences::SentenceSplitter, tokenize::Tokenizer};
use std::sync::Arc;

fn run(text: &str) -> Doc {
    let res = Arc::new(Resources::load_default().unwrap());
    let mut doc = Doc::new("t.txt", text);
    Tokenizer.run(&mut doc).unwrap();
    SentenceSplitter.run(&mut doc).unwrap();
    Ner::new(res.clone(), None).run(&mut doc).unwrap();
    Coref::new(res).run(&mut doc).unwrap();
    doc
}

fn entity<'a>(doc: &'a Doc, name: &str) -> &'a Entity {
    doc.entities
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("{name} not in {:?}", doc.entities))
}

#[test]
fn coref_surname_joins_full_name() {
    let doc = run("Deputy Minister Anna Kowalczyk spoke. Kowalczyk said it was over.");
    assert_eq!(entity(&doc, "Anna Kowalczyk").mentions.len(), 2);
}

#[test]
fn coref_the_last_word_of_a_body_s_name_is_that_body() {
    let doc = run("The Acme Gazette reported the loss. Officials spoke to The Gazette.");
    assert_eq!(entity(&doc, "Acme Gazette").mentions.len(), 2);
    // By the name the article gives it, when the gazetteer's differs.
    let doc = run("The State Department declined to comment. The Department said so.");
    assert_eq!(entity(&doc, "Department of State").mentions.len(), 2);
}

#[test]
fn coref_the_house_is_no_white_house() {
    let doc = run("The White House declined to comment. The House passed the bill.");
    assert_eq!(entity(&doc, "White House").mentions.len(), 1);
}

#[test]
fn coref_demonym_and_capital_join_country() {
    let doc = run("Chinese officials met. China agreed. Beijing's plan won.");
    let china = entity(&doc, "China");
    assert_eq!(china.mentions.len(), 3);
    assert!(china.same_as.iter().any(|s| s.ends_with("/Q148")));
    assert!(china.aliases.contains(&"Chinese".to_string()));
}

#[test]
fn coref_nominal_joins_recent_organisation() {
    let doc = run("The Open Borders Foundation published data. The group said more was coming.");
    let org = entity(&doc, "Open Borders Foundation");
    assert_eq!(org.mentions.len(), 2);
    assert!(org.aliases.iter().any(|a| a == "The group"));
}

#[test]
fn coref_person_is_named_without_honorific() {
    let doc = run("Mr. Korbin arrived. Later Mr. Korbin left.");
    let person = doc
        .entities
        .iter()
        .find(|e| e.etype == EntityType::Person)
        .unwrap();
    assert_eq!(person.name, "Korbin");
    assert!(person.aliases.contains(&"Mr. Korbin".to_string()));
    assert_eq!(without_honorific("Rep. Gwen Moore"), "Gwen Moore");
    assert_eq!(without_honorific("Mr"), "Mr");
}

#[test]
fn coref_an_honorific_of_one_gender_never_joins_a_person_of_the_other() {
    let doc = run("Michelle Obama spoke first. Then Mr. Obama took the stage. Mrs. Obama left.");
    let michelle = entity(&doc, "Michelle Obama");
    let texts: Vec<&str> = michelle
        .mentions
        .iter()
        .map(|&k| doc.mention_text(k))
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Obama") && *t != "Michelle Obama"),
        "{texts:?}"
    );
    assert!(!texts.iter().any(|t| t.starts_with("Mr.")), "{texts:?}");
    // Named in full after him, she is not him either.
    let doc = run("Mr. Obama spoke first. Then the first lady, Michelle Obama, took the stage.");
    let michelle = entity(&doc, "Michelle Obama");
    assert_eq!(michelle.mentions.len(), 1, "{:?}", doc.entities);
    assert!(
        doc.entities.iter().any(|e| e.name == "Obama"),
        "{:?}",
        doc.entities
    );
    let other = doc
        .entities
        .iter()
        .filter(|e| e.etype == EntityType::Person)
        .count();
    assert_eq!(other, 2, "{:?}", doc.entities);
    // A given name both genders bear says less than the honorific: he is that person.
    let doc = run("Lindsey Korbin spoke first. Then Mr. Korbin took the stage.");
    let lindsey = entity(&doc, "Lindsey Korbin");
    assert_eq!(lindsey.mentions.len(), 2, "{:?}", doc.entities);
}

#[test]
fn coref_post_joins_the_person_given_it() {
    let doc = run(
        "Mayor Ana Ruiz met Sen. Jo Lee on Monday. The mayor said the senator \
         had agreed. Later the president spoke.",
    );
    let person_of = |surface: &str| {
        let m = (0..doc.mentions.len())
            .find(|&m| doc.mention_text(m) == surface)
            .unwrap_or_else(|| panic!("no mention {surface}"));
        doc.entities[doc.mentions[m].entity.unwrap()].name.clone()
    };
    assert_eq!(person_of("The mayor"), "Ana Ruiz");
    assert_eq!(person_of("the senator"), "Jo Lee");
    // No one was given the post: no mention, no new person.
    assert!((0..doc.mentions.len()).all(|m| doc.mention_text(m) != "the president"));
    assert_eq!(
        doc.entities
            .iter()
            .filter(|e| e.etype == EntityType::Person)
            .count(),
        2
    );
}

#[test]
fn coref_post_no_one_was_given_is_the_person_just_named() {
    let doc = run(
        "Critics attacked Barack Obama on Monday. The president said the plan would \
         stand. Jo Lee met Mayor Ana Ruiz. The senator said so.",
    );
    let person_of = |surface: &str| {
        (0..doc.mentions.len())
            .find(|&m| doc.mention_text(m) == surface)
            .and_then(|m| doc.mentions[m].entity)
            .map(|e| doc.entities[e].name.clone())
    };
    assert_eq!(person_of("The president").as_deref(), Some("Barack Obama"));
    // Ruiz, named last, holds another post.
    assert_eq!(person_of("The senator").as_deref(), Some("Jo Lee"));
}

#[test]
fn coref_shorter_organisation_name_joins_full_name() {
    let doc = run(
        "The Supreme Court of Cassation ruled on Monday. The Supreme Court said the tax applies.",
    );
    let court = entity(&doc, "Supreme Court of Cassation");
    assert_eq!(court.mentions.len(), 2, "{:?}", doc.entities);
}

#[test]
fn coref_a_body_named_with_its_country_abbreviated_is_one_body() {
    // Mentions as the tagger gives them, in both orders; "USA Today" names no court.
    for text in [
        "The United States District Court ruled. The U.S. District Court agreed. USA Today said so.",
        "The U.S. District Court ruled. The United States District Court agreed. USA Today said so.",
    ] {
        let res = Arc::new(Resources::load_default().unwrap());
        let mut doc = Doc::new("t.txt", text);
        Tokenizer.run(&mut doc).unwrap();
        SentenceSplitter.run(&mut doc).unwrap();
        let starts: Vec<usize> = (0..doc.tokens.len())
            .filter(|&i| matches!(doc.token_text(i), "United" | "U.S." | "USA"))
            .collect();
        let org = |tokens: std::ops::Range<usize>| {
            crate::doc::Mention::new(tokens, EntityType::Organization, MentionSource::Model)
        };
        let (first, second) = if text.starts_with("The United") {
            (starts[0]..starts[0] + 4, starts[1]..starts[1] + 3)
        } else {
            (starts[0]..starts[0] + 3, starts[1]..starts[1] + 4)
        };
        doc.mentions = vec![org(first), org(second), org(starts[2]..starts[2] + 2)];
        Coref::new(res).run(&mut doc).unwrap();
        let names: Vec<(&str, usize)> = doc
            .entities
            .iter()
            .map(|e| (e.name.as_str(), e.mentions.len()))
            .collect();
        assert_eq!(
            names,
            [("United States District Court", 2), ("USA Today", 1)],
            "{text}"
        );
    }
}

#[test]
fn coref_company_is_named_by_its_first_word_before_and_after_its_full_name() {
    // Mentions as the tagger gives them: "Exxon" before and after "Exxon Mobil", the
    // company; "Washington" is no short name of the "Washington Post".
    let res = Arc::new(Resources::load_default().unwrap());
    let mut doc = Doc::new(
        "t.txt",
        "Exxon rejects it. Exxon Mobil Corp. said so. Exxon agreed. \
         The Washington Post replied. Washington agreed.",
    );
    Tokenizer.run(&mut doc).unwrap();
    SentenceSplitter.run(&mut doc).unwrap();
    let org = |tokens: std::ops::Range<usize>, class: Option<&str>| {
        let mut m =
            crate::doc::Mention::new(tokens, EntityType::Organization, MentionSource::Model);
        m.class = class.map(str::to_string);
        m
    };
    let at = |word: &str, nth: usize| {
        (0..doc.tokens.len())
            .filter(|&i| doc.token_text(i) == word)
            .nth(nth)
            .unwrap()
    };
    let (e0, e1, e2) = (at("Exxon", 0), at("Exxon", 1), at("Exxon", 2));
    let (post, wash) = (at("Washington", 0), at("Washington", 1));
    doc.mentions = vec![
        org(e0..e0 + 1, None),
        org(e1..e1 + 3, Some("Company")),
        org(e2..e2 + 1, None),
        org(post..post + 2, Some("MediaOrganization")),
        org(wash..wash + 1, None),
    ];
    Coref::new(res).run(&mut doc).unwrap();
    let names: Vec<(&str, usize)> = doc
        .entities
        .iter()
        .map(|e| (e.name.as_str(), e.mentions.len()))
        .collect();
    assert_eq!(
        names,
        [
            ("Exxon Mobil Corp.", 3),
            ("Washington Post", 1),
            ("Washington", 1)
        ]
    );
}

#[test]
fn coref_countries_playing_in_a_sports_report_are_teams() {
    let doc = run("Sweden defeated South Korea 1 – 0 in the World Cup match. A penalty in the 62nd minute decided it after the referee checked the video; the coach praised the striker and the goalkeeper.");
    assert_eq!(entity(&doc, "Sweden").etype, EntityType::Organization);
    assert_eq!(entity(&doc, "South Korea").etype, EntityType::Organization);
    let doc = run("Sweden defeated a proposal by South Korea at the United Nations.");
    assert_eq!(entity(&doc, "Sweden").etype, EntityType::Country);
}

#[test]
fn coref_acronym_joins_name() {
    let doc = run("Kenya joined the Green Corridor Initiative. The GCI failed.");
    assert_eq!(entity(&doc, "Green Corridor Initiative").mentions.len(), 2);
    // The acronym first (a headline's), the name it abbreviates later: one entity, named
    // in full.
    let doc = run("The NRDC sued on Monday. The Natural Resources Defense Council said it would.");
    assert_eq!(
        entity(&doc, "Natural Resources Defense Council")
            .mentions
            .len(),
        2
    );
    // An acronym of two names in the text is the one named last; once it went to one,
    // it stays with it.
    let doc = run(
        "He spoke at the Republican National Convention. The Republican National Committee \
         wrote the platform. The RNC met. RNC Chairman Reince Priebus spoke.",
    );
    assert!(entity(&doc, "Republican National Committee").mentions.len() >= 2);
    assert_eq!(
        entity(&doc, "Republican National Convention")
            .mentions
            .len(),
        1
    );
}

fn lone(words: &[&str]) -> usize {
    let mut doc = Doc::from_words("t", words);
    doc.mentions.push(crate::doc::Mention::new(
        0..1,
        EntityType::Person,
        MentionSource::Model,
    ));
    let res = Arc::new(Resources::load_default().unwrap());
    Coref::new(res).run(&mut doc).unwrap();
    doc.entities.len()
}

#[test]
fn coref_drops_lone_model_persons_without_cues() {
    assert_eq!(lone(&["Firefox", "is", "fast"]), 0);
    assert_eq!(lone(&["Ruiz", "said", "so"]), 1);
    // A known surname that is no common word is a person by itself; a common word is not.
    assert_eq!(lone(&["Harrington", "taught", "there"]), 1);
    assert_eq!(lone(&["Hope", "is", "rising"]), 0);
}

#[test]
fn coref_same_person_cases() {
    // A subhead's capitals.
    assert!(same_person("Merrick Garland", "GARLAND"));
    assert!(!same_person("Merrick Garland", "NASA"));
    assert!(same_person("Ana Ruiz", "Ruiz"));
    assert!(same_person("Espen Barth Eide", "Barth Eide"));
    assert!(same_person("Ferdinand Marcos Jr.", "Marcos"));
    assert!(same_person("Ana Ruiz", "Ana"));
    assert!(same_person("Hillary Rodham Clinton", "Hillary Clinton"));
    assert!(!same_person("Hillary Rodham Clinton", "Chelsea Clinton"));
    assert!(!same_person("Ana Ruiz", "Maria Ruiz"));
    assert!(!same_person("Ruiz", "Ruiz"));
    assert!(same_person("Donald Trump", "Mr. Trump"));
    assert!(same_person("Mrs. Clinton", "Clinton"));
    assert!(!same_person("Mr. Trump", "Mr. Smith"));
}

#[test]
fn coref_acronym_helper() {
    assert_eq!(acronym("Belt and Road Initiative"), "BRI");
    assert_eq!(name_key("The Group!"), "group");
}
