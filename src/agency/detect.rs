//! Reading cited sources out of text: the patterns and the rules that judge each mention.
//!
//! **The rule: a source is credited, quoted or reported from; a mention is not a citation.**
//! A name counts only where the text says that it takes something from the source: a credit,
//! a dateline, an attribution cue. An outlet the story is about (`Der ORF erhöht die
//! Gebühren`), one somebody worked for, a compound (`ORF-Chef`, `Reuters-Gebäude`), a longer
//! name (`Reuters Institute`), a picture credit (`Foto: AP`, `REUTERS/Jane Doe`) and a news
//! agency that is only the subject of a sentence (`Die Nachrichtenagentur Kyodo hat einen
//! neuen Präsidenten gewählt`) are mentions.
//!
//! Three passes over the text, each adding canonical names:
//!
//! 1. **Credits** ([`super::credit`]): `(dpa)`, `(AFP/dpa)`, `(red, APA)`, `(APA 4.9.2015)`,
//!    `ANKARA (AA) -`, `… officials said. — AFP`.
//! 2. **Cited mentions**: every spelling the registry knows, judged by its context. It counts
//!    when an attribution cue stands before it (`laut`, `so`, `nach Angaben der Agentur`,
//!    `auf Anfrage der`, `laut einer Meldung der`, `sagte der Sprecher der`, `gegenüber`,
//!    `Quelle:`, `according to`, `told`, `zur` for agencies, a programme `im „Morgenjournal“
//!    von`) or after it (`zufolge`, `berichtete`, `vorliegenden`, `befragte`, `unter Berufung
//!    auf`, `reported`, `said`); when an agency or outlet noun introduces it and a reporting
//!    verb follows (`die staatliche Nachrichtenagentur Xinhua meldete`, `der britische Sender
//!    BBC berichtete`); as a report compound (`APA-Anfrage`, `Ö1-Morgenjournal`, `ein
//!    Reuters-Reporter sah`); or when it is listed together with a counted source (`laut AP und
//!    AFP`). Quotation marks around outlet names are allowed. After a given name (`Michael
//!    Bloomberg said`) or an English common noun (`the oil regulator ANP said`) an after-cue
//!    does not count.
//! 3. **Named agencies**: a name introduced as a news agency in a report (`meldete die
//!    kirgisische Nachrichtenagentur Kabar`, `the state-run Philippine News Agency said`) counts
//!    under the name given, or its canonical name when known. A plain `Agentur` may be any firm
//!    (`die Agentur Kreativhaus entwarf die Kampagne`), so it too needs the report. A name ends
//!    at a sentence end: `… meldete die Agentur AFP. Die Polizei …` cites `AFP`.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{Kind, Registry, fixed};

/// Opening quotation marks that may stand between a cue and a name.
const OPEN_QUOTE: &str = r#"[„"»«‚'“]?"#;

/// Closing quotation marks that may stand between a name and a cue.
const CLOSE_QUOTE: &str = r#"[“”"«»‘']?"#;

/// Up to two adjectives before an agency or outlet noun (`die staatliche`, `the state-run`).
const ADJECTIVES: &str = r"(?:[\p{L}-]+(?:e|en|er|es|n|an|ian|ish|ese)\s+){0,2}";

/// Agency and outlet nouns that may introduce a source's name, without the broadcaster nouns,
/// which the two patterns below take differently.
const INTRO_NOUNS: &str = r"[\p{L}]*-?nachrichtenagentur|presseagentur|staatsagentur|agentur|finanzdienst|[\p{L}]*nachrichtendienst|zeitung|tageszeitung|wochenzeitung|zeitschrift|magazin|nachrichtenmagazin|rundfunk|portal|nachrichtenportal|blatt|news\s+agency|agency|newspaper|broadcaster|network|channel|outlet|wire\s+service";

