//! Rendering results for people (a terminal or a pipe) and for programs (JSON, CSV, JSON
//! lines): hits and their counts here, tables of hits in [`table`], trends in [`chart`].
//!
//! Whether to colour is decided once, by the caller, from `--color` and the environment; code
//! here only obeys [`Style`]. Text from the outside world (titles, snippets, paths) passes
//! through [`sanitize`] before it reaches a terminal, so an article cannot move the cursor,
//! change colours or reorder text with bidi controls.

use std::io::{self, Write};

use anstyle::{AnsiColor, Effects};
use serde::Serialize;

use crate::analytics::facets::{Dimension, Facets};
use crate::search::{Highlighted, Hit, SearchResults, SortOrder};
use crate::suggest::Suggestion;

pub mod chart;
pub mod table;

/// What output is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Format {
    /// Text for people, in a [`Style`].
    Text,
    /// One JSON document.
    Json,
    /// CSV (RFC 4180), one row per hit.
    Csv,
    /// JSON lines, one object per hit.
    Jsonl,
}

/// How marked-up output looks: colour codes on a terminal, plain markers otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Style {
    /// ANSI colours and bold.
    Color,
    /// No escape codes; matched words between `**`.
    Plain,
}

/// Marker around matched words in plain output.
const PLAIN_MARK: &str = "**";

impl Style {
    /// Writes `text` emphasised as a match.
    fn matched(self, out: &mut String, text: &str) {
        match self {
            Style::Color => {
                let style = anstyle::Style::new()
                    .fg_color(Some(AnsiColor::Red.into()))
                    .effects(Effects::BOLD);
                out.push_str(&format!("{style}{text}{style:#}"));
            }
            Style::Plain => {
                out.push_str(PLAIN_MARK);
                out.push_str(text);
                out.push_str(PLAIN_MARK);
            }
        }
    }

    /// Wraps `text` in `style` when colouring.
    fn paint(self, style: anstyle::Style, text: &str) -> String {
        match self {
            Style::Color => format!("{style}{text}{style:#}"),
            Style::Plain => text.to_owned(),
        }
    }
}

