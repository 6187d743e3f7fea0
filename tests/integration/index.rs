//! `newsidx index`: formats, encodings, skipped and failed files, summaries, re-runs.

use crate::util::{Workspace, stderr, stdout};

/// A plain-text article with headline, dateline, byline and comment-form debris.
const TEXT_ARTICLE: &str = "Neue Kontrollen an der Grenze\n\n\
    Passau, 14. Februar 2024 (dpa) – Die Bundespolizei verstärkt die Kontrollen an der Straße nach Schärding.\n\n\
    Pendler sollen mehr Zeit einplanen, sagte ein Sprecher.\n\n\
    By Anna Beispiel\n\n\
    Leave a Reply\n\n\
    Your email address will not be published. Required fields are marked *\n";

/// Writes one article of every format into the workspace's corpus.
fn write_every_format(workspace: &Workspace) {
    workspace.write("a/text.txt", TEXT_ARTICLE);
    workspace.write(
        "a/front.md",
        "---\ntitle: \"Polizei testet Bodycams\"\ndate: 2023-05-02\nauthors: [Lena Beispiel]\nagency: AFP\ntags: [Polizei]\nurl: https://example.org/bodycams\n---\n\nDie Polizei testet **Bodycams** in der Innenstadt.\n",
    );
    workspace.write(
        "b/page.html",
        "<html lang=\"de\"><head><meta property=\"og:title\" content=\"Sturmflut an der Küste\">\
         <meta property=\"article:published_time\" content=\"2023-01-12T18:40:00+01:00\"></head>\
         <body><nav>Startseite Politik Sport</nav><article><h1>Sturmflut</h1>\
         <p>Eine schwere Sturmflut hat Teile der Hafenpromenade überschwemmt, wie Reuters berichtete. Fähren fielen aus.</p>\
         <p>Der Deichverband meldete keine größeren Schäden an den Deichen.</p></article>\
         <section class=\"comments\"><p>Leserkommentar: furchtbar</p></section></body></html>",
    );
    workspace.write(
        "b/one.json",
        r#"{"id": "json-1", "title": "Gold im Kajak", "maintext": "Die Kanuten gewinnen Gold.", "date_publish": "2024-08-10 13:45:00", "authors": ["Sportredaktion"], "url": "https://example.org/kajak", "language": "de", "agency": "SID"}"#,
    );
    workspace.write(
        "b/crawl.jsonl",
        "{\"title\": \"Japan raises minimum wage\", \"maintext\": \"The government approved the increase, Kyodo reported on Tuesday.\", \"date_publish\": \"2023-08-01 05:00:00\"}\n\
         {\"title\": \"Hallenbad eröffnet\", \"text\": \"Die Gemeinde hat ihr neues Hallenbad eröffnet.\", \"date\": \"2024-10-05\"}\n",
    );
}

#[test]
fn every_format_is_indexed_with_its_fields() {
    let workspace = Workspace::new();
    write_every_format(&workspace);
    let output = workspace.index_corpus();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("indexed 6 articles from 5 files"),
        "{}",
        stdout(&output)
    );

    let all = workspace.search(&["--limit", "100"]);
    assert_eq!(
        all.sorted_ids(),
        [
            "a/front.md",
            "a/text.txt",
            "b/crawl.jsonl:1",
            "b/crawl.jsonl:2",
            "b/page.html",
            "json-1"
        ]
    );
    let hit = |id: &str| all.hits.iter().find(|hit| hit.id == id).expect(id);

    let text = hit("a/text.txt");
    assert_eq!(text.title, "Neue Kontrollen an der Grenze");
    assert_eq!(text.date.as_deref(), Some("2024-02-14"));
    assert_eq!(text.authors, ["Anna Beispiel"]);
    assert_eq!(text.agencies, ["dpa"]);
    assert_eq!(text.language.as_deref(), Some("de"));
    assert!(text.path.ends_with("a/text.txt"), "{}", text.path);

    let markdown = hit("a/front.md");
    assert_eq!(markdown.title, "Polizei testet Bodycams");
    assert_eq!(markdown.date.as_deref(), Some("2023-05-02"));
    assert_eq!(markdown.authors, ["Lena Beispiel"]);
    assert_eq!(markdown.agencies, ["AFP"]);
    assert_eq!(
        markdown.url.as_deref(),
        Some("https://example.org/bodycams")
    );

    let html = hit("b/page.html");
    assert_eq!(html.title, "Sturmflut an der Küste");
    assert_eq!(html.date.as_deref(), Some("2023-01-12T17:40:00Z"));
    assert_eq!(html.agencies, ["Reuters"]);

    let json = hit("json-1");
    assert_eq!(json.title, "Gold im Kajak");
    assert_eq!(json.date.as_deref(), Some("2024-08-10T13:45:00Z"));
    assert_eq!(json.authors, ["Sportredaktion"]);
    assert_eq!(json.agencies, ["SID"]);

    let english = hit("b/crawl.jsonl:1");
    assert_eq!(english.language.as_deref(), Some("en"));
    assert_eq!(english.agencies, ["Kyodo"]);
    assert_eq!(hit("b/crawl.jsonl:2").date.as_deref(), Some("2024-10-05"));
}

