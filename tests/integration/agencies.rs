//! `newsidx agencies`: cited sources with article counts.

use serde::Deserialize;

use crate::util::{SAMPLE, Workspace, stderr, stdout};

/// `agencies --json` output.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AgenciesOutput {
    articles: u64,
    agencies: Vec<AgencyCount>,
}

/// One agency and its count.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct AgencyCount {
    name: String,
    count: u64,
}

#[test]
fn counts_articles_per_agency_most_cited_first() {
    let output = SAMPLE.newsidx(&["agencies", "--json"]).output().unwrap();
    assert!(output.status.success());
    let parsed: AgenciesOutput = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(parsed.articles, 44);
    let count = |name: &str| {
        parsed
            .agencies
            .iter()
            .find(|agency| agency.name == name)
            .map_or(0, |agency| agency.count)
    };
    assert_eq!(count("dpa"), 9);
    assert_eq!(count("Reuters"), 6);
    assert_eq!(count("AFP"), 6);
    assert_eq!(count("AP"), 2);
    assert_eq!(count("Bloomberg"), 2);
    assert_eq!(count("TASS"), 1);
    assert_eq!(count("Keystone-SDA"), 1);
    assert_eq!(count("ČTK"), 1);
    assert_eq!(count("SAP"), 0);
    let counts: Vec<u64> = parsed.agencies.iter().map(|agency| agency.count).collect();
    let mut sorted = counts.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(counts, sorted);
    assert_eq!(
        parsed.agencies[0],
        AgencyCount {
            name: "dpa".into(),
            count: 9
        }
    );
}

#[test]
fn plain_listing_has_counts_and_names() {
    let output = SAMPLE.newsidx(&["agencies"]).output().unwrap();
    let out = stdout(&output);
    assert!(out.starts_with("9  dpa\n"), "{out}");
    assert!(out.contains("\n1  TASS\n"), "{out}");
    assert!(
        out.trim_end().ends_with("agencies cited in 44 articles"),
        "{out}"
    );
}

/// `agencies --known --json` output.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KnownOutput {
    sources: Vec<KnownSource>,
}

/// One known source.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KnownSource {
    name: String,
    kind: String,
    country: String,
    aliases: Vec<String>,
}

/// A Kurdish outlet the built-in list does not know, cited in two ways.
const RUDAW_ARTICLE: &str = "Grenzübergang wieder offen\n\n\
    Erbil (Rudaw) – Der Grenzübergang zur Türkei ist wieder geöffnet. Das bestätigte ein Sprecher \
    gegenüber Rudaw English. Laut AP warteten Hunderte Lastwagen.\n";

/// An agency list adding Rudaw with an English alias, and an alias to a built-in agency.
const AGENCY_LIST: &str = "[[source]]\nname = \"Rudaw\"\nkind = \"outlet\"\ncountry = \"IQ\"\naliases = [\"Rudaw English\"]\n\n\
    [[source]]\nname = \"AP\"\nstrong = [\"Associated Press Television\"]\n";

