//! How a run ended, as the process exit code: importable by every layer, so that the library,
//! the search server and the commands speak of the same three outcomes (grep's exit codes).

use serde::{Deserialize, Serialize};

/// How a run ended; the process exit code, grep-style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// Search: hits found. Index: every file indexed or skipped with a reason.
    Success,
    /// Search: no hits. Index: done and committed, but some files or entries failed.
    Partial,
    /// Nothing useful was done (printed by `main`).
    Error,
}

impl Outcome {
    /// The process exit code: 0, 1 or 2.
    ///
    /// ```
    /// use newsidx::outcome::Outcome;
    /// assert_eq!(Outcome::Partial.code(), 1);
    /// ```
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::Partial => 1,
            Outcome::Error => 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_grep() {
        assert_eq!(Outcome::Success.code(), 0);
        assert_eq!(Outcome::Partial.code(), 1);
        assert_eq!(Outcome::Error.code(), 2);
    }
}
