//! Publication dates as news sources write them.
//!
//! Metadata carries machine dates (`2024-03-25T10:00:00+01:00`, news-please's
//! `2024-03-25 10:00:00`); datelines carry human ones in German (`14. Februar 2024`,
//! `3. Okt. 2024`, `14.02.2024`) or English (`March 4, 2024`, `4 March 2024`). `jiff` parses the
//! machine forms; month names need the small table here, since neither jiff nor chrono knows
//! German months (and `dateparser` silently invents a time of day, which an archive must not).

use std::ops::Range;
use std::sync::LazyLock;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use regex::Regex;

use crate::article::PublishedAt;

/// Month names and abbreviations, German and English, lowercased, with their numbers.
const MONTHS: &[(&str, i8)] = &[
    ("januar", 1),
    ("jänner", 1),
    ("january", 1),
    ("jan", 1),
    ("februar", 2),
    ("feber", 2),
    ("february", 2),
    ("feb", 2),
    ("märz", 3),
    ("maerz", 3),
    ("march", 3),
    ("mär", 3),
    ("mrz", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("mai", 5),
    ("may", 5),
    ("juni", 6),
    ("june", 6),
    ("jun", 6),
    ("juli", 7),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("oktober", 10),
    ("october", 10),
    ("okt", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("dezember", 12),
    ("december", 12),
    ("dez", 12),
    ("dec", 12),
];

/// Alternation of every month name, longest first so that `März` wins over `Mär`.
static MONTH_PATTERN: LazyLock<String> = LazyLock::new(|| {
    let mut names: Vec<&str> = MONTHS.iter().map(|(name, _)| *name).collect();
    names.sort_by_key(|name| std::cmp::Reverse(name.chars().count()));
    names.join("|")
});

/// The textual date forms, each with the order of its day, month and year groups.
static TEXT_DATES: LazyLock<Vec<(Regex, [usize; 3])>> = LazyLock::new(|| {
    let months = &*MONTH_PATTERN;
    let build = |pattern: String| {
        // The patterns are fixed and tested below; a failure here is a programming error.
        Regex::new(&pattern).expect("date pattern compiles")
    };
    vec![
        // 14. Februar 2024, 3. Okt. 2024
        (
            build(format!(
                r"(?i)\b(\d{{1,2}})\.\s*({months})\.?\s+(\d{{4}})\b"
            )),
            [1, 2, 3],
        ),
        // March 4, 2024; Mar. 4th 2024
        (
            build(format!(
                r"(?i)\b({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
            )),
            [2, 1, 3],
        ),
        // 4 March 2024, 4th of March 2024
        (
            build(format!(
                r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({months})\.?,?\s+(\d{{4}})\b"
            )),
            [1, 2, 3],
        ),
        // 14.02.2024
        (
            build(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b".to_owned()),
            [1, 2, 3],
        ),
        // 2024-02-14
        (build(r"\b(\d{4})-(\d{2})-(\d{2})\b".to_owned()), [3, 2, 1]),
    ]
});

/// Years a publication date may have; others are typos or placeholders (`0001-01-01`), and
/// tantivy's dates end in 1677 and 2262.
const YEARS: std::ops::RangeInclusive<i16> = 1800..=2200;

/// Parses a metadata date value: RFC 3339, ISO date-times without offset (taken as UTC), bare
/// ISO dates, or any of the textual forms [`find_date`] knows; a year outside 1800 to 2200 is no
/// date.
pub fn parse_date(text: &str) -> Option<PublishedAt> {
    let published = parse_any_date(text)?;
    let year = match &published {
        PublishedAt::Day(date) => date.year(),
        PublishedAt::Instant(timestamp) => jiff::tz::TimeZone::UTC.to_datetime(*timestamp).year(),
    };
    YEARS.contains(&year).then_some(published)
}

/// [`parse_date`] without the check of the year.
fn parse_any_date(text: &str) -> Option<PublishedAt> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(timestamp) = text.parse::<Timestamp>() {
        return Some(PublishedAt::Instant(timestamp));
    }
    if let Ok(date_time) = text.replace(' ', "T").parse::<DateTime>() {
        if date_time.time() == jiff::civil::Time::midnight() && !text.contains(':') {
            return Some(PublishedAt::Day(date_time.date()));
        }
        let timestamp = date_time
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .ok()?
            .timestamp();
        return Some(PublishedAt::Instant(timestamp));
    }
    if let Ok(date) = text.parse::<Date>() {
        return Some(PublishedAt::Day(date));
    }
    find_date(text).map(|(date, _)| PublishedAt::Day(date))
}

/// Finds the first calendar date written in `text` and where it stands.
pub fn find_date(text: &str) -> Option<(Date, Range<usize>)> {
    TEXT_DATES
        .iter()
        .filter_map(|(regex, order)| {
            regex.captures_iter(text).find_map(|captures| {
                let part = |index: usize| captures.get(order[index]).map(|m| m.as_str());
                let date = build_date(part(0)?, part(1)?, part(2)?)?;
                let whole = captures.get(0)?;
                Some((date, whole.range()))
            })
        })
        .min_by_key(|(_, range)| range.start)
}

/// Assembles a date from day, month (number or name) and year strings; `None` if impossible.
fn build_date(day: &str, month: &str, year: &str) -> Option<Date> {
    let day: i8 = day.parse().ok()?;
    let month: i8 = match month.parse() {
        Ok(number) => number,
        Err(_) => month_number(month)?,
    };
    let year: i16 = year.parse().ok()?;
    if !YEARS.contains(&year) {
        return None;
    }
    Date::new(year, month, day).ok()
}

/// The number of a month given by (a case-insensitive) name or abbreviation.
fn month_number(name: &str) -> Option<i8> {
    let name = name.to_lowercase();
    MONTHS
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, number)| *number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Option<String> {
        find_date(text).map(|(date, _)| date.to_string())
    }

    #[test]
    fn german_forms() {
        assert_eq!(
            day("Dresden, 14. Februar 2024 (dpa)").as_deref(),
            Some("2024-02-14")
        );
        assert_eq!(day("am 3. Okt. 2024").as_deref(), Some("2024-10-03"));
        assert_eq!(day("25. März 2024").as_deref(), Some("2024-03-25"));
        assert_eq!(day("Stand: 14.02.2024").as_deref(), Some("2024-02-14"));
    }

    #[test]
    fn english_forms() {
        assert_eq!(
            day("LONDON, March 4, 2024 (Reuters)").as_deref(),
            Some("2024-03-04")
        );
        assert_eq!(day("on 4 March 2024").as_deref(), Some("2024-03-04"));
        assert_eq!(day("Sept. 9th, 2023").as_deref(), Some("2023-09-09"));
    }

    #[test]
    fn earliest_date_wins_and_impossible_dates_are_ignored() {
        assert_eq!(
            day("30. Februar 2024, dann 2. März 2024").as_deref(),
            Some("2024-03-02")
        );
        assert_eq!(day("1.1.2020 und 2.2.2021").as_deref(), Some("2020-01-01"));
        assert_eq!(day("Seite 12. Mai"), None);
    }

    #[test]
    fn metadata_values() {
        let instant = parse_date("2024-03-25T10:00:00+01:00").unwrap();
        assert_eq!(instant.to_string(), "2024-03-25T09:00:00Z");
        let news_please = parse_date("2024-03-25 10:00:00").unwrap();
        assert_eq!(news_please.to_string(), "2024-03-25T10:00:00Z");
        assert_eq!(parse_date("2024-03-25").unwrap().to_string(), "2024-03-25");
        assert_eq!(
            parse_date("25. März 2024").unwrap().to_string(),
            "2024-03-25"
        );
        assert_eq!(parse_date("gestern"), None);
    }

    /// Found by the `query` fuzz target's neighbour: a year tantivy cannot hold overflowed its
    /// nanosecond dates. Such years are no publication dates.
    #[test]
    fn implausible_years_are_no_dates() {
        for text in [
            "0001-01-01",
            "1500-06-01T12:00:00Z",
            "9999-12-31T23:59:59Z",
            "2500-01-01 10:00:00",
            "1. Januar 1650",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
        assert!(parse_date("1800-01-01").is_some());
        assert!(parse_date("2200-12-31T00:00:00Z").is_some());
    }
}
