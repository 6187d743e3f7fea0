//! Multi-article files too large to read whole: a JSONL file or a JSON array is read record
//! by record, in batches of bounded size, whatever the size of the file.
//!
//! Crawler dumps (news-please and the like) of many gigabytes are ordinary. [`RecordReader`]
//! hands out batches of whole records, each with the line it starts on: for JSONL a line, for
//! a JSON array one element, found by a scan that tracks strings and nesting without parsing.
//! A batch is then parsed in parallel ([`super::Ingestor::read_records`]), so one big file uses
//! every core, and memory holds one batch, not the file. The reader hashes every byte it reads,
//! so the content hash recorded in the manifest is the one a whole read would give.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use xxhash_rust::xxh3::Xxh3;

use super::Format;

/// One article's worth of a multi-article file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// 1-based line it starts on.
    pub line: usize,
    /// Its bytes (one JSON value, as in the file).
    pub bytes: Vec<u8>,
}

/// What the JSON-array scan is inside of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scan {
    /// Before the opening `[` (a byte-order mark and white space may come first).
    Start,
    /// Where an element may start (after `[` or a `,`).
    Between,
    /// Inside an object or array element, `depth` brackets deep, in a string or not, after a
    /// backslash in a string or not.
    Container {
        depth: usize,
        in_string: bool,
        escaped: bool,
    },
    /// Inside a string element, after a backslash or not.
    Text { escaped: bool },
    /// Inside a number or a literal (`true`, `null`).
    Bare,
    /// After an element: a `,` or the closing `]` comes next.
    After,
    /// After the closing `]`.
    Done,
}

/// Reads the records of one multi-article file in batches.
pub struct RecordReader {
    /// The file.
    input: BufReader<File>,
    /// JSONL or JSON.
    format: Format,
    /// Digest of every byte read so far.
    digest: Xxh3,
    /// The split into records.
    scanner: Scanner,
    /// True once the whole file is read.
    finished: bool,
    /// An error met after some records of a batch, told on the next call.
    deferred: Option<std::io::Error>,
}

/// Where the split of a file into records is.
struct Scanner {
    /// The line the next byte is on.
    line: usize,
    /// Where the JSON-array scan is.
    scan: Scan,
    /// The element being collected, with its first line.
    current: Option<Record>,
}

impl RecordReader {
    /// Opens `path`, a file of `format` (JSONL or a JSON array).
    pub fn open(path: &Path, format: Format) -> std::io::Result<RecordReader> {
        Ok(RecordReader {
            input: BufReader::with_capacity(1 << 20, File::open(path)?),
            format,
            digest: Xxh3::new(),
            scanner: Scanner {
                line: 1,
                scan: Scan::Start,
                current: None,
            },
            finished: false,
            deferred: None,
        })
    }

    /// The next records, about `batch_bytes` of them (at least one whole record); `None` when
    /// the file is read to its end. An error is the file's: unreadable, or JSON that is no
    /// array (then the caller reads it whole as a single article).
    pub fn next_batch(&mut self, batch_bytes: usize) -> std::io::Result<Option<Vec<Record>>> {
        if let Some(error) = self.deferred.take() {
            return Err(error);
        }
        if self.finished {
            return Ok(None);
        }
        let mut batch = Vec::new();
        let mut bytes = 0;
        while bytes < batch_bytes && !self.finished {
            let record = match self.format {
                Format::JsonLines => self.next_line(),
                _ => self.next_element(),
            };
            let record = match record {
                Ok(record) => record,
                // The records before the error are good: they come first.
                Err(error) if !batch.is_empty() => {
                    self.deferred = Some(error);
                    self.finished = true;
                    break;
                }
                Err(error) => return Err(error),
            };
            if let Some(record) = record {
                bytes += record.bytes.len();
                batch.push(record);
            }
        }
        Ok(Some(batch))
    }

    /// The line the reader is on.
    pub fn line(&self) -> usize {
        self.scanner.line
    }

