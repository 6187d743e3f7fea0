//! Attention over time as a chart for a terminal: one row per period, one bar per series
//! (query or source) side by side, drawn with Unicode block characters in eighths of a cell,
//! all bars on one scale, the value beside each bar, the scale's axis below; then totals and
//! the articles without a date.

use std::io::{self, Write};

use anstyle::{AnsiColor, Effects};

use super::{Style, sanitize};
use crate::analytics::trend::Trend;

/// Partial cells, by eighths filled.
const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// Colours of the series, in turn.
const COLOURS: [AnsiColor; 6] = [
    AnsiColor::Blue,
    AnsiColor::Magenta,
    AnsiColor::Cyan,
    AnsiColor::Yellow,
    AnsiColor::Green,
    AnsiColor::Red,
];

/// A bar `width` cells wide for `value` on a scale to `max`; a value above zero shows at
/// least an eighth.
fn bar(value: f64, max: f64, width: usize) -> String {
    let eighths = if max > 0.0 {
        ((value / max) * (width * 8) as f64).round() as usize
    } else {
        0
    };
    let eighths = if value > 0.0 { eighths.max(1) } else { 0 }.min(width * 8);
    let mut bar = "█".repeat(eighths / 8);
    if eighths % 8 > 0 {
        bar.push(EIGHTHS[eighths % 8]);
    }
    let drawn = bar.chars().count();
    bar.extend(std::iter::repeat_n(' ', width - drawn));
    bar
}

/// A share as a percentage with one decimal, or a count.
fn value_text(value: Option<f64>, raw: bool) -> String {
    match value {
        None => "–".to_owned(),
        Some(count) if raw => format!("{count:.0}"),
        Some(share) => format!("{:.1} %", share * 100.0),
    }
}

/// Writes `trend` as a chart: shares of all articles, or counts with `raw`.
pub fn write_chart(out: &mut dyn Write, trend: &Trend, raw: bool, style: Style) -> io::Result<()> {
    let bold = anstyle::Style::new().effects(Effects::BOLD);
    let dim = anstyle::Style::new().effects(Effects::DIMMED);
    let what = if raw {
        "matching articles"
    } else {
        "share of all articles"
    };
    writeln!(
        out,
        "{}",
        style.paint(bold, &format!("{what} per {}", trend.interval.name()))
    )?;
    if trend.series.is_empty() || trend.periods.is_empty() {
        writeln!(out, "no dated articles in this range")?;
        return write_undated(out, trend, style);
    }
    let value = |series: usize, period: usize| -> Option<f64> {
        let series = &trend.series[series];
        if raw {
            Some(series.matching[period] as f64)
        } else {
            series.share(period)
        }
    };
    let max = (0..trend.series.len())
        .flat_map(|s| (0..trend.periods.len()).filter_map(move |p| value(s, p)))
        .fold(0.0, f64::max);
    let width = if trend.series.len() == 1 {
        40
    } else {
        (60 / trend.series.len()).max(10)
    };
    let values: Vec<Vec<String>> = (0..trend.series.len())
        .map(|s| {
            (0..trend.periods.len())
                .map(|p| value_text(value(s, p), raw))
                .collect()
        })
        .collect();
    let value_width = values
        .iter()
        .flatten()
        .map(|text| text.chars().count())
        .chain([value_text(Some(max), raw).chars().count()])
        .max()
        .unwrap_or(1);
    let label_width = trend
        .periods
        .iter()
        .map(|period| period.label.len())
        .chain([trend.interval.name().len(), "total".len()])
        .max()
        .unwrap_or(5);
    let cell = width + 1 + value_width;
    let paint = |series: usize, text: &str| {
        let colour = anstyle::Style::new().fg_color(Some(COLOURS[series % COLOURS.len()].into()));
        style.paint(colour, text)
    };

    // Header: the period column, then each series' label over its bar.
    let mut header = format!("{:<label_width$}", trend.interval.name());
    for (index, series) in trend.series.iter().enumerate() {
        let label: String = sanitize(&series.label).chars().take(cell).collect();
        let padding = cell.saturating_sub(label.chars().count());
        header.push_str(" │ ");
        header.push_str(&paint(index, &label));
        header.push_str(&" ".repeat(padding));
    }
    writeln!(out, "{}", header.trim_end())?;
    for (period_index, period) in trend.periods.iter().enumerate() {
        let mut row = format!("{:<label_width$}", period.label);
        for (series, texts) in values.iter().enumerate() {
            let shown = value(series, period_index).unwrap_or(0.0);
            row.push_str(" │ ");
            row.push_str(&paint(series, &bar(shown, max, width)));
            row.push_str(&format!(" {:>value_width$}", texts[period_index]));
        }
        writeln!(out, "{row}")?;
    }
    // The axis: the scale from 0 to the longest bar's value.
    let mut axis = " ".repeat(label_width);
    for _ in &trend.series {
        let top = value_text(Some(max), raw);
        axis.push_str("   0");
        axis.push_str(&" ".repeat(width.saturating_sub(1 + top.chars().count())));
        axis.push_str(&top);
        axis.push_str(&" ".repeat(value_width + 1));
    }
    writeln!(out, "{}", style.paint(dim, axis.trim_end()))?;
    let mut totals = format!("{:<label_width$}", "total");
    for series in &trend.series {
        let all: u64 = series.all.iter().sum();
        let articles = |count: u64| if count == 1 { "article" } else { "articles" };
        let text = if raw {
            format!("{} {}", series.total(), articles(series.total()))
        } else if all > 0 {
            format!(
                "{} of {all} {}, {:.1} %",
                series.total(),
                articles(all),
                series.total() as f64 * 100.0 / all as f64
            )
        } else {
            "no articles".to_owned()
        };
        totals.push_str(" │ ");
        totals.push_str(&format!("{text:<cell$}"));
    }
    writeln!(out, "{}", totals.trim_end())?;
    write_undated(out, trend, style)
}

/// Writes how many articles have no date and so are in no period.
fn write_undated(out: &mut dyn Write, trend: &Trend, style: Style) -> io::Result<()> {
    let dim = anstyle::Style::new().effects(Effects::DIMMED);
    let undated: Vec<String> = trend
        .series
        .iter()
        .filter(|series| series.all_undated > 0)
        .map(|series| {
            let counts = format!("{} of {}", series.undated, series.all_undated);
            if trend.series.len() == 1 {
                counts
            } else {
                format!("{} {counts}", sanitize(&series.label))
            }
        })
        .collect();
    if undated.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "{}",
        style.paint(
            dim,
            &format!("undated (in no period): {}", undated.join(" · "))
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_eighths_of_cells() {
        assert_eq!(bar(1.0, 1.0, 4), "████");
        assert_eq!(bar(0.5, 1.0, 4), "██  ");
        assert_eq!(bar(0.0, 1.0, 4), "    ");
        assert_eq!(bar(1.0 / 32.0, 1.0, 4), "▏   ");
        // Tiny values still show.
        assert_eq!(bar(0.0001, 1.0, 4), "▏   ");
        assert_eq!(bar(0.3, 1.0, 4), "█▎  ");
    }
}
