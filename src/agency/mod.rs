//! Cited sources: which news agencies and outlets an article names as its sources.
//!
//! A [`Registry`] holds the known sources (the built-in [`list`], plus a user's TOML file read
//! by [`extra`]) and resolves any spelling to its canonical name. Credits are read by
//! [`credit`]; detection itself, and the rule that a mention is not a citation, live in the
//! private `detect` module ([`Registry::detect`]); metadata values (`agency`, `source`,
//! `credit` fields) go through [`Registry::from_metadata`], which keeps unknown names as given.

pub mod credit;
mod detect;
pub mod extra;
pub mod list;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use anyhow::Result;
use regex::Regex;

pub use list::Kind;

/// Name of the agency list kept in an index directory, read whenever the index is.
pub const INDEX_AGENCY_LIST: &str = "agencies.toml";

/// A known source with every spelling it goes by.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Source {
    /// Canonical name: stored in the index and shown to users.
    pub name: String,
    /// Agency or outlet.
    pub kind: Kind,
    /// ISO 3166-1 alpha-2 country code (empty when unknown).
    pub country: String,
    /// Every other spelling, strong ones included.
    pub aliases: Vec<String>,
}

/// The known sources and a compiled matcher over all their spellings.
pub struct Registry {
    /// Every known source, in list order.
    sources: Vec<Source>,
    /// Lowercased spelling (canonical names included) -> index into `sources`.
    by_spelling: HashMap<String, usize>,
    /// Lowercased spellings that are never a person's name (`Associated Press`).
    strong: HashSet<String>,
    /// Lowercased spellings that name a source only in a credit -> index into `sources`.
    credit_only: HashMap<String, usize>,
    /// Finds every spelling (case-sensitive, longest match first); word boundaries are checked
    /// by the caller.
    matcher: AhoCorasick,
}

/// Separators between several names in one metadata value or credit (`AFP/dpa`, `dpa,
/// Reuters`, `red, APA`).
static NAME_SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| fixed(r"(?i)\s*(?:/|,|;|&|\+|\bund\b|\band\b|\bsowie\b)\s*"));

/// Builds a regex from a fixed pattern; the patterns are constants exercised by the tests.
fn fixed(pattern: &str) -> Regex {
    Regex::new(pattern).expect("fixed pattern compiles")
}

impl Registry {
    /// The registry of the built-in list.
    pub fn builtin() -> Registry {
        Registry::with_extra(Vec::new())
    }

    /// The built-in list plus the sources in the agency-list files `paths` that exist.
    pub fn load(paths: &[&Path]) -> Result<Registry> {
        let mut extra = Vec::new();
        for path in paths {
            extra.extend(extra::read(path)?);
        }
        Ok(Registry::with_extra(extra))
    }

    /// The registry an index is read and written with: the built-in list, the index
    /// directory's own [`INDEX_AGENCY_LIST`] if there is one, and the file `given` (an error
    /// when it does not exist).
    pub fn for_index(index_dir: &Path, given: Option<&Path>) -> Result<Registry> {
        let kept = index_dir.join(INDEX_AGENCY_LIST);
        let mut paths: Vec<&Path> = Vec::new();
        if kept.is_file() {
            paths.push(&kept);
        }
        if let Some(given) = given {
            if !given.is_file() {
                anyhow::bail!("{}: agency list not found", given.display());
            }
            paths.push(given);
        }
        Registry::load(&paths)
    }

