//! IRIs of the newsgraph vocabulary, mirrored term for term from `ontology/newsgraph.ttl`
//! (a test checks that they agree), and the namespaces the graph uses.

use oxigraph::model::NamedNodeRef;

/// The ontology namespace.
pub const NG: &str = "https://w3id.org/newsgraph/ontology#";
/// The namespace of resources (entities, articles, statements, graphs).
pub const ID: &str = "https://w3id.org/newsgraph/id/";
/// The ontology's own IRI, also the name of the graph that holds it.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/newsgraph/ontology";
/// The named graph of curated facts.
pub const CURATED_GRAPH: &str = "https://w3id.org/newsgraph/id/graph/curated";
/// The named graph of the store's own bookkeeping: which file and content each article graph
/// was built from, and the store's layout. Not data: queries and exports leave it out.
pub const BUILD_GRAPH: &str = "https://w3id.org/newsgraph/id/graph/build";

/// Prefixes predeclared for queries and used by the Turtle writer.
pub const PREFIXES: [(&str, &str); 12] = [
    ("ng", NG),
    ("ngid", ID),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("schema", "http://schema.org/"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("org", "http://www.w3.org/ns/org#"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("wd", "http://www.wikidata.org/entity/"),
];

/// The kinds of resource IRIs (`ngid:person/…`), each also a prefix of its own in outputs and
/// queries (`person:ana-lee`).
pub const RESOURCE_SEGMENTS: [&str; 8] = [
    "person",
    "organization",
    "country",
    "place",
    "agreement",
    "article",
    "graph",
    "post",
];

/// Every prefix queries know without declaring it: [`PREFIXES`] and one per resource kind,
/// the prefixes result tables and Turtle output write. Made once.
pub fn query_prefixes() -> &'static [(String, String)] {
    static ALL: std::sync::LazyLock<Vec<(String, String)>> = std::sync::LazyLock::new(|| {
        PREFIXES
            .iter()
            .map(|(p, ns)| (p.to_string(), ns.to_string()))
            .chain(
                RESOURCE_SEGMENTS
                    .iter()
                    .map(|seg| (seg.to_string(), format!("{ID}{seg}/"))),
            )
            .collect()
    });
    &ALL
}

/// rdf:type.
pub const RDF_TYPE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
/// rdfs:label.
pub const RDFS_LABEL: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#label");
/// owl:sameAs.
pub const OWL_SAME_AS: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#sameAs");
/// rdfs:subClassOf.
pub const RDFS_SUB_CLASS_OF: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#subClassOf");
/// prov:wasDerivedFrom.
pub const PROV_WAS_DERIVED_FROM: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#wasDerivedFrom");
/// schema:NewsArticle.
pub const SCHEMA_NEWS_ARTICLE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/NewsArticle");

/// ng:Entity (class).
pub const ENTITY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Entity");
/// ng:Person (class).
pub const PERSON: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Person");
/// ng:Organization (class).
pub const ORGANIZATION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Organization");
/// ng:NGO (class).
pub const N_G_O: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#NGO");
/// ng:GovernmentBody (class).
pub const GOVERNMENT_BODY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#GovernmentBody");
/// ng:PoliceForce (class).
pub const POLICE_FORCE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#PoliceForce");
/// ng:MediaOrganization (class).
pub const MEDIA_ORGANIZATION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#MediaOrganization");
/// ng:InternationalOrganization (class).
pub const INTERNATIONAL_ORGANIZATION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#InternationalOrganization");
/// ng:PoliticalParty (class).
pub const POLITICAL_PARTY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#PoliticalParty");
/// ng:Company (class).
pub const COMPANY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Company");
/// ng:Country (class).
pub const COUNTRY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Country");
/// ng:Place (class).
pub const PLACE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Place");
/// ng:City (class).
pub const CITY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#City");
/// ng:Agreement (class).
pub const AGREEMENT: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Agreement");
/// ng:Initiative (class).
pub const INITIATIVE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Initiative");
/// ng:Treaty (class).
pub const TREATY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Treaty");
/// ng:Article (class).
pub const ARTICLE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Article");
/// ng:Sentence (class).
pub const SENTENCE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Sentence");
/// ng:Mention (class).
pub const MENTION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Mention");
/// ng:KnowledgeSource (class).
pub const KNOWLEDGE_SOURCE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#KnowledgeSource");
/// ng:gazetteer (individual): the gazetteers compiled into newsgraph.
pub const GAZETTEER: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#gazetteer");
/// ng:knownFrom (property).
pub const KNOWN_FROM: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#knownFrom");
/// ng:Assertion (class).
pub const ASSERTION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Assertion");
/// ng:Post (class).
pub const POST: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Post");
/// ng:Statement (class).
pub const STATEMENT: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Statement");
/// ng:QuantityClaim (class).
pub const QUANTITY_CLAIM: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#QuantityClaim");
/// ng:Event (class).
pub const EVENT: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Event");
/// ng:Investigation (class).
pub const INVESTIGATION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Investigation");
/// ng:NewsConference (class).
pub const NEWS_CONFERENCE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#NewsConference");
/// ng:Arrest (class).
pub const ARREST: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Arrest");
/// ng:Patrol (class).
pub const PATROL: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Patrol");
/// ng:Signing (class).
pub const SIGNING: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#Signing");
/// ng:affiliatedWith (property).
pub const AFFILIATED_WITH: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#affiliatedWith");
/// ng:basedIn (property).
pub const BASED_IN: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#basedIn");
/// ng:locatedIn (property).
pub const LOCATED_IN: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#locatedIn");
/// ng:partyTo (property).
pub const PARTY_TO: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#partyTo");
/// ng:nationality (property).
pub const NATIONALITY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#nationality");
/// ng:said (property).
pub const SAID: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#said");
/// ng:holdsPost (property).
pub const HOLDS_POST: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#holdsPost");
/// ng:mentionedIn (property).
pub const MENTIONED_IN: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#mentionedIn");
/// ng:IdentityDecision (class).
pub const IDENTITY_DECISION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#IdentityDecision");
/// ng:identityOf (property).
pub const IDENTITY_OF: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#identityOf");
/// ng:earlierNode (property).
pub const EARLIER_NODE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#earlierNode");
/// ng:qualifier (property).
pub const QUALIFIER: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#qualifier");
/// ng:variant (property).
pub const VARIANT: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#variant");
/// ng:joinedBy (property).
pub const JOINED_BY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#joinedBy");
/// ng:identityScore (property).
pub const IDENTITY_SCORE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#identityScore");
/// ng:alias (property).
pub const ALIAS: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#alias");
/// ng:description (property).
pub const DESCRIPTION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#description");
/// ng:headline (property).
pub const HEADLINE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#headline");
/// ng:authorName (property).
pub const AUTHOR_NAME: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#authorName");
/// ng:author (property).
pub const AUTHOR: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#author");
/// ng:publisherName (property).
pub const PUBLISHER_NAME: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#publisherName");
/// ng:publisher (property).
pub const PUBLISHER: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#publisher");
/// ng:datePublished (property).
pub const DATE_PUBLISHED: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#datePublished");
/// ng:dateline (property).
pub const DATELINE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#dateline");
/// ng:fileName (property).
pub const FILE_NAME: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#fileName");
/// ng:sourcePath (property).
pub const SOURCE_PATH: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#sourcePath");
/// ng:contentHash (property).
pub const CONTENT_HASH: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#contentHash");
/// ng:storeLayout (property).
pub const STORE_LAYOUT: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#storeLayout");
/// ng:url (property).
pub const URL: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#url");
/// ng:dateModified (property).
pub const DATE_MODIFIED: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#dateModified");
/// ng:inLanguage (property).
pub const IN_LANGUAGE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#inLanguage");
/// ng:section (property).
pub const SECTION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#section");
/// ng:keyword (property).
pub const KEYWORD: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#keyword");
/// ng:summary (property).
pub const SUMMARY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#summary");
/// ng:inArticle (property).
pub const IN_ARTICLE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#inArticle");
/// ng:evidence (property).
pub const EVIDENCE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#evidence");
/// ng:inSentence (property).
pub const IN_SENTENCE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#inSentence");
/// ng:refersTo (property).
pub const REFERS_TO: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#refersTo");
/// ng:text (property).
pub const TEXT: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#text");
/// ng:index (property).
pub const INDEX: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#index");
/// ng:start (property).
pub const START: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#start");
/// ng:end (property).
pub const END: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#end");
/// ng:surface (property).
pub const SURFACE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#surface");
/// ng:source (property).
pub const SOURCE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#source");
/// ng:confidence (property).
pub const CONFIDENCE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#confidence");
/// ng:assertedSubject (property).
pub const ASSERTED_SUBJECT: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#assertedSubject");
/// ng:assertedPredicate (property).
pub const ASSERTED_PREDICATE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#assertedPredicate");
/// ng:assertedObject (property).
pub const ASSERTED_OBJECT: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#assertedObject");
/// ng:holder (property).
pub const HOLDER: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#holder");
/// ng:postIn (property).
pub const POST_IN: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#postIn");
/// ng:role (property).
pub const ROLE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#role");
/// ng:since (property).
pub const SINCE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#since");
/// ng:speaker (property).
pub const SPEAKER: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#speaker");
/// ng:aboutPost (property).
pub const ABOUT_POST: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#aboutPost");
/// ng:speakerDescription (property).
pub const SPEAKER_DESCRIPTION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#speakerDescription");
/// ng:quote (property).
pub const QUOTE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#quote");
/// ng:content (property).
pub const CONTENT: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#content");
/// ng:direct (property).
pub const DIRECT: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#direct");
/// ng:speechVerb (property).
pub const SPEECH_VERB: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#speechVerb");
/// ng:date (property).
pub const DATE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#date");
/// ng:reportedBy (property).
pub const REPORTED_BY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#reportedBy");
/// ng:value (property).
pub const VALUE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#value");
/// ng:counted (property).
pub const COUNTED: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#counted");
/// ng:about (property).
pub const ABOUT: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#about");
/// ng:claimedBy (property).
pub const CLAIMED_BY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#claimedBy");
/// ng:conflictsWith (property).
pub const CONFLICTS_WITH: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#conflictsWith");
/// ng:eventKind (property).
pub const EVENT_KIND: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#eventKind");
/// ng:actor (property).
pub const ACTOR: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#actor");
/// ng:eventPlace (property).
pub const EVENT_PLACE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/newsgraph/ontology#eventPlace");

/// Every ng: term defined here, for the agreement test and for validation.
pub const ALL_TERMS: [NamedNodeRef<'static>; 101] = [
    ENTITY,
    IDENTITY_DECISION,
    IDENTITY_OF,
    EARLIER_NODE,
    QUALIFIER,
    VARIANT,
    JOINED_BY,
    IDENTITY_SCORE,
    PERSON,
    ORGANIZATION,
    N_G_O,
    GOVERNMENT_BODY,
    POLICE_FORCE,
    MEDIA_ORGANIZATION,
    INTERNATIONAL_ORGANIZATION,
    POLITICAL_PARTY,
    COMPANY,
    COUNTRY,
    PLACE,
    CITY,
    AGREEMENT,
    INITIATIVE,
    TREATY,
    ARTICLE,
    SENTENCE,
    MENTION,
    ASSERTION,
    KNOWLEDGE_SOURCE,
    GAZETTEER,
    POST,
    STATEMENT,
    QUANTITY_CLAIM,
    EVENT,
    INVESTIGATION,
    NEWS_CONFERENCE,
    ARREST,
    PATROL,
    SIGNING,
    AFFILIATED_WITH,
    BASED_IN,
    LOCATED_IN,
    PARTY_TO,
    NATIONALITY,
    SAID,
    HOLDS_POST,
    MENTIONED_IN,
    ALIAS,
    DESCRIPTION,
    HEADLINE,
    AUTHOR_NAME,
    AUTHOR,
    PUBLISHER_NAME,
    PUBLISHER,
    DATE_PUBLISHED,
    DATELINE,
    FILE_NAME,
    SOURCE_PATH,
    CONTENT_HASH,
    STORE_LAYOUT,
    URL,
    DATE_MODIFIED,
    IN_LANGUAGE,
    SECTION,
    KEYWORD,
    SUMMARY,
    IN_ARTICLE,
    EVIDENCE,
    KNOWN_FROM,
    IN_SENTENCE,
    REFERS_TO,
    TEXT,
    INDEX,
    START,
    END,
    SURFACE,
    SOURCE,
    CONFIDENCE,
    ASSERTED_SUBJECT,
    ASSERTED_PREDICATE,
    ASSERTED_OBJECT,
    HOLDER,
    POST_IN,
    ROLE,
    SINCE,
    SPEAKER,
    SPEAKER_DESCRIPTION,
    ABOUT_POST,
    QUOTE,
    CONTENT,
    DIRECT,
    SPEECH_VERB,
    DATE,
    REPORTED_BY,
    VALUE,
    COUNTED,
    ABOUT,
    CLAIMED_BY,
    CONFLICTS_WITH,
    EVENT_KIND,
    ACTOR,
    EVENT_PLACE,
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn vocab_mirrors_ontology_term_for_term() {
        let ttl = include_str!("../../ontology/newsgraph.ttl");
        let defined: BTreeSet<String> = ttl
            .lines()
            .filter_map(|l| l.strip_prefix("ng:"))
            .filter(|l| l.contains(" a owl:"))
            .filter_map(|l| l.split_whitespace().next())
            .map(|t| format!("{NG}{t}"))
            .collect();
        let mirrored: BTreeSet<String> = ALL_TERMS.iter().map(|t| t.as_str().to_string()).collect();
        assert_eq!(defined, mirrored);
    }
}
