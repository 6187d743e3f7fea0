//! Issue 16: `newsidx serve --http` driven over real HTTP: every endpoint answers what the
//! command line prints, every error is JSON with its status, the OpenAPI file describes
//! every answer, and the server survives slow clients, commits and SIGTERM.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::http_util::{HttpServer, encode};
use crate::util::{Workspace, stdout};

/// A JSONL article line.
fn line(fields: &[(&str, &str)]) -> String {
    let object: serde_json::Map<String, Value> = fields
        .iter()
        .map(|(key, value)| ((*key).to_owned(), Value::String((*value).to_owned())))
        .collect();
    format!("{}\n", Value::Object(object))
}

/// A workspace with a small known corpus, hostile articles included, indexed.
pub fn indexed_corpus() -> Workspace {
    let workspace = Workspace::new();
    workspace.write(
        "news.jsonl",
        [
            line(&[
                ("id", "passau"),
                ("title", "Hochwasser in Passau"),
                ("text", "Das Hochwasser der Donau erreichte Passau am Morgen. (dpa)"),
                ("date", "2013-06-03"),
                ("agency", "dpa"),
                ("language", "de"),
            ]),
            line(&[
                ("id", "elbe"),
                ("title", "Hochwasser an der Elbe"),
                (
                    "text",
                    "Laut Reuters stieg das Hochwasser an der Elbe weiter. Die Deiche hielten, meldete dpa.",
                ),
                ("date", "2013-06-10"),
                ("agency", "dpa, Reuters"),
                ("language", "de"),
            ]),
            line(&[
                ("id", "dresden"),
                ("title", "Flood reaches Dresden"),
                (
                    "text",
                    "The flood reached Dresden on Monday, the Associated Press reported.",
                ),
                ("date", "2013-06-12"),
                ("agency", "AP"),
                ("language", "en"),
            ]),
            line(&[
                ("id", "wien"),
                ("title", "Wahl in Wien"),
                (
                    "text",
                    "Die Wahl des Bundespräsidenten in Wien ist entschieden, meldete die APA.",
                ),
                ("date", "2016-12-04"),
                ("agency", "APA"),
                ("language", "de"),
            ]),
            line(&[
                ("id", "undatiert"),
                ("title", "Hochwasser ohne Datum"),
                ("text", "Ein Hochwasser, von dem niemand weiß, wann es war."),
                ("language", "de"),
            ]),
            line(&[
                ("id", "hostile"),
                ("title", "<script>alert(1)</script>Giftköder"),
                ("text", "Giftköder <img src=x onerror=alert(2)> gefunden."),
                ("url", "javascript:alert(3)"),
                ("agency", "<b>dpa</b>"),
                ("date", "2024-04-02"),
                ("language", "de"),
            ]),
        ]
        .concat(),
    );
    // A long German text with a match at each end (tantivy measures passages in bytes).
    let filler =
        "Die Bürger räumten Häuser, Straßen und Gärten; die Schäden sind groß. ".repeat(12);
    workspace.write(
        "pegel.jsonl",
        line(&[
            ("id", "pegel"),
            ("title", "Pegelstände"),
            (
                "text",
                &format!("Der Pegelstand stieg. {filler}Der Pegelstand sank."),
            ),
            ("date", "2025-01-01"),
            ("language", "de"),
        ]),
    );
    workspace.write(
        "text/2020-01-05-brand.txt",
        "Brand in der Altstadt\n\nBERLIN (dpa) - In der Altstadt brannte in der Nacht ein Dachstuhl.\n\nDie Feuerwehr war mit vierzig Leuten im Einsatz und löschte den Brand bis zum Morgen.\n",
    );
    let output = workspace.index_corpus();
    assert!(output.status.success(), "{output:?}");
    workspace
}

/// The CLI's `--json` answer to `args`.
fn cli_json(workspace: &Workspace, args: &[&str]) -> Value {
    let output = workspace.newsidx(args).output().expect("run newsidx");
    serde_json::from_str(&stdout(&output)).expect("CLI JSON")
}

