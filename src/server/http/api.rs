//! The JSON API: each handler reads its parameters into the library's request, runs the
//! library call on the blocking pool, and answers with the JSON the command line prints with
//! `--json` (plus the request's warnings). Errors are `{"error": "..."}` with the command
//! line's wording: 400 for a bad parameter, query or date, 404 for an unknown article or
//! path, 413 for an oversized request, 503 while there is no index, a count runs too long or
//! too many exports stream.

use std::io::Write;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tantivy::Searcher;
use tokio::sync::mpsc;

use super::params::Params;
use super::{AppState, EXPORT_STALL, MAX_EXPORTS, WORK_TIMEOUT};
use crate::analytics::trend::{Interval, TrendRequest, trend as count_trend};
use crate::analytics::{InvalidRequest, Scope};
use crate::counts::{count_values, index_stats};
use crate::output::table::{HitRows, JsonTrend};
use crate::output::{Format, JsonSearch, char_offsets, char_ranges};
use crate::schema;
use crate::search::article::article as load_article;
use crate::search::export::for_each_hit;
use crate::search::filters::{FilterNames, Filters};
use crate::search::query::parse_query;
use crate::search::{QuerySyntax, SearchRequest, SortOrder, search_noting};
use crate::store::NewsIndex;

/// Most hits on one page.
pub const MAX_LIMIT: usize = 100;
/// Deepest hit a page reaches (`offset + limit`, a longer page is cut); every hit is in
/// `/api/export`.
pub const MAX_WINDOW: usize = 10_000;
/// Most sources a facet lists.
pub const MAX_SOURCES: usize = 1_000;
/// Most sources a trend is split into (each a series of up to 20,000 periods).
pub const MAX_SPLIT: usize = 50;
/// Most queries one trend compares.
pub const MAX_SERIES: usize = 20;

/// An API error: a status and the message users read.
#[derive(Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, worded as the command line words it.
    pub message: String,
}

impl ApiError {
    /// An error with `status`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    /// A 400: the request asked for something that cannot be.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// A 400 from a library error, its causes joined as the command line prints them.
    fn invalid(error: anyhow::Error) -> ApiError {
        ApiError::bad_request(format!("{error:#}"))
    }

    /// A 500: the server failed.
    fn failed(error: anyhow::Error) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("{error:#}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Error<'a> {
            error: &'a str,
        }
        let mut response = json_response(&Error {
            error: &self.message,
        });
        *response.status_mut() = self.status;
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}

/// `value` as a JSON response.
fn json_response(value: &impl Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}

/// What a handler answers.
type Answer = Result<Response, ApiError>;

/// The index at its newest commit: a 503 while the directory holds none.
fn open(state: &AppState) -> Result<(Arc<NewsIndex>, Searcher), ApiError> {
    let exists = state.live.exists();
    state.live.current().map_err(|error| {
        if exists {
            ApiError::failed(error)
        } else {
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, format!("{error:#}"))
        }
    })
}

/// The 503 of a request that did not finish in time.
fn too_long() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!(
            "the request took longer than {} s; narrow the query or the filters",
            WORK_TIMEOUT.as_secs()
        ),
    )
}

/// Runs `work` on the blocking pool with the newest commit, once one of the
/// [`super::MAX_WORKING`] turns is free, answering 503 when waiting and working take longer
/// than [`WORK_TIMEOUT`] (the work itself runs to its end, still holding its turn).
async fn blocking<T: Send + 'static>(
    state: &Arc<AppState>,
    work: impl FnOnce(&NewsIndex, &Searcher) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let deadline = tokio::time::Instant::now() + WORK_TIMEOUT;
    let Ok(Ok(turn)) =
        tokio::time::timeout_at(deadline, Arc::clone(&state.work).acquire_owned()).await
    else {
        return Err(too_long());
    };
    let state = Arc::clone(state);
    // Opening the index (after a commit: copying new columns) happens here too, never on
    // the threads that serve connections.
    let task = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let (index, searcher) = open(&state)?;
        work(&index, &searcher)
    });
    match tokio::time::timeout_at(deadline, task).await {
        Ok(Ok(result)) => result,
        Ok(Err(error)) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the request failed: {error}"),
        )),
        Err(_) => Err(too_long()),
    }
}

