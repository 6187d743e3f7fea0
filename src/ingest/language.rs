//! Article language: from metadata when it states one, else detected from the text.
//!
//! Detection uses `whatlang` (small, no model download; `lingua` is more accurate but adds
//! megabytes per language) restricted to the languages a European news archive holds, on the
//! body rather than the headline, since short headlines are often misclassified.
//!
//! Most articles are plainly German or English, and whatlang's trigram scoring cost 5 % of
//! indexing; so function words decide first (`by_function_words`): a sample where one of the
//! two languages' commonest words make up a large share, and the other's hardly appear, is
//! that language. Anything less clear-cut goes to whatlang.

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

/// Common German words that are not also common English, Dutch or Scandinavian words.
const GERMAN_WORDS: &[&str] = &[
    "der", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "im", "auf", "für", "sich",
    "dem", "des", "ein", "eine", "einer", "einem", "auch", "wird", "wurde", "werden", "sind",
    "hat", "haben", "bei", "nach", "aus", "über", "sie", "er", "wie", "noch", "oder", "aber",
    "zum", "zur", "vom", "dass", "seit", "sei", "am",
];

/// Common English words that are not also common German words.
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "of", "to", "is", "that", "for", "on", "with", "as", "by", "are", "be", "this",
    "from", "at", "have", "has", "it", "said", "were", "which", "not", "but", "they", "their",
    "its", "he", "been", "would", "after", "who", "had", "more", "than", "or",
];

/// Fewest words a sample must have for function words to decide.
const MIN_WORDS: usize = 20;

/// Share of the sample's words, in percent, that one language's function words must reach.
const MIN_SHARE_PERCENT: usize = 15;

/// German or English when the sample's function words leave no doubt; `None` otherwise.
fn by_function_words(sample: &str) -> Option<&'static str> {
    let (mut words, mut german, mut english) = (0usize, 0usize, 0usize);
    let mut lowered = String::new();
    for word in sample
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        lowered.clear();
        lowered.extend(word.chars().flat_map(char::to_lowercase));
        german += usize::from(GERMAN_WORDS.contains(&lowered.as_str()));
        english += usize::from(ENGLISH_WORDS.contains(&lowered.as_str()));
    }
    let clear = |ours: usize, theirs: usize| {
        words >= MIN_WORDS && ours * 100 >= words * MIN_SHARE_PERCENT && theirs * 5 <= ours
    };
    if clear(german, english) {
        Some("de")
    } else if clear(english, german) {
        Some("en")
    } else {
        None
    }
}

/// Detects the language of an article from its body (or its title when the body is short).
pub fn detect(title: &str, body: &str) -> Option<String> {
    let text = if body.len() >= 40 { body } else { title };
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if let Some(code) = by_function_words(sample) {
        return Some(code.to_owned());
    }
    // An unreliable guess on a few words is worse than none: unknown text gets the German chain.
    let info = DETECTOR
        .detect(sample)
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

/// Every ISO 639-1 language code, sorted.
const ISO_639_1: [&str; 184] = [
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// The language code a user means by `value` (`de`, `DE`, `de-AT`, `deu`, `German`), if it
/// names a language at all: what `--lang` compares with the codes articles are stored under.
///
/// ```
/// use newsidx::ingest::language::code_for_filter;
/// assert_eq!(code_for_filter("deu").as_deref(), Some("de"));
/// assert_eq!(code_for_filter("xx"), None);
/// ```
pub fn code_for_filter(value: &str) -> Option<String> {
    normalize(value).filter(|code| ISO_639_1.binary_search(&code.as_str()).is_ok())
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

    /// whatlang's answer for `text`, bypassing the function words.
    fn whatlang(text: &str) -> Option<&'static str> {
        let lang = DETECTOR
            .detect(text)
            .filter(whatlang::Info::is_reliable)?
            .lang();
        LANGUAGES
            .iter()
            .find(|(known, _)| *known == lang)
            .map(|(_, code)| *code)
    }

    #[test]
    fn function_words_agree_with_whatlang_where_they_decide() {
        let texts = [
            "Die Polizei hat am Montag in der Innenstadt einen Mann festgenommen, der nach \
             Angaben der Staatsanwaltschaft mehrere Anschläge auf Bahnanlagen geplant haben \
             soll. Er wurde noch am selben Tag dem Haftrichter vorgeführt, wie ein Sprecher sagte.",
            "The police arrested a man in the city centre on Monday who, according to the \
             prosecutors, had planned several attacks on railway lines. He was brought before \
             a judge on the same day, a spokesman said, and the investigation is continuing.",
            "Die Regierung kündigte an, dass die Grenzkontrollen verlängert werden. Kritiker \
             sprechen von einem Signal an die Nachbarländer, das nicht ohne Folgen bleiben wird.",
        ];
        for text in texts {
            let quick = by_function_words(text);
            assert!(quick.is_some(), "{text}");
            assert_eq!(quick, whatlang(text), "{text}");
        }
    }

    #[test]
    fn other_languages_and_mixtures_go_to_whatlang() {
        let texts = [
            "De politie heeft maandag in het centrum een man aangehouden die volgens het \
             openbaar ministerie meerdere aanslagen op het spoor zou hebben gepland.",
            "La police a arrêté lundi dans le centre-ville un homme qui, selon le parquet, \
             aurait préparé plusieurs attentats contre des voies ferrées.",
            "Der Minister sagte: the situation is under control and we will act, und fügte \
             hinzu, man werde the measures review in the coming weeks and report back.",
        ];
        for text in texts {
            assert_eq!(by_function_words(text), None, "{text}");
        }
        assert_eq!(detect("", texts[0]).as_deref(), Some("nl"));
        assert_eq!(detect("", texts[1]).as_deref(), Some("fr"));
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
