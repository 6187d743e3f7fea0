//! A deterministic generator of synthetic German wire-style articles for benchmarks.
//!
//! The vocabulary has a few hundred real German function and news words at the top and a
//! long tail of 400,000 generated German-looking words, drawn with a Zipfian distribution (the
//! n-th most frequent word about 1/n as often as the first), so an archive of 100,000 articles
//! holds hundreds of thousands of distinct words, as real text does. About one noun in twelve
//! is a compound of two others (with a Fugen-s now and then). Each article has a headline, a
//! dateline with an agency credit, and paragraphs in which about one sentence in five cites a
//! source the ways real reports do (`laut X`, `X zufolge`, `berichtete X`, `nach Angaben der
//! Agentur X`). The same seed always gives the same articles.

/// A small, fast, deterministic pseudo-random generator (SplitMix64).
pub struct Random(u64);

impl Random {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Random {
        Random(seed)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number below `n`, the k-th about 1/k as likely as the first (Zipf, s = 1).
    pub fn zipf(&mut self, n: usize) -> usize {
        let uniform = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64 + 1.0).powf(uniform) as usize)
            .saturating_sub(1)
            .min(n - 1)
    }

    /// One element of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The most frequent words: German function words and common news words, most frequent first.
const COMMON: &[&str] = &[
    "die",
    "der",
    "und",
    "in",
    "den",
    "von",
    "zu",
    "das",
    "mit",
    "sich",
    "des",
    "auf",
    "für",
    "ist",
    "im",
    "dem",
    "nicht",
    "ein",
    "eine",
    "als",
    "auch",
    "es",
    "an",
    "werden",
    "aus",
    "er",
    "hat",
    "dass",
    "sie",
    "nach",
    "wird",
    "bei",
    "einer",
    "um",
    "am",
    "sind",
    "noch",
    "wie",
    "einem",
    "über",
    "einen",
    "so",
    "zum",
    "war",
    "haben",
    "nur",
    "oder",
    "aber",
    "vor",
    "zur",
    "bis",
    "mehr",
    "durch",
    "man",
    "sein",
    "wurde",
    "sei",
    "Prozent",
    "Jahr",
    "Regierung",
    "Polizei",
    "Millionen",
    "Euro",
    "Menschen",
    "Stadt",
    "Land",
    "Woche",
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Behörden",
    "Angaben",
    "Minister",
    "Ministerin",
    "Sprecher",
    "Bericht",
    "Ermittler",
    "Anschlag",
    "Anschläge",
    "Sicherheit",
    "Kontrollen",
    "Grenze",
    "Straße",
    "Verkehr",
    "Bahn",
    "Streik",
    "Gewerkschaft",
    "Preise",
    "Energie",
    "Unternehmen",
    "Wirtschaft",
    "Haushalt",
    "Wahl",
    "Partei",
    "Koalition",
    "Opposition",
    "Parlament",
    "Gesetz",
    "Reform",
    "Gericht",
    "Hochwasser",
    "Sturm",
    "Feuerwehr",
    "Kinder",
    "Bürger",
    "Schule",
    "Krankenhaus",
    "verletzt",
    "festgenommen",
    "angekündigt",
    "beschlossen",
    "kritisiert",
    "gefordert",
    "bestätigt",
    "gesperrt",
    "gestiegen",
    "gesunken",
    "deutlich",
    "erneut",
    "bereits",
    "zunächst",
    "weiterhin",
    "mehrere",
    "zahlreiche",
    "neue",
    "hohe",
];

/// Syllable parts of generated words.
const ONSETS: &[&str] = &[
    "b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "w", "z", "br", "dr", "fl",
    "gr", "kl", "kr", "pf", "schl", "schm", "schw", "sp", "st", "str", "tr", "zw", "ch", "sch",
];
/// Vowels of generated words.
const NUCLEI: &[&str] = &[
    "a", "e", "i", "o", "u", "ä", "ö", "ü", "ei", "au", "eu", "ie",
];
/// Syllable ends of generated words.
const CODAS: &[&str] = &[
    "", "", "n", "r", "l", "s", "t", "ck", "ng", "nd", "rt", "st", "ft", "cht", "tz",
];
/// Endings of generated words.
const ENDINGS: &[&str] = &[
    "", "", "", "ung", "heit", "keit", "en", "er", "lich", "isch", "schaft", "e",
];

