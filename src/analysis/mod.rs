//! Text analysis: how article text and query text become index terms.
//!
//! Articles are analysed by the chain of their language, each a tantivy [`TextAnalyzer`] made
//! of one tokenizer and a row of token filters (ours each in a file of its own):
//!
//! ```text
//! German   SimpleTokenizer -> RemoveLongFilter(40) -> LowerCaser -> StopWordFilter(German)
//!            -> GermanNormalizer -> AsciiFoldingFilter -> Stemmer(German)
//! parts    SimpleTokenizer -> RemoveLongFilter(40) -> LowerCaser -> CompoundParts
//!            -> StopWordFilter(German) -> GermanNormalizer -> AsciiFoldingFilter -> Stemmer(German)
//! English  SimpleTokenizer -> RemoveLongFilter(40) -> LowerCaser -> StopWordFilter(English)
//!            -> AsciiFoldingFilter -> Stemmer(English)
//! neutral  SimpleTokenizer -> RemoveLongFilter(40) -> LowerCaser -> AsciiFoldingFilter
//! ```
//!
//! so that `Anschlag`, `Anschläge` and `Anschlägen` are one term, `Straße` = `Strasse`,
//! `Müller` = `Mueller`, `refineries` = `refinery`, and a German compound's parts land in the
//! `parts` field. At query time the `parts` field is analysed by the plain German chain: the
//! query word `Anschlag` must find the part `anschlag`, not be split itself.
//!
//! tantivy stores only analyzer *names* in the index, so [`register`] runs wherever an index is
//! opened. The chain variant ([`Variant`]) and [`ANALYZER_VERSION`] are recorded at commit.

mod cached_stemmer;
mod candidate_tokens;
mod candidate_words;
mod compound_parts;
mod contained_terms;
pub mod decompound;
mod german_normalizer;
mod keep;
pub mod lexicon;
mod thread_memory;

pub use thread_memory::set_capacity as remember_at_most;

pub use cached_stemmer::CachedStemmer;
pub use candidate_tokens::CandidateTokens;
pub use candidate_words::CandidateWords;
pub use compound_parts::CompoundParts;
pub use contained_terms::ContainedTerms;
pub use german_normalizer::GermanNormalizer;
pub use keep::{Keep, TokenTest};

use serde::{Deserialize, Serialize};
use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, StopWordFilter,
    TextAnalyzer, TextAnalyzerBuilder, TokenizerManager,
};

/// Name of the German chain.
pub const GERMAN: &str = "newsidx_de";
/// Name of the chain feeding the `parts` field.
pub const GERMAN_PARTS: &str = "newsidx_de_parts";
/// Name of the English chain.
pub const ENGLISH: &str = "newsidx_en";
/// Name of the neutral chain for other languages.
pub const NEUTRAL: &str = "newsidx_neutral";
/// Name of the light chain for names (authors): lowercase and fold accents, no stemming.
pub const NAMES: &str = "newsidx_names";

/// Bumped whenever a chain's output changes; an index with another version must be rebuilt.
pub const ANALYZER_VERSION: u32 = 3;

/// Longest token kept, in bytes; longer ones are URLs, hashes or garbage, not words.
const MAX_TOKEN_BYTES: usize = 40;

/// How much of the German chain is used: the steps of the evaluation, each adding one step to
/// the one before. Recorded in the index; `Full` is what users get.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// Lowercased words only.
    Lowercase,
    /// + German stop words and Snowball stemming.
    Stemming,
    /// + ß/umlaut normalisation and accent folding.
    Normalization,
    /// + compound parts.
    #[default]
    Full,
}

/// The tokenizer and the filters every chain starts with.
fn base() -> TextAnalyzerBuilder {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .dynamic()
}

/// Adds the German steps of `variant` after lowercasing; `before_stemming`, when given, runs
/// right before the stemmer (highlighting drops words there that cannot match).
fn german_steps(
    builder: TextAnalyzerBuilder,
    variant: Variant,
    before_stemming: Option<Keep<CandidateTokens>>,
) -> TextAnalyzerBuilder {
    let stem = |builder: TextAnalyzerBuilder| match before_stemming {
        Some(filter) => builder
            .filter_dynamic(filter)
            .filter_dynamic(CachedStemmer::new(Language::German)),
        None => builder.filter_dynamic(CachedStemmer::new(Language::German)),
    };
    match variant {
        Variant::Lowercase => builder,
        Variant::Stemming => stem(builder.filter_dynamic(stop_words(Language::German))),
        Variant::Normalization | Variant::Full => stem(
            builder
                .filter_dynamic(stop_words(Language::German))
                .filter_dynamic(GermanNormalizer)
                .filter_dynamic(AsciiFoldingFilter),
        ),
    }
}

/// The German chain of `variant`.
pub fn german(variant: Variant) -> TextAnalyzer {
    german_steps(base(), variant, None).build()
}

/// The chain feeding the `parts` field: compound parts, then the German steps.
pub fn german_parts() -> TextAnalyzer {
    german_steps(
        base().filter_dynamic(CompoundParts::german()),
        Variant::Full,
        None,
    )
    .build()
}

