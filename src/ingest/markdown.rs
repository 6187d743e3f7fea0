//! Markdown articles (`.md`, `.markdown`), as static-site generators and note tools keep them.
//!
//! Front matter is YAML between `---` lines or TOML between `+++` lines; its fields are mapped
//! like JSON fields (title, date, author/authors, agency/source, tags, url). YAML is read with
//! `serde-saphyr` (pure Rust; `serde_yaml` is deprecated and `serde_yml` unsound), TOML with
//! `toml`. The Markdown body becomes plain text with `pulldown-cmark`; a leading `# Heading`
//! is the title when the front matter has none.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde_json::{Map, Value};

use super::metadata::draft_from;
use super::{Draft, Problem, Rejection};

/// Parses a Markdown article with optional front matter.
pub fn parse(text: &str) -> Result<Draft, Rejection> {
    let (front_matter, body) = split_front_matter(text)?;
    let mut draft = match &front_matter {
        Some(object) => draft_from(object),
        None => Draft::default(),
    };
    let (heading, plain) = to_plain_text(body);
    if draft.title.is_none() {
        draft.title = heading;
    }
    // Front matter may carry the text itself (`description` only, say); the body comes after.
    draft.body = match (draft.body.trim().is_empty(), plain.trim().is_empty()) {
        (_, true) => draft.body,
        (true, false) => plain,
        (false, false) => format!("{}\n\n{}", draft.body.trim(), plain),
    };
    Ok(draft)
}

/// Front-matter fields, as JSON values so that JSON and Markdown share one field mapping.
type FrontMatter = Map<String, Value>;

/// Splits `text` into parsed front matter (if any) and the Markdown after it.
fn split_front_matter(text: &str) -> Result<(Option<FrontMatter>, &str), Rejection> {
    let text = text.trim_start_matches('\u{feff}');
    for (fence, language) in [("---", Language::Yaml), ("+++", Language::Toml)] {
        let Some(after_open) = text.strip_prefix(fence) else {
            continue;
        };
        let Some(after_open) = after_open
            .strip_prefix('\n')
            .or_else(|| after_open.strip_prefix(" \n"))
        else {
            continue;
        };
        let closing = format!("\n{fence}");
        let Some(end) = after_open.find(&closing).or_else(|| {
            // Empty front matter: the closing fence directly after the opening one.
            after_open.starts_with(fence).then_some(0)
        }) else {
            return Err(fail(
                1,
                format!("front matter opened with `{fence}` is never closed"),
            ));
        };
        let source = &after_open[..end];
        let rest_start = if end == 0 {
            fence.len()
        } else {
            end + closing.len()
        };
        let rest = &after_open[rest_start..];
        let rest = rest.split_once('\n').map_or("", |(_, after)| after);
        return Ok((Some(language.parse(source)?), rest));
    }
    Ok((None, text))
}

/// The two front-matter languages.
#[derive(Clone, Copy)]
enum Language {
    /// YAML between `---` fences.
    Yaml,
    /// TOML between `+++` fences.
    Toml,
}

impl Language {
    /// Parses front matter into a JSON-like object; errors carry the file line (the fence is
    /// line 1, so front-matter line N is file line N + 1).
    fn parse(self, source: &str) -> Result<FrontMatter, Rejection> {
        if source.trim().is_empty() {
            return Ok(Map::new());
        }
        let value: Value = match self {
            Language::Yaml => serde_saphyr::from_str(source).map_err(|error| {
                let line = error
                    .location()
                    .map(|location| location.line() as usize + 1);
                Rejection::Fail(Problem::new(
                    line,
                    format!(
                        "invalid YAML front matter: {}",
                        yaml_message(&error.to_string())
                    ),
                ))
            })?,
            Language::Toml => {
                let table: toml::Table = toml::from_str(source).map_err(|error| {
                    let line = error
                        .span()
                        .map(|span| source[..span.start].matches('\n').count() + 2);
                    Rejection::Fail(Problem::new(
                        line,
                        format!("invalid TOML front matter: {}", first_line(error.message())),
                    ))
                })?;
                toml_to_json(toml::Value::Table(table))
            }
        };
        match value {
            Value::Object(object) => Ok(object),
            Value::Null => Ok(Map::new()),
            _ => Err(fail(
                2,
                "front matter is not a mapping of fields".to_owned(),
            )),
        }
    }
}

