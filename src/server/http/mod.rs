//! `newsidx serve --http`: the search page and a JSON API over HTTP, from one index kept open
//! and opened again after every commit ([`LiveIndex`]).
//!
//! The stack is axum on tokio and hyper: axum is the tokio project's own router, small, well
//! kept and without macros, and hyper is the HTTP implementation most of Rust's servers and
//! clients share. The accept loop is ours, on hyper-util, because axum's `serve` sets no
//! timeout for reading a request's headers: a client that sends them a byte a minute would
//! hold its connection forever. Here headers must arrive within [`HEADER_TIMEOUT`], at most
//! [`MAX_CONNECTIONS`] connections are open at once, and work runs on tokio's blocking pool so
//! a long count never stalls the reactor.
//!
//! Handlers ([`api`]) are thin: they read the parameters ([`params`]) into the library's
//! requests, call the same library functions the command line does, and write JSON. Every
//! response carries a Content-Security-Policy that allows scripts and styles from this
//! server only ([`assets`]), so text from an article can never run as code in the page.

pub mod api;
pub mod assets;
pub mod params;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

use crate::server::live::LiveIndex;
use api::ApiError;

/// Longest wait for a request's headers, from the moment a connection waits for them.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest time a request's work may take before the client gets a 503.
pub const WORK_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest a client may leave a chunk of an export unread before the export is given up.
pub const EXPORT_STALL: Duration = Duration::from_secs(30);
/// Connections open at once; more are closed as they arrive.
pub const MAX_CONNECTIONS: usize = 256;
/// Exports streaming at once; more get a 503.
pub const MAX_EXPORTS: usize = 2;
/// Requests working at once (searches, counts); more wait for a turn within
/// [`WORK_TIMEOUT`], so a burst queues instead of starting a thread each.
pub const MAX_WORKING: usize = 8;
/// Longest request target (path and query) in bytes; longer ones get a 413.
pub const MAX_TARGET_BYTES: usize = 8 * 1024;
/// Largest request body in bytes (no endpoint reads one); larger ones get a 413.
pub const MAX_BODY_BYTES: u64 = 16 * 1024;
/// How long a stop waits for open requests to finish.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// What every handler shares.
pub struct AppState {
    /// The index, at its newest commit.
    pub live: LiveIndex,
    /// Permits for running exports.
    pub exports: Arc<Semaphore>,
    /// Permits for requests doing work on the blocking pool.
    pub work: Arc<Semaphore>,
    /// The address the server listens on.
    pub local: SocketAddr,
}

/// Serves `dir`'s index on `addr` until Ctrl-C or SIGTERM, then lets open requests finish.
pub fn serve(dir: &Path, addr: SocketAddr) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the HTTP server's runtime")?;
    let result = runtime.block_on(run(dir, addr));
    // A count that outlived its request's timeout is not waited for past the drain time.
    runtime.shutdown_timeout(DRAIN_TIMEOUT);
    result
}

/// The router of the page and the API over `state`.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(assets::page))
        .route("/static/{*file}", get(assets::file))
        .route("/api/openapi.json", get(assets::openapi))
        .route("/api/search", get(api::search))
        .route("/api/trend", get(api::trend))
        .route("/api/articles/{*id}", get(api::article))
        .route("/api/agencies", get(api::agencies))
        .route("/api/stats", get(api::stats))
        .route("/api/export", get(api::export))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(middleware::from_fn_with_state(Arc::clone(&state), guard))
        .layer(middleware::from_fn(log))
        .with_state(state)
}

