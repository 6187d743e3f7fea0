//! Reading article files: bytes -> text -> format parser -> [`Draft`] -> [`Article`].
//!
//! Bytes are decoded once ([`decode`]) before a parser sees them. Each input format lives in a
//! file of its own and turns text into [`Draft`]s: what the file says, nothing derived. The
//! steps every format shares (title from the text when there is none, language, cited sources,
//! ids) happen once, for every format, after the parser ([`Ingestor::read_if_changed`] and
//! [`Ingestor::read_memory`] share them). A file yields a [`FileReport`]: its articles, the
//! problems of single entries (`path:line: reason`), or the reason it was skipped.

pub mod dates;
pub mod decode;
mod html;
mod json;
pub mod language;
mod markdown;
mod metadata;
pub mod stream;
mod text;

use std::fmt;
use std::path::Path;

use crate::agency::Registry;
use crate::article::{Article, PublishedAt};
use crate::manifest;

/// The input formats, chosen by file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `.txt`: plain text saved from web pages or wires.
    Text,
    /// `.md`, `.markdown`: Markdown with optional YAML or TOML front matter.
    Markdown,
    /// `.html`, `.htm`: whole web pages.
    Html,
    /// `.json`: one article object or an array of them.
    Json,
    /// `.jsonl`, `.ndjson`: one article object per line.
    JsonLines,
}

impl Format {
    /// The format of `path` by its extension (case-insensitive), if newsidx reads it.
    pub fn from_path(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            _ => None,
        }
    }

    /// True for formats that hold many articles (JSON, JSONL): no size limit applies, and a
    /// large file is read record by record ([`stream`]).
    pub fn holds_many(self) -> bool {
        matches!(self, Format::Json | Format::JsonLines)
    }
}

/// What a format parser read for one article, before the shared finishing steps.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    /// The article's own id (JSON `id` field).
    pub id: Option<String>,
    /// 1-based line where the article starts, for files holding several articles.
    pub line: Option<usize>,
    /// Headline, when the source marks one.
    pub title: Option<String>,
    /// Plain text of the article.
    pub body: String,
    /// Publication date.
    pub published: Option<PublishedAt>,
    /// Authors.
    pub authors: Vec<String>,
    /// Web address.
    pub url: Option<String>,
    /// Language as the metadata states it (any form: `de`, `de-DE`, `German`).
    pub language: Option<String>,
    /// Keywords.
    pub tags: Vec<String>,
    /// Source credits from metadata (`agency`, `source`, `credit` fields), raw.
    pub credits: Vec<String>,
}

/// A problem with one file or one entry of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line the problem is on, when known.
    pub line: Option<usize>,
    /// What failed, lower case, no trailing period.
    pub message: String,
}

impl Problem {
    /// A problem at `line` (if any).
    pub fn new(line: Option<usize>, message: impl Into<String>) -> Problem {
        Problem {
            line,
            message: message.into(),
        }
    }

    /// Formats the problem as `path[:line]: message`.
    pub fn at(&self, path: &str) -> String {
        match self.line {
            Some(line) => format!("{path}:{line}: {}", self.message),
            None => format!("{path}: {}", self.message),
        }
    }
}

/// Why a parser produced nothing from a whole file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// Not an article (no text, a page without article content): skipped, not an error.
    Skip(String),
    /// Broken input: an error.
    Fail(Problem),
}

/// What a parser made of a file: entries, each an article draft or the problem with it.
pub type Entries = Vec<Result<Draft, Problem>>;

/// What happened to one file.
#[derive(Debug, Default)]
pub struct FileReport {
    /// The path as shown to the user.
    pub path: String,
    /// Articles read from the file.
    pub articles: Vec<Article>,
    /// Problems with the file or single entries; each is an error.
    pub problems: Vec<Problem>,
    /// Things worth telling that did not stop the file from being indexed.
    pub warnings: Vec<Problem>,
    /// Set when the file was skipped, with the reason.
    pub skipped: Option<String>,
}

/// What a line of a [`FileReport`] tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageKind {
    /// The file was skipped, with the reason.
    Skipped,
    /// Something was repaired or replaced; the file was indexed.
    Warning,
    /// The file or one of its entries could not be used.
    Problem,
}

impl FileReport {
    /// True when the report has something to print: a skip reason, warnings or problems.
    pub fn has_messages(&self) -> bool {
        self.skipped.is_some() || !self.warnings.is_empty() || !self.problems.is_empty()
    }

