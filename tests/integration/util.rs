//! Shared helpers: temporary workspaces, running the binary, typed JSON output.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use assert_cmd::Command;
use serde::Deserialize;
use tempfile::TempDir;

/// A temporary directory holding a corpus (`corpus/`) and an index (`index/`).
pub struct Workspace {
    /// Removed when the workspace is dropped.
    pub dir: TempDir,
}

impl Workspace {
    /// An empty workspace.
    pub fn new() -> Workspace {
        Workspace {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    /// The corpus directory.
    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    /// The index directory.
    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// Writes `contents` to `corpus/<relative>`, creating folders.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.corpus().join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folders");
        std::fs::write(&path, contents).expect("write file");
        path
    }

    /// `newsidx ARGS` run in the workspace with its index.
    pub fn newsidx(&self, args: &[&str]) -> Command {
        Command::from_std(self.process(args))
    }

    /// The same as a plain [`std::process::Command`], for tests that start it in the
    /// background and signal it.
    pub fn process(&self, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_newsidx"));
        command
            .current_dir(self.dir.path())
            .env("NEWSIDX_INDEX", self.index())
            .env_remove("NO_COLOR")
            .args(args);
        command
    }

    /// Indexes `corpus/` and returns the finished command's output.
    pub fn index_corpus(&self) -> std::process::Output {
        self.newsidx(&["index", "corpus"])
            .output()
            .expect("run index")
    }

    /// Runs `search --json ARGS` and parses the result; panics unless exit code is 0 or 1.
    pub fn search(&self, args: &[&str]) -> SearchOutput {
        search_json(self.newsidx(&[]), args)
    }
}

/// Runs `command search --json ARGS` and parses what it prints.
pub fn search_json(mut command: Command, args: &[&str]) -> SearchOutput {
    let output = command
        .arg("search")
        .arg("--json")
        .args(args)
        .output()
        .expect("run search");
    let code = output.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "search {args:?} exited {code:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let parsed: SearchOutput = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "search {args:?}: invalid JSON ({error}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    assert_eq!(
        code == Some(0),
        parsed.total_hits > 0,
        "exit code follows hits"
    );
    parsed
}

/// `search --json` output.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchOutput {
    pub query: Option<String>,
    pub total_hits: usize,
    pub hits: Vec<JsonHit>,
    pub suggestion: Option<String>,
    /// Counts over every match (checked in `analytics.rs`, which reads them untyped).
    #[allow(dead_code)]
    pub facets: Option<serde_json::Value>,
}

impl SearchOutput {
    /// The ids of the hits, in order.
    pub fn ids(&self) -> Vec<&str> {
        self.hits.iter().map(|hit| hit.id.as_str()).collect()
    }

    /// The ids of the hits, sorted.
    pub fn sorted_ids(&self) -> Vec<&str> {
        let mut ids = self.ids();
        ids.sort_unstable();
        ids
    }
}

/// One hit of `search --json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonHit {
    pub id: String,
    pub path: String,
    pub title: String,
    pub title_highlights: Vec<[usize; 2]>,
    pub date: Option<String>,
    pub authors: Vec<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub agencies: Vec<String>,
    pub score: Option<f32>,
    pub snippet: String,
    pub highlights: Vec<[usize; 2]>,
}

/// The repository's `sample_corpus/`.
pub fn sample_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_corpus")
}

/// An index of `sample_corpus/`, built once for all tests that only read it.
pub static SAMPLE: LazyLock<Workspace> = LazyLock::new(indexed_sample);

/// A new workspace whose index holds `sample_corpus/`, for tests that change or serve it.
pub fn indexed_sample() -> Workspace {
    let workspace = Workspace::new();
    let corpus = sample_corpus();
    let output = workspace
        .newsidx(&["index", corpus.to_str().expect("UTF-8 path")])
        .output()
        .expect("index sample corpus");
    assert!(
        output.status.success(),
        "indexing sample_corpus failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    workspace
}

/// The ids of sample-corpus articles, by file name stem or JSON id, as the index shows them.
pub fn text(stem: &str) -> String {
    format!("text/{stem}.txt")
}

/// Standard output as text.
pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
