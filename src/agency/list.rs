//! The built-in list of news agencies and outlets that articles cite as sources.
//!
//! Each entry has a canonical name (what is stored and shown), a kind, a country (ISO 3166-1
//! alpha-2), the aliases under which it is written in German and English text, and which of
//! those spellings are "strong": names no person bears (`Associated Press`, `Deutsche
//! Presse-Agentur`), so that a capitalised word before them is not taken for a given name.
//! Every spelling, strong or not, counts only where the text cites the source (see the
//! `detect` module): a mention is not a citation.

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
    /// Further spellings.
    pub aliases: &'static [&'static str],
    /// Further spellings that are never a person's name.
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

/// Spellings that name a source only inside a credit or dateline, `ANKARA (AA) -`; anywhere
/// else they mean something else (`AA` is also the German Foreign Office).
pub const CREDIT_ONLY: &[(&str, &str)] = &[("AA", "Anadolu")];

/// The built-in list; users add to it with a TOML file.
#[rustfmt::skip]
pub const BUILTIN: &[BuiltinEntry] = &[
    // Global wires.
    entry("dpa", Agency, "DE", &["DPA", "dpa-infocom"], &["Deutsche Presse-Agentur", "Deutschen Presse-Agentur", "Deutsche Presseagentur", "Deutschen Presseagentur"]),
    entry("AFP", Agency, "FR", &[], &["Agence France-Presse", "Agence France Presse", "France-Presse", "France Presse"]),
    entry("Reuters", Agency, "GB", &["REUTERS"], &["Reuters", "Thomson Reuters"]),
    entry("AP", Agency, "US", &[], &["Associated Press"]),
    entry("Bloomberg", Agency, "US", &[], &["Bloomberg News"]),
    entry("UPI", Agency, "US", &[], &["United Press International"]),
    // National agencies.
    entry("APA", Agency, "AT", &[], &["Austria Presse Agentur", "Austria Presse-Agentur", "Austria Presseagentur"]),
    entry("Keystone-SDA", Agency, "CH", &["SDA", "sda", "Keystone-ATS", "Keystone-SDA"], &["Schweizerische Depeschenagentur"]),
    entry("AWP", Agency, "CH", &["awp", "AWP Finanznachrichten"], &[]),
    entry("ANSA", Agency, "IT", &["Ansa"], &[]),
    entry("EFE", Agency, "ES", &["Efe"], &[]),
    entry("Lusa", Agency, "PT", &[], &[]),
    entry("ČTK", Agency, "CZ", &["CTK"], &[]),
    entry("TASR", Agency, "SK", &[], &[]),
    entry("PAP", Agency, "PL", &[], &[]),
    entry("MTI", Agency, "HU", &[], &[]),
    entry("STA", Agency, "SI", &[], &[]),
    entry("HINA", Agency, "HR", &[], &[]),
    entry("Tanjug", Agency, "RS", &[], &["Tanjug"]),
    entry("BTA", Agency, "BG", &[], &[]),
    entry("Agerpres", Agency, "RO", &[], &["Agerpres"]),
    entry("ANP", Agency, "NL", &[], &[]),
    entry("Belga", Agency, "BE", &[], &[]),
    entry("Ritzau", Agency, "DK", &[], &["Ritzau"]),
    entry("NTB", Agency, "NO", &[], &[]),
    entry("TT", Agency, "SE", &[], &["Tidningarnas Telegrambyrå"]),
    entry("STT", Agency, "FI", &[], &[]),
    entry("BNS", Agency, "LT", &[], &["Baltic News Service"]),
    entry("TASS", Agency, "RU", &["Tass", "ITAR-TASS", "Itar-Tass"], &[]),
    entry("RIA Novosti", Agency, "RU", &["RIA"], &["RIA Novosti", "RIA Nowosti", "RIA-Nowosti"]),
    entry("Interfax", Agency, "RU", &[], &["Interfax"]),
    entry("Ukrinform", Agency, "UA", &[], &["Ukrinform"]),
    entry("UNIAN", Agency, "UA", &[], &[]),
    entry("BelTA", Agency, "BY", &["Belta", "BelTA"], &[]),
    entry("Anadolu", Agency, "TR", &[], &["Anadolu Agency", "Anadolu Ajansı"]),
    entry("Xinhua", Agency, "CN", &["Neues China"], &["Xinhua", "Xinhua News Agency"]),
    entry("Kyodo", Agency, "JP", &[], &["Kyodo News"]),
    entry("Jiji", Agency, "JP", &[], &["Jiji Press"]),
    entry("Yonhap", Agency, "KR", &[], &["Yonhap"]),
    entry("KCNA", Agency, "KP", &[], &["Korean Central News Agency"]),
    entry("CNA", Agency, "TW", &[], &["Central News Agency"]),
    entry("VNA", Agency, "VN", &[], &["Vietnam News Agency"]),
    entry("PTI", Agency, "IN", &[], &["Press Trust of India"]),
    entry("ANI", Agency, "IN", &[], &["Asian News International"]),
    entry("APP", Agency, "PK", &[], &["Associated Press of Pakistan"]),
    entry("Antara", Agency, "ID", &[], &[]),
    entry("Bernama", Agency, "MY", &[], &["Bernama"]),
    entry("AAP", Agency, "AU", &[], &["Australian Associated Press"]),
    entry("IRNA", Agency, "IR", &[], &[]),
    entry("Tasnim", Agency, "IR", &[], &[]),
    entry("WAFA", Agency, "PS", &["Wafa"], &[]),
    entry("MENA", Agency, "EG", &[], &["Middle East News Agency"]),
    entry("SANA", Agency, "SY", &["Sana"], &[]),
    entry("KUNA", Agency, "KW", &["Kuna"], &["Kuwait News Agency"]),
    entry("WAM", Agency, "AE", &["Wam"], &[]),
    entry("SPA", Agency, "SA", &[], &["Saudi Press Agency"]),
    entry("QNA", Agency, "QA", &[], &["Qatar News Agency"]),
    entry("Petra", Agency, "JO", &[], &[]),
    entry("Prensa Latina", Agency, "CU", &[], &["Prensa Latina"]),
    entry("Télam", Agency, "AR", &["Telam"], &[]),
    entry("Agência Brasil", Agency, "BR", &["Agencia Brasil"], &[]),
    // German special agencies.
    entry("KNA", Agency, "DE", &[], &["Katholische Nachrichten-Agentur", "Katholischen Nachrichten-Agentur"]),
    entry("epd", Agency, "DE", &["Evangelische Pressedienst"], &["Evangelischer Pressedienst", "Evangelischen Pressedienst", "Evangelischen Pressedienstes"]),
    entry("SID", Agency, "DE", &[], &["Sport-Informations-Dienst", "Sport-Informations-Dienstes"]),
    entry("dts", Agency, "DE", &[], &["dts Nachrichtenagentur"]),
    entry("dpa-AFX", Agency, "DE", &["dpa-AFX"], &[]),
    entry("Dow Jones", Agency, "US", &["Dow Jones Newswires"], &[]),
    // Outlets: broadcasters.
    entry("DW", Outlet, "DE", &[], &["Deutsche Welle", "Deutschen Welle"]),
    entry("ARD", Outlet, "DE", &["Tagesschau", "tagesschau.de", "ARD-Tagesschau", "Tagesthemen"], &[]),
    entry("ZDF", Outlet, "DE", &["heute journal"], &[]),
    entry("Deutschlandfunk", Outlet, "DE", &["DLF"], &[]),
    entry("NDR", Outlet, "DE", &[], &["Norddeutscher Rundfunk", "Norddeutschen Rundfunk", "Norddeutschen Rundfunks"]),
    entry("WDR", Outlet, "DE", &[], &["Westdeutscher Rundfunk", "Westdeutschen Rundfunk", "Westdeutschen Rundfunks"]),
    entry("MDR", Outlet, "DE", &[], &["Mitteldeutscher Rundfunk", "Mitteldeutschen Rundfunk", "Mitteldeutschen Rundfunks"]),
    entry("BR", Outlet, "DE", &[], &["Bayerischer Rundfunk", "Bayerischen Rundfunk", "Bayerischen Rundfunks"]),
    entry("SWR", Outlet, "DE", &[], &["Südwestrundfunk", "Südwestrundfunks"]),
    entry("RBB", Outlet, "DE", &["rbb"], &[]),
    entry("n-tv", Outlet, "DE", &["ntv"], &[]),
    entry("RTL", Outlet, "DE", &[], &[]),
    entry("ORF", Outlet, "AT", &[], &[]),
    entry("Ö1", Outlet, "AT", &[], &[]),
    entry("Puls 24", Outlet, "AT", &["Puls-24", "Puls24"], &[]),
    entry("SRF", Outlet, "CH", &["Radio SRF", "Schweizer Radio und Fernsehen"], &[]),
    entry("RTS", Outlet, "CH", &[], &[]),
    entry("BBC", Outlet, "GB", &[], &["BBC"]),
    entry("Sky News", Outlet, "GB", &[], &[]),
    entry("CNN", Outlet, "US", &[], &["CNN"]),
    entry("NBC News", Outlet, "US", &["NBC"], &[]),
    entry("CBS News", Outlet, "US", &["CBS"], &[]),
    entry("ABC News", Outlet, "US", &[], &[]),
    entry("Fox News", Outlet, "US", &[], &[]),
    entry("NPR", Outlet, "US", &[], &[]),
    entry("CNBC", Outlet, "US", &[], &[]),
    entry("Al Jazeera", Outlet, "QA", &[], &["Al Jazeera", "Al-Jazeera", "Al-Dschasira", "Al Dschasira"]),
    entry("Al Arabiya", Outlet, "SA", &["Al-Arabiya", "Al-Arabija", "Al Arabija"], &[]),
    entry("France 24", Outlet, "FR", &[], &[]),
    entry("RFI", Outlet, "FR", &[], &["Radio France Internationale"]),
    entry("Euronews", Outlet, "FR", &[], &[]),
    entry("RT", Outlet, "RU", &["Russia Today"], &[]),
    entry("Sputnik", Outlet, "RU", &[], &[]),
    // Outlets: print and online.
    entry("Der Spiegel", Outlet, "DE", &["Spiegel", "Spiegel Online", "Spiegels"], &[]),
    entry("FAZ", Outlet, "DE", &["F.A.Z.", "Frankfurter Allgemeine", "Frankfurter Allgemeinen"], &["Frankfurter Allgemeine Zeitung", "Frankfurter Allgemeinen Zeitung"]),
    entry("FAS", Outlet, "DE", &["F.A.S."], &["Frankfurter Allgemeine Sonntagszeitung", "Frankfurter Allgemeinen Sonntagszeitung"]),
    entry("Süddeutsche Zeitung", Outlet, "DE", &["SZ", "Süddeutsche", "Süddeutschen", "Süddeutschen Zeitung"], &[]),
    entry("Handelsblatt", Outlet, "DE", &["Handelsblatts"], &[]),
    entry("Bild", Outlet, "DE", &["Bild-Zeitung", "Bild am Sonntag"], &[]),
    entry("Die Zeit", Outlet, "DE", &["Zeit", "Zeit Online"], &[]),
    entry("Die Welt", Outlet, "DE", &["Welt", "Welt am Sonntag"], &[]),
    entry("Tagesspiegel", Outlet, "DE", &["Tagesspiegels"], &[]),
    entry("taz", Outlet, "DE", &[], &[]),
    entry("Stern", Outlet, "DE", &[], &[]),
    entry("Focus", Outlet, "DE", &["Focus Online"], &[]),
    entry("t-online", Outlet, "DE", &[], &[]),
    entry("RND", Outlet, "DE", &[], &["Redaktionsnetzwerk Deutschland", "Redaktionsnetzwerks Deutschland"]),
    entry("Frankfurter Rundschau", Outlet, "DE", &[], &[]),
    entry("Rheinische Post", Outlet, "DE", &[], &[]),
    entry("Berliner Zeitung", Outlet, "DE", &[], &[]),
    entry("Stuttgarter Zeitung", Outlet, "DE", &[], &[]),
    entry("Kölner Stadt-Anzeiger", Outlet, "DE", &["Kölner Stadt-Anzeigers"], &[]),
    entry("Münchner Merkur", Outlet, "DE", &[], &[]),
    entry("Augsburger Allgemeine", Outlet, "DE", &["Augsburger Allgemeinen"], &[]),
    entry("Funke Mediengruppe", Outlet, "DE", &["Funke-Mediengruppe", "Funke-Zeitungen"], &[]),
    entry("WirtschaftsWoche", Outlet, "DE", &["Wirtschaftswoche", "WiWo"], &[]),
    entry("Business Insider", Outlet, "US", &[], &[]),
    entry("NZZ", Outlet, "CH", &[], &["Neue Zürcher Zeitung", "Neuen Zürcher Zeitung"]),
    entry("Tages-Anzeiger", Outlet, "CH", &[], &[]),
    entry("Der Standard", Outlet, "AT", &["Standard"], &[]),
    entry("Kronen Zeitung", Outlet, "AT", &["Krone"], &[]),
    entry("Kurier", Outlet, "AT", &[], &[]),
    entry("Die Presse", Outlet, "AT", &["Presse"], &[]),
    entry("Salzburger Nachrichten", Outlet, "AT", &["SN"], &[]),
    entry("Kleine Zeitung", Outlet, "AT", &["Kleinen Zeitung"], &[]),
    entry("profil", Outlet, "AT", &[], &[]),
    entry("Falter", Outlet, "AT", &[], &[]),
    entry("Tiroler Tageszeitung", Outlet, "AT", &[], &[]),
    entry("Oberösterreichische Nachrichten", Outlet, "AT", &["Oberösterreichischen Nachrichten", "OÖN"], &[]),
    entry("Vorarlberger Nachrichten", Outlet, "AT", &[], &[]),
    entry("Wiener Zeitung", Outlet, "AT", &[], &[]),
    entry("Blick", Outlet, "CH", &[], &[]),
    entry("20 Minuten", Outlet, "CH", &[], &[]),
    entry("Le Temps", Outlet, "CH", &[], &[]),
    entry("NZZ am Sonntag", Outlet, "CH", &[], &[]),
    entry("Aargauer Zeitung", Outlet, "CH", &[], &[]),
    entry("Basler Zeitung", Outlet, "CH", &[], &[]),
    entry("Le Monde", Outlet, "FR", &[], &[]),
    entry("Le Figaro", Outlet, "FR", &["Figaro"], &[]),
    entry("Libération", Outlet, "FR", &["Liberation"], &[]),
    entry("Le Parisien", Outlet, "FR", &[], &[]),
    entry("El País", Outlet, "ES", &["El Pais"], &[]),
    entry("El Mundo", Outlet, "ES", &[], &[]),
    entry("Corriere della Sera", Outlet, "IT", &[], &[]),
    entry("La Repubblica", Outlet, "IT", &[], &[]),
    entry("Gazeta Wyborcza", Outlet, "PL", &[], &[]),
    entry("Hürriyet", Outlet, "TR", &["Hurriyet"], &[]),
    entry("Kommersant", Outlet, "RU", &[], &["Kommersant"]),
    entry("Nowaja Gaseta", Outlet, "RU", &["Novaya Gazeta"], &[]),
    entry("Meduza", Outlet, "RU", &[], &[]),
    entry("Ukrainska Pravda", Outlet, "UA", &["Ukrajinska Prawda"], &[]),
    entry("Kyiv Independent", Outlet, "UA", &["The Kyiv Independent"], &[]),
    entry("Haaretz", Outlet, "IL", &[], &[]),
    entry("Times of Israel", Outlet, "IL", &["The Times of Israel"], &[]),
    entry("The Guardian", Outlet, "GB", &["Guardian"], &[]),
    entry("The Times", Outlet, "GB", &["Times"], &[]),
    entry("The Telegraph", Outlet, "GB", &["Telegraph", "Daily Telegraph"], &[]),
    entry("The Independent", Outlet, "GB", &[], &[]),
    entry("Financial Times", Outlet, "GB", &["FT"], &[]),
    entry("The Economist", Outlet, "GB", &["Economist"], &[]),
    entry("The New York Times", Outlet, "US", &["NYT", "New York Times"], &[]),
    entry("The Washington Post", Outlet, "US", &["Washington Post"], &[]),
    entry("The Wall Street Journal", Outlet, "US", &["Wall Street Journal", "WSJ"], &[]),
    entry("USA Today", Outlet, "US", &[], &[]),
    entry("Los Angeles Times", Outlet, "US", &["LA Times"], &[]),
    entry("Politico", Outlet, "US", &[], &[]),
    entry("Axios", Outlet, "US", &[], &[]),
    entry("Semafor", Outlet, "US", &[], &[]),
    entry("Nikkei", Outlet, "JP", &[], &[]),
    entry("South China Morning Post", Outlet, "HK", &["SCMP"], &[]),
];
