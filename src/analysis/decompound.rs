//! Splitting German compounds into their parts, the way Koehn & Knight (2003) proposed:
//! among all ways to write a word as a sequence of known words (allowing linking elements such
//! as the Fugen-s between them), take the one whose parts have the highest geometric mean
//! frequency, and split only if that clearly beats the frequency of the whole word.
//!
//! ```text
//! sicherheitskontrollen -> sicherheit + kontrollen     (Fugen-s)
//! terrorwarnstufe       -> terror + warn + stufe
//! bombenanschlag        -> bomben + anschlag
//! deutschland           -> (kept: more frequent than deutsch · land)
//! verein                -> (kept: too short to split)
//! ```
//!
//! Parts must have at least [`MIN_PART`] letters and may not be function words (`über`,
//! `unter`), so prefixes and short opaque words stay whole.

use super::lexicon::{Frequencies, Lexicon};

/// Fewest letters of a word worth splitting.
pub const MIN_WORD: usize = 8;

/// Fewest letters of a part (after removing a linking element).
pub const MIN_PART: usize = 4;

/// Rarest word accepted as a part, in centibels (-100 · log10 frequency; 650 is about once in
/// three million words). Rarer lexicon entries are too often names, typos or foreign words.
const MAX_PART_CENTIBELS: u16 = 650;

/// How much more frequent (in centibels) the parts must be than the whole word for a split:
/// 60 cB is a factor of four. Keeps frequent words whole (`Deutschland`, `dramatische`).
const SPLIT_MARGIN: f64 = 60.0;

/// Most parts one compound is split into.
const MAX_PARTS: usize = 4;

/// Linking elements (Fugenelemente) that may end a non-final part, longest first.
const LINKS: &[&str] = &["ens", "es", "en", "er", "ns", "s", "n", "e"];

/// Function words that are never parts of a compound.
const NOT_PARTS: &[&str] = &[
    "über", "unter", "nach", "gegen", "durch", "ohne", "wider", "zwischen", "hinter", "neben",
    "wieder", "eine", "einer", "einem", "einen", "eines", "dass", "oder", "aber", "doch", "auch",
    "noch", "sich", "dies", "diese", "dieser", "dieses", "jede", "jeder", "alle", "aller", "viel",
    "mehr", "sehr", "kein", "keine", "nicht", "wenn", "weil", "denn", "also", "hier", "dort",
    "dann", "jetzt", "schon", "immer", "nur", "sein", "seine", "ihre", "ihrer", "wird", "werden",
    "wurde", "haben", "habe", "sind", "ihren", "unsere", "euer", "eure", "sowie", "bereits",
];

/// A compound's parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// The parts' dictionary forms, linking elements removed (`sicherheit`, `kontrollen`).
    pub parts: Vec<&'static str>,
    /// Character offsets in the word where each part after the first begins.
    pub cuts: Vec<usize>,
}

/// A known word found inside the word being split: where it ends (a character index), its
/// dictionary form and its rarity.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    /// Character index just after the part.
    end: usize,
    /// The lexicon's copy of the part.
    form: &'static str,
    /// Centibels of the part.
    centibels: u16,
}

/// The parts of `word` (lowercase) when it is a compound worth splitting, else `None`. Parts
/// are looked up in `lexicon` for every substring: fine for the few words of a query.
pub fn split(word: &str, lexicon: &impl Frequencies) -> Option<Split> {
    let boundaries = char_boundaries(word)?;
    let last = boundaries.len() - 1;
    // Every compound ends in a known word: most words fail this cheap test (one lookup per
    // possible final part) and never reach the full search below.
    if !(MIN_PART..=last - MIN_PART)
        .any(|start| known(&word[boundaries[start]..], lexicon).is_some())
    {
        return None;
    }
    let lattice: Vec<Vec<Candidate>> = (0..last)
        .map(|start| {
            (start + MIN_PART..=last)
                .filter_map(|end| {
                    let (form, centibels) =
                        known(&word[boundaries[start]..boundaries[end]], lexicon)?;
                    Some(Candidate {
                        end,
                        form,
                        centibels,
                    })
                })
                .collect()
        })
        .collect();
    let whole = lexicon.lookup(word).map(|(_, centibels)| centibels);
    best_split(word, &boundaries, &lattice, whole)
}