/// Cues after which a source name is being cited, for every kind of source.
static CUE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    let cue = r#"(?:laut|so|berichtet|berichtete|berichteten|berichten|meldet|meldete|meldeten|melden|schreibt|schrieb|schrieben|schreiben|zitiert|zitierte|zitierten|according\s+to|citing|auf\s+(?:an|nach)frage|in\s+a\s+statement\s+to|sprach\s+mit|(?:einer\s+)?(?:rundfrage|umfrage|anfrage|meldung|recherche|aussendung)|sich\s+auf|compiled\s+by|quelle:|source:|sources:|credit:|contributing:|©(?:\s*\d{4})?|copyright(?:\s*\d{4})?|asked\s+by|published\s+by|gemäss|gemäß|nach\s+(?:(?:einem|einer|dem|den)\s+)?(?:bericht|berichten|meldung|meldungen)|(?:tally|count|analysis|review)\s+by|said\s+the|mit\s+material\s+(?:von|aus|der|des)|nach\s+angaben|nach\s+informationen|nach\s+recherchen|unter\s+berufung\s+auf|gegenüber|told|reported\s+by|cited\s+by|quoted\s+by|(?:im\s+)?(?:interview|gespräch)\s+mit|in\s+an\s+interview\s+with|(?:sagte|sagten|bestätigte|bestätigten|erklärte|erklärten|versicherte|versicherten|kündigte|kündigten|teilte|teilten)(?:\s+[\p{L}-]+){0,5}?|(?:im|in\s+der|in\s+den|in\s+seiner|in\s+ihrer)\s+[„"»«“][^“”"»«\n]{2,40}[“”"«»]\s+(?:von|des|der|bei)(?:\s+radio)?)"#;
    // `laut einem Bericht der`, `nach Informationen des`: a report noun between cue and name.
    let report = r"(?:(?:einem|einen|dem|den|einer)\s+)?(?:bericht|berichten|informationen|angaben|recherchen|recherche|meldung|meldungen|interview|anfrage)\s+";
    let article = r"(?:der|des|dem|die|den|the|von|from)";
    let intro = format!("(?:{INTRO_NOUNS}|radio|zeitungen|sender|fernsehsender|nachrichtensender)");
    fixed(&format!(
        r"(?i)(?:^|[^\p{{L}}]){cue}\s+(?:{report}(?:{article}\s+)?)?(?:{article}\s+)?(?:{ADJECTIVES}{intro}\s+)?{OPEN_QUOTE}$"
    ))
});

/// An agency or outlet noun right before a name (`die staatliche Nachrichtenagentur Xinhua`,
/// `der britische Sender BBC`): the name is a source only when a reporting verb follows it.
static INTRO_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    fixed(&format!(
        r"(?i)(?:^|[^\p{{L}}]){ADJECTIVES}(?:{INTRO_NOUNS}|[\p{{L}}-]*sender)\s+{OPEN_QUOTE}$"
    ))
});

/// Cues that cite only agencies: `sagte er zur dpa`. For outlets they would misread set
/// phrases (`zur Welt kommen`, `zur Zeit`).
static CUE_BEFORE_AGENCY: LazyLock<Regex> =
    LazyLock::new(|| fixed(&format!(r"(?i)(?:^|[^\p{{L}}])(?:zur|zum)\s+{OPEN_QUOTE}$")));

/// Hyphen compounds that make a name a source: `APA-Anfrage`, `Reuters-Reporter`.
static CUE_AFTER_HYPHEN: LazyLock<Regex> = LazyLock::new(|| {
    fixed(&format!(
        r"(?i)^{CLOSE_QUOTE}-(?:anfrage|nachfrage|bericht|berichten|berichts|meldung|meldungen|informationen|angaben|interview|recherchen|recherche|report|umfrage|rundfrage|morgenjournal|mittagsjournal|abendjournal|nachtjournal)\b",
    ))
});

/// A source's reporters who saw or reported something: `Ein Reuters-Reporter sah`, `ein
/// AFP-Korrespondent berichtete`, `Reuters reporters saw`.
static CUE_AFTER_REPORTER: LazyLock<Regex> = LazyLock::new(|| {
    fixed(
        r"(?i)^(?:-|\s+)(?:reporter|reporterin|reporters|korrespondent|korrespondentin|korrespondenten|journalist|journalistin|journalisten|fotograf|fotografin|team|correspondent|correspondents|journalists|photographer|photographers)\s+(?:\p{L}+\s+)?(?:sah|sahen|berichtete|berichteten|meldete|beobachtete|beobachteten|zählte|zählten|erfuhr|schilderte|saw|reported|counted|observed|witnessed)\b",
    )
});

/// Words after a name that make it a citation: `X zufolge`, `X berichtete`, `X reported`.
static CUE_AFTER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    fixed(&format!(
        r"(?i)^{CLOSE_QUOTE}(?:\s*\([^()\n]{{1,12}}\))?(?:,\s+(?:the|die|der|das)\s+[^,\n]{{3,40}},)?,?\s+(?:zufolge|erfuhr|contributed|witnesses|unter\s+berufung\s+auf|citing|berichtete|berichteten|berichtet|berichten|meldete|meldeten|meldet|melden|schrieb|schreibt|zitierte|zitiert|bezeichnete|vorliegenden|vorliegende|vorliegt|befragten|befragte|reported|reports|said|says|wrote|cited|quoted|(?:\p{{L}}+\s+){{1,3}}(?:berichteten|berichten|berichtete|berichtet|meldete|meldet|erfuhr|erfahren|zitierte|reported|first\s+reported))\b",
    ))
});