/// Checks that `query` parses, so that a bad query is a 400 and not a failed search.
fn check_query(
    index: &NewsIndex,
    searcher: &Searcher,
    query: Option<&str>,
) -> Result<(), ApiError> {
    parse_query(index, searcher, query)
        .map(drop)
        .map_err(ApiError::invalid)
}

/// The filter parameters every counting endpoint takes.
const FILTERS: [&str; 4] = ["agency", "lang", "since", "until"];

/// Most sources one request may filter by.
pub const MAX_AGENCIES: usize = 50;
/// Most languages one request may filter by.
pub const MAX_LANGUAGES: usize = 20;

/// The filters of `params`, checked as the command line checks its flags.
fn filters(params: &Params) -> Result<Filters, ApiError> {
    let (agencies, languages) = (params.all("agency"), params.all("lang"));
    for (name, max) in [("agency", MAX_AGENCIES), ("lang", MAX_LANGUAGES)] {
        let given = params.count(name);
        if given > max {
            return Err(ApiError::bad_request(format!(
                "`{name}` is given {given} times; at most {max} values are taken"
            )));
        }
    }
    Filters::check(
        &agencies,
        &languages,
        params.one("since")?,
        params.one("until")?,
        &FilterNames::PARAMETERS,
    )
    .map_err(ApiError::invalid)
}

/// The search `params` describe, as `newsidx search` resolves its flags.
fn search_request(params: &Params, paging: bool) -> Result<SearchRequest, ApiError> {
    let query = params.query_text("q")?.filter(|query| !query.is_empty());
    let filters = filters(params)?;
    let sort = match (
        params.choice("sort", &["relevance", "newest", "oldest"])?,
        &query,
    ) {
        (Some("relevance"), _) | (None, Some(_)) => SortOrder::Relevance,
        (Some("oldest"), _) => SortOrder::Oldest,
        _ => SortOrder::Newest,
    };
    let (limit, offset, facets) = if paging {
        let offset = params.number("offset", 0, MAX_WINDOW)?;
        // A page reaching past the window is cut at its edge (the answer says so).
        let limit = params
            .number("limit", 10, MAX_LIMIT)?
            .min(MAX_WINDOW - offset);
        let facets = params.number("facets", 10, MAX_SOURCES)?;
        (limit, offset, (facets > 0).then_some(facets))
    } else {
        (0, 0, None)
    };
    Ok(SearchRequest {
        query,
        syntax: QuerySyntax::Full,
        snippets: true,
        suggest: paging,
        agencies: filters.agencies,
        agency_list: None,
        languages: filters.languages,
        since: filters.since,
        before: filters.before,
        limit,
        offset,
        sort,
        facets,
    })
}

/// `GET /api/search`: a page of hits with facets, as `newsidx search --json`.
pub async fn search(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Answer {
    let allowed = [
        "q", "sort", "offset", "limit", "facets", FILTERS[0], FILTERS[1], FILTERS[2], FILTERS[3],
    ];
    let params = Params::parse(raw.as_deref(), &allowed)?;
    let request = search_request(&params, true)?;
    blocking(&state, move |index, searcher| {
        check_query(index, searcher, request.query.as_deref())?;
        let mut warnings = Vec::new();
        let results =
            search_noting(searcher, index, &request, &mut warnings).map_err(ApiError::failed)?;
        if request.offset + request.limit >= MAX_WINDOW && results.total_hits > MAX_WINDOW {
            warnings.push(format!(
                "pages reach the first {MAX_WINDOW} hits only; /api/export streams all {}",
                results.total_hits
            ));
        }
        #[derive(Serialize)]
        struct Page<'a> {
            #[serde(flatten)]
            search: JsonSearch<'a>,
            offset: usize,
            limit: usize,
            warnings: &'a [String],
        }
        Ok(json_response(&Page {
            search: JsonSearch::new(request.query.as_deref(), &results),
            offset: request.offset,
            limit: request.limit,
            warnings: &warnings,
        }))
    })
    .await
}

