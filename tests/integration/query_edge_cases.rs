//! Hostile and odd queries and options: a one-line message and exit code 2, or a sensible
//! (possibly empty) result; never a panic.

use crate::util::{SAMPLE, Workspace, stderr, stdout};

/// Runs `newsidx search ARGS` on the sample index; returns (exit code, stdout, stderr) after
/// checking that nothing panicked and that an error is one line.
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    let output = SAMPLE.newsidx(&all).output().unwrap();
    let (out, errors) = (stdout(&output), stderr(&output));
    assert!(!errors.contains("panicked"), "{args:?}: {errors}");
    if output.status.code() == Some(2) {
        // One line; a usage error adds clap's usage line.
        let lines: Vec<&str> = errors.trim_end().lines().collect();
        assert!(
            lines.len() == 1 || (lines.len() == 2 && lines[1].starts_with("Usage: newsidx ")),
            "{args:?}: {errors}"
        );
        assert!(out.is_empty(), "{args:?}: {out}");
    }
    (output.status.code(), out, errors)
}

#[test]
fn unbalanced_quotes_and_parentheses_say_what_is_wrong() {
    for (query, says) in [
        ("\"Anschlag in", "a quotation mark is not closed"),
        ("(Anschlag OR Brand", "a `(` is not closed"),
        ("Anschlag) OR Brand", "a `)` has no `(`"),
        ("title:(Anschlag", "a `(` is not closed"),
        ("Anschlag AND", "syntax error"),
    ] {
        let (code, _, errors) = run(&[query]);
        assert_eq!(code, Some(2), "{query}: {errors}");
        assert!(
            errors.contains(&format!("invalid query `{query}`: {says}")),
            "{errors}"
        );
    }
}

#[test]
fn unknown_fields_list_the_known_ones() {
    let (code, _, errors) = run(&["ort:Berlin"]);
    assert_eq!(code, Some(2));
    assert!(
        errors.contains("fields are title, body, tags, author"),
        "{errors}"
    );
}

#[test]
fn a_ten_thousand_character_query_is_answered_and_not_echoed() {
    let words = ["Anschlag", "Straße", "Polizei", "Grenze", "Zzyzxq"];
    let query: String = (0..2_000)
        .map(|i| format!("{}{} ", words[i % words.len()], i))
        .collect::<String>()
        .chars()
        .take(10_000)
        .collect();
    let (code, out, errors) = run(&[&query]);
    assert_eq!(code, Some(1), "{errors}");
    assert!(out.starts_with("no hits"), "{}", &out[..out.len().min(300)]);
    assert!(
        out.len() < 200,
        "no suggestion for a pasted paragraph: {} bytes",
        out.len()
    );
    // Many real words: found, ranked.
    let long: String = "Anschlag Konzerthalle ".repeat(450);
    let (code, out, _) = run(&["--limit", "1", &long]);
    assert_eq!(code, Some(0));
    assert!(out.contains("Konzerthalle"), "{out}");
    // A syntax error in a long query is shown shortened.
    let broken = format!("({}", "Anschlag ".repeat(1_200));
    let (code, _, errors) = run(&[&broken]);
    assert_eq!(code, Some(2));
    assert!(errors.len() < 400, "{} bytes of message", errors.len());
}

#[test]
fn a_query_of_stop_words_only_finds_nothing() {
    let (code, out, _) = run(&["der die das und"]);
    assert_eq!(code, Some(1));
    assert!(out.starts_with("no hits"), "{out}");
}

#[test]
fn limit_zero_counts_without_listing() {
    let (code, out, _) = run(&["Anschlag", "--limit", "0"]);
    assert_eq!(code, Some(0));
    assert!(out.starts_with("6 hits, none shown"), "{out}");
    let json = SAMPLE.search(&["Anschlag", "--limit", "0"]);
    assert!(json.total_hits > 0);
    assert!(json.hits.is_empty());
}

#[test]
fn huge_limits_and_offsets_are_sensible() {
    let max = usize::MAX.to_string();
    let (code, out, errors) = run(&["Anschlag", "--limit", &max]);
    assert_eq!(code, Some(0), "{errors}");
    assert!(out.contains("6. "), "every hit is listed: {out}");
    let (code, out, errors) = run(&["Anschlag", "--offset", &max]);
    assert_eq!(code, Some(0), "{errors}");
    assert!(out.starts_with("6 hits, none shown from offset"), "{out}");
    let paged = SAMPLE.search(&["Anschlag", "--offset", &max, "--limit", &max]);
    assert!(paged.hits.is_empty());
    let (code, _, errors) = run(&["Anschlag", "--offset", "99999999999999999999999"]);
    assert_eq!(code, Some(2), "{errors}");
    assert!(errors.contains("--offset"), "{errors}");
}

