//! Cited-source detection: which news agencies and outlets an article names as its sources.
//!
//! A [`Registry`] holds the known sources (the built-in [`list`], later extended by users) and
//! resolves any spelling to its canonical name. [`Registry::detect`] reads text in two passes:
//!
//! 1. **Credits**: parenthesised groups made only of source names, as in datelines
//!    (`(dpa)`, `(AFP/dpa)`, `(APA, 12.9.2015)`, `(Reuters) -`).
//! 2. **Mentions**: every occurrence of an alias, counted when the alias is unambiguous
//!    ("Deutsche Presse-Agentur"), when an attribution cue precedes it (`laut`, `so`,
//!    `nach Angaben der Agentur`, `berichtete`, `according to`, `Quelle:`, `die
//!    Nachrichtenagentur`), when one follows it (`zufolge`, `berichtete`, `reported`, `said`,
//!    `-Anfrage`), or when it continues a list of counted sources (`dpa und Reuters`).
//!
//! Weak aliases (`AP`, `Bloomberg`, `Spiegel`) are never counted on their own: they are also
//! letters, people and words. Metadata fields (`agency`, `source`, `credit`) go through
//! [`Registry::from_metadata`], which keeps unknown names as given.

pub mod list;

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

pub use list::Kind;

/// A known source with every spelling it goes by.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Source {
    /// Canonical name: stored in the index and shown to users.
    pub name: String,
    /// Agency or outlet.
    pub kind: Kind,
    /// ISO 3166-1 alpha-2 country code.
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
    /// Lowercased spellings that count without a cue.
    strong: std::collections::HashSet<String>,
    /// Matches any spelling, longest first, on word boundaries.
    matcher: Regex,
}

/// Words after which a source name is being cited (`laut X`, `nach Angaben der Agentur X`).
static CUE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    let cue = r"(?:laut|so|berichtete|berichteten|meldete|meldeten|schrieb|schrieben|zitierte|zitierten|according\s+to|quelle:|source:|credit:|©|copyright|mit\s+material\s+(?:von|aus)|nach\s+angaben|nach\s+informationen|unter\s+berufung\s+auf|gegenüber|told|reported\s+by|cited\s+by|quoted\s+by|sagte(?:\s+[\p{L}.-]+){0,3}?|sagten(?:\s+[\p{L}.-]+){0,3}?)";
    let article = r"(?:der|des|dem|die|den|the|von|from)";
    let adjectives = r"(?:[\p{L}-]+(?:e|en|er|es|n|an|ian|ish|ese)\s+){0,2}";
    let intro = r"(?:nachrichtenagentur|presseagentur|agentur|zeitung|tageszeitung|wochenzeitung|zeitschrift|magazin|nachrichtenmagazin|sender|fernsehsender|nachrichtensender|rundfunk|portal|nachrichtenportal|blatt|news\s+agency|agency|newspaper|broadcaster|network|channel|outlet|wire\s+service)";
    let pattern = format!(
        r"(?i)(?:(?:^|[^\p{{L}}]){cue}\s+(?:{article}\s+)?(?:{adjectives}{intro}\s+)?|(?:^|[^\p{{L}}]){adjectives}{intro}\s+)$"
    );
    // Fixed pattern, exercised by the tests below.
    Regex::new(&pattern).expect("cue pattern compiles")
});

/// Words right after a source name that make it a citation (`X zufolge`, `X reported`).
static CUE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:-(?:anfrage|reporter|reporterin|korrespondent|korrespondentin|journalist|journalistin|bericht|berichten|berichts|meldung|meldungen|informationen|angaben|interview|report|correspondent|reporter)\b|,?\s+(?:zufolge|berichtete|berichteten|berichtet|meldete|meldeten|meldet|schrieb|schreibt|reported|reports|said|says|wrote|cited|quoted)\b)",
    )
    .expect("cue pattern compiles")
});

/// A parenthesised group that may be a credit: `(dpa)`, `(AFP/dpa)`, `(APA, 12.9.2015)`.
static CREDIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(([^()\n]{1,80})\)").expect("credit pattern compiles"));

/// Separators inside a credit and between listed sources.
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:/|,|;|&|\+|\bund\b|\band\b|\bsowie\b)\s*").expect("separator compiles")
});

/// The text between two sources of one list: `dpa und Reuters`, `AP, AFP`.
static LIST_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:/|,|&|und|and|sowie|or|oder)\s*$").expect("gap pattern compiles")
});

/// Words that may stand right before a weak source name without making it a person's surname.
const NOT_GIVEN_NAMES: &[&str] = &[
    "Laut",
    "So",
    "Wie",
    "Nach",
    "Die",
    "Der",
    "Das",
    "Dem",
    "Den",
    "Des",
    "The",
    "Agentur",
    "Nachrichtenagentur",
    "Presseagentur",
    "Zeitung",
    "Tageszeitung",
    "Wochenzeitung",
    "Sender",
    "Fernsehsender",
    "Magazin",
    "Nachrichtenmagazin",
    "Portal",
    "Blatt",
    "Und",
    "And",
    "Auch",
    "Even",
    "Also",
    "Agency",
    "Newspaper",
    "Broadcaster",
    "Network",
];