#[test]
fn page_debris_is_not_indexed() {
    let workspace = Workspace::new();
    write_every_format(&workspace);
    workspace.index_corpus();
    for word in ["Reply", "Required", "Leserkommentar", "Startseite"] {
        assert_eq!(
            workspace.search(&[word]).total_hits,
            0,
            "{word} was indexed"
        );
    }
    assert_eq!(workspace.search(&["Pendler"]).ids(), ["a/text.txt"]);
    assert_eq!(workspace.search(&["Deichverband"]).ids(), ["b/page.html"]);
}

#[test]
fn windows_1252_and_utf8_variants_decode_alike() {
    let workspace = Workspace::new();
    // "Größere Schäden an der Straße" in Windows-1252, CRLF line endings.
    workspace.write(
        "alt.txt",
        b"Hochwasser im Tal\r\n\r\nGr\xf6\xdfere Sch\xe4den an der Stra\xdfe, sagte M\xfcller.\r\n"
            .as_slice(),
    );
    let mut with_bom = vec![0xEF, 0xBB, 0xBF];
    with_bom.extend_from_slice("Sturm im Tal\n\nGrößere Schäden an der Straße.\n".as_bytes());
    workspace.write("bom.txt", with_bom);
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "Regen im Tal\n\nSchäden an der Straße.\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    workspace.write("utf16.txt", utf16);
    let output = workspace.index_corpus();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let found = workspace.search(&["Straße"]);
    assert_eq!(found.sorted_ids(), ["alt.txt", "bom.txt", "utf16.txt"]);
    let old = workspace.search(&["Müller"]);
    assert_eq!(old.ids(), ["alt.txt"]);
    assert!(
        old.hits[0]
            .snippet
            .contains("Größere Schäden an der Straße"),
        "{}",
        old.hits[0].snippet
    );
    assert_eq!(
        workspace.search(&["Hochwasser"]).hits[0].title,
        "Hochwasser im Tal"
    );
}

#[test]
fn broken_files_are_reported_and_the_rest_is_indexed() {
    let workspace = Workspace::new();
    workspace.write("good.txt", "Gute Nachricht\n\nDer Text ist in Ordnung.\n");
    workspace.write("empty.txt", "");
    workspace.write(
        "image.html",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".as_slice(),
    );
    workspace.write("broken.json", "{\n  \"title\": \"Kaputt\",\n  \"text\": \n");
    workspace.write(
        "mixed.jsonl",
        "{\"title\": \"Eins\", \"text\": \"Erste gute Zeile.\"}\n{\"title\": \"Zwei\", \"text\": \n{\"title\": \"Drei\", \"text\": \"Dritte gute Zeile.\"}\n",
    );
    workspace.write("front.md", "---\ntitle: [unclosed\n---\nText\n");
    workspace.write("notes.pdf", "not an article format, ignored");
    let output = workspace.index_corpus();
    let errors = stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "failures give exit code 1: {errors}"
    );

    let at = |name: &str| format!("corpus/{name}");
    assert!(
        errors.contains(&format!("{}: skipped: empty file", at("empty.txt"))),
        "{errors}"
    );
    assert!(
        errors.contains(&format!("{}: skipped: binary file", at("image.html"))),
        "{errors}"
    );
    assert!(
        errors.contains(&format!("{}:4: invalid JSON", at("broken.json"))),
        "{errors}"
    );
    assert!(
        errors.contains(&format!("{}:2: invalid JSON", at("mixed.jsonl"))),
        "{errors}"
    );
    assert!(errors.contains(&format!("{}:", at("front.md"))), "{errors}");
    assert!(errors.contains("invalid YAML front matter"), "{errors}");
    assert!(!errors.contains("notes.pdf"), "{errors}");
    assert!(!errors.contains("panicked"), "{errors}");
    assert!(
        stdout(&output).starts_with("indexed 3 articles from 2 files"),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).contains("skipped 2 files; 3 failed"),
        "{}",
        stdout(&output)
    );

    let all = workspace.search(&[]);
    assert_eq!(
        all.sorted_ids(),
        ["good.txt", "mixed.jsonl:1", "mixed.jsonl:3"]
    );
}

