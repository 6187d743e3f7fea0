//! Text analysis: how article text and query text become index terms.
//!
//! The German chain is a tantivy [`TextAnalyzer`] built from one tokenizer and a row of token
//! filters, each filter in a file of its own when it is ours:
//!
//! ```text
//! SimpleTokenizer -> RemoveLongFilter(40) -> LowerCaser -> StopWordFilter(German)
//!   -> GermanNormalizer -> AsciiFoldingFilter -> Stemmer(German)
//! ```
//!
//! so that `Anschlag`, `Anschläge` and `Anschlägen` are one term, `Straße` = `Strasse` and
//! `Müller` = `Mueller`. Compound splitting and per-language chains slot in as further filters.
//!
//! tantivy stores only the analyzer's *name* in the index, so [`register`] must run wherever an
//! index is opened (indexing, querying, snippets). [`ANALYZER_VERSION`] is recorded at commit: a
//! change to the chain changes the terms, and an index built by another chain must be rebuilt.

pub mod decompound;
mod german_normalizer;
pub mod lexicon;

pub use german_normalizer::GermanNormalizer;

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer,
};

/// Name under which the German chain is registered; the schema refers to it.
pub const GERMAN: &str = "newsidx_german";

/// Name of the light chain for names (authors): lowercase and fold accents, no stemming.
pub const NAMES: &str = "newsidx_names";

/// Bumped whenever a chain's output changes; an index with another version must be rebuilt.
pub const ANALYZER_VERSION: u32 = 1;

/// Longest token kept, in bytes; longer ones are URLs, hashes or garbage, not words.
const MAX_TOKEN_BYTES: usize = 40;

/// Builds the German analysis chain described in the module documentation.
pub fn german() -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(german_stop_words())
        .filter(GermanNormalizer)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::German));
    builder.build()
}

/// Builds the chain for personal names: tokens are lowercased and accent-folded, nothing more.
pub fn names() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The Snowball German stop-word list shipped with tantivy.
fn german_stop_words() -> StopWordFilter {
    // tantivy ships the German list with the `stopwords` feature, which is on by default; an
    // empty filter keeps indexing working should a build ever lack it.
    StopWordFilter::new(Language::German).unwrap_or_else(|| StopWordFilter::remove(Vec::new()))
}

/// Registers every analyzer of ours with `index`; call it each time an index is opened.
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(GERMAN, german());
    manager.register(NAMES, names());
}

/// Runs the German chain over `text` and returns the terms, in order; for tests and tools.
pub fn german_terms(text: &str) -> Vec<String> {
    let mut analyzer = german();
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        terms.push(stream.token().text.clone());
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(word: &str) -> String {
        let terms = german_terms(word);
        assert_eq!(terms.len(), 1, "{word} gave {terms:?}");
        terms[0].clone()
    }

    #[test]
    fn inflections_share_a_stem() {
        assert_eq!(one("Anschlag"), one("Anschläge"));
        assert_eq!(one("Anschlag"), one("Anschlägen"));
        assert_eq!(one("Kontrolle"), one("Kontrollen"));
    }

    #[test]
    fn spelling_variants_share_a_term() {
        assert_eq!(one("Straße"), one("Strasse"));
        assert_eq!(one("Müller"), one("Mueller"));
        assert_eq!(one("Überwachung"), one("Ueberwachung"));
    }

    #[test]
    fn stop_words_are_dropped() {
        assert_eq!(german_terms("der Anschlag und die Folgen für uns"), {
            let mut expected = german_terms("Anschlag Folgen");
            expected.truncate(2);
            expected
        });
    }

    #[test]
    fn foreign_accents_fold() {
        assert_eq!(one("Macrón"), one("Macron"));
        assert_eq!(one("Vučić"), one("Vucic"));
    }

    #[test]
    fn long_garbage_is_dropped() {
        assert!(german_terms(&"x".repeat(80)).is_empty());
    }
}
