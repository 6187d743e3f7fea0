//! Servers: front ends that keep an index open and answer over a connection, each a thin
//! caller of the same library calls as the command line.
//!
//! [`socket`] answers `newsidx search` calls from a resident `newsidx serve` over a Unix
//! socket in the index directory.

pub mod http;
pub mod live;
pub mod socket;
