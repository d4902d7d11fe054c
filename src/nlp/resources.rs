//! Language resources loaded once and borrowed by the stages: gazetteers of general knowledge
//! (countries with aliases, demonyms, capitals and Wikidata IDs; cities; well-known
//! organisations; titles; organisation and agreement head words; given names; populated
//! places from GeoNames; agreements of fixed parties) and a word-frequency lexicon. This module knows files and formats,
//! not stages: the learned stages' models are loaded by their stages
//! ([`crate::nlp::pipeline::Models`]).
//!
//! The files under `data/gazetteers/` are compiled into the binary so that the tool works from
//! any directory; `Resources::load(dir)` reads the same files from another folder instead
//! (`NEWSGRAPH_DATA`), which is how a user extends them. Every row error names file and line.

use super::hash::{FxHashMap, FxHashSet};
use super::tokenize::tokenize_into;
use crate::doc::EntityType;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Errors loading resources.
#[derive(Debug, Error)]
pub enum ResourceError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A row is malformed.
    #[error("{path}:{line}: {reason}")]
    BadRow {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The NER model could not be loaded.
    #[error("{path}: {reason}")]
    Model {
        /// The model file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// What kind of name a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GazKind {
    /// The canonical name or an alias of a country or organisation.
    Name,
    /// A demonym or adjectival form of a country ("Chinese").
    Demonym,
    /// A capital, which stands for its country's government in some contexts.
    Capital,
    /// A city or other place.
    City,
}

/// The gender a given name is mostly borne by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// Mostly men.
    Male,
    /// Mostly women.
    Female,
    /// Not known, or borne by both.
    Unknown,
}

/// A gazetteer entry for one surface form.
#[derive(Debug, Clone, PartialEq)]
pub struct GazEntry {
    /// Coarse type.
    pub etype: EntityType,
    /// Fine class.
    pub class: Option<String>,
    /// Canonical name.
    pub canonical: String,
    /// Wikidata ID.
    pub wikidata: Option<String>,
    /// Kind of surface form.
    pub kind: GazKind,
}

/// A populated place of the GeoNames gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// GeoNames ID.
    pub geonames: u32,
    /// "city", "region" or "continent".
    pub kind: String,
    /// Country name as GeoNames spells it (empty for continents).
    pub country: String,
    /// Population.
    pub population: u64,
}

/// Everything the stages need from `data/`.
#[derive(Default)]
pub struct Resources {
    /// Surface form (tokens joined by single spaces) to entries.
    pub names: FxHashMap<String, Vec<GazEntry>>,
    /// Longest surface form, in tokens.
    pub max_name_len: usize,
    /// First tokens of all surface forms, to skip lookups that cannot match.
    pub name_first_words: FxHashSet<String>,
    /// Canonical country name to Wikidata ID.
    pub country_ids: FxHashMap<String, String>,
    /// Canonical country names.
    pub countries: FxHashSet<String>,
    /// City (canonical) to its country.
    pub city_country: FxHashMap<String, String>,
    /// Well-known organisation (canonical) to the country it is based in.
    pub org_country: FxHashMap<String, String>,
    /// Titles and posts, lower case, tokens joined by spaces.
    pub titles: FxHashSet<String>,
    /// Longest title, in tokens.
    pub max_title_len: usize,
    /// Organisation head word (lower case) to fine class.
    pub org_heads: FxHashMap<String, String>,
    /// Head words that make a body only as the last word of a longer name ("Centerview
    /// Partners", "Patriot Coal"), never alone ("Energy" of "Energy Minister").
    pub name_final_heads: FxHashSet<String>,
    /// Agreement head nouns, lower case.
    pub agreement_heads: FxHashSet<String>,
    /// Given names.
    pub first_names: FxHashSet<String>,
    /// Populated places, US states and continents (GeoNames), keyed like [`Self::names`]. Kept
    /// apart from `names`: the list is long and holds many words that are also common nouns
    /// or surnames, so it is a feature of the tagger, not a typing rule.
    pub places: FxHashMap<String, Place>,
    /// Longest place name, in tokens.
    pub max_place_len: usize,
    /// First tokens of all place names.
    pub place_first_words: FxHashSet<String>,
    /// Given names of the lexicon (US Census, international first-name dictionary): a larger,
    /// noisier list than `first_names`.
    pub given_names: FxHashSet<String>,
    /// Surnames of the lexicon (US Census).
    pub surnames: FxHashSet<String>,
    /// Given names borne mostly by one gender (`true`: female), and whether clearly so (the
    /// other bears it under one time in twenty).
    pub given_genders: FxHashMap<String, (bool, bool)>,
    /// English word (lower case) to its Zipf frequency ×10 (wordfreq), for words seen at least
    /// once in ten million.
    pub zipf: FxHashMap<String, u8>,
}

