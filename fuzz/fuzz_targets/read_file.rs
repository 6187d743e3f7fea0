//! Shared by the `parse_*` targets: reads fuzzed bytes as a file of one format, exactly as
//! `newsidx index` reads a file (decoding, parsing, metadata, language and agency detection).

use std::sync::LazyLock;

use newsidx::agency::Registry;
use newsidx::ingest::{Format, Ingestor};

/// The built-in sources, built once.
static REGISTRY: LazyLock<Registry> = LazyLock::new(Registry::builtin);

/// Reads `bytes` as a `format` file. Any panic is a bug.
pub fn read(format: Format, bytes: &[u8]) {
    let ingestor = Ingestor::new(&REGISTRY, u64::MAX);
    let report = ingestor.read_memory("fuzz", "fuzz", format, bytes);
    // Reports are printed to the user: formatting them must not panic either.
    let _ = report.to_string();
}
