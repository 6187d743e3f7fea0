//! Credits: parenthesised groups that name who delivered a text.
//!
//! German-language papers close or open a text with a credit: `(dpa)`, `(AFP/dpa)`,
//! `(dpa/lsw)`, `(red, APA)`, `(stro/APA)`, `(APA, 12.9.2015)`, `(APA 4.9.2015)`,
//! `(Anna Huber, 10.5.2016)`, `(Anna Huber/APA)`, `(mab, 2.4.2024)`. Each piece between the
//! separators is a source name, an editor's initials (`red`, `stro`, `mab`: they name nobody a
//! reader can look up, so they become nothing), a full name (an author), or a date (kept as
//! written; the ingest step reads it). A group with any other piece is no credit.
//!
//! A source name after a dash at the end of a line (`… officials said. — AFP`) is a credit
//! too.
//!
//! A group holding a single source name is a credit only where credits stand: before a dash
//! (`Wien (APA) –`), at the end of a line or text, or after a sentence end. Elsewhere it is
//! an aside or a definition, and a definition of an acronym for something else
//! (`Arbeitsgemeinschaft für demokratische Politik (AFP)`) names no source at all.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{NAME_SEPARATOR, Registry, fixed};

/// A parenthesised group that may be a credit.
static GROUP: LazyLock<Regex> = LazyLock::new(|| fixed(r"\(([^()\n]{1,80})\)"));

/// A credit after a dash closing a line: `… officials said. — AFP`.
static DASH_CREDIT: LazyLock<Regex> =
    LazyLock::new(|| fixed(r#"(?m)[.!?”“"]\s+[—–-]{1,2}\s*(\p{L}[\p{L}\p{N}/ -]{0,40}?)\s*$"#));

/// A date as credits write it, typos included (`12.9.2015`, `4.9.201`, `12. Mai 2016`,
/// `2024-04-02`): the date reader decides whether it is a real one.
static DATE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    fixed(
        r"^(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{0,4}|\d{1,2}\.\s?\p{L}{3,9}\.?\s\d{2,4}|\d{4}-\d{2}-\d{2})$",
    )
});

/// Editors' initials: two to five lower-case letters (`red`, `stro`, `mab`, `lsw`).
static INITIALS: LazyLock<Regex> = LazyLock::new(|| fixed(r"^\p{Ll}{2,5}$"));

/// A person's full name: two to four capitalised words, particles allowed (`Anna Huber`,
/// `Karl-Heinz von Berg`).
static FULL_NAME: LazyLock<Regex> = LazyLock::new(|| {
    fixed(
        r"^\p{Lu}[\p{Ll}'’-]+(?:[\p{Lu}][\p{Ll}'’-]+)?(?:\s+(?:(?:von|van|de|der|zu|di|da|del)\s+)?\p{Lu}[\p{Ll}'’-]+(?:-\p{Lu}[\p{Ll}'’-]+)?){1,3}$",
    )
});

/// A single capitalised word: a place in a credit (`Salzburg`).
static PLACE: LazyLock<Regex> = LazyLock::new(|| fixed(r"^\p{Lu}[\p{Ll}-]{2,24}$"));

/// Words that make two capitalised words an organisation or a picture agency, not a person
/// (`Getty Images`, `Rotes Kreuz`).
const NOT_PERSON_WORDS: &[&str] = &[
    "Images",
    "Image",
    "Photos",
    "Photo",
    "Pictures",
    "Press",
    "News",
    "Kreuz",
    "Redaktion",
    "Verlag",
    "Archiv",
    "Agentur",
    "Agenturen",
    "Foto",
    "Fotos",
    "Bild",
    "Bilder",
    "Getty",
    "Picturedesk",
    "Keystone",
    "Imago",
    "Zeitung",
    "Nachrichten",
    "Ministerium",
    "Polizei",
    "Stadt",
    "Land",
    "Bund",
    "Nationen",
    "Union",
    "Partei",
    "Service",
];

/// True when `piece`, shaped like a full name, names an organisation or picture agency.
fn not_a_person(piece: &str) -> bool {
    piece
        .split_whitespace()
        .any(|word| NOT_PERSON_WORDS.contains(&word))
}

/// What a credit names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credit {
    /// Canonical names of the sources.
    pub sources: Vec<String>,
    /// Full names of authors.
    pub authors: Vec<String>,
    /// The date as written, if the credit has one.
    pub date: Option<String>,
}

