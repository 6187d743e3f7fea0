//! Fuzzes the agency detector over arbitrary text, and the lookups of names given by users
//! (`--agency`) and by metadata fields. Any panic is a bug.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use newsidx::agency::Registry;

static REGISTRY: LazyLock<Registry> = LazyLock::new(Registry::builtin);

fuzz_target!(|text: &str| {
    let found = REGISTRY.detect(text);
    // Every detected name is a canonical name the registry resolves.
    for name in &found {
        assert!(REGISTRY.resolve(name).is_some(), "{name} does not resolve");
    }
    let _ = REGISTRY.from_metadata(text);
    let _ = REGISTRY.resolve(text);
});
