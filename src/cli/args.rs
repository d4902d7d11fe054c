//! Command-line arguments (clap derive). The first line of each doc comment is the short
//! help; the following paragraphs are the long help.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Turn news articles into an RDF knowledge graph you can question.
///
/// newsgraph reads articles (plain text, HTML, Markdown, JSON Lines), finds the people,
/// organisations, countries, places and agreements they talk about and what they say about them
/// (posts, bases, agreements, statements, figures), and stores it as RDF in an embedded
/// Oxigraph store, every fact traced to its sentence and article. Ask it questions in SPARQL and
/// export the graph as GraphViz diagrams or standard RDF.
#[derive(Debug, Parser)]
#[command(
    name = "newsgraph",
    version,
    max_term_width = 100,
    after_help = "A first session:\n  newsgraph build                          # data/articles/ and data/curated/ into ./newsgraph.db\n  newsgraph query queries/cq02-posts.rq    # who holds which post\n  newsgraph export --focus Italy --depth 1 -o italy.svg\n\nExit codes: 0 success, 1 bad input or a failed input, 2 usage error."
)]
pub struct Cli {
    /// The store folder, for build, query, update, export, stats, validate, why, push, serve
    /// and optimize (default: NEWSGRAPH_STORE, else ./newsgraph.db).
    #[arg(long, global = true, value_name = "DIR")]
    pub store: Option<PathBuf>,
    /// No progress bar and no summary on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// An article's text longer than this many bytes is read as parts of at most this size,
    /// cut at paragraph breaks (`NAME#part2`, …), so that time and memory stay bounded.
    #[arg(long, global = true, default_value_t = newsgraph::ingest::DEFAULT_MAX_ARTICLE_BYTES)]
    pub max_article_bytes: usize,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles and curated CSV facts, extract, and write the store.
    ///
    /// PATHs are files or folders; folders are searched for .txt, .md, .html and .jsonl articles
    /// and .csv curated facts. With no PATH, reads data/articles/ and data/curated/. Each
    /// article goes into a named graph of its own, replaced when the article is built again, so
    /// re-building is idempotent; curated facts go into one graph, replaced as a whole. A
    /// malformed CSV stops the build before anything is written. An article that cannot be read
    /// is reported and skipped, and the exit code is 1.
    ///
    /// Builds are incremental: a file whose content and extractor are unchanged since it was
    /// last built is skipped (--force redoes everything), and --prune removes the graphs of
    /// articles that are not among the inputs any more. Extraction and writing overlap, in
    /// batches, so memory does not grow with the corpus. One process writes a store at a time.
    Build(BuildArgs),
    /// Extract entities and relations and print them, without touching the store.
    ///
    /// jsonl (default) is the format of ../shared/eval/FORMAT.md, one line per article on
    /// stdout. csv writes entities.csv, relations.csv and statements.csv into the folder given
    /// with -o: review them by hand and build them back as curated facts. ttl prints the triples.
    Extract(ExtractArgs),
    /// Run a SPARQL 1.1 query over the store.
    ///
    /// The query comes from a file (`-` for stdin) or from -e. The prefixes ng, ngid, rdf, rdfs,
    /// owl, xsd, schema, prov, org, foaf, dcterms and wd are predeclared. Without FROM, the
    /// default graph is the merge of all graphs (articles, curated facts, ontology), each
    /// triple once, mentions left out; GRAPH ?g reaches the article graphs, mentions included.
    /// SELECT prints an aligned table by
    /// default; CONSTRUCT and DESCRIBE print Turtle. Any number of queries may run at once.
    Query(QueryArgs),
    /// Run a SPARQL 1.1 update on the store.
    ///
    /// Update the named graphs: the merged default graph is derived from them again afterwards.
    Update(UpdateArgs),
    /// Print what the store holds: articles, entities per type, relations per predicate,
    /// quads and size on disk.
    Stats,
    /// Explain an entity's identity across articles: its names and the articles that give
    /// each, the decisions that joined articles' entities to it (with their evidence and
    /// score) and the nodes of the same name kept apart from it.
    ///
    /// NAME is a name or alias in any case ("scholz"), or an IRI (`ngid:person/olaf-scholz`).
    Why(WhyArgs),
    /// Serve the store over HTTP: a SPARQL endpoint, the Graph Store Protocol and a web page.
    ///
    /// /sparql speaks the SPARQL 1.1 Protocol (GET and POST; JSON, XML, CSV and TSV results,
    /// Turtle, N-Triples, JSON-LD and RDF/XML graphs, by Accept), /store the Graph Store
    /// Protocol (?graph=IRI or ?default), and / is a query page with examples, completion, result
    /// tables and a graph view; /entity?name=… shows an entity with the sources of its facts.
    /// Read-only and on 127.0.0.1 unless --writable and --bind say otherwise.
    Serve(ServeArgs),
    /// Send the store to a SPARQL 1.1 Graph Store Protocol endpoint, one PUT per named graph.
    ///
    /// URL is the endpoint (Oxigraph and newsgraph serve: http://host:port/store; Virtuoso:
    /// http://host:8890/sparql-graph-crud-auth; Fuseki: http://host:3030/DATASET/data). Every
    /// named graph goes (articles, curated facts, ontology), or those of --article; --changed
    /// sends only what changed since the last push to URL and deletes there what is gone here.
    /// Requests that fail on the network or with 5xx are retried; the server's 401 decides
    /// between basic and digest authentication.
    Push(PushArgs),
    /// Compact the store on disk (worth it after large builds).
    Optimize,
    /// Export the graph, a CONSTRUCT result or an entity's neighbourhood.
    ///
    /// Diagram formats (dot, svg, png, graphml, csv) show entities and events as nodes (labels,
    /// colour and shape by type, with a legend) and their relations as labelled edges; svg and
    /// png need Graphviz. RDF formats (ttl, nt, nq, trig, jsonld, rdf) write the triples; nq and
    /// trig keep the named graphs. The format is guessed from -o's extension when not given.
    Export(ExportArgs),
    /// Score extraction against gold annotations (precision, recall, F1).
    ///
    /// Computes what ../shared/eval/score.py computes. PATHs are the articles to extract; by
    /// default the `texts/` folder beside GOLD, else data/articles/.
    Eval(EvalArgs),
    /// Tag a CoNLL file with the NER model.
    ///
    /// Prints `token gold predicted` per line with a blank line between sentences, and exact-span
    /// precision, recall and F1 per type on stderr (conlleval semantics).
    Ner(NerArgs),
    /// Train the NER model (a CRF) on CoNLL IOB2 data.
    Train(TrainArgs),
    /// Train the quotation speaker model on quote gold (PolNeAR train).
    ///
    /// Each DIR holds gold.jsonl (one line per article with its quotations: content spans,
    /// source span; the format of ../shared/eval/polnear) and texts/. Every article is read and
    /// run through the pipeline up to coreference; each quotation's speaker candidates become
    /// training instances, the gold source's candidate the positive one.
    TrainQuotes(TrainQuotesArgs),
    /// Train the relation model on gold in the extraction format.
    ///
    /// Each GOLD is a JSON Lines file in the format of ../shared/eval/FORMAT.md (our gold,
    /// CoNLL04 converted by data/gold/roth_yih_to_gold.py), written GOLD or
    /// GOLD=TEXTS, with @WEIGHT after it to weigh its instances (e.g. our own gold, which follows
    /// our annotation guidelines, above CoNLL04's); without TEXTS, the texts/ folder beside
    /// GOLD, else data/articles. Every pair
    /// of entity mentions in a sentence whose types fit some predicate is an instance, labelled
    /// with the gold predicate of its two entities or "none".
    TrainRelations(TrainRelationsArgs),
    /// Train the confidence model on gold in the extraction format.
    ///
    /// GOLD as for train-relations (GOLD, GOLD=TEXTS, @WEIGHT). Every article is run through
    /// the whole pipeline but the confidence stage; every relation it states is judged against
    /// the gold as `newsgraph eval` judges it, and becomes an instance labelled right or wrong
    /// (optional gold relations are left out). Train it on real news annotated by hand
    /// (data/gold/polnear/README.md), not on articles the rules were written for.
    TrainConfidence(TrainRelationsArgs),
    /// Check the store against the SHACL shapes of ontology/shapes.ttl.
    Validate,
    /// Print shell completions (bash, zsh, fish, elvish, powershell) to stdout.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Arguments of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Articles, curated CSV files, or folders of them (default: data/articles data/curated).
    pub paths: Vec<PathBuf>,
    /// Extract and write every article, even those unchanged since the last build.
    #[arg(long)]
    pub force: bool,
    /// Remove the graphs of articles that are not among this build's inputs.
    #[arg(long)]
    pub prune: bool,
    /// Leave out every relation whose confidence (the probability that it is right, learnt
    /// from real news judged by hand) is below this; 0 keeps all. A statement whose speaker is
    /// left out names the speaker only as text.
    #[arg(long, default_value_t = newsgraph::nlp::confidence::DEFAULT_MIN_CONFIDENCE, value_name = "P")]
    pub min_confidence: f32,
}