#[test]
fn the_known_list_covers_the_required_sources() {
    let output = Workspace::new()
        .newsidx(&["agencies", "--known", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "--known needs no index");
    let known: KnownOutput = serde_json::from_slice(&output.stdout).unwrap();
    let names: Vec<&str> = known
        .sources
        .iter()
        .map(|source| source.name.as_str())
        .collect();
    for required in [
        "dpa",
        "AFP",
        "Reuters",
        "AP",
        "Bloomberg",
        "UPI",
        "APA",
        "Keystone-SDA",
        "ANSA",
        "EFE",
        "Lusa",
        "ČTK",
        "PAP",
        "MTI",
        "ANP",
        "Belga",
        "TASS",
        "RIA Novosti",
        "Interfax",
        "Ukrinform",
        "Anadolu",
        "Xinhua",
        "Kyodo",
        "Jiji",
        "Yonhap",
        "PTI",
        "AAP",
        "IRNA",
        "WAFA",
        "KNA",
        "epd",
        "SID",
        "dts",
        "dpa-AFX",
        "DW",
        "BBC",
        "CNN",
        "Al Jazeera",
        "Le Monde",
        "Le Figaro",
        "The Guardian",
        "The New York Times",
        "The Washington Post",
        "The Wall Street Journal",
        "Financial Times",
        "Der Spiegel",
        "FAZ",
        "Süddeutsche Zeitung",
        "Handelsblatt",
        "Bild",
        "ARD",
        "ZDF",
        "ORF",
    ] {
        assert!(
            names.contains(&required),
            "{required} is not in the built-in list"
        );
    }
    let dpa = &known.sources[0];
    assert_eq!(
        (dpa.name.as_str(), dpa.kind.as_str(), dpa.country.as_str()),
        ("dpa", "agency", "DE")
    );
    assert!(dpa.aliases.contains(&"Deutschen Presse-Agentur".to_owned()));
    let ria = known
        .sources
        .iter()
        .find(|source| source.name == "RIA Novosti")
        .unwrap();
    assert!(ria.aliases.contains(&"RIA Nowosti".to_owned()));
    let bbc = known
        .sources
        .iter()
        .find(|source| source.name == "BBC")
        .unwrap();
    assert_eq!(bbc.kind, "outlet");
}

#[test]
fn a_user_list_adds_sources_and_aliases() {
    let workspace = Workspace::new();
    workspace.write("rudaw.txt", RUDAW_ARTICLE);
    workspace.write(
        "ap.txt",
        "Neue Bilder\n\nBilder vom Hafen zeigten Schäden, berichtete die Associated Press.\n",
    );
    let list = workspace.dir.path().join("extra.toml");
    std::fs::write(&list, AGENCY_LIST).unwrap();
    let list = list.to_str().unwrap();

    // Without the list Rudaw is unknown (and not introduced as an agency): only AP counts.
    assert!(workspace.index_corpus().status.success());
    let plain = workspace.search(&["Grenzübergang"]);
    assert_eq!(plain.hits[0].agencies, ["AP"]);

    let output = workspace
        .newsidx(&["index", "--agency-list", list, "corpus"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        workspace.search(&["Grenzübergang"]).hits[0].agencies,
        ["AP", "Rudaw"]
    );
    assert_eq!(workspace.search(&["Hafen"]).hits[0].agencies, ["AP"]);
    let by_alias = workspace.search(&["--agency-list", list, "--agency", "rudaw english"]);
    assert_eq!(by_alias.ids(), ["rudaw.txt"]);

    let known = workspace
        .newsidx(&["agencies", "--known", "--agency-list", list])
        .output()
        .unwrap();
    let listing = stdout(&known);
    assert!(listing.contains("Rudaw "), "{listing}");
    assert!(
        listing.contains("outlet  IQ       Rudaw English"),
        "{listing}"
    );
    // Issue 13: the columns have a header.
    let header = listing.lines().next().unwrap_or_default();
    assert!(
        header.starts_with("name ") && header.ends_with("  kind    country  aliases"),
        "{header}"
    );
    assert!(
        listing
            .trim_end()
            .ends_with("178 sources known: 67 agencies, 111 outlets"),
        "{listing}"
    );
}

#[test]
fn an_agency_list_in_the_index_directory_is_always_read() {
    let workspace = Workspace::new();
    workspace.write("rudaw.txt", RUDAW_ARTICLE);
    std::fs::create_dir_all(workspace.index()).unwrap();
    std::fs::write(workspace.index().join("agencies.toml"), AGENCY_LIST).unwrap();
    assert!(workspace.index_corpus().status.success());
    assert_eq!(
        workspace.search(&["--agency", "Rudaw English"]).ids(),
        ["rudaw.txt"]
    );
    let rebuilt = workspace
        .newsidx(&["index", "--rebuild", "corpus"])
        .output()
        .unwrap();
    assert!(rebuilt.status.success());
    assert!(
        workspace.index().join("agencies.toml").is_file(),
        "--rebuild keeps the list"
    );
}

#[test]
fn a_broken_agency_list_is_a_clear_error() {
    let workspace = Workspace::new();
    workspace.write("a.txt", "Titel\n\nText.\n");
    let list = workspace.dir.path().join("broken.toml");
    std::fs::write(&list, "[[source]]\nnam = \"X\"\n").unwrap();
    let output = workspace
        .newsidx(&["index", "--agency-list", list.to_str().unwrap(), "corpus"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    assert!(
        errors.contains("broken.toml: invalid agency list: line 2:"),
        "{errors}"
    );
    let missing = workspace
        .newsidx(&["agencies", "--known", "--agency-list", "nowhere.toml"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("nowhere.toml: agency list not found"));
}

#[test]
fn issue_15_more_sources_than_an_aggregation_may_count() {
    // 70,000 distinct sources: tantivy's terms aggregation stops at 65,000 buckets.
    let workspace = Workspace::new();
    let mut lines = String::new();
    for article in 0..70 {
        let names: Vec<String> = (0..1000)
            .map(|i| format!("Agentur Nummer{:05}", article * 1000 + i))
            .collect();
        lines.push_str(
            &serde_json::json!({
                "id": format!("a{article}"),
                "title": "Meldung",
                "text": "Ein kurzer Text.",
                "agency": names.join(", "),
            })
            .to_string(),
        );
        lines.push('\n');
    }
    workspace.write("many.jsonl", lines);
    assert!(workspace.index_corpus().status.success());
    let output = workspace.newsidx(&["agencies"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.trim_end()
            .ends_with("70000 agencies cited in 70 articles"),
        "{}",
        out.lines().last().unwrap_or_default()
    );
    assert_eq!(
        out.lines().filter(|line| line.contains("Nummer")).count(),
        70_000
    );
}