/// Sources cited in the generated text.
pub const SOURCES: &[&str] = &[
    "dpa",
    "Reuters",
    "AFP",
    "AP",
    "Bloomberg",
    "TASS",
    "Xinhua",
    "ORF",
    "BBC",
    "Le Monde",
    "Handelsblatt",
    "Interfax",
    "Kyodo",
    "epd",
    "KNA",
];

/// Places for datelines.
const PLACES: &[&str] = &[
    "Berlin",
    "Hamburg",
    "München",
    "Köln",
    "Frankfurt",
    "Dresden",
    "Wien",
    "Zürich",
    "Paris",
    "Brüssel",
    "Moskau",
    "Kiew",
    "Peking",
    "Washington",
    "London",
];

/// German month names.
const MONTHS: &[&str] = &[
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
];

/// Generated words after the common ones.
const GENERATED_WORDS: usize = 400_000;

/// The vocabulary, most frequent first.
pub struct Vocabulary {
    /// Words by rank.
    words: Vec<String>,
}

impl Vocabulary {
    /// The vocabulary (the same every time).
    pub fn new() -> Vocabulary {
        let mut random = Random::new(7);
        let mut words: Vec<String> = COMMON.iter().map(|w| (*w).to_owned()).collect();
        let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
        while words.len() < COMMON.len() + GENERATED_WORDS {
            let syllables = 1 + random.below(3);
            let mut word = String::new();
            for _ in 0..syllables {
                word.push_str(random.pick(ONSETS));
                word.push_str(random.pick(NUCLEI));
                word.push_str(random.pick(CODAS));
            }
            word.push_str(random.pick(ENDINGS));
            if word.chars().count() >= 3 && seen.insert(word.clone()) {
                words.push(word);
            }
        }
        Vocabulary { words }
    }

    /// A word drawn with Zipfian frequency; sometimes a capitalised compound of two.
    fn word(&self, random: &mut Random) -> String {
        let word = &self.words[random.zipf(self.words.len())];
        if random.below(12) == 0 {
            let head = &self.words[random.zipf(self.words.len())];
            let link = if random.below(3) == 0 { "s" } else { "" };
            return capitalise(&format!("{word}{link}{head}"));
        }
        if random.below(4) == 0 {
            capitalise(word)
        } else {
            word.clone()
        }
    }
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary::new()
    }
}

/// `word` with its first letter in upper case.
fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// One synthetic article.
pub struct Article {
    /// Headline.
    pub title: String,
    /// Text, starting with a dateline.
    pub body: String,
    /// Publication date, `YYYY-MM-DD`.
    pub date: String,
}

/// A sentence, sometimes attributed to a source.
fn sentence(random: &mut Random, vocabulary: &Vocabulary) -> String {
    let length = 8 + random.below(14);
    let words: Vec<String> = (0..length).map(|_| vocabulary.word(random)).collect();
    let text = capitalise(&words.join(" "));
    let source = random.pick(SOURCES);
    match random.below(20) {
        0 => format!("Laut {source} {}.", words.join(" ")),
        1 => format!("{text}, berichtete {source}."),
        2 => format!("Nach Angaben der Agentur {source} {}.", words.join(" ")),
        3 => format!("{source} zufolge {}.", words.join(" ")),
        _ => format!("{text}."),
    }
}

/// Article number `index` of the corpus seeded with `seed` (independent of other articles, so
/// any part of a corpus can be generated on its own).
pub fn article(index: u64, seed: u64, vocabulary: &Vocabulary) -> Article {
    let mut random = Random::new(seed ^ index.wrapping_mul(0x2545_F491_4F6C_DD1D));
    let headline: Vec<String> = (0..(5 + random.below(5)))
        .map(|_| vocabulary.word(&mut random))
        .collect();
    let (year, month, day) = (
        2000 + random.below(26),
        random.below(12),
        1 + random.below(28),
    );
    let mut body = format!(
        "{}, {day}. {} {year} ({}) – ",
        random.pick(PLACES),
        MONTHS[month],
        random.pick(SOURCES)
    );
    for paragraph in 0..(3 + random.below(5)) {
        if paragraph > 0 {
            body.push_str("\n\n");
        }
        let sentences: Vec<String> = (0..(2 + random.below(4)))
            .map(|_| sentence(&mut random, vocabulary))
            .collect();
        body.push_str(&sentences.join(" "));
    }
    Article {
        title: capitalise(&headline.join(" ")),
        body,
        date: format!("{year}-{:02}-{day:02}", month + 1),
    }
}
