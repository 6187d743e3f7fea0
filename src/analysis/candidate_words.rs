//! `CandidateWords`: drops words that cannot match before they are even lowercased.
//!
//! [`CandidateTokens`](super::CandidateTokens) keeps only words that start with a query term
//! or contain a compound-part term, but it looks at the normalised word, so every word of an
//! article is still lowercased, normalised and folded first: most of a snippet's time. For a
//! word of ASCII letters and digits the outcome of those steps is known well enough to rule
//! a word out from its raw form:
//!
//! - lowercasing and folding keep the length and map each character to its lowercase self,
//! - `GermanNormalizer` only removes the `e` of `ae`, `oe`, `ue`, which keeps the first
//!   character and never adds one,
//!
//! so the normalised word is no longer than the raw word, starts with its lowercased first
//! character, and every character it has, the raw word has (case aside). A term the
//! normalised word starts with or contains must therefore fit those three bounds. Words with
//! any other character go through the chain as before, and so do all words when a term has a
//! character other than an ASCII letter or digit.
//!
//! ```text
//! terms ["anschlag"], parts ["bomb"]: "Regierung" is dropped here ('r', and no 'b', 'o', 'm'),
//! "Anschläge" goes on (not ASCII), "Bombenanschlag" goes on
//! ```

use super::keep::TokenTest;

/// What a term needs of a raw ASCII word.
#[derive(Clone, Copy, Debug)]
struct Needs {
    /// Its first character (lowercase), or `None` for a term that may sit anywhere (a part).
    first: Option<u8>,
    /// Its length in bytes.
    len: usize,
    /// Its characters, as a [`letters`] set.
    letters: u64,
}

/// Test keeping only raw words that may analyse to a candidate of the given terms (with
/// [`super::Keep`]).
#[derive(Clone, Debug, Default)]
pub struct CandidateWords {
    /// One entry per term; empty when the filter keeps every word.
    needs: Vec<Needs>,
    /// False when some term has other characters: then every word is kept.
    active: bool,
}

impl CandidateWords {
    /// A filter for words that must start with one of `prefixes` or contain one of `contained`
    /// once normalised (the terms of [`CandidateTokens`](super::CandidateTokens)).
    pub fn new(prefixes: &[String], contained: &[String]) -> CandidateWords {
        let needs = |term: &String, anchored: bool| Needs {
            first: anchored.then(|| term.as_bytes().first().copied()).flatten(),
            len: term.len(),
            letters: letters(term.as_bytes()),
        };
        let plain = |term: &String| !term.is_empty() && term.bytes().all(is_plain);
        let active = prefixes.iter().chain(contained).all(plain);
        CandidateWords {
            needs: prefixes
                .iter()
                .map(|term| needs(term, true))
                .chain(contained.iter().map(|term| needs(term, false)))
                .collect(),
            active,
        }
    }
}

impl TokenTest for CandidateWords {
    /// Whether the raw `word` may still analyse to a candidate.
    fn keeps(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        if !self.active
            || !bytes
                .iter()
                .all(|&byte| is_plain(byte.to_ascii_lowercase()))
        {
            return true;
        }
        let first = bytes.first().map(u8::to_ascii_lowercase);
        let have = letters(bytes);
        self.needs.iter().any(|need| {
            need.first.is_none_or(|wanted| first == Some(wanted))
                && bytes.len() >= need.len
                && have & need.letters == need.letters
        })
    }
}

/// ASCII lowercase letters and digits: what the bounds above hold for.
fn is_plain(byte: u8) -> bool {
    byte.is_ascii_lowercase() || byte.is_ascii_digit()
}

/// The set of ASCII letters (either case) and digits in `bytes`, one bit each.
fn letters(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |set, &byte| {
        let byte = byte.to_ascii_lowercase();
        let bit = match byte {
            b'a'..=b'z' => byte - b'a',
            b'0'..=b'9' => 26 + byte - b'0',
            _ => return set,
        };
        set | 1 << bit
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{
        CandidateTokens, ContainedTerms, GermanNormalizer, Keep, Variant, base,
        german_highlighting, german_steps, german_terms, terms,
    };

    #[test]
    fn rules_out_words_by_first_character_length_and_letters() {
        let words = CandidateWords::new(&["anschlag".into()], &["bomb".into()]);
        assert!(!words.keeps("Regierung"));
        assert!(!words.keeps("an"), "too short");
        assert!(!words.keeps("Abwasser"), "lacks n, c, h, l, g");
        assert!(words.keeps("Anschlags"));
        assert!(words.keeps("ANSCHLAG"));
        assert!(words.keeps("Bombenanschlag"));
        assert!(words.keeps("Atombombe"), "a part may sit anywhere");
        assert!(words.keeps("Anschläge"), "not ASCII: left to the chain");
    }

    #[test]
    fn keeps_everything_for_terms_it_cannot_reason_about() {
        let words = CandidateWords::new(&["москва".into()], &[]);
        assert!(words.keeps("Regierung"));
    }

    #[test]
    fn never_drops_a_word_the_chain_would_keep() {
        // The bounds, checked on the chain itself: a word that normalises to something
        // starting with (or containing) a term always passes.
        let text = "Aerosol Oelpreis Uebung Mueller Steuer Quelle Feuerwehr Bundesregierung \
                    Regierungssprecher regieren Regierung 2024er Goethe Israel Aeussere";
        for word in text.split(' ') {
            let mut normalised = String::new();
            GermanNormalizer::normalize_word(&word.to_lowercase(), &mut normalised);
            for cut in 1..=normalised.len() {
                let head = normalised[..cut].to_owned();
                let words = CandidateWords::new(std::slice::from_ref(&head), &[]);
                assert!(
                    words.keeps(word),
                    "{word} ({normalised}) starts with {head}"
                );
                for start in 0..cut {
                    let inner = normalised[start..cut].to_owned();
                    let words = CandidateWords::new(&[], std::slice::from_ref(&inner));
                    assert!(words.keeps(word), "{word} ({normalised}) holds {inner}");
                }
            }
        }
    }

    #[test]
    fn highlighting_marks_the_same_words_with_and_without_it() {
        let text = "Die Regierung, die Bundesregierung und Regierungssprecher Mueller \
                    sprachen über Anschläge; Regierungen fielen. Régierung, regieren.";
        let wanted = german_terms("Regierung");
        let parts = vec!["regier".to_owned()];
        let mut analyzer = german_highlighting(Variant::Full, wanted.clone(), parts.clone());
        let marked = terms(&mut analyzer, text);
        assert!(marked.len() >= 5, "{marked:?}");
        let candidates = CandidateTokens::new(wanted, parts.clone());
        let mut without = german_steps(base(), Variant::Full, Some(Keep(candidates)))
            .filter_dynamic(ContainedTerms::new(parts))
            .build();
        assert_eq!(terms(&mut without, text), marked);
    }
}
