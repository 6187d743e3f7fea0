//! `ContainedTerms`: a token filter for highlighting that marks compounds containing a term.
//!
//! The `parts` field matches `Bombenanschlag` for the query `Anschlag`, but the snippet is cut
//! from the stored text with the language chain, whose token is `bombenanschlag`. This filter
//! adds, after each token, every given term the token contains (`anschlag`), at the same
//! position and offsets, so the snippet generator highlights the compound. It needs no lexicon,
//! which keeps searching from loading one.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Token filter adding the given terms that a token contains.
#[derive(Clone, Debug, Default)]
pub struct ContainedTerms {
    /// Terms to look for inside tokens (analysed forms, such as stems).
    terms: Vec<String>,
}

impl ContainedTerms {
    /// A filter looking for `terms` inside tokens.
    pub fn new(terms: Vec<String>) -> ContainedTerms {
        ContainedTerms { terms }
    }
}

impl TokenFilter for ContainedTerms {
    type Tokenizer<T: Tokenizer> = ContainedTermsFilter<T>;

    /// Wraps `tokenizer`.
    fn transform<T: Tokenizer>(self, tokenizer: T) -> ContainedTermsFilter<T> {
        ContainedTermsFilter {
            inner: tokenizer,
            terms: self.terms,
            pending: Vec::new(),
        }
    }
}

/// The tokenizer produced by [`ContainedTerms`].
#[derive(Clone)]
pub struct ContainedTermsFilter<T> {
    /// The wrapped tokenizer.
    inner: T,
    /// Terms to look for.
    terms: Vec<String>,
    /// Tokens waiting to be emitted, in reverse order.
    pending: Vec<Token>,
}

impl<T: Tokenizer> Tokenizer for ContainedTermsFilter<T> {
    type TokenStream<'a> = ContainedTermsStream<'a, T::TokenStream<'a>>;

    /// Tokenizes `text`, adding contained terms.
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.pending.clear();
        ContainedTermsStream {
            tail: self.inner.token_stream(text),
            terms: &self.terms,
            pending: &mut self.pending,
            current: Token::default(),
        }
    }
}

/// Token stream of [`ContainedTermsFilter`].
pub struct ContainedTermsStream<'a, S> {
    /// The wrapped stream.
    tail: S,
    /// Terms to look for.
    terms: &'a [String],
    /// The current token and the terms it contains, last first.
    pending: &'a mut Vec<Token>,
    /// The token being emitted.
    current: Token,
}

impl<S: TokenStream> TokenStream for ContainedTermsStream<'_, S> {
    /// Emits each token, then the terms it contains.
    fn advance(&mut self) -> bool {
        if let Some(token) = self.pending.pop() {
            self.current = token;
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token();
        for term in self.terms.iter().rev() {
            if token.text.len() > term.len() && token.text.contains(term.as_str()) {
                self.pending.push(Token {
                    text: term.clone(),
                    ..token.clone()
                });
            }
        }
        self.current = token.clone();
        true
    }

    /// The current token.
    fn token(&self) -> &Token {
        &self.current
    }

    /// The current token, mutable.
    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};

    use super::*;

    #[test]
    fn adds_contained_terms_after_the_token() {
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(ContainedTerms::new(vec!["anschlag".into()]))
            .build();
        let mut stream = analyzer.token_stream("Bombenanschlag und Anschlag");
        let mut tokens = Vec::new();
        while stream.advance() {
            tokens.push((stream.token().text.clone(), stream.token().position));
        }
        assert_eq!(
            tokens,
            [
                ("bombenanschlag".to_owned(), 0),
                ("anschlag".to_owned(), 0),
                ("und".to_owned(), 1),
                ("anschlag".to_owned(), 2),
            ]
        );
    }
}