/// A quoted name followed by a saying verb: `Der „Zeit“ sagte die Autorin`.
static CUE_AFTER_QUOTED: LazyLock<Regex> = LazyLock::new(|| {
    fixed(
        r#"^[“”"«»]\s+(?:sagte|sagten|sagt|erklärte|erklärten|bestätigte|bestätigten|kündigte|schilderte)\b"#,
    )
});

/// A picture credit right before a name: `Foto: AP`, `(Foto: picture alliance/dpa)`.
static PICTURE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    fixed(
        r"(?i)(?:^|[^\p{L}])(?:foto|fotos|bild|bilder|photo|photos|picture|image|images|grafik|video|titelbild|screenshot)\s*:\s*(?:[^:\n()]{0,40}/\s*)?$",
    )
});

/// The text between two sources of one list: `dpa und Reuters`, `BBC und der Guardian`.
static LIST_GAP: LazyLock<Regex> = LazyLock::new(|| {
    fixed(&format!(
        r"(?i)^{CLOSE_QUOTE}\s*(?:/|,|&|und|and|sowie|or|oder)\s*(?:(?:der|die|das|dem|den|des|the)\s+)?{OPEN_QUOTE}$"
    ))
});

/// White space inside a citation: at most one line break (hard-wrapped text breaks lines
/// anywhere; a paragraph break ends the sentence, so no name runs across it).
const GAP: &str = r"(?:[\p{Zs}\t]+|[\p{Zs}\t]*\r?\n[\p{Zs}\t]*)";

/// The shape of an agency's name: up to three capitalised words.
static AGENCY_NAME: LazyLock<String> = LazyLock::new(|| {
    format!(r"\p{{Lu}}[\p{{L}}\p{{N}}&.-]*(?:{GAP}\p{{Lu}}[\p{{L}}\p{{N}}&.-]*){{0,2}}")
});

/// A name right after an agency noun: `… Bernama`, `… „Wam“`.
static NAME_AFTER: LazyLock<Regex> =
    LazyLock::new(|| fixed(&format!(r"^{GAP}{OPEN_QUOTE}(?P<name>{})", *AGENCY_NAME)));

/// A name right before "news agency": `the Petra …`.
static NAME_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| fixed(&format!(r"(?P<name>{}){GAP}$", *AGENCY_NAME)));

/// An agency whose name holds the words `News Agency`: `Philippine News Agency`, `News Agency
/// of Nigeria`.
static NEWS_AGENCY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    fixed(
        r"(?:\p{Lu}[\p{L}-]+\s+){0,2}\p{Lu}[\p{L}-]+\s+News\s+Agency(?:\s+of\s+\p{Lu}[\p{L}-]+)?|News\s+Agency\s+of\s+\p{Lu}[\p{L}-]+",
    )
});

/// Endings of German nouns after which a name is a news agency's (`Nachrichtenagentur`,
/// `Finanz-Nachrichtenagentur`, `Staatsagentur`); after a plain `Agentur` it is one only when
/// the text reports from it.
const NEWS_AGENCY_NOUNS: &[&str] = &[
    "nachrichtenagentur",
    "Nachrichtenagentur",
    "Presseagentur",
    "presseagentur",
    "Staatsagentur",
    "staatsagentur",
];

/// Reporting words right before an agency noun: `meldete die Agentur`, `laut der Agentur`.
static CUE_BEFORE_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    fixed(
        r"(?i)(?:^|[^\p{L}])(?:laut|so|meldet|meldete|meldeten|berichtet|berichtete|berichteten|zitiert|zitierte|zitierten|schreibt|schrieb|nach\s+angaben|nach\s+informationen|unter\s+berufung\s+auf|zufolge|gegenüber|sagte(?:\s+[\p{L}.-]+){0,3}?|erklärte(?:\s+[\p{L}.-]+){0,3}?|(?:bericht|meldung|angaben|informationen)\s+)\s*(?:der|des|dem|die|den|einer)?\s*(?:[\p{L}-]+(?:e|en|er|es)\s+){0,2}$",
    )
});

/// Capitalised words that follow "Agentur" without naming one (`die Agentur Ende Mai
/// schließen`), and English words that precede "news agency" without naming one.
const NOT_AGENCY_NAMES: &[&str] = &[
    "Ende",
    "Anfang",
    "Mitte",
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
    "Jahr",
    "Woche",
    "Monat",
    "Chef",
    "Chefin",
    "Sprecher",
    "Sprecherin",
    "The",
    "A",
    "An",
    "State",
    "National",
    "Official",
    "Its",
    "Their",
];