const COUNTRIES: &str = include_str!("../../data/gazetteers/countries.tsv");
const CITIES: &str = include_str!("../../data/gazetteers/cities.tsv");
const ORGANIZATIONS: &str = include_str!("../../data/gazetteers/organizations.tsv");
const TITLES: &str = include_str!("../../data/gazetteers/titles.txt");
const ORG_HEADS: &str = include_str!("../../data/gazetteers/org_heads.tsv");
const AGREEMENT_HEADS: &str = include_str!("../../data/gazetteers/agreement_heads.txt");
const AGREEMENTS: &str = include_str!("../../data/gazetteers/agreements.tsv");
const FIRST_NAMES: &str = include_str!("../../data/gazetteers/first_names.txt");
const PLACES: &str = include_str!("../../data/gazetteers/places.tsv");
const WORD_FREQ: &str = include_str!("../../data/lexicon/word_freq.tsv");
const GIVEN_NAMES: &str = include_str!("../../data/lexicon/given_names.txt");
const SURNAMES: &str = include_str!("../../data/lexicon/surnames.txt");
const GIVEN_GENDERS: &str = include_str!("../../data/lexicon/given_genders.tsv");

/// The file names under a data folder, in load order.
pub const GAZETTEER_FILES: [&str; 9] = [
    "countries.tsv",
    "cities.tsv",
    "organizations.tsv",
    "titles.txt",
    "org_heads.tsv",
    "agreement_heads.txt",
    "first_names.txt",
    "places.tsv",
    "agreements.tsv",
];

/// Splits a name the way the tokenizer splits text, joined by single spaces.
pub fn token_key(name: &str) -> String {
    let mut tokens = Vec::new();
    tokenize_into(name, 0, name.len(), &mut tokens);
    tokens
        .iter()
        .map(|t| &name[t.start..t.end])
        .collect::<Vec<_>>()
        .join(" ")
}

fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').map(str::trim).collect()))
}

