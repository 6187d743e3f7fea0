//! Data integrity (issue 12): the index and its file manifest change together, keys are
//! lossless, a lost manifest is rebuilt from the index, and one corpus under several spellings
//! of its path is one corpus. Each test failed before its fix.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Workspace, stderr, stdout};

/// How many articles a search sees.
fn articles(workspace: &Workspace) -> usize {
    workspace.search(&["--limit", "0"]).total_hits
}

/// A workspace with one committed article and `new` more files waiting for the next run.
fn committed_then(new: usize) -> Workspace {
    let workspace = Workspace::new();
    workspace.write(
        "a/first.txt",
        "Erste Meldung\n\nDer Stadtrat beschloss den Haushalt.\n",
    );
    let output = workspace.index_corpus();
    assert!(output.status.success(), "{}", stderr(&output));
    for n in 0..new {
        workspace.write(
            &format!("b/second-{n}.txt"),
            format!("Zweite Meldung {n}\n\nDie Landesregierung kündigte neue Hilfen an.\n"),
        );
    }
    workspace
}

/// Starts `newsidx index corpus` stopping right after its commit (a test-build hook), and
/// waits until it got there; returns the process and the hook's `go` file.
fn stopped_after_commit(workspace: &Workspace) -> (std::process::Child, PathBuf) {
    stopped_after_commit_with(workspace, &[])
}

/// [`stopped_after_commit`] for `newsidx index corpus EXTRA`.
fn stopped_after_commit_with(
    workspace: &Workspace,
    extra: &[&str],
) -> (std::process::Child, PathBuf) {
    let marker = workspace.dir.path().join("stopped");
    let _ = std::fs::remove_file(&marker);
    let child = workspace
        .process(&["index", "corpus"])
        .args(extra)
        .env("NEWSIDX_TEST_STOP_AFTER_COMMIT", &marker)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start indexing");
    let started = Instant::now();
    while !marker.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the run never reached its commit"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    (child, marker.with_extension("go"))
}