/// A failure at `line`.
fn fail(line: usize, message: String) -> Rejection {
    Rejection::Fail(Problem::new(Some(line), message))
}

/// The first line of a possibly multi-line library message.
fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

/// The cause in a YAML error message, without its `error:` prefix and its position (which
/// counts from the front matter, not the file: the problem's line says where).
fn yaml_message(message: &str) -> &str {
    let message = first_line(message);
    let message = message.strip_prefix("error: ").unwrap_or(message);
    match message
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((_, cause)) => cause,
        None => message,
    }
}

/// Converts TOML to JSON values; TOML dates become their text form.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(text) => Value::String(text),
        toml::Value::Integer(number) => Value::from(number),
        toml::Value::Float(number) => Value::from(number),
        toml::Value::Boolean(flag) => Value::Bool(flag),
        toml::Value::Datetime(date) => Value::String(date.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(key, value)| (key, toml_to_json(value)))
                .collect(),
        ),
    }
}

/// Renders Markdown as plain text; returns the text of a leading level-1 heading separately.
fn to_plain_text(markdown: &str) -> (Option<String>, String) {
    let mut heading: Option<String> = None;
    let mut in_first_heading = false;
    let mut seen_content = false;
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if !seen_content && heading.is_none() => {
                in_first_heading = true;
                heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) if in_first_heading => in_first_heading = false,
            Event::Text(text) | Event::Code(text) => {
                if in_first_heading {
                    heading.get_or_insert_with(String::new).push_str(&text);
                } else {
                    seen_content = true;
                    out.push_str(&text);
                }
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::End(TagEnd::Item) => {
                seen_content = true;
                if !out.ends_with('\n') {
                    out.push('\n');
                }
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::List(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableRow,
            ) => {
                seen_content = true;
                if !out.ends_with("\n\n") && !out.is_empty() {
                    out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
                }
            }
            Event::Start(Tag::TableCell) => out.push(' '),
            _ => {}
        }
    }
    (
        heading.map(|text| text.trim().to_owned()),
        out.trim().to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_and_body() {
        let text = "---\ntitle: \"Kontrollen verschärft\"\ndate: 2023-05-02\nauthors:\n  - Anna Beispiel\nagency: dpa\ntags: [Grenze, Polizei]\n---\n\nDie **Bundespolizei** hat [Kontrollen](https://example.org) verschärft.\n\n- Punkt eins\n- Punkt zwei\n";
        let draft = parse(text).unwrap();
        assert_eq!(draft.title.as_deref(), Some("Kontrollen verschärft"));
        assert_eq!(draft.published.unwrap().to_string(), "2023-05-02");
        assert_eq!(draft.authors, ["Anna Beispiel"]);
        assert_eq!(draft.credits, ["dpa"]);
        assert_eq!(draft.tags, ["Grenze", "Polizei"]);
        assert_eq!(
            draft.body,
            "Die Bundespolizei hat Kontrollen verschärft.\n\nPunkt eins\nPunkt zwei"
        );
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"Refinery\"\ndate = 2022-11-03T08:00:00Z\nsource = \"Reuters\"\n+++\nText.\n";
        let draft = parse(text).unwrap();
        assert_eq!(draft.title.as_deref(), Some("Refinery"));
        assert_eq!(draft.published.unwrap().to_string(), "2022-11-03T08:00:00Z");
        assert_eq!(draft.credits, ["Reuters"]);
        assert_eq!(draft.body, "Text.");
    }

    #[test]
    fn heading_is_the_title_without_front_matter() {
        let draft = parse("# Die Überschrift\n\nDer Text.").unwrap();
        assert_eq!(draft.title.as_deref(), Some("Die Überschrift"));
        assert_eq!(draft.body, "Der Text.");
    }

    #[test]
    fn broken_yaml_is_reported_with_a_line() {
        let text = "---\ntitle: ok\ndate: [unclosed\n---\nText";
        let Err(Rejection::Fail(problem)) = parse(text) else {
            panic!("expected a failure");
        };
        assert_eq!(
            problem.message,
            "invalid YAML front matter: unclosed bracket '['"
        );
        assert_eq!(problem.line, Some(3));
    }
}