#[test]
fn issue_16_search_answers_what_the_cli_prints() {
    let workspace = indexed_corpus();
    let server = HttpServer::start(&workspace);
    let page = server.get("/api/search?q=Hochwasser");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    let page = page.json();
    let cli = cli_json(&workspace, &["search", "--json", "Hochwasser"]);
    assert_eq!(page["total_hits"], 3);
    assert_eq!(page["hits"], cli["hits"]);
    assert_eq!(page["facets"], cli["facets"]);
    assert_eq!(
        (page["offset"].as_u64(), page["limit"].as_u64()),
        (Some(0), Some(10))
    );
    // Highlights are code-point offsets into the title and snippet.
    let first = &page["hits"][0];
    let title: Vec<char> = first["title"].as_str().unwrap().chars().collect();
    let [start, end] = [0, 1].map(|i| first["title_highlights"][0][i].as_u64().unwrap() as usize);
    assert_eq!(title[start..end].iter().collect::<String>(), "Hochwasser");

    // Filters: sources and languages repeat; each facet ignores its own filter.
    let dpa = server
        .get("/api/search?q=Hochwasser&agency=reuters&agency=AP&lang=de")
        .json();
    assert_eq!(dpa["total_hits"], 1);
    assert_eq!(dpa["hits"][0]["id"], "elbe");
    let sources: Vec<&str> = dpa["facets"]["sources"]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|value| value["value"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["dpa", "Reuters"]);
    let period = server
        .get("/api/search?q=Hochwasser&since=2013-06&until=2013-06-05")
        .json();
    assert_eq!(period["total_hits"], 1);
    assert!(
        period["warnings"][0]
            .as_str()
            .unwrap()
            .contains("no publication date"),
        "{period}"
    );
    // Paging and order.
    let second = server
        .get("/api/search?sort=oldest&limit=1&offset=1&facets=0")
        .json();
    assert_eq!(second["hits"].as_array().unwrap().len(), 1);
    assert_eq!(second["hits"][0]["id"], "elbe");
    assert!(second.get("facets").is_none());
    // A page reaching past the 10,000th hit is cut at it.
    let deep = server.get("/api/search?offset=9995&limit=10").json();
    assert_eq!(
        (deep["offset"].as_u64(), deep["limit"].as_u64()),
        (Some(9995), Some(5))
    );
    // A misspelt word gets the CLI's suggestion.
    let typo = server.get("/api/search?q=Hochwaser").json();
    assert_eq!(typo["total_hits"], 0);
    assert_eq!(typo["suggestion"], "Hochwasser");
}

