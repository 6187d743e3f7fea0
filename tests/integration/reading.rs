//! What newsidx reads out of text in Austrian, German and English newsroom conventions, end to
//! end: files indexed by the binary, fields read back with `search --json` (issue 13).

use crate::util::Workspace;

/// An archive of four articles, one per convention: a closing credit with author and date, a
/// history piece dated only in its running text, an APA dateline without a headline, and an
/// outlet that is only mentioned.
fn archive() -> Workspace {
    let workspace = Workspace::new();
    workspace.write(
        "schule.txt",
        "Die Gemeinde Hollabrunn baut bis 2027 eine neue Volksschule mit zwölf Klassen. \
         Die Kosten liegen bei rund 14 Mio. Euro.\n\n(Anna Huber, 10.5.2016)\n",
    );
    workspace.write(
        "bruecke.txt",
        "Die alte Brücke wird saniert\n\nAm 19. Februar 1937 wurde die Brücke über die Traun \
         eröffnet. Nun wird sie bis 30. Juni 2026 gesperrt.\n",
    );
    workspace.write(
        "linie.txt",
        "Wien (APA) – Die Straßenbahnlinie Nr. 71 fährt ab 12. Mai nur bis zum Zentralfriedhof. \
         Ein Ersatzbus ist eingerichtet, sagte ein Sprecher der Wiener Linien auf Anfrage der APA. \
         (red, APA 4.9.2015)\n",
    );
    workspace.write(
        "orf.txt",
        "Der ORF erhöht die Gebühren\n\nDer ORF-Stiftungsrat hat am Donnerstag höhere Gebühren \
         beschlossen. Die Opposition kritisierte den Schritt.\n",
    );
    assert!(workspace.index_corpus().status.success());
    workspace
}

#[test]
fn issue_13_credits_datelines_and_mentions_read_as_a_reader_would() {
    let workspace = archive();
    let all = workspace.search(&["--limit", "10"]);
    let hit = |id: &str| {
        all.hits
            .iter()
            .find(|hit| hit.id == id)
            .unwrap_or_else(|| panic!("{id} not found: {:?}", all.ids()))
    };

    let school = hit("schule.txt");
    assert_eq!(school.date.as_deref(), Some("2016-05-10"));
    assert_eq!(school.authors, ["Anna Huber"]);
    assert_eq!(
        school.title,
        "Die Gemeinde Hollabrunn baut bis 2027 eine neue Volksschule mit zwölf Klassen."
    );

    let bridge = hit("bruecke.txt");
    assert_eq!(
        bridge.date, None,
        "running-text dates are no publication dates"
    );

    let line = hit("linie.txt");
    assert_eq!(
        line.title,
        "Die Straßenbahnlinie Nr. 71 fährt ab 12. Mai nur bis zum Zentralfriedhof."
    );
    assert_eq!(line.date.as_deref(), Some("2015-09-04"));
    assert_eq!(line.agencies, ["APA"]);
    assert!(line.authors.is_empty(), "initials are no author");

    let orf = hit("orf.txt");
    assert!(orf.agencies.is_empty(), "{:?}", orf.agencies);

    // The mentioned ORF is no source to filter by; the cited APA is.
    assert_eq!(workspace.search(&["--agency", "APA"]).ids(), ["linie.txt"]);
    assert!(workspace.search(&["--agency", "ORF"]).hits.is_empty());
}