    /// The content hash of the whole file; to be asked once [`RecordReader::next_batch`] said
    /// `None`.
    pub fn hash(&self) -> u128 {
        self.digest.digest128()
    }

    /// The next non-blank line; `None` at a blank line or the end.
    fn next_line(&mut self) -> std::io::Result<Option<Record>> {
        let mut bytes = Vec::new();
        let read = self.input.read_until(b'\n', &mut bytes)?;
        if read == 0 {
            self.finished = true;
            return Ok(None);
        }
        self.digest.update(&bytes);
        let line = self.scanner.line;
        self.scanner.line += 1;
        while bytes.last().is_some_and(|byte| byte.is_ascii_whitespace()) {
            bytes.pop();
        }
        if line == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        Ok(Some(Record { line, bytes }))
    }

    /// The next element of the JSON array; `None` when a buffer ended without one.
    fn next_element(&mut self) -> std::io::Result<Option<Record>> {
        let buffer = self.input.fill_buf()?;
        if buffer.is_empty() {
            self.finished = true;
            return match (self.scanner.scan, self.scanner.current.take()) {
                (Scan::Done, _) | (Scan::Start, None) => Ok(None),
                _ => Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "JSON array not closed at the end of the file",
                )),
            };
        }
        let (used, found) = self.scanner.feed(buffer)?;
        self.digest.update(&buffer[..used]);
        self.input.consume(used);
        Ok(found)
    }
}

impl Scanner {
    /// Scans `buffer` up to the end of the next element: how many bytes it took, and the
    /// element if one ended in them.
    fn feed(&mut self, buffer: &[u8]) -> std::io::Result<(usize, Option<Record>)> {
        let mut used = 0;
        let mut found = None;
        let invalid = |what: String| std::io::Error::new(std::io::ErrorKind::InvalidData, what);
        for (at, &byte) in buffer.iter().enumerate() {
            used = at + 1;
            let line = self.line;
            if byte == b'\n' {
                self.line += 1;
            }
            let mut ended = false;
            match &mut self.scan {
                Scan::Start => match byte {
                    b'[' => self.scan = Scan::Between,
                    0xEF | 0xBB | 0xBF if line == 1 => {}
                    byte if byte.is_ascii_whitespace() => {}
                    _ => return Err(invalid("not a JSON array".to_owned())),
                },
                Scan::Between | Scan::After => match byte {
                    b']' => self.scan = Scan::Done,
                    b',' => self.scan = Scan::Between,
                    byte if byte.is_ascii_whitespace() => {}
                    _ if self.scan == Scan::After => {
                        return Err(invalid(
                            "expected `,` or `]` between array elements".to_owned(),
                        ));
                    }
                    _ => {
                        self.current = Some(Record {
                            line,
                            bytes: vec![byte],
                        });
                        self.scan = match byte {
                            b'{' | b'[' => Scan::Container {
                                depth: 1,
                                in_string: false,
                                escaped: false,
                            },
                            b'"' => Scan::Text { escaped: false },
                            _ => Scan::Bare,
                        };
                    }
                },
                Scan::Container {
                    depth,
                    in_string,
                    escaped,
                } => {
                    if *in_string {
                        if *escaped {
                            *escaped = false;
                        } else if byte == b'\\' {
                            *escaped = true;
                        } else if byte == b'"' {
                            *in_string = false;
                        }
                    } else {
                        match byte {
                            b'"' => *in_string = true,
                            b'{' | b'[' => *depth += 1,
                            b'}' | b']' => {
                                *depth -= 1;
                                ended = *depth == 0;
                            }
                            _ => {}
                        }
                    }
                    self.push(byte);
                }
                Scan::Text { escaped } => {
                    if *escaped {
                        *escaped = false;
                    } else if byte == b'\\' {
                        *escaped = true;
                    } else if byte == b'"' {
                        ended = true;
                    }
                    self.push(byte);
                }
                Scan::Bare => match byte {
                    b',' | b']' => {
                        // The separator is not part of the value.
                        found = self.current.take();
                        self.scan = if byte == b']' {
                            Scan::Done
                        } else {
                            Scan::Between
                        };
                        break;
                    }
                    byte if byte.is_ascii_whitespace() => {
                        found = self.current.take();
                        self.scan = Scan::After;
                        break;
                    }
                    _ => self.push(byte),
                },
                Scan::Done => {
                    if !byte.is_ascii_whitespace() {
                        return Err(invalid("text after the end of the JSON array".to_owned()));
                    }
                }
            }
            if ended {
                self.scan = Scan::After;
                found = self.current.take();
                break;
            }
        }
        Ok((used, found))
    }

