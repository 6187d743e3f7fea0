//! User additions to the source list: a TOML file of extra sources and spellings.
//!
//! ```toml
//! [[source]]
//! name = "Bernama"            # canonical name (required)
//! kind = "agency"             # or "outlet"; default "agency"
//! country = "MY"              # ISO 3166-1 alpha-2, optional
//! aliases = ["BERNAMA"]       # other spellings
//! strong = ["Pertubuhan Berita Nasional Malaysia"]  # spellings that are never a person's name
//! ```
//!
//! An entry whose name is already known (as a name or alias, any case) adds its spellings to
//! that source instead of creating a new one.

use std::path::Path;

use anyhow::{Context, Result};
use serde::Deserialize;

use super::Kind;

/// The file's shape.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtraFile {
    /// `[[source]]` tables.
    #[serde(default, rename = "source")]
    sources: Vec<ExtraSource>,
}

/// One `[[source]]` table.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraSource {
    /// Canonical name.
    pub name: String,
    /// Agency or outlet (default: agency).
    #[serde(default)]
    pub kind: Option<Kind>,
    /// ISO 3166-1 alpha-2 code.
    #[serde(default)]
    pub country: Option<String>,
    /// Other spellings, counted where the text cites the source.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Spellings that are never a person's name.
    #[serde(default)]
    pub strong: Vec<String>,
}

/// Reads the extra sources in the TOML file at `path`.
pub fn read(path: &Path) -> Result<Vec<ExtraSource>> {
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{shown}: cannot read agency list"))?;
    parse(&text).with_context(|| format!("{shown}: invalid agency list"))
}

/// Parses the TOML text of an agency list.
pub fn parse(text: &str) -> Result<Vec<ExtraSource>> {
    let file: ExtraFile = toml::from_str(text).map_err(|error| {
        let line = error
            .span()
            .map(|span| text[..span.start].matches('\n').count() + 1);
        match line {
            Some(line) => anyhow::anyhow!("line {line}: {}", error.message()),
            None => anyhow::anyhow!("{}", error.message()),
        }
    })?;
    for source in &file.sources {
        anyhow::ensure!(
            !source.name.trim().is_empty(),
            "a [[source]] has an empty name"
        );
    }
    Ok(file.sources)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sources() {
        let sources = parse(
            "[[source]]\nname = \"Bernama\"\ncountry = \"MY\"\naliases = [\"BERNAMA\"]\n\n[[source]]\nname = \"Reuters\"\nstrong = [\"Reuters News\"]\nkind = \"agency\"\n",
        )
        .unwrap();
        assert_eq!(sources.len(), 2);
        assert_eq!(sources[0].name, "Bernama");
        assert_eq!(sources[0].kind, None);
        assert_eq!(sources[1].strong, ["Reuters News"]);
    }

    #[test]
    fn reports_mistakes_with_a_line() {
        let error = parse("[[source]]\nname = \"X\"\nalias = [\"Y\"]\n").unwrap_err();
        assert!(format!("{error:#}").starts_with("line 3:"), "{error:#}");
        assert!(parse("[[source]]\nname = \"\"\n").is_err());
    }
}
