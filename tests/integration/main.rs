//! End-to-end tests: every test runs the real `newsidx` binary in a fresh temporary directory.

mod agencies;
mod agency_eval;
mod analytics;
#[cfg(unix)]
mod api_properties;
mod bad_input;
#[cfg(unix)]
mod browser;
mod compounds;
mod dev_set;
mod german;
mod hostile;
#[cfg(unix)]
mod http;
#[cfg(unix)]
mod http_util;
mod incremental;
mod index;
mod integrity;
mod interruptions;
mod labelled;
mod library;
mod query_edge_cases;
mod reading;
mod safety;
mod search;
#[cfg(unix)]
mod serve;
mod stats;
mod streaming;
mod util;
