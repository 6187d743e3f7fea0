//! The parameters of an API request, read from its query string: names each endpoint takes,
//! values that may repeat (`agency=dpa&agency=APA`), whole numbers, and a message naming the
//! parameter for anything else.

use axum::http::StatusCode;

use super::api::ApiError;

/// Longest query text in characters; longer ones get a 413.
pub const MAX_QUERY_CHARS: usize = 1_000;

/// The decoded parameters of one request.
#[derive(Debug, Default)]
pub struct Params {
    /// Name and value pairs in order, empty values included.
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Decodes `query` (the part of the target after `?`), refusing names not in `allowed`.
    pub fn parse(query: Option<&str>, allowed: &[&str]) -> Result<Params, ApiError> {
        let mut pairs = Vec::new();
        for (name, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            if !allowed.contains(&name.as_ref()) {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter `{name}`: this endpoint takes {}",
                    allowed.join(", ")
                )));
            }
            pairs.push((name.into_owned(), value.into_owned()));
        }
        Ok(Params { pairs })
    }

    /// How many times `name` is given, empty values included.
    pub fn count(&self, name: &str) -> usize {
        self.pairs.iter().filter(|(key, _)| key == name).count()
    }

    /// Every value of `name`, in order; empty ones (an empty form field) are left out.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(key, value)| key == name && !value.trim().is_empty())
            .map(|(_, value)| value.clone())
            .collect()
    }

    /// The value of `name`, which may be given once; an empty one counts as absent.
    pub fn one(&self, name: &str) -> Result<Option<&str>, ApiError> {
        Ok(self.exact(name)?.filter(|value| !value.trim().is_empty()))
    }

    /// The value of `name` as given (empty included), which may be given once.
    fn exact(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let mut values = self
            .pairs
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str());
        let first = values.next();
        if values.next().is_some() {
            return Err(ApiError::bad_request(format!(
                "`{name}` is given more than once; it takes one value"
            )));
        }
        Ok(first)
    }

    /// The whole number `name`, `default` when absent, at most `max`.
    pub fn number(&self, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        let Some(text) = self.exact(name)? else {
            return Ok(default);
        };
        let value: usize = text.trim().parse().map_err(|_| {
            ApiError::bad_request(format!("`{name}` must be a whole number, not `{text}`"))
        })?;
        if value > max {
            return Err(ApiError::bad_request(format!(
                "`{name}` must be at most {max}, not {value}"
            )));
        }
        Ok(value)
    }

    /// The query text `name` (`None` when absent), refused when over [`MAX_QUERY_CHARS`].
    pub fn query_text(&self, name: &str) -> Result<Option<String>, ApiError> {
        self.one(name)?.map(checked_query).transpose()
    }

    /// Every query text `name`, each checked as [`Params::query_text`] does.
    pub fn query_texts(&self, name: &str) -> Result<Vec<String>, ApiError> {
        self.all(name)
            .iter()
            .map(|text| checked_query(text))
            .collect()
    }

    /// One of `choices` for `name`, `None` when absent.
    pub fn choice<'a>(&self, name: &str, choices: &[&'a str]) -> Result<Option<&'a str>, ApiError> {
        let Some(text) = self.exact(name)? else {
            return Ok(None);
        };
        choices
            .iter()
            .find(|choice| choice.eq_ignore_ascii_case(text.trim()))
            .copied()
            .map(Some)
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "`{name}` must be one of {}, not `{text}`",
                    choices.join(", ")
                ))
            })
    }
}

/// `text` trimmed, refused when longer than [`MAX_QUERY_CHARS`].
fn checked_query(text: &str) -> Result<String, ApiError> {
    let chars = text.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the query is {chars} characters long; at most {MAX_QUERY_CHARS} are taken"),
        ));
    }
    Ok(text.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_and_empty_values() {
        let params = Params::parse(
            Some("q=Hochwasser&agency=dpa&agency=APA&lang=&limit=20"),
            &["q", "agency", "lang", "limit"],
        )
        .unwrap();
        assert_eq!(params.all("agency"), ["dpa", "APA"]);
        assert!(params.all("lang").is_empty());
        assert_eq!(params.one("lang").unwrap(), None);
        assert_eq!(params.one("q").unwrap(), Some("Hochwasser"));
        assert_eq!(params.number("limit", 10, 100).unwrap(), 20);
        assert_eq!(params.number("offset", 0, 100), Ok(0));
        assert!(params.one("agency").is_err());
    }

    #[test]
    fn messages_name_the_parameter() {
        let error = Params::parse(Some("q=x&colour=red"), &["q"]).unwrap_err();
        assert_eq!(error.status, StatusCode::BAD_REQUEST);
        assert!(error.message.contains("`colour`"), "{}", error.message);
        let params = Params::parse(Some("limit=ten&n=500&sort="), &["limit", "n", "sort"]).unwrap();
        // An empty choice is no choice: it is refused, not taken as the default.
        assert!(
            params
                .choice("sort", &["newest"])
                .unwrap_err()
                .message
                .contains("not ``")
        );
        assert!(
            params
                .number("limit", 10, 100)
                .unwrap_err()
                .message
                .contains("`ten`")
        );
        assert!(
            params
                .number("n", 10, 100)
                .unwrap_err()
                .message
                .contains("at most 100")
        );
        let long = format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1));
        let params = Params::parse(Some(&long), &["q"]).unwrap();
        assert_eq!(
            params.query_text("q").unwrap_err().status,
            StatusCode::PAYLOAD_TOO_LARGE
        );
    }

    #[test]
    fn percent_and_plus_decoding() {
        let params = Params::parse(Some("q=Stra%C3%9Fe+%22Wien%22"), &["q"]).unwrap();
        assert_eq!(params.one("q").unwrap(), Some("Straße \"Wien\""));
    }
}
