//! The German word list behind compound splitting: word forms with their frequencies.
//!
//! The data (`lexicon/de.tsv`, CC BY-SA 4.0, derived from wordfreq; see `lexicon/README.md`)
//! is compiled into the binary, sorted by byte order. Two views serve two needs:
//!
//! - [`Lexicon`], a hash map built on first use (about 30 ms): fast lookups for indexing, where
//!   every long word is split;
//! - [`SortedLexicon`], binary search over the compiled data: no start-up cost, for splitting
//!   the few words of a query.

use std::cmp::Ordering;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// The word list: `word<TAB>centibels` lines, sorted by byte order.
const GERMAN_DATA: &str = include_str!("lexicon/de.tsv");

/// Word frequencies, as the compound splitter needs them.
pub trait Frequencies {
    /// How rare `word` (lowercase) is, in centibels (-100 · log10 frequency: smaller is more
    /// frequent), with the lexicon's own copy of the word; `None` when unknown.
    fn lookup(&self, word: &str) -> Option<(&'static str, u16)>;
}

/// Hash-map view of the German word list.
pub struct Lexicon {
    /// Word -> centibels.
    words: FxHashMap<&'static str, u16>,
}

/// The German lexicon, built on first use.
static GERMAN: LazyLock<Lexicon> = LazyLock::new(|| Lexicon {
    words: GERMAN_DATA.lines().filter_map(parse_line).collect(),
});

impl Lexicon {
    /// The German lexicon (built on first call).
    pub fn german() -> &'static Lexicon {
        &GERMAN
    }

    /// How rare `word` is, in centibels, if it is known.
    pub fn centibels(&self, word: &str) -> Option<u16> {
        self.words.get(word).copied()
    }

    /// Every word form with its centibels.
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, u16)> + '_ {
        self.words
            .iter()
            .map(|(word, centibels)| (*word, *centibels))
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

impl Frequencies for Lexicon {
    /// Looks `word` up in the hash map.
    fn lookup(&self, word: &str) -> Option<(&'static str, u16)> {
        self.words
            .get_key_value(word)
            .map(|(key, value)| (*key, *value))
    }
}

/// Binary-search view of the German word list: nothing to build.
#[derive(Clone, Copy, Debug, Default)]
pub struct SortedLexicon;

impl Frequencies for SortedLexicon {
    /// Finds `word` by bisecting the sorted lines of the compiled data.
    fn lookup(&self, word: &str) -> Option<(&'static str, u16)> {
        let data = GERMAN_DATA;
        let bytes = data.as_bytes();
        let (mut low, mut high) = (0, data.len());
        while low < high {
            // Bisect on bytes; line starts and ends sit next to a newline, a char boundary.
            let middle = (low + high) / 2;
            let start = bytes[..middle]
                .iter()
                .rposition(|&byte| byte == b'\n')
                .map_or(0, |newline| newline + 1);
            let end = bytes[start..]
                .iter()
                .position(|&byte| byte == b'\n')
                .map_or(data.len(), |newline| start + newline);
            let line = &data[start..end];
            let key = line.split_once('\t').map_or(line, |(key, _)| key);
            match key.as_bytes().cmp(word.as_bytes()) {
                Ordering::Equal => return parse_line(line),
                Ordering::Less => low = end + 1,
                Ordering::Greater => high = start,
            }
        }
        None
    }
}

/// Parses a `word<TAB>centibels` line.
fn parse_line(line: &'static str) -> Option<(&'static str, u16)> {
    let (word, centibels) = line.split_once('\t')?;
    Some((word, centibels.parse().ok()?))
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

    #[test]
    fn both_views_agree() {
        for word in [
            "aaa",
            "anschlag",
            "regierung",
            "zwölf",
            "übersee",
            "xqzt",
            "",
            "ärger",
        ] {
            assert_eq!(
                SortedLexicon.lookup(word),
                Lexicon::german().lookup(word),
                "{word}"
            );
        }
    }
}
