//! German compounds end to end (issue 14): every part findable, nothing false, whole words
//! first, prefixes, and suggestions for typos instead of splits. The sentences are our own.

use std::sync::LazyLock;

use crate::util::Workspace;

/// One short German article per case, indexed once for all tests of this module.
static ARCHIVE: LazyLock<Workspace> = LazyLock::new(|| {
    let workspace = Workspace::new();
    let articles: &[(&str, &str, &str)] = &[
        (
            "kanzler1",
            "Bundeskanzler besucht Werk",
            "Der Bundeskanzler besuchte am Montag ein Werk in Linz, wo er mit den Beschäftigten über die Lage der Industrie sprach.",
        ),
        (
            "kanzler2",
            "Vizekanzlerin warnt",
            "Die Vizekanzlerin warnte am Dienstag vor neuen Schulden und forderte einen strengen Sparkurs für das kommende Jahr.",
        ),
        (
            "minister",
            "Außenminister reist ab",
            "Der Außenminister und der Innenminister trafen am Abend den Premierminister des Nachbarlandes in der Hauptstadt.",
        ),
        (
            "meister",
            "Neuer Bürgermeister im Amt",
            "Der neue Bürgermeister eröffnete am Wochenende das Stadtfest und versprach mehr Geld für die Schulen der Gemeinde.",
        ),
        (
            "massnahme",
            "Mehr Schutz am Bahnhof",
            "Die Sicherheitsmaßnahmen am Bahnhof werden nach den Vorfällen der letzten Woche deutlich verschärft, teilte die Polizei mit.",
        ),
        (
            "ufer",
            "Hochwasser an der Donau",
            "Die Uferstraßen bleiben wegen des Hochwassers bis auf Weiteres gesperrt, die Feuerwehr pumpt Keller aus.",
        ),
        (
            "plan",
            "Ermittler zufrieden",
            "Die Anschlagspläne der Gruppe wurden rechtzeitig vereitelt, die Ermittler sprechen von einem großen Erfolg.",
        ),
        (
            "gas",
            "Energie für den Winter",
            "Die Gasspeicher sind zu Beginn der Heizsaison voll, und die Gaslieferungen aus dem Norden laufen ohne Unterbrechung.",
        ),
        (
            "gast",
            "Das Wirtshaus am Platz",
            "Der Gastwirt begrüßte jeden Gast persönlich und erzählte von der langen Geschichte seines Hauses am Hauptplatz.",
        ),
        (
            "eisen",
            "Alte Schmiede",
            "Das Eisen wird in der Eisenbahnwerkstatt noch von Hand geschmiedet, wie es seit hundert Jahren üblich ist.",
        ),
        (
            "bauer",
            "Landwirtschaft im Wandel",
            "Der Bauer verkauft seinen Bauernhof an eine junge Familie, die dort Gemüse für die Märkte der Region ziehen will.",
        ),
        (
            "rate",
            "Teurere Kredite",
            "Die monatliche Ratenzahlung und die Rate für den Wohnkredit steigen für viele Haushalte schon im nächsten Monat.",
        ),
        (
            "mindest1",
            "Sozialhilfe steigt",
            "Die Mindestsicherung wird mit dem neuen Jahr erhöht, wie die Landesregierung nach ihrer Sitzung bekanntgab.",
        ),
        (
            "mindest2",
            "Debatte im Parlament",
            "Zumindest die Zusicherung der Regierung zur Sicherheitspolitik steht, sagte die Abgeordnete in der Debatte.",
        ),
        (
            "krise",
            "Hilfe für Griechenland",
            "Griechenland schickt eine Krisentruppe auf die Inseln, um nach den Waldbränden die Versorgung zu sichern.",
        ),
        (
            "schuld",
            "Athen unter Druck",
            "Griechenland kämpft seit Jahren mit der Schuldenkrise, die Regierung verhandelt erneut mit den Geldgebern.",
        ),
        (
            "plage",
            "Plage",
            "Ein Film über eine Plage auf dem Land, ruhig erzählt und gut gespielt, mit einer überraschenden letzten Szene.",
        ),
        (
            "qualle",
            "Sommer an der Adria",
            "Badegäste klagen über die Quallenplage an den Stränden, die seit Tagen anhält und die Saison für viele trübt.",
        ),
        (
            "facebook",
            "Netzwerk löscht Konten",
            "Facebook hat tausende gefälschte Konten gelöscht. Facebook bestätigte das am Donnerstag in einer Mitteilung.",
        ),
        (
            "flucht",
            "Lager an der Grenze",
            "Die Flüchtlinge im Flüchtlingslager an der Grenze warten seit Wochen auf eine Entscheidung der Behörden.",
        ),
        (
            "bp1",
            "Wahl im Herbst",
            "Die Bundespräsidentenwahl findet im Herbst statt, die Parteien bereiten sich bereits auf den Wahlkampf vor.",
        ),
        (
            "bp2",
            "Sechs Kandidaten",
            "Zur Wahl des Bundespräsidenten treten im Herbst sechs Kandidatinnen und Kandidaten an, so viele wie nie.",
        ),
        (
            "bp3",
            "Umfrage vor dem Urnengang",
            "Vor der Bundespräsidenten-Wahl sehen die Meinungsforscher zwei Kandidaten in einem knappen Rennen um das Amt.",
        ),
        (
            "sabotage",
            "Sabotage an der Strecke",
            "Nach der Sabotage an der Bahnstrecke sperrte die Polizei ein Quadrat von zwei Kilometern, die Ausfuhr von Kohle stockt.",
        ),
        (
            "achse",
            "Staus im Berufsverkehr",
            "Die Verkehrsachsen zwischen den Vororten und der Innenstadt sind morgens überlastet, klagen die Pendler.",
        ),
        (
            "orden",
            "Feier im Rathaus",
            "Der Ehrenorden der Stadt wurde am Freitag an eine Ärztin verliehen, die seit Jahren Obdachlose versorgt.",
        ),
        (
            "regeln",
            "Neue Hausordnung",
            "Die grundlegenden Regeln für das Zusammenleben im Wohnheim wurden gewaltsam durchgesetzt, beklagen Bewohner.",
        ),
        (
            "viertel",
            "Nachtleben",
            "Im Vergnügungsviertel der Hafenstadt schließen die Lokale nun schon um Mitternacht, verfügte der Magistrat.",
        ),
        (
            "job",
            "Beratung für Arbeitslose",
            "Das Jobcenter der Stadt bietet ab Montag längere Öffnungszeiten und eine Beratung am Abend an.",
        ),
        (
            "strache",
            "Rücktritt",
            "Strache tritt zurück. Strache sagte am Abend, er bedaure nichts und werde sich aus der Politik zurückziehen.",
        ),
    ];
    for (name, title, body) in articles {
        workspace.write(&format!("{name}.txt"), format!("{title}\n\n{body}\n"));
    }
    let output = workspace.index_corpus();
    assert!(output.status.success(), "{output:?}");
    workspace
});

