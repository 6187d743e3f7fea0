//! The library example (`examples/library_search.rs`), built by `cargo test`, run against an
//! index the binary wrote: the library API opens it and runs a filtered search.

use std::path::PathBuf;

use crate::util::Workspace;

/// The example binary cargo built beside this test binary (`target/debug/examples/`).
fn example(name: &str) -> PathBuf {
    let test_binary = std::env::current_exe().expect("test binary path");
    let profile_dir = test_binary
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps");
    profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

#[test]
fn library_example_runs_a_filtered_search() {
    let workspace = Workspace::new();
    workspace.write(
        "a.txt",
        "Anschlag auf Bahnstrecke\n\nNach dem Anschlag auf die Bahnstrecke ermittelt die Polizei, berichtete die dpa.",
    );
    workspace.write(
        "b.txt",
        "Anschläge vereitelt\n\nDie Polizei hat zwei Anschläge vereitelt, meldete Reuters.",
    );
    workspace.write(
        "c.txt",
        "Wetter im Norden\n\nIm Norden bleibt es laut dpa sonnig und warm.",
    );
    assert!(workspace.index_corpus().status.success());
    let binary = example("library_search");
    assert!(
        binary.is_file(),
        "{} missing: cargo test builds the examples",
        binary.display()
    );
    let run = |args: &[&str]| {
        let output = std::process::Command::new(&binary)
            .arg(workspace.index())
            .args(args)
            .output()
            .expect("run the example");
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).expect("UTF-8 output")
    };
    // Both articles about attacks, whatever the inflection.
    let all = run(&["Anschlag"]);
    assert!(all.starts_with("hits: 2\n"), "{all}");
    assert!(all.contains("a.txt") && all.contains("b.txt"), "{all}");
    // Filtered by an alias in another case: only the dpa article.
    let filtered = run(&["Anschlag", "deutsche presse-agentur"]);
    assert_eq!(filtered.lines().next(), Some("hits: 1"), "{filtered}");
    assert!(
        filtered.contains("1. a.txt · undated · dpa · Anschlag auf Bahnstrecke"),
        "{filtered}"
    );
}
