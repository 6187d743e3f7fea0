//! `CachedStemmer`: tantivy's Snowball stemmer with a per-thread memory of stems.
//!
//! News text repeats its words (a Zipfian vocabulary: the hundred most common words are half
//! of all tokens), and stemming was an eighth of indexing time. This filter runs the same
//! algorithm as tantivy's [`tantivy::tokenizer::Stemmer`] (the same `frostem` release, pinned)
//! and remembers each word's stem, so the output is identical and a repeated word costs one
//! hash lookup. The memory belongs to the indexing thread ([`super::thread_memory`]), one per
//! language, and is bounded: it is emptied when it holds its share of the memory budget. A
//! few German words are excepted ([`GERMAN_EXCEPTIONS`]): their Snowball stem is a short noun
//! that compounds are split into, and they would match it falsely.

use std::borrow::Cow;

use std::cell::RefCell;

use frostem::Algorithm;
use tantivy::tokenizer::{Language, Token, TokenFilter, TokenStream, Tokenizer};

use super::thread_memory::{Borrowed, Words, capacity};

/// German words whose Snowball stem would be a short noun they have nothing to do with, and
/// the stem they get instead (in the normalised spelling the stemmer sees): `Eisen` is no
/// `Eis`, `Bauer` no `Bau`, `Rate` no `Rat`, `Note` no `Not`. The plural `Räte` is spelled
/// `rate` here too and so goes with `Rate` (a loss: `Rat` no longer finds `Räte`), and so does
/// the verb form `raten`. The other short parts of
/// compounds (`decompound::SHORT_PARTS`) were checked and meet no such word.
const GERMAN_EXCEPTIONS: &[(&str, &str)] = &[
    ("eisen", "eisen"),
    ("eisens", "eisen"),
    ("bauer", "bauer"),
    ("bauern", "bauer"),
    ("bauers", "bauer"),
    ("rate", "rate"),
    ("raten", "rate"),
    ("note", "note"),
    ("noten", "note"),
    ("seen", "see"),
];

/// Stems tokens with Snowball, remembering stems.
#[derive(Clone, Copy, Debug)]
pub struct CachedStemmer {
    /// The Snowball algorithm.
    algorithm: Algorithm,
}

impl CachedStemmer {
    /// A stemmer for `language` (German and English are the ones newsidx uses).
    pub fn new(language: Language) -> CachedStemmer {
        let algorithm = match language {
            Language::English => Algorithm::English,
            _ => Algorithm::German,
        };
        CachedStemmer { algorithm }
    }
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    /// Wraps `tokenizer`; stems are remembered in the thread's memory.
    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            algorithm: self.algorithm,
        }
    }
}

/// The tokenizer produced by [`CachedStemmer`].
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    /// The wrapped tokenizer.
    inner: T,
    /// The Snowball algorithm.
    algorithm: Algorithm,
}

/// Word -> stem, for words whose stem differs from the word (`None`: the word itself).
type Stems = Option<Box<str>>;

thread_local! {
    /// This thread's German stems.
    static GERMAN_STEMS: RefCell<Words<Stems>> = RefCell::default();
    /// This thread's English stems.
    static ENGLISH_STEMS: RefCell<Words<Stems>> = RefCell::default();
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    /// Tokenizes `text`, stemming every token.
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let slot = match self.algorithm {
            Algorithm::English => &ENGLISH_STEMS,
            _ => &GERMAN_STEMS,
        };
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(self.algorithm),
            stems: Borrowed::take(slot, capacity()),
            german: !matches!(self.algorithm, Algorithm::English),
        }
    }
}

/// Token stream of [`CachedStemmerFilter`].
pub struct CachedStemmerStream<S> {
    /// The wrapped stream.
    tail: S,
    /// Computes stems the memory does not have.
    stemmer: frostem::Stemmer,
    /// The thread's memory of stems.
    stems: Borrowed<Stems>,
    /// Whether the German exceptions apply.
    german: bool,
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<S> {
    /// Moves to the next token and replaces its text by its stem.
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let stem = match self.stems.get(token.text.as_str()) {
            Some(stem) => stem.as_deref(),
            None => {
                let exception = self
                    .german
                    .then(|| {
                        GERMAN_EXCEPTIONS
                            .iter()
                            .find(|(word, _)| *word == token.text)
                    })
                    .flatten();
                let stem = match exception {
                    Some((word, stem)) if word == stem => None,
                    Some((_, stem)) => Some((*stem).into()),
                    None => match self.stemmer.stem(&token.text) {
                        Cow::Borrowed(same) if same == token.text => None,
                        other => Some(other.into_owned().into_boxed_str()),
                    },
                };
                self.stems
                    .entry(token.text.as_str().into())
                    .or_insert(stem)
                    .as_deref()
            }
        };
        if let Some(stem) = stem {
            token.text.clear();
            token.text.push_str(stem);
        }
        true
    }

    /// The current token.
    fn token(&self) -> &Token {
        self.tail.token()
    }

    /// The current token, mutable.
    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn false_friends_of_short_nouns_keep_their_own_stem() {
        let mut german = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(CachedStemmer::new(Language::German))
            .build();
        assert_eq!(
            tokens(
                &mut german,
                "eis eisen bau bauer bauern rat rate raten not note seen"
            ),
            [
                "eis", "eisen", "bau", "bauer", "bauer", "rat", "rate", "rate", "not", "note",
                "see"
            ]
        );
    }

    use tantivy::tokenizer::{SimpleTokenizer, Stemmer, TextAnalyzer};

    use super::*;
    use crate::analysis::terms as tokens;

    #[test]
    fn stems_exactly_as_tantivys_stemmer_twice_over() {
        let text = "anschläge anschlägen anschlag häuser hauses laufen läuft refineries \
                    running die der kontrollen kontrollen anschläge x abc";
        for language in [Language::German, Language::English] {
            let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(Stemmer::new(language))
                .build();
            let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(CachedStemmer::new(language))
                .build();
            let expected = tokens(&mut plain, text);
            assert!(
                !text
                    .split(' ')
                    .any(|word| GERMAN_EXCEPTIONS.iter().any(|(w, _)| *w == word))
            );
            assert_eq!(tokens(&mut cached, text), expected, "{language:?}");
            // The second time comes from the memory.
            assert_eq!(tokens(&mut cached, text), expected, "{language:?}");
        }
    }
}