/// Words that may stand right before a source name without being a given name.
const NOT_GIVEN_NAMES: &[&str] = &[
    "Laut",
    "So",
    "Wie",
    "Nach",
    "Die",
    "Der",
    "Das",
    "Dem",
    "Den",
    "Des",
    "The",
    "Ein",
    "Eine",
    "Einem",
    "Einer",
    "Auf",
    "Im",
    "In",
    "Bei",
    "Von",
    "Vom",
    "Zum",
    "Zur",
    "Mit",
    "Für",
    "Am",
    "Als",
    "Auch",
    "Aber",
    "Und",
    "And",
    "Also",
    "Even",
    "Agentur",
    "Nachrichtenagentur",
    "Presseagentur",
    "Zeitung",
    "Tageszeitung",
    "Wochenzeitung",
    "Sender",
    "Fernsehsender",
    "Magazin",
    "Nachrichtenmagazin",
    "Portal",
    "Blatt",
    "Agency",
    "Newspaper",
    "Broadcaster",
    "Network",
    "Quelle",
    "Source",
];

/// One occurrence of a known spelling.
struct Mention {
    /// Where it stands.
    range: Range<usize>,
    /// Index of the source in the registry.
    source: usize,
    /// Whether it counts.
    counted: bool,
    /// A picture credit: never counts, not even through a list.
    excluded: bool,
}

impl Registry {
    /// Where `text` names each of the sources in `cited` (canonical names, as an article
    /// records them): every known spelling of a source, or the name itself for one the
    /// registry does not know, as a whole word. Byte ranges, in order; a source named
    /// nowhere gets none.
    pub fn mentions(&self, text: &str, cited: &[String]) -> Vec<(String, Vec<Range<usize>>)> {
        let mut spans: Vec<(String, Vec<Range<usize>>)> = cited
            .iter()
            .map(|name| (name.clone(), Vec::new()))
            .collect();
        for matched in self.matcher.find_iter(text) {
            let range = matched.range();
            if !on_word_boundaries(text, range.clone()) {
                continue;
            }
            let Some(&source) = self.by_spelling.get(&text[range.clone()].to_lowercase()) else {
                continue;
            };
            let name = &self.sources[source].name;
            if let Some((_, ranges)) = spans.iter_mut().find(|(cited, _)| cited == name) {
                ranges.push(range);
            }
        }
        for (name, ranges) in &mut spans {
            if self.resolve(name).is_some() || name.is_empty() {
                continue;
            }
            ranges.extend(
                text.match_indices(name.as_str())
                    .map(|(start, found)| start..start + found.len())
                    .filter(|range| on_word_boundaries(text, range.clone())),
            );
        }
        spans
    }

