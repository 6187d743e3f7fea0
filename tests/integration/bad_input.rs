//! The bad-input matrix: each kind of broken or hostile input is reported as
//! `path[:line]: reason`, never panics, and does not stop the rest of the corpus from being
//! indexed.

use std::path::Path;

use crate::util::{Workspace, stderr, stdout};

/// A workspace whose corpus holds one good article besides whatever the test adds.
fn with_good_article() -> Workspace {
    let workspace = Workspace::new();
    workspace.write("good.txt", "Gute Nachricht\n\nDer Text ist in Ordnung.\n");
    workspace
}

/// Indexes the corpus with `extra` arguments; checks that nothing panicked and that the good
/// article was indexed; returns (exit code, stderr, stdout).
fn index_checked(workspace: &Workspace, extra: &[&str]) -> (Option<i32>, String, String) {
    let mut args = vec!["index", "corpus"];
    args.extend_from_slice(extra);
    let output = workspace.newsidx(&args).output().unwrap();
    let (errors, summary) = (stderr(&output), stdout(&output));
    assert!(!errors.contains("panicked"), "{errors}");
    assert!(summary.starts_with("indexed "), "{summary}\n{errors}");
    assert!(
        workspace.search(&["Ordnung"]).ids().contains(&"good.txt"),
        "the good article is indexed: {errors}"
    );
    (output.status.code(), errors, summary)
}

#[test]
fn an_empty_file_is_skipped_with_a_reason() {
    let workspace = with_good_article();
    workspace.write("empty.txt", "");
    workspace.write("blank.md", "  \n\n\t\n");
    let (code, errors, _) = index_checked(&workspace, &[]);
    assert_eq!(code, Some(0), "skipping is not a failure: {errors}");
    assert!(
        errors.contains("corpus/empty.txt: skipped: empty file"),
        "{errors}"
    );
    assert!(
        errors.contains("corpus/blank.md: skipped: empty file"),
        "{errors}"
    );
}

