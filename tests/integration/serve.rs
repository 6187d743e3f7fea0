//! `newsidx serve`: searches answered by a resident process print exactly what a direct search
//! prints, see new commits, and a missing or dead server only means a direct search.

use std::io::Read;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Workspace, indexed_sample, stderr};

/// A running `newsidx serve`; stopped (SIGKILL) when dropped.
struct Server {
    /// The process.
    child: Child,
}

impl Server {
    /// Starts a server on the workspace's index and waits until its socket is there.
    fn start(workspace: &Workspace) -> Server {
        let child = workspace
            .process(&["serve"])
            .stderr(Stdio::piped())
            .spawn()
            .expect("start server");
        let server = Server { child };
        // Connecting, not the socket file, tells: a killed server leaves its file behind.
        wait_for(
            || UnixStream::connect(socket(workspace)).is_ok(),
            "server answering",
        );
        server
    }

    /// Sends SIGINT (Ctrl-C) and returns what the server logged.
    fn interrupt(mut self) -> String {
        signal("-INT", self.child.id());
        let status = self.child.wait().expect("server ends");
        assert!(status.success(), "server ended with {status}");
        let mut log = String::new();
        let mut pipe = self.child.stderr.take().expect("piped");
        pipe.read_to_string(&mut log).expect("read log");
        log
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server socket of the workspace's index.
fn socket(workspace: &Workspace) -> std::path::PathBuf {
    workspace.index().join("newsidx.sock")
}

/// Sends `signal` to process `pid` with kill(1).
fn signal(signal: &str, pid: u32) {
    let status = std::process::Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
}

/// Waits up to ten seconds for `condition`.
fn wait_for(condition: impl Fn() -> bool, what: &str) {
    let started = Instant::now();
    while !condition() {
        assert!(started.elapsed() < Duration::from_secs(10), "no {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs `newsidx search ARGS` in the workspace.
fn search(workspace: &Workspace, args: &[&str]) -> Output {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    workspace.process(&all).output().expect("run search")
}

/// Searches that cover every way a search ends and prints.
const SEARCHES: &[&[&str]] = &[
    &["Anschlag"],
    &["Anschlag", "--json", "--limit", "3"],
    &["Strasse", "--color", "always"],
    &["Anschlag", "--agency", "Reuters", "--since", "2020"],
    &["Anschlag", "--agency", "Nobody Knows This Agency"],
    &["Zeppelinhangar"],
    &["Regierng"],
    &["\"unclosed"],
    &["title:(Anschlag"],
    &["--sort", "oldest", "--limit", "2", "--offset", "1"],
];

#[test]
fn served_searches_print_exactly_what_direct_searches_print() {
    let workspace = indexed_sample();
    let direct: Vec<Output> = SEARCHES
        .iter()
        .map(|args| search(&workspace, args))
        .collect();
    let server = Server::start(&workspace);
    for (args, direct) in SEARCHES.iter().zip(&direct) {
        let served = search(&workspace, args);
        assert_eq!(served.status.code(), direct.status.code(), "{args:?}");
        assert_eq!(stderr(&served), stderr(direct), "{args:?}");
        assert_eq!(served.stdout, direct.stdout, "{args:?}");
    }
    let log = server.interrupt();
    // Every search went through the server (the log has a line per search).
    assert_eq!(
        log.lines()
            .filter(|line| line.starts_with("search "))
            .count(),
        SEARCHES.len(),
        "{log}"
    );
    assert!(log.contains("search \"Anschlag\": hits in"), "{log}");
    assert!(
        log.contains("search \"Zeppelinhangar\": no hits in"),
        "{log}"
    );
    assert!(log.contains("search \"\\\"unclosed\": error in"), "{log}");
    assert!(!socket(&workspace).exists(), "Ctrl-C removes the socket");
}

#[test]
fn the_server_sees_every_new_commit() {
    let workspace = Workspace::new();
    workspace.write(
        "a.txt",
        "Erster Artikel\n\nDer Hafen wurde am Montag gesperrt.\n",
    );
    assert!(workspace.index_corpus().status.success());
    let server = Server::start(&workspace);
    assert_eq!(search(&workspace, &["Zeppelin"]).status.code(), Some(1));
    workspace.write(
        "b.txt",
        "Zweiter Artikel\n\nEin Zeppelin landete auf dem Flugfeld.\n",
    );
    assert!(workspace.index_corpus().status.success());
    let found = search(&workspace, &["Zeppelin", "--json"]);
    assert_eq!(found.status.code(), Some(0), "{}", stderr(&found));
    assert!(String::from_utf8_lossy(&found.stdout).contains("b.txt"));
    let log = server.interrupt();
    assert_eq!(log.matches("search \"Zeppelin\"").count(), 2, "{log}");
}

#[test]
fn a_dead_servers_socket_is_ignored_then_replaced() {
    let workspace = indexed_sample();
    let mut server = Server::start(&workspace);
    signal("-KILL", server.child.id());
    server.child.wait().expect("killed");
    assert!(
        socket(&workspace).exists(),
        "kill -9 leaves the socket behind"
    );
    // Nobody answers on it: the search opens the index itself, without a word about it.
    let output = search(&workspace, &["Anschlag"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), "");
    // A new server takes the place over.
    let server = Server::start(&workspace);
    assert_eq!(search(&workspace, &["Anschlag"]).status.code(), Some(0));
    assert!(server.interrupt().contains("search \"Anschlag\""));
}

#[test]
fn one_server_per_index() {
    let workspace = indexed_sample();
    let _server = Server::start(&workspace);
    let second = workspace
        .newsidx(&["serve"])
        .timeout(Duration::from_secs(10))
        .output();
    let second = second.expect("run second server");
    assert_eq!(second.status.code(), Some(2));
    assert!(
        stderr(&second).contains("a search server already runs for this index"),
        "{}",
        stderr(&second)
    );
}

#[test]
fn no_index_no_server() {
    let workspace = Workspace::new();
    let output = workspace.newsidx(&["serve"]).output().expect("run serve");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no index found"),
        "{}",
        stderr(&output)
    );
    assert!(!Path::new(&socket(&workspace)).exists());
}

/// Opens a connection to the server that sends half a request and then waits.
fn stalled_client(workspace: &Workspace) -> UnixStream {
    use std::io::Write;
    let mut stream = UnixStream::connect(socket(workspace)).expect("connect");
    stream
        .write_all(b"{\"version\":")
        .expect("write half a request");
    stream
}

#[test]
fn issue_12_stalled_clients_do_not_hold_the_server() {
    let workspace = indexed_sample();
    let server = Server::start(&workspace);
    // More stalled clients than the server has workers on a small machine.
    let stalled: Vec<UnixStream> = (0..4).map(|_| stalled_client(&workspace)).collect();
    std::thread::sleep(Duration::from_millis(1_500));
    let output = search(&workspace, &["Anschlag"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "", "served, no fallback");
    drop(stalled);
    let log = server.interrupt();
    assert!(log.contains("search \"Anschlag\": hits in"), "{log}");
    assert!(
        log.contains("cannot read a request: not complete within 1 s"),
        "{log}"
    );
}

#[test]
fn issue_12_a_suspended_server_makes_searches_fall_back_with_a_true_message() {
    let workspace = indexed_sample();
    let server = Server::start(&workspace);
    signal("-STOP", server.child.id());
    let output = search(&workspace, &["Anschlag", "--limit", "1"]);
    signal("-CONT", server.child.id());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("the search server did not answer (no acknowledgement within 500 ms); searching the index directly"),
        "{message}"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("1-1 of 6 hits"));
}

#[test]
fn issue_12_a_socket_of_another_user_is_not_trusted() {
    use std::os::unix::fs::MetadataExt;
    let workspace = indexed_sample();
    let _server = Server::start(&workspace);
    let me = std::fs::metadata("/proc/self")
        .map(|proc| proc.uid())
        .unwrap_or(1);
    if me != 0 {
        eprintln!("only root can give the socket to another user; not checked");
        return;
    }
    let status = std::process::Command::new("chown")
        .arg("65534")
        .arg(socket(&workspace))
        .status()
        .expect("run chown");
    assert!(status.success());
    let output = search(&workspace, &["Anschlag"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("belongs to another user: not used; searching the index directly"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn issue_12_an_index_path_too_long_for_a_socket_is_a_clear_error() {
    let workspace = Workspace::new();
    let long = workspace.dir.path().join("x".repeat(120));
    workspace.write("a.txt", "Eins\n\nDer Landtag tagte.\n");
    let long_index = long.to_str().unwrap();
    let indexed = workspace
        .newsidx(&["index", "corpus", "--index", long_index])
        .output()
        .unwrap();
    assert!(indexed.status.success(), "{}", stderr(&indexed));
    let served = workspace
        .newsidx(&["serve", "--index", long_index])
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    assert_eq!(served.status.code(), Some(2));
    assert!(
        stderr(&served).contains("path too long for a Unix socket"),
        "{}",
        stderr(&served)
    );
}
