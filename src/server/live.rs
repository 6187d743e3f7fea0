//! The index as of its newest commit, for servers that stay up while `newsidx index` runs:
//! opened again whenever a commit replaced `meta.json`, with the columns for counting kept
//! in memory across commits ([`crate::analytics::warm`]).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::Result;
use tantivy::Searcher;

use crate::analytics::warm::ColumnCache;
use crate::manifest::modified_ns;
use crate::store::NewsIndex;

/// The newest commit of the index in one directory.
pub struct LiveIndex {
    /// Index directory.
    dir: PathBuf,
    /// The open index, its searcher and the identity of the `meta.json` they were opened at.
    current: Mutex<Option<(Identity, Arc<NewsIndex>, Searcher)>>,
    /// Columns kept in memory for facets and trends, carried from one commit to the next.
    columns: ColumnCache,
}

/// What tells one `meta.json` from the next: a commit renames a new file into place.
type Identity = (u64, u64, i128, u64);

impl LiveIndex {
    /// The index in `dir`, not opened yet.
    pub fn new(dir: &Path) -> LiveIndex {
        LiveIndex {
            dir: dir.to_path_buf(),
            current: Mutex::new(None),
            columns: ColumnCache::keep(),
        }
    }

    /// Whether the directory holds an index yet (a commit wrote `meta.json`).
    pub fn exists(&self) -> bool {
        self.dir.join("meta.json").is_file()
    }

    /// The index and a searcher of its newest commit.
    pub fn current(&self) -> Result<(Arc<NewsIndex>, Searcher)> {
        let identity = identity(&self.dir.join("meta.json"));
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if let (Some((seen, index, searcher)), Some(identity)) = (&*current, identity)
            && *seen == identity
        {
            return Ok((Arc::clone(index), searcher.clone()));
        }
        *current = None;
        let mut index = NewsIndex::open(&self.dir)?;
        index.columns = self.columns.clone();
        let index = Arc::new(index);
        let searcher = index.reader()?.searcher();
        // Copied now, so that the first count after a commit does not wait for it.
        self.columns.warm(&searcher)?;
        if let Some(identity) = identity {
            *current = Some((identity, Arc::clone(&index), searcher.clone()));
        }
        Ok((index, searcher))
    }
}

/// Device, inode, modification time and size of `path`; `None` when it cannot be read.
fn identity(path: &Path) -> Option<Identity> {
    let metadata = std::fs::metadata(path).ok()?;
    let modified = modified_ns(&metadata)?;
    #[cfg(unix)]
    let (device, inode) = {
        use std::os::unix::fs::MetadataExt;
        (metadata.dev(), metadata.ino())
    };
    #[cfg(not(unix))]
    let (device, inode) = (0, 0);
    Some((device, inode, modified, metadata.len()))
}