#[test]
fn a_binary_file_with_a_text_extension_is_skipped() {
    let workspace = with_good_article();
    let mut bytes = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00".to_vec();
    bytes.extend((0..=255u8).cycle().take(4096));
    workspace.write("program.txt", &bytes);
    workspace.write(
        "photo.json",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01".as_slice(),
    );
    let (code, errors, _) = index_checked(&workspace, &[]);
    assert_eq!(code, Some(0), "{errors}");
    assert!(
        errors.contains("corpus/program.txt: skipped: binary file"),
        "{errors}"
    );
    assert!(
        errors.contains("corpus/photo.json: skipped: binary file"),
        "{errors}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_skipped_and_the_limit_is_configurable() {
    let workspace = with_good_article();
    let big = format!(
        "Großer Titel\n\n{}",
        "Ein Satz über Wasser. ".repeat(60_000)
    );
    workspace.write("big.txt", &big);
    let (code, errors, _) = index_checked(&workspace, &["--max-file-size", "1"]);
    assert_eq!(code, Some(0), "{errors}");
    assert!(
        errors.contains(&format!(
            "corpus/big.txt: skipped: file is {} bytes, over the limit of 1048576 bytes",
            big.len()
        )),
        "{errors}"
    );
    assert_eq!(workspace.search(&["Wasser"]).total_hits, 0);
    let (code, errors, _) = index_checked(&workspace, &["--max-file-size", "2"]);
    assert_eq!(code, Some(0), "{errors}");
    assert_eq!(workspace.search(&["Wasser"]).total_hits, 1, "{errors}");
}

#[test]
fn invalid_utf8_in_the_middle_is_replaced_and_reported_with_its_line() {
    let workspace = with_good_article();
    let mut bytes = "Überschrift mit Umlauten\n\nErste Zeile über Brücken.\nZweite Zeile: "
        .as_bytes()
        .to_vec();
    bytes.extend(b"kaputt \xff\xfe hier");
    bytes.extend("\nDritte Zeile über Flüsse.\n".as_bytes());
    workspace.write("mixed.txt", &bytes);
    let (code, errors, _) = index_checked(&workspace, &[]);
    assert_eq!(code, Some(0), "a warning is not a failure: {errors}");
    assert!(
        errors.contains("corpus/mixed.txt:4: warning: invalid UTF-8, 2 bytes replaced"),
        "{errors}"
    );
    let hit = workspace.search(&["Flüsse"]);
    assert_eq!(hit.ids(), ["mixed.txt"]);
    assert_eq!(hit.hits[0].title, "Überschrift mit Umlauten");
}

#[test]
fn a_windows_1252_file_is_decoded() {
    let workspace = with_good_article();
    // "Straßenbahn fährt über Brücke" in Windows-1252.
    workspace.write(
        "alt.txt",
        b"Stra\xdfenbahn f\xe4hrt \xfcber Br\xfccke\n\nDie Bahn f\xe4hrt wieder \x96 sagt die Stadt.\n"
            .as_slice(),
    );
    let (code, errors, _) = index_checked(&workspace, &[]);
    assert_eq!(code, Some(0), "{errors}");
    let hit = workspace.search(&["Brücke"]);
    assert_eq!(hit.hits[0].title, "Straßenbahn fährt über Brücke");
}

#[test]
fn a_broken_line_in_jsonl_is_reported_and_the_other_lines_indexed() {
    let workspace = with_good_article();
    workspace.write(
        "feed.jsonl",
        "{\"title\": \"Eins\", \"text\": \"Erste Meldung.\"}\n\
         {\"title\": \"Zwei\", \"text\": \"Zweite Meldung.\"}\n\
         {\"title\": \"Drei\", \"text\": \n\
         {\"title\": \"Vier\", \"text\": \"Vierte Meldung.\"}\n",
    );
    let (code, errors, _) = index_checked(&workspace, &[]);
    assert_eq!(code, Some(1), "{errors}");
    assert!(
        errors.contains("corpus/feed.jsonl:3: invalid JSON"),
        "{errors}"
    );
    assert_eq!(
        workspace.search(&["Meldung"]).sorted_ids(),
        ["feed.jsonl:1", "feed.jsonl:2", "feed.jsonl:4"]
    );
}

#[test]
fn a_bad_element_of_a_json_array_is_reported_and_the_others_indexed() {
    let workspace = with_good_article();
    workspace.write(
        "array.json",
        "[\n  {\"title\": \"Eins\", \"text\": \"Erste Meldung.\"},\n  42,\n  {\"title\": \"Ohne Text\"},\n  {\"title\": \"Vier\", \"text\": \"Vierte Meldung.\"}\n]\n",
    );
    let (code, errors, _) = index_checked(&workspace, &[]);
    assert_eq!(code, Some(1), "{errors}");
    assert!(errors.contains("corpus/array.json:3: "), "{errors}");
    assert!(errors.contains("corpus/array.json:4: "), "{errors}");
    assert_eq!(workspace.search(&["Meldung"]).total_hits, 2);
}

#[test]
fn html_without_article_text_is_skipped() {
    let workspace = with_good_article();
    workspace.write(
        "nav.html",
        "<!doctype html><html><head><title>Start</title></head><body><nav><a href=\"/\">Start</a></nav><script>var x = 1;</script></body></html>",
    );
    let (code, errors, _) = index_checked(&workspace, &[]);
    assert_eq!(code, Some(0), "{errors}");
    assert!(
        errors.contains("corpus/nav.html: skipped: no article text"),
        "{errors}"
    );
}

#[test]
fn broken_yaml_front_matter_is_reported_with_its_line() {
    let workspace = with_good_article();
    workspace.write(
        "post.md",
        "---\ntitle: Gut\ndate: 2024-01-02\ntags: [offen\n---\n\nText über Brücken.\n",
    );
    let (code, errors, _) = index_checked(&workspace, &[]);
    assert_eq!(code, Some(1), "{errors}");
    assert!(
        errors.contains("corpus/post.md:") && errors.contains("invalid YAML front matter"),
        "{errors}"
    );
}

#[test]
fn an_unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let workspace = with_good_article();
    let locked = workspace.write("locked.txt", "Geheim\n\nText.\n");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // A dangling link is unreadable for everyone, root included.
    std::os::unix::fs::symlink("nowhere.txt", workspace.corpus().join("dangling.txt")).unwrap();
    let (code, errors, _) = index_checked(&workspace, &[]);
    assert_eq!(code, Some(1), "{errors}");
    assert!(
        errors.contains("corpus/dangling.txt: cannot read"),
        "{errors}"
    );
    if std::fs::read(&locked).is_err() {
        assert!(
            errors.contains("corpus/locked.txt: cannot read file: Permission denied"),
            "{errors}"
        );
    } else {
        // Running as root: permissions do not stop reading.
        assert_eq!(workspace.search(&["Geheim"]).total_hits, 1);
    }
}