/// Arguments of `extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Articles or folders; `-` reads one article from stdin (default: data/articles).
    pub paths: Vec<PathBuf>,
    /// Output format: jsonl, csv, ttl, nq (N-Quads, one named graph per article, as
    /// `build` would store it: for another store's bulk loader), or text (each input's
    /// metadata and main text exactly as the NLP stages receive them; nothing is extracted).
    #[arg(long, short, default_value = "jsonl")]
    pub format: String,
    /// Output file (jsonl, ttl, nq) or folder (csv, and nq with --shard-size); default stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// With --format nq: write shards of this many articles, part-00000.nq, part-00001.nq, …
    /// into the folder given with -o.
    #[arg(long, value_name = "ARTICLES")]
    pub shard_size: Option<usize>,
    /// Leave out every relation whose confidence (the probability that it is right, learnt
    /// from real news judged by hand) is below this; 0 keeps all. A statement whose speaker is
    /// left out names the speaker only as text.
    #[arg(long, default_value_t = newsgraph::nlp::confidence::DEFAULT_MIN_CONFIDENCE, value_name = "P")]
    pub min_confidence: f32,
}

/// Arguments of `query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// A file holding the query, or `-` for stdin.
    #[arg(required_unless_present = "expression", conflicts_with = "expression")]
    pub file: Option<PathBuf>,
    /// The query text.
    #[arg(long = "expression", short = 'e')]
    pub expression: Option<String>,
    /// Result format: table, csv, tsv, json or xml (CONSTRUCT/DESCRIBE always print Turtle).
    #[arg(long, short, default_value = "table")]
    pub format: String,
    /// Take the union of the named graphs as the default graph instead of the merged default
    /// graph (the same answers, far slower on large stores; for checking).
    #[arg(long)]
    pub union: bool,
    /// Bind a variable of the query before it runs, as NAME=VALUE (repeatable): VALUE is an
    /// <IRI>, a prefixed name (ng:Person), a "literal" in N-Triples syntax, a number, or plain
    /// text.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// How triple patterns are joined: auto (scans and hash joins for a question about the
    /// whole corpus, whose patterns each match many triples; index lookups when a name, an
    /// article or a parameter narrows it), lookup (always index lookups) or scan (scans whenever
    /// no pattern is selective). The answers are the same; only the time differs.
    #[arg(long, value_enum, default_value = "auto")]
    pub joins: JoinsArg,
}