#[test]
fn a_missing_path_is_reported_and_other_paths_indexed() {
    let workspace = Workspace::new();
    workspace.write("one.txt", "Titel\n\nText eins.\n");
    let output = workspace
        .newsidx(&["index", "does-not-exist", "corpus"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("does-not-exist: no such file or directory"),
        "{}",
        stderr(&output)
    );
    assert_eq!(workspace.search(&[]).ids(), ["one.txt"]);
}

#[test]
fn indexing_again_replaces_instead_of_duplicating() {
    let workspace = Workspace::new();
    workspace.write("a.txt", "Erster Titel\n\nAlter Text über Brücken.\n");
    workspace.write(
        "list.jsonl",
        "{\"title\": \"A\", \"text\": \"eins\"}\n{\"title\": \"B\", \"text\": \"zwei\"}\n",
    );
    assert!(workspace.index_corpus().status.success());
    assert_eq!(workspace.search(&[]).total_hits, 3);

    workspace.write("a.txt", "Neuer Titel\n\nNeuer Text über Tunnel.\n");
    workspace.write("list.jsonl", "{\"title\": \"A\", \"text\": \"eins\"}\n");
    assert!(workspace.index_corpus().status.success());
    assert_eq!(workspace.search(&[]).total_hits, 2);
    assert_eq!(workspace.search(&["Brücken"]).total_hits, 0);
    assert_eq!(workspace.search(&["Tunnel"]).hits[0].title, "Neuer Titel");

    let rebuilt = workspace
        .newsidx(&["index", "--rebuild", "corpus"])
        .output()
        .unwrap();
    assert!(rebuilt.status.success());
    assert_eq!(workspace.search(&[]).total_hits, 2);
}

#[test]
fn output_is_only_the_summary_when_not_a_terminal() {
    let workspace = Workspace::new();
    workspace.write("a.txt", "Titel\n\nText.\n");
    let output = workspace.index_corpus();
    assert!(output.status.success());
    assert_eq!(
        stderr(&output),
        "",
        "no progress bar when stderr is not a terminal"
    );
    let out = stdout(&output);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with(
            "indexed 1 article from 1 file (1 added, 0 updated, 0 removed, 0 unchanged) into "
        ),
        "{out}"
    );
    assert!(
        out.trim_end().ends_with("skipped 0 files; 0 failed"),
        "{out}"
    );
}

#[test]
fn index_without_paths_is_a_usage_error() {
    let workspace = Workspace::new();
    let output = workspace.newsidx(&["index"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn index_option_chooses_the_directory() {
    let workspace = Workspace::new();
    workspace.write("a.txt", "Titel\n\nText über Brücken.\n");
    let elsewhere = workspace.dir.path().join("elsewhere");
    let elsewhere = elsewhere.to_str().unwrap();
    let output = workspace
        .newsidx(&["index", "--index", elsewhere, "corpus"])
        .env_remove("NEWSIDX_INDEX")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::path::Path::new(elsewhere).join("meta.json").is_file());
    assert!(!workspace.index().exists());
    let found = workspace
        .newsidx(&["search", "--index", elsewhere, "Brücke"])
        .env_remove("NEWSIDX_INDEX")
        .output()
        .unwrap();
    assert_eq!(found.status.code(), Some(0), "{}", stderr(&found));
}

#[test]
fn the_memory_budget_has_a_floor_and_small_budgets_index_alike() {
    let workspace = Workspace::new();
    write_every_format(&workspace);
    let refused = workspace
        .newsidx(&["index", "corpus", "--memory", "100"])
        .output()
        .expect("run index");
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("128"), "{}", stderr(&refused));
    let small = workspace
        .newsidx(&["index", "corpus", "--memory", "128"])
        .output()
        .expect("run index");
    assert!(small.status.success(), "{}", stderr(&small));
    let with_small = workspace.search(&["--limit", "100"]).sorted_ids().join(" ");
    let again = workspace
        .newsidx(&["index", "corpus", "--rebuild", "--memory", "4096"])
        .output()
        .expect("run index");
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        workspace.search(&["--limit", "100"]).sorted_ids().join(" "),
        with_small
    );
    assert!(!with_small.is_empty());
}

#[test]
fn issue_13_rebuild_help_says_it_is_atomic() {
    let output = crate::util::Workspace::new()
        .newsidx(&["index", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        help.contains("Atomic: the old articles stay searchable"),
        "{help}"
    );
    assert!(!help.contains("Delete the existing index first"), "{help}");
}

#[test]
fn issue_13_no_arguments_prints_the_help_laid_out() {
    let output = crate::util::Workspace::new().newsidx(&[]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let help = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(help.contains("\nUsage: newsidx <COMMAND>\n"), "{help}");
    assert!(help.contains("\n  search "), "{help}");
    assert!(!help.starts_with("newsidx: "), "{help}");
}

#[test]
fn issue_13_usage_errors_keep_the_usage_line() {
    let output = crate::util::Workspace::new()
        .newsidx(&["index"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let errors = String::from_utf8_lossy(&output.stderr).into_owned();
    let lines: Vec<&str> = errors.lines().collect();
    assert_eq!(lines.len(), 2, "{errors}");
    assert_eq!(
        lines[0],
        "newsidx: the following required arguments were not provided: <PATH>..."
    );
    assert!(
        lines[1].starts_with("Usage: newsidx index ")
            && lines[1].ends_with("<PATH>... (see --help)"),
        "{errors}"
    );
}
