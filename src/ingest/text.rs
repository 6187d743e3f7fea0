//! Plain-text articles (`.txt`): text saved from web pages, wire copy, old archive exports.
//!
//! The structure is read from the shape of the text:
//!
//! - **Title**: the first non-empty line when it looks like a headline (short, no closing
//!   period, more text after it); otherwise the finishing step derives one from the body.
//! - **Byline**: `By …`, `Von …`, `Autor: …` near the top or at the end.
//! - **Date**: a dateline opening the first paragraph (`Dresden, 14. Februar 2024 (dpa) –`,
//!   `LONDON, March 4, 2024 (Reuters) -`), or a header line holding only a date; the trailing
//!   credit (`(APA, 12.9.2015)`) is read for every format by the finishing step. Dates in
//!   running text (`Am 19. Februar 1937 wurde …`) are never publication dates.
//! - **Debris**: what a browser's "save as text" keeps of the page around the article, such as
//!   comment forms ("Leave a Reply … Required fields are marked *", "Kommentare"), share and
//!   newsletter lines, is cut from the first such line in the second half of the text on.

use std::sync::LazyLock;

use regex::Regex;

use super::Draft;
use super::dates::find_date;
use crate::article::PublishedAt;

/// Lines that start page debris (matched case-insensitively at the start of a trimmed line).
const DEBRIS_STARTS: &[&str] = &[
    "leave a reply",
    "leave a comment",
    "post a comment",
    "your email address will not be published",
    "required fields are marked",
    "comments",
    "kommentare",
    "kommentar verfassen",
    "kommentar schreiben",
    "schreibe einen kommentar",
    "schreiben sie einen kommentar",
    "deine e-mail-adresse wird nicht veröffentlicht",
    "ihre e-mail-adresse wird nicht veröffentlicht",
    "erforderliche felder sind",
    "share this",
    "share on",
    "teilen:",
    "diesen artikel teilen",
    "artikel teilen",
    "jetzt teilen",
    "newsletter",
    "abonnieren sie",
    "jetzt abonnieren",
    "subscribe to",
    "sign up for",
    "related articles",
    "related posts",
    "ähnliche artikel",
    "ähnliche beiträge",
    "das könnte sie auch interessieren",
    "mehr zum thema",
    "lesen sie auch",
    "like this:",
    "gefällt mir:",
    "post navigation",
    "beitragsnavigation",
    "previous post",
    "next post",
    "tags:",
    "schlagwörter:",
    "cookie",
];

/// Longest line that can be debris; longer lines are prose that happens to start alike.
const MAX_DEBRIS_LINE: usize = 160;

/// A byline: `By Jane Doe`, `Von Anna Beispiel und Jan Muster`, `Autorin: …`.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:By|BY|Von|VON|Autor:|Autorin:|Author:|Text:)\s+(\S.{0,79})$")
        .expect("byline pattern compiles")
});

/// A dateline opening a paragraph: `PLACE[ (REGION)][, DATE][ (CREDIT)] –`, with a date, a
/// credit or both: `Dresden, 14. Februar 2024 (dpa) –`, `Frankfurt (Oder), 28. Juli 1997 –`,
/// `Wien (APA) –`, `LONDON, March 4, 2024 (Reuters) -`.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*\p{Lu}[\p{L}\p{M}.'’ /-]{1,40}?(?:\s*(?P<region>\([\p{L} .]{2,20}\)))?\s*(?:,\s*(?:den\s+)?(?P<date>[^()\n–—]{4,40}?))?\s*(?:\((?P<credit>[^()\n]{1,60})\))?\s*[-–—]\s+",
    )
    .expect("dateline pattern compiles")
});

/// Separators between several authors in one byline.
static AUTHOR_SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*(?:,|&|\bund\b|\band\b)\s*").expect("author separator compiles")
});

/// Parses a plain-text article.
pub fn parse(text: &str) -> Draft {
    let mut lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.truncate(debris_start(&lines));
    while lines.last().is_some_and(|line| line.trim().is_empty()) {
        lines.pop();
    }

    let mut draft = Draft::default();
    // A byline at the very end ("By rb8jg" above a comment form).
    if let Some(last) = lines.last()
        && let Some(authors) = byline(last)
    {
        draft.authors = authors;
        lines.pop();
    }

    let mut rest = &lines[..];
    let first = first_non_empty(rest);
    if let Some(index) = first
        && looks_like_headline(rest, index)
    {
        draft.title = Some(rest[index].trim().to_owned());
        rest = &rest[index + 1..];
    }
    // Header lines between title and text: bylines and lone dates.
    while let Some(index) = first_non_empty(rest) {
        let line = rest[index].trim();
        if let Some(authors) = byline(line) {
            if draft.authors.is_empty() {
                draft.authors = authors;
            }
        } else if let Some(date) = lone_date(line) {
            draft.published.get_or_insert(date);
        } else {
            break;
        }
        rest = &rest[index + 1..];
    }

    draft.body = rest.join("\n").trim().to_owned();
    draft
}

