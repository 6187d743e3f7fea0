//! Fuzzes reading a `JsonLines` file ([`read_file::read`]).
#![no_main]

#[path = "read_file.rs"]
mod read_file;

use libfuzzer_sys::fuzz_target;
use newsidx::ingest::Format;

fuzz_target!(|bytes: &[u8]| read_file::read(Format::JsonLines, bytes));