    /// The report's lines for the user, `path[:line]: reason`: the skip reason, then the
    /// warnings, then the problems.
    pub fn messages(&self) -> impl Iterator<Item = (MessageKind, String)> + '_ {
        let skipped = self.skipped.iter().map(|reason| {
            (
                MessageKind::Skipped,
                format!("{}: skipped: {reason}", self.path),
            )
        });
        let warnings = self
            .warnings
            .iter()
            .map(|problem| (MessageKind::Warning, problem.at(&self.path)));
        let problems = self
            .problems
            .iter()
            .map(|problem| (MessageKind::Problem, problem.at(&self.path)));
        skipped.chain(warnings).chain(problems)
    }
}

impl fmt::Display for FileReport {
    /// One line per message ([`FileReport::messages`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (_, line) in self.messages() {
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}

/// The result of [`Ingestor::read_if_changed`].
#[derive(Debug)]
pub enum FileRead {
    /// The content hash equals the known one: nothing to do.
    Unchanged {
        /// The content hash.
        hash: u128,
    },
    /// The file was read (or could not be).
    Read {
        /// What came of it.
        report: FileReport,
        /// The content hash, when the bytes could be read.
        hash: Option<u128>,
    },
}

/// Reads article files; holds what every file needs (the source registry, limits).
pub struct Ingestor<'a> {
    /// Resolves and detects cited sources.
    registry: &'a Registry,
    /// Files larger than this are skipped.
    max_file_bytes: u64,
}

