//! Article language: from metadata when it states one, else detected from the text.
//!
//! Detection uses `whatlang` (small, no model download; `lingua` is more accurate but adds
//! megabytes per language) restricted to the languages a European news archive holds, on the
//! body rather than the headline, since short headlines are often misclassified.

use std::sync::LazyLock;

use whatlang::{Detector, Lang};

/// Languages detection may answer, with their ISO 639-1 codes.
const LANGUAGES: &[(Lang, &str)] = &[
    (Lang::Deu, "de"),
    (Lang::Eng, "en"),
    (Lang::Fra, "fr"),
    (Lang::Spa, "es"),
    (Lang::Ita, "it"),
    (Lang::Nld, "nl"),
    (Lang::Por, "pt"),
    (Lang::Pol, "pl"),
    (Lang::Ces, "cs"),
    (Lang::Tur, "tr"),
    (Lang::Rus, "ru"),
    (Lang::Ukr, "uk"),
];

/// A detector limited to [`LANGUAGES`].
static DETECTOR: LazyLock<Detector> =
    LazyLock::new(|| Detector::with_allowlist(LANGUAGES.iter().map(|(lang, _)| *lang).collect()));

/// How much text detection looks at: a paragraph is plenty for whatlang's trigrams, and
/// detection runs for every article (2,000 bytes cost 5 % of indexing for no gain).
const SAMPLE_BYTES: usize = 600;

/// Detects the language of an article from its body (or its title when the body is short).
pub fn detect(title: &str, body: &str) -> Option<String> {
    let text = if body.len() >= 40 { body } else { title };
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // An unreliable guess on a few words is worse than none: unknown text gets the German chain.
    let info = DETECTOR
        .detect(&text[..end])
        .filter(whatlang::Info::is_reliable)?;
    let lang = info.lang();
    LANGUAGES
        .iter()
        .find(|(known, _)| *known == lang)
        .map(|(_, code)| (*code).to_owned())
}

/// Normalises a metadata language (`de`, `de-DE`, `de_AT`, `ger`, `German`, `Deutsch`) to ISO
/// 639-1; `None` when it is not recognisable.
pub fn normalize(value: &str) -> Option<String> {
    let value = value.trim().to_lowercase();
    let primary = value.split(['-', '_']).next().unwrap_or_default();
    let code = match primary {
        "german" | "deutsch" | "deu" | "ger" => "de",
        "english" | "englisch" | "eng" => "en",
        "french" | "französisch" | "fra" | "fre" => "fr",
        code if code.len() == 2 && code.chars().all(|c| c.is_ascii_lowercase()) => code,
        _ => return None,
    };
    Some(code.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_german_and_english() {
        let german = "Die Bundesregierung hat am Montag neue Maßnahmen beschlossen, \
                      die den Schutz der Bevölkerung verbessern sollen.";
        let english = "The government announced new measures on Monday that are meant \
                       to improve the protection of the population.";
        assert_eq!(detect("", german).as_deref(), Some("de"));
        assert_eq!(detect("", english).as_deref(), Some("en"));
    }

    #[test]
    fn a_few_words_are_too_few_to_tell() {
        assert_eq!(detect("", "Text über Brücken."), None);
    }

    #[test]
    fn normalizes_metadata() {
        assert_eq!(normalize("de-DE").as_deref(), Some("de"));
        assert_eq!(normalize("EN").as_deref(), Some("en"));
        assert_eq!(normalize("German").as_deref(), Some("de"));
        assert_eq!(normalize("klingon"), None);
    }
}