/// How `query` joins triple patterns.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum JoinsArg {
    Auto,
    Lookup,
    Scan,
}

/// Arguments of `push`.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// The Graph Store endpoint (http://… or https://…).
    pub url: String,
    /// Push only the graphs of these article files (paths or file names).
    #[arg(long = "article", value_name = "FILE")]
    pub articles: Vec<String>,
    /// Push only graphs changed since the last push to URL; delete there graphs gone here.
    #[arg(long)]
    pub changed: bool,
    /// User name for basic or digest authentication.
    #[arg(long)]
    pub user: Option<String>,
    /// The environment variable holding the password.
    #[arg(long, default_value = "NEWSGRAPH_PASSWORD")]
    pub password_env: String,
    /// Retries per request after a network error or a 5xx answer.
    #[arg(long, default_value_t = 3)]
    pub retries: u32,
    /// Parallel connections.
    #[arg(long, default_value_t = 4)]
    pub jobs: usize,
    /// Timeout of one request, in seconds.
    #[arg(long, default_value_t = 120.0)]
    pub timeout: f64,
}

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free one, printed on stderr).
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,
    /// Accept SPARQL Update and Graph Store PUT, POST and DELETE (holds the store's write lock
    /// while serving).
    #[arg(long)]
    pub writable: bool,
    /// Longest time a query may run, in seconds; it is stopped after that (503).
    #[arg(long, default_value_t = 30.0)]
    pub timeout: f64,
    /// Most rows (or triples) one query may return; a larger result is refused (422).
    #[arg(long, default_value_t = 100_000)]
    pub max_rows: usize,
    /// The secret a write must carry as `Authorization: Bearer TOKEN`. With --writable and no
    /// token, one is made up and printed when the server starts.
    #[arg(long, env = "NEWSGRAPH_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// The one other origin (`https://host[:port]`) whose web pages may write; reads are open
    /// to any origin, writes from other pages are refused (403).
    #[arg(long)]
    pub cors_origin: Option<String>,
}

