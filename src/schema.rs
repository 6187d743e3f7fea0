//! The index schema: the only place that knows field names.
//!
//! [`Fields`] hands out typed handles to the rest of the crate and converts between
//! [`Article`] and tantivy documents in both directions.
//!
//! Article text is stored once (`title`, `body`) and indexed in the fields of its language's
//! chain ([`Chain`]): `title_de`/`body_de`, `title_en`/`body_en`, `title_xx`/`body_xx`. The
//! parts of German compounds go to `parts`. Users name fields as `title:`, `body:`, `tags:`,
//! `author:`; [`user_field`] maps those names to the indexed fields.

use anyhow::{Context, Result, anyhow};
use jiff::Timestamp;
use tantivy::schema::document::{ReferenceValue, ReferenceValueLeaf};
use tantivy::schema::{
    DateOptions, DateTimePrecision, Document, FAST, Field, IndexRecordOption, STORED, STRING,
    Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::{DateTime, TantivyDocument};

use crate::analysis;
use crate::article::{Article, PublishedAt};

/// Bumped whenever fields are added, removed or change options.
pub const SCHEMA_VERSION: u32 = 2;

/// The analysis chains, by the languages they serve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chain {
    /// German, and articles whose language is unknown (a German archive's default).
    German,
    /// English.
    English,
    /// Any other language: no stemming.
    Neutral,
}

impl Chain {
    /// Every chain, in field order.
    pub const ALL: [Chain; 3] = [Chain::German, Chain::English, Chain::Neutral];

    /// The chain for an article in `language` (ISO 639-1), German when unknown.
    pub fn for_language(language: Option<&str>) -> Chain {
        match language {
            None | Some("de") => Chain::German,
            Some("en") => Chain::English,
            Some(_) => Chain::Neutral,
        }
    }

    /// Suffix of the chain's field names.
    fn suffix(self) -> &'static str {
        match self {
            Chain::German => "de",
            Chain::English => "en",
            Chain::Neutral => "xx",
        }
    }

    /// Name of the chain's analyzer.
    fn analyzer(self) -> &'static str {
        match self {
            Chain::German => analysis::GERMAN,
            Chain::English => analysis::ENGLISH,
            Chain::Neutral => analysis::NEUTRAL,
        }
    }

    /// Position of the chain in [`Chain::ALL`].
    fn index(self) -> usize {
        self as usize
    }
}

/// The indexed text fields of one chain.
#[derive(Clone, Copy, Debug)]
pub struct TextFields {
    /// Headline.
    pub title: Field,
    /// Article text.
    pub body: Field,
}

/// Typed handles to every field of the index.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Article id (raw string, fast: the last tie-breaker when sorting).
    pub id: Field,
    /// Path as the user named it (raw string).
    pub path: Field,
    /// Absolute path of the source file (raw string), to replace a file's articles on re-index.
    pub file: Field,
    /// Headline as written (stored only).
    pub title: Field,
    /// Article text as written (stored only).
    pub body: Field,
    /// Indexed title and body, per chain, in [`Chain::ALL`] order.
    pub text: [TextFields; 3],
    /// Parts of German compounds in title and body.
    pub parts: Field,
    /// Keywords from metadata (neutral analysis).
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

/// Names of the fast fields that tantivy's sort keys and aggregations read by name.
pub mod fast {
    /// Publication instant.
    pub const DATE: &str = "date";
    /// Language code.
    pub const LANG: &str = "lang";
    /// Canonical names of cited agencies.
    pub const AGENCY: &str = "agency";
}

/// How much a match in a field counts, relative to the body of the article's language.
pub mod boost {
    /// Title matches.
    pub const TITLE: f32 = 2.0;
    /// Keyword matches.
    pub const TAGS: f32 = 1.0;
    /// Matches on a part of a compound: well below an exact match. Chosen on XQuAD-de
    /// (0.2 to 0.4 score within 0.003 MRR of each other; 0.7 and 1.0 lose 0.005 and 0.013).
    pub const PARTS: f32 = 0.3;
}

/// Text options for a field analysed by `analyzer`; `positions` for phrase queries.
fn analysed(analyzer: &str, positions: bool) -> TextOptions {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::WithFreqs
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(record),
    )
}

