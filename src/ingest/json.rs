//! JSON articles: `.json` (one object or an array of objects) and `.jsonl`/`.ndjson` (one
//! object per line), as crawlers such as news-please write them.
//!
//! Each entry is parsed on its own, so one broken line or element is reported with its line
//! number while the others are indexed. Field names are mapped by [`super::metadata`].

use serde_json::Value;
use serde_json::value::RawValue;

use super::metadata::draft_from;
use super::{Draft, Entries, Problem, Rejection};

/// Parses a `.json` file: one article object, or an array of them (one entry each, with the
/// line each element starts on).
pub fn parse_document(text: &str) -> Result<Entries, Rejection> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        let elements: Vec<&RawValue> = serde_json::from_str(text)
            .map_err(|error| Rejection::Fail(json_problem(&error, error.line())))?;
        let several = elements.len() > 1;
        let mut lines = LineCounter::new(text);
        return Ok(elements
            .into_iter()
            .map(|raw| {
                let line = lines.line_of(raw.get());
                entry(raw.get(), several.then_some(line), line)
            })
            .collect());
    }
    let value: Value = serde_json::from_str(text)
        .map_err(|error| Rejection::Fail(json_problem(&error, error.line())))?;
    Ok(vec![object_entry(&value, None, 1)])
}

/// Parses a `.jsonl` file: every non-blank line is one article.
pub fn parse_lines(text: &str) -> Entries {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| entry(line, Some(index + 1), index + 1))
        .collect()
}

/// Parses one JSON entry; `id_line` becomes part of the id, `line` locates problems.
pub(super) fn entry(json: &str, id_line: Option<usize>, line: usize) -> Result<Draft, Problem> {
    let value: Value = serde_json::from_str(json).map_err(|error| json_problem(&error, line))?;
    object_entry(&value, id_line, line)
}

/// Turns a parsed JSON value into a draft; it must be an object with some text.
fn object_entry(value: &Value, id_line: Option<usize>, line: usize) -> Result<Draft, Problem> {
    let Value::Object(object) = value else {
        return Err(Problem::new(
            Some(line),
            format!("expected an article object, found {}", kind(value)),
        ));
    };
    let mut draft = draft_from(object);
    draft.line = id_line;
    if draft.body.trim().is_empty() {
        return Err(Problem::new(
            Some(line),
            "no article text (expected one of maintext, text, body, content, description)",
        ));
    }
    Ok(draft)
}

/// A JSON syntax error at file line `line`: serde's message without its own position (which
/// counts from the entry, not the file), plus the column.
fn json_problem(error: &serde_json::Error, line: usize) -> Problem {
    let message = error.to_string();
    let message = message
        .rfind(" at line ")
        .map_or(message.as_str(), |end| &message[..end]);
    Problem::new(
        Some(line),
        format!("invalid JSON: {message} (column {})", error.column()),
    )
}

/// The JSON type of `value`, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Lines of slices borrowed from one text, asked in the order they appear: each question
/// counts only the newlines since the last one, so a whole array costs one pass (counting from
/// the start for every element made 40,000 elements take 24 s).
struct LineCounter<'a> {
    /// The whole text.
    text: &'a str,
    /// Where the last question was, in bytes.
    offset: usize,
    /// The 1-based line at `offset`.
    line: usize,
}

impl<'a> LineCounter<'a> {
    /// A counter at the start of `text`.
    fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// 1-based line on which `part` (a slice borrowed from the text, at or after the last
    /// one asked about) starts.
    fn line_of(&mut self, part: &str) -> usize {
        let offset = (part.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            // Out of order: count from the start.
            (self.offset, self.line) = (0, 1);
        }
        self.line += self.text.as_bytes()[self.offset..offset]
            .iter()
            .filter(|&&byte| byte == b'\n')
            .count();
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_array_elements_in_one_pass() {
        let text = "[\n{\"a\": 1},\n\n{\"b\": 2}, {\"c\": 3}\n]";
        let mut lines = LineCounter::new(text);
        let at = |needle: &str| &text[text.find(needle).unwrap()..];
        assert_eq!(lines.line_of(at("{\"a")), 2);
        assert_eq!(lines.line_of(at("{\"b")), 4);
        assert_eq!(lines.line_of(at("{\"c")), 4);
        assert_eq!(lines.line_of(at("{\"a")), 2);
    }

    #[test]
    fn single_object() {
        let entries = parse_document(r#"{"title": "T", "text": "Body."}"#).unwrap();
        assert_eq!(entries.len(), 1);
        let draft = entries[0].as_ref().unwrap();
        assert_eq!(draft.body, "Body.");
        assert_eq!(draft.line, None);
    }

    #[test]
    fn array_reports_bad_element_with_its_line() {
        let text = "[\n  {\"title\": \"A\", \"text\": \"a\"},\n  {\"title\": \"B\"},\n  {\"title\": \"C\", \"text\": \"c\"}\n]";
        let entries = parse_document(text).unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].as_ref().unwrap().line, Some(2));
        assert_eq!(entries[1].as_ref().unwrap_err().line, Some(3));
        assert_eq!(entries[2].as_ref().unwrap().line, Some(4));
    }

    #[test]
    fn broken_document_is_one_failure_with_line() {
        let Err(Rejection::Fail(problem)) = parse_document("{\n\"title\": \"A\",\n") else {
            panic!("expected a failure");
        };
        assert_eq!(problem.line, Some(3));
        assert_eq!(
            problem.message,
            "invalid JSON: EOF while parsing a value (column 0)"
        );
    }

    #[test]
    fn lines_keep_going_after_a_broken_line() {
        let text = "{\"title\": \"A\", \"text\": \"a\"}\n{broken\n\n[1]\n{\"title\": \"B\", \"maintext\": \"b\"}\n";
        let entries = parse_lines(text);
        assert_eq!(entries.len(), 4);
        assert_eq!(entries[0].as_ref().unwrap().line, Some(1));
        assert_eq!(entries[1].as_ref().unwrap_err().line, Some(2));
        let not_object = entries[2].as_ref().unwrap_err();
        assert_eq!(not_object.line, Some(4));
        assert!(not_object.message.contains("found an array"));
        assert_eq!(entries[3].as_ref().unwrap().line, Some(5));
    }
}
