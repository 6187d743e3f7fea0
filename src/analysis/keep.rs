//! `Keep`: a token filter that passes on only the tokens a [`TokenTest`] keeps.
//!
//! Highlighting drops words that cannot match at two points of the chain, with two different
//! tests ([`super::CandidateWords`] on raw words, [`super::CandidateTokens`] on normalised
//! ones); the filter around them is this one.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Decides from a token's text whether the token goes on.
pub trait TokenTest: Clone + Send + Sync + 'static {
    /// Whether the token with `text` goes on.
    fn keeps(&self, text: &str) -> bool;
}

/// Token filter keeping the tokens its test keeps.
#[derive(Clone, Debug)]
pub struct Keep<X>(pub X);

impl<X: TokenTest> TokenFilter for Keep<X> {
    type Tokenizer<T: Tokenizer> = KeepFilter<T, X>;

    /// Wraps `tokenizer`.
    fn transform<T: Tokenizer>(self, tokenizer: T) -> KeepFilter<T, X> {
        KeepFilter {
            inner: tokenizer,
            test: self.0,
        }
    }
}

/// The tokenizer produced by [`Keep`].
#[derive(Clone)]
pub struct KeepFilter<T, X> {
    /// The wrapped tokenizer.
    inner: T,
    /// The test.
    test: X,
}

impl<T: Tokenizer, X: TokenTest> Tokenizer for KeepFilter<T, X> {
    type TokenStream<'a> = KeepStream<'a, T::TokenStream<'a>, X>;

    /// Tokenizes `text`, keeping what the test keeps.
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        KeepStream {
            tail: self.inner.token_stream(text),
            test: &self.test,
        }
    }
}

/// Token stream of [`KeepFilter`].
pub struct KeepStream<'a, S, X> {
    /// The wrapped stream.
    tail: S,
    /// The test.
    test: &'a X,
}

impl<S: TokenStream, X: TokenTest> TokenStream for KeepStream<'_, S, X> {
    /// Advances to the next token the test keeps.
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            if self.test.keeps(&self.tail.token().text) {
                return true;
            }
        }
        false
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