fn list(field: Option<&&str>) -> Vec<String> {
    field
        .map(|f| {
            f.split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Reads `word<TAB>zipf` lines (the lexicon compiled into the binary; checked by a test).
fn load_word_freq(text: &str) -> FxHashMap<String, u8> {
    rows(text)
        .filter_map(|(_, cols)| {
            let zipf: f32 = cols.get(1)?.parse().ok()?;
            Some((cols[0].to_string(), (zipf * 10.0).round() as u8))
        })
        .collect()
}

impl Resources {
    /// The gender a given name (as written, capitalised) is mostly borne by.
    pub fn gender(&self, given: &str) -> Gender {
        match self.given_genders.get(given) {
            Some((true, _)) => Gender::Female,
            Some((false, _)) => Gender::Male,
            None => Gender::Unknown,
        }
    }

    /// The gender a given name is clearly borne by: Unknown for names both bear ("Lindsey",
    /// "Kelly"), which say less than an honorific.
    pub fn clear_gender(&self, given: &str) -> Gender {
        match self.given_genders.get(given) {
            Some((_, true)) => self.gender(given),
            _ => Gender::Unknown,
        }
    }

    /// The fine class of an organisation head word ("Ministry", "Inc."), in any case and with
    /// or without an abbreviation's full stop.
    pub fn org_head(&self, word: &str) -> Option<&str> {
        let lower = word.to_lowercase();
        let key = lower.strip_suffix('.').unwrap_or(&lower);
        self.org_heads.get(key).map(String::as_str)
    }

    /// Zipf frequency of a lower-case word ×10, 0 when rarer than one in ten million.
    pub fn zipf10(&self, lower: &str) -> u8 {
        self.zipf.get(lower).copied().unwrap_or(0)
    }

    /// Loads the gazetteers and lexicon compiled into the binary.
    pub fn load_default() -> Result<Resources, ResourceError> {
        let sources = [
            COUNTRIES,
            CITIES,
            ORGANIZATIONS,
            TITLES,
            ORG_HEADS,
            AGREEMENT_HEADS,
            FIRST_NAMES,
            PLACES,
            AGREEMENTS,
        ];
        let res = Resources::from_sources(Path::new("data/gazetteers"), &sources)?;
        Ok(res)
    }

    /// Loads gazetteers from `dir` (a folder holding the files of [`GAZETTEER_FILES`]).
    pub fn load(dir: &Path) -> Result<Resources, ResourceError> {
        let mut texts = Vec::new();
        for file in GAZETTEER_FILES {
            let path = dir.join(file);
            texts.push(
                std::fs::read_to_string(&path)
                    .map_err(|source| ResourceError::Io { path, source })?,
            );
        }
        let sources: Vec<&str> = texts.iter().map(String::as_str).collect();
        Resources::from_sources(dir, &sources)
    }

    fn from_sources(dir: &Path, sources: &[&str]) -> Result<Resources, ResourceError> {
        let mut res = Resources::default();
        let bad = |file: &str, line: usize, reason: String| ResourceError::BadRow {
            path: dir.join(file),
            line,
            reason,
        };
        for (line, cols) in rows(sources[0]) {
            if cols.len() < 2 || cols[1].is_empty() {
                return Err(bad(
                    GAZETTEER_FILES[0],
                    line,
                    format!("expected 5 columns, found {}", cols.len()),
                ));
            }
            let name = cols[1].to_string();
            let qid = Some(cols[0]).filter(|q| !q.is_empty()).map(str::to_string);
            let entry = |kind: GazKind| GazEntry {
                etype: EntityType::Country,
                class: None,
                canonical: name.clone(),
                wikidata: qid.clone(),
                kind,
            };
            res.add(&name, entry(GazKind::Name));
            for alias in list(cols.get(2)) {
                res.add(&alias, entry(GazKind::Name));
            }
            for demonym in list(cols.get(3)) {
                res.add(&demonym, entry(GazKind::Demonym));
            }
            for capital in list(cols.get(4)) {
                res.add(&capital, entry(GazKind::Capital));
            }
            if let Some(q) = &qid {
                res.country_ids.insert(name.clone(), q.clone());
            }
            res.countries.insert(name);
        }
        for (line, cols) in rows(sources[1]) {
            if cols.len() < 4 || cols[1].is_empty() {
                return Err(bad(
                    GAZETTEER_FILES[1],
                    line,
                    format!("expected 4 columns, found {}", cols.len()),
                ));
            }
            let name = cols[1].to_string();
            if !res.countries.contains(cols[3]) {
                return Err(bad(
                    GAZETTEER_FILES[1],
                    line,
                    format!("unknown country {:?}", cols[3]),
                ));
            }
            // A fifth column "-" marks a name that is a city's and a region's alike ("New
            // York"): a place of no class and no identifier.
            let ambiguous = cols.get(4) == Some(&"-");
            let entry = GazEntry {
                etype: EntityType::Place,
                class: (!ambiguous).then(|| "City".into()),
                canonical: name.clone(),
                wikidata: Some(cols[0]).filter(|q| !q.is_empty()).map(str::to_string),
                kind: GazKind::City,
            };
            res.add(&name, entry.clone());
            for alias in list(cols.get(2)) {
                res.add(&alias, entry.clone());
            }
            res.city_country.insert(name, cols[3].to_string());
        }
        for (line, cols) in rows(sources[2]) {
            if cols.len() < 4 || cols[1].is_empty() {
                return Err(bad(
                    GAZETTEER_FILES[2],
                    line,
                    format!("expected 5 columns, found {}", cols.len()),
                ));
            }
            let name = cols[1].to_string();
            let entry = GazEntry {
                etype: EntityType::Organization,
                class: Some(cols[3].to_string()).filter(|c| !c.is_empty()),
                canonical: name.clone(),
                wikidata: Some(cols[0]).filter(|q| !q.is_empty()).map(str::to_string),
                kind: GazKind::Name,
            };
            res.add(&name, entry.clone());
            for alias in list(cols.get(2)) {
                res.add(&alias, entry.clone());
            }
            if let Some(country) = cols.get(4).filter(|c| !c.is_empty()) {
                res.org_country.insert(name, country.to_string());
            }
        }
        for (_, cols) in rows(sources[3]) {
            let title = cols[0].to_lowercase();
            res.max_title_len = res.max_title_len.max(title.split(' ').count());
            res.titles.insert(title);
        }
        for (line, cols) in rows(sources[4]) {
            if cols.len() < 2 {
                return Err(bad(GAZETTEER_FILES[4], line, "expected 2 columns".into()));
            }
            res.org_heads
                .entry(cols[0].to_lowercase())
                .or_insert_with(|| cols[1].to_string());
            match cols.get(2).copied() {
                None | Some("") => {}
                Some("name-final") => {
                    res.name_final_heads.insert(cols[0].to_lowercase());
                }
                Some(other) => {
                    let why = format!("third column is \"name-final\" or empty, not {other:?}");
                    return Err(bad(GAZETTEER_FILES[4], line, why));
                }
            }
        }
        for (_, cols) in rows(sources[5]) {
            res.agreement_heads.insert(cols[0].to_lowercase());
        }
        for (_, cols) in rows(sources[6]) {
            res.first_names.insert(cols[0].to_string());
        }
        for (line, cols) in rows(sources[7]) {
            let bad_place = || {
                bad(
                    GAZETTEER_FILES[7],
                    line,
                    "expected 5 columns: geonames_id, name, kind, country, population".into(),
                )
            };
            if cols.len() < 5 || cols[1].is_empty() {
                return Err(bad_place());
            }
            let place = Place {
                geonames: cols[0].parse().map_err(|_| bad_place())?,
                kind: cols[2].to_string(),
                country: cols[3].to_string(),
                population: cols[4].parse().map_err(|_| bad_place())?,
            };
            let key = token_key(cols[1]);
            res.max_place_len = res.max_place_len.max(key.split(' ').count());
            if let Some(first) = key.split(' ').next() {
                res.place_first_words.insert(first.to_string());
            }
            // Rows come most populous first: the first place of a name is the one meant.
            res.places.entry(key).or_insert(place);
        }
        // Agreements by name ("North American Free Trade Agreement", "NAFTA", "Nafta"); an
        // alias in lower case ("Iran deal") is the country's mention and a deal, not a name.
        for (line, cols) in rows(sources[8]) {
            if cols.len() != 3 || cols[0].is_empty() {
                return Err(bad(
                    GAZETTEER_FILES[8],
                    line,
                    "expected 3 columns: name, other names, parties".into(),
                ));
            }
            let entry = GazEntry {
                etype: EntityType::Agreement,
                class: None,
                canonical: cols[0].to_string(),
                wikidata: None,
                kind: GazKind::Name,
            };
            let capitalised = |n: &str| {
                n.split_whitespace()
                    .all(|w| !w.starts_with(char::is_lowercase))
            };
            for name in std::iter::once(cols[0].to_string()).chain(list(cols.get(1))) {
                if capitalised(&name) {
                    res.add(&name, entry.clone());
                }
            }
        }
        res.zipf = load_word_freq(WORD_FREQ);
        res.given_names = rows(GIVEN_NAMES).map(|(_, c)| c[0].to_string()).collect();
        res.surnames = rows(SURNAMES).map(|(_, c)| c[0].to_string()).collect();
        res.given_genders = rows(GIVEN_GENDERS)
            .filter_map(|(_, c)| {
                Some((
                    c[0].to_string(),
                    (*c.get(1)? == "f", c.get(2) == Some(&"clear")),
                ))
            })
            .collect();
        Ok(res)
    }

    fn add(&mut self, surface: &str, entry: GazEntry) {
        let key = token_key(surface);
        self.max_name_len = self.max_name_len.max(key.split(' ').count());
        if let Some(first) = key.split(' ').next() {
            self.name_first_words.insert(first.to_string());
        }
        let entries = self.names.entry(key).or_default();
        if !entries.contains(&entry) {
            entries.push(entry);
        }
    }

    /// Gazetteer entries for a surface form given as tokens joined by spaces.
    pub fn lookup(&self, key: &str) -> Option<&[GazEntry]> {
        self.names.get(key).map(Vec::as_slice)
    }

    /// Whether the gazetteers know a surface form as a country (its name or its demonym).
    pub fn names_a_country(&self, key: &str) -> bool {
        self.lookup(key)
            .is_some_and(|entries| entries.iter().any(|g| g.etype == EntityType::Country))
    }

    /// The country a place of this name is in, by general knowledge: the cities list, then
    /// the most populous GeoNames place of the name.
    pub fn country_of_place(&self, name: &str) -> Option<&str> {
        if let Some(c) = self.city_country.get(name) {
            return Some(c);
        }
        self.places
            .get(name)
            .or_else(|| self.places.get(&token_key(name)))
            .map(|p| p.country.as_str())
            .filter(|c| !c.is_empty())
    }

    /// Is `container` (a country or place name) known to hold `name` (a place or an
    /// organisation)?
    pub fn known_within(&self, name: &str, container: &str) -> bool {
        self.org_country.get(name).is_some_and(|c| c == container)
            || self.country_of_place(name) == Some(container)
    }

    /// Is this lower-cased word sequence a title or post?
    pub fn is_title(&self, lower: &str) -> bool {
        self.titles.contains(lower)
    }

    /// Wikidata IRI for a Wikidata ID.
    pub fn wikidata_iri(qid: &str) -> String {
        format!("http://www.wikidata.org/entity/{qid}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_builtin_gazetteers_load() {
        let res = Resources::load_default().unwrap();
        assert!(res.countries.len() >= 190);
        let chinese = res.lookup("Chinese").unwrap();
        assert!(chinese
            .iter()
            .any(|e| e.canonical == "China" && e.kind == GazKind::Demonym));
        assert!(res
            .lookup("U.S.")
            .unwrap()
            .iter()
            .any(|e| e.canonical == "United States"));
        assert_eq!(
            res.city_country.get("Milan").map(String::as_str),
            Some("Italy")
        );
        assert!(res.is_title("prime minister"));
        // Former states are countries too, with their demonyms.
        assert!(res
            .lookup("Soviet")
            .unwrap()
            .iter()
            .any(|e| e.canonical == "Soviet Union" && e.kind == GazKind::Demonym));
        assert!(res.known_within("Osaka", "Japan"));
        assert!(!res.known_within("Osaka", "China"));
        assert_eq!(
            res.org_heads.get("ministry").map(String::as_str),
            Some("GovernmentBody")
        );
        assert_eq!(res.places["Osaka"].country, "Japan");
        assert_eq!(res.places["South America"].kind, "continent");
        assert!(res.zipf.len() > 90_000);
        assert!(res.zipf10("the") > res.zipf10("minister"));
        assert!(res.zipf10("minister") > res.zipf10("heartstrings"));
        assert_eq!(res.zipf10("qxzvbw"), 0);
        assert!(res.given_names.contains("Stefania") && !res.given_names.contains("Jordan"));
        assert!(res.surnames.contains("Johnson"));
    }

    #[test]
    fn resources_bad_row_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        for file in GAZETTEER_FILES {
            std::fs::write(dir.path().join(file), "").unwrap();
        }
        std::fs::write(dir.path().join("countries.tsv"), "# header\nQ1\tA\n").unwrap();
        std::fs::write(dir.path().join("cities.tsv"), "Q2\tTown\t\tNowhere\n").unwrap();
        let err = Resources::load(dir.path()).err().unwrap();
        assert!(
            err.to_string()
                .ends_with("cities.tsv:1: unknown country \"Nowhere\""),
            "{err}"
        );
    }
}
