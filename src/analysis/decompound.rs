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

use super::lexicon::Frequencies;

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

/// One way of writing a word as parts.
#[derive(Clone, Debug)]
struct Segmentation {
    /// The parts' dictionary forms (linking elements removed).
    parts: Vec<&'static str>,
    /// Character offsets where the second, third, … part begins in the word.
    cuts: Vec<usize>,
    /// Sum of the parts' centibels.
    centibels: u32,
}

impl Segmentation {
    /// Mean centibels of the parts (geometric mean of frequencies, in log space).
    fn mean(&self) -> f64 {
        f64::from(self.centibels) / self.parts.len() as f64
    }
}

/// A compound's parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// The parts' dictionary forms, linking elements removed (`sicherheit`, `kontrollen`).
    pub parts: Vec<&'static str>,
    /// Character offsets in the word where each part after the first begins.
    pub cuts: Vec<usize>,
}

/// The parts of `word` (lowercase) when it is a compound worth splitting, else `None`.
pub fn split(word: &str, lexicon: &impl Frequencies) -> Option<Split> {
    let chars = word.chars().count();
    if chars < MIN_WORD || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    // Byte offsets of every character boundary, so parts are cut on characters.
    let boundaries: Vec<usize> = word
        .char_indices()
        .map(|(index, _)| index)
        .chain(std::iter::once(word.len()))
        .collect();
    // Every compound ends in a known word: most words fail this cheap test (one lookup per
    // possible final part) and never reach the full search below.
    let last = boundaries.len() - 1;
    let ends_in_a_word = (MIN_PART..=last - MIN_PART)
        .any(|start| known(&word[boundaries[start]..], lexicon).is_some());
    if !ends_in_a_word {
        return None;
    }
    let best = segmentations(word, &boundaries, 0, lexicon, MAX_PARTS)
        .into_iter()
        .filter(|segmentation| segmentation.parts.len() >= 2)
        .min_by(|a, b| a.mean().total_cmp(&b.mean()))?;
    let whole = lexicon
        .lookup(word)
        .map_or(f64::INFINITY, |(_, centibels)| f64::from(centibels));
    (best.mean() + SPLIT_MARGIN < whole).then_some(Split {
        parts: best.parts,
        cuts: best.cuts,
    })
}

/// Every way to write `word[boundaries[from]..]` as at most `budget` parts.
fn segmentations(
    word: &str,
    boundaries: &[usize],
    from: usize,
    lexicon: &impl Frequencies,
    budget: usize,
) -> Vec<Segmentation> {
    let mut found = Vec::new();
    let last = boundaries.len() - 1;
    let start = boundaries[from];
    // The rest as one final part.
    if last - from >= MIN_PART
        && let Some((form, centibels)) = known(&word[start..], lexicon)
    {
        found.push(Segmentation {
            parts: vec![form],
            cuts: Vec::new(),
            centibels: u32::from(centibels),
        });
    }
    if budget < 2 {
        return found;
    }
    // A non-final part, then the rest.
    for end in (from + MIN_PART)..=(last.saturating_sub(MIN_PART)) {
        let piece = &word[start..boundaries[end]];
        let Some((form, centibels)) = modifier(piece, lexicon) else {
            continue;
        };
        for rest in segmentations(word, boundaries, end, lexicon, budget - 1) {
            let mut parts = Vec::with_capacity(rest.parts.len() + 1);
            parts.push(form);
            parts.extend(rest.parts);
            let mut cuts = Vec::with_capacity(rest.cuts.len() + 1);
            cuts.push(end);
            cuts.extend(rest.cuts);
            found.push(Segmentation {
                parts,
                cuts,
                centibels: u32::from(centibels) + rest.centibels,
            });
        }
    }
    found
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

/// `piece` as a non-final part: a known word, or a known word plus a linking element; the
/// most frequent reading wins.
fn modifier(piece: &str, lexicon: &impl Frequencies) -> Option<(&'static str, u16)> {
    let mut best = known(piece, lexicon);
    for link in LINKS {
        if let Some(stem) = piece.strip_suffix(link)
            && stem.chars().count() >= MIN_PART
            && let Some(reading) = known(stem, lexicon)
            && best.is_none_or(|(_, centibels)| reading.1 < centibels)
        {
            best = Some(reading);
        }
    }
    best
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