/// `GET /api/trend`: attention over time, as `newsidx trend --json`.
pub async fn trend(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Answer {
    let allowed = [
        "q",
        "by",
        "by_agency",
        FILTERS[0],
        FILTERS[1],
        FILTERS[2],
        FILTERS[3],
    ];
    let params = Params::parse(raw.as_deref(), &allowed)?;
    let mut queries: Vec<Option<String>> = params
        .query_texts("q")?
        .into_iter()
        .filter(|query| !query.is_empty())
        .map(Some)
        .collect();
    // Counted as given, empty ones too: the limit is on the request, not on what is left.
    let given = params.count("q");
    if given > MAX_SERIES {
        return Err(ApiError::bad_request(format!(
            "a trend compares at most {MAX_SERIES} queries, not {given}"
        )));
    }
    if queries.is_empty() {
        queries.push(None);
    }
    // Given empty it is refused: a split by nobody knows how many sources is no request.
    let by_agency = match params.count("by_agency") {
        0 => None,
        _ => Some(params.number("by_agency", 8, MAX_SPLIT)?),
    };
    if by_agency.is_some() && queries.len() > 1 {
        return Err(ApiError::bad_request(format!(
            "`by_agency` splits one query by source, and {} were given",
            queries.len()
        )));
    }
    if by_agency == Some(0) {
        return Err(ApiError::bad_request(
            "`by_agency`: the number of sources must be at least 1",
        ));
    }
    let interval = match params.choice("by", &["day", "week", "month", "year"])? {
        Some("day") => Interval::Day,
        Some("week") => Interval::Week,
        Some("year") => Interval::Year,
        _ => Interval::Month,
    };
    let filters = filters(&params)?;
    blocking(&state, move |index, searcher| {
        for query in &queries {
            check_query(index, searcher, query.as_deref())?;
        }
        let mut warnings = Vec::new();
        let scope = Scope::resolve(
            searcher,
            index,
            &filters.agencies,
            None,
            &filters.languages,
            (filters.since, filters.before),
            &mut warnings,
        )
        .map_err(ApiError::failed)?;
        let request = TrendRequest {
            queries,
            interval,
            by_agency,
            scope,
        };
        let trend = count_trend(searcher, index, &request).map_err(|error| {
            if error.downcast_ref::<InvalidRequest>().is_some() {
                ApiError::invalid(error)
            } else {
                ApiError::failed(error)
            }
        })?;
        #[derive(Serialize)]
        struct Answer<'a> {
            #[serde(flatten)]
            trend: JsonTrend<'a>,
            warnings: &'a [String],
        }
        Ok(json_response(&Answer {
            trend: JsonTrend::new(&trend),
            warnings: &warnings,
        }))
    })
    .await
}

/// `GET /api/articles/{id}`: one article, whole, with the query's words and its cited
/// sources marked.
pub async fn article(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, axum::extract::rejection::PathRejection>,
    RawQuery(raw): RawQuery,
) -> Answer {
    let Path(id) = id.map_err(|rejection| {
        ApiError::bad_request(format!(
            "the article id cannot be read: {}",
            rejection.body_text()
        ))
    })?;
    let params = Params::parse(raw.as_deref(), &["q"])?;
    let query = params.query_text("q")?;
    blocking(&state, move |index, searcher| {
        if query.is_some() {
            check_query(index, searcher, query.as_deref())?;
        }
        let view = load_article(searcher, index, &id, query.as_deref(), None)
            .map_err(ApiError::failed)?
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    format!("no article has the id `{id}`"),
                )
            })?;
        #[derive(Serialize)]
        struct Source<'a> {
            name: &'a str,
            spans: Vec<[usize; 2]>,
        }
        #[derive(Serialize)]
        struct Article<'a> {
            id: &'a str,
            path: &'a str,
            title: &'a str,
            title_highlights: Vec<[usize; 2]>,
            date: Option<String>,
            authors: &'a [String],
            url: Option<&'a str>,
            language: Option<&'a str>,
            agencies: &'a [String],
            text: &'a str,
            highlights: Vec<[usize; 2]>,
            sources: Vec<Source<'a>>,
        }
        let article = &view.article;
        Ok(json_response(&Article {
            id: &article.id,
            path: &article.path,
            title: &view.title.text,
            title_highlights: char_ranges(&view.title),
            date: article.published.map(|date| date.to_string()),
            authors: &article.authors,
            url: article.url.as_deref(),
            language: article.language.as_deref(),
            agencies: &article.agencies,
            text: &view.text.text,
            highlights: char_ranges(&view.text),
            sources: view
                .sources
                .iter()
                .map(|(name, spans)| Source {
                    name,
                    spans: char_offsets(&view.text.text, spans),
                })
                .collect(),
        }))
    })
    .await
}

