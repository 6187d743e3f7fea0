//! Issue 16: property tests of the HTTP API against its OpenAPI file with schemathesis, which
//! generates requests from `docs/openapi.json` (valid and invalid parameters alike) and checks
//! every answer: no server error, a documented status, content type and body schema. It runs
//! from a virtual environment under `target/tmp/` with the version `tests/api/requirements.txt`
//! pins and the settings of `tests/api/schemathesis.toml`, bounded in examples per operation.

use std::path::Path;
use std::process::Command;

use crate::http_util::HttpServer;

/// Generated requests per API operation.
const EXAMPLES: &str = "60";

/// The `st` command of a virtual environment with schemathesis, created when missing.
fn schemathesis() -> std::path::PathBuf {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("schemathesis-venv");
    let st = venv.join("bin/st");
    if st.exists() {
        return st;
    }
    let requirements = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api/requirements.txt");
    for (what, command) in [
        (
            "creating a Python virtual environment",
            Command::new("python3")
                .arg("-m")
                .arg("venv")
                .arg(&venv)
                .output(),
        ),
        (
            "installing schemathesis",
            Command::new(venv.join("bin/pip"))
                .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
                .arg(&requirements)
                .output(),
        ),
    ] {
        let output = command.unwrap_or_else(|error| panic!("{what}: {error}"));
        assert!(
            output.status.success(),
            "{what} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    st
}

#[test]
fn issue_16_the_api_keeps_to_its_openapi_file_under_generated_requests() {
    let st = schemathesis();
    let workspace = crate::http::indexed_corpus();
    let server = HttpServer::start(&workspace);
    // Run from target/tmp/, where schemathesis leaves its cache.
    let output = Command::new(st)
        .current_dir(env!("CARGO_TARGET_TMPDIR"))
        .arg("--config-file")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/api/schemathesis.toml"
        ))
        .arg("run")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/openapi.json"))
        .arg("--url")
        .arg(format!("http://{}", server.addr))
        .args([
            "--checks",
            "all",
            // See tests/api/schemathesis.toml: query syntax and dates are beyond a schema.
            "--exclude-checks",
            "positive_data_acceptance",
            "--max-examples",
            EXAMPLES,
            "--workers",
            "2",
            "--request-timeout",
            "30",
            "--max-failures",
            "10",
            "--no-color",
            "--seed",
            "16",
        ])
        .env("SCHEMATHESIS_HOOKS", "")
        .output()
        .expect("run schemathesis");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "schemathesis found problems:\n{report}"
    );
    // It did test every operation of the file.
    assert!(
        report.contains("Tested: 6"),
        "not every operation was tested:\n{report}"
    );
    assert!(report.contains("generated"), "{report}");
    assert!(
        !server.log_text().contains(" 500 "),
        "{}",
        server.log_text()
    );
}
