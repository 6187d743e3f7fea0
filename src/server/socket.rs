//! The socket server: a process that keeps an index open and answers `newsidx search` calls.
//!
//! A search call spends most of its time before and after the search itself: starting a
//! process, reading the index's metadata, mapping a dozen files and faulting in the pages it
//! touches, then unmapping them. `newsidx serve` does all that once. It listens on a Unix
//! socket in the index directory ([`SOCKET`], owner only); `newsidx search` finds the socket,
//! sends its resolved request as one JSON line ([`Request`]) and prints the [`Answer`]: byte
//! for byte
//! what it would have printed itself, with the same exit code. Whenever no server answers
//! (none running, a socket left by one that was killed, another newsidx version), search opens
//! the index itself: the server is a shortcut, never a requirement.
//!
//! The server sees new commits: before each search it checks the identity of the index's
//! `meta.json` (tantivy replaces it by renaming, so a commit gives it a new inode) and opens
//! the index again when it changed.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::outcome::Outcome;
use crate::output::{Format, Style};
use crate::search::SearchRequest;

/// What client and server must share to talk: the newsidx version and the protocol's own
/// number, bumped whenever [`Request`] or [`Answer`] change shape.
pub fn protocol_version() -> String {
    format!("{}/protocol-3", env!("CARGO_PKG_VERSION"))
}

/// Name of the socket in the index directory.
pub const SOCKET: &str = "newsidx.sock";

/// How long a client waits for the server to acknowledge its request before searching the
/// index itself: a server that is suspended or swamped must not hold a search up.
#[cfg(unix)]
const ACK_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(500);

/// How long a client waits for the answer once the server acknowledged the request.
#[cfg(unix)]
const ANSWER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// How long a server gives a client to send its whole request: a client that sends half of
/// one, or a byte now and then, is cut off instead of holding a worker.
#[cfg(unix)]
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(1);

/// The byte a server sends as soon as it has read a request, before it searches.
#[cfg(unix)]
const ACK: u8 = b'+';

/// Largest request a server reads: a query of a few hundred kilobytes at most.
#[cfg(unix)]
const MAX_REQUEST_BYTES: u64 = 4 * 1024 * 1024;

/// What a `newsidx search` call asks a server.
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    /// Version of the asking newsidx: a server of another version does not answer.
    pub version: String,
    /// How the output looks (decided by the caller, who owns the terminal).
    pub style: Style,
    /// What the output is written in.
    pub format: Format,
    /// The search, paths made absolute.
    pub search: SearchRequest,
}

/// A server's answer: what the search printed and how it ended.
#[derive(Debug, Serialize, Deserialize)]
pub struct Answer {
    /// False when the server declines (another version): the caller searches itself.
    pub served: bool,
    /// Standard output of the search.
    pub stdout: String,
    /// Messages of the search (standard error), before any error.
    pub stderr: String,
    /// How the search ended (the exit code).
    pub outcome: Outcome,
    /// The error that ended the search, as `newsidx: …` would print it.
    pub error: Option<String>,
}

impl Answer {
    /// The answer of a server of another version: search yourself.
    pub fn declined() -> Answer {
        Answer {
            served: false,
            stdout: String::new(),
            stderr: String::new(),
            outcome: Outcome::Error,
            error: None,
        }
    }
}

/// The socket of the server for the index in `index_dir`.
pub fn socket_path(index_dir: &Path) -> PathBuf {
    index_dir.join(SOCKET)
}