/// Binds, announces the address, and serves until stopped.
async fn run(dir: &Path, addr: SocketAddr) -> Result<()> {
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("{addr}: cannot listen"))?;
    let local = listener
        .local_addr()
        .context("cannot read the bound address")?;
    let state = Arc::new(AppState {
        live: LiveIndex::new(dir),
        exports: Arc::new(Semaphore::new(MAX_EXPORTS)),
        work: Arc::new(Semaphore::new(MAX_WORKING)),
        local,
    });
    // Opened (and its columns copied) before the address is announced; a missing index is
    // no reason not to start: requests get a 503 until the first commit.
    let articles = if state.live.exists() {
        let (_, searcher) = state.live.current()?;
        format!("{} articles", searcher.num_docs())
    } else {
        "no index yet".to_owned()
    };
    eprintln!(
        "newsidx: serving http://{local}/ from {} ({articles}); Ctrl-C stops",
        dir.display()
    );
    let app = router(state);
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let (stop, stopped) = watch::channel(false);
    let mut signal = std::pin::pin!(shutdown_signal());
    loop {
        let (stream, _peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, say: wait a moment rather than spin.
                    eprintln!("newsidx: cannot accept a connection: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut signal => break,
        };
        let Ok(permit) = Arc::clone(&connections).try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let service = TowerToHyperService::new(app.clone());
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            // HTTP/1.1 only: its header timeout also covers a connection that sends nothing,
            // where HTTP/2 (and hyper-util's detection of it) would wait for ever.
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stopped.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
            drop(permit);
        });
    }
    drop(listener);
    eprintln!("newsidx: stopping: letting open requests finish");
    let _ = stop.send(true);
    let all = u32::try_from(MAX_CONNECTIONS).unwrap_or(u32::MAX);
    if tokio::time::timeout(DRAIN_TIMEOUT, connections.acquire_many(all))
        .await
        .is_err()
    {
        eprintln!(
            "newsidx: stopped with requests still open after {} s",
            DRAIN_TIMEOUT.as_secs()
        );
    } else {
        eprintln!("newsidx: HTTP server stopped");
    }
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// Whether `host` (a Host header) names this server: any name when it listens on a public
/// address; on a loopback address only the loopback names, so that a web page whose name
/// was rebound to 127.0.0.1 (DNS rebinding) cannot read the archive through the visitor's
/// browser.
fn host_allowed(local: SocketAddr, host: &str) -> bool {
    if !local.ip().is_loopback() {
        return true;
    }
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Refuses oversized requests and foreign Host names, and sets the security headers of
/// every response.
async fn guard(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|host| host.to_str().unwrap_or("?").to_owned());
    let target = request
        .uri()
        .path_and_query()
        .map_or(0, |target| target.as_str().len());
    let body = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|length| length.to_str().ok()?.parse::<u64>().ok())
        .unwrap_or(0);
    let mut response = if let Some(host) = host.filter(|host| !host_allowed(state.local, host)) {
        ApiError::bad_request(format!(
            "the Host header `{host}` does not name this server, which listens on {} only",
            state.local
        ))
        .into_response()
    } else if target > MAX_TARGET_BYTES {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request is {target} bytes long; at most {MAX_TARGET_BYTES} are taken"),
        )
        .into_response()
    } else if body > MAX_BODY_BYTES {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is {body} bytes; at most {MAX_BODY_BYTES} are taken"),
        )
        .into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(assets::CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// Writes one line per request to standard error: method, target, status, time to the
/// response's head.
async fn log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let target = request
        .uri()
        .path_and_query()
        .map(|target| target.as_str().to_owned())
        .unwrap_or_default();
    let response = next.run(request).await;
    eprintln!(
        "{method} {} {} {:.2} ms",
        crate::search::shorten(&target),
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_servers_answer_loopback_names_only() {
        let local: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        for host in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST",
            "[::1]:8080",
            "127.0.0.1",
        ] {
            assert!(host_allowed(local, host), "{host}");
        }
        for host in [
            "evil.example:8080",
            "evil.example",
            "10.0.0.1:8080",
            "127.0.0.1.evil.example",
        ] {
            assert!(!host_allowed(local, host), "{host}");
        }
        let public: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert!(host_allowed(public, "archive.newsroom.example"));
    }
}
