//! Memories of word analyses that belong to the thread, not to one analyzer.
//!
//! tantivy clones an analyzer for every field of every segment it writes, so a memory kept in
//! the analyzer starts empty for each title field, each body field and each new segment, and
//! relearns the same common words. A memory in a thread-local slot is shared by all of them on
//! that indexing thread. A token stream borrows it ([`Borrowed::take`]) and gives it back when
//! dropped; a stream that finds the slot empty (another one holds it) simply starts afresh.

use std::cell::RefCell;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::LocalKey;

use rustc_hash::FxHashMap;

/// Word -> what its analysis gave.
pub type Words<V> = FxHashMap<Box<str>, V>;

/// Words a memory holds before it is emptied, until an indexing run sets its share of the
/// memory budget ([`set_capacity`]).
static CAPACITY: AtomicUsize = AtomicUsize::new(100_000);

/// Sets how many words each memory may hold (from the indexing budget, [`crate::budget`]).
pub fn set_capacity(words: usize) {
    CAPACITY.store(words.max(1), Ordering::Relaxed);
}

/// How many words each memory may hold.
pub fn capacity() -> usize {
    CAPACITY.load(Ordering::Relaxed)
}

/// A thread's memory, borrowed from its slot for the life of a token stream.
pub struct Borrowed<V: 'static> {
    /// Where the memory goes back to.
    slot: &'static LocalKey<RefCell<Words<V>>>,
    /// The memory.
    words: Words<V>,
}

impl<V: 'static> Borrowed<V> {
    /// Takes the memory in `slot`, emptied first when it holds `max` words or more (the
    /// common words are back within a few articles).
    pub fn take(slot: &'static LocalKey<RefCell<Words<V>>>, max: usize) -> Borrowed<V> {
        let mut words = slot.with(|memory| memory.take());
        if words.len() >= max {
            words.clear();
        }
        Borrowed { slot, words }
    }
}

impl<V: 'static> Deref for Borrowed<V> {
    type Target = Words<V>;

    fn deref(&self) -> &Words<V> {
        &self.words
    }
}

impl<V: 'static> DerefMut for Borrowed<V> {
    fn deref_mut(&mut self) -> &mut Words<V> {
        &mut self.words
    }
}

impl<V: 'static> Drop for Borrowed<V> {
    /// Puts the memory back (unless the thread is shutting down).
    fn drop(&mut self) {
        let words = std::mem::take(&mut self.words);
        let _ = self.slot.try_with(|memory| *memory.borrow_mut() = words);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static SLOT: RefCell<Words<u32>> = RefCell::default();
    }

    #[test]
    fn a_memory_outlives_the_stream_that_filled_it() {
        {
            let mut memory = Borrowed::take(&SLOT, 10);
            memory.insert("wort".into(), 1);
        }
        let memory = Borrowed::take(&SLOT, 10);
        assert_eq!(memory.get("wort"), Some(&1));
        // While one stream holds it, another starts empty and nothing breaks.
        let other = Borrowed::take(&SLOT, 10);
        assert!(other.is_empty());
    }

    #[test]
    fn a_full_memory_is_emptied() {
        {
            let mut memory = Borrowed::take(&SLOT, 2);
            memory.insert("a".into(), 1);
            memory.insert("b".into(), 2);
        }
        assert!(Borrowed::take(&SLOT, 2).is_empty());
    }

    #[test]
    fn each_thread_has_its_own() {
        Borrowed::take(&SLOT, 10).insert("hier".into(), 1);
        std::thread::spawn(|| assert!(Borrowed::take(&SLOT, 10).get("hier").is_none()))
            .join()
            .expect("thread");
    }
}