/// The ids found for `query`, best first.
fn found(query: &str) -> Vec<String> {
    ARCHIVE
        .search(&[query, "--limit", "50"])
        .ids()
        .into_iter()
        .map(|id| id.trim_end_matches(".txt").to_owned())
        .collect()
}

#[test]
fn issue_14_parts_find_their_compounds() {
    assert_eq!(found("Kanzler"), ["kanzler1", "kanzler2"]);
    assert_eq!(found("Minister"), ["minister"]);
    assert_eq!(found("Meister"), ["meister"]);
    assert_eq!(found("Maßnahme"), ["massnahme"]);
    for street in ["Straße", "Strasse", "Straßen"] {
        assert_eq!(found(street), ["ufer"], "{street}");
    }
    assert_eq!(found("Plan"), ["plan"]);
    assert_eq!(found("Pläne"), ["plan"]);
}

#[test]
fn issue_14_short_parts_without_false_friends() {
    assert_eq!(found("Gas"), ["gas"]);
    assert!(found("Eis").is_empty(), "Eisen is no Eis");
    assert!(found("Bau").is_empty(), "Bauer is no Bau");
    assert!(!found("Rat").contains(&"rate".to_owned()), "Rate is no Rat");
}

#[test]
fn issue_14_a_query_compound_is_not_broken_into_parts_that_match_anywhere() {
    assert_eq!(found("Mindestsicherung"), ["mindest1"]);
    assert_eq!(found("+Griechenland +Schuldenkrise"), ["schuld"]);
    // The one article with the word comes first, the review titled `Plage` not at all.
    assert_eq!(found("Quallenplage"), ["qualle"]);
    // The word first, then its spaced and hyphenated forms.
    let election = found("Bundespräsidentenwahl");
    assert_eq!(
        election.first().map(String::as_str),
        Some("bp1"),
        "{election:?}"
    );
    assert_eq!(election.len(), 3, "{election:?}");
    assert!(election.contains(&"bp2".to_owned()) && election.contains(&"bp3".to_owned()));
}