/// Escapes characters that would control a terminal: C0/C1 controls (ESC included), DEL,
/// bidirectional marks, overrides and isolates (the Arabic letter mark too), and the Unicode
/// line and paragraph separators. Everything else passes unchanged.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let dangerous = (c.is_control() && c != ' ')
            || matches!(
                c,
                '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
            );
        if dangerous {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// Renders `highlighted` with its matched words marked, sanitising each piece.
fn render_highlighted(highlighted: &Highlighted, style: Style) -> String {
    let text = &highlighted.text;
    let mut out = String::new();
    let mut position = 0;
    for range in &highlighted.highlights {
        let (Some(before), Some(matched)) =
            (text.get(position..range.start), text.get(range.clone()))
        else {
            continue;
        };
        out.push_str(&sanitize(before));
        style.matched(&mut out, &sanitize(matched));
        position = range.end;
    }
    out.push_str(&sanitize(text.get(position..).unwrap_or_default()));
    out
}

/// Writes the hits for a person: rank, title, date, agencies, path, snippet; then a summary.
pub fn write_hits(
    out: &mut (impl Write + ?Sized),
    results: &SearchResults,
    offset: usize,
    sort: SortOrder,
    style: Style,
) -> io::Result<()> {
    let dim = anstyle::Style::new().effects(Effects::DIMMED);
    write_hit_list(out, &results.hits, offset, style)?;
    let shown = results.hits.len();
    let order = match sort {
        SortOrder::Relevance => "by relevance",
        SortOrder::Newest => "newest first",
        SortOrder::Oldest => "oldest first",
    };
    let summary = if results.total_hits == 0 {
        "no hits".to_owned()
    } else if shown == 0 {
        format!(
            "{} hits, none shown from offset {offset}",
            results.total_hits
        )
    } else {
        format!(
            "{}-{} of {} {} ({order})",
            offset + 1,
            offset + shown,
            results.total_hits,
            if results.total_hits == 1 {
                "hit"
            } else {
                "hits"
            }
        )
    };
    writeln!(out, "{}", style.paint(dim, &summary))
}

/// Writes `hits`, ranked from `offset + 1`, without a summary.
pub fn write_hit_list(
    out: &mut (impl Write + ?Sized),
    hits: &[Hit],
    offset: usize,
    style: Style,
) -> io::Result<()> {
    let bold = anstyle::Style::new().effects(Effects::BOLD);
    let dim = anstyle::Style::new().effects(Effects::DIMMED);
    for (index, hit) in hits.iter().enumerate() {
        let rank = offset + index + 1;
        let title = render_highlighted(&hit.title, style);
        writeln!(out, "{} {}", style.paint(bold, &format!("{rank}.")), title)?;
        writeln!(
            out,
            "   {}",
            hit_meta(hit, style).join(&style.paint(dim, " · "))
        )?;
        writeln!(out, "   {}", render_highlighted(&hit.snippet, style))?;
        writeln!(out)?;
    }
    Ok(())
}

/// A hit's date, sources and path, sanitised.
fn hit_meta(hit: &Hit, style: Style) -> Vec<String> {
    let green = anstyle::Style::new().fg_color(Some(AnsiColor::Green.into()));
    let mut meta = Vec::new();
    if let Some(date) = &hit.article.published {
        meta.push(date.day().to_string());
    }
    if !hit.article.agencies.is_empty() {
        meta.push(sanitize(&hit.article.agencies.join(", ")));
    }
    meta.push(style.paint(green, &sanitize(&hit.article.path)));
    meta
}

/// Writes one query of a batch for a person: its line, hit count and text, then its top
/// hits one per line.
pub fn write_batch_query(
    out: &mut (impl Write + ?Sized),
    query: table::BatchQuery,
    total_hits: usize,
    hits: &[Hit],
    error: Option<&str>,
    style: Style,
) -> io::Result<()> {
    let table::BatchQuery { line, query } = query;
    let bold = anstyle::Style::new().effects(Effects::BOLD);
    let dim = anstyle::Style::new().effects(Effects::DIMMED);
    writeln!(
        out,
        "{} {}",
        style.paint(dim, &format!("{line:>4}:")),
        style.paint(
            bold,
            &match error {
                Some(error) => format!("{} (failed: {})", sanitize(query), sanitize(error)),
                None => format!(
                    "{} ({total_hits} {})",
                    sanitize(query),
                    if total_hits == 1 { "hit" } else { "hits" }
                ),
            }
        )
    )?;
    for (rank, hit) in hits.iter().enumerate() {
        writeln!(
            out,
            "      {}. {} {}",
            rank + 1,
            render_highlighted(&hit.title, style),
            style.paint(
                dim,
                &format!("({})", hit_meta(hit, Style::Plain).join(" · "))
            )
        )?;
    }
    Ok(())
}

/// Writes the counts of a search in three lines: sources, languages, years.
pub fn write_facets(
    out: &mut (impl Write + ?Sized),
    facets: &Facets,
    style: Style,
) -> io::Result<()> {
    let dim = anstyle::Style::new().effects(Effects::DIMMED);
    let line = |name: &str, dimension: &Dimension, missing: &str| {
        let mut items: Vec<String> = dimension
            .values
            .iter()
            .map(|value| format!("{} {}", sanitize(&value.value), value.count))
            .collect();
        let hidden = dimension.distinct - dimension.values.len();
        if hidden > 0 {
            items.push(format!("{hidden} more"));
        }
        if dimension.missing > 0 {
            items.push(format!("{missing} {}", dimension.missing));
        }
        if items.is_empty() {
            items.push("none".to_owned());
        }
        format!(
            "{} {}",
            style.paint(dim, &format!("{name}:")),
            items.join(&style.paint(dim, " · "))
        )
    };
    writeln!(out, "{}", line("sources", &facets.sources, "no source"))?;
    writeln!(out, "{}", line("languages", &facets.languages, "unknown"))?;
    writeln!(out, "{}", line("years", &facets.years, "undated"))
}

/// Writes a spelling suggestion: "meinten Sie" for German corrections, "did you mean" else.
pub fn write_suggestion(
    out: &mut (impl Write + ?Sized),
    suggestion: &Suggestion,
    style: Style,
) -> io::Result<()> {
    let lead = if suggestion.german {
        "meinten Sie"
    } else {
        "did you mean"
    };
    let bold = anstyle::Style::new().effects(Effects::BOLD);
    writeln!(
        out,
        "{lead}: {}?",
        style.paint(bold, &sanitize(&suggestion.query))
    )
}

/// The `--json` document of a search.
#[derive(Serialize)]
pub struct JsonSearch<'a> {
    /// The query text, or null when listing.
    pub query: Option<&'a str>,
    /// Matching articles in all.
    pub total_hits: usize,
    /// The requested page.
    pub hits: Vec<JsonHit<'a>>,
    /// A corrected query when there were no hits and one could be found, else null.
    pub suggestion: Option<&'a str>,
    /// Counts over every match (sources, languages, years), when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<&'a Facets>,
}

