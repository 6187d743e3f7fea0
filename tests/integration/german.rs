//! German search behaviour end to end on `sample_corpus/`: compounds, inflection, spelling
//! variants, English stemming, languages and spelling help.

use crate::util::{SAMPLE, search_json, stdout, text};

/// `search --json ARGS` against the sample-corpus index.
fn sample(args: &[&str]) -> crate::util::SearchOutput {
    search_json(SAMPLE.newsidx(&[]), args)
}

#[test]
fn a_word_finds_the_compounds_it_is_part_of() {
    // The article has "Anschlagspläne", "Selbstmordanschlag" and "Bombenanschlag", never
    // "Anschlag" on its own.
    let compounds_only = text("2016-07-26-anschlagsplaene-vereitelt");
    assert!(
        sample(&["Anschlag"])
            .ids()
            .contains(&compounds_only.as_str())
    );
    assert!(sample(&["Bombe"]).ids().contains(&compounds_only.as_str()));
    // "Kontrolle" finds "Grenzkontrollen" and "Sicherheitskontrollen".
    let control = sample(&["Kontrolle", "--limit", "20"]);
    for id in [
        text("2024-02-14-grenzkontrollen-passau"),
        compounds_only.clone(),
        text("2023-11-08-warnung-vor-anschlaegen"),
        "html/2024-06-03-flughafen-kontrollen.html".to_owned(),
    ] {
        assert!(
            control.ids().contains(&id.as_str()),
            "{id} missing from {:?}",
            control.ids()
        );
    }
}

#[test]
fn the_whole_word_ranks_above_a_part() {
    // Only the Passau article has "Kontrollen" itself (and "Grenzkontrollen" too).
    let control = sample(&["Kontrollen"]);
    assert_eq!(control.ids()[0], text("2024-02-14-grenzkontrollen-passau"));
    let part = control
        .hits
        .iter()
        .find(|hit| hit.id == text("2016-07-26-anschlagsplaene-vereitelt"))
        .expect("compound-only article found");
    assert!(part.score < control.hits[0].score);
}

#[test]
fn a_compound_in_the_query_finds_its_parts() {
    // No article has "Hafenumschlag"; one has "Hafen" and "Umschlag".
    let split_query = sample(&["Hafenumschlag"]);
    assert_eq!(
        split_query.ids()[0],
        "markdown/2022-11-03-hafen-umschlag.md"
    );
}

#[test]
fn compounds_are_highlighted_whole() {
    let output = SAMPLE
        .newsidx(&["search", "Anschlag", "--since", "2016", "--until", "2016"])
        .output()
        .unwrap();
    let out = stdout(&output);
    assert!(out.contains("**Anschlagspläne**"), "{out}");
    assert!(out.contains("**Selbstmordanschlag**"), "{out}");
}

#[test]
fn english_articles_are_stemmed_as_english() {
    let refineries = sample(&["refineries"]);
    assert_eq!(refineries.ids()[0], "text/en/2024-03-04-refinery-fire.txt");
    assert_eq!(
        sample(&["refinery"]).ids()[0],
        "text/en/2024-03-04-refinery-fire.txt"
    );
    // The German article about a Raffinerie is found by its German inflections.
    assert_eq!(
        sample(&["Raffinerien"]).ids()[0],
        text("2024-09-10-raffinerie-schwedt")
    );
    let flooding = sample(&["flooded", "towns"]);
    assert_eq!(flooding.ids()[0], "html/en/2021-07-16-floods-germany.html");
}

#[test]
fn lang_filters_by_language() {
    let english = sample(&["--lang", "en", "--limit", "100"]);
    assert_eq!(english.total_hits, 6);
    assert!(
        english
            .hits
            .iter()
            .all(|hit| hit.language.as_deref() == Some("en"))
    );
    let both = sample(&["--lang", "en", "--lang", "DE", "--limit", "100"]);
    assert_eq!(both.total_hits, 44);
    assert_eq!(sample(&["--lang", "fr"]).total_hits, 0);
}

#[test]
fn a_query_without_hits_suggests_words_the_index_holds() {
    let german = sample(&["Anschlg"]);
    assert_eq!(german.total_hits, 0);
    assert_eq!(german.suggestion.as_deref(), Some("Anschlag"));
    let two_words = sample(&["Raffinerie", "Schwedd"]);
    assert_eq!(two_words.total_hits, 1, "any word may match");
    assert_eq!(
        two_words.suggestion, None,
        "only queries without hits get help"
    );
    let english = sample(&["refinary"]);
    assert_eq!(english.suggestion.as_deref(), Some("refinery"));
    assert_eq!(sample(&["Quantencomputer"]).suggestion, None);

    let output = SAMPLE.newsidx(&["search", "Kontrole"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("meinten Sie: Kontrollen?"),
        "{}",
        stdout(&output)
    );
    let output = SAMPLE.newsidx(&["search", "refinary"]).output().unwrap();
    assert!(
        stdout(&output).contains("did you mean: refinery?"),
        "{}",
        stdout(&output)
    );
}