#[test]
fn a_symbolic_link_loop_is_reported_and_not_followed() {
    let workspace = with_good_article();
    std::fs::create_dir_all(workspace.corpus().join("a/b")).unwrap();
    std::os::unix::fs::symlink("..", workspace.corpus().join("a/b/up")).unwrap();
    workspace.write("a/b/inner.txt", "Innen\n\nText über Tunnel.\n");
    let (code, errors, _) = index_checked(&workspace, &[]);
    assert_eq!(code, Some(1), "{errors}");
    assert!(
        errors.contains("corpus/a/b/up: symbolic link loop back to corpus/a: not followed"),
        "{errors}"
    );
    assert_eq!(workspace.search(&["Tunnel"]).total_hits, 1);
}

#[test]
fn issue_13_nothing_but_paths_that_do_not_exist_is_an_error_and_creates_no_index() {
    let workspace = Workspace::new();
    let output = workspace
        .newsidx(&["index", "does/not/exist"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "newsidx: does/not/exist: no such file or directory\n"
    );
    assert!(!workspace.index().exists(), "an index was created");
}

#[test]
fn a_path_that_does_not_exist_is_reported() {
    let workspace = with_good_article();
    let output = workspace
        .newsidx(&["index", "corpus", "nowhere"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("nowhere: no such file or directory"));
    assert_eq!(workspace.search(&["Ordnung"]).total_hits, 1);
}

#[test]
fn file_names_with_spaces_and_non_utf8_bytes_are_indexed() {
    use std::os::unix::ffi::OsStrExt;
    let workspace = with_good_article();
    workspace.write("mit Leerzeichen im Namen.txt", "Leer\n\nText über Seen.\n");
    let name = std::ffi::OsStr::from_bytes(b"alt-\xe4rger.txt");
    let path = workspace.corpus().join(name);
    std::fs::write(&path, "Ärger\n\nText über Wälder.\n").unwrap();
    let (code, errors, _) = index_checked(&workspace, &[]);
    assert_eq!(code, Some(0), "{errors}");
    assert_eq!(
        workspace.search(&["Seen"]).ids(),
        ["mit Leerzeichen im Namen.txt"]
    );
    let odd = workspace.search(&["Wälder"]);
    assert_eq!(odd.total_hits, 1);
    assert_eq!(odd.ids(), ["alt-\u{fffd}rger.txt"]);
    // Indexing again finds both unchanged.
    let (_, _, again) = index_checked(&workspace, &[]);
    assert!(again.contains("0 removed, 3 unchanged"), "{again}");
}

#[test]
fn a_very_deep_directory_tree_is_walked() {
    let workspace = with_good_article();
    let deep: String = (0..300).map(|level| format!("d{}/", level % 10)).collect();
    workspace.write(&format!("{deep}tief.txt"), "Tief\n\nText über Höhlen.\n");
    let (code, errors, _) = index_checked(&workspace, &[]);
    assert_eq!(code, Some(0), "{errors}");
    assert_eq!(workspace.search(&["Höhlen"]).total_hits, 1);
}

#[test]
fn a_100_mb_single_line_file_is_skipped_by_the_default_limit() {
    let workspace = with_good_article();
    let line = "Wort ".repeat(20 * 1024 * 1024);
    let path = workspace.write("one-line.txt", &line);
    assert!(std::fs::metadata(&path).unwrap().len() >= 100 * 1024 * 1024);
    let (code, errors, _) = index_checked(&workspace, &[]);
    assert_eq!(code, Some(0), "{errors}");
    assert!(
        errors.contains("corpus/one-line.txt: skipped: file is 104857600 bytes, over the limit"),
        "{errors}"
    );
    std::fs::remove_file(Path::new(&path)).unwrap();
}

#[test]
fn a_long_single_line_file_within_the_limit_is_indexed() {
    let workspace = with_good_article();
    // One line, no paragraph breaks, 2 MB: the headline rule must not take it all as title.
    let line = "Wasserstand steigt weiter an und die Stadt warnt. ".repeat(40_000);
    workspace.write("one-line.txt", &line);
    let (code, errors, _) = index_checked(&workspace, &[]);
    assert_eq!(code, Some(0), "{errors}");
    let hit = workspace.search(&["Wasserstand"]);
    assert_eq!(hit.total_hits, 1);
    assert!(
        hit.hits[0].title.chars().count() <= 300,
        "{}",
        hit.hits[0].title.len()
    );
}

#[test]
fn issue_12_a_file_grown_over_the_size_limit_is_counted_as_skipped_and_loses_its_articles() {
    let workspace = Workspace::new();
    workspace.write("small.txt", "Kleine Meldung\n\nDer Stadtrat tagte kurz.\n");
    workspace.write("other.txt", "Andere Meldung\n\nDer Kreistag tagte lang.\n");
    let first = workspace
        .newsidx(&["index", "corpus", "--max-file-size", "1"])
        .output()
        .unwrap();
    assert!(first.status.success());
    assert_eq!(workspace.search(&["Stadtrat"]).total_hits, 1);
    let grown = format!(
        "Kleine Meldung\n\n{}\n",
        "Der Stadtrat tagte kurz. ".repeat(60_000)
    );
    workspace.write("small.txt", grown);
    let second = workspace
        .newsidx(&["index", "corpus", "--max-file-size", "1"])
        .output()
        .unwrap();
    let summary = String::from_utf8_lossy(&second.stdout).into_owned();
    assert!(summary.contains("skipped 1 file;"), "{summary}");
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("small.txt: skipped"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(workspace.search(&["Stadtrat"]).total_hits, 0);
    assert_eq!(workspace.search(&["Kreistag"]).total_hits, 1);
    let third = workspace
        .newsidx(&["index", "corpus", "--max-file-size", "1"])
        .output()
        .unwrap();
    // Still too large: checked and skipped again, the other file unchanged.
    assert!(
        String::from_utf8_lossy(&third.stdout).contains("1 unchanged) into"),
        "{}",
        String::from_utf8_lossy(&third.stdout)
    );
    assert!(String::from_utf8_lossy(&third.stdout).contains("skipped 1 file;"));
}

#[test]
fn issue_12_segments_a_failed_run_left_behind_are_removed_by_the_next_run() {
    let workspace = Workspace::new();
    workspace.write("a.txt", "Eine Meldung\n\nDer Stadtrat tagte.\n");
    assert!(workspace.index_corpus().status.success());
    // What a run that died mid-way leaves: segment files no commit lists.
    let orphan = workspace
        .index()
        .join("0123456789abcdef0123456789abcdef.store");
    std::fs::write(&orphan, vec![0u8; 4096]).unwrap();
    let unchanged = workspace.index_corpus();
    assert!(unchanged.status.success());
    assert!(!orphan.exists(), "orphan segment file still there");
    assert_eq!(workspace.search(&["Stadtrat"]).total_hits, 1);
}

#[cfg(target_os = "linux")]
#[test]
fn issue_12_a_full_disk_stops_the_run_early_and_leaves_the_last_commit() {
    let workspace = Workspace::new();
    let small = workspace.dir.path().join("small-disk");
    std::fs::create_dir_all(&small).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8m", "tmpfs"])
        .arg(&small)
        .output()
        .is_ok_and(|output| output.status.success());
    if !mounted {
        eprintln!("cannot mount a small file system here (needs root); not checked");
        return;
    }
    let index = small.join("index");
    let index = index.to_str().unwrap();
    workspace.write("first.txt", "Erste Meldung\n\nDer Stadtrat tagte.\n");
    let first = workspace
        .newsidx(&["index", "corpus", "--index", index])
        .output()
        .unwrap();
    let words: String = (0..800).map(|n| format!("Wort{n} ")).collect();
    for n in 0..2_000 {
        workspace.write(
            &format!("more/{n}.txt"),
            format!("Meldung {n}\n\n{words}\n"),
        );
    }
    let second = workspace
        .newsidx(&["index", "corpus", "--index", index])
        .output()
        .unwrap();
    let listing: Vec<String> = std::fs::read_dir(index)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let searched = workspace
        .newsidx(&["search", "--index", index, "--json", "Stadtrat"])
        .output()
        .unwrap();
    let _ = std::process::Command::new("umount").arg(&small).status();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(second.status.code(), Some(2));
    let message = String::from_utf8_lossy(&second.stderr);
    assert!(message.contains("disk almost full"), "{message}");
    assert!(
        message.contains("nothing from this run was committed"),
        "{message}"
    );
    assert!(
        !listing.iter().any(|name| name.ends_with(".tmp")),
        "{listing:?}"
    );
    assert!(String::from_utf8_lossy(&searched.stdout).contains("\"total_hits\":1"));
}
