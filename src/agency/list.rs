//! The built-in list of news agencies and outlets that articles cite as sources.
//!
//! Each entry has a canonical name (what is stored and shown), a kind, a country (ISO 3166-1
//! alpha-2), the aliases under which it is written in German and English text, and which of
//! those aliases are unambiguous enough to count wherever they appear ("strong"). Weak aliases
//! (`AP`, `Bloomberg`, `Spiegel`) only count in a credit or after an attribution cue, because
//! they are also letters, people or words.

/// What a source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A news agency (wire service).
    Agency,
    /// A newspaper, broadcaster or web outlet.
    Outlet,
}

/// One entry of the built-in list.
pub struct BuiltinEntry {
    /// Canonical name, also an alias.
    pub name: &'static str,
    /// Agency or outlet.
    pub kind: Kind,
    /// ISO 3166-1 alpha-2 country code.
    pub country: &'static str,
    /// Further spellings, counted only with a cue or in a credit.
    pub aliases: &'static [&'static str],
    /// Spellings that count wherever they appear.
    pub strong: &'static [&'static str],
}

/// Shorthand constructor for the table below.
const fn entry(
    name: &'static str,
    kind: Kind,
    country: &'static str,
    aliases: &'static [&'static str],
    strong: &'static [&'static str],
) -> BuiltinEntry {
    BuiltinEntry {
        name,
        kind,
        country,
        aliases,
        strong,
    }
}

use Kind::{Agency, Outlet};

