//! Output safety and version checks: what an article contains never reaches the terminal as
//! control sequences, `--json` is valid JSON whatever the input bytes, and an index from an
//! incompatible newsidx is refused with a message to rebuild.

use crate::util::{Workspace, stderr, stdout};

/// A corpus of articles whose titles, bodies and file names carry terminal controls.
fn hostile() -> Workspace {
    let workspace = Workspace::new();
    workspace.write(
        "escape.txt",
        format!(
            "Gefahr \u{1b}[31mrot\u{1b}[0m und \u{1b}]0;Titel\u{7}Fenster\n\nDer Text über Lawinen \u{1b}[2J löscht den Schirm. {}\n",
            "Lawinen gingen in den Alpen nieder. ".repeat(5)
        ),
    );
    workspace.write(
        "bidi.txt",
        "Rechnung \u{202e}fdp.exe\u{202c} Lawinen\n\nLawinen und \u{2066}versteckt\u{2069} \u{8}\u{8}rückwärts.\n",
    );
    workspace.write(
        "feed.jsonl",
        "{\"title\": \"Null \\u0000 und Glocke \\u0007 Lawinen\", \"text\": \"Lawinen \\u001b[1m fett \\u009b31m C1\"}\n",
    );
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::OsStr::from_bytes(b"odd-\xff\x1b[31m.txt");
    std::fs::write(
        workspace.corpus().join(name),
        "Seltsamer Name Lawinen\n\nText über Lawinen.\n",
    )
    .unwrap();
    let output = workspace.index_corpus();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains('\u{1b}'), "{:?}", stderr(&output));
    workspace
}

#[test]
fn terminal_controls_in_titles_snippets_and_paths_are_escaped() {
    let workspace = hostile();
    for color in ["never", "always"] {
        let output = workspace
            .newsidx(&["search", "Lawinen", "--limit", "10", "--color", color])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        let text = stdout(&output);
        // With colour, only our own SGR codes may appear: ESC [ digits/; m.
        let foreign = text
            .match_indices('\u{1b}')
            .filter(|(at, _)| {
                let rest = &text[at + 1..];
                !(rest.starts_with('[')
                    && rest[1..]
                        .chars()
                        .take_while(|c| *c != 'm')
                        .all(|c| c.is_ascii_digit() || c == ';'))
            })
            .count();
        assert_eq!(foreign, 0, "{color}: {text:?}");
        for raw in ['\u{202e}', '\u{2066}', '\u{7}', '\u{8}', '\u{0}', '\u{9b}'] {
            assert!(!text.contains(raw), "{color}: {raw:?} in {text:?}");
        }
        assert!(text.contains("\\u{202e}"), "{text}");
        assert!(text.contains("\\u{1b}[31mrot"), "{text}");
    }
}

#[test]
fn json_output_is_valid_and_keeps_the_text() {
    let workspace = hostile();
    let output = workspace
        .newsidx(&["search", "--json", "Lawinen", "--limit", "10"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let hits = value["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 4);
    let titles: Vec<&str> = hits
        .iter()
        .map(|hit| hit["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.iter().any(|title| title.contains('\u{202e}')),
        "{titles:?}"
    );
    assert!(
        titles.iter().any(|title| title.contains('\u{0}')),
        "{titles:?}"
    );
    let paths: Vec<&str> = hits
        .iter()
        .map(|hit| hit["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.iter().any(|path| path.contains('\u{fffd}')),
        "{paths:?}"
    );
    // Every stats and agencies listing is valid JSON too.
    for command in [["stats", "--json"], ["agencies", "--json"]] {
        let output = workspace.newsidx(&command).output().unwrap();
        serde_json::from_slice::<serde_json::Value>(&output.stdout)
            .unwrap_or_else(|error| panic!("{command:?}: {error}"));
    }
}

#[test]
fn an_index_from_an_incompatible_version_is_refused_with_a_rebuild_hint() {
    let workspace = Workspace::new();
    workspace.write("a.txt", "Titel\n\nText über Brücken.\n");
    assert!(workspace.index_corpus().status.success());
    let meta = workspace.index().join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let changed = text.replace("\\\"schema_version\\\":2", "\\\"schema_version\\\":1");
    assert_ne!(
        text, changed,
        "the payload records the schema version: {text}"
    );
    std::fs::write(&meta, changed).unwrap();

    for args in [
        vec!["search", "Brücken"],
        vec!["index", "corpus"],
        vec!["stats"],
    ] {
        let output = workspace.newsidx(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let errors = stderr(&output);
        assert!(errors.contains("schema 1"), "{errors}");
        assert!(
            errors.contains("rebuild it with `newsidx index --rebuild`"),
            "{errors}"
        );
        assert_eq!(errors.trim_end().lines().count(), 1, "{errors}");
    }
    let rebuilt = workspace
        .newsidx(&["index", "corpus", "--rebuild"])
        .output()
        .unwrap();
    assert!(rebuilt.status.success(), "{}", stderr(&rebuilt));
    assert_eq!(workspace.search(&["Brücken"]).total_hits, 1);
}

#[cfg(unix)]
#[test]
fn issue_12_terminal_escapes_in_file_names_are_escaped_in_index_messages() {
    let workspace = Workspace::new();
    // Empty files are reported as skipped, with their names.
    for name in [
        "clear\u{1b}[2J.txt",
        "title\u{1b}]0;pwned\u{7}.txt",
        "mark\u{61c}.txt",
    ] {
        workspace.write(name, "");
    }
    let output = workspace.index_corpus();
    let messages = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(messages.lines().count(), 3, "{messages}");
    assert!(
        !messages.contains('\u{1b}') && !messages.contains('\u{7}'),
        "{messages:?}"
    );
    assert!(!messages.contains('\u{61c}'), "{messages:?}");
    assert!(
        messages.contains("clear\\u{1b}[2J.txt: skipped: empty file"),
        "{messages}"
    );
    assert!(messages.contains("mark\\u{61c}.txt"), "{messages}");
}

#[cfg(unix)]
#[test]
fn issue_12_an_index_that_cannot_be_written_can_be_searched() {
    use std::os::unix::fs::PermissionsExt;
    let workspace = Workspace::new();
    workspace.write("a.txt", "Deiche halten\n\nDie Deiche an der Oder halten.\n");
    assert!(workspace.index_corpus().status.success());
    // Another user's world-readable index: readable, not writable.
    let readable = |path: &std::path::Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    readable(workspace.dir.path(), 0o755);
    readable(&workspace.index(), 0o555);
    for entry in std::fs::read_dir(workspace.index()).unwrap() {
        readable(&entry.unwrap().path(), 0o444);
    }
    let is_root = std::fs::metadata("/proc/self").is_ok_and(|proc| {
        use std::os::unix::fs::MetadataExt;
        proc.uid() == 0
    });
    let mut command = if is_root {
        // Root writes anywhere: search as another user instead.
        let mut command = std::process::Command::new("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_newsidx"));
        command
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_newsidx"))
    };
    let output = command
        .arg("search")
        .arg("--index")
        .arg(workspace.index())
        .args(["--json", "Deiche"])
        .output()
        .expect("run search");
    readable(&workspace.index(), 0o755);
    if is_root && String::from_utf8_lossy(&output.stderr).contains("setpriv") {
        eprintln!("setpriv could not switch users here; read-only search not checked");
        return;
    }
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("\"total_hits\":1"));
}