#[test]
fn issue_16_trend_agencies_and_stats_answer_what_the_cli_prints() {
    let workspace = indexed_corpus();
    let server = HttpServer::start(&workspace);
    let mut trend = server.get("/api/trend?q=Hochwasser&by=year").json();
    assert_eq!(trend["warnings"], Value::Array(Vec::new()));
    trend.as_object_mut().unwrap().remove("warnings");
    let cli = cli_json(
        &workspace,
        &["trend", "--json", "--by", "year", "Hochwasser"],
    );
    assert_eq!(trend, cli);
    let two = server
        .get("/api/trend?q=Hochwasser&q=Wahl&by=month&since=2013&until=2016")
        .json();
    assert_eq!(two["series"].as_array().unwrap().len(), 2);
    assert_eq!(two["periods"].as_array().unwrap().len(), 48);
    let split = server.get("/api/trend?q=Hochwasser&by_agency=2").json();
    let labels: BTreeSet<&str> = split["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|series| series["agency"].as_str().unwrap())
        .collect();
    assert_eq!(labels, BTreeSet::from(["dpa", "Reuters"]));

    assert_eq!(
        server.get("/api/agencies").json(),
        cli_json(&workspace, &["agencies", "--json"])
    );
    let stats = server.get("/api/stats").json();
    let cli = cli_json(&workspace, &["stats", "--json"]);
    for key in [
        "articles",
        "earliest",
        "latest",
        "languages",
        "last_indexed",
    ] {
        assert_eq!(stats[key], cli[key], "{key}");
    }
    assert_eq!(stats["articles"], 8);
}

#[test]
fn issue_16_an_article_whole_with_its_matches_and_sources_marked() {
    let workspace = indexed_corpus();
    let server = HttpServer::start(&workspace);
    let article = server.get("/api/articles/elbe?q=Hochwasser%20Deich").json();
    let text: Vec<char> = article["text"].as_str().unwrap().chars().collect();
    let slice = |range: &Value| -> String {
        let [start, end] = [0, 1].map(|i| range[i].as_u64().unwrap() as usize);
        text[start..end].iter().collect()
    };
    let marked: Vec<String> = article["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(slice)
        .collect();
    assert_eq!(marked, ["Hochwasser", "Deiche"]);
    let sources: Vec<(String, Vec<String>)> = article["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|source| {
            (
                source["name"].as_str().unwrap().to_owned(),
                source["spans"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(slice)
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        sources,
        [
            ("dpa".to_owned(), vec!["dpa".to_owned()]),
            ("Reuters".to_owned(), vec!["Reuters".to_owned()])
        ]
    );
    // Ids with a slash are one encoded path segment, or the raw path.
    let id = "text/2020-01-05-brand.txt";
    let encoded = server.get(&format!("/api/articles/{}", encode(id)));
    assert_eq!(encoded.status, 200, "{}", encoded.text());
    assert_eq!(encoded.json()["id"], id);
    assert!(encoded.json()["text"].as_str().unwrap().contains("\n"));
    assert_eq!(server.get(&format!("/api/articles/{id}")).json()["id"], id);
    // Every match of a long text with umlauts is marked, the last one included.
    let pegel = server.get("/api/articles/pegel?q=Pegelstand").json();
    let text: Vec<char> = pegel["text"].as_str().unwrap().chars().collect();
    let marked: Vec<String> = pegel["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|range| {
            let [start, end] = [0, 1].map(|i| range[i].as_u64().unwrap() as usize);
            text[start..end].iter().collect()
        })
        .collect();
    assert_eq!(marked, ["Pegelstand", "Pegelstand"]);
    // Without a query nothing is marked.
    let plain = server.get("/api/articles/passau").json();
    assert_eq!(plain["highlights"], Value::Array(Vec::new()));
    let missing = server.get("/api/articles/nothing-here");
    assert_eq!(missing.status, 404);
    assert!(missing.error().contains("`nothing-here`"));
}

#[test]
fn issue_16_export_streams_every_match() {
    let workspace = indexed_corpus();
    let server = HttpServer::start(&workspace);
    let csv = server.get("/api/export?q=Hochwasser&format=csv");
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(
        csv.header("content-disposition")
            .unwrap()
            .contains("newsidx-export.csv")
    );
    let cli = workspace
        .newsidx(&["search", "--all", "--format", "csv", "Hochwasser"])
        .output()
        .unwrap();
    assert_eq!(csv.text(), stdout(&cli));
    assert_eq!(csv.text().lines().count(), 1 + 3);
    let jsonl = server.get("/api/export?format=jsonl&lang=de&sort=oldest");
    let ids: Vec<String> = jsonl
        .text()
        .lines()
        .map(|row| {
            serde_json::from_str::<Value>(row).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let cli = workspace
        .newsidx(&[
            "search", "--all", "--format", "jsonl", "--lang", "de", "--sort", "oldest",
        ])
        .output()
        .unwrap();
    assert_eq!(jsonl.text(), stdout(&cli));
    assert!(ids.len() >= 5, "{ids:?}");
    assert_eq!(ids[0], "passau");
}

#[test]
fn issue_16_errors_are_json_with_the_cli_wording_and_their_status() {
    let workspace = indexed_corpus();
    let server = HttpServer::start(&workspace);
    let long_query = format!("/api/search?q={}", "a".repeat(1_001));
    let long_target = format!("/api/search?q={}", "b".repeat(9_000));
    let many: Vec<String> = (0..51).map(|i| format!("agency=s{i}")).collect();
    let many_sources = format!("/api/search?{}", many.join("&"));
    // Limits count what was given, empty values too (found by schemathesis).
    let empty_queries = format!("/api/trend?{}", vec!["q="; 21].join("&"));
    let cases: [(&str, u16, &str); 18] = [
        ("/api/search?sort=", 400, "`sort` must be one of"),
        ("/api/search?q=AND%20(", 400, "is not closed"),
        (
            "/api/search?since=2016-13",
            400,
            "since: `2016-13` is not a valid date",
        ),
        (
            "/api/search?since=2017&until=2016",
            400,
            "since 2017 is after until 2016",
        ),
        ("/api/search?lang=xx", 400, "`xx` is not a language code"),
        ("/api/search?limit=101", 400, "`limit` must be at most 100"),
        (
            "/api/search?limit=ten",
            400,
            "`limit` must be a whole number",
        ),
        ("/api/search?colour=red", 400, "unknown parameter `colour`"),
        (
            "/api/search?sort=best",
            400,
            "`sort` must be one of relevance, newest, oldest",
        ),
        ("/api/trend?q=a&q=b&by_agency=3", 400, "splits one query"),
        (
            "/api/trend?by=hour",
            400,
            "`by` must be one of day, week, month, year",
        ),
        (
            "/api/export?format=xml",
            400,
            "`format` must be one of csv, jsonl",
        ),
        ("/api/articles/x?q=%22open", 400, "query"),
        ("/nowhere", 404, "no such page or endpoint: /nowhere"),
        (&long_query, 413, "at most 1000"),
        // An id that is no text, too many sources, too many (empty) queries.
        ("/api/articles/%FF", 400, "article id"),
        (&many_sources, 400, "at most 50"),
        (&empty_queries, 400, "at most 20 queries"),
    ];
    for (target, status, message) in cases {
        let response = server.get(target);
        assert_eq!(response.status, status, "{target}: {}", response.text());
        assert!(
            response.error().contains(message),
            "{target}: {}",
            response.error()
        );
    }
    // The CLI says the same about the same mistake.
    let cli = workspace
        .newsidx(&["search", "--lang", "xx", "Wahl"])
        .output()
        .unwrap();
    assert!(crate::util::stderr(&cli).contains("--lang: `xx` is not a language code"));
    let target = server.get(&long_target);
    assert_eq!(target.status, 413);
    let body = server.request("GET", "/api/stats", &["Content-Length: 100000"]);
    assert_eq!(body.status, 413);
    let post = server.request("POST", "/api/search", &["Content-Length: 0"]);
    assert_eq!(post.status, 405);
    assert!(post.error().contains("only GET"));
    assert_eq!(server.get("/static/../Cargo.toml").status, 404);
    // DNS rebinding: a page on another name must not reach a server on 127.0.0.1.
    let rebound = server.request("GET", "/api/stats", &["Host: evil.example:8080"]);
    assert_eq!(rebound.status, 400);
    assert!(
        rebound.error().contains("does not name this server"),
        "{}",
        rebound.error()
    );
    assert!(rebound.header("content-security-policy").is_some());
    assert_eq!(
        server
            .request("GET", "/api/stats", &["Host: localhost"])
            .status,
        200
    );
    assert_eq!(server.get("/static/nothing.js").status, 404);
}

#[test]
fn issue_16_no_index_is_a_503_until_the_first_commit_and_commits_are_seen_while_serving() {
    let workspace = Workspace::new();
    let server = HttpServer::start(&workspace);
    let response = server.get("/api/search?q=Hochwasser");
    assert_eq!(response.status, 503);
    assert!(
        response.error().contains("no index found"),
        "{}",
        response.error()
    );
    assert_eq!(response.header("retry-after"), Some("5"));
    assert_eq!(server.get("/").status, 200);
    workspace.write(
        "a.jsonl",
        line(&[
            ("id", "a"),
            ("title", "Hochwasser"),
            ("text", "Hochwasser am Rhein."),
        ]),
    );
    assert!(workspace.index_corpus().status.success());
    assert_eq!(
        server.get("/api/search?q=Hochwasser").json()["total_hits"],
        1
    );
    workspace.write(
        "b.jsonl",
        line(&[
            ("id", "b"),
            ("title", "Hochwasser"),
            ("text", "Hochwasser am Main."),
        ]),
    );
    assert!(workspace.index_corpus().status.success());
    let page = server.get("/api/search?q=Hochwasser").json();
    assert_eq!(page["total_hits"], 2);
    assert_eq!(page["facets"]["hits"], 2);
    // While a run indexes and commits, every request is answered from the last commit.
    let many: String = (0..400)
        .map(|i| {
            let text = format!("Hochwasser Nummer {i} am Fluss, gemeldet von dpa.");
            line(&[
                ("id", &format!("c{i}")),
                ("title", "Hochwasser"),
                ("text", &text),
            ])
        })
        .collect();
    workspace.write("c.jsonl", many);
    let mut indexing = workspace
        .process(&["index", "corpus"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut seen = BTreeSet::new();
    loop {
        let finished = indexing.try_wait().unwrap().is_some();
        let response = server.get("/api/search?q=Hochwasser&limit=1");
        assert_eq!(response.status, 200, "{}", response.text());
        seen.insert(response.json()["total_hits"].as_u64().unwrap());
        if finished {
            break;
        }
    }
    assert!(indexing.wait().unwrap().success());
    assert_eq!(
        server.get("/api/search?q=Hochwasser").json()["total_hits"],
        402
    );
    assert!(
        seen.iter().all(|total| *total == 2 || *total == 402),
        "{seen:?}"
    );
}

#[test]
fn issue_16_page_and_files_come_from_the_binary_with_a_strict_policy() {
    let workspace = indexed_corpus();
    let server = HttpServer::start(&workspace);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let policy = page.header("content-security-policy").unwrap();
    assert!(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"));
    assert!(policy.contains("default-src 'none'"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    let html = page.text();
    assert!(html.contains("/static/app.js"));
    // No inline script or handler: every <script> has a src.
    for tag in html.split("<script").skip(1) {
        let head = tag.split('>').next().unwrap();
        assert!(head.contains("src="), "inline script: <script{head}>");
    }
    assert!(!html.contains(" onload=") && !html.contains(" onclick="));
    let script = server.get("/static/app.js");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(
        !script.text().contains("innerHTML"),
        "the page builds its DOM from text"
    );
    assert_eq!(server.get("/static/vendor/uPlot.iife.min.js").status, 200);
    assert!(server.get("/static/vendor/LICENSE").text().contains("MIT"));
    // JSON escapes what articles hold; the page puts it into text nodes.
    let hostile = server.get("/api/search?q=Giftk%C3%B6der").json();
    assert_eq!(
        hostile["hits"][0]["title"],
        "<script>alert(1)</script>Giftköder"
    );
}

/// Checks `value` against `schema` of the OpenAPI document `doc`: types, nullability,
/// required and undocumented properties, enums, bounds. Returns what does not fit.
fn check_schema(doc: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        return check_schema(doc, &doc["components"]["schemas"][name], value, at, errors);
    }
    if value.is_null() {
        if schema["nullable"] != true {
            errors.push(format!("{at}: null, not nullable"));
        }
        return;
    }
    let fits = match schema["type"].as_str() {
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_u64() || value.is_i64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        _ => true,
    };
    if !fits {
        errors.push(format!("{at}: {value} is no {}", schema["type"]));
        return;
    }
    if let Some(choices) = schema["enum"].as_array()
        && !choices.contains(value)
    {
        errors.push(format!("{at}: {value} not in {choices:?}"));
    }
    if let (Some(min), Some(number)) = (schema["minimum"].as_f64(), value.as_f64())
        && number < min
    {
        errors.push(format!("{at}: {number} < {min}"));
    }
    if let (Some(max), Some(number)) = (schema["maximum"].as_f64(), value.as_f64())
        && number > max
    {
        errors.push(format!("{at}: {number} > {max}"));
    }
    if let Some(object) = value.as_object() {
        let properties = schema["properties"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        for required in schema["required"].as_array().into_iter().flatten() {
            if !object.contains_key(required.as_str().unwrap()) {
                errors.push(format!("{at}: missing {required}"));
            }
        }
        for (key, item) in object {
            match properties.get(key) {
                Some(property) => check_schema(doc, property, item, &format!("{at}.{key}"), errors),
                None => errors.push(format!("{at}: undocumented property {key}")),
            }
        }
    }
    if let Some(items) = value.as_array() {
        for (i, item) in items.iter().enumerate() {
            check_schema(doc, &schema["items"], item, &format!("{at}[{i}]"), errors);
        }
    }
}

#[test]
fn issue_16_the_openapi_file_describes_every_answer() {
    let file = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/openapi.json"))
        .expect("docs/openapi.json");
    let doc: Value = serde_json::from_str(&file).expect("OpenAPI JSON");
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let workspace = indexed_corpus();
    let server = HttpServer::start(&workspace);
    assert_eq!(server.get("/api/openapi.json").json(), doc);
    // A value for every documented parameter, so each request uses all of its endpoint's.
    let sample = |name: &str| match name {
        "q" => "Hochwasser",
        "agency" => "dpa",
        "lang" => "de",
        "since" => "2013",
        "until" => "2024-12",
        "sort" => "newest",
        "offset" | "limit" | "facets" => "1",
        "by" => "month",
        "by_agency" => "2",
        "format" => "jsonl",
        other => panic!("no sample value for the parameter `{other}`"),
    };
    let paths = doc["paths"].as_object().unwrap();
    let documented: BTreeSet<&str> = paths.keys().map(String::as_str).collect();
    assert_eq!(
        documented,
        BTreeSet::from([
            "/api/agencies",
            "/api/articles/{id}",
            "/api/export",
            "/api/search",
            "/api/stats",
            "/api/trend"
        ])
    );
    for (path, item) in paths {
        let operation = &item["get"];
        let mut query = Vec::new();
        let mut target = path.replace("{id}", "elbe");
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let name = parameter["name"].as_str().unwrap();
            if parameter["in"] == "query" {
                query.push(format!("{name}={}", sample(name)));
                // A repeatable one is given twice.
                if parameter["schema"]["type"] == "array" {
                    query.push(format!("{name}={}", sample(name)));
                }
            }
        }
        if path == "/api/trend" {
            // by_agency takes one query: the second q goes.
            query.retain(|pair| pair != "q=Hochwasser");
            query.push("q=Hochwasser".to_owned());
        }
        if !query.is_empty() {
            target = format!("{target}?{}", query.join("&"));
        }
        let response = server.get(&target);
        let status = response.status.to_string();
        let documented = &operation["responses"][&status];
        assert!(
            documented.is_object(),
            "{target}: status {status} is undocumented: {}",
            response.text()
        );
        assert_eq!(response.status, 200, "{target}: {}", response.text());
        let content = &documented["content"];
        if path == "/api/export" {
            assert!(content["application/x-ndjson"].is_object());
            continue;
        }
        let mut errors = Vec::new();
        check_schema(
            &doc,
            &content["application/json"]["schema"],
            &response.json(),
            path,
            &mut errors,
        );
        assert!(errors.is_empty(), "{target}: {errors:#?}");
        // Parameters nobody documented are refused, and that answer is documented too.
        let refused = server.get(&format!(
            "{}{}undocumented=1",
            target,
            if query.is_empty() { "?" } else { "&" }
        ));
        assert_eq!(refused.status, 400, "{target}");
        let mut errors = Vec::new();
        check_schema(
            &doc,
            &operation["responses"]["400"]["content"]["application/json"]["schema"],
            &refused.json(),
            path,
            &mut errors,
        );
        assert!(errors.is_empty(), "{errors:?}");
    }
    // The 404 of an article is documented and has the error's shape.
    let missing = server.get("/api/articles/none");
    assert!(paths["/api/articles/{id}"]["get"]["responses"]["404"].is_object());
    assert!(missing.json()["error"].is_string());
}

#[test]
fn issue_16_slow_clients_are_cut_off_and_sigterm_lets_requests_finish() {
    let workspace = indexed_corpus();
    let server = HttpServer::start(&workspace);
    // Headers that never end, and a connection that sends nothing: the server closes both
    // after its header timeout.
    let mut slow = std::net::TcpStream::connect(&server.addr).unwrap();
    slow.write_all(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut silent = std::net::TcpStream::connect(&server.addr).unwrap();
    silent
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let started = Instant::now();
    // Meanwhile others are answered.
    for _ in 0..5 {
        assert_eq!(server.get("/api/search?q=Wahl").status, 200);
    }
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(5) && waited < Duration::from_secs(40),
        "closed after {waited:?}"
    );
    assert!(!String::from_utf8_lossy(&rest).contains("\"articles\""));
    let mut nothing = Vec::new();
    let _ = silent.read_to_end(&mut nothing);
    assert!(
        started.elapsed() < Duration::from_secs(40),
        "a silent connection stayed open for {:?}",
        started.elapsed()
    );
    // One line per request: method, target, status, time.
    let log = server.log_text();
    assert!(log.contains("GET /api/search?q=Wahl 200 "), "{log}");
    let log = std::sync::Arc::clone(&server.log);
    let status = server.terminate();
    assert!(status.success(), "{status}");
    std::thread::sleep(Duration::from_millis(200));
    let log = log.lock().unwrap().join("\n");
    assert!(log.contains("HTTP server stopped"), "{log}");
}