/// Sends `request` to the server of the index in `index_dir`, if one runs. `None` when there
/// is none or it declines; an error when one was reached but did not answer. Either way the
/// caller then searches the index itself.
#[cfg(unix)]
pub fn ask(index_dir: &Path, request: &Request) -> anyhow::Result<Option<Answer>> {
    use std::io::{Read, Write};
    use std::os::unix::net::UnixStream;

    let socket = socket_path(index_dir);
    // No server: one failed stat, the usual case.
    let Ok(metadata) = std::fs::symlink_metadata(&socket) else {
        return Ok(None);
    };
    // Only a socket of this user's is asked: anybody else's could answer anything.
    if !owned_by_me(&metadata) {
        anyhow::bail!(
            "{}: the search server's socket belongs to another user: not used",
            socket.display()
        );
    }
    // A socket left by a killed server refuses the connection.
    let Ok(mut stream) = UnixStream::connect(&socket) else {
        return Ok(None);
    };
    let exchange = |stream: &mut UnixStream| -> std::io::Result<Answer> {
        stream.set_write_timeout(Some(ACK_TIMEOUT))?;
        let mut line = serde_json::to_vec(request)?;
        line.push(b'\n');
        stream.write_all(&line)?;
        stream.shutdown(std::net::Shutdown::Write)?;
        stream.set_read_timeout(Some(ACK_TIMEOUT))?;
        let mut ack = [0u8; 1];
        stream.read_exact(&mut ack).map_err(|error| {
            if matches!(
                error.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ) {
                std::io::Error::other(format!(
                    "no acknowledgement within {} ms",
                    ACK_TIMEOUT.as_millis()
                ))
            } else {
                error
            }
        })?;
        if ack[0] != ACK {
            return Err(std::io::Error::other("not a newsidx search server"));
        }
        stream.set_read_timeout(Some(ANSWER_TIMEOUT))?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer)?;
        Ok(serde_json::from_slice(&answer)?)
    };
    match exchange(&mut stream) {
        Ok(answer) => Ok(answer.served.then_some(answer)),
        Err(error) => Err(anyhow::anyhow!(
            "{}: the search server did not answer ({error})",
            socket.display()
        )),
    }
}

/// True when the file described by `metadata` belongs to the user running this process.
#[cfg(unix)]
fn owned_by_me(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    metadata.uid() == unsafe { libc::geteuid() }
}

/// Without Unix sockets there is no server: the caller searches the index itself.
#[cfg(not(unix))]
pub fn ask(_index_dir: &Path, _request: &Request) -> anyhow::Result<Option<Answer>> {
    Ok(None)
}

#[cfg(unix)]
pub use listening::Listener;

#[cfg(unix)]
mod listening {
    use std::io::{Read, Write};
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::net::{UnixListener, UnixStream};
    use std::path::{Path, PathBuf};

    use anyhow::{Context, Result, bail};

    use super::{ACK, Answer, MAX_REQUEST_BYTES, REQUEST_TIMEOUT, Request, socket_path};

    /// A bound server socket; the socket file is removed when it is dropped.
    pub struct Listener {
        /// The listening socket.
        listener: UnixListener,
        /// Its path.
        path: PathBuf,
    }

    impl Listener {
        /// Binds the socket of the index in `index_dir`. A socket a running server answers
        /// on is refused; one left by a server that died is replaced.
        pub fn bind(index_dir: &Path) -> Result<Listener> {
            // The longest path a Unix socket address holds (108 bytes on Linux, with a NUL).
            const MAX_SOCKET_PATH: usize = 103;
            let path = socket_path(index_dir);
            let shown = path.display();
            let length = path.as_os_str().len();
            if length > MAX_SOCKET_PATH {
                bail!(
                    "{shown}: path too long for a Unix socket ({length} bytes, at most {MAX_SOCKET_PATH}): serve the index from a shorter path (a symbolic link to it will do)"
                );
            }
            if std::fs::symlink_metadata(&path).is_ok() {
                if UnixStream::connect(&path).is_ok() {
                    bail!("{shown}: a search server already runs for this index");
                }
                std::fs::remove_file(&path)
                    .with_context(|| format!("{shown}: cannot remove the stale socket"))?;
            }
            let listener =
                UnixListener::bind(&path).with_context(|| format!("{shown}: cannot listen"))?;
            // Searches read articles: only the index's owner may ask.
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
                .with_context(|| format!("{shown}: cannot restrict the socket to its owner"))?;
            Ok(Listener { listener, path })
        }