/// One hit in `--json` output.
#[derive(Serialize)]
pub struct JsonHit<'a> {
    /// Article id.
    pub id: &'a str,
    /// Source file.
    pub path: &'a str,
    /// Title, on one line.
    pub title: &'a str,
    /// Matched words in `title`, as `[start, end)` offsets in Unicode characters.
    pub title_highlights: Vec<[usize; 2]>,
    /// `YYYY-MM-DD` or RFC 3339, or null.
    pub date: Option<String>,
    /// Authors.
    pub authors: &'a [String],
    /// Web address.
    pub url: Option<&'a str>,
    /// ISO 639-1 language.
    pub language: Option<&'a str>,
    /// Canonical names of cited agencies.
    pub agencies: &'a [String],
    /// BM25 score (null when sorted by date).
    pub score: Option<f32>,
    /// Passage of the body, plain text.
    pub snippet: &'a str,
    /// Matched words in `snippet`, as `[start, end)` offsets in Unicode characters.
    pub highlights: Vec<[usize; 2]>,
}

impl<'a> JsonSearch<'a> {
    /// Builds the JSON document for `results` of `query`.
    pub fn new(query: Option<&'a str>, results: &'a SearchResults) -> JsonSearch<'a> {
        JsonSearch {
            query,
            total_hits: results.total_hits,
            hits: results.hits.iter().map(JsonHit::new).collect(),
            suggestion: results
                .suggestion
                .as_ref()
                .map(|suggestion| suggestion.query.as_str()),
            facets: results.facets.as_ref(),
        }
    }
}

impl<'a> JsonHit<'a> {
    /// The JSON form of `hit`.
    pub fn new(hit: &'a Hit) -> JsonHit<'a> {
        let article = &hit.article;
        JsonHit {
            id: &article.id,
            path: &article.path,
            // The highlighted title is the title on one line; without snippets there is none.
            title: if hit.title.text.is_empty() {
                &article.title
            } else {
                &hit.title.text
            },
            title_highlights: char_ranges(&hit.title),
            date: article.published.map(|date| date.to_string()),
            authors: &article.authors,
            url: article.url.as_deref(),
            language: article.language.as_deref(),
            agencies: &article.agencies,
            score: hit.score,
            snippet: &hit.snippet.text,
            highlights: char_ranges(&hit.snippet),
        }
    }
}

/// Converts byte ranges of `highlighted` to character ranges.
pub fn char_ranges(highlighted: &Highlighted) -> Vec<[usize; 2]> {
    char_offsets(&highlighted.text, &highlighted.highlights)
}

/// Converts byte `ranges` of `text`, in order, to `[start, end)` offsets in Unicode
/// characters (code points), in one pass over the text.
pub fn char_offsets(text: &str, ranges: &[std::ops::Range<usize>]) -> Vec<[usize; 2]> {
    let mut bytes: Vec<usize> = ranges
        .iter()
        .flat_map(|range| [range.start, range.end])
        .collect();
    bytes.sort_unstable();
    bytes.dedup();
    let mut chars = std::collections::HashMap::with_capacity(bytes.len());
    let (mut seen_bytes, mut seen_chars) = (0, 0);
    for byte in bytes {
        let Some(between) = text.get(seen_bytes..byte) else {
            continue;
        };
        seen_chars += between.chars().count();
        seen_bytes = byte;
        chars.insert(byte, seen_chars);
    }
    ranges
        .iter()
        .filter_map(|range| Some([*chars.get(&range.start)?, *chars.get(&range.end)?]))
        .collect()
}

/// Writes `value` as one line of JSON.
pub fn write_json(out: &mut (impl Write + ?Sized), value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_escapes_terminal_controls() {
        assert_eq!(sanitize("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(sanitize("x\u{202E}y"), "x\\u{202e}y");
        assert_eq!(sanitize("Straße – „gut“"), "Straße – „gut“");
    }

    #[test]
    fn plain_highlights_use_markers() {
        let highlighted = Highlighted {
            text: "Der Anschlag in Köln".into(),
            highlights: std::iter::once(4..12).collect(),
        };
        assert_eq!(
            render_highlighted(&highlighted, Style::Plain),
            "Der **Anschlag** in Köln"
        );
        assert_eq!(char_ranges(&highlighted), vec![[4, 12]]);
    }

    #[test]
    fn char_ranges_count_characters() {
        let highlighted = Highlighted {
            text: "Größe Anschläge".into(),
            highlights: std::iter::once(8..18).collect(),
        };
        assert_eq!(char_ranges(&highlighted), vec![[6, 15]]);
    }
}