#[test]
fn impossible_and_reversed_dates_are_refused() {
    for (args, says) in [
        (vec!["--since", "2024-02-30"], "not a valid date"),
        (vec!["--until", "2023-13"], "not a valid date"),
        (vec!["--since", "2024-00-10"], "not a valid date"),
        (
            vec!["--since", "-5"],
            "unexpected argument '-5' found (to pass '-5' as a value, use '-- -5')",
        ),
        (vec!["--since", "5."], "not a date"),
        (
            vec!["--since", "2024", "--until", "2023-12-31"],
            "after --until",
        ),
    ] {
        let mut all = vec!["Anschlag"];
        all.extend(args.iter());
        let (code, _, errors) = run(&all);
        assert_eq!(code, Some(2), "{args:?}: {errors}");
        assert!(errors.contains(says), "{args:?}: {errors}");
    }
    // The same day on both sides is one day, not an error.
    let (code, _, errors) = run(&["--since", "2024-03-25", "--until", "2024-03-25"]);
    assert!(matches!(code, Some(0 | 1)), "{errors}");
}

/// Found by the `query` fuzz target: a year before 1678 or after 2262 overflowed tantivy's
/// nanosecond dates (a panic in a debug build, a wrong bound in a release build).
#[test]
fn periods_beyond_any_indexed_date_bound_nothing() {
    let dated = |args: &[&str]| {
        let mut all = vec!["--limit", "1000"];
        all.extend_from_slice(args);
        SAMPLE.search(&all).sorted_ids().join(" ")
    };
    let all_dated = dated(&["--since", "1800", "--until", "2200"]);
    assert!(!all_dated.is_empty());
    assert_eq!(dated(&["--since", "2", "--until", "9999"]), all_dated);
    assert_eq!(dated(&["--since", "1500"]), dated(&["--since", "1800"]));
    assert_eq!(dated(&["--until", "0001"]), "");
    assert_eq!(dated(&["--since", "9000"]), "");
    for args in [["--since", "0001"], ["--until", "9999"]] {
        let (code, _, errors) = run(&["Anschlag", args[0], args[1]]);
        assert_eq!(code, Some(0), "{args:?}: {errors}");
    }
}

#[test]
fn an_empty_index_answers_every_query_with_nothing() {
    let workspace = Workspace::new();
    workspace.write("empty.txt", "");
    let output = workspace.index_corpus();
    assert!(output.status.success(), "{}", stderr(&output));
    for query in [
        "Anschlag",
        "title:Anschlag",
        "\"ganz leer\"",
        "-Anschlag",
        "",
    ] {
        let result = workspace.search(&["--", query]);
        assert_eq!(result.total_hits, 0, "{query}");
    }
}

#[test]
fn issue_12_the_last_day_of_year_9999_is_a_bound_not_an_overflow() {
    let (code, _, errors) = run(&["Anschlag", "--since", "9999-12-31"]);
    assert_eq!(code, Some(1), "{errors}");
    assert!(errors.is_empty(), "{errors}");
    let until = SAMPLE.search(&["Anschlag", "--until", "9999-12-31"]);
    assert!(until.total_hits > 0);
}

#[cfg(target_os = "linux")]
#[test]
fn issue_12_a_full_standard_output_says_what_failed() {
    let full = std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = SAMPLE
        .process(&["search", "Anschlag"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "newsidx: cannot write to standard output: No space left on device (os error 28)\n"
    );
}

#[test]
fn issue_13_dates_as_german_speakers_type_them() {
    let iso = SAMPLE.search(&["--since", "2023-11-08", "--until", "2024-03-25"]);
    let german = SAMPLE.search(&["--since", "8.11.2023", "--until", "25.3.24"]);
    assert!(iso.total_hits > 0);
    assert_eq!(german.sorted_ids(), iso.sorted_ids());
    let (code, _, errors) = run(&["--since", "31.2.2024"]);
    assert_eq!(code, Some(2));
    assert!(
        errors.contains("`31.2.2024` is not a valid date"),
        "{errors}"
    );
}

#[test]
fn issue_13_lang_takes_codes_and_names_and_refuses_what_is_no_language() {
    let de = SAMPLE.search(&["Anschlag", "--lang", "de"]);
    for spelling in ["deu", "DE", "de-AT", "German"] {
        let other = SAMPLE.search(&["Anschlag", "--lang", spelling]);
        assert_eq!(other.sorted_ids(), de.sorted_ids(), "{spelling}");
    }
    let (code, _, errors) = run(&["Anschlag", "--lang", "xx"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        errors,
        "newsidx: --lang: `xx` is not a language code: use an ISO 639-1 code such as de, en or fr\n"
    );
}

#[test]
fn issue_13_a_date_range_says_how_many_undated_matches_it_left_out() {
    let all = SAMPLE.search(&["--limit", "1000"]);
    let undated = all.hits.iter().filter(|hit| hit.date.is_none()).count();
    assert!(undated > 0, "the sample corpus has undated articles");
    let (_, _, message) = run(&["--since", "2020", "--limit", "0"]);
    let expected = match undated {
        1 => {
            "newsidx: 1 matching article has no publication date and was left out by the date range"
                .to_owned()
        }
        _ => format!(
            "newsidx: {undated} matching articles have no publication date and were left out by the date range"
        ),
    };
    assert!(message.contains(&expected), "{message}");
    // Without a period nothing is left out, and nothing is said.
    let (_, _, plain) = run(&["--limit", "0"]);
    assert_eq!(plain, "");
}