    /// Canonical names of every source `text` cites (see the module documentation).
    pub(super) fn detect_in(&self, text: &str) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        self.detect_credits(text, &mut found);
        self.detect_mentions(text, &mut found);
        self.detect_named_agencies(text, &mut found);
        found
    }

    /// Pass 1: credits and datelines ([`super::credit`]).
    fn detect_credits(&self, text: &str, found: &mut BTreeSet<String>) {
        for (_, credit) in self.credits_in(text) {
            found.extend(credit.sources);
        }
    }

    /// Pass 2: known spellings judged by their context.
    fn detect_mentions(&self, text: &str, found: &mut BTreeSet<String>) {
        let mut mentions: Vec<Mention> = self
            .matcher
            .find_iter(text)
            .filter(|matched| on_word_boundaries(text, matched.range()))
            .filter_map(|matched| {
                let range = matched.range();
                let spelling = &text[range.clone()];
                let source = *self.by_spelling.get(&spelling.to_lowercase())?;
                let excluded = picture_credit(text, &range) || part_of_a_name(text, &range);
                // A source is cited, not mentioned: a cue must say that the text takes
                // something from it. In a compound (`ORF-Chef`, `Reuters-Gebäude`) it names
                // only the compound's thing, unless the compound is a report (`APA-Anfrage`).
                let compound = text[range.end..].starts_with('-')
                    && text[range.end + 1..].starts_with(char::is_alphanumeric);
                let counted = !excluded
                    && (cue_after_hyphen(text, &range)
                        || (!compound
                            && (self.cue_before(text, &range, self.sources[source].kind)
                                || (cue_after_word(text, &range)
                                    && (self.strong.contains(&spelling.to_lowercase())
                                        || !after_given_name(text, &range))
                                    && !after_common_noun(text, &range)))));
                Some(Mention {
                    range,
                    source,
                    counted,
                    excluded,
                })
            })
            .collect();
        spread_through_lists(text, &mut mentions);
        for mention in mentions.iter().filter(|mention| mention.counted) {
            found.insert(self.sources[mention.source].name.clone());
        }
    }

    /// Pass 3: names introduced as agencies, known or not. The patterns run only where the
    /// literal words `…agentur` or `news agency` stand, which keeps this pass cheap.
    fn detect_named_agencies(&self, text: &str, found: &mut BTreeSet<String>) {
        for (position, _) in text.match_indices("gentur") {
            let noun_end = position + "gentur".len();
            // `PR-Agentur` and `Werbeagentur` are one noun each, not `Agentur`. The noun is
            // looked for in the 60 bytes before, so long runs of letters cost no more.
            let before = window_before(text, position, 60);
            let noun_start = position - before.len()
                + before
                    .char_indices()
                    .rev()
                    .find(|(_, c)| !c.is_alphabetic() && *c != '-')
                    .map_or(0, |(index, c)| index + c.len_utf8());
            let noun = &text[noun_start..noun_end];
            let news_noun = NEWS_AGENCY_NOUNS.iter().any(|end| noun.ends_with(end))
                && noun.starts_with(char::is_uppercase);
            if !news_noun && noun != "Agentur" {
                continue;
            }
            if let Some(name) = NAME_AFTER
                .captures(window_after(text, noun_end, 100))
                .and_then(|c| c.name("name"))
            {
                let end = noun_end + name.end();
                // Any firm may be an `Agentur`, and a news agency may be what the story is
                // about: it is a source when the text reports from it (`meldete die Agentur
                // Kabar`, `die Nachrichtenagentur Kabar berichtete`).
                let reported = CUE_BEFORE_NOUN.is_match(window_before(text, noun_start, 80))
                    || cue_after_word(text, &(noun_end..end));
                if reported {
                    found.extend(self.agency_name(text, noun_start..end, name.as_str()));
                }
            }
        }
        for captures in NEWS_AGENCY_NAME.captures_iter(text) {
            let Some(whole) = captures.get(0) else {
                continue;
            };
            let range = whole.range();
            if cue_after_word(text, &range) || self.cue_before(text, &range, Kind::Agency) {
                let name = whole
                    .as_str()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                found.insert(match self.resolve(&name) {
                    Some(source) => source.name.clone(),
                    None => name,
                });
            }
        }
        for (position, keyword) in text.match_indices("news agency") {
            let keyword_end = position + keyword.len();
            if let Some(name) = NAME_AFTER
                .captures(window_after(text, keyword_end, 100))
                .and_then(|c| c.name("name"))
            {
                let end = keyword_end + name.end();
                found.extend(self.agency_name(text, position..end, name.as_str()));
            }
            let before = window_before(text, position, 60);
            if let Some(name) = NAME_BEFORE.captures(before).and_then(|c| c.name("name")) {
                let start = position - before.len() + name.start();
                found.extend(self.agency_name(text, start..keyword_end, name.as_str()));
            }
        }
    }

    /// The canonical or given name of an agency introduced at `whole`, or `None` when the
    /// capitalised words are no name (`die Agentur Ende des Monats`, `the Nepalese news agency`).
    fn agency_name(&self, text: &str, whole: Range<usize>, name: &str) -> Option<String> {
        // A name broken over two lines is one name.
        let joined = name.split_whitespace().collect::<Vec<_>>().join(" ");
        // A name ends at a sentence end: `… die Agentur AFP. Die Polizei …`.
        let sentence = match joined.find(". ") {
            Some(end) => &joined[..end],
            None => &joined,
        };
        let name = sentence.trim_end_matches(['.', '-']);
        let name = name.strip_prefix("The ").unwrap_or(name);
        let first_word = name.split_whitespace().next().unwrap_or_default();
        // English nationality adjectives (`Nepalese`, `Jordanian`, `Kurdish`) are no names.
        let nationality = country_before(first_word).is_some()
            || (!name.contains(' ') && ["ese", "ian", "ish"].iter().any(|end| name.ends_with(end)));
        if name.chars().count() < 2 || NOT_AGENCY_NAMES.contains(&first_word) || nationality {
            return None;
        }
        // A genitive after the words shows they are a noun phrase, not a name.
        let rest = text[whole.end..].trim_start();
        if rest.starts_with("des ") || rest.starts_with("der ") {
            return None;
        }
        // A known spelling names the known source, unless the text places the agency in
        // another country (`die aserbaidschanische Agentur Apa` is not Austria's APA).
        let stated_country = country_before(window_before(text, whole.start, 60));
        Some(match self.resolve(name) {
            Some(source) if stated_country.is_none_or(|country| country == source.country) => {
                source.name.clone()
            }
            _ => name.to_owned(),
        })
    }

    /// True when a cue before `range` cites the source (agency-only cues for agencies).
    fn cue_before(&self, text: &str, range: &Range<usize>, kind: Kind) -> bool {
        let before = window_before(text, range.start, 160);
        CUE_BEFORE.is_match(before)
            || (kind == Kind::Agency && CUE_BEFORE_AGENCY.is_match(before))
            || (INTRO_BEFORE.is_match(before) && cue_after_word(text, range))
    }
}

