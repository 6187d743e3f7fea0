//! Large multi-article files (issue 12): JSONL and JSON arrays over the streaming threshold are
//! read record by record and give exactly what reading them whole gives; no size limit applies
//! to them. The threshold is lowered for the test (a test-build setting), so that files of a
//! few megabytes stream.

use crate::util::{Workspace, stderr, stdout};

/// Writes a JSONL dump of `count` articles, one of them broken, and a JSON array of
/// `count` articles into the workspace's corpus.
fn dumps(workspace: &Workspace, count: usize) {
    let article = |n: usize| {
        format!(
            "{{\"title\": \"Meldung {n} über [Klammern] und \\\"Zitate\\\"\", \"maintext\": \"Der Gemeinderat {n} beschloss am Montag den Haushalt, berichtete die dpa. {}\", \"date_publish\": \"2024-03-{:02}\"}}",
            "Weitere Sätze füllen den Artikel. ".repeat(20),
            1 + n % 28
        )
    };
    let mut lines: Vec<String> = (0..count).map(article).collect();
    lines[7] = "{\"title\": \"kaputt\", ".to_owned();
    workspace.write("dump.jsonl", lines.join("\n") + "\n");
    let elements: Vec<String> = (0..count).map(article).collect();
    workspace.write("dump.json", format!("[\n{}\n]\n", elements.join(",\n")));
}

/// Indexes the corpus into `index` with the streaming threshold at `threshold` bytes and
/// `--max-file-size 1`, returning the output.
fn index_with(workspace: &Workspace, index: &str, threshold: &str) -> std::process::Output {
    workspace
        .process(&["index", "corpus", "--index", index, "--max-file-size", "1"])
        .env("NEWSIDX_TEST_STREAM_BYTES", threshold)
        .output()
        .expect("run index")
}

#[test]
fn issue_12_large_dumps_stream_and_index_exactly_as_read_whole() {
    let workspace = Workspace::new();
    dumps(&workspace, 3_000);
    let size = std::fs::metadata(workspace.corpus().join("dump.jsonl"))
        .unwrap()
        .len();
    assert!(size > 1 << 20, "over --max-file-size 1");
    let streamed = index_with(&workspace, "streamed", "100000");
    let whole = index_with(&workspace, "whole", "1000000000");
    for output in [&streamed, &whole] {
        assert_eq!(output.status.code(), Some(1), "{}", stderr(output));
        assert!(
            stdout(output).starts_with("indexed 5999 articles from 2 files"),
            "{}",
            stdout(output)
        );
        assert!(
            stderr(output).contains("dump.jsonl:8: invalid JSON"),
            "{}",
            stderr(output)
        );
    }
    let listing = |index: &str| {
        let output = workspace
            .newsidx(&[
                "search",
                "--index",
                index,
                "Gemeinderat",
                "--json",
                "--limit",
                "10000",
            ])
            .output()
            .unwrap();
        let parsed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let mut hits: Vec<(String, String, String)> = parsed["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|hit| {
                (
                    hit["id"].as_str().unwrap().to_owned(),
                    hit["title"].as_str().unwrap().to_owned(),
                    hit["date"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
        hits.sort();
        hits
    };
    let streamed_hits = listing("streamed");
    assert_eq!(streamed_hits.len(), 5_999);
    assert_eq!(streamed_hits, listing("whole"));
    assert!(streamed_hits.contains(&(
        "dump.jsonl:3000".to_owned(),
        "Meldung 2999 über [Klammern] und \"Zitate\"".to_owned(),
        "2024-03-04".to_owned()
    )));
    // Unchanged, touched and edited dumps, streamed.
    let again = index_with(&workspace, "streamed", "100000");
    assert!(stdout(&again).contains("2 unchanged"), "{}", stdout(&again));
    let dump = workspace.corpus().join("dump.json");
    let text = std::fs::read_to_string(&dump).unwrap();
    std::fs::write(&dump, &text).unwrap();
    let touched = index_with(&workspace, "streamed", "100000");
    assert!(
        stdout(&touched).contains("2 unchanged"),
        "{}",
        stdout(&touched)
    );
    std::fs::write(
        &dump,
        text.replacen("Meldung 0 über", "Meldung null über", 1),
    )
    .unwrap();
    let edited = index_with(&workspace, "streamed", "100000");
    assert!(
        stdout(&edited).starts_with("indexed 3000 articles from 1 file (0 added, 1 updated"),
        "{}",
        stdout(&edited)
    );
    assert_eq!(listing("streamed").len(), 5_999);
}

#[test]
fn issue_12_a_broken_array_reports_its_line_and_keeps_what_was_read() {
    let workspace = Workspace::new();
    let elements: Vec<String> = (0..500)
        .map(|n| format!("{{\"title\": \"Meldung {n}\", \"text\": \"Der Kreistag {n} tagte lange und ausführlich.\"}}"))
        .collect();
    workspace.write("cut.json", format!("[\n{}\n", elements.join(",\n")));
    let output = index_with(&workspace, "idx", "1000");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cut.json:502: JSON array not closed at the end of the file"),
        "{}",
        stderr(&output)
    );
    // The articles read are indexed, and the file is read again next time.
    let all_found = || {
        let found = workspace
            .newsidx(&[
                "search", "--index", "idx", "Kreistag", "--json", "--limit", "0",
            ])
            .output()
            .unwrap();
        assert!(
            stdout(&found).contains("\"total_hits\":500"),
            "{}",
            stdout(&found)
        );
    };
    all_found();
    let again = index_with(&workspace, "idx", "1000");
    assert!(stdout(&again).contains("1 updated"), "{}", stdout(&again));
    all_found();
}