/// `GET /api/agencies`: every cited source with its article count, as `newsidx agencies
/// --json`.
pub async fn agencies(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Answer {
    Params::parse(raw.as_deref(), &[])?;
    blocking(&state, |_, searcher| {
        let counts = count_values(searcher, schema::fast::AGENCY).map_err(ApiError::failed)?;
        #[derive(Serialize)]
        struct Agency<'a> {
            name: &'a str,
            count: u64,
        }
        #[derive(Serialize)]
        struct Agencies<'a> {
            articles: u64,
            agencies: Vec<Agency<'a>>,
        }
        Ok(json_response(&Agencies {
            articles: searcher.num_docs(),
            agencies: counts
                .iter()
                .map(|value| Agency {
                    name: &value.value,
                    count: value.count,
                })
                .collect(),
        }))
    })
    .await
}

/// `GET /api/stats`: what the index holds, as `newsidx stats --json`.
pub async fn stats(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Answer {
    Params::parse(raw.as_deref(), &[])?;
    blocking(&state, |index, searcher| {
        Ok(json_response(
            &index_stats(index, searcher).map_err(ApiError::failed)?,
        ))
    })
    .await
}

/// `GET /api/export`: every hit as CSV or JSONL rows, streamed as `newsidx search --all
/// --format …` writes them; at most [`MAX_EXPORTS`] at once.
pub async fn export(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Answer {
    let allowed = [
        "q", "sort", "format", FILTERS[0], FILTERS[1], FILTERS[2], FILTERS[3],
    ];
    let params = Params::parse(raw.as_deref(), &allowed)?;
    let format = match params.choice("format", &["csv", "jsonl"])? {
        Some("jsonl") => Format::Jsonl,
        _ => Format::Csv,
    };
    let request = search_request(&params, false)?;
    let permit = Arc::clone(&state.exports)
        .try_acquire_owned()
        .map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("{MAX_EXPORTS} exports are running; try again when one has finished"),
            )
        })?;
    let (chunks, received) = mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    // The index is opened and the query checked on the blocking pool; the answer's head
    // waits for that, so a bad query is still a 400.
    let (ready, opened) = tokio::sync::oneshot::channel::<Result<(), ApiError>>();
    let runtime = tokio::runtime::Handle::current();
    let state = Arc::clone(&state);
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let checked = open(&state).and_then(|(index, searcher)| {
            check_query(&index, &searcher, request.query.as_deref())?;
            Ok((index, searcher))
        });
        let (index, searcher) = match checked {
            Ok(opened) => {
                let _ = ready.send(Ok(()));
                opened
            }
            Err(error) => {
                let _ = ready.send(Err(error));
                return;
            }
        };
        let mut out = ChunkWriter {
            buffer: Vec::with_capacity(CHUNK_BYTES),
            chunks: chunks.clone(),
            runtime,
            stall: EXPORT_STALL,
        };
        let result = (|| -> anyhow::Result<()> {
            let mut rows = HitRows::new(&mut out, format, false)?;
            for_each_hit(&searcher, &index, &request, &mut Vec::new(), &mut |hit| {
                Ok(rows.hit(&hit)?)
            })?;
            rows.finish()?;
            out.flush()?;
            Ok(())
        })();
        if let Err(error) = result {
            // The head is sent: the body ends with an error, which truncates it visibly. A
            // client that stopped reading gets nothing more (the channel may be full).
            let _ = chunks.try_send(Err(std::io::Error::other(format!("{error:#}"))));
        }
    });
    match opened.await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => return Err(error),
        Err(_) => {
            return Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the export failed to start",
            ));
        }
    }
    let stream = futures_util::stream::unfold(received, |mut received| async move {
        received.recv().await.map(|chunk| (chunk, received))
    });
    let (content_type, name) = match format {
        Format::Jsonl => (
            "application/x-ndjson; charset=utf-8",
            "newsidx-export.jsonl",
        ),
        _ => ("text/csv; charset=utf-8", "newsidx-export.csv"),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// Bytes an export sends at once.
const CHUNK_BYTES: usize = 64 * 1024;

/// Export rows into chunks for the response body; gives up when the client has left or has
/// read nothing for [`EXPORT_STALL`].
struct ChunkWriter {
    buffer: Vec<u8>,
    chunks: mpsc::Sender<Result<Bytes, std::io::Error>>,
    runtime: tokio::runtime::Handle,
    /// How long a chunk may wait for the client ([`EXPORT_STALL`]).
    stall: std::time::Duration,
}

impl ChunkWriter {
    /// Sends what is buffered.
    fn send(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK_BYTES),
        ));
        let (stall, chunks) = (self.stall, &self.chunks);
        // The timer is made inside the runtime, whichever thread this runs on.
        let sent = self
            .runtime
            .block_on(async move { tokio::time::timeout(stall, chunks.send(Ok(chunk))).await });
        match sent {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "the client closed the connection",
            )),
            Err(_) => Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!("the client read nothing for {} s", self.stall.as_secs()),
            )),
        }
    }
}

