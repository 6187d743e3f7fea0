//! Fuzzes the query path: query text (full syntax), date bounds, paging and sort order, run
//! against a small index built once from articles in several languages. A bad query must
//! come back as an error, never a panic.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use newsidx::ingest::{Format, Ingestor};
use newsidx::search::{QuerySyntax, SearchRequest, SortOrder, parse_period, search};
use newsidx::store::NewsIndex;

/// The index and the directory it lives in (kept for the process's life).
static INDEX: LazyLock<(tempfile::TempDir, NewsIndex)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temporary directory");
    let index = NewsIndex::open_or_create(dir.path(), None).expect("create index");
    let registry = newsidx::agency::Registry::builtin();
    let ingestor = Ingestor::new(&registry, u64::MAX);
    let feed = concat!(
        "{\"title\": \"Anschläge auf Straßen\", \"text\": \"Nach dem Bombenanschlag an der Grenzkontrolle meldete die Polizei (dpa) neue Festnahmen.\", \"date\": \"2024-03-01\", \"language\": \"de\"}\n",
        "{\"title\": \"Refinery fire\", \"text\": \"According to Reuters, the refinery fire was contained.\", \"date\": \"2023-12-24\", \"language\": \"en\"}\n",
        "{\"title\": \"Grève générale\", \"text\": \"Selon l'AFP, la grève continue.\", \"language\": \"fr\", \"tags\": [\"Streik\"], \"author\": \"Marie Curie\"}\n",
    );
    let report = ingestor.read_memory(
        "feed.jsonl",
        "feed.jsonl",
        Format::JsonLines,
        feed.as_bytes(),
    );
    let budget = newsidx::budget::Budget::new(128 * 1024 * 1024, 1);
    let mut writer = index.writer(1, &budget).expect("writer");
    for article in report.articles {
        writer.add(article, "feed.jsonl").expect("add");
    }
    writer.commit(None).expect("commit");
    let index = NewsIndex::open(dir.path()).expect("reopen");
    (dir, index)
});

fuzz_target!(|bytes: &[u8]| {
    // Layout: 1 byte of flags, 1 byte limit, 1 byte offset, then `query\0since\0until`.
    if bytes.len() < 3 {
        return;
    }
    let (flags, limit, offset) = (bytes[0], bytes[1], bytes[2]);
    let text = String::from_utf8_lossy(&bytes[3..]);
    let mut parts = text.split('\0');
    let query = parts.next().unwrap_or_default().to_owned();
    let since = parts.next().and_then(|text| parse_period(text).ok());
    let until = parts.next().and_then(|text| parse_period(text).ok());
    let index = &INDEX.1;
    let reader = index.reader().expect("reader");
    let searcher = reader.searcher();
    let request = SearchRequest {
        query: (flags & 1 == 0).then_some(query),
        syntax: if flags & 2 == 0 {
            QuerySyntax::Full
        } else {
            QuerySyntax::Plain
        },
        snippets: flags & 4 == 0,
        suggest: flags & 4 == 0,
        agency_list: None,
        agencies: if flags & 8 == 0 {
            Vec::new()
        } else {
            vec!["dpa".into(), "Reuters".into()]
        },
        languages: if flags & 16 == 0 {
            Vec::new()
        } else {
            vec!["de".into()]
        },
        since: since.map(|(start, _)| start),
        before: until.map(|(_, end)| end),
        limit: usize::from(limit),
        offset: if flags & 32 == 0 {
            usize::from(offset)
        } else {
            usize::MAX - usize::from(offset)
        },
        sort: match flags >> 6 {
            0 => SortOrder::Relevance,
            1 => SortOrder::Newest,
            _ => SortOrder::Oldest,
        },
    };
    if let Ok(results) = search(&searcher, index, &request) {
        assert!(results.hits.len() <= request.limit);
        for hit in &results.hits {
            for marked in [&hit.snippet, &hit.title] {
                for range in &marked.highlights {
                    assert!(
                        marked.text.get(range.clone()).is_some(),
                        "{range:?} in {:?}",
                        marked.text
                    );
                }
            }
        }
    }
});