/// Arguments of `update`.
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// A file holding the update, or `-` for stdin.
    #[arg(required_unless_present = "expression", conflicts_with = "expression")]
    pub file: Option<PathBuf>,
    /// The update text.
    #[arg(long = "expression", short = 'e')]
    pub expression: Option<String>,
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// dot, svg, png, ttl, nt, nq, trig, jsonld, rdf (RDF/XML), graphml or csv; a name, an
    /// extension or a media type. Default: from -o's extension; required on stdout.
    #[arg(long, short)]
    pub format: Option<String>,
    /// A SPARQL CONSTRUCT file whose result is exported instead of the whole graph.
    #[arg(long)]
    pub query: Option<PathBuf>,
    /// Export the neighbourhood of the entity with this label.
    #[arg(long)]
    pub focus: Option<String>,
    /// How many edges away from --focus to go.
    #[arg(long, default_value_t = 1)]
    pub depth: usize,
    /// Diagrams: hide literal attributes (aliases, descriptions, Wikidata links).
    #[arg(long)]
    pub no_literals: bool,
    /// Diagrams: one cluster per article for entities only one article mentions.
    #[arg(long)]
    pub clusters: bool,
    /// RDF: include the ontology graph.
    #[arg(long)]
    pub with_ontology: bool,
    /// Output file (folder for csv); default stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Arguments of `eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold annotations (JSON Lines, ../shared/eval/FORMAT.md).
    pub gold: PathBuf,
    /// Articles to extract and score.
    pub paths: Vec<PathBuf>,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
    /// List every miss and false hit per document.
    #[arg(long)]
    pub verbose: bool,
    /// List the relations judged wrong, by predicate, each with its confidence, document and
    /// the sentence that gave it, and then the gold relations no fact stated, for review.
    #[arg(long)]
    pub wrong: bool,
    /// Also write the predictions (JSON Lines) to this file.
    #[arg(long)]
    pub predictions: Option<PathBuf>,
    /// Score identity across articles instead: each gold entity's type and name is one
    /// real-world thing in every article; B³ per type, and nodes per entity for the entities
    /// named in at least `--recurring` articles, against one node per name and type.
    #[arg(long)]
    pub identity: bool,
    /// With --identity: the number of articles that makes an entity recurring.
    #[arg(long, default_value_t = 3, value_name = "N", requires = "identity")]
    pub recurring: usize,
    /// Score the relations at or above this confidence, as `extract` and `build` keep them
    /// (the table by threshold is over all of them).
    #[arg(long, default_value_t = newsgraph::nlp::confidence::DEFAULT_MIN_CONFIDENCE, value_name = "P")]
    pub min_confidence: f32,
}