    /// The built-in list merged with `extra` sources.
    pub fn with_extra(extra: Vec<extra::ExtraSource>) -> Registry {
        let mut sources: Vec<Source> = Vec::new();
        let mut strong = HashSet::new();
        for entry in list::BUILTIN {
            sources.push(Source {
                name: entry.name.to_owned(),
                kind: entry.kind,
                country: entry.country.to_owned(),
                aliases: entry
                    .aliases
                    .iter()
                    .chain(entry.strong)
                    .filter(|alias| **alias != entry.name)
                    .map(|alias| (*alias).to_owned())
                    .collect(),
            });
            strong.extend(entry.strong.iter().map(|alias| alias.to_lowercase()));
        }
        for addition in extra {
            let known = sources.iter().position(|source| {
                std::iter::once(&source.name)
                    .chain(&source.aliases)
                    .any(|spelling| spelling.to_lowercase() == addition.name.trim().to_lowercase())
            });
            let index = known.unwrap_or_else(|| {
                sources.push(Source {
                    name: addition.name.trim().to_owned(),
                    kind: addition.kind.unwrap_or(Kind::Agency),
                    country: addition.country.clone().unwrap_or_default(),
                    aliases: Vec::new(),
                });
                sources.len() - 1
            });
            let source = &mut sources[index];
            if let Some(kind) = addition.kind {
                source.kind = kind;
            }
            if let Some(country) = addition.country {
                source.country = country;
            }
            strong.extend(addition.strong.iter().map(|alias| alias.to_lowercase()));
            for alias in addition.aliases.into_iter().chain(addition.strong) {
                if alias != source.name && !source.aliases.contains(&alias) {
                    source.aliases.push(alias);
                }
            }
        }
        let credit_only = list::CREDIT_ONLY
            .iter()
            .filter_map(|(spelling, name)| {
                let index = sources.iter().position(|source| source.name == *name)?;
                Some((spelling.to_lowercase(), index))
            })
            .collect();
        Registry::from_parts(sources, strong, credit_only)
    }

