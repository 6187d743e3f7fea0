//! The index directory as tantivy sees it: memory-mapped files, searchable without write
//! access.
//!
//! A tantivy reader takes a shared lock (`.tantivy-meta.lock`) while it reads the list of
//! segments, so that a writer's garbage collection does not delete them meanwhile; taking it
//! creates a file, which fails on a read-only mount or in another user's world-readable index,
//! and so did every search there. [`IndexDirectory`] takes that lock where it can and goes on
//! without it where the directory cannot be written: nobody can be writing there either. Every
//! other operation, the writer's lock included, is the memory-mapped directory's own.

use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, META_LOCK, MmapDirectory, WatchCallback,
    WatchHandle, WritePtr,
};

/// An index directory whose readers need no write access.
#[derive(Clone, Debug)]
pub struct IndexDirectory {
    /// The files, memory-mapped.
    inner: MmapDirectory,
}

impl IndexDirectory {
    /// The directory at `path`.
    pub fn open(path: &Path) -> Result<IndexDirectory, OpenDirectoryError> {
        Ok(IndexDirectory {
            inner: MmapDirectory::open(path)?,
        })
    }
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            // The readers' lock in a directory nobody can write: nothing to guard against.
            Err(LockError::IoError(error))
                if lock.filepath == META_LOCK.filepath
                    && matches!(
                        error.kind(),
                        std::io::ErrorKind::PermissionDenied
                            | std::io::ErrorKind::ReadOnlyFilesystem
                    ) =>
            {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