impl Registry {
    /// The registry of the built-in list.
    pub fn builtin() -> Registry {
        let sources = list::BUILTIN
            .iter()
            .map(|entry| Source {
                name: entry.name.to_owned(),
                kind: entry.kind,
                country: entry.country.to_owned(),
                aliases: entry
                    .aliases
                    .iter()
                    .chain(entry.strong)
                    .map(|alias| (*alias).to_owned())
                    .collect(),
            })
            .collect();
        let strong = list::BUILTIN
            .iter()
            .flat_map(|entry| entry.strong.iter().map(|alias| alias.to_lowercase()))
            .collect();
        Registry::from_parts(sources, strong)
    }

    /// Builds the lookup tables and the matcher for `sources`.
    fn from_parts(sources: Vec<Source>, strong: std::collections::HashSet<String>) -> Registry {
        let mut by_spelling = HashMap::new();
        let mut spellings = Vec::new();
        for (index, source) in sources.iter().enumerate() {
            for spelling in std::iter::once(&source.name).chain(&source.aliases) {
                by_spelling.entry(spelling.to_lowercase()).or_insert(index);
                spellings.push(spelling.clone());
            }
        }
        spellings.sort_by_key(|spelling| std::cmp::Reverse(spelling.chars().count()));
        spellings.dedup();
        let alternatives: Vec<String> = spellings.iter().map(|s| spelling_pattern(s)).collect();
        let pattern = format!("(?:{})", alternatives.join("|"));
        // Every alternative is an escaped literal, so the pattern always compiles.
        let matcher = Regex::new(&pattern).expect("alias pattern compiles");
        Registry {
            sources,
            by_spelling,
            strong,
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

    /// Canonical names from a metadata value such as `"AFP/dpa"` or `["dpa", "Reuters"]`'s
    /// items; unknown names are kept as written.
    pub fn from_metadata(&self, value: &str) -> Vec<String> {
        SEPARATOR
            .split(value)
            .map(|piece| piece.trim().trim_matches(|c: char| c == '(' || c == ')'))
            .filter(|piece| !piece.is_empty() && piece.chars().count() <= 60)
            .map(|piece| match self.resolve(piece) {
                Some(source) => source.name.clone(),
                None => piece.to_owned(),
            })
            .collect()
    }

    /// Canonical names of every source `text` cites, sorted case-insensitively.
    pub fn detect(&self, text: &str) -> Vec<String> {
        let mut found = BTreeSet::new();
        self.detect_credits(text, &mut found);
        self.detect_mentions(text, &mut found);
        sorted(found)
    }

    /// Pass 1: parenthesised credits whose first piece is a source name.
    fn detect_credits(&self, text: &str, found: &mut BTreeSet<String>) {
        for captures in CREDIT.captures_iter(text) {
            let Some(inner) = captures.get(1) else {
                continue;
            };
            for piece in SEPARATOR.split(inner.as_str()) {
                match self.resolve(piece) {
                    Some(source) => {
                        found.insert(source.name.clone());
                    }
                    // A date or page number may follow the names: `(APA, 12.9.2015)`.
                    None => break,
                }
            }
        }
    }

    /// Pass 2: alias occurrences judged by their context.
    fn detect_mentions(&self, text: &str, found: &mut BTreeSet<String>) {
        let mut last_counted: Option<usize> = None;
        for matched in self.matcher.find_iter(text) {
            let Some(source) = self.resolve(matched.as_str()) else {
                continue;
            };
            let range = matched.range();
            let continues_list = last_counted.is_some_and(|end| {
                end <= range.start && LIST_GAP.is_match(&text[end..range.start])
            });
            if self.strong.contains(&matched.as_str().to_lowercase())
                || continues_list
                || cue_before(text, &range)
                || (cue_after(text, &range) && !after_given_name(text, &range))
            {
                found.insert(source.name.clone());
                last_counted = Some(range.end);
            }
        }
    }
}

/// Regex fragment matching `spelling` literally, on word boundaries where it has word ends.
fn spelling_pattern(spelling: &str) -> String {
    let escaped = regex::escape(spelling);
    let starts_word = spelling.chars().next().is_some_and(char::is_alphanumeric);
    let ends_word = spelling.chars().last().is_some_and(char::is_alphanumeric);
    format!(
        "{}{}{}",
        if starts_word { r"\b" } else { "" },
        escaped,
        if ends_word { r"\b" } else { "" }
    )
}

/// True when an attribution cue stands right before `range`.
fn cue_before(text: &str, range: &Range<usize>) -> bool {
    let start = floor_char_boundary(text, range.start.saturating_sub(100));
    CUE_BEFORE.is_match(&text[start..range.start])
}

/// True when an attribution cue follows `range` directly.
fn cue_after(text: &str, range: &Range<usize>) -> bool {
    let end = floor_char_boundary(text, (range.end + 40).min(text.len()));
    CUE_AFTER.is_match(&text[range.end..end])
}

/// True when the word before `range` looks like a given name (`Michael Bloomberg said`).
fn after_given_name(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].trim_end();
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(index, c)| index + c.len_utf8());
    let word = &before[word_start..];
    let capitalised = word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().skip(1).any(char::is_lowercase);
    // German capitalises every noun, so the words that may introduce a source are listed.
    capitalised && !NOT_GIVEN_NAMES.contains(&word)
}

/// The largest char boundary of `text` at or below `index`.
fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Names sorted case-insensitively, for stable output.
fn sorted(names: BTreeSet<String>) -> Vec<String> {
    let mut names: Vec<String> = names.into_iter().collect();
    names.sort_by_key(|name| (name.to_lowercase(), name.clone()));
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str) -> Vec<String> {
        Registry::builtin().detect(text)
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