        /// The socket's path.
        pub fn path(&self) -> &Path {
            &self.path
        }

        /// Answers requests with `handle` until the process ends, on one thread per core that
        /// each accept the next connection: threads that live on keep their memories of stems
        /// warm, and starting none saves a little of every search. `log` hears of every
        /// request and how long it took, `failed` of every connection that went wrong.
        pub fn serve<H, L, F>(&self, handle: H, log: L, failed: F) -> Result<()>
        where
            H: Fn(&Request) -> Answer + Sync,
            L: Fn(&Request, &Answer, std::time::Duration) + Sync,
            F: Fn(&anyhow::Error) + Sync,
        {
            // Twice the cores, at least four: a client that stalls holds one for at most
            // REQUEST_TIMEOUT, and the others keep accepting meanwhile.
            let workers = std::thread::available_parallelism().map_or(4, |n| (2 * n.get()).max(4));
            std::thread::scope(|scope| {
                for _ in 0..workers {
                    scope.spawn(|| {
                        loop {
                            let result = self
                                .listener
                                .accept()
                                .context("cannot accept")
                                .and_then(|(stream, _)| answer_one(stream, &handle, &log));
                            if let Err(error) = result {
                                failed(&error.context(self.path.display().to_string()));
                            }
                        }
                    });
                }
            });
            Ok(())
        }
    }

    impl Drop for Listener {
        /// Removes the socket file, so that clients stop trying it.
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.path);
        }
    }

    /// Reads one request from `stream`, answers it with `handle` and tells `log`.
    fn answer_one<H, L>(mut stream: UnixStream, handle: &H, log: &L) -> Result<()>
    where
        H: Fn(&Request) -> Answer,
        L: Fn(&Request, &Answer, std::time::Duration),
    {
        let line = read_request(&mut stream).context("cannot read a request")?;
        if line.is_empty() {
            // Somebody checking that the server is up.
            return Ok(());
        }
        // The version first: a request of another version may not parse as this one's.
        #[derive(serde::Deserialize)]
        struct Versioned {
            version: String,
        }
        let versioned: Option<Versioned> = serde_json::from_slice(&line).ok();
        let request: Option<Request> = versioned
            .filter(|versioned| versioned.version == super::protocol_version())
            .and_then(|_| serde_json::from_slice(&line).ok());
        stream
            .write_all(&[ACK])
            .context("cannot acknowledge a request")?;
        let started = std::time::Instant::now();
        let answer = match request {
            Some(request) => {
                let answer = handle(&request);
                log(&request, &answer, started.elapsed());
                answer
            }
            // Another version, or not a request at all: the client searches itself.
            None => Answer::declined(),
        };
        stream.set_write_timeout(Some(super::ANSWER_TIMEOUT))?;
        stream
            .write_all(&serde_json::to_vec(&answer)?)
            .context("cannot send an answer")?;
        Ok(())
    }

    /// Reads a whole request (up to the client's end of writing) within [`REQUEST_TIMEOUT`]
    /// and [`MAX_REQUEST_BYTES`], however the client spaces its bytes.
    fn read_request(stream: &mut UnixStream) -> Result<Vec<u8>> {
        let deadline = std::time::Instant::now() + REQUEST_TIMEOUT;
        let mut line = Vec::new();
        let mut chunk = [0u8; 8192];
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                bail!("not complete within {} s", REQUEST_TIMEOUT.as_secs());
            }
            stream.set_read_timeout(Some(left))?;
            let read = match stream.read(&mut chunk) {
                Ok(read) => read,
                Err(error)
                    if matches!(
                        error.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    bail!("not complete within {} s", REQUEST_TIMEOUT.as_secs())
                }
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error.into()),
            };
            if read == 0 {
                return Ok(line);
            }
            line.extend_from_slice(&chunk[..read]);
            if line.len() as u64 > MAX_REQUEST_BYTES {
                bail!("larger than {MAX_REQUEST_BYTES} bytes");
            }
        }
    }
}
