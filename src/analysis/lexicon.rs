//! The German word list behind compound splitting: word forms with their frequencies.
//!
//! The data (`lexicon/de.tsv`, CC BY-SA 4.0, derived from wordfreq; see `lexicon/README.md`)
//! is compiled into the binary and turned into a hash map the first time it is needed, at index
//! time only: searching never loads it.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The word list: `word<TAB>centibels` lines.
const GERMAN_DATA: &str = include_str!("lexicon/de.tsv");

/// Word forms and how rare they are.
pub struct Lexicon {
    /// Word -> centibels (-100 · log10 frequency: smaller is more frequent).
    words: HashMap<&'static str, u16>,
}

/// The German lexicon, built on first use.
static GERMAN: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::parse(GERMAN_DATA));

impl Lexicon {
    /// The German lexicon.
    pub fn german() -> &'static Lexicon {
        &GERMAN
    }

    /// Parses `word<TAB>centibels` lines; malformed lines are skipped.
    fn parse(data: &'static str) -> Lexicon {
        let words = data
            .lines()
            .filter_map(|line| {
                let (word, centibels) = line.split_once('\t')?;
                Some((word, centibels.parse().ok()?))
            })
            .collect();
        Lexicon { words }
    }

    /// How rare `word` (lowercase) is, in centibels, if it is known.
    pub fn centibels(&self, word: &str) -> Option<u16> {
        self.words.get(word).copied()
    }

    /// The lexicon's own copy of `word`, so that callers can keep it.
    pub fn entry(&self, word: &str) -> Option<&'static str> {
        self.words.get_key_value(word).map(|(key, _)| *key)
    }

    /// Number of word forms.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the lexicon holds no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_common_words_and_orders_them_by_frequency() {
        let lexicon = Lexicon::german();
        assert!(lexicon.len() > 100_000);
        let common = lexicon.centibels("regierung").unwrap();
        let rarer = lexicon.centibels("bombenanschlag").unwrap_or(u16::MAX);
        assert!(common < rarer);
        assert!(lexicon.centibels("xqzt").is_none());
    }
}