impl Registry {
    /// Reads the pieces of a group's inner text as a credit, or `None` when a piece is neither
    /// a source, initials, a full name nor a date, or when the group has neither a source nor
    /// a date.
    pub fn credit(&self, inner: &str) -> Option<Credit> {
        let mut credit = Credit::default();
        let mut initials = false;
        for piece in NAME_SEPARATOR.split(inner.trim()) {
            let piece = piece.trim().trim_end_matches('.');
            if piece.is_empty() {
                continue;
            }
            if let Some(source) = self.resolve_credit(piece).filter(|source| {
                // `dpa/sn`, `dpa/lno`: lower-case pieces are dpa's regional desks or initials,
                // unless they spell the source's own name (`afp`, `sda`, `awp`).
                !piece.chars().all(char::is_lowercase)
                    || source.name.to_lowercase() == piece
                    || source.aliases.iter().any(|alias| alias == piece)
            }) {
                credit.sources.push(source.name.clone());
            } else if let Some((name, date)) = self.source_and_date(piece) {
                // `APA 4.9.2015`: a credit that left out its comma.
                credit.sources.push(name);
                credit.date.get_or_insert(date);
            } else if DATE_LIKE.is_match(piece) {
                credit.date.get_or_insert(piece.to_owned());
            } else if INITIALS.is_match(piece) {
                // An editor's initials name nobody a reader can look up.
                initials = true;
            } else if FULL_NAME.is_match(piece) && !not_a_person(piece) {
                if !credit.authors.iter().any(|a| a == piece) {
                    credit.authors.push(piece.to_owned());
                }
            } else if PLACE.is_match(piece) {
                // `(Anna Huber, Salzburg, 10.5.2016)`: where the text was written.
            } else {
                return None;
            }
        }
        // A name alone may be anything (`(Vereinte Nationen)`), and so may a date alone
        // (`am Montag (14.10.2024)`); beside a source, a name or initials they make a credit:
        // `(Anna Huber, 10.5.2016)`, `(mab, 2.4.2024)`.
        let signed = !credit.authors.is_empty() || initials;
        (!credit.sources.is_empty() || (credit.date.is_some() && signed)).then_some(credit)
    }

    /// `APA 4.9.2015` → the source and the date, when the piece is a source name, a space
    /// and a date.
    fn source_and_date(&self, piece: &str) -> Option<(String, String)> {
        let (name, date) = piece.split_once(char::is_whitespace)?;
        let date = date.trim();
        let source = self.resolve_credit(name)?;
        DATE_LIKE
            .is_match(date)
            .then(|| (source.name.clone(), date.to_owned()))
    }

    /// Every credit in `text` that stands where credits stand, with its range.
    pub(super) fn credits_in(&self, text: &str) -> Vec<(Range<usize>, Credit)> {
        GROUP
            .captures_iter(text)
            .filter_map(|captures| {
                let whole = captures.get(0)?;
                let inner = captures.get(1)?.as_str();
                let credit = self.credit(inner)?;
                // A date or an author marks a credit anywhere; a list of names in parentheses
                // (`die Sender (ARD, ZDF)`) is one only where credits stand.
                let placed = credit.date.is_some()
                    || !credit.authors.is_empty()
                    || in_credit_position(text, whole.range());
                (placed && !defines_acronym(text, whole.start(), inner))
                    .then(|| (whole.range(), credit))
            })
            .chain(DASH_CREDIT.captures_iter(text).filter_map(|captures| {
                let whole = captures.get(0)?;
                let credit = self.credit(captures.get(1)?.as_str())?;
                (!credit.sources.is_empty()).then(|| (whole.range(), credit))
            }))
            .collect()
    }

    /// The credit closing `text` (`… gefordert. (APA, 12.9.2015)`), if it ends with one.
    pub fn trailing_credit(&self, text: &str) -> Option<Credit> {
        let end = text.trim_end().trim_end_matches('.').trim_end();
        let inner_end = end.strip_suffix(')')?;
        let open = inner_end.rfind('(')?;
        let inner = &inner_end[open + 1..];
        if inner.contains('\n') || inner.chars().count() > 80 {
            return None;
        }
        self.credit(inner)
    }
}

/// True when a group at `range` stands where a credit stands: before a dash, at the end of a
/// line or of the text, at the start of a line, or after a sentence end.
fn in_credit_position(text: &str, range: Range<usize>) -> bool {
    let after = text[range.end..].trim_start_matches([' ', '\t', '.', '\u{a0}']);
    let before = text[..range.start].trim_end_matches([' ', '\t', '\u{a0}']);
    after.is_empty()
        || after.starts_with(['\n', '\r', '-', '–', '—'])
        || before.is_empty()
        || before.ends_with(['\n', '.', '!', '?', '"', '“', '«', '»'])
}