impl<'a> Ingestor<'a> {
    /// An ingestor detecting sources with `registry` and skipping files over `max_file_bytes`.
    pub fn new(registry: &'a Registry, max_file_bytes: u64) -> Ingestor<'a> {
        Ingestor {
            registry,
            max_file_bytes,
        }
    }

    /// Reads the file at `path`, found below `root` (which gives the relative id), unless its content hash equals `known_hash` (a file touched
    /// but not changed): then only the hash comes back.
    pub fn read_if_changed(&self, root: &Path, path: &Path, known_hash: Option<u128>) -> FileRead {
        let shown = path.display().to_string();
        let loaded = Format::from_path(path)
            .ok_or_else(|| Rejection::Skip("not an article format".into()))
            .and_then(|format| Ok((format, self.read_bytes(path)?)));
        let (format, bytes) = match loaded {
            Ok(loaded) => loaded,
            Err(rejection) => {
                return FileRead::Read {
                    report: self.report(Err(rejection), "", &shown),
                    hash: None,
                };
            }
        };
        let hash = manifest::hash(&bytes);
        if known_hash == Some(hash) {
            return FileRead::Unchanged { hash };
        }
        let report = self.report(
            parse_bytes(format, &bytes),
            &relative_id(root, path),
            &shown,
        );
        FileRead::Read {
            report,
            hash: Some(hash),
        }
    }

    /// Reads an article file held in memory: `bytes` in `format`, known to the user as `shown`
    /// and identified by `relative`, with the same steps as [`Ingestor::read_if_changed`]. For
    /// tests, benchmarks and fuzzing.
    pub fn read_memory(
        &self,
        relative: &str,
        shown: &str,
        format: Format,
        bytes: &[u8],
    ) -> FileReport {
        self.report(parse_bytes(format, bytes), relative, shown)
    }

    /// Finishes the parsed entries of one file into its report.
    fn report(
        &self,
        parsed: Result<(Entries, Vec<Problem>), Rejection>,
        relative: &str,
        shown: &str,
    ) -> FileReport {
        let mut report = FileReport {
            path: shown.to_owned(),
            ..FileReport::default()
        };
        match parsed {
            Ok((entries, warnings)) => {
                report.warnings = warnings;
                for entry in entries {
                    match entry.and_then(|draft| self.finish(draft, relative, shown)) {
                        Ok(article) => report.articles.push(article),
                        Err(problem) => report.problems.push(problem),
                    }
                }
                if report.articles.is_empty() && report.problems.is_empty() {
                    report.skipped = Some("no articles in file".into());
                }
            }
            Err(Rejection::Skip(reason)) => report.skipped = Some(reason),
            Err(Rejection::Fail(problem)) => report.problems.push(problem),
        }
        report
    }

    /// Parses `records` of the multi-article file at `path`, found below `root`, in parallel
    /// (on the current rayon pool): their articles, and the problems and warnings of single
    /// records, each with its line. The file as a whole is the caller's ([`stream`]).
    pub fn read_records(&self, root: &Path, path: &Path, records: &[stream::Record]) -> FileReport {
        use rayon::prelude::*;
        let relative = relative_id(root, path);
        let shown = path.display().to_string();
        let results: Vec<(Option<Problem>, Result<Article, Problem>)> = records
            .par_iter()
            .map(|record| {
                let (text, warning) = match std::str::from_utf8(&record.bytes) {
                    Ok(text) => (std::borrow::Cow::Borrowed(text), None),
                    Err(_) => (
                        String::from_utf8_lossy(&record.bytes),
                        Some(Problem::new(
                            Some(record.line),
                            "warning: invalid UTF-8 replaced by U+FFFD",
                        )),
                    ),
                };
                let article = json::entry(&text, Some(record.line), record.line)
                    .and_then(|draft| self.finish(draft, &relative, &shown));
                (warning, article)
            })
            .collect();
        let mut report = FileReport {
            path: shown.clone(),
            ..FileReport::default()
        };
        for (warning, article) in results {
            report.warnings.extend(warning);
            match article {
                Ok(article) => report.articles.push(article),
                Err(problem) => report.problems.push(problem),
            }
        }
        report
    }

    /// Reads the file's bytes, refusing files over the size limit before reading them.
    fn read_bytes(&self, path: &Path) -> Result<Vec<u8>, Rejection> {
        let fail = |error: std::io::Error| {
            Rejection::Fail(Problem::new(None, format!("cannot read file: {error}")))
        };
        let size = std::fs::metadata(path).map_err(fail)?.len();
        // The limit is for one-article formats: a dump of many articles may be any size.
        if size > self.max_file_bytes && !Format::from_path(path).is_some_and(Format::holds_many) {
            return Err(Rejection::Skip(format!(
                "file is {size} bytes, over the limit of {} bytes",
                self.max_file_bytes
            )));
        }
        std::fs::read(path).map_err(fail)
    }

    /// The steps every format shares: id, title, language, sources, and the date and authors
    /// of a dateline or trailing credit when the format gave none.
    fn finish(&self, draft: Draft, relative: &str, shown: &str) -> Result<Article, Problem> {
        let body = draft.body.trim().to_owned();
        let title = draft
            .title
            .map(|title| collapse_whitespace(&title))
            .filter(|title| !title.is_empty());
        if body.is_empty() && title.is_none() {
            return Err(Problem::new(draft.line, "no article text"));
        }
        let title = title.unwrap_or_else(|| text::derive_title(&body));
        let language = draft
            .language
            .as_deref()
            .and_then(language::normalize)
            .or_else(|| language::detect(&title, &body));
        let mut agencies: Vec<String> = draft
            .credits
            .iter()
            .flat_map(|credit| self.registry.from_metadata(credit))
            .collect();
        agencies.extend(self.registry.detect(&title));
        agencies.extend(self.registry.detect(&body));
        agencies.sort_by_key(|name| (name.to_lowercase(), name.clone()));
        agencies.dedup();
        // The credit closing the text (`(APA, 12.9.2015)`, `(Anna Huber, 10.5.2016)`) dates
        // and signs it when nothing before did.
        let credit = self.registry.trailing_credit(&body).unwrap_or_default();
        let published = draft
            .published
            .or_else(|| text::dateline_date(&body))
            .or_else(|| {
                let (date, _) = dates::find_date(credit.date.as_deref()?)?;
                Some(PublishedAt::Day(date))
            });
        let authors = if draft.authors.is_empty() {
            credit.authors
        } else {
            draft.authors
        };
        let id = match (draft.id, draft.line) {
            (Some(id), _) => id,
            (None, Some(line)) => format!("{relative}:{line}"),
            (None, None) => relative.to_owned(),
        };
        Ok(Article {
            id,
            path: shown.to_owned(),
            title,
            body,
            published,
            authors: dedup_keep_order(authors),
            url: draft.url.filter(|url| !url.trim().is_empty()),
            language,
            tags: dedup_keep_order(draft.tags),
            agencies,
        })
    }
}

/// Decodes `bytes` and parses them as `format`; also returns warnings about the bytes
/// (invalid UTF-8 that was replaced).
pub fn parse_bytes(format: Format, bytes: &[u8]) -> Result<(Entries, Vec<Problem>), Rejection> {
    let decoded =
        decode::decode(bytes).map_err(|not_text| Rejection::Skip(not_text.to_string()))?;
    let warnings = decoded
        .replaced
        .map(|(line, count)| {
            Problem::new(
                Some(line),
                format!("warning: invalid UTF-8, {count} bytes replaced by U+FFFD"),
            )
        })
        .into_iter()
        .collect();
    Ok((parse(format, &decoded.text)?, warnings))
}

/// Dispatches to the parser of `format`.
fn parse(format: Format, text: &str) -> Result<Entries, Rejection> {
    match format {
        Format::Text => Ok(vec![Ok(text::parse(text))]),
        Format::Markdown => markdown::parse(text).map(|draft| vec![Ok(draft)]),
        Format::Html => html::parse(text).map(|draft| vec![Ok(draft)]),
        Format::Json => json::parse_document(text),
        Format::JsonLines => Ok(json::parse_lines(text)),
    }
}

/// The path of `path` relative to `root`, with `/` separators; the file name when `root` is
/// the file itself.
fn relative_id(root: &Path, path: &Path) -> String {
    let relative = match path.strip_prefix(root) {
        Ok(relative) if !relative.as_os_str().is_empty() => relative,
        _ => Path::new(path.file_name().unwrap_or(path.as_os_str())),
    };
    relative
        .components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Collapses runs of white space to one space and trims.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Removes empty and repeated entries, keeping the first occurrence's order.
fn dedup_keep_order(items: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .map(|item| collapse_whitespace(&item))
        .filter(|item| !item.is_empty() && seen.insert(item.to_lowercase()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::from_path(Path::new("a/b.TXT")), Some(Format::Text));
        assert_eq!(
            Format::from_path(Path::new("b.ndjson")),
            Some(Format::JsonLines)
        );
        assert_eq!(Format::from_path(Path::new("b.htm")), Some(Format::Html));
        assert_eq!(Format::from_path(Path::new("b.pdf")), None);
        assert_eq!(Format::from_path(Path::new("README")), None);
    }

    #[test]
    fn relative_ids_use_slashes() {
        let root = Path::new("/data/corpus");
        assert_eq!(
            relative_id(root, Path::new("/data/corpus/de/a.txt")),
            "de/a.txt"
        );
        assert_eq!(
            relative_id(Path::new("/data/a.txt"), Path::new("/data/a.txt")),
            "a.txt"
        );
    }

    fn read_text(text: &str) -> Article {
        let registry = Registry::builtin();
        let report = Ingestor::new(&registry, u64::MAX).read_memory(
            "a.txt",
            "a.txt",
            Format::Text,
            text.as_bytes(),
        );
        report.articles.into_iter().next().expect("one article")
    }

    #[test]
    fn the_closing_credit_dates_and_signs_the_text() {
        let signed = read_text(
            "Die Gemeinde baut eine Schule. Sie soll 2027 fertig sein.\n\n(Anna Huber, 10.5.2016)",
        );
        assert_eq!(
            signed.published.map(|date| date.to_string()).as_deref(),
            Some("2016-05-10")
        );
        assert_eq!(signed.authors, ["Anna Huber"]);
        let initials = read_text("Die Gemeinde baut eine Schule. (mab, 2.4.2024)");
        assert_eq!(
            initials.published.map(|date| date.to_string()).as_deref(),
            Some("2024-04-02")
        );
        assert!(initials.authors.is_empty());
        let agency = read_text("Die Gemeinde baut eine Schule.\n(red, APA)");
        assert_eq!(agency.agencies, ["APA"]);
        assert!(agency.authors.is_empty() && agency.published.is_none());
        let impossible = read_text("Die Gemeinde baut eine Schule. (APA, 31.9.2015)");
        assert!(impossible.published.is_none());
    }

    #[test]
    fn dates_in_running_text_are_no_publication_dates() {
        let history =
            read_text("Am 19. Februar 1937 wurde die Brücke eröffnet. Heute ist sie gesperrt.");
        assert!(history.published.is_none());
        let no_year = read_text("Wien, 3. Mai (APA) – Die Brücke ist gesperrt.");
        assert!(no_year.published.is_none());
        assert_eq!(no_year.agencies, ["APA"]);
    }

    #[test]
    fn problems_name_path_and_line() {
        assert_eq!(Problem::new(Some(3), "bad").at("x.jsonl"), "x.jsonl:3: bad");
        assert_eq!(Problem::new(None, "bad").at("x.json"), "x.json: bad");
    }
}