/// The German chain of `variant` for cutting snippets around `terms`: it also marks compounds
/// that contain one of `part_terms` (analysed forms), as the `parts` field matched them. With
/// normalisation, words that cannot stem to a term are dropped before the stemmer
/// ([`CandidateTokens`]), and most of them before they are lowercased ([`CandidateWords`]):
/// analysing every word of an article is most of the cost of a snippet.
pub fn german_highlighting(
    variant: Variant,
    terms: Vec<String>,
    part_terms: Vec<String>,
) -> TextAnalyzer {
    // Without our normaliser the stemmer folds umlauts itself, so stems are no prefixes of
    // the words and the candidate filters would drop matches.
    if !matches!(variant, Variant::Normalization | Variant::Full) {
        return german_steps(base(), variant, None)
            .filter_dynamic(ContainedTerms::new(part_terms))
            .build();
    }
    let words = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(Keep(CandidateWords::new(&terms, &part_terms)))
        .filter(LowerCaser)
        .dynamic();
    let candidates = Keep(CandidateTokens::new(terms, part_terms.clone()));
    german_steps(words, variant, Some(candidates))
        .filter_dynamic(ContainedTerms::new(part_terms))
        .build()
}

/// The English chain: stop words and Porter2 stemming (`refineries` = `refinery`).
pub fn english() -> TextAnalyzer {
    base()
        .filter_dynamic(stop_words(Language::English))
        .filter_dynamic(AsciiFoldingFilter)
        .filter_dynamic(CachedStemmer::new(Language::English))
        .build()
}

/// The chain for other languages: lowercase and accent folding, nothing language-specific.
pub fn neutral() -> TextAnalyzer {
    base().filter_dynamic(AsciiFoldingFilter).build()
}

/// The chain for personal names.
pub fn names() -> TextAnalyzer {
    neutral()
}

/// A language's stop-word list as shipped with tantivy.
fn stop_words(language: Language) -> StopWordFilter {
    // tantivy ships the lists with its default `stopwords` feature; an empty filter keeps
    // indexing working should a build ever lack it.
    StopWordFilter::new(language).unwrap_or_else(|| StopWordFilter::remove(Vec::new()))
}

/// Registers the index-time chains of `variant` with `index`; call it each time an index is
/// opened.
pub fn register(index: &Index, variant: Variant) {
    let manager = index.tokenizers();
    manager.register(GERMAN, german(variant));
    manager.register(GERMAN_PARTS, german_parts());
    manager.register(ENGLISH, english());
    manager.register(NEUTRAL, neutral());
    manager.register(NAMES, names());
}

/// The chains for parsing queries: as at index time, except that the `parts` field analyses
/// query words with the plain German chain.
pub fn query_tokenizers(variant: Variant) -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(GERMAN, german(variant));
    manager.register(GERMAN_PARTS, german(variant));
    manager.register(ENGLISH, english());
    manager.register(NEUTRAL, neutral());
    manager.register(NAMES, names());
    manager
}

/// Runs `analyzer` over `text` and returns the terms, in order; for tests and tools.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        terms.push(stream.token().text.clone());
    }
    terms
}

/// The form a word's beginning takes in the index before stemming, for prefix queries: lower
/// case, German spelling variants folded, accents folded (`Flücht` -> `flucht`). Stemming is
/// left out, since it would cut a prefix as if it were a word. `None` when `prefix` is not a
/// single word.
pub fn prefix_form(prefix: &str) -> Option<String> {
    let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(GermanNormalizer)
        .filter(AsciiFoldingFilter)
        .build();
    let mut words = terms(&mut analyzer, prefix);
    if words.len() != 1 {
        return None;
    }
    let form = words.remove(0);
    // `Kontrolle*` must find `Kontrolle`, indexed as its stem `kontroll`: where the stem of the
    // prefix is a beginning of it, the stem is the prefix.
    let mut stemmer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(CachedStemmer::new(Language::German))
        .build();
    match terms(&mut stemmer, &form).pop() {
        Some(stem) if form.starts_with(&stem) && stem.chars().count() >= 3 => Some(stem),
        _ => Some(form),
    }
}

/// Runs the full German chain over `text`; for tests and tools.
pub fn german_terms(text: &str) -> Vec<String> {
    terms(&mut german(Variant::Full), text)
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
        assert_eq!(
            german_terms("der Anschlag und die Folgen für uns"),
            german_terms("Anschlag Folgen")
        );
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

    #[test]
    fn english_stems_plurals() {
        let mut english = english();
        assert_eq!(
            terms(&mut english, "refineries"),
            terms(&mut english, "refinery")
        );
        assert_eq!(terms(&mut english, "the refinery"), ["refineri"]);
    }

    #[test]
    fn parts_chain_emits_stemmed_parts_of_compounds_only() {
        let mut parts = german_parts();
        assert_eq!(
            terms(&mut parts, "Die Sicherheitskontrollen"),
            german_terms("Sicherheit Kontrollen")
        );
        assert_eq!(terms(&mut parts, "Anschlag"), Vec::<String>::new());
    }

    #[test]
    fn variants_add_steps() {
        let mut lowercase = german(Variant::Lowercase);
        assert_eq!(terms(&mut lowercase, "Die Anschläge"), ["die", "anschläge"]);
        let mut stemming = german(Variant::Stemming);
        assert_eq!(terms(&mut stemming, "Die Anschläge"), ["anschlag"]);
    }
}
