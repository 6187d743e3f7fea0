//! `newsidx stats`: what the index holds.

use std::io::Write;

use anyhow::Result;

use crate::cli::StatsArgs;
use crate::counts::index_stats;
use crate::outcome::Outcome;
use crate::output::write_json;
use crate::store::NewsIndex;

/// Prints what the index holds.
pub fn run(args: &StatsArgs) -> Result<Outcome> {
    let index = NewsIndex::open(&args.location.index)?;
    let searcher = index.reader()?.searcher();
    let stats = index_stats(&index, &searcher)?;
    let mut out = super::stdout();
    if args.json {
        write_json(&mut out, &stats)?;
    } else {
        let languages: Vec<String> = stats
            .languages
            .iter()
            .map(|language| format!("{} {}", language.language, language.count))
            .collect();
        writeln!(out, "index:        {}", stats.index)?;
        writeln!(out, "articles:     {}", stats.articles)?;
        writeln!(out, "size on disk: {}", human_bytes(stats.size_bytes))?;
        writeln!(
            out,
            "dates:        {} to {}",
            stats.earliest.as_deref().unwrap_or("-"),
            stats.latest.as_deref().unwrap_or("-")
        )?;
        writeln!(out, "languages:    {}", languages.join(", "))?;
        writeln!(
            out,
            "last indexed: {}",
            stats.last_indexed.as_deref().unwrap_or("never")
        )?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// Bytes as a short human figure (`1.4 MiB`).
fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_sizes() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(3 * 1024 * 1024), "3.0 MiB");
    }
}
