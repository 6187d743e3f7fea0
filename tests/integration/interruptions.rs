//! Interruptions and concurrency: a killed or interrupted run leaves the last commit intact
//! and searchable, searches during a run see the last commit, and a second writer is refused.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Workspace, stderr, stdout};

/// Articles in the first, committed run.
const FIRST: usize = 3;

/// Files in the large second run (long enough to be caught in the middle).
const SECOND: usize = 3_000;

/// A workspace whose index holds [`FIRST`] committed articles, with [`SECOND`] more files
/// waiting in the corpus for the next run.
fn committed_then_more() -> Workspace {
    let workspace = Workspace::new();
    for n in 0..FIRST {
        workspace.write(
            &format!("a/first-{n}.txt"),
            format!("Erste Meldung {n}\n\nDer Stadtrat beschloss den Haushalt.\n"),
        );
    }
    let output = workspace.index_corpus();
    assert!(output.status.success(), "{}", stderr(&output));
    let sentence = "Die Landesregierung kündigte am Montag neue Hilfen für Hochwasseropfer an, \
                    berichtete die Nachrichtenagentur dpa unter Berufung auf das Ministerium. ";
    for n in 0..SECOND {
        workspace.write(
            &format!("b/{:02}/second-{n}.txt", n % 50),
            format!("Zweite Meldung {n}\n\n{}\n", sentence.repeat(8 + n % 5)),
        );
    }
    workspace
}

/// Starts `newsidx index corpus` in the background.
fn start_index(workspace: &Workspace) -> Child {
    start_index_with(workspace, &[])
}

/// Starts `newsidx index corpus EXTRA` in the background.
fn start_index_with(workspace: &Workspace, extra: &[&str]) -> Child {
    workspace
        .process(&["index", "corpus"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start indexing")
}

/// How many articles a search sees.
fn articles(workspace: &Workspace) -> usize {
    workspace.search(&["--limit", "0"]).total_hits
}

/// Waits until the run has been going for `after` (and is still going: the test would prove
/// nothing otherwise).
fn wait_running(child: &mut Child, after: Duration) {
    let started = Instant::now();
    while started.elapsed() < after {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "indexing finished within {after:?}; make the second corpus larger"
    );
}

/// Sends `signal` to the child.
fn signal(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn kill_9_at_any_point_keeps_the_last_commit_and_the_next_run_completes() {
    let workspace = committed_then_more();
    for after in [50, 400, 1_500] {
        let mut child = start_index(&workspace);
        wait_running(&mut child, Duration::from_millis(after));
        signal(&child, "-KILL");
        child.wait().unwrap();
        assert_eq!(
            articles(&workspace),
            FIRST,
            "killed after {after} ms: the last commit is what a search sees"
        );
    }
    let output = workspace.index_corpus();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(&format!(
            "({SECOND} added, 0 updated, 0 removed, {FIRST} unchanged)"
        )),
        "{}",
        stdout(&output)
    );
    assert_eq!(articles(&workspace), FIRST + SECOND);
}

#[test]
fn searches_during_a_run_see_the_last_commit_and_a_second_writer_is_refused() {
    let workspace = committed_then_more();
    let mut child = start_index(&workspace);
    wait_running(&mut child, Duration::from_millis(300));
    assert_eq!(articles(&workspace), FIRST);

    let started = Instant::now();
    let second = workspace.newsidx(&["index", "corpus"]).output().unwrap();
    let refused_in = started.elapsed();
    assert_eq!(second.status.code(), Some(2), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("the index is being written by another newsidx process"),
        "{}",
        stderr(&second)
    );
    assert!(
        child.try_wait().unwrap().is_none(),
        "the second run was refused while the first still ran ({refused_in:?})"
    );

    let first = child.wait_with_output().unwrap();
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(articles(&workspace), FIRST + SECOND);
}

#[test]
fn ctrl_c_stops_without_committing_and_says_so() {
    let workspace = committed_then_more();
    let mut child = start_index(&workspace);
    wait_running(&mut child, Duration::from_millis(500));
    signal(&child, "-INT");
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130));
    assert!(
        stderr(&output).contains("interrupted: nothing from this run was committed"),
        "{}",
        stderr(&output)
    );
    assert_eq!(articles(&workspace), FIRST);
    let again = workspace.index_corpus();
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(articles(&workspace), FIRST + SECOND);
}

#[test]
fn a_rebuild_killed_midway_keeps_the_old_articles() {
    let workspace = committed_then_more();
    let mut child = start_index_with(&workspace, &["--rebuild"]);
    wait_running(&mut child, Duration::from_millis(400));
    signal(&child, "-KILL");
    child.wait().unwrap();
    assert_eq!(articles(&workspace), FIRST, "the old index is still there");
    let rebuilt = workspace
        .newsidx(&["index", "corpus", "--rebuild"])
        .output()
        .unwrap();
    assert!(rebuilt.status.success(), "{}", stderr(&rebuilt));
    assert_eq!(articles(&workspace), FIRST + SECOND);
    let again = workspace.index_corpus();
    assert!(
        stdout(&again).contains(&format!(
            "(0 added, 0 updated, 0 removed, {} unchanged)",
            FIRST + SECOND
        )),
        "{}",
        stdout(&again)
    );
}
