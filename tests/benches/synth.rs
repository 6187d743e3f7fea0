//! A deterministic generator of synthetic German wire-style articles for benchmarks.
//!
//! Each article has a headline, a dateline with a credit, and paragraphs in which about one
//! sentence in four attributes something to an agency or outlet, in the ways real reports do
//! (`laut X`, `X zufolge`, `berichtete X`, `nach Angaben der Agentur X`). The vocabulary mixes a
//! fixed list of common news words with generated compounds, so the text is not a handful of
//! repeated words.

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

    /// A number below `n`, small ones far more likely (roughly Zipfian).
    pub fn zipf(&mut self, n: usize) -> usize {
        let uniform = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(uniform) as usize)
            .saturating_sub(1)
            .min(n - 1)
    }

    /// One element of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Common words of German news text.
const WORDS: &[&str] = &[
    "Regierung",
    "Polizei",
    "Stadt",
    "Menschen",
    "Jahr",
    "Woche",
    "Montag",
    "Dienstag",
    "Behörden",
    "Angaben",
    "Bundesregierung",
    "Minister",
    "Ministerin",
    "Sprecher",
    "Bericht",
    "Ermittler",
    "Verdächtige",
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
    "Löhne",
    "Preise",
    "Energie",
    "Strom",
    "Gas",
    "Unternehmen",
    "Konzern",
    "Stellen",
    "Arbeitsplätze",
    "Wirtschaft",
    "Wachstum",
    "Haushalt",
    "Milliarden",
    "Millionen",
    "Euro",
    "Prozent",
    "Wahl",
    "Partei",
    "Koalition",
    "Opposition",
    "Parlament",
    "Gesetz",
    "Reform",
    "Gericht",
    "Urteil",
    "Klage",
    "Hochwasser",
    "Sturm",
    "Hitze",
    "Brand",
    "Feuerwehr",
    "Rettungskräfte",
    "Verletzte",
    "Tote",
    "Krankenhaus",
    "Schule",
    "Lehrer",
    "Kinder",
    "Eltern",
    "Bürger",
    "Anwohner",
    "verstärkt",
    "angekündigt",
    "beschlossen",
    "kritisiert",
    "gefordert",
    "bestätigt",
    "festgenommen",
    "verletzt",
    "gesperrt",
    "eröffnet",
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
    "der",
    "die",
    "das",
    "und",
    "in",
    "mit",
    "auf",
    "für",
    "von",
    "nach",
    "bei",
    "sich",
    "hat",
    "haben",
    "wurde",
    "wurden",
    "ist",
    "sind",
    "soll",
    "sollen",
    "nicht",
    "auch",
    "noch",
];

/// Parts that generated compounds are built from.
const PARTS: &[&str] = &[
    "Sicherheits",
    "Verkehrs",
    "Energie",
    "Wirtschafts",
    "Bundes",
    "Landes",
    "Stadt",
    "Polizei",
    "Grenz",
    "Bahn",
    "Haushalts",
    "Klima",
    "Wasser",
    "Wohnungs",
    "Bildungs",
    "Gesundheits",
    "Terror",
    "Wahl",
    "Steuer",
    "Renten",
];

/// Heads of generated compounds.
const HEADS: &[&str] = &[
    "kontrolle",
    "politik",
    "ministerium",
    "behörde",
    "gesetz",
    "plan",
    "streit",
    "krise",
    "reform",
    "warnung",
    "konzept",
    "programm",
    "bericht",
    "lage",
    "netz",
];

/// Sources cited in the generated text.
const SOURCES: &[&str] = &[
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

/// One word: mostly common words, sometimes a generated compound.
fn word(random: &mut Random) -> String {
    if random.below(6) == 0 {
        let head = HEADS[random.zipf(HEADS.len())];
        format!("{}{head}", PARTS[random.zipf(PARTS.len())])
    } else {
        WORDS[random.zipf(WORDS.len())].to_owned()
    }
}

/// A sentence of `length` words, sometimes attributed to a source.
fn sentence(random: &mut Random) -> String {
    let length = 8 + random.below(14);
    let mut words: Vec<String> = (0..length).map(|_| word(random)).collect();
    if let Some(first) = words.first_mut() {
        let mut chars = first.chars();
        if let Some(c) = chars.next() {
            *first = c.to_uppercase().chain(chars).collect();
        }
    }
    let text = words.join(" ");
    let source = random.pick(SOURCES);
    match random.below(16) {
        0 => format!("Laut {source} {}.", text.to_lowercase()),
        1 => format!("{text}, berichtete {source}."),
        2 => format!("Nach Angaben der Agentur {source} {}.", text.to_lowercase()),
        3 => format!("{source} zufolge {}.", text.to_lowercase()),
        _ => format!("{text}."),
    }
}

/// `count` articles as plain text, the same for the same `seed`.
pub fn articles(count: usize, seed: u64) -> Vec<String> {
    let mut random = Random::new(seed);
    (0..count)
        .map(|index| {
            let headline: Vec<String> = (0..6).map(|_| word(&mut random)).collect();
            let mut text = format!("{} {index}\n\n", headline.join(" "));
            text.push_str(&format!(
                "{}, {}. März 2024 ({}) – ",
                random.pick(PLACES),
                1 + random.below(28),
                random.pick(SOURCES)
            ));
            for paragraph in 0..(3 + random.below(5)) {
                if paragraph > 0 {
                    text.push_str("\n\n");
                }
                let sentences: Vec<String> = (0..(2 + random.below(4)))
                    .map(|_| sentence(&mut random))
                    .collect();
                text.push_str(&sentences.join(" "));
            }
            text.push('\n');
            text
        })
        .collect()
}