/// True when the group starting at `open` defines an acronym for the words before it: its
/// letters are, in order, the initials of some of the preceding words, the first matching the
/// first (`Arbeitsgemeinschaft für demokratische Politik (AFP)`).
fn defines_acronym(text: &str, open: usize, inner: &str) -> bool {
    let acronym: Vec<char> = inner.trim().chars().collect();
    if acronym.len() < 2
        || acronym.len() > 6
        || !acronym.iter().all(|c| c.is_alphabetic())
        || acronym.iter().filter(|c| c.is_uppercase()).count() < 2
    {
        return false;
    }
    let words: Vec<&str> = text[..open]
        .split_whitespace()
        .rev()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let initials: Vec<char> = words
        .iter()
        .flat_map(|word| word.split('-'))
        .filter_map(|part| part.chars().find(|c| c.is_alphabetic()))
        .flat_map(char::to_lowercase)
        .collect();
    let wanted: Vec<char> = acronym.iter().flat_map(|c| c.to_lowercase()).collect();
    // The acronym's first letter must start one of the words, and the rest follow in order.
    (0..initials.len()).any(|start| {
        initials[start] == wanted[0]
            && words.len() >= 2
            && subsequence(&wanted[1..], &initials[start + 1..])
            && initials.len() - start >= wanted.len()
    })
}

/// True when `needle` occurs in order (not necessarily adjacent) in `haystack`.
fn subsequence(needle: &[char], haystack: &[char]) -> bool {
    let mut rest = haystack.iter();
    needle.iter().all(|wanted| rest.any(|c| c == wanted))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credit(inner: &str) -> Option<Credit> {
        Registry::builtin().credit(inner)
    }

    #[test]
    fn pieces_of_a_credit() {
        let red = credit("red, APA").unwrap();
        assert_eq!(red.sources, ["APA"]);
        assert!(red.authors.is_empty());
        assert_eq!(credit("stro/APA").unwrap().sources, ["APA"]);
        let dated = credit("APA 4.9.2015").unwrap();
        assert_eq!(
            (dated.sources, dated.date.as_deref()),
            (vec!["APA".to_owned()], Some("4.9.2015"))
        );
        let author = credit("Anna Huber, 10.5.2016").unwrap();
        assert_eq!(author.authors, ["Anna Huber"]);
        assert_eq!(author.date.as_deref(), Some("10.5.2016"));
        let initials = credit("mab, 2.4.2024").unwrap();
        assert!(initials.authors.is_empty() && initials.sources.is_empty());
        assert_eq!(initials.date.as_deref(), Some("2.4.2024"));
        assert_eq!(
            credit("APA, 4.9.201").unwrap().date.as_deref(),
            Some("4.9.201")
        );
        assert_eq!(credit("Anna Huber/APA").unwrap().authors, ["Anna Huber"]);
    }

    #[test]
    fn groups_that_are_no_credits() {
        assert_eq!(credit("14.10.2024"), None);
        assert!(credit("AFP/Getty Images").is_none_or(|credit| credit.authors.is_empty()));
        let placed = credit("Anna Huber, Salzburg, 10.5.2016").unwrap();
        assert_eq!(placed.authors, ["Anna Huber"]);
        let registry = Registry::builtin();
        assert!(
            registry
                .credits_in("Die Sender (ARD, ZDF) verlieren Zuschauer.")
                .is_empty()
        );
        assert_eq!(
            registry.trailing_credit("Die Frist endet am Montag (14.10.2024)."),
            None
        );
        assert_eq!(credit("siehe Seite 3"), None);
        assert_eq!(credit("red"), None);
        assert_eq!(credit("2015"), None);
        assert_eq!(credit("Oder"), None);
    }

    #[test]
    fn acronyms_defined_for_something_else() {
        let text = "Die Arbeitsgemeinschaft für demokratische Politik (AFP) lud ein.";
        assert!(defines_acronym(text, text.find('(').unwrap(), "AFP"));
        let text = "Die Gruppe (AFP) lud ein.";
        assert!(!defines_acronym(text, text.find('(').unwrap(), "AFP"));
    }

    #[test]
    fn trailing_credits() {
        let registry = Registry::builtin();
        let text = "Der Text endet hier.\n\n(APA, 12.9.2015)\n";
        assert_eq!(
            registry.trailing_credit(text).unwrap().date.as_deref(),
            Some("12.9.2015")
        );
        assert_eq!(
            registry
                .trailing_credit("Der Text endet hier. (Anna Huber, 10.5.2016)")
                .unwrap()
                .authors,
            ["Anna Huber"]
        );
        assert_eq!(
            registry.trailing_credit("Das ist alles (oder nicht)."),
            None
        );
    }
}