/// Nationality adjectives (German and English stems) and their ISO country codes, to tell
/// agencies of the same name apart.
const NATIONALITIES: &[(&str, &str)] = &[
    ("deutsch", "DE"),
    ("german", "DE"),
    ("österreich", "AT"),
    ("austria", "AT"),
    ("schweizer", "CH"),
    ("swiss", "CH"),
    ("französisch", "FR"),
    ("french", "FR"),
    ("britisch", "GB"),
    ("british", "GB"),
    ("amerikanisch", "US"),
    ("american", "US"),
    ("us-", "US"),
    ("italienisch", "IT"),
    ("italian", "IT"),
    ("spanisch", "ES"),
    ("spanish", "ES"),
    ("portugiesisch", "PT"),
    ("portuguese", "PT"),
    ("polnisch", "PL"),
    ("polish", "PL"),
    ("tschechisch", "CZ"),
    ("czech", "CZ"),
    ("ungarisch", "HU"),
    ("hungarian", "HU"),
    ("russisch", "RU"),
    ("russian", "RU"),
    ("ukrainisch", "UA"),
    ("ukrainian", "UA"),
    ("türkisch", "TR"),
    ("turkish", "TR"),
    ("chinesisch", "CN"),
    ("chinese", "CN"),
    ("japanisch", "JP"),
    ("japanese", "JP"),
    ("koreanisch", "KR"),
    ("korean", "KR"),
    ("iranisch", "IR"),
    ("iranian", "IR"),
    ("syrisch", "SY"),
    ("syrian", "SY"),
    ("saudi", "SA"),
    ("kuwait", "KW"),
    ("emirat", "AE"),
    ("jordanisch", "JO"),
    ("jordanian", "JO"),
    ("ägyptisch", "EG"),
    ("egyptian", "EG"),
    ("aserbaidschan", "AZ"),
    ("azerbaijan", "AZ"),
    ("armenisch", "AM"),
    ("armenian", "AM"),
    ("malaysisch", "MY"),
    ("malaysian", "MY"),
    ("indisch", "IN"),
    ("indian", "IN"),
    ("pakistan", "PK"),
    ("indonesisch", "ID"),
    ("indonesian", "ID"),
    ("australisch", "AU"),
    ("australian", "AU"),
    ("kirgis", "KG"),
    ("kyrgyz", "KG"),
    ("kasach", "KZ"),
    ("kazakh", "KZ"),
    ("belarus", "BY"),
    ("weißrussisch", "BY"),
    ("serbisch", "RS"),
    ("serbian", "RS"),
    ("kroatisch", "HR"),
    ("croatian", "HR"),
    ("bulgarisch", "BG"),
    ("bulgarian", "BG"),
    ("rumänisch", "RO"),
    ("romanian", "RO"),
    ("griechisch", "GR"),
    ("greek", "GR"),
    ("niederländisch", "NL"),
    ("dutch", "NL"),
    ("belgisch", "BE"),
    ("belgian", "BE"),
    ("kubanisch", "CU"),
    ("cuban", "CU"),
    ("argentin", "AR"),
    ("brasilian", "BR"),
    ("brazilian", "BR"),
    ("katar", "QA"),
    ("qatari", "QA"),
];

/// The country named by a nationality adjective in the words right before an agency name.
fn country_before(text: &str) -> Option<&'static str> {
    let words: Vec<String> = text
        .split_whitespace()
        .rev()
        .take(3)
        .map(str::to_lowercase)
        .collect();
    words.iter().find_map(|word| {
        NATIONALITIES
            .iter()
            .find(|(stem, _)| word.starts_with(stem))
            .map(|(_, country)| *country)
    })
}

/// Marks mentions joined by list separators to a counted one as counted, in both directions
/// (`laut AP und AFP`, `the Kyiv Independent and Ukrinform reported`).
fn spread_through_lists(text: &str, mentions: &mut [Mention]) {
    loop {
        let mut changed = false;
        for index in 1..mentions.len() {
            let (left, right) = mentions.split_at_mut(index);
            let (previous, current) = (&mut left[index - 1], &mut right[0]);
            if previous.counted == current.counted
                || previous.excluded
                || current.excluded
                || previous.range.end > current.range.start
                || !LIST_GAP.is_match(&text[previous.range.end..current.range.start])
            {
                continue;
            }
            previous.counted = true;
            current.counted = true;
            changed = true;
        }
        if !changed {
            return;
        }
    }
}

/// True when `range` neither starts nor ends inside a word: the characters around it are not
/// letters or digits where the spelling itself begins or ends with one (`Reuters` is not found
/// in `Reuterstraße`, `AP` not in `SAP`).
fn on_word_boundaries(text: &str, range: Range<usize>) -> bool {
    let inner = &text[range.clone()];
    let joined = |outer: Option<char>, inner: Option<char>| {
        outer.is_some_and(char::is_alphanumeric) && inner.is_some_and(char::is_alphanumeric)
    };
    !joined(
        text[..range.start].chars().next_back(),
        inner.chars().next(),
    ) && !joined(text[range.end..].chars().next(), inner.chars().next_back())
}

