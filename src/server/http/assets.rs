//! The page's files, embedded in the binary so that one file still installs everything, and
//! the OpenAPI description of the API.
//!
//! The Content-Security-Policy every response carries allows scripts, styles and requests
//! from this server only and no inline scripts or style attributes: even if a title slipped
//! through as markup, the browser would run none of it.

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::api::ApiError;

/// The policy of every response.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The OpenAPI 3 description of the API (`docs/openapi.json`).
pub const OPENAPI: &str = include_str!("../../../docs/openapi.json");

/// The files under `/static/`: name, media type, contents.
pub const FILES: [(&str, &str, &[u8]); 5] = [
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../web/app.js"),
    ),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_bytes!("../web/style.css"),
    ),
    (
        "vendor/uPlot.iife.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../web/vendor/uPlot.iife.min.js"),
    ),
    (
        "vendor/uPlot.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../web/vendor/uPlot.min.css"),
    ),
    (
        "vendor/LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../web/vendor/LICENSE"),
    ),
];

/// The page.
const PAGE: &[u8] = include_bytes!("../web/index.html");

/// The environment variable naming a directory to read the page's files from instead of
/// the embedded copies, for working on the page without rebuilding.
pub const WEB_DIR_VARIABLE: &str = "NEWSIDX_WEB_DIR";

/// `GET /`: the page.
pub async fn page() -> Response {
    asset("text/html; charset=utf-8", "index.html", PAGE)
}

/// `GET /static/{file}`: one of [`FILES`].
pub async fn file(Path(name): Path<String>) -> Result<Response, ApiError> {
    FILES
        .iter()
        .find(|(file, _, _)| *file == name)
        .map(|(file, media_type, contents)| asset(media_type, file, contents))
        .ok_or_else(|| {
            ApiError::new(
                axum::http::StatusCode::NOT_FOUND,
                format!("no such file: /static/{name}"),
            )
        })
}

/// `GET /api/openapi.json`: the API's description.
pub async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        )],
        OPENAPI,
    )
        .into_response()
}

/// A response of the file `name` as `media_type`: `contents`, or the file of that name in
/// the directory [`WEB_DIR_VARIABLE`] names. Only the known names are ever read.
fn asset(media_type: &'static str, name: &str, contents: &'static [u8]) -> Response {
    let contents: Vec<u8> = std::env::var_os(WEB_DIR_VARIABLE)
        .and_then(|dir| std::fs::read(std::path::Path::new(&dir).join(name)).ok())
        .unwrap_or_else(|| contents.to_vec());
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(media_type)),
            // Revalidated each time: a new binary may bring a new page.
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        contents,
    )
        .into_response()
}
