//! Hostile input (issue 12): files and queries built to exhaust the stack or the clock are
//! refused with a message, and everything else goes on.

use crate::util::{Workspace, stderr, stdout};

#[test]
fn issue_12_deeply_nested_html_is_reported_and_the_rest_indexed() {
    let workspace = Workspace::new();
    workspace.write(
        "deep.html",
        format!("<html><body>{}Text</body></html>", "<div>".repeat(30_000)),
    );
    workspace.write(
        "unclosed.html",
        format!("<html><body>{}", "<span><b><i>".repeat(20_000)),
    );
    workspace.write(
        "fine.txt",
        "Deiche halten\n\nDie Deiche an der Oder halten.\n",
    );
    for _ in 0..2 {
        let output = workspace.index_corpus();
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let messages = stderr(&output);
        assert!(
            messages.contains("deep.html: HTML nested more than 512 elements deep: not parsed"),
            "{messages}"
        );
        assert!(
            messages.contains("unclosed.html: HTML nested"),
            "{messages}"
        );
        assert_eq!(
            workspace.search(&["Deiche"]).total_hits,
            1,
            "{}",
            stdout(&output)
        );
    }
}

#[test]
fn issue_12_deeply_nested_queries_are_refused_with_a_message() {
    let workspace = Workspace::new();
    workspace.write("a.txt", "Deiche halten\n\nDie Deiche an der Oder halten.\n");
    assert!(workspace.index_corpus().status.success());
    let parentheses = format!("{}Deiche{}", "(".repeat(3_000), ")".repeat(3_000));
    let nots = format!("Oder {}Deiche", "NOT ".repeat(2_000));
    for query in [parentheses.as_str(), nots.as_str()] {
        let output = workspace
            .newsidx(&["search", "--", query])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        let message = stderr(&output);
        assert!(
            message.contains("nested more than 64 levels deep"),
            "{message}"
        );
        assert_eq!(message.lines().count(), 1, "{message}");
    }
    // Moderate nesting still works.
    let fine = workspace.search(&["((Deiche OR Dämme) AND NOT Elbe)"]);
    assert_eq!(fine.total_hits, 1);
}

#[test]
fn and_not_excludes_instead_of_matching_nothing() {
    // `a AND NOT b` found nothing at all: tantivy reads it as `+a +(-b)`.
    let workspace = Workspace::new();
    workspace.write("a.txt", "Deiche halten\n\nDie Deiche am Fluss halten.\n");
    workspace.write(
        "b.txt",
        "Deiche brechen\n\nDie Deiche an der Elbe brechen.\n",
    );
    assert!(workspace.index_corpus().status.success());
    for query in ["Deiche AND NOT Elbe", "(Deiche OR Dämme) AND NOT Elbe"] {
        assert_eq!(
            workspace.search(&[query]).sorted_ids(),
            ["a.txt"],
            "{query}"
        );
    }
    assert_eq!(workspace.search(&["Deiche -Elbe"]).sorted_ids(), ["a.txt"]);
}
