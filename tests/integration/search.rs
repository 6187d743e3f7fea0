//! `newsidx search`: German matching, query language, filters, output and exit codes, run
//! against the index of `sample_corpus/`.

use crate::util::{SAMPLE, Workspace, search_json, stderr, stdout, text};

/// `search --json ARGS` against the sample-corpus index.
fn sample(args: &[&str]) -> crate::util::SearchOutput {
    search_json(SAMPLE.newsidx(&[]), args)
}

#[test]
fn inflected_forms_find_each_other() {
    let expected = [
        "archiv-2022-001",
        "html/2024-06-03-flughafen-kontrollen.html",
        &text("2022-02-24-ukraine-energie"),
        &text("2023-11-08-warnung-vor-anschlaegen"),
        &text("2024-03-25-konzerthalle-anschlag"),
    ];
    for query in ["Anschlag", "Anschläge", "Anschlägen", "anschlaege"] {
        let results = sample(&[query]);
        assert_eq!(results.total_hits, 6, "query {query}: {:?}", results.ids());
        // The word itself (inflected) ranks above compounds only containing it.
        let mut exact = results.ids()[..5].to_vec();
        exact.sort_unstable();
        assert_eq!(exact, expected, "query {query}");
        assert_eq!(
            results.ids()[5],
            text("2016-07-26-anschlagsplaene-vereitelt")
        );
    }
}

#[test]
fn sharp_s_and_umlaut_spellings_are_one() {
    let strasse = sample(&["Strasse"]);
    assert_eq!(strasse.sorted_ids(), sample(&["Straße"]).sorted_ids());
    for id in [
        text("2021-05-04-zuerich-strassensperre"),
        text("2024-02-14-grenzkontrollen-passau"),
        text("2019-12-02-buergerinitiative-ascii"),
    ] {
        assert!(
            strasse.ids().contains(&id.as_str()),
            "{id} missing from {:?}",
            strasse.ids()
        );
    }
    let expected = [
        text("2019-12-02-buergerinitiative-ascii"),
        text("2020-09-15-radwege-innenstadt"),
    ];
    assert_eq!(sample(&["Müller"]).sorted_ids(), expected);
    assert_eq!(sample(&["Mueller"]).sorted_ids(), expected);
    // The ASCII archive spells it "Buergerinitiative"; "Bürgermeisterin" shares a part.
    assert_eq!(
        sample(&["Bürgerinitiative"]).ids()[0],
        text("2019-12-02-buergerinitiative-ascii")
    );
}

#[test]
fn any_word_may_match_and_more_matches_rank_first() {
    let results = sample(&["Sturmflut", "Nordsee", "Hafenpromenaden"]);
    assert_eq!(results.ids()[0], "html/2023-01-12-sturmflut-nordsee.html");
    let question = sample(&[
        "Wie",
        "hoch",
        "war",
        "die",
        "Wahlbeteiligung",
        "bei",
        "der",
        "Kommunalwahl?",
    ]);
    assert_eq!(
        question.ids()[0],
        text("2025-01-20-kommunalwahl-beteiligung")
    );
    assert!(
        question.total_hits >= 2,
        "OR semantics: {:?}",
        question.ids()
    );
}

#[test]
fn query_language_operators() {
    let must = sample(&["+Anschlag", "+Moskau"]);
    assert_eq!(must.ids(), [text("2024-03-25-konzerthalle-anschlag")]);
    let and = sample(&["Anschlag AND Moskau"]);
    assert_eq!(and.ids(), must.ids());
    let exclude = sample(&["Anschlag -Moskau -Ukraine"]);
    assert_eq!(exclude.total_hits, 4, "{:?}", exclude.ids());
    assert!(
        !exclude
            .ids()
            .contains(&text("2024-03-25-konzerthalle-anschlag").as_str())
    );
    let phrase = sample(&["\"Deiche halten\""]);
    assert_eq!(phrase.ids(), [text("1997-07-28-oder-hochwasser-cp1252")]);
    let broken_phrase = sample(&["\"halten Deiche\""]);
    assert_eq!(broken_phrase.total_hits, 0);
    let title = sample(&["title:Anschlag"]);
    assert_eq!(title.ids(), [text("2024-03-25-konzerthalle-anschlag")]);
    let or_not = sample(&["(Hochwasser OR Sturmflut) NOT Helfer"]);
    assert!(
        or_not
            .ids()
            .contains(&"html/2023-01-12-sturmflut-nordsee.html")
    );
    assert!(
        !or_not
            .ids()
            .contains(&text("1997-07-28-oder-hochwasser-cp1252").as_str())
    );
    let only_excluded = sample(&["--", "-Anschlag"]);
    assert_eq!(only_excluded.total_hits, 44 - 6);
}

