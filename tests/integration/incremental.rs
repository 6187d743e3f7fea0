//! Incremental indexing: a second run reads only what changed, replaces changed files'
//! articles, removes those of deleted files, and leaves unchanged ones alone.

use std::time::{Duration, SystemTime};

use crate::util::{Workspace, stdout};

/// The summary line of an index run.
fn summary(workspace: &Workspace, args: &[&str]) -> String {
    let mut all = vec!["index"];
    all.extend_from_slice(args);
    all.push("corpus");
    let output = workspace.newsidx(&all).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
}

/// Sets the modification time of `corpus/relative` to `seconds` after the epoch.
fn set_mtime(workspace: &Workspace, relative: &str, seconds: u64) {
    let file = std::fs::File::options()
        .write(true)
        .open(workspace.corpus().join(relative))
        .unwrap();
    file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
        .unwrap();
}

#[test]
fn add_change_delete_rename_touch() {
    let workspace = Workspace::new();
    workspace.write("a.txt", "Erster Titel\n\nText über Brücken und Flüsse.\n");
    workspace.write("b.txt", "Zweiter Titel\n\nText über Tunnel und Berge.\n");
    workspace.write(
        "list.jsonl",
        "{\"title\": \"Eins\", \"text\": \"eins\"}\n{\"title\": \"Zwei\", \"text\": \"zwei\"}\n",
    );
    workspace.write("empty.txt", "");
    let first = summary(&workspace, &[]);
    assert!(
        first.starts_with(
            "indexed 4 articles from 3 files (3 added, 0 updated, 0 removed, 0 unchanged)"
        ),
        "{first}"
    );
    assert!(first.contains("skipped 1 file;"), "{first}");

    // Nothing changed: nothing read, nothing reported again.
    let again = summary(&workspace, &[]);
    assert!(
        again.starts_with(
            "indexed 0 articles from 0 files (0 added, 0 updated, 0 removed, 4 unchanged)"
        ),
        "{again}"
    );
    assert!(again.contains("skipped 0 files"), "{again}");
    assert_eq!(workspace.search(&[]).total_hits, 4);

    // Change one, delete one, add one, rename one.
    workspace.write("a.txt", "Neuer Titel\n\nEin ganz anderer Text über Seen.\n");
    std::fs::remove_file(workspace.corpus().join("b.txt")).unwrap();
    workspace.write("c.md", "# Drittes\n\nNeuer Artikel über Wälder.\n");
    std::fs::rename(
        workspace.corpus().join("list.jsonl"),
        workspace.corpus().join("liste.jsonl"),
    )
    .unwrap();
    let changed = summary(&workspace, &[]);
    assert!(
        changed.starts_with(
            "indexed 4 articles from 3 files (2 added, 1 updated, 2 removed, 1 unchanged)"
        ),
        "{changed}"
    );
    let all = workspace.search(&["--limit", "100"]);
    assert_eq!(
        all.sorted_ids(),
        ["a.txt", "c.md", "liste.jsonl:1", "liste.jsonl:2"]
    );
    assert_eq!(
        workspace.search(&["Brücken"]).total_hits,
        0,
        "old text of a.txt is gone"
    );
    assert_eq!(
        workspace.search(&["Tunnel"]).total_hits,
        0,
        "deleted b.txt is gone"
    );
    assert_eq!(workspace.search(&["Seen"]).ids(), ["a.txt"]);

    // Touched but not changed: the content hash says so, nothing is re-indexed.
    set_mtime(&workspace, "a.txt", 1_600_000_000);
    let touched = summary(&workspace, &[]);
    assert!(
        touched.starts_with(
            "indexed 0 articles from 0 files (0 added, 0 updated, 0 removed, 4 unchanged)"
        ),
        "{touched}"
    );
    assert_eq!(workspace.search(&["--limit", "100"]).total_hits, 4);

    // --rebuild reads everything again.
    let rebuilt = summary(&workspace, &["--rebuild"]);
    assert!(
        rebuilt.starts_with(
            "indexed 4 articles from 3 files (3 added, 0 updated, 0 removed, 0 unchanged)"
        ),
        "{rebuilt}"
    );
    assert_eq!(workspace.search(&["--limit", "100"]).total_hits, 4);
}

#[test]
fn indexing_one_folder_leaves_another_alone() {
    let workspace = Workspace::new();
    workspace.write("de/a.txt", "Titel A\n\nText über Brücken.\n");
    workspace.write("en/b.txt", "Title B\n\nText about bridges.\n");
    let both = workspace
        .newsidx(&["index", "corpus/de", "corpus/en"])
        .output()
        .unwrap();
    assert!(both.status.success());
    let only_de = workspace.newsidx(&["index", "corpus/de"]).output().unwrap();
    assert!(
        stdout(&only_de).contains("0 removed, 1 unchanged"),
        "{}",
        stdout(&only_de)
    );
    assert_eq!(workspace.search(&["--limit", "10"]).total_hits, 2);
}