/// Arguments of `ner`.
#[derive(Debug, Args)]
pub struct NerArgs {
    /// CoNLL file: token first, gold IOB tag last, blank line between sentences.
    #[arg(long)]
    pub conll: PathBuf,
    /// Model file (default: the model shipped in data/models/).
    #[arg(long)]
    pub model: Option<PathBuf>,
}

/// Arguments of `train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Training data, CoNLL IOB2.
    #[arg(long)]
    pub conll: PathBuf,
    /// Development data, scored after training.
    #[arg(long)]
    pub dev: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long, short)]
    pub output: PathBuf,
    /// L1 regularisation.
    #[arg(long, default_value_t = 0.05)]
    pub c1: f64,
    /// L2 regularisation.
    #[arg(long, default_value_t = 0.05)]
    pub c2: f64,
    /// Maximum L-BFGS iterations.
    #[arg(long, default_value_t = 300)]
    pub iterations: usize,
    /// Use only the first N training sentences (quick experiments and tests).
    #[arg(long)]
    pub limit: Option<usize>,
    /// Also train a second stage on the first stage's label history across each story
    /// (CoNLL-2003 dev F1 0.918 instead of 0.912, tagging about a third slower, training 2.5×
    /// longer).
    #[arg(long)]
    pub two_stage: bool,
}

/// The model file and training settings of `train-quotes` and `train-relations`.
#[derive(Debug, Args)]
pub struct ClassifierArgs {
    /// Where to write the model.
    #[arg(long, short)]
    pub output: PathBuf,
    /// Passes over the training data (default: 4 for the speaker model, 12 for the relation
    /// model, 30 for the confidence model).
    #[arg(long)]
    pub epochs: Option<usize>,
    /// The L2 penalty per instance (default: 1e-5; 1 for the confidence model, which learns
    /// from a few hundred facts).
    #[arg(long)]
    pub l2: Option<f32>,
    /// Use only the first N instances (quick experiments and tests).
    #[arg(long)]
    pub limit: Option<usize>,
}

/// Arguments of `train-quotes`.
#[derive(Debug, Args)]
pub struct TrainQuotesArgs {
    /// Folders holding gold.jsonl and texts/.
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Model and training settings.
    #[command(flatten)]
    pub model: ClassifierArgs,
}

/// Arguments of `train-relations`.
#[derive(Debug, Args)]
pub struct TrainRelationsArgs {
    /// Gold files, as GOLD, GOLD=TEXTS, GOLD@WEIGHT or GOLD=TEXTS@WEIGHT (for
    /// train-confidence, a GOLD ending in .tsv is a sheet of facts a reader judged,
    /// benches/judge_sample.py).
    #[arg(required = true)]
    pub gold: Vec<String>,
    /// Model and training settings.
    #[command(flatten)]
    pub model: ClassifierArgs,
}

/// Parses the command line; usage errors exit with code 2.
pub fn parse() -> Cli {
    Cli::parse()
}

/// Arguments of `why`.
#[derive(Debug, Args)]
pub struct WhyArgs {
    /// A name, an alias or an entity IRI.
    pub name: String,
}