#[test]
fn title_matches_rank_above_body_matches() {
    let results = sample(&["Hafen"]);
    assert_eq!(
        results.ids()[0],
        "markdown/2022-11-03-hafen-umschlag.md",
        "{:?}",
        results.ids()
    );
}

#[test]
fn agency_filter_takes_names_and_aliases_in_any_case() {
    let reuters = sample(&["--agency", "reuters"]);
    let expected = [
        "html/2025-06-21-hitzewelle-europa.html",
        "markdown/2022-11-03-hafen-umschlag.md",
        "markdown/en/2023-10-09-climate-summit.md",
        &text("2024-03-25-konzerthalle-anschlag"),
        &text("2024-09-10-raffinerie-schwedt"),
        "text/en/2024-03-04-refinery-fire.txt",
    ];
    assert_eq!(reuters.sorted_ids(), expected);
    assert!(
        reuters
            .hits
            .iter()
            .all(|hit| hit.agencies.contains(&"Reuters".to_owned()))
    );

    let associated = sample(&["--agency", "Associated Press"]);
    assert_eq!(
        associated.sorted_ids(),
        sample(&["--agency", "AP"]).sorted_ids()
    );
    assert_eq!(
        associated.sorted_ids(),
        [
            "html/en/2021-07-16-floods-germany.html",
            "text/en/2022-10-11-election-count.txt"
        ]
    );

    let either = sample(&["--agency", "TASS", "--agency", "xinhua"]);
    assert_eq!(
        either.sorted_ids(),
        [
            text("2023-04-17-erdbeben-xinhua"),
            text("2024-03-25-konzerthalle-anschlag")
        ]
    );
    let with_query = sample(&["Anschlag", "--agency", "Deutsche Presse-Agentur"]);
    assert_eq!(
        with_query.ids(),
        ["html/2024-06-03-flughafen-kontrollen.html"]
    );
}

#[test]
fn traps_are_not_agencies() {
    let person = sample(&["Michael Bloomberg"]);
    assert_eq!(person.hits[0].id, text("2023-06-12-stiftung-bloomberg"));
    assert_eq!(person.hits[0].agencies, ["Handelsblatt"]);
    let street = sample(&["Reuterstraße"]);
    assert_eq!(street.hits[0].agencies, Vec::<String>::new());
    let bloomberg = sample(&["--agency", "Bloomberg"]);
    assert!(
        !bloomberg
            .ids()
            .contains(&text("2023-06-12-stiftung-bloomberg").as_str())
    );
}

