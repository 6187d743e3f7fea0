//! `newsidx serve`: keep the index open and answer `newsidx search` calls until Ctrl-C.
//!
//! The protocol and the socket are [`crate::server::socket`]'s; this module opens the index,
//! hands each request to [`super::search::execute`] with the index's newest commit, and logs
//! one line per search to standard error.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::Result;
use tantivy::Searcher;

use crate::analytics::warm::ColumnCache;
use crate::cli::ServeArgs;
use crate::cmd::search::execute;
use crate::manifest::modified_ns;
use crate::outcome::Outcome;
use crate::server::socket::{Answer, Request};
use crate::store::NewsIndex;

/// Serves searches of the index `args` names until the process is stopped.
#[cfg(unix)]
pub fn run(args: &ServeArgs) -> Result<Outcome> {
    let dir = &args.location.index;
    let live = LiveIndex::new(dir);
    // The index must be readable before anyone is told to use the server.
    let (_, searcher) = live.current()?;
    let listener = crate::server::socket::Listener::bind(dir)?;
    let socket = listener.path().display().to_string();
    // The socket goes with the process: Ctrl-C removes it first.
    let on_stop = socket.clone();
    let _ = ctrlc::set_handler(move || {
        let _ = std::fs::remove_file(&on_stop);
        eprintln!("\nnewsidx: search server stopped");
        std::process::exit(0);
    });
    eprintln!(
        "newsidx: serving searches of {} ({} articles) on {socket}; Ctrl-C stops",
        dir.display(),
        searcher.num_docs()
    );
    listener.serve(
        |request| live.answer(request),
        log,
        |error| eprintln!("newsidx: {error:#}"),
    )?;
    Ok(Outcome::Success)
}

/// Without Unix sockets there is no server.
#[cfg(not(unix))]
pub fn run(_args: &ServeArgs) -> Result<Outcome> {
    anyhow::bail!("newsidx serve needs Unix domain sockets, which this platform lacks")
}

/// Logs one answered request: the query, how it ended and how long it took.
fn log(request: &Request, answer: &Answer, took: Duration) {
    let how = match answer.outcome {
        Outcome::Success => "hits",
        Outcome::Partial => "no hits",
        Outcome::Error => "error",
    };
    eprintln!(
        "search {:?}: {how} in {:.2} ms",
        crate::search::shorten(request.search.query.as_deref().unwrap_or_default()),
        took.as_secs_f64() * 1000.0
    );
}

/// The index as of its newest commit, opened again whenever a commit replaced `meta.json`.
struct LiveIndex {
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
    fn new(dir: &Path) -> LiveIndex {
        LiveIndex {
            dir: dir.to_path_buf(),
            current: Mutex::new(None),
            columns: ColumnCache::keep(),
        }
    }

    /// The index and a searcher of its newest commit.
    fn current(&self) -> Result<(Arc<NewsIndex>, Searcher)> {
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
        // Copied now, so that the first search after a commit does not wait for it.
        self.columns.warm(&searcher)?;
        if let Some(identity) = identity {
            *current = Some((identity, Arc::clone(&index), searcher.clone()));
        }
        Ok((index, searcher))
    }

    /// Runs the search `request` asks for, as `newsidx search` would have run it.
    fn answer(&self, request: &Request) -> Answer {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let result = self.current().and_then(|(index, searcher)| {
            execute(
                &request.search,
                request.style,
                request.format,
                &index,
                &searcher,
                &mut out,
                &mut err,
            )
        });
        let (outcome, error) = match result {
            Ok(outcome) => (outcome, None),
            Err(error) => (Outcome::Error, Some(format!("{error:#}"))),
        };
        Answer {
            served: true,
            stdout: String::from_utf8_lossy(&out).into_owned(),
            stderr: String::from_utf8_lossy(&err).into_owned(),
            outcome,
            error,
        }
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
