//! `newsidx serve`: keep the index open and answer `newsidx search` calls until Ctrl-C, or
//! with `--http` serve the search page and the JSON API ([`crate::server::http`]).
//!
//! The protocol and the socket are [`crate::server::socket`]'s; this module opens the index,
//! hands each request to [`super::search::execute`] with the index's newest commit, and logs
//! one line per search to standard error.

use std::time::Duration;

use anyhow::Result;

use crate::cli::ServeArgs;
use crate::cmd::search::execute;
use crate::outcome::Outcome;
use crate::server::live::LiveIndex;
use crate::server::socket::{Answer, Request};

/// Serves searches of the index `args` names until the process is stopped.
#[cfg(unix)]
pub fn run(args: &ServeArgs) -> Result<Outcome> {
    let dir = &args.location.index;
    if let Some(addr) = args.http {
        crate::server::http::serve(dir, addr)?;
        return Ok(Outcome::Success);
    }
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
        |request| answer(&live, request),
        log,
        |error| eprintln!("newsidx: {error:#}"),
    )?;
    Ok(Outcome::Success)
}

/// Without Unix sockets there is only the HTTP server.
#[cfg(not(unix))]
pub fn run(args: &ServeArgs) -> Result<Outcome> {
    if let Some(addr) = args.http {
        crate::server::http::serve(&args.location.index, addr)?;
        return Ok(Outcome::Success);
    }
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

/// Runs the search `request` asks for on the newest commit of `live`, as `newsidx search`
/// would have run it.
fn answer(live: &LiveIndex, request: &Request) -> Answer {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let result = live.current().and_then(|(index, searcher)| {
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