/// Capitalised words that make a source's name part of another name: `Reuters Institute`,
/// `Xinhua Bookstore`, `Al Jazeera Media Network`.
const LONGER_NAMES: &[&str] = &[
    "Institute",
    "Institut",
    "Bookstore",
    "Foundation",
    "Stiftung",
    "Media",
    "Group",
    "Building",
    "Stylebook",
    "Prize",
    "Preis",
    "LP",
    "L.P.",
    "Tower",
    "Center",
    "Centre",
    "Index",
    "Terminal",
    "Billionaires",
    "Akademie",
    "Academy",
    "Stadium",
    "Arena",
    "Award",
    "Awards",
    "Industrial",
];

/// What follows a quoted programme name that belongs to a broadcaster: `“ von SRF`.
static PROGRAMME_OF: LazyLock<Regex> =
    LazyLock::new(|| fixed(r#"^[“”"«»]\s+(?:von|des|bei)\s+\p{Lu}"#));

/// True when the spelling at `range` starts a longer name (`Reuters Institute`) or credits a
/// photographer (`REUTERS/Jane Doe`).
fn part_of_a_name(text: &str, range: &Range<usize>) -> bool {
    let after = &text[range.end..];
    // A programme named in quotes and credited to a broadcaster: `„Tagesschau“ von SRF`.
    let quoted = text[..range.start].ends_with(['„', '"', '»', '«', '“']);
    if quoted && PROGRAMME_OF.is_match(window_after(text, range.end, 20)) {
        return true;
    }
    if let Some(rest) = after.strip_prefix('/') {
        return rest.starts_with(char::is_uppercase)
            && text[range.clone()].chars().all(|c| !c.is_lowercase());
    }
    let next: String = after
        .strip_prefix(' ')
        .unwrap_or_default()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect();
    let word = if next.len() > 4 {
        next.trim_end_matches('.')
    } else {
        next.as_str()
    };
    LONGER_NAMES.contains(&word)
}

/// True when an English common noun stands right before `range` (`the oil regulator ANP
/// said`, `the ruling party ANC said`): the name is that noun's apposition, not a cited source.
fn after_common_noun(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].trim_end();
    let word: String = before
        .chars()
        .rev()
        .take_while(char::is_ascii_lowercase)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    const NOUNS: &[&str] = &[
        "group",
        "party",
        "company",
        "police",
        "army",
        "court",
        "council",
        "committee",
        "alliance",
        "union",
        "office",
        "firm",
        "bank",
        "body",
        "board",
        "watchdog",
        "giant",
    ];
    const SUFFIXES: &[&str] = &["or", "ry", "ment", "ity", "ist"];
    let starts_word = before[..before.len() - word.len()]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    word.len() >= 4
        && starts_word
        && (NOUNS.contains(&word.as_str()) || SUFFIXES.iter().any(|end| word.ends_with(end)))
}

/// True when `range` is credited as a picture source (`Foto: AP`).
fn picture_credit(text: &str, range: &Range<usize>) -> bool {
    PICTURE_CREDIT.is_match(window_before(text, range.start, 60))
}

/// True when a hyphen compound after `range` makes it a source (`APA-Anfrage`).
fn cue_after_hyphen(text: &str, range: &Range<usize>) -> bool {
    CUE_AFTER_HYPHEN.is_match(window_after(text, range.end, 40))
        || CUE_AFTER_REPORTER.is_match(window_after(text, range.end, 60))
}

/// True when a reporting verb follows `range` (`X zufolge`, `X reported`).
fn cue_after_word(text: &str, range: &Range<usize>) -> bool {
    let after = window_after(text, range.end, 60);
    // `… für den „Kurier“ und berichtet heute …`: the verb has another subject.
    let joined = after
        .trim_start_matches(['“', '”', '"', '«', '»', '‘', '\''])
        .trim_start();
    if joined.starts_with("und ") || joined.starts_with("and ") {
        return false;
    }
    CUE_AFTER_WORD.is_match(after) || CUE_AFTER_QUOTED.is_match(window_after(text, range.end, 30))
}

/// True when the word before `range` looks like a given name (`Michael Bloomberg said`): a
/// capitalised word that is not one of the words that may introduce a source.
fn after_given_name(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].trim_end();
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(index, c)| index + c.len_utf8());
    let word = &before[word_start..];
    let capitalised = word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().skip(1).any(char::is_lowercase);
    capitalised && !NOT_GIVEN_NAMES.contains(&word)
}

/// Up to `bytes` bytes of `text` before `end`, cut at a character boundary.
fn window_before(text: &str, end: usize, bytes: usize) -> &str {
    let mut start = end.saturating_sub(bytes);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..end]
}