    /// Builds the lookup tables and the matcher.
    fn from_parts(
        sources: Vec<Source>,
        strong: HashSet<String>,
        credit_only: HashMap<String, usize>,
    ) -> Registry {
        let mut by_spelling = HashMap::new();
        let mut spellings = Vec::new();
        for (index, source) in sources.iter().enumerate() {
            for spelling in std::iter::once(&source.name).chain(&source.aliases) {
                by_spelling.entry(spelling.to_lowercase()).or_insert(index);
                spellings.push(spelling.clone());
            }
        }
        spellings.sort();
        spellings.dedup();
        // The patterns are plain strings, so building cannot fail short of exhausting memory.
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&spellings)
            .expect("spelling automaton builds");
        Registry {
            sources,
            by_spelling,
            strong,
            credit_only,
            matcher,
        }
    }

    /// Every known source, in list order.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The source a spelling (canonical name or alias, any case) stands for.
    pub fn resolve(&self, spelling: &str) -> Option<&Source> {
        let key = spelling.trim().to_lowercase();
        self.by_spelling
            .get(&key)
            .map(|&index| &self.sources[index])
    }

    /// Like [`Registry::resolve`], also knowing the spellings valid only in credits (`AA`).
    fn resolve_credit(&self, spelling: &str) -> Option<&Source> {
        self.resolve(spelling).or_else(|| {
            let key = spelling.trim().to_lowercase();
            self.credit_only
                .get(&key)
                .map(|&index| &self.sources[index])
        })
    }

    /// Canonical names from a metadata value such as `"AFP/dpa"`; unknown names are kept as
    /// written.
    pub fn from_metadata(&self, value: &str) -> Vec<String> {
        NAME_SEPARATOR
            .split(value)
            .map(|piece| piece.trim().trim_matches(|c: char| c == '(' || c == ')'))
            .filter(|piece| !piece.is_empty() && piece.chars().count() <= 60)
            .map(|piece| match self.resolve_credit(piece) {
                Some(source) => source.name.clone(),
                None => piece.to_owned(),
            })
            .collect()
    }

    /// Canonical names of every source `text` cites, sorted case-insensitively.
    pub fn detect(&self, text: &str) -> Vec<String> {
        let mut names: Vec<String> = self.detect_in(text).into_iter().collect();
        names.sort_by_key(|name| (name.to_lowercase(), name.clone()));
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str) -> Vec<String> {
        Registry::builtin().detect(text)
    }

    /// Found by the `agency` fuzz target: a cited name broken by NUL bytes.
    #[test]
    fn a_name_cut_by_control_characters_is_cut_cleanly() {
        let text = "Die russische Agentur Interf\0\0\0ax meldete dagegen etwas.";
        for name in detect(text) {
            assert!(!name.chars().any(char::is_control), "{name:?}");
            assert!(text.contains(&name) || Registry::builtin().resolve(&name).is_some());
        }
    }

    /// Found by the `agency` fuzz target: a name ran across a paragraph break into a comment
    /// form's text.
    #[test]
    fn a_cited_name_ends_at_a_paragraph_break_but_not_at_a_line_break() {
        assert_eq!(
            detect("nach Angaben der Agentur Ten Kommentar\n\nDeine E-Mail-Adresse"),
            ["Ten Kommentar"]
        );
        assert_eq!(
            detect("meldete die Nachrichtenagentur Associated\nPress am Montag."),
            ["AP"]
        );
    }

    #[test]
    fn datelines_and_credits() {
        assert_eq!(detect("Dresden, 14. Februar 2024 (dpa) – Text."), ["dpa"]);
        assert_eq!(detect("BERLIN (AFP/dpa) - Text."), ["AFP", "dpa"]);
        assert_eq!(detect("Wien (APA, 12.9.2015) – Text."), ["APA"]);
        assert_eq!(
            detect("LONDON, March 4, 2024 (Reuters) - Text."),
            ["Reuters"]
        );
        assert!(detect("Text (red). Mehr (jmy, 2.11.2015)").is_empty());
    }

    #[test]
    fn german_attributions() {
        assert_eq!(detect("Laut AP wurden zwei Menschen verletzt."), ["AP"]);
        assert_eq!(detect("Das sei falsch, so Le Monde."), ["Le Monde"]);
        assert_eq!(
            detect("teilten Behörden nach Angaben der Agentur TASS mit"),
            ["TASS"]
        );
        assert_eq!(
            detect("Dem Spiegel zufolge ist das falsch."),
            ["Der Spiegel"]
        );
        assert_eq!(
            detect("Das Forum fand statt, berichtete Bloomberg."),
            ["Bloomberg"]
        );
        assert_eq!(detect("Quelle: AFP"), ["AFP"]);
        assert_eq!(
            detect("Mit Material von dpa und Reuters"),
            ["dpa", "Reuters"]
        );
        assert_eq!(
            detect("wie die russische Nachrichtenagentur RIA meldete"),
            ["RIA Novosti"]
        );
        assert_eq!(
            detect("sagte er der Süddeutschen Zeitung."),
            ["Süddeutsche Zeitung"]
        );
    }

    #[test]
    fn english_attributions() {
        assert_eq!(detect("according to the Associated Press"), ["AP"]);
        assert_eq!(detect("Bloomberg reported on Monday"), ["Bloomberg"]);
        assert_eq!(detect("a spokesman told the BBC"), ["BBC"]);
    }

    #[test]
    fn traps() {
        assert!(detect("Michael Bloomberg said he would donate.").is_empty());
        assert!(
            detect("Die Software von SAP und eine Tasse Kaffee in der Reuterstraße").is_empty()
        );
        assert!(detect("Ein Bild der Lage. Die Welt schaut zu. Zeit ist knapp.").is_empty());
        assert!(detect("laut US-Beamten und laut Pentagon").is_empty());
    }

    #[test]
    fn a_report_citing_six_sources_yields_exactly_those() {
        // The shape of the report this project was conceived from (our own wording): six
        // sources cited in six ways, among authorities, people and groups that are not sources.
        let report = "Nach Angaben der Regierung in Paris plante die Gruppe weitere Angriffe, so Le Monde. \
            Laut Reuters wurden zwei Versuche gestoppt, sagte der Premierminister. \
            Die Behörden meldeten nach Angaben der Agentur TASS über hundert Opfer. \
            Der Präsident kündigte laut AP mehr Polizeipräsenz an. \
            Deutschland sieht die Lage laut DW als ernst an. \
            Ein Forum zur Bedrohung durch ISIS-K fand statt, berichtete Bloomberg. \
            Einem Bericht aus dem Pentagon zufolge wächst der IS wieder; \
            nach Angaben des Außenministeriums und laut US-Beamten bleibt die Gefahr hoch.";
        assert_eq!(
            detect(report),
            ["AP", "Bloomberg", "DW", "Le Monde", "Reuters", "TASS"]
        );
    }

    #[test]
    fn metadata_values() {
        let registry = Registry::builtin();
        assert_eq!(registry.from_metadata("AFP/dpa"), ["AFP", "dpa"]);
        assert_eq!(registry.from_metadata("Associated Press"), ["AP"]);
        assert_eq!(registry.from_metadata("Agencia Nueva"), ["Agencia Nueva"]);
    }

    #[test]
    fn resolve_is_case_insensitive() {
        let registry = Registry::builtin();
        assert_eq!(
            registry.resolve("reuters").map(|s| s.name.as_str()),
            Some("Reuters")
        );
        assert_eq!(
            registry
                .resolve("associated press")
                .map(|s| s.name.as_str()),
            Some("AP")
        );
        assert!(registry.resolve("Pentagon").is_none());
    }
}
