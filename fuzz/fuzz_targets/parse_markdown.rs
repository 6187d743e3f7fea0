//! Fuzzes reading a `Markdown` file: decoding the bytes, parsing, metadata, language and agency
//! detection, exactly as `newsidx index` reads a file. Any panic is a bug.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use newsidx::agency::Registry;
use newsidx::ingest::{Format, Ingestor};

static REGISTRY: LazyLock<Registry> = LazyLock::new(Registry::builtin);

fuzz_target!(|bytes: &[u8]| {
    let ingestor = Ingestor::new(&REGISTRY, u64::MAX);
    let report = ingestor.read_memory("fuzz", "fuzz", Format::Markdown, bytes);
    // Reports are printed to the user: formatting them must not panic either.
    let _ = report.to_string();
});
