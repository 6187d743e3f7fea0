//! Fuzzes the agency detector over arbitrary text, and the lookups of names given by users
//! (`--agency`) and by metadata fields. Any panic is a bug.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use newsidx::agency::Registry;

static REGISTRY: LazyLock<Registry> = LazyLock::new(Registry::builtin);

fuzz_target!(|text: &str| {
    let found = REGISTRY.detect(text);
    // A detected name is a source of the registry, or a name cited in the text ("die Agentur
    // Rudaw"), cleanly cut: not empty, no surrounding space, no control characters (so no
    // name runs across a paragraph break).
    for name in &found {
        // (A name broken over two lines comes back joined by one space.)
        assert!(
            REGISTRY.resolve(name).is_some() || name.split(' ').all(|word| text.contains(word)),
            "{name:?} is neither known nor in the text"
        );
        assert!(!name.is_empty() && name.trim() == name, "{name:?}");
        assert!(!name.chars().any(char::is_control), "{name:?}");
    }
    let _ = REGISTRY.from_metadata(text);
    let _ = REGISTRY.resolve(text);
});
