//! The index schema: the only place that knows field names.
//!
//! [`Fields`] hands out typed handles to the rest of the crate and converts between
//! [`Article`] and tantivy documents in both directions. Field names are also the names users
//! write in queries (`title:Anschlag`), so they are short, lowercase English words.

use anyhow::{Context, Result, anyhow};
use jiff::Timestamp;
use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Field, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions, Value,
};
use tantivy::{DateTime, TantivyDocument};

use crate::analysis;
use crate::article::{Article, PublishedAt};

/// Bumped whenever fields are added, removed or change options.
pub const SCHEMA_VERSION: u32 = 1;

/// Typed handles to every field of the index.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Article id (raw string, fast: the last tie-breaker when sorting).
    pub id: Field,
    /// Path as the user named it (raw string).
    pub path: Field,
    /// Absolute path of the source file (raw string), to replace a file's articles on re-index.
    pub file: Field,
    /// Headline (German analysis, boosted in queries).
    pub title: Field,
    /// Article text (German analysis, stored for snippets).
    pub body: Field,
    /// Keywords from metadata (German analysis).
    pub tags: Field,
    /// Authors (name analysis).
    pub author: Field,
    /// Publication instant (indexed for ranges, fast for sorting).
    pub date: Field,
    /// Publication date as it is displayed (`YYYY-MM-DD` or RFC 3339), stored only.
    pub date_text: Field,
    /// Web address (raw string).
    pub url: Field,
    /// ISO 639-1 language code (raw string).
    pub lang: Field,
    /// Canonical names of cited agencies (raw string, multi-valued, fast for counting).
    pub agency: Field,
}

/// The fields searched by a query without a field prefix, with their boosts.
pub const DEFAULT_SEARCH_BOOSTS: [(&str, f32); 3] = [("title", 2.0), ("body", 1.0), ("tags", 1.0)];

/// Builds the schema of a new index.
pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    let german = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analysis::GERMAN)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let names = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analysis::NAMES)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let date = DateOptions::default()
        .set_indexed()
        .set_stored()
        .set_fast()
        .set_precision(DateTimePrecision::Seconds);

    builder.add_text_field("id", STRING | STORED | FAST);
    builder.add_text_field("path", STRING | STORED);
    builder.add_text_field("file", STRING | STORED);
    builder.add_text_field("title", german.clone());
    builder.add_text_field("body", german.clone());
    builder.add_text_field("tags", german);
    builder.add_text_field("author", names);
    builder.add_date_field("date", date);
    builder.add_text_field("date_text", STORED);
    builder.add_text_field("url", STRING | STORED);
    builder.add_text_field("lang", STRING | STORED | FAST);
    builder.add_text_field("agency", STRING | STORED | FAST);
    builder.build()
}

impl Fields {
    /// Looks up every handle in `schema`; fails when the index was built with another schema.
    pub fn new(schema: &Schema) -> Result<Fields> {
        let get = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| anyhow!("the index has no field `{name}`"))
        };
        Ok(Fields {
            id: get("id")?,
            path: get("path")?,
            file: get("file")?,
            title: get("title")?,
            body: get("body")?,
            tags: get("tags")?,
            author: get("author")?,
            date: get("date")?,
            date_text: get("date_text")?,
            url: get("url")?,
            lang: get("lang")?,
            agency: get("agency")?,
        })
    }

    /// Converts an article read from `file` (absolute path) into a tantivy document.
    pub fn to_document(&self, article: &Article, file: &str) -> TantivyDocument {
        let mut doc = TantivyDocument::new();
        doc.add_text(self.id, &article.id);
        doc.add_text(self.path, &article.path);
        doc.add_text(self.file, file);
        doc.add_text(self.title, &article.title);
        doc.add_text(self.body, &article.body);
        for tag in &article.tags {
            doc.add_text(self.tags, tag);
        }
        for author in &article.authors {
            doc.add_text(self.author, author);
        }
        if let Some(published) = &article.published {
            let seconds = published.timestamp().as_second();
            doc.add_date(self.date, DateTime::from_timestamp_secs(seconds));
            doc.add_text(self.date_text, published.to_string());
        }
        if let Some(url) = &article.url {
            doc.add_text(self.url, url);
        }
        if let Some(language) = &article.language {
            doc.add_text(self.lang, language);
        }
        for agency in &article.agencies {
            doc.add_text(self.agency, agency);
        }
        doc
    }

    /// Rebuilds the article stored in `doc` (the inverse of [`Fields::to_document`]).
    pub fn to_article(&self, doc: &TantivyDocument) -> Result<Article> {
        let first = |field: Field| -> Option<String> {
            doc.get_first(field)
                .and_then(|value| value.as_str())
                .map(str::to_owned)
        };
        let all = |field: Field| -> Vec<String> {
            doc.get_all(field)
                .filter_map(|value| value.as_str().map(str::to_owned))
                .collect()
        };
        let published = match first(self.date_text) {
            Some(text) => Some(parse_stored_date(&text)?),
            None => None,
        };
        Ok(Article {
            id: first(self.id).unwrap_or_default(),
            path: first(self.path).unwrap_or_default(),
            title: first(self.title).unwrap_or_default(),
            body: first(self.body).unwrap_or_default(),
            published,
            authors: all(self.author),
            url: first(self.url),
            language: first(self.lang),
            tags: all(self.tags),
            agencies: all(self.agency),
        })
    }
}

/// Parses the stored display form of a date back (`YYYY-MM-DD` or RFC 3339).
fn parse_stored_date(text: &str) -> Result<PublishedAt> {
    if text.len() == 10 {
        let date = text
            .parse()
            .with_context(|| format!("stored date `{text}` is not a date"))?;
        return Ok(PublishedAt::Day(date));
    }
    let timestamp: Timestamp = text
        .parse()
        .with_context(|| format!("stored date `{text}` is not a timestamp"))?;
    Ok(PublishedAt::Instant(timestamp))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_round_trips_through_a_document() {
        let schema = build_schema();
        let fields = Fields::new(&schema).unwrap();
        let article = Article {
            id: "de/a.txt".into(),
            path: "corpus/de/a.txt".into(),
            title: "Titel".into(),
            body: "Text".into(),
            published: Some(PublishedAt::Day("2024-02-14".parse().unwrap())),
            authors: vec!["Anna Beispiel".into()],
            url: Some("https://example.org/a".into()),
            language: Some("de".into()),
            tags: vec!["Politik".into()],
            agencies: vec!["Reuters".into(), "dpa".into()],
        };
        let doc = fields.to_document(&article, "/abs/corpus/de/a.txt");
        assert_eq!(fields.to_article(&doc).unwrap(), article);

        let timed = Article {
            published: Some(PublishedAt::Instant(
                "2024-02-14T09:30:00Z".parse().unwrap(),
            )),
            ..article
        };
        let doc = fields.to_document(&timed, "/abs");
        assert_eq!(fields.to_article(&doc).unwrap(), timed);
    }
}