/// Builds the schema of a new index.
pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    let date = DateOptions::default()
        .set_indexed()
        .set_stored()
        .set_fast()
        .set_precision(DateTimePrecision::Seconds);

    builder.add_text_field("id", STRING | STORED | FAST);
    builder.add_text_field("path", STRING | STORED);
    builder.add_text_field("file", STRING | STORED);
    builder.add_text_field("title", STORED);
    builder.add_text_field("body", STORED);
    for chain in Chain::ALL {
        let suffix = chain.suffix();
        builder.add_text_field(&format!("title_{suffix}"), analysed(chain.analyzer(), true));
        builder.add_text_field(&format!("body_{suffix}"), analysed(chain.analyzer(), true));
    }
    builder.add_text_field("parts", analysed(analysis::GERMAN_PARTS, false));
    builder.add_text_field("tags", analysed(analysis::NEUTRAL, true).set_stored());
    builder.add_text_field("author", analysed(analysis::NAMES, true).set_stored());
    builder.add_date_field(fast::DATE, date);
    builder.add_text_field("date_text", STORED);
    builder.add_text_field("url", STRING | STORED);
    builder.add_text_field(fast::LANG, STRING | STORED | FAST);
    builder.add_text_field(fast::AGENCY, STRING | STORED | FAST);
    builder.build()
}

/// The indexed fields a field name in a user's query stands for: `title` and `body` search
/// every chain (and `body` the compound parts too); `tags` and `author` are themselves.
/// `None` for names users cannot search.
pub fn user_field(name: &str) -> Option<Vec<String>> {
    let per_chain = |prefix: &str| -> Vec<String> {
        Chain::ALL
            .iter()
            .map(|chain| format!("{prefix}_{}", chain.suffix()))
            .collect()
    };
    match name {
        "title" => Some(per_chain("title")),
        "body" => {
            let mut fields = per_chain("body");
            fields.push("parts".to_owned());
            Some(fields)
        }
        "tags" | "author" => Some(vec![name.to_owned()]),
        _ => None,
    }
}

impl Fields {
    /// Looks up every handle in `schema`; fails when the index was built with another schema.
    pub fn new(schema: &Schema) -> Result<Fields> {
        let get = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| anyhow!("the index has no field `{name}`"))
        };
        let text = |chain: Chain| -> Result<TextFields> {
            Ok(TextFields {
                title: get(&format!("title_{}", chain.suffix()))?,
                body: get(&format!("body_{}", chain.suffix()))?,
            })
        };
        Ok(Fields {
            id: get("id")?,
            path: get("path")?,
            file: get("file")?,
            title: get("title")?,
            body: get("body")?,
            text: [
                text(Chain::German)?,
                text(Chain::English)?,
                text(Chain::Neutral)?,
            ],
            parts: get("parts")?,
            tags: get("tags")?,
            author: get("author")?,
            date: get(fast::DATE)?,
            date_text: get("date_text")?,
            url: get("url")?,
            lang: get(fast::LANG)?,
            agency: get(fast::AGENCY)?,
        })
    }

    /// The indexed text fields of `chain`.
    pub fn chain(&self, chain: Chain) -> TextFields {
        self.text[chain.index()]
    }

    /// The fields a query searches by default, with their boosts.
    pub fn default_search(&self) -> Vec<(Field, f32)> {
        let mut fields: Vec<(Field, f32)> = self
            .text
            .iter()
            .flat_map(|text| [(text.title, boost::TITLE), (text.body, 1.0)])
            .collect();
        fields.push((self.tags, boost::TAGS));
        fields.push((self.parts, boost::PARTS));
        fields
    }

    /// The document for `article` from `file` (its absolute path): its text goes to the
    /// fields of its language's chain and, for German with `with_parts`, to `parts`.
    pub fn to_document(&self, article: Article, file: &str, with_parts: bool) -> ArticleDocument {
        let chain = Chain::for_language(article.language.as_deref());
        let date = article.published.as_ref().map(|published| {
            let seconds = published.timestamp().as_second();
            (
                DateTime::from_timestamp_secs(seconds),
                published.to_string(),
            )
        });
        ArticleDocument {
            fields: *self,
            article,
            file: file.to_owned(),
            parts: with_parts && chain == Chain::German,
            chain,
            date,
        }
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

/// `timestamp` as tantivy's date, whose nanoseconds since 1970 must fit an `i64` (1677 to 2262):
/// an instant outside is moved to the nearest end instead of overflowing.
pub fn index_date(timestamp: Timestamp) -> DateTime {
    const LIMIT: i64 = i64::MAX / 1_000_000_000;
    DateTime::from_timestamp_secs(timestamp.as_second().clamp(-LIMIT, LIMIT))
}

/// An article as the index writer takes it. tantivy reads each field's value straight from
/// the article, so the title and text are held once while the document waits for an indexing
/// thread, where a `TantivyDocument` would copy them for each field they go to (stored, the
/// chain's fields, `parts`): up to 10,000 documents wait, and the copies cost time too.
pub struct ArticleDocument {
    /// Where each value goes.
    fields: Fields,
    /// The article.
    article: Article,
    /// Absolute path of the source file.
    file: String,
    /// The chain whose fields get the text.
    chain: Chain,
    /// Whether the text also goes to `parts`.
    parts: bool,
    /// Publication instant and its displayed form.
    date: Option<(DateTime, String)>,
}

/// A value of an [`ArticleDocument`]: text borrowed from the article, or a date.
#[derive(Clone, Debug)]
pub enum FieldValue<'a> {
    /// Text.
    Text(&'a str),
    /// An instant.
    Date(DateTime),
}

impl<'a> Value<'a> for FieldValue<'a> {
    type ArrayIter = std::iter::Empty<Self>;
    type ObjectIter = std::iter::Empty<(&'a str, Self)>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        match *self {
            FieldValue::Text(text) => ReferenceValue::Leaf(ReferenceValueLeaf::Str(text)),
            FieldValue::Date(date) => ReferenceValue::Leaf(ReferenceValueLeaf::Date(date)),
        }
    }
}