/// Up to `bytes` bytes of `text` after `start`, cut at a character boundary.
fn window_after(text: &str, start: usize, bytes: usize) -> &str {
    let mut end = (start + bytes).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str) -> Vec<String> {
        Registry::builtin().detect(text)
    }

    #[test]
    fn austrian_and_swiss_attributions() {
        for text in [
            "Das sei nicht geplant, sagte der Sprecher der APA am Telefon.",
            "Eine Stellungnahme gab es auf Anfrage der APA nicht.",
            "Wie aus einem der APA vorliegenden Entwurf hervorgeht, steigen die Gebühren.",
            "Von der APA befragte Ökonominnen rechnen mit einer Rezession.",
            "Laut einer Meldung der APA ist die Sitzung abgesagt.",
            "Der Bürgermeister kündigte das im APA-Interview an.",
        ] {
            assert_eq!(detect(text), ["APA"], "{text}");
        }
        assert_eq!(
            detect("Das bestätigte er im Gespräch mit der Finanz-Nachrichtenagentur dpa-AFX."),
            ["dpa-AFX"]
        );
        assert_eq!(
            detect("Die Lage sei ernst, sagte die Gemeinderätin gegenüber Radio SRF."),
            ["SRF"]
        );
        assert_eq!(
            detect("Gemäss der „Aargauer Zeitung“ wird das Spital geschlossen."),
            ["Aargauer Zeitung"]
        );
        assert_eq!(detect("„Nein“, sagte er im Ö1-Morgenjournal."), ["Ö1"]);
    }

    #[test]
    fn appositions_cite_when_a_report_follows() {
        assert_eq!(
            detect("Wie der britische Sender BBC meldete, brannte das Lager."),
            ["BBC"]
        );
        assert_eq!(
            detect("Die staatliche Nachrichtenagentur Xinhua meldete zwölf Tote."),
            ["Xinhua"]
        );
        assert!(detect("Die staatliche Nachrichtenagentur Xinhua eröffnet ein Büro.").is_empty());
    }

    #[test]
    fn a_mention_is_not_a_citation() {
        for text in [
            "Der ORF erhöht im Herbst die Gebühren.",
            "Ein Interview mit ORF-Chef Karl Huber sorgte für Kritik.",
            "Sie arbeitete zwölf Jahre für Reuters in Nairobi.",
            "Die Pressekonferenz fand im Reuters-Gebäude statt.",
            "The BBC will cut hundreds of jobs.",
            "A survey by the Reuters Institute found falling trust.",
            "Er war Korrespondent der Nachrichtenagentur Reuters in Moskau.",
            "Protesters outside the palace. REUTERS/Jane Doe",
        ] {
            assert!(detect(text).is_empty(), "{text}: {:?}", detect(text));
        }
    }

    #[test]
    fn a_name_ends_at_the_sentence_end() {
        assert_eq!(
            detect("Zwei Menschen starben, meldete die Agentur AFP. Die Polizei ermittelt."),
            ["AFP"]
        );
        assert_eq!(
            detect("Das Museum ist geschlossen, meldete die Agentur Ansa. Die Fundamente halten."),
            ["ANSA"]
        );
    }

    #[test]
    fn firms_called_agentur_are_no_news_agencies() {
        assert!(detect("Die Agentur Kreativhaus entwarf die Kampagne.").is_empty());
        assert!(detect("Die PR-Agentur Wortreich betreut den Wahlkampf.").is_empty());
        assert_eq!(
            detect("Wie die kirgisische Nachrichtenagentur Kabar meldete, schneite es."),
            ["Kabar"]
        );
    }

    #[test]
    fn acronyms_defined_for_something_else() {
        assert!(
            detect("Die Arbeitsgemeinschaft für demokratische Politik (AFP) tagte am Montag.")
                .is_empty()
        );
        assert_eq!(detect("Die Ausstellung öffnet am Montag. (AFP)"), ["AFP"]);
    }

    #[test]
    fn english_wire_style() {
        assert_eq!(detect("WASHINGTON (AP) — The Senate voted."), ["AP"]);
        assert_eq!(detect("(Reuters) - Shares fell."), ["Reuters"]);
        assert_eq!(
            detect("The deal was first reported by Bloomberg News."),
            ["Bloomberg"]
        );
        assert_eq!(
            detect("Floods displaced thousands, officials said. — AFP"),
            ["AFP"]
        );
        assert_eq!(
            detect("The state-run Philippine News Agency said ports were closed."),
            ["Philippine News Agency"]
        );
        assert_eq!(
            detect("Reuters reporters saw smoke over the port."),
            ["Reuters"]
        );
        assert!(detect("Brazil's oil regulator ANP said output rose.").is_empty());
    }
}
