//! Issue 16: the search page in a real headless Chromium, driven by Playwright
//! (`tests/e2e/page.test.mjs`): search, facets, the chart's date range, the article view,
//! back and forward, both languages, a phone's width, and hostile articles that must render
//! as text. This test sets the stage: Debian's `chromium` (installed with apt-get when it is
//! missing, as CI needs), `playwright-core` from `tests/e2e/package-lock.json`, the sample
//! corpus plus three hostile articles, and a real `newsidx serve --http`. Screenshots land in
//! `target/tmp/e2e-artifacts/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::http_util::HttpServer;
use crate::util::Workspace;

/// The three hostile articles the browser test expects, one JSON line each.
const HOSTILE: &str = r#"{"id": "hostile-1", "title": "<script>window.__pwned=1</script>Giftköder im Park", "text": "Giftköder gefunden <img src=x onerror=\"window.__pwned=2\"> (dpa)", "url": "javascript:window.__pwned=3", "agency": "<img src=y onerror=window.__pwned=4>", "date": "2024-04-02", "language": "de"}
{"id": "hostile-2", "title": "Giftköder <b onmouseover=window.__pwned=5>fett</b>", "text": "Ein <a href=\"javascript:window.__pwned=6\">Link</a> und Giftköder. <svg onload=window.__pwned=7>", "date": "2024-05-01", "language": "de"}
{"id": "hostile-3", "title": "Giftköder\"><iframe src=javascript:window.__pwned=8>", "text": "Giftköder ]]></script><script>window.__pwned=9</script>", "language": "en"}
"#;

/// The project directory.
fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `command`, panicking with its output unless it succeeds.
fn run(command: &mut Command, what: &str) -> String {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("{what}: cannot run {command:?}: {error}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{what} failed:\n{text}");
    text
}

/// The Chromium to drive: `$CHROMIUM`, else Debian's, installed now if missing.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(path);
    }
    let debian = PathBuf::from("/usr/bin/chromium");
    if !debian.exists() {
        run(
            Command::new("apt-get").args(["update", "-q"]),
            "apt-get update (to install chromium for the browser test)",
        );
        run(
            Command::new("apt-get")
                .args(["install", "-y", "-q", "chromium"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
            "installing chromium (the browser test needs Debian's `chromium` package)",
        );
    }
    debian
}

/// Whether `program --version` runs.
fn runs(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

/// Installs Node.js and npm from Debian when they are missing, then `playwright-core` as
/// the lock file says, unless it is there.
fn playwright() {
    if !runs("node") || !runs("npm") {
        run(
            Command::new("apt-get").args(["update", "-q"]),
            "apt-get update (to install Node.js for the browser test)",
        );
        run(
            Command::new("apt-get")
                .args(["install", "-y", "-q", "nodejs", "npm"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
            "installing Node.js (the browser test runs Playwright on it)",
        );
    }
    let e2e = repo().join("tests/e2e");
    if !e2e
        .join("node_modules/playwright-core/package.json")
        .exists()
    {
        run(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&e2e),
            "installing playwright-core (npm ci in tests/e2e)",
        );
    }
}

/// Copies the files of `from` into `to`.
fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk sample corpus");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

#[test]
fn issue_16_the_page_works_in_a_real_browser() {
    let browser = chromium();
    playwright();
    let workspace = Workspace::new();
    copy_tree(&repo().join("sample_corpus"), &workspace.corpus());
    workspace.write("hostile.jsonl", HOSTILE);
    let indexed = workspace.index_corpus();
    assert!(indexed.status.success(), "{indexed:?}");
    let server = HttpServer::start(&workspace);
    let artifacts = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-artifacts");
    let _ = std::fs::remove_dir_all(&artifacts);
    let report = run(
        Command::new("node")
            .args(["--test", "tests/e2e/"])
            .current_dir(repo())
            .env("NEWSIDX_URL", format!("http://{}/", server.addr))
            .env("NEWSIDX_ARTIFACTS", &artifacts)
            .env("CHROMIUM", &browser),
        "the browser tests",
    );
    assert!(report.contains("# fail 0"), "{report}");
    for screenshot in ["search.png", "article.png", "phone.png"] {
        let size = std::fs::metadata(artifacts.join(screenshot))
            .map(|metadata| metadata.len())
            .unwrap_or(0);
        assert!(size > 10_000, "{screenshot}: no screenshot ({size} bytes)");
    }
    // Every page and API request the browser made was logged, none failed on the server.
    let log = server.log_text();
    assert!(log.contains("GET / 200"), "{log}");
    assert!(!log.contains(" 500 "), "{log}");
}