impl ArticleDocument {
    /// Every field and value, in the order they are stored.
    fn values(&self) -> Vec<(Field, FieldValue<'_>)> {
        let (fields, article) = (&self.fields, &self.article);
        let text = FieldValue::Text;
        let mut values = vec![
            (fields.id, text(&article.id)),
            (fields.path, text(&article.path)),
            (fields.file, text(&self.file)),
            (fields.title, text(&article.title)),
            (fields.body, text(&article.body)),
        ];
        let chain = fields.chain(self.chain);
        values.push((chain.title, text(&article.title)));
        values.push((chain.body, text(&article.body)));
        if self.parts {
            values.push((fields.parts, text(&article.title)));
            values.push((fields.parts, text(&article.body)));
        }
        values.extend(article.tags.iter().map(|tag| (fields.tags, text(tag))));
        values.extend(
            article
                .authors
                .iter()
                .map(|name| (fields.author, text(name))),
        );
        if let Some((instant, shown)) = &self.date {
            values.push((fields.date, FieldValue::Date(*instant)));
            values.push((fields.date_text, text(shown)));
        }
        if let Some(url) = &article.url {
            values.push((fields.url, text(url)));
        }
        if let Some(language) = &article.language {
            values.push((fields.lang, text(language)));
        }
        values.extend(
            article
                .agencies
                .iter()
                .map(|name| (fields.agency, text(name))),
        );
        values
    }
}

impl Document for ArticleDocument {
    type Value<'a> = FieldValue<'a>;
    type FieldsValuesIter<'a> = std::vec::IntoIter<(Field, FieldValue<'a>)>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.values().into_iter()
    }
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
        let doc = fields
            .to_document(article.clone(), "/abs/corpus/de/a.txt", true)
            .into_tantivy_document();
        assert_eq!(fields.to_article(&doc).unwrap(), article);

        let timed = Article {
            published: Some(PublishedAt::Instant(
                "2024-02-14T09:30:00Z".parse().unwrap(),
            )),
            ..article
        };
        let doc = fields
            .to_document(timed.clone(), "/abs", true)
            .into_tantivy_document();
        assert_eq!(fields.to_article(&doc).unwrap(), timed);
    }

    #[test]
    fn dates_beyond_tantivys_range_are_clamped_not_overflowed() {
        let far = |text: &str| index_date(text.parse::<Timestamp>().unwrap());
        assert_eq!(
            far("2024-03-25T00:00:00Z").into_timestamp_secs(),
            1_711_324_800
        );
        assert!(far("0002-01-01T00:00:00Z") < far("1800-01-01T00:00:00Z"));
        assert!(far("9999-01-01T00:00:00Z") > far("2200-01-01T00:00:00Z"));
    }

    #[test]
    fn text_goes_to_the_fields_of_its_language() {
        let fields = Fields::new(&build_schema()).unwrap();
        let article = |language: Option<&str>| Article {
            title: "T".into(),
            body: "B".into(),
            language: language.map(str::to_owned),
            ..Article::default()
        };
        let english = fields
            .to_document(article(Some("en")), "/f", true)
            .into_tantivy_document();
        assert!(
            english
                .get_first(fields.chain(Chain::English).body)
                .is_some()
        );
        assert!(
            english
                .get_first(fields.chain(Chain::German).body)
                .is_none()
        );
        assert!(english.get_first(fields.parts).is_none());
        let unknown = fields
            .to_document(article(None), "/f", true)
            .into_tantivy_document();
        assert!(
            unknown
                .get_first(fields.chain(Chain::German).body)
                .is_some()
        );
        assert!(unknown.get_first(fields.parts).is_some());
        let french = fields
            .to_document(article(Some("fr")), "/f", true)
            .into_tantivy_document();
        assert!(
            french
                .get_first(fields.chain(Chain::Neutral).title)
                .is_some()
        );
    }

    #[test]
    fn user_field_names_map_to_indexed_fields() {
        assert_eq!(
            user_field("title").unwrap(),
            ["title_de", "title_en", "title_xx"]
        );
        assert_eq!(
            user_field("body").unwrap().last().map(String::as_str),
            Some("parts")
        );
        assert_eq!(user_field("author").unwrap(), ["author"]);
        assert!(user_field("date_text").is_none());
    }
}