impl Write for ChunkWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK_BYTES {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// Any other path: a 404.
pub async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!("no such page or endpoint: {}", uri.path()),
    )
}

/// A known path with another method than GET: a 405.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "only GET requests are answered",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer into a channel of one chunk, on its own runtime (the tests' threads stand in
    /// for the blocking pool's).
    fn writer(
        stall: std::time::Duration,
    ) -> (
        tokio::runtime::Runtime,
        ChunkWriter,
        mpsc::Receiver<Result<Bytes, std::io::Error>>,
    ) {
        // Multi-threaded, as the server's: a handle's block_on drives no timers of a
        // current-thread runtime.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_time()
            .build()
            .unwrap();
        let (chunks, received) = mpsc::channel(1);
        let writer = ChunkWriter {
            buffer: Vec::new(),
            chunks,
            runtime: runtime.handle().clone(),
            stall,
        };
        (runtime, writer, received)
    }

    #[test]
    fn an_export_gives_up_on_a_client_that_stops_reading() {
        let (_runtime, mut out, mut received) = writer(std::time::Duration::from_millis(50));
        let chunk = vec![b'x'; CHUNK_BYTES];
        // The first chunk fits the channel; the second waits for a reader who never comes.
        out.write_all(&chunk).unwrap();
        let error = out.write_all(&chunk).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::TimedOut);
        assert_eq!(received.try_recv().unwrap().unwrap().len(), CHUNK_BYTES);
    }

    #[test]
    fn an_export_stops_when_the_client_has_gone() {
        let (_runtime, mut out, received) = writer(EXPORT_STALL);
        drop(received);
        let error = out.write_all(&vec![b'x'; CHUNK_BYTES]).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe);
    }

    #[test]
    fn small_rows_wait_for_a_whole_chunk_or_a_flush() {
        let (_runtime, mut out, mut received) = writer(EXPORT_STALL);
        out.write_all(b"id,path\r\n").unwrap();
        assert!(received.try_recv().is_err());
        out.flush().unwrap();
        assert_eq!(&received.try_recv().unwrap().unwrap()[..], b"id,path\r\n");
    }
}