#[test]
fn a_file_that_breaks_keeps_its_articles_until_it_is_fixed() {
    let workspace = Workspace::new();
    workspace.write(
        "feed.json",
        r#"{"title": "Gut", "text": "Alles in Ordnung."}"#,
    );
    assert!(workspace.index_corpus().status.success());
    workspace.write("feed.json", "{\"title\": \"Kaputt\",");
    let broken = workspace.index_corpus();
    assert_eq!(broken.status.code(), Some(1));
    assert_eq!(
        workspace.search(&["Ordnung"]).total_hits,
        1,
        "the committed article stays"
    );
    let still_broken = workspace.index_corpus();
    assert_eq!(
        still_broken.status.code(),
        Some(1),
        "the failure is reported again"
    );
    workspace.write(
        "feed.json",
        r#"{"title": "Repariert", "text": "Wieder lesbar."}"#,
    );
    assert!(workspace.index_corpus().status.success());
    assert_eq!(workspace.search(&["Ordnung"]).total_hits, 0);
    assert_eq!(workspace.search(&["lesbar"]).total_hits, 1);
}

#[test]
fn changing_the_agency_list_reads_every_file_again() {
    let workspace = Workspace::new();
    workspace.write(
        "a.txt",
        "Titel\n\nDas meldete die Agentur Rudaw am Montag, laut Kurdpa.\n",
    );
    assert!(workspace.index_corpus().status.success());
    assert_eq!(workspace.search(&["Titel"]).hits[0].agencies, ["Rudaw"]);
    std::fs::write(
        workspace.index().join("agencies.toml"),
        "[[source]]\nname = \"Kurdpa\"\n",
    )
    .unwrap();
    let again = summary(&workspace, &[]);
    assert!(
        again.contains("(0 added, 1 updated, 0 removed, 0 unchanged)"),
        "{again}"
    );
    assert_eq!(
        workspace.search(&["Titel"]).hits[0].agencies,
        ["Kurdpa", "Rudaw"]
    );
}

#[test]
fn files_that_sort_differently_as_text_and_as_paths_stay_unchanged() {
    // `a/z.txt` comes before `a-b.txt` in a walk but after it as text: the manifest must
    // follow the walk, or the second run would see removals and additions.
    let workspace = Workspace::new();
    workspace.write("a/z.txt", "Titel Z\n\nText über Brücken.\n");
    workspace.write("a-b.txt", "Titel AB\n\nText über Tunnel.\n");
    workspace.write("a.b/c.txt", "Titel C\n\nText über Berge.\n");
    workspace.write("ä/d.txt", "Titel D\n\nText über Seen.\n");
    assert!(summary(&workspace, &[]).contains("(4 added, 0 updated, 0 removed, 0 unchanged)"));
    let again = summary(&workspace, &[]);
    assert!(
        again.contains("(0 added, 0 updated, 0 removed, 4 unchanged)"),
        "{again}"
    );
    std::fs::remove_file(workspace.corpus().join("a/z.txt")).unwrap();
    let removed = summary(&workspace, &[]);
    assert!(
        removed.contains("(0 added, 0 updated, 1 removed, 3 unchanged)"),
        "{removed}"
    );
    assert_eq!(workspace.search(&["--limit", "10"]).total_hits, 3);
}

#[test]
fn a_path_inside_another_is_walked_once_and_a_missing_one_keeps_its_articles() {
    let workspace = Workspace::new();
    workspace.write("de/a.txt", "Titel A\n\nText über Brücken.\n");
    workspace.write("en/b.txt", "Title B\n\nText about bridges.\n");
    let nested = workspace
        .newsidx(&["index", "corpus/de", "corpus"])
        .output()
        .unwrap();
    assert!(
        stdout(&nested).contains("indexed 2 articles from 2 files (2 added"),
        "{}",
        stdout(&nested)
    );
    std::fs::rename(
        workspace.corpus().join("en"),
        workspace.corpus().join("en-moved"),
    )
    .unwrap();
    // Nothing else to index: an error (issue 13), and the index is left as it was.
    let missing = workspace.newsidx(&["index", "corpus/en"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(crate::util::stderr(&missing).contains("corpus/en: no such file or directory"));
    assert_eq!(
        workspace.search(&["bridges"]).total_hits,
        1,
        "articles of a path that is not there (an unmounted drive) are kept"
    );
}