/// The built-in list; users add to it with a TOML file.
pub const BUILTIN: &[BuiltinEntry] = &[
    // Global wires.
    entry(
        "dpa",
        Agency,
        "DE",
        &["DPA"],
        &[
            "Deutsche Presse-Agentur",
            "Deutschen Presse-Agentur",
            "Deutsche Presseagentur",
            "Deutschen Presseagentur",
        ],
    ),
    entry(
        "AFP",
        Agency,
        "FR",
        &[],
        &[
            "Agence France-Presse",
            "Agence France Presse",
            "France-Presse",
            "France Presse",
        ],
    ),
    entry(
        "Reuters",
        Agency,
        "GB",
        &[],
        &["Reuters", "Thomson Reuters"],
    ),
    entry("AP", Agency, "US", &[], &["Associated Press"]),
    entry("Bloomberg", Agency, "US", &[], &["Bloomberg News"]),
    entry("UPI", Agency, "US", &[], &["United Press International"]),
    // National agencies.
    entry(
        "APA",
        Agency,
        "AT",
        &[],
        &[
            "Austria Presse Agentur",
            "Austria Presse-Agentur",
            "Austria Presseagentur",
        ],
    ),
    entry(
        "Keystone-SDA",
        Agency,
        "CH",
        &["SDA", "Keystone-ATS"],
        &["Keystone-SDA", "Schweizerische Depeschenagentur"],
    ),
    entry("ANSA", Agency, "IT", &[], &[]),
    entry("EFE", Agency, "ES", &[], &[]),
    entry("Lusa", Agency, "PT", &[], &[]),
    entry("ČTK", Agency, "CZ", &["CTK"], &[]),
    entry("PAP", Agency, "PL", &[], &[]),
    entry("MTI", Agency, "HU", &[], &[]),
    entry("ANP", Agency, "NL", &[], &[]),
    entry("Belga", Agency, "BE", &[], &[]),
    entry(
        "TASS",
        Agency,
        "RU",
        &["Tass", "ITAR-TASS", "Itar-Tass"],
        &[],
    ),
    entry(
        "RIA Novosti",
        Agency,
        "RU",
        &["RIA"],
        &["RIA Novosti", "RIA Nowosti", "RIA-Nowosti"],
    ),
    entry("Interfax", Agency, "RU", &[], &["Interfax"]),
    entry("Ukrinform", Agency, "UA", &[], &["Ukrinform"]),
    entry(
        "Anadolu",
        Agency,
        "TR",
        &[],
        &["Anadolu Agency", "Anadolu Ajansı"],
    ),
    entry(
        "Xinhua",
        Agency,
        "CN",
        &[],
        &["Xinhua", "Xinhua News Agency"],
    ),
    entry("Kyodo", Agency, "JP", &[], &["Kyodo News"]),
    entry("Jiji", Agency, "JP", &[], &["Jiji Press"]),
    entry("Yonhap", Agency, "KR", &[], &["Yonhap"]),
    entry("PTI", Agency, "IN", &[], &["Press Trust of India"]),
    entry("AAP", Agency, "AU", &[], &["Australian Associated Press"]),
    entry("IRNA", Agency, "IR", &[], &[]),
    entry("WAFA", Agency, "PS", &["Wafa"], &[]),
    entry("MENA", Agency, "EG", &[], &[]),
    entry("BTA", Agency, "BG", &[], &[]),
    entry("STT", Agency, "FI", &[], &[]),
    entry("TT", Agency, "SE", &[], &["Tidningarnas Telegrambyrå"]),
    entry("NTB", Agency, "NO", &[], &[]),
    entry("Ritzau", Agency, "DK", &[], &["Ritzau"]),
    entry("Agerpres", Agency, "RO", &[], &["Agerpres"]),
    entry("Tanjug", Agency, "RS", &[], &["Tanjug"]),
    entry("HINA", Agency, "HR", &[], &[]),
    entry("SANA", Agency, "SY", &[], &[]),
    entry("KCNA", Agency, "KP", &[], &["Korean Central News Agency"]),
    entry("Antara", Agency, "ID", &[], &[]),
    // German special agencies.
    entry(
        "KNA",
        Agency,
        "DE",
        &[],
        &[
            "Katholische Nachrichten-Agentur",
            "Katholischen Nachrichten-Agentur",
        ],
    ),
    entry(
        "epd",
        Agency,
        "DE",
        &[],
        &[
            "Evangelischer Pressedienst",
            "Evangelischen Pressedienst",
            "Evangelischen Pressedienstes",
        ],
    ),
    entry(
        "SID",
        Agency,
        "DE",
        &[],
        &["Sport-Informations-Dienst", "Sport-Informations-Dienstes"],
    ),
    entry("dts", Agency, "DE", &[], &["dts Nachrichtenagentur"]),
    entry("dpa-AFX", Agency, "DE", &[], &["dpa-AFX"]),
    // Outlets.
    entry(
        "DW",
        Outlet,
        "DE",
        &[],
        &["Deutsche Welle", "Deutschen Welle"],
    ),
    entry("BBC", Outlet, "GB", &[], &["BBC"]),
    entry("CNN", Outlet, "US", &[], &["CNN"]),
    entry(
        "Al Jazeera",
        Outlet,
        "QA",
        &[],
        &["Al Jazeera", "Al-Jazeera", "Al-Dschasira", "Al Dschasira"],
    ),
    entry("Le Monde", Outlet, "FR", &[], &[]),
    entry("Le Figaro", Outlet, "FR", &["Figaro"], &[]),
    entry("The Guardian", Outlet, "GB", &["Guardian"], &[]),
    entry(
        "The New York Times",
        Outlet,
        "US",
        &["NYT", "New York Times"],
        &[],
    ),
    entry(
        "The Washington Post",
        Outlet,
        "US",
        &["Washington Post"],
        &[],
    ),
    entry(
        "The Wall Street Journal",
        Outlet,
        "US",
        &["Wall Street Journal", "WSJ"],
        &[],
    ),
    entry("Financial Times", Outlet, "GB", &["FT"], &[]),
    entry(
        "Der Spiegel",
        Outlet,
        "DE",
        &["Spiegel", "Spiegel Online", "Spiegels"],
        &[],
    ),
    entry(
        "FAZ",
        Outlet,
        "DE",
        &[
            "F.A.Z.",
            "Frankfurter Allgemeine",
            "Frankfurter Allgemeinen",
        ],
        &[
            "Frankfurter Allgemeine Zeitung",
            "Frankfurter Allgemeinen Zeitung",
        ],
    ),
    entry(
        "Süddeutsche Zeitung",
        Outlet,
        "DE",
        &["SZ", "Süddeutsche", "Süddeutschen", "Süddeutschen Zeitung"],
        &[],
    ),
    entry("Handelsblatt", Outlet, "DE", &[], &[]),
    entry(
        "Bild",
        Outlet,
        "DE",
        &["Bild-Zeitung", "Bild am Sonntag"],
        &[],
    ),
    entry(
        "ARD",
        Outlet,
        "DE",
        &["Tagesschau", "tagesschau.de", "ARD-Tagesschau"],
        &[],
    ),
    entry("ZDF", Outlet, "DE", &[], &[]),
    entry("ORF", Outlet, "AT", &[], &[]),
    entry(
        "NZZ",
        Outlet,
        "CH",
        &[],
        &["Neue Zürcher Zeitung", "Neuen Zürcher Zeitung"],
    ),
    entry("Die Zeit", Outlet, "DE", &["Zeit", "Zeit Online"], &[]),
    entry("Die Welt", Outlet, "DE", &["Welt", "Welt am Sonntag"], &[]),
    entry("Tagesspiegel", Outlet, "DE", &[], &[]),
    entry(
        "RND",
        Outlet,
        "DE",
        &[],
        &[
            "Redaktionsnetzwerk Deutschland",
            "Redaktionsnetzwerks Deutschland",
        ],
    ),
    entry("Deutschlandfunk", Outlet, "DE", &["DLF"], &[]),
    entry("Politico", Outlet, "US", &[], &[]),
    entry("Axios", Outlet, "US", &[], &[]),
    entry("El País", Outlet, "ES", &["El Pais"], &[]),
    entry("Corriere della Sera", Outlet, "IT", &[], &[]),
    entry("La Repubblica", Outlet, "IT", &[], &[]),
    entry("Haaretz", Outlet, "IL", &[], &[]),
    entry("RT", Outlet, "RU", &["Russia Today"], &[]),
    entry("Sputnik", Outlet, "RU", &[], &[]),
    entry("Kommersant", Outlet, "RU", &["Kommersant"], &[]),
    entry("Nikkei", Outlet, "JP", &[], &[]),
    entry("South China Morning Post", Outlet, "HK", &["SCMP"], &[]),
    entry("Sky News", Outlet, "GB", &[], &[]),
    entry("NBC News", Outlet, "US", &["NBC"], &[]),
    entry("CBS News", Outlet, "US", &["CBS"], &[]),
    entry("ABC News", Outlet, "US", &[], &[]),
    entry("Fox News", Outlet, "US", &[], &[]),
    entry("NPR", Outlet, "US", &[], &[]),
    entry(
        "Kyiv Independent",
        Outlet,
        "UA",
        &["The Kyiv Independent"],
        &[],
    ),
    entry("Euronews", Outlet, "FR", &[], &[]),
];