    /// Adds `byte` to the element being collected.
    fn push(&mut self, byte: u8) {
        if let Some(record) = &mut self.current {
            record.bytes.push(byte);
        }
    }
}

/// The content hash of the file at `path`, read in blocks (as [`crate::manifest::hash`] of
/// its bytes would be).
pub fn hash_file(path: &Path) -> std::io::Result<u128> {
    let mut input = File::open(path)?;
    let mut digest = Xxh3::new();
    let mut block = vec![0u8; 1 << 20];
    loop {
        let read = input.read(&mut block)?;
        if read == 0 {
            return Ok(digest.digest128());
        }
        digest.update(&block[..read]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record of `text` written as a file of `format`, in batches of `batch` bytes.
    fn records(text: &str, format: Format, batch: usize) -> std::io::Result<(Vec<Record>, u128)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dump");
        std::fs::write(&path, text).unwrap();
        let mut reader = RecordReader::open(&path, format)?;
        let mut all = Vec::new();
        while let Some(batch) = reader.next_batch(batch)? {
            all.extend(batch);
        }
        assert_eq!(
            hash_file(&path).unwrap(),
            crate::manifest::hash(text.as_bytes())
        );
        Ok((all, reader.hash()))
    }

    fn texts(records: &[Record]) -> Vec<(usize, String)> {
        records
            .iter()
            .map(|record| {
                (
                    record.line,
                    String::from_utf8(record.bytes.clone()).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn json_lines_with_blank_lines_and_their_line_numbers() {
        let text = "\u{feff}{\"a\": 1}\n\n  \n{\"b\": \"x\\ny\"}\r\n{\"c\": 3}";
        let (found, hash) = records(text, Format::JsonLines, 1).unwrap();
        assert_eq!(
            texts(&found),
            [
                (1, "{\"a\": 1}".to_owned()),
                (4, "{\"b\": \"x\\ny\"}".to_owned()),
                (5, "{\"c\": 3}".to_owned())
            ]
        );
        assert_eq!(hash, crate::manifest::hash(text.as_bytes()));
    }

    #[test]
    fn json_array_elements_with_brackets_in_strings_across_batches() {
        let text = "[\n  {\"title\": \"a ] b\", \"tags\": [\"x\", \"}\"]},\n  {\"t\": \"q\\\"uote\"} ,\n 42, \"s\", [1, 2]\n]\n";
        for batch in [1, 10, 1 << 20] {
            let (found, hash) = records(text, Format::Json, batch).unwrap();
            assert_eq!(
                texts(&found),
                [
                    (
                        2,
                        "{\"title\": \"a ] b\", \"tags\": [\"x\", \"}\"]}".to_owned()
                    ),
                    (3, "{\"t\": \"q\\\"uote\"}".to_owned()),
                    (4, "42".to_owned()),
                    (4, "\"s\"".to_owned()),
                    (4, "[1, 2]".to_owned()),
                ],
                "batch {batch}"
            );
            assert_eq!(hash, crate::manifest::hash(text.as_bytes()));
        }
    }

    #[test]
    fn broken_arrays_are_errors() {
        assert!(records("{\"a\": 1}", Format::Json, 10).is_err());
        assert!(records("[{\"a\": 1}", Format::Json, 10).is_err());
        assert!(records("[{\"a\": 1}] x", Format::Json, 10).is_err());
        assert!(records("[]", Format::Json, 10).unwrap().0.is_empty());
    }
}
