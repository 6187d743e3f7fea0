//! How an indexing run shares its memory budget (`newsidx index --memory`).
//!
//! The budget bounds the whole process, so the program's own fixed share comes off first
//! ([`PROGRAM_BYTES`]: the binary, the compound lexicon and its automaton, the runtime;
//! indexing a few files peaks at about 70 MiB, and tantivy's queue of up to 10,000 waiting
//! documents comes on top). The rest is shared out:
//!
//! | share | for |
//! | ---: | --- |
//! | 50 % | the indexing threads' buffers (a segment is written when they fill) |
//! | 25 % | what one merge may read ([`crate::merge_policy::BoundedMergePolicy`]) |
//! | 10 % | the memories of stems and compound splits, one of each per indexing thread |
//! | 5 % | the batch of files read ahead (at most 32 MiB: more buys nothing) |
//! | 10 % | slack: tantivy's bookkeeping, allocator overhead |

/// What the program needs before any indexing: taken off the budget first.
pub const PROGRAM_BYTES: usize = 80 * 1024 * 1024;

/// Smallest budget in MiB: below it the program itself hardly fits.
pub const MIN_MIB: u64 = 128;

/// Largest read-ahead batch in bytes.
const MAX_BATCH_BYTES: u64 = 32 * 1024 * 1024;

/// Bytes a remembered word costs, about: key and value on the heap, the table slot, the
/// allocator's overhead (measured: 300,000 words per memory added 70 MiB over four memories).
pub const BYTES_PER_REMEMBERED_WORD: usize = 100;

/// The shares of one indexing run's budget, in bytes (words for the memories).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// All the indexing threads' buffers together.
    pub buffers: usize,
    /// What one merge may read.
    pub merge_bytes: u64,
    /// Words each memory of stems or splits may hold.
    pub remembered_words: usize,
    /// Bytes of files a read-ahead batch may hold.
    pub batch_bytes: u64,
}

impl Budget {
    /// Shares out `total` bytes for a run with `threads` indexing threads.
    pub fn new(total: usize, threads: usize) -> Budget {
        let rest = total.saturating_sub(PROGRAM_BYTES);
        let percent = |share: usize| rest / 100 * share;
        // One memory of stems and one of splits per thread.
        let memories = 2 * threads.max(1);
        Budget {
            buffers: percent(50),
            merge_bytes: percent(25) as u64,
            remembered_words: percent(10) / memories / BYTES_PER_REMEMBERED_WORD,
            batch_bytes: (percent(5) as u64).min(MAX_BATCH_BYTES),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: usize = 1024 * 1024;

    #[test]
    fn the_shares_stay_within_the_budget() {
        for mib in [MIN_MIB as usize, 256, 1024, 65536] {
            for threads in [1, 2, 16] {
                let budget = Budget::new(mib * MIB, threads);
                let memories = 2 * threads * budget.remembered_words * BYTES_PER_REMEMBERED_WORD;
                let used = PROGRAM_BYTES
                    + budget.buffers
                    + budget.merge_bytes as usize
                    + memories
                    + budget.batch_bytes as usize;
                assert!(used <= mib * MIB, "{mib} MiB, {threads} threads: {used}");
                let slack = mib * MIB - used;
                let rest = mib * MIB - PROGRAM_BYTES;
                assert!(slack >= rest / 100 * 9, "{mib} MiB: slack {slack}");
            }
        }
    }

    #[test]
    fn the_default_budget() {
        // 1024 MiB less 80 for the program: half of 944 MiB, a quarter, a tenth over four
        // memories of about 100 bytes a word, and the batch at its 32 MiB cap.
        let budget = Budget::new(1024 * MIB, 2);
        let about = |bytes: usize, mib: usize| bytes.abs_diff(mib * MIB) < MIB;
        assert!(about(budget.buffers, 472), "{budget:?}");
        assert!(about(budget.merge_bytes as usize, 236), "{budget:?}");
        assert_eq!(budget.remembered_words / 1000, 247, "{budget:?}");
        assert_eq!(budget.batch_bytes, 32 * MIB as u64);
    }
}