#[test]
fn issue_12_a_run_killed_right_after_its_commit_duplicates_nothing() {
    let workspace = committed_then(20);
    let (mut child, _go) = stopped_after_commit(&workspace);
    child.kill().expect("kill -9");
    child.wait().expect("reap");
    // The commit is in place, the manifest is the old one.
    assert_eq!(articles(&workspace), 21);
    let next = workspace.index_corpus();
    assert!(next.status.success(), "{}", stderr(&next));
    assert_eq!(articles(&workspace), 21, "{}", stdout(&next));
    // Each file once: a search for a word of every new file finds 20 articles.
    assert_eq!(workspace.search(&["Landesregierung"]).total_hits, 20);
    // And the run after that trusts its manifest again.
    let again = workspace.index_corpus();
    assert!(
        stdout(&again).contains("0 added, 0 updated, 0 removed, 21 unchanged"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn issue_12_a_rebuild_killed_right_after_its_commit_duplicates_nothing() {
    let workspace = committed_then(10);
    let (mut child, _go) = stopped_after_commit_with(&workspace, &["--rebuild"]);
    child.kill().expect("kill -9");
    child.wait().expect("reap");
    assert_eq!(articles(&workspace), 11);
    let next = workspace.index_corpus();
    assert!(next.status.success(), "{}", stderr(&next));
    assert_eq!(articles(&workspace), 11, "{}", stdout(&next));
    assert!(stdout(&next).contains("11 unchanged"), "{}", stdout(&next));
}

#[cfg(unix)]
#[test]
fn issue_12_ctrl_c_after_the_commit_finishes_it_and_says_so() {
    let workspace = committed_then(5);
    let (child, go) = stopped_after_commit(&workspace);
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("send SIGINT");
    assert!(status.success());
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(&go, b"").expect("let the run go on");
    let output = child.wait_with_output().expect("wait");
    assert_eq!(output.status.code(), Some(130), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("interrupted while committing"),
        "{message}"
    );
    assert!(
        !message.contains("nothing from this run was committed"),
        "{message}"
    );
    assert_eq!(articles(&workspace), 6);
    let next = workspace.index_corpus();
    assert!(
        stdout(&next).contains("0 added, 0 updated, 0 removed, 6 unchanged"),
        "{}",
        stdout(&next)
    );
}

#[cfg(target_os = "linux")]
#[test]
fn issue_12_names_that_differ_only_in_non_utf8_bytes_stay_two_files() {
    use std::os::unix::ffi::OsStrExt;
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    std::fs::create_dir_all(&corpus).unwrap();
    let name = |bytes: &[u8]| corpus.join(std::ffi::OsStr::from_bytes(bytes));
    std::fs::write(
        name(b"M\xfcller.txt"),
        "Erster Bericht\n\nMüller sprach im Rathaus.\n",
    )
    .unwrap();
    std::fs::write(
        name(b"M\xe4ller.txt"),
        "Zweiter Bericht\n\nMäller sprach im Rathaus.\n",
    )
    .unwrap();
    let first = workspace.index_corpus();
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stdout(&first).starts_with("indexed 2 articles from 2 files"),
        "{}",
        stdout(&first)
    );
    assert_eq!(articles(&workspace), 2);
    let unchanged = workspace.index_corpus();
    assert!(
        stdout(&unchanged).contains("2 unchanged"),
        "{}",
        stdout(&unchanged)
    );
    std::fs::remove_file(name(b"M\xe4ller.txt")).unwrap();
    let after = workspace.index_corpus();
    assert!(
        stdout(&after).contains("1 removed, 1 unchanged"),
        "{}",
        stdout(&after)
    );
    assert_eq!(articles(&workspace), 1);
    assert_eq!(
        workspace.search(&["Rathaus"]).hits[0].title,
        "Erster Bericht"
    );
}

/// Indexes three files, then damages the manifest with `damage`, deletes one file and
/// indexes again: the deleted file's article must be gone, the others there once.
fn ghosts_after(damage: impl Fn(&Path)) {
    let workspace = Workspace::new();
    for n in 0..3 {
        workspace.write(
            &format!("m-{n}.txt"),
            format!("Meldung {n}\n\nDer Gemeinderat tagte.\n"),
        );
    }
    assert!(workspace.index_corpus().status.success());
    damage(&workspace.index().join("newsidx-files.tsv"));
    std::fs::remove_file(workspace.corpus().join("m-1.txt")).unwrap();
    let output = workspace.index_corpus();
    assert!(output.status.success(), "{}", stderr(&output));
    let found = workspace.search(&["Gemeinderat"]);
    assert_eq!(
        found.sorted_ids(),
        ["m-0.txt", "m-2.txt"],
        "{}",
        stdout(&output)
    );
    let again = workspace.index_corpus();
    assert!(stdout(&again).contains("2 unchanged"), "{}", stdout(&again));
}

#[test]
fn issue_12_a_deleted_manifest_leaves_no_ghosts() {
    ghosts_after(|manifest| std::fs::remove_file(manifest).unwrap());
}

#[test]
fn issue_12_a_damaged_manifest_leaves_no_ghosts() {
    ghosts_after(|manifest| std::fs::write(manifest, "#settings\tzz\nbroken line\n").unwrap());
}

#[test]
fn issue_12_a_manifest_from_another_commit_leaves_no_ghosts() {
    // Well-formed, but not the one the last commit recorded (it lists no files).
    ghosts_after(|manifest| {
        let text = std::fs::read_to_string(manifest).unwrap();
        let header = text.lines().next().unwrap();
        std::fs::write(manifest, format!("{header}\n")).unwrap();
    });
}

#[cfg(unix)]
#[test]
fn issue_12_one_corpus_under_other_spellings_of_its_path_is_indexed_once() {
    let workspace = Workspace::new();
    workspace.write("a.txt", "Eins\n\nDer Landtag tagte.\n");
    workspace.write("sub/b.txt", "Zwei\n\nDer Landtag vertagte sich.\n");
    std::fs::create_dir_all(workspace.dir.path().join("x")).unwrap();
    std::os::unix::fs::symlink(workspace.corpus(), workspace.dir.path().join("link")).unwrap();
    let here = workspace
        .dir
        .path()
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let other_spelling = format!("../{here}/corpus");
    for path in [
        "corpus",
        "x/../corpus",
        "link",
        other_spelling.as_str(),
        "corpus/",
    ] {
        let output = workspace.newsidx(&["index", path]).output().unwrap();
        assert!(output.status.success(), "{path}: {}", stderr(&output));
        assert_eq!(articles(&workspace), 2, "{path}: {}", stdout(&output));
    }
}

#[test]
fn issue_12_an_index_inside_the_corpus_is_not_read_as_articles() {
    let workspace = Workspace::new();
    workspace.write("a.txt", "Eins\n\nDer Landtag tagte.\n");
    let index = workspace.corpus().join("idx");
    let index = index.to_str().unwrap();
    for _ in 0..2 {
        let output = workspace
            .newsidx(&["index", "corpus", "--index", index])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            !stderr(&output).contains("meta.json"),
            "{}",
            stderr(&output)
        );
    }
    let listed = workspace
        .newsidx(&["search", "--index", index, "--json", "--limit", "5"])
        .output()
        .unwrap();
    let listed = stdout(&listed);
    assert!(listed.contains("\"total_hits\":1"), "{listed}");
}
