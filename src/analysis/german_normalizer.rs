//! `GermanNormalizer`: folds German spelling variants onto one form.
//!
//! German words have two legitimate spellings whenever an umlaut or `ß` is involved:
//! `Straße`/`Strasse`, `Müller`/`Mueller`, `Bären`/`Baeren`. Readers type whichever their
//! keyboard offers, so the index must not care. This filter rewrites a lowercased token so that
//!
//! - `ß` becomes `ss`,
//! - `ä`, `ö`, `ü` become `a`, `o`, `u`,
//! - the transliterations `ae`, `oe`, `ue` become `a`, `o`, `u` (but `ue` stays after a vowel or
//!   `q`, so `Feuer`, `Quelle` and `Steuer` are left alone).
//!
//! It is the same rule set as Lucene's `GermanNormalizationFilter`, written for tantivy's
//! tokenizer API. It expects lowercased tokens and must run after the stop-word filter (the
//! German stop-word list is spelled with umlauts: `für`, `über`).
//!
//! ```text
//! "straße" -> "strasse"    "mueller" -> "muller"    "anschläge" -> "anschlage"
//! ```
//!
//! This is not a stemmer and not an ASCII folder: `é`, `č` are left to `AsciiFoldingFilter`.

use std::mem;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Token filter folding `ß`, umlauts and their `ae`/`oe`/`ue` transliterations.
#[derive(Clone, Copy, Debug, Default)]
pub struct GermanNormalizer;

impl GermanNormalizer {
    /// Writes the normalised form of the lowercased `word` into `out`.
    pub fn normalize_word(word: &str, out: &mut String) {
        normalize_into(word, out);
    }
}

impl TokenFilter for GermanNormalizer {
    type Tokenizer<T: Tokenizer> = GermanNormalizerFilter<T>;

    /// Wraps `tokenizer` so that every token it produces is normalised.
    fn transform<T: Tokenizer>(self, tokenizer: T) -> GermanNormalizerFilter<T> {
        GermanNormalizerFilter {
            inner: tokenizer,
            buffer: String::new(),
        }
    }
}

/// The tokenizer produced by [`GermanNormalizer`]: the wrapped tokenizer plus a scratch buffer.
#[derive(Clone)]
pub struct GermanNormalizerFilter<T> {
    inner: T,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for GermanNormalizerFilter<T> {
    type TokenStream<'a> = GermanNormalizerStream<'a, T::TokenStream<'a>>;

    /// Tokenizes `text` with the wrapped tokenizer and normalises on the fly.
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        GermanNormalizerStream {
            tail: self.inner.token_stream(text),
            buffer: &mut self.buffer,
        }
    }
}

/// Token stream that rewrites each token of `tail` in place.
pub struct GermanNormalizerStream<'a, S> {
    tail: S,
    buffer: &'a mut String,
}

impl<S: TokenStream> TokenStream for GermanNormalizerStream<'_, S> {
    /// Advances the wrapped stream and normalises the new token.
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if needs_normalizing(&token.text) {
            normalize_into(&token.text, self.buffer);
            mem::swap(&mut token.text, self.buffer);
        }
        true
    }

    /// The current (normalised) token.
    fn token(&self) -> &Token {
        self.tail.token()
    }

    /// The current token, mutable for the filters after this one.
    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Cheap pre-check: only tokens with an umlaut, `ß` or an `e` after `a`/`o`/`u` can change.
fn needs_normalizing(word: &str) -> bool {
    if !word.is_ascii() {
        return true;
    }
    let bytes = word.as_bytes();
    bytes
        .windows(2)
        .any(|pair| pair[1] == b'e' && matches!(pair[0], b'a' | b'o' | b'u'))
}

/// What the previous character allows the next `e` to do.
#[derive(Clone, Copy, PartialEq)]
enum State {
    /// After a consonant or at the start: nothing special.
    Neutral,
    /// After an `a`, `o` or a `u` that may start a transliterated umlaut: a following `e` goes.
    UmlautCandidate,
    /// After another vowel (or `q`): a following `u` is part of a diphthong, keep its `e`.
    Vowel,
}

/// Writes the normalised form of the lowercased `word` into `out` (cleared first).
pub fn normalize_into(word: &str, out: &mut String) {
    out.clear();
    out.reserve(word.len() + 2);
    let mut state = State::Neutral;
    for c in word.chars() {
        match c {
            'a' | 'o' => {
                out.push(c);
                state = State::UmlautCandidate;
            }
            'u' => {
                out.push(c);
                // `ue` after a vowel or `q` is a diphthong (`feuer`, `quelle`), not an umlaut.
                state = if state == State::Neutral {
                    State::UmlautCandidate
                } else {
                    State::Vowel
                };
            }
            'e' => {
                if state != State::UmlautCandidate {
                    out.push('e');
                }
                state = State::Vowel;
            }
            'i' | 'y' | 'q' => {
                out.push(c);
                state = State::Vowel;
            }
            'ä' => {
                out.push('a');
                state = State::Vowel;
            }
            'ö' => {
                out.push('o');
                state = State::Vowel;
            }
            'ü' => {
                out.push('u');
                state = State::Vowel;
            }
            'ß' => {
                out.push_str("ss");
                state = State::Neutral;
            }
            _ => {
                out.push(c);
                state = State::Neutral;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(word: &str) -> String {
        let mut out = String::new();
        normalize_into(word, &mut out);
        out
    }

    #[test]
    fn folds_sharp_s_and_umlauts() {
        assert_eq!(normalized("straße"), "strasse");
        assert_eq!(normalized("müller"), "muller");
        assert_eq!(normalized("anschläge"), "anschlage");
        assert_eq!(normalized("österreich"), "osterreich");
    }

    #[test]
    fn folds_transliterations() {
        assert_eq!(normalized("mueller"), "muller");
        assert_eq!(normalized("baeren"), "baren");
        assert_eq!(normalized("oesterreich"), "osterreich");
    }

    #[test]
    fn keeps_diphthongs_and_qu() {
        assert_eq!(normalized("feuer"), "feuer");
        assert_eq!(normalized("quelle"), "quelle");
        assert_eq!(normalized("steuer"), "steuer");
        assert_eq!(normalized("abenteuer"), "abenteuer");
    }

    #[test]
    fn leaves_plain_words_alone() {
        assert!(!needs_normalizing("strasse"));
        assert!(!needs_normalizing("reuters"));
        assert!(needs_normalizing("zuerst"));
    }
}