/// The publication date a text's dateline states (`Wien, 3. Mai 2016 (APA) –`, `LONDON, March
/// 4, 2024 (Reuters) -`). A date in running text is never taken: it is as likely a deadline or
/// an anniversary as the day of publication. Any format's body may be asked.
pub fn dateline_date(body: &str) -> Option<PublishedAt> {
    let captures = DATELINE.captures(body.trim_start())?;
    let (date, _) = find_date(captures.name("date")?.as_str())?;
    Some(PublishedAt::Day(date))
}

/// Index of the first line of page debris, or `lines.len()` when there is none.
fn debris_start(lines: &[&str]) -> usize {
    let half = lines.len() / 2;
    lines
        .iter()
        .enumerate()
        .skip(half)
        .find(|(_, line)| is_debris(line))
        .map_or(lines.len(), |(index, _)| index)
}

/// True when `line` is a typical line of page debris.
fn is_debris(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || line.len() > MAX_DEBRIS_LINE {
        return false;
    }
    let lower = line.to_lowercase();
    DEBRIS_STARTS.iter().any(|start| lower.starts_with(start))
}

/// The authors named by `line` when it is a byline.
fn byline(line: &str) -> Option<Vec<String>> {
    let captures = BYLINE.captures(line.trim())?;
    let names = captures.get(1)?.as_str().trim();
    if names.ends_with(['.', ':', ',']) || names.split_whitespace().count() > 8 {
        return None;
    }
    Some(
        AUTHOR_SEPARATOR
            .split(names)
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

/// The date of a header line that holds a date and little else (`Datum: 14.02.2024`).
fn lone_date(line: &str) -> Option<PublishedAt> {
    if line.chars().count() > 60 {
        return None;
    }
    let (date, range) = find_date(line)?;
    let rest = format!("{}{}", &line[..range.start], &line[range.end..]);
    let words = rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty() && !word.chars().all(|c| c.is_ascii_digit()))
        .count();
    (words <= 3).then_some(PublishedAt::Day(date))
}

/// Index of the first non-blank line.
fn first_non_empty(lines: &[&str]) -> Option<usize> {
    lines.iter().position(|line| !line.trim().is_empty())
}

/// True when `lines[index]` reads as a headline: short, not a sentence, not a byline or
/// dateline, and followed by more text.
fn looks_like_headline(lines: &[&str], index: usize) -> bool {
    let line = lines[index].trim();
    let words = line.split_whitespace().count();
    let more_text = lines[index + 1..]
        .iter()
        .any(|line| !line.trim().is_empty());
    more_text
        && line.chars().count() <= 200
        && words <= 25
        && !line.ends_with(['.', ',', ';', ':'])
        && byline(line).is_none()
        && dateline_date(line).is_none()
        && lone_date(line).is_none()
}

/// A title for an article without one: its first sentence, or its first words.
pub fn derive_title(body: &str) -> String {
    let text = match DATELINE.captures(body) {
        // A plain `Word –` may open any sentence; a group or a date makes it a dateline
        // (`Wien (APA) –`, `Frankfurt (Oder), 3. Mai 2016 –`).
        Some(captures)
            if captures.name("date").is_some()
                || captures.name("credit").is_some()
                || captures.name("region").is_some() =>
        {
            &body[captures.get(0).map_or(0, |whole| whole.end())..]
        }
        _ => body,
    };
    let first_paragraph = text.trim().split("\n\n").next().unwrap_or_default();
    let flat = super::collapse_whitespace(first_paragraph);
    let sentence = &flat[..first_sentence_end(&flat).unwrap_or(flat.len())];
    const MAX_WORDS: usize = 14;
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.len() <= MAX_WORDS {
        sentence.to_owned()
    } else {
        format!("{} …", words[..MAX_WORDS].join(" "))
    }
}

/// Words whose period abbreviates them, lowercased (German and English news usage); single
/// letters (`z. B.`, `J. Müller`) and day numbers or ordinals (`am 12. Mai`, `zum 3. Mal`) are
/// handled apart.
const ABBREVIATIONS: &[&str] = &[
    "nr", "dr", "st", "bzw", "ca", "abs", "art", "mio", "mrd", "chr", "prof", "mag", "ing", "etc",
    "usw", "vgl", "ggf", "evtl", "inkl", "exkl", "zzgl", "sog", "jh", "jhd", "bzgl", "gem", "geb",
    "gest", "str", "tel", "mind", "min", "dipl", "hr", "bd", "kap", "ziff", "lit", "bsp", "dt",
    "österr", "schweiz", "ev", "kath", "feb", "mär", "apr", "jun", "jul", "aug", "sep", "sept",
    "okt", "nov", "dez", "mr", "mrs", "ms", "jr", "sr", "no", "nos", "inc", "corp", "ltd", "co",
    "gov", "sen", "rep", "col", "lt", "sgt", "vs", "approx", "dept", "mt", "ft", "oct", "dec",
    "univ", "tsd", "rd", "pct", "hrsg",
];

/// Where the first sentence of `flat` (one line, collapsed white space) ends: after a `.`,
/// `!` or `?` (and any closing quotation mark) followed by a space, past the first 20 bytes,
/// and not after an abbreviation, an initial, or a day number or ordinal.
fn first_sentence_end(flat: &str) -> Option<usize> {
    flat.char_indices().find_map(|(index, c)| {
        if !matches!(c, '.' | '!' | '?') || index <= 20 {
            return None;
        }
        let mut end = index + c.len_utf8();
        end += flat[end..]
            .chars()
            .take_while(|c| matches!(c, '“' | '”' | '"' | '»' | '«' | '’' | '\''))
            .map(char::len_utf8)
            .sum::<usize>();
        if !flat[end..].starts_with(' ') {
            return None;
        }
        // `Jan. 5`, `No. 3`, `Art. 7`: a word, a period and a number read on.
        let numbered = flat[..index].ends_with(char::is_alphabetic)
            && flat[end + 1..].starts_with(|c: char| c.is_ascii_digit());
        (c != '.' || !(numbered || abbreviation_before(&flat[..index]))).then_some(end)
    })
}

/// True when the word ending `before` (the text up to a period) is an abbreviation, an
/// initial, a number of up to three digits, or a dotted short form (`U.S`, `z.B`).
fn abbreviation_before(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '„' | '"' | '“' | '/'))
        .next()
        .unwrap_or_default();
    // `Univ.-Prof.`: the last piece of a hyphenated abbreviation decides.
    let word = word.rsplit('-').next().unwrap_or(word);
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if word.is_empty() {
        return false;
    }
    // A day or an ordinal (`am 12. Mai`, `zum 3. Mal`) has one or two digits; a count
    // (`auf 412.`, `auf 1.200.`) or a year ends the sentence.
    if word.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return word.len() <= 2;
    }
    if word.contains('.') {
        return word.split('.').all(|part| part.chars().count() <= 3);
    }
    letters == 1 || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_dateline_and_debris() {
        let text = "Neue Kontrollen an der Grenze\n\n\
            Passau, 14. Februar 2024 (dpa) – Die Bundespolizei verstärkt die Kontrollen.\n\n\
            Weitere Sätze folgen hier.\n\n\
            By Anna Beispiel\n\n\
            Leave a Reply\n\n\
            Your email address will not be published. Required fields are marked *";
        let draft = parse(text);
        assert_eq!(
            draft.title.as_deref(),
            Some("Neue Kontrollen an der Grenze")
        );
        assert_eq!(
            dateline_date(&draft.body).unwrap().to_string(),
            "2024-02-14"
        );
        assert_eq!(draft.authors, ["Anna Beispiel"]);
        assert!(draft.body.starts_with("Passau, 14. Februar 2024 (dpa)"));
        assert!(draft.body.ends_with("Weitere Sätze folgen hier."));
        assert!(!draft.body.contains("Leave a Reply"));
    }

    #[test]
    fn english_dateline_and_byline_under_title() {
        let text = "Refinery fire halts output\nBy John Example and Mary Sample\n\n\
            LONDON, March 4, 2024 (Reuters) - A fire broke out at a refinery.";
        let draft = parse(text);
        assert_eq!(draft.title.as_deref(), Some("Refinery fire halts output"));
        assert_eq!(draft.authors, ["John Example", "Mary Sample"]);
        assert_eq!(
            dateline_date(&draft.body).unwrap().to_string(),
            "2024-03-04"
        );
    }

    #[test]
    fn datelines_in_their_variants() {
        let day = |text: &str| dateline_date(text).map(|date| date.to_string());
        assert_eq!(
            day("Frankfurt (Oder), 28. Juli 1997 (dpa) - Text").as_deref(),
            Some("1997-07-28")
        );
        assert_eq!(
            day("Schwedt, 10. September 2024 – Die Regierung").as_deref(),
            Some("2024-09-10")
        );
        // A date in running text is no publication date, not even in the first sentence.
        assert_eq!(
            day("Zürich (Keystone-SDA) – Die Polizei teilte am 4. Mai 2021 mit."),
            None
        );
        assert_eq!(
            day("Einleitung ohne Datum.\n\nAm 20. Juli 2024 beginnt es."),
            None
        );
    }

    #[test]
    fn no_headline_means_no_title() {
        let text = "Nach Angaben der Regierung wurden gestern zwei Verdächtige festgenommen.\n\n\
            Die Ermittlungen dauern an.";
        let draft = parse(text);
        assert_eq!(draft.title, None);
        assert_eq!(
            derive_title(&draft.body),
            "Nach Angaben der Regierung wurden gestern zwei Verdächtige festgenommen."
        );
    }

    #[test]
    fn debris_words_early_in_the_text_are_kept() {
        let text = "Titel der Meldung\n\nKommentare sind erwünscht\n\nZweiter Absatz.\n\nDritter Absatz.\n\nVierter Absatz.";
        let draft = parse(text);
        assert!(draft.body.contains("Kommentare sind erwünscht"));
        assert!(draft.body.ends_with("Vierter Absatz."));
    }

    #[test]
    fn lone_date_header_line() {
        let text = "Titel\nDatum: 3. Okt. 2024\n\nText des Artikels.";
        let draft = parse(text);
        assert_eq!(draft.published.unwrap().to_string(), "2024-10-03");
        assert_eq!(draft.body, "Text des Artikels.");
    }

    #[test]
    fn sentences_do_not_end_at_abbreviations_or_ordinals() {
        for (text, title) in [
            (
                "Neue Sendung startet am 12. Mai im Hauptabend. Mehr folgt.",
                "Neue Sendung startet am 12. Mai im Hauptabend.",
            ),
            (
                "Die Staatsschulden liegen bei 72 Mrd. Euro. Das ist viel.",
                "Die Staatsschulden liegen bei 72 Mrd. Euro.",
            ),
            (
                "Der Bischof übergab St. Pölten den Schlüssel. Dann ging er.",
                "Der Bischof übergab St. Pölten den Schlüssel.",
            ),
            (
                "Mehrere Gemeinden, z. B. Melk, haben zugestimmt. Andere nicht.",
                "Mehrere Gemeinden, z. B. Melk, haben zugestimmt.",
            ),
            (
                "The U.S. Senate voted on Tuesday night. It was close.",
                "The U.S. Senate voted on Tuesday night.",
            ),
            (
                "Die Stadt wurde im Jahr 1945 befreit. Danach kam der Wiederaufbau.",
                "Die Stadt wurde im Jahr 1945 befreit.",
            ),
            (
                "„Wir sind bereit“, sagte der Minister am Montag. Dann ging er.",
                "„Wir sind bereit“, sagte der Minister am Montag.",
            ),
        ] {
            assert_eq!(derive_title(text), title);
        }
    }

    #[test]
    fn derived_titles_skip_datelines_with_a_credit_only() {
        assert_eq!(
            derive_title("Wien (APA) – Die Linie Nr. 71 fährt ab Montag kürzer. Mehr folgt."),
            "Die Linie Nr. 71 fährt ab Montag kürzer."
        );
        assert_eq!(
            derive_title("WASHINGTON (AP) — The Senate voted on Thursday. More later."),
            "The Senate voted on Thursday."
        );
    }

    #[test]
    fn counts_names_and_titles_end_sentences() {
        assert_eq!(
            derive_title(
                "Die Zahl der Besucher stieg im Vorjahr auf 1.200. Die Veranstalter jubeln."
            ),
            "Die Zahl der Besucher stieg im Vorjahr auf 1.200."
        );
        assert_eq!(
            derive_title("Der neue Rektor ist Univ.-Prof. Dr. Hans Meier aus Graz. Er folgt."),
            "Der neue Rektor ist Univ.-Prof. Dr. Hans Meier aus Graz."
        );
        assert_eq!(
            derive_title("Der jüngste Sohn des Paares heißt Max. Er ist zwei."),
            "Der jüngste Sohn des Paares heißt Max."
        );
    }

    #[test]
    fn a_lone_date_on_the_first_line_is_no_headline() {
        let draft = parse("12.09.2015\n\nDie Gemeinde baut eine Schule.\n\nSie wird groß.");
        assert_eq!(draft.title, None);
        assert_eq!(draft.published.unwrap().to_string(), "2015-09-12");
    }

    #[test]
    fn derived_titles_are_short() {
        let body = "Dresden, 14. Februar 2024 (dpa) – Eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn sechzehn";
        assert_eq!(
            derive_title(body),
            "Eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn …"
        );
    }
}