#[test]
fn issue_14_links_adjectives_and_participles_make_no_false_parts() {
    // `Verkehr·s·achsen` and `Ehre·n·orden`, not `Verkehr·sachsen` and `Ehre·norden`.
    assert_eq!(found("Achsen"), ["achse"]);
    assert!(!found("Sachsen").contains(&"achse".to_owned()));
    assert_eq!(found("Orden"), ["orden"]);
    assert!(!found("Norden").contains(&"orden".to_owned()));
    // `grundlegenden` is a participle and `gewaltsam` an adjective: no `Legende`, no `Samen`.
    assert!(!found("Legende").contains(&"regeln".to_owned()));
    assert!(!found("Samen").contains(&"regeln".to_owned()));
    // A part the word list knows only in the plural, and a short part.
    assert_eq!(found("Vergnügung"), ["viertel"]);
    assert_eq!(found("Viertel"), ["viertel"]);
    assert_eq!(found("Center"), ["job"]);
    assert_eq!(found("Job"), ["job"]);
}

#[test]
fn issue_14_typos_get_a_suggestion_not_a_split() {
    let typo = ARCHIVE.search(&["Fakebook"]);
    assert!(typo.hits.is_empty(), "{:?}", typo.ids());
    assert_eq!(typo.suggestion.as_deref(), Some("Facebook"));
    let name = ARCHIVE.search(&["Straache"]);
    assert!(name.hits.is_empty(), "{:?}", name.ids());
    assert_eq!(name.suggestion.as_deref(), Some("Strache"));
}

#[test]
fn issue_14_short_parts_beside_rare_words_are_no_parts() {
    for word in ["Tag", "Tage", "Rat"] {
        assert!(!found(word).contains(&"sabotage".to_owned()), "{word}");
    }
}

#[test]
fn issue_14_prefixes_reach_the_word_itself_and_exclude() {
    // The stem of the prefix is the prefix: `Maßnahme*` finds `Sicherheitsmaßnahmen` and
    // `Bürgermeister*` the word itself.
    assert_eq!(found("Sicherheitsmaßnahme*"), ["massnahme"]);
    assert_eq!(found("Bürgermeister*"), ["meister"]);
    let others = ARCHIVE.search(&["--limit", "100", "--", "-Flücht*"]);
    assert!(!others.ids().contains(&"flucht.txt"), "{:?}", others.ids());
    assert!(others.total_hits > 10, "{}", others.total_hits);
    let output = ARCHIVE.newsidx(&["search", "\"Ansch\"*"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("needs at least two words"),
        "{output:?}"
    );
}

#[test]
fn issue_14_prefix_queries() {
    let prefix = ARCHIVE.search(&["Flücht*"]);
    assert_eq!(prefix.ids(), ["flucht.txt"]);
    // Both words are marked, each once.
    let highlights = &prefix.hits[0].highlights;
    assert_eq!(highlights.len(), 2, "{highlights:?}");
    assert_eq!(found("+Flücht* -Grenze"), Vec::<String>::new());
    let output = ARCHIVE.newsidx(&["search", "Fl*"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("a prefix needs at least 3 letters"),
        "{output:?}"
    );
}
