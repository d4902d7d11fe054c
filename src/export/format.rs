//! Export formats, named as users write them: by name, extension or media type.

use super::error::ExportError;

/// A format `export` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// GraphViz DOT source.
    Dot,
    /// SVG rendered by Graphviz.
    Svg,
    /// PNG rendered by Graphviz.
    Png,
    /// Turtle.
    Turtle,
    /// N-Triples.
    NTriples,
    /// N-Quads (keeps the named graphs).
    NQuads,
    /// TriG (keeps the named graphs).
    TriG,
    /// JSON-LD.
    JsonLd,
    /// RDF/XML.
    RdfXml,
    /// GraphML for Gephi, yEd and Neo4j.
    GraphMl,
    /// Nodes and edges CSV for Gephi and Neo4j import (two files).
    Csv,
}

const ALL: [ExportFormat; 11] = [
    ExportFormat::Dot,
    ExportFormat::Svg,
    ExportFormat::Png,
    ExportFormat::Turtle,
    ExportFormat::NTriples,
    ExportFormat::NQuads,
    ExportFormat::TriG,
    ExportFormat::JsonLd,
    ExportFormat::RdfXml,
    ExportFormat::GraphMl,
    ExportFormat::Csv,
];

impl ExportFormat {
    /// The usual file extension.
    pub fn file_extension(self) -> &'static str {
        match self {
            ExportFormat::Dot => "dot",
            ExportFormat::Svg => "svg",
            ExportFormat::Png => "png",
            ExportFormat::Turtle => "ttl",
            ExportFormat::NTriples => "nt",
            ExportFormat::NQuads => "nq",
            ExportFormat::TriG => "trig",
            ExportFormat::JsonLd => "jsonld",
            ExportFormat::RdfXml => "rdf",
            ExportFormat::GraphMl => "graphml",
            ExportFormat::Csv => "csv",
        }
    }

    /// The IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            ExportFormat::Dot => "text/vnd.graphviz",
            ExportFormat::Svg => "image/svg+xml",
            ExportFormat::Png => "image/png",
            ExportFormat::Turtle => "text/turtle",
            ExportFormat::NTriples => "application/n-triples",
            ExportFormat::NQuads => "application/n-quads",
            ExportFormat::TriG => "application/trig",
            ExportFormat::JsonLd => "application/ld+json",
            ExportFormat::RdfXml => "application/rdf+xml",
            ExportFormat::GraphMl => "application/graphml+xml",
            ExportFormat::Csv => "text/csv",
        }
    }

    /// Other names users write.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            ExportFormat::Dot => &["dot", "gv", "graphviz"],
            ExportFormat::Svg => &["svg"],
            ExportFormat::Png => &["png"],
            ExportFormat::Turtle => &["ttl", "turtle"],
            ExportFormat::NTriples => &["nt", "ntriples", "n-triples"],
            ExportFormat::NQuads => &["nq", "nquads", "n-quads"],
            ExportFormat::TriG => &["trig"],
            ExportFormat::JsonLd => &["jsonld", "json-ld"],
            ExportFormat::RdfXml => &["rdf", "rdfxml", "rdf/xml", "xml", "owl"],
            ExportFormat::GraphMl => &["graphml"],
            ExportFormat::Csv => &["csv"],
        }
    }

    /// From a file extension.
    pub fn from_extension(ext: &str) -> Option<ExportFormat> {
        let ext = ext.to_ascii_lowercase();
        ALL.into_iter().find(|f| {
            f.file_extension() == ext || (f.aliases().contains(&ext.as_str()) && ext != "xml")
        })
    }

    /// From a name, an extension or a media type.
    pub fn from_name(name: &str) -> Result<ExportFormat, ExportError> {
        let lower = name.trim().to_ascii_lowercase();
        ALL.into_iter()
            .find(|f| f.aliases().contains(&lower.as_str()) || f.media_type() == lower)
            .ok_or_else(|| ExportFormat::unknown(name))
    }

    fn unknown(name: &str) -> ExportError {
        ExportError::UnknownFormat {
            name: name.to_string(),
            expected: ALL
                .iter()
                .map(|f| f.file_extension())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// Is this an RDF serialisation?
    pub fn is_rdf(self) -> bool {
        matches!(
            self,
            ExportFormat::Turtle
                | ExportFormat::NTriples
                | ExportFormat::NQuads
                | ExportFormat::TriG
                | ExportFormat::JsonLd
                | ExportFormat::RdfXml
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_extensions_media_types() {
        assert_eq!(
            ExportFormat::from_name("turtle").unwrap(),
            ExportFormat::Turtle
        );
        assert_eq!(
            ExportFormat::from_name("text/turtle").unwrap(),
            ExportFormat::Turtle
        );
        assert_eq!(
            ExportFormat::from_name("JSON-LD").unwrap(),
            ExportFormat::JsonLd
        );
        assert_eq!(ExportFormat::from_extension("gv"), Some(ExportFormat::Dot));
        assert_eq!(
            ExportFormat::from_extension("rdf"),
            Some(ExportFormat::RdfXml)
        );
        let err = ExportFormat::from_name("pdf").unwrap_err().to_string();
        assert!(
            err.starts_with("unknown format \"pdf\"; expected one of: dot, svg"),
            "{err}"
        );
        for f in ALL {
            assert_eq!(ExportFormat::from_extension(f.file_extension()), Some(f));
        }
    }
}
