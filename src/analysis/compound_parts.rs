//! `CompoundParts`: a token filter that replaces each German compound by its parts.
//!
//! It feeds the `parts` field: a compound such as `Sicherheitskontrollen` becomes the tokens
//! `sicherheit` and `kontrollen`, both at the compound's position and with its offsets, so a
//! highlighter marks the whole word. Words that are not compounds produce nothing here (the
//! language fields hold every word as written), which lets a query rank an exact match above a
//! match on a part by weighting the two fields differently.
//!
//! ```text
//! "Bombenanschlag in Paris" -> "bombe", "anschlag"
//! ```
//!
//! It expects lowercased tokens and must run before stop-word removal and stemming, which then
//! apply to the parts as to any word. Splitting is [`super::decompound::PartFinder`].

use std::cell::RefCell;
use std::sync::LazyLock;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::decompound::{MIN_WORD, PartFinder};
use super::lexicon::Lexicon;
use super::thread_memory::{Borrowed, Words, capacity};

/// The part finder for German, built on first use (indexing only).
static GERMAN_PARTS: LazyLock<PartFinder> = LazyLock::new(|| PartFinder::new(Lexicon::german()));

/// Token filter emitting the parts of compounds and dropping every other token.
///
/// The German lexicon is loaded when the first long word comes along, not when the filter is
/// built: every command registers the analyzers, but only indexing splits words.
#[derive(Clone, Copy, Debug, Default)]
pub struct CompoundParts;

impl CompoundParts {
    /// A filter splitting with the German lexicon.
    pub fn german() -> CompoundParts {
        CompoundParts
    }
}

impl TokenFilter for CompoundParts {
    type Tokenizer<T: Tokenizer> = CompoundPartsFilter<T>;

    /// Wraps `tokenizer` so that only compound parts come out.
    fn transform<T: Tokenizer>(self, tokenizer: T) -> CompoundPartsFilter<T> {
        CompoundPartsFilter {
            inner: tokenizer,
            pending: Vec::new(),
        }
    }
}

/// The tokenizer produced by [`CompoundParts`].
#[derive(Clone)]
pub struct CompoundPartsFilter<T> {
    /// The wrapped tokenizer.
    inner: T,
    /// Parts waiting to be emitted, in reverse order.
    pending: Vec<Token>,
}

/// A long word's parts (empty when it is no compound).
type Parts = Box<[Box<str>]>;

thread_local! {
    /// This thread's memory of splits, shared by the `parts` fields of all its segments.
    static SPLITS: RefCell<Words<Parts>> = RefCell::default();
}

impl<T: Tokenizer> Tokenizer for CompoundPartsFilter<T> {
    type TokenStream<'a> = CompoundPartsStream<'a, T::TokenStream<'a>>;

    /// Tokenizes `text` and splits every compound in it.
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.pending.clear();
        CompoundPartsStream {
            tail: self.inner.token_stream(text),
            pending: &mut self.pending,
            splits: Borrowed::take(&SPLITS, capacity()),
            current: Token::default(),
        }
    }
}

/// Token stream of [`CompoundPartsFilter`].
pub struct CompoundPartsStream<'a, S> {
    /// The wrapped stream.
    tail: S,
    /// Parts of the current compound still to emit, last part first.
    pending: &'a mut Vec<Token>,
    /// The thread's memory of splits.
    splits: Borrowed<Parts>,
    /// The part being emitted.
    current: Token,
}

/// The parts of `word` and, level by level down, the parts of its parts: the splitter keeps a
/// lexicalised part whole (`Haupt·bahnhof`), but a reader searching `Hof` or `Bahn` expects
/// `Hauptbahnhof` too, as `Tier` and `Schutz` find `Bund·es·tierschutzgesetz` (whose part
/// `Tierschutzgesetz` splits into `Tierschutz` and `Gesetz`, and `Tierschutz` again). Each level
/// is shorter than the one above, so this ends; each part is listed once.
fn all_parts(word: &str) -> Vec<Box<str>> {
    let Some(split) = GERMAN_PARTS.split(word, Lexicon::german()) else {
        return Vec::new();
    };
    let mut parts: Vec<Box<str>> = Vec::with_capacity(split.parts.len() * 2);
    // Parts still to list and split, the next one last.
    let mut pending: Vec<&str> = split.parts.iter().rev().copied().collect();
    while let Some(part) = pending.pop() {
        // A part listed before was split then.
        if parts.iter().any(|listed| &**listed == part) {
            continue;
        }
        parts.push(part.into());
        if part.len() >= MIN_WORD
            && let Some(inner) = GERMAN_PARTS.split(part, Lexicon::german())
        {
            pending.extend(inner.parts.iter().rev());
        }
    }
    parts
}

impl<S: TokenStream> TokenStream for CompoundPartsStream<'_, S> {
    /// Moves to the next part, splitting further tokens until one is a compound.
    fn advance(&mut self) -> bool {
        loop {
            if let Some(part) = self.pending.pop() {
                self.current = part;
                return true;
            }
            if !self.tail.advance() {
                return false;
            }
            let token = self.tail.token();
            // Fewer bytes than letters a compound needs: no compound, no lookup.
            if token.text.len() < MIN_WORD {
                continue;
            }
            let parts = match self.splits.get(token.text.as_str()) {
                Some(parts) => parts,
                None => {
                    let parts: Box<[Box<str>]> = all_parts(&token.text).into();
                    self.splits
                        .entry(token.text.as_str().into())
                        .or_insert(parts)
                }
            };
            self.pending.extend(parts.iter().rev().map(|part| Token {
                text: part.to_string(),
                ..token.clone()
            }));
        }
    }

    /// The current part.
    fn token(&self) -> &Token {
        &self.current
    }

    /// The current part, mutable for the filters after this one.
    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};

    use super::*;

    #[test]
    fn emits_parts_of_compounds_only_at_their_position() {
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CompoundParts::german())
            .build();
        let text = "Neue Sicherheitskontrollen nach dem Bombenanschlag";
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while stream.advance() {
            let token = stream.token();
            tokens.push((
                token.text.clone(),
                token.position,
                &text[token.offset_from..token.offset_to],
            ));
        }
        assert_eq!(
            tokens,
            [
                ("sicherheit".to_owned(), 1, "Sicherheitskontrollen"),
                ("kontrollen".to_owned(), 1, "Sicherheitskontrollen"),
                ("bombe".to_owned(), 4, "Bombenanschlag"),
                ("anschlag".to_owned(), 4, "Bombenanschlag"),
            ]
        );
    }

    #[test]
    fn parts_of_parts_down_to_the_last_level() {
        // `Bund·es·tierschutzgesetz`, `Tierschutz·gesetz`, `Tier·schutz`: once each.
        assert_eq!(
            all_parts("bundestierschutzgesetz"),
            [
                "bund",
                "tierschutzgesetz",
                "tierschutz",
                "tier",
                "schutz",
                "gesetz"
            ]
            .map(Box::from)
        );
        assert_eq!(
            all_parts("hauptbahnhof"),
            ["haupt", "bahnhof", "bahn", "hof"].map(Box::from)
        );
        assert!(all_parts("bahnhof").len() == 2 && all_parts("verein").is_empty());
    }
}
