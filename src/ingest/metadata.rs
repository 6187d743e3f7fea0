//! Article fields from key/value metadata: JSON objects and Markdown front matter.
//!
//! news-please's field names come first (`title`, `maintext`, `description`, `date_publish`,
//! `authors`, `url`, `language`), then the common alternatives (`text`/`body`/`content`,
//! `date`/`published`, `author`, `agency`/`source`/`credit`, `tags`/`keywords`). Values may be
//! strings, numbers or lists of strings, as feeds write them.

use serde_json::{Map, Value};

use super::Draft;
use super::dates::parse_date;

/// Keys holding the headline.
const TITLE_KEYS: &[&str] = &["title", "headline", "heading"];
/// Keys holding the article text, best first.
const BODY_KEYS: &[&str] = &[
    "maintext",
    "text",
    "body",
    "content",
    "article",
    "article_text",
];
/// Keys holding a lead or summary.
const LEAD_KEYS: &[&str] = &["description", "summary", "lead", "teaser"];
/// Keys holding the publication date, best first.
const DATE_KEYS: &[&str] = &[
    "date_publish",
    "date",
    "published",
    "published_at",
    "publishedAt",
    "datePublished",
    "pubDate",
    "pub_date",
];
/// Keys holding authors.
const AUTHOR_KEYS: &[&str] = &["authors", "author", "byline", "creator"];
/// Keys holding the web address.
const URL_KEYS: &[&str] = &["url", "link", "permalink", "source_url"];
/// Keys holding the language.
const LANGUAGE_KEYS: &[&str] = &["language", "lang", "locale"];
/// Keys holding keywords.
const TAG_KEYS: &[&str] = &["tags", "keywords", "categories"];
/// Keys holding the cited source or agency.
const CREDIT_KEYS: &[&str] = &["agency", "agencies", "source", "sources", "credit"];
/// Keys holding the article's own id.
const ID_KEYS: &[&str] = &["id", "_id", "uuid", "guid"];

/// Builds a draft from `object`; the body is the lead plus the main text. A missing body is
/// allowed here (front matter has its text below it); callers decide.
pub fn draft_from(object: &Map<String, Value>) -> Draft {
    let main_text = first_string(object, BODY_KEYS).unwrap_or_default();
    let lead = first_string(object, LEAD_KEYS).unwrap_or_default();
    let body = if lead.is_empty() || main_text.starts_with(lead.trim()) {
        main_text
    } else if main_text.is_empty() {
        lead
    } else {
        format!("{}\n\n{}", lead.trim(), main_text)
    };
    Draft {
        id: first_string(object, ID_KEYS),
        line: None,
        title: first_string(object, TITLE_KEYS),
        body,
        published: DATE_KEYS
            .iter()
            .filter_map(|key| object.get(*key))
            .filter_map(scalar_string)
            .find_map(|value| parse_date(&value)),
        authors: all_strings(object, AUTHOR_KEYS),
        url: first_string(object, URL_KEYS),
        language: first_string(object, LANGUAGE_KEYS),
        tags: all_strings(object, TAG_KEYS),
        credits: all_strings(object, CREDIT_KEYS),
    }
}

/// The first key of `keys` present with a non-empty scalar value, as a string.
fn first_string(object: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter()
        .filter_map(|key| object.get(*key))
        .filter_map(scalar_string)
        .find(|value| !value.trim().is_empty())
}

/// Every string under the first of `keys` present: a scalar, a list, or objects with `name`.
fn all_strings(object: &Map<String, Value>, keys: &[&str]) -> Vec<String> {
    let Some(value) = keys.iter().find_map(|key| object.get(*key)) else {
        return Vec::new();
    };
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    items
        .into_iter()
        .filter_map(|item| match item {
            Value::Object(inner) => inner.get("name").and_then(scalar_string),
            other => scalar_string(other),
        })
        .filter(|value| !value.trim().is_empty())
        .collect()
}

/// A string, number or boolean as text; `None` for null, lists and objects.
fn scalar_string(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn news_please_fields() {
        let draft = draft_from(&object(json!({
            "title": "Titel",
            "description": "Der Vorspann.",
            "maintext": "Der Haupttext.",
            "date_publish": "2024-03-25 10:00:00",
            "authors": ["Anna Beispiel", "Jan Muster"],
            "source_domain": "www.example.org",
            "url": "https://www.example.org/a",
            "language": "de"
        })));
        assert_eq!(draft.title.as_deref(), Some("Titel"));
        assert_eq!(draft.body, "Der Vorspann.\n\nDer Haupttext.");
        assert_eq!(draft.published.unwrap().to_string(), "2024-03-25T10:00:00Z");
        assert_eq!(draft.authors, ["Anna Beispiel", "Jan Muster"]);
        assert_eq!(draft.language.as_deref(), Some("de"));
        assert!(draft.credits.is_empty());
    }

    #[test]
    fn common_alternatives() {
        let draft = draft_from(&object(json!({
            "id": 42,
            "headline": "Headline",
            "content": "Body text.",
            "published": "2023-01-02",
            "author": {"name": "Jane Doe"},
            "agency": "AFP/dpa",
            "tags": "Politik"
        })));
        assert_eq!(draft.id.as_deref(), Some("42"));
        assert_eq!(draft.body, "Body text.");
        assert_eq!(draft.published.unwrap().to_string(), "2023-01-02");
        assert_eq!(draft.authors, ["Jane Doe"]);
        assert_eq!(draft.credits, ["AFP/dpa"]);
        assert_eq!(draft.tags, ["Politik"]);
    }

    #[test]
    fn lead_alone_is_the_body() {
        let draft = draft_from(&object(
            json!({"title": "T", "description": "Nur Vorspann."}),
        ));
        assert_eq!(draft.body, "Nur Vorspann.");
    }
}
