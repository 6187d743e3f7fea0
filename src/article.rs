//! `Article`: one news article as newsidx understands it, whatever file it came from.
//!
//! Every input format produces `Article`s; the schema turns them into tantivy documents and
//! search hits back into the parts shown to the user. Nothing here knows about files or tantivy.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Serialize, Serializer};

/// When an article was published, as precisely as the source said.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PublishedAt {
    /// Only the day is known (a dateline such as `14. Februar 2024`).
    Day(Date),
    /// A full timestamp (HTML meta data, JSON feeds).
    Instant(Timestamp),
}

impl PublishedAt {
    /// The instant used for sorting and date filters: a bare day counts as its midnight, UTC.
    pub fn timestamp(&self) -> Timestamp {
        match self {
            PublishedAt::Day(date) => date
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .map(|zoned| zoned.timestamp())
                // Every civil date tantivy can hold has a UTC midnight; keep the epoch otherwise.
                .unwrap_or(Timestamp::UNIX_EPOCH),
            PublishedAt::Instant(timestamp) => *timestamp,
        }
    }

    /// The calendar day, in UTC for timestamps.
    pub fn day(&self) -> Date {
        match self {
            PublishedAt::Day(date) => *date,
            PublishedAt::Instant(timestamp) => {
                timestamp.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
            }
        }
    }
}

impl fmt::Display for PublishedAt {
    /// `YYYY-MM-DD` for a day, RFC 3339 (UTC, whole seconds) for an instant.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PublishedAt::Day(date) => write!(f, "{date}"),
            PublishedAt::Instant(timestamp) => write!(f, "{timestamp:.0}"),
        }
    }
}

impl Serialize for PublishedAt {
    /// Serialised as its display form, so JSON shows what the terminal shows.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One article, ready to be indexed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Article {
    /// Stable identifier: the path relative to the indexed root (plus `:LINE` for files holding
    /// several articles), or the article's own `id` field when it has one.
    pub id: String,
    /// The file it came from, as the user named it (root joined with the relative path).
    pub path: String,
    /// Headline, or a few words of the text when the source has none.
    pub title: String,
    /// The article's text, without markup and without page debris.
    pub body: String,
    /// Publication date when the source gives one.
    pub published: Option<PublishedAt>,
    /// Authors as written in the byline or metadata.
    pub authors: Vec<String>,
    /// The article's web address when known.
    pub url: Option<String>,
    /// ISO 639-1 code from metadata or detection.
    pub language: Option<String>,
    /// Keywords or tags from metadata.
    pub tags: Vec<String>,
    /// Canonical names of the news agencies and outlets the article cites, sorted.
    pub agencies: Vec<String>,
}