/// Finds every part candidate of many words quickly: one Aho-Corasick automaton over all the
/// words that may be parts, so a word is scanned once instead of looked up substring by
/// substring. Building it takes a moment and some memory; indexing builds it once.
pub struct PartFinder {
    /// Matches every possible part.
    automaton: aho_corasick::AhoCorasick,
    /// Dictionary form and centibels of each pattern.
    patterns: Vec<(&'static str, u16)>,
}

impl PartFinder {
    /// A finder for the parts in `lexicon`.
    pub fn new(lexicon: &Lexicon) -> PartFinder {
        let patterns: Vec<(&'static str, u16)> = lexicon
            .entries()
            .filter(|(word, centibels)| {
                *centibels <= MAX_PART_CENTIBELS
                    && word.chars().count() >= MIN_PART
                    && !NOT_PARTS.contains(word)
            })
            .collect();
        // The patterns are plain words, so building cannot fail short of exhausting memory.
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(patterns.iter().map(|(word, _)| word))
            .expect("part automaton builds");
        PartFinder {
            automaton,
            patterns,
        }
    }

    /// The parts of `word` (lowercase) when it is a compound worth splitting, else `None`;
    /// the same answer as [`split`], found faster.
    pub fn split(&self, word: &str, lexicon: &Lexicon) -> Option<Split> {
        // Every compound ends in a known word of at least MIN_PART letters, after at least as
        // many: a first scan that allocates nothing rules out most words.
        let ends_in_a_word = self.automaton.find_overlapping_iter(word).any(|found| {
            found.end() == word.len() && word[..found.start()].chars().count() >= MIN_PART
        });
        if !ends_in_a_word {
            return None;
        }
        let boundaries = char_boundaries(word)?;
        let last = boundaries.len() - 1;
        let mut lattice: Vec<Vec<Candidate>> = vec![Vec::new(); last];
        for found in self.automaton.find_overlapping_iter(word) {
            // Patterns are whole UTF-8 words, so matches start and end on character boundaries.
            let (Ok(start), Ok(end)) = (
                boundaries.binary_search(&found.start()),
                boundaries.binary_search(&found.end()),
            ) else {
                continue;
            };
            let (form, centibels) = self.patterns[found.pattern().as_usize()];
            lattice[start].push(Candidate {
                end,
                form,
                centibels,
            });
        }
        best_split(word, &boundaries, &lattice, lexicon.centibels(word))
    }
}

/// Byte offsets of every character boundary of `word` (end included), or `None` when the word
/// is too short or not made of letters.
fn char_boundaries(word: &str) -> Option<Vec<usize>> {
    if word.chars().count() < MIN_WORD || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    Some(
        word.char_indices()
            .map(|(index, _)| index)
            .chain(std::iter::once(word.len()))
            .collect(),
    )
}

/// The best way to write the word as 2 to [`MAX_PARTS`] parts from `lattice` (candidates by
/// start position), with linking elements between parts: the lowest mean centibels (highest
/// geometric-mean frequency), kept only if it beats the whole word by [`SPLIT_MARGIN`].
fn best_split(
    word: &str,
    boundaries: &[usize],
    lattice: &[Vec<Candidate>],
    whole: Option<u16>,
) -> Option<Split> {
    let last = boundaries.len() - 1;
    // best[position][parts - 1] = (sum of centibels, the part, where the next part starts)
    // for writing word[position..] as exactly `parts` parts.
    let mut best: Vec<[Option<(u32, Candidate, usize)>; MAX_PARTS]> =
        vec![[None; MAX_PARTS]; last + 1];
    for start in (0..last).rev() {
        for candidate in &lattice[start] {
            let sum = u32::from(candidate.centibels);
            if candidate.end == last {
                improve(&mut best[start][0], (sum, *candidate, last));
                continue;
            }
            for link in LINKS.iter().chain(std::iter::once(&"")) {
                if !word[boundaries[candidate.end]..].starts_with(link) {
                    continue;
                }
                let next = candidate.end + link.chars().count();
                if next >= last {
                    continue;
                }
                for parts in 1..MAX_PARTS {
                    if let Some((rest, _, _)) = best[next][parts - 1] {
                        improve(&mut best[start][parts], (sum + rest, *candidate, next));
                    }
                }
            }
        }
    }
    let (parts, mean) = (2..=MAX_PARTS)
        .filter_map(|parts| {
            let (sum, _, _) = best[0][parts - 1]?;
            Some((parts, f64::from(sum) / parts as f64))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    let whole = whole.map_or(f64::INFINITY, f64::from);
    if mean + SPLIT_MARGIN >= whole {
        return None;
    }
    let mut split = Split {
        parts: Vec::with_capacity(parts),
        cuts: Vec::with_capacity(parts - 1),
    };
    let mut position = 0;
    for remaining in (1..=parts).rev() {
        let (_, candidate, next) = best[position][remaining - 1]?;
        split.parts.push(candidate.form);
        if remaining > 1 {
            split.cuts.push(next);
        }
        position = next;
    }
    Some(split)
}

/// Keeps the cheaper of `slot` and `offer`.
fn improve(slot: &mut Option<(u32, Candidate, usize)>, offer: (u32, Candidate, usize)) {
    if slot.is_none_or(|(sum, _, _)| offer.0 < sum) {
        *slot = Some(offer);
    }
}

/// `piece` as a known word that may be a part, with its lexicon entry.
fn known(piece: &str, lexicon: &impl Frequencies) -> Option<(&'static str, u16)> {
    if NOT_PARTS.contains(&piece) {
        return None;
    }
    lexicon
        .lookup(piece)
        .filter(|&(_, centibels)| centibels <= MAX_PART_CENTIBELS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::lexicon::{Lexicon, SortedLexicon};

    fn parts(word: &str) -> Option<Vec<&'static str>> {
        split(word, Lexicon::german()).map(|split| split.parts)
    }

    #[test]
    fn cuts_fall_after_linking_elements() {
        let cuts = |word: &str| split(word, Lexicon::german()).unwrap().cuts;
        assert_eq!(cuts("sicherheitskontrollen"), [11]);
        assert_eq!(cuts("terrorwarnstufe"), [6, 10]);
    }

    #[test]
    fn splits_compounds_with_and_without_linking_elements() {
        assert_eq!(
            parts("sicherheitskontrollen"),
            Some(vec!["sicherheit", "kontrollen"])
        );
        assert_eq!(parts("bombenanschlag"), Some(vec!["bombe", "anschlag"]));
        assert_eq!(
            parts("terrorwarnstufe"),
            Some(vec!["terror", "warn", "stufe"])
        );
        assert_eq!(parts("anschlagspläne"), Some(vec!["anschlag", "pläne"]));
    }

    #[test]
    fn both_lexicon_views_split_alike() {
        for word in [
            "sicherheitskontrollen",
            "terrorwarnstufe",
            "deutschland",
            "gletscherabfluss",
        ] {
            assert_eq!(
                split(word, &SortedLexicon),
                split(word, Lexicon::german()),
                "{word}"
            );
        }
    }

    #[test]
    fn keeps_short_frequent_and_opaque_words() {
        assert_eq!(parts("verein"), None);
        assert_eq!(parts("deutschland"), None);
        assert_eq!(parts("regierung"), None);
        assert_eq!(parts("kontrolle"), None);
        assert_eq!(parts("überwachung"), None);
        assert_eq!(parts("zwei-drei"), None);
    }
}