#[test]
fn unknown_agency_is_reported() {
    let output = SAMPLE
        .newsidx(&["search", "--agency", "Nirgendwo-Agentur"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("agency `Nirgendwo-Agentur` is not known"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn date_filters_are_inclusive_and_take_partial_dates() {
    let day = sample(&["--since", "2024-02-14", "--until", "2024-02-14"]);
    assert_eq!(day.ids(), [text("2024-02-14-grenzkontrollen-passau")]);
    let month = sample(&["--since", "2023-01", "--until", "2023-01"]);
    assert_eq!(month.ids(), ["html/2023-01-12-sturmflut-nordsee.html"]);
    let year = sample(&["--since", "1997", "--until", "1999"]);
    assert_eq!(year.ids(), [text("1997-07-28-oder-hochwasser-cp1252")]);
    let recent = sample(&["--since", "2025", "--limit", "100"]);
    assert!(
        recent
            .hits
            .iter()
            .all(|hit| hit.date.as_deref().unwrap_or_default() >= "2025")
    );
    // The 2025 municipal election article is dated by its closing credit `(mab, 20.1.2025)`.
    assert_eq!(recent.total_hits, 4, "{:?}", recent.ids());
    let combined = sample(&["Hochwasser", "--since", "2023"]);
    assert_eq!(combined.ids()[0], "html/2023-01-12-sturmflut-nordsee.html");
    assert!(
        combined
            .hits
            .iter()
            .all(|hit| hit.date.as_deref() >= Some("2023"))
    );
}

#[test]
fn without_query_everything_is_listed_newest_first() {
    let all = sample(&["--limit", "1000"]);
    assert_eq!(all.total_hits, 44);
    assert_eq!(all.query, None);
    let dates: Vec<&str> = all
        .hits
        .iter()
        .filter_map(|hit| hit.date.as_deref())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    assert!(all.hits.iter().all(|hit| hit.score.is_none()));
    let oldest = sample(&["--sort", "oldest", "--limit", "1"]);
    assert_eq!(oldest.ids(), [text("1997-07-28-oder-hochwasser-cp1252")]);
    // The 2024 report says `Hochwasserwarnung`, a compound with `Hochwasser` as its part.
    let newest_hits = sample(&["\"Hochwasser\"", "--sort", "newest"]);
    assert_eq!(
        newest_hits.ids(),
        [
            "json/crawl-2023-2024.jsonl:6",
            "html/2023-01-12-sturmflut-nordsee.html",
            &text("1997-07-28-oder-hochwasser-cp1252")
        ]
    );
    let oldest_hits = sample(&["Hochwasser", "--sort", "oldest"]);
    assert_eq!(
        oldest_hits.ids()[0],
        text("1997-07-28-oder-hochwasser-cp1252")
    );
    let dates: Vec<&str> = oldest_hits
        .hits
        .iter()
        .filter_map(|hit| hit.date.as_deref())
        .collect();
    assert!(dates.windows(2).all(|pair| pair[0] <= pair[1]), "{dates:?}");
}

#[test]
fn limit_and_offset_page_through_hits() {
    let all = sample(&["--limit", "1000"]);
    let page = sample(&["--limit", "5", "--offset", "10"]);
    assert_eq!(page.total_hits, 44);
    assert_eq!(page.ids(), all.ids()[10..15]);
    let past_end = sample(&["--offset", "1000000"]);
    assert_eq!(past_end.total_hits, 44);
    assert!(past_end.hits.is_empty());
    let none = sample(&["--limit", "0"]);
    assert!(none.hits.is_empty());
}

#[test]
fn json_hits_carry_every_field() {
    let results = sample(&["Konzerthalle"]);
    assert_eq!(results.query.as_deref(), Some("Konzerthalle"));
    let hit = &results.hits[0];
    assert_eq!(hit.id, text("2024-03-25-konzerthalle-anschlag"));
    assert!(
        hit.path
            .ends_with("sample_corpus/text/2024-03-25-konzerthalle-anschlag.txt")
    );
    assert_eq!(
        hit.title,
        "Nach dem Anschlag auf die Konzerthalle: Ermittler suchen Hintermänner"
    );
    assert_eq!(hit.date.as_deref(), Some("2024-03-25"));
    assert_eq!(hit.agencies, ["Reuters", "TASS"]);
    assert_eq!(hit.language.as_deref(), Some("de"));
    assert!(hit.score.is_some_and(|score| score > 0.0));
    // A passage, not just the matched word (regression: a tight fragment around the match).
    assert!(hit.snippet.chars().count() > 150, "{}", hit.snippet);
    let [start, end] = hit.highlights[0];
    let marked: String = hit.snippet.chars().skip(start).take(end - start).collect();
    assert_eq!(marked, "Konzerthalle");
    // The title's matches too, in characters of the title.
    let [start, end] = hit.title_highlights[0];
    let marked: String = hit.title.chars().skip(start).take(end - start).collect();
    assert_eq!(marked, "Konzerthalle");
    assert!(
        !hit.snippet.contains("Kommentar"),
        "debris in snippet: {}",
        hit.snippet
    );
}

#[test]
fn plain_output_marks_matches_and_shows_metadata() {
    let output = SAMPLE
        .newsidx(&["search", "Konzerthalle"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let out = stdout(&output);
    assert!(
        out.starts_with(
            "1. Nach dem Anschlag auf die **Konzerthalle**: Ermittler suchen Hintermänner\n"
        ),
        "{out}"
    );
    assert!(out.contains("2024-03-25 · Reuters, TASS · "), "{out}");
    assert!(
        out.contains("text/2024-03-25-konzerthalle-anschlag.txt"),
        "{out}"
    );
    assert!(out.contains("**Konzerthalle**"), "{out}");
    assert!(
        out.contains("\n1-1 of 1 hit (by relevance)\nsources: Reuters 1 · TASS 1\nlanguages: de 1\nyears: 2024 1\n"),
        "the summary, then the counts: {out}"
    );
    assert!(!out.contains('\u{1b}'), "no colour when piped: {out}");

    let coloured = SAMPLE
        .newsidx(&["search", "--color", "always", "Konzerthalle"])
        .output()
        .unwrap();
    let coloured = stdout(&coloured);
    assert!(coloured.contains('\u{1b}'), "{coloured}");
    assert!(!coloured.contains("**"), "{coloured}");
}

#[test]
fn exit_codes_follow_grep() {
    let hit = SAMPLE.newsidx(&["search", "Kajak"]).output().unwrap();
    assert_eq!(hit.status.code(), Some(0));
    let none = SAMPLE
        .newsidx(&["search", "Quantencomputer"])
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(1));
    assert!(stdout(&none).contains("no hits"), "{}", stdout(&none));
    let stop_words_only = SAMPLE.newsidx(&["search", "der die das"]).output().unwrap();
    assert_eq!(stop_words_only.status.code(), Some(1));
}

/// Runs `newsidx ARGS` and checks for exit code 2 with a one-line message containing `needle`.
fn assert_usage_error(workspace: &Workspace, args: &[&str], needle: &str) {
    let output = workspace.newsidx(args).output().unwrap();
    let errors = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {errors}");
    assert!(errors.contains(needle), "{args:?}: {errors}");
    assert_eq!(errors.trim_end().lines().count(), 1, "{args:?}: {errors}");
    assert!(!errors.contains("panicked"), "{errors}");
    assert_eq!(stdout(&output), "", "{args:?}");
}

#[test]
fn errors_are_one_line_with_exit_code_2() {
    let sample = &*SAMPLE;
    assert_usage_error(sample, &["search", "\"unbalanced"], "invalid query");
    assert_usage_error(sample, &["search", "nofield:wort"], "invalid query");
    assert_usage_error(
        sample,
        &["search", "--since", "2024-02-30"],
        "not a valid date",
    );
    assert_usage_error(sample, &["search", "--until", "letzte Woche"], "not a date");
    assert_usage_error(
        sample,
        &["search", "--since", "2024", "--until", "2023"],
        "after --until",
    );
    let empty = Workspace::new();
    assert_usage_error(&empty, &["search", "Anschlag"], "no index found");
    assert_usage_error(&empty, &["agencies"], "no index found");
    assert_usage_error(&empty, &["stats"], "no index found");
}

#[test]
fn issue_13_eval_warns_when_judgments_name_documents_the_index_lacks() {
    let workspace = Workspace::new();
    workspace.write("a.txt", "Deiche halten\n\nDie Deiche an der Oder halten.\n");
    workspace.write(
        "b.txt",
        "Brücke gesperrt\n\nDie Brücke über den Rhein ist gesperrt.\n",
    );
    assert!(workspace.index_corpus().status.success());
    std::fs::write(
        workspace.dir.path().join("queries.tsv"),
        "q1\tDeiche Oder\nq2\tBrücke Rhein\n",
    )
    .unwrap();
    let qrels = workspace.dir.path().join("qrels.txt");
    let eval = |judgments: &str| {
        std::fs::write(&qrels, judgments).unwrap();
        workspace
            .newsidx(&["eval", "--queries", "queries.tsv", "--qrels", "qrels.txt"])
            .output()
            .unwrap()
    };
    // Ids as search shows them: scored, no warning.
    let good = eval("q1 0 a.txt 1\nq2 0 b.txt 1\n");
    assert!(good.status.success());
    assert_eq!(stderr(&good), "");
    assert!(stdout(&good).contains("MRR@10 1.0000"), "{}", stdout(&good));
    // Paths instead of ids: every score 0, and a warning saying why.
    let paths = eval("q1 0 corpus/a.txt 1\nq2 0 b.txt 1\n");
    assert!(paths.status.success());
    assert!(
        stderr(&paths)
            .contains("1 of 2 relevant documents are not in the index (such as `corpus/a.txt`)"),
        "{}",
        stderr(&paths)
    );
}
