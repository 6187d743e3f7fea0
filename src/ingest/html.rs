//! HTML articles (`.html`, `.htm`): whole web pages as a browser or crawler saved them.
//!
//! Metadata is read from the page head before anything else: the title from `og:title`, the
//! JSON-LD `headline`, the first `<h1>` or `<title>`; the date from `article:published_time`,
//! JSON-LD `datePublished` or `<time datetime>`; authors from meta tags or JSON-LD. The body is
//! the article's main text only, found by `dom_smoothie`, a port of Mozilla's Readability
//! (chosen over `trafilatura`, which drops the time of day, and over hand-written selectors,
//! which fail on the next site): navigation, cookie banners, scripts, styles, related-article
//! boxes, comment sections and footers stay out. Both share one `dom_query` parse.

use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};
use serde_json::Value;

use super::dates::parse_date;
use super::{Draft, Problem, Rejection};

/// Elements that are never article text, whatever their score: page furniture, consent and
/// newsletter boxes, sharing and comment widgets, related-article teasers.
const BOILERPLATE: &str = "script, style, noscript, template, nav, footer, aside, form, iframe, \
    [class*='cookie'], [id*='cookie'], [class*='consent'], [id*='consent'], \
    [class*='newsletter'], [id*='newsletter'], [class*='share'], [class*='social'], \
    [class*='comment'], [id*='comment'], [class*='related'], [id*='related'], \
    [class*='teaser-list'], [class*='advert'], [id*='advert'], [class*='paywall'], \
    [role='navigation'], [role='contentinfo'], [aria-label*='Kommentar']";

/// Fewest characters of main text for a page to count as an article.
const MIN_ARTICLE_CHARS: usize = 20;

/// Deepest nesting of elements a page may have. Real pages stay well under a hundred; the
/// parser and Readability walk the tree recursively, so a page of thousands of nested tags
/// overflowed the stack (aborting the whole run) after quadratic time.
pub const MAX_DEPTH: usize = 512;

/// Parses an HTML page into a draft; a page without article text is skipped, one nested
/// deeper than [`MAX_DEPTH`] is refused before it is parsed.
pub fn parse(html: &str) -> Result<Draft, Rejection> {
    if nesting_exceeds(html, MAX_DEPTH) {
        return Err(Rejection::Fail(Problem::new(
            None,
            format!("HTML nested more than {MAX_DEPTH} elements deep: not parsed"),
        )));
    }
    let document = Document::from(html);
    let json_ld = json_ld_article(&document);
    let ld = |key: &str| json_ld.as_ref().and_then(|article| article.get(key));

    let title = meta(&document, "meta[property='og:title']")
        .or_else(|| ld("headline").and_then(string_of))
        .or_else(|| element_text(&document, "h1"))
        .or_else(|| element_text(&document, "title"));
    let published = meta(&document, "meta[property='article:published_time']")
        .or_else(|| ld("datePublished").and_then(string_of))
        .or_else(|| attribute(&document, "time[datetime]", "datetime"))
        .or_else(|| meta(&document, "meta[name='date']"))
        .and_then(|text| parse_date(&text));
    let mut authors: Vec<String> = ld("author").map(names_of).unwrap_or_default();
    if authors.is_empty() {
        authors.extend(meta(&document, "meta[name='author']"));
    }
    let url = attribute(&document, "link[rel='canonical']", "href")
        .or_else(|| meta(&document, "meta[property='og:url']"))
        .or_else(|| ld("url").and_then(string_of));
    let language =
        attribute(&document, "html[lang]", "lang").or_else(|| ld("inLanguage").and_then(string_of));
    let tags = meta(&document, "meta[name='keywords']")
        .map(|keywords| {
            keywords
                .split(',')
                .map(|tag| tag.trim().to_owned())
                .collect()
        })
        .unwrap_or_default();
    let credits = meta(&document, "meta[name='source']").into_iter().collect();

    // Readability scores text blocks; boxes that are never the article go before it looks.
    document.select(BOILERPLATE).remove();
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let body = Readability::with_document(document, None, Some(config))
        .and_then(|mut readability| readability.parse())
        .map(|article| article.text_content.to_string())
        .unwrap_or_default();
    let body = tidy(&body);
    if body.chars().count() < MIN_ARTICLE_CHARS {
        return Err(Rejection::Skip("no article text found in HTML page".into()));
    }
    Ok(Draft {
        title,
        body,
        published,
        authors,
        url,
        language,
        tags,
        credits,
        ..Draft::default()
    })
}

/// The `content` of the first element matching `selector`, trimmed, if not empty.
fn meta(document: &Document, selector: &str) -> Option<String> {
    attribute(document, selector, "content")
}

/// The attribute `name` of the first element matching `selector`, trimmed, if not empty.
fn attribute(document: &Document, selector: &str, name: &str) -> Option<String> {
    let value = document.select(selector).first().attr(name)?;
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// The text of the first element matching `selector`, white space collapsed, if not empty.
fn element_text(document: &Document, selector: &str) -> Option<String> {
    let text = super::collapse_whitespace(&document.select(selector).first().text());
    (!text.is_empty()).then_some(text)
}

/// The first JSON-LD object of an article type (`NewsArticle`, `Article`, …), looking into
/// arrays and `@graph`.
fn json_ld_article(document: &Document) -> Option<Value> {
    document
        .select("script[type='application/ld+json']")
        .iter()
        .filter_map(|script| serde_json::from_str::<Value>(&script.text()).ok())
        .find_map(find_article)
}

/// Searches `value` for an object whose `@type` names an article.
fn find_article(value: Value) -> Option<Value> {
    match value {
        Value::Array(items) => items.into_iter().find_map(find_article),
        Value::Object(mut object) => {
            let is_article = match object.get("@type") {
                Some(Value::String(kind)) => kind.ends_with("Article"),
                Some(Value::Array(kinds)) => kinds
                    .iter()
                    .any(|kind| kind.as_str().is_some_and(|k| k.ends_with("Article"))),
                _ => false,
            };
            if is_article {
                return Some(Value::Object(object));
            }
            object.remove("@graph").and_then(find_article)
        }
        _ => None,
    }
}

/// A JSON-LD string value, trimmed, if not empty.
fn string_of(value: &Value) -> Option<String> {
    let text = value.as_str()?.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Names from a JSON-LD `author`: a string, a `Person` object, or a list of either.
fn names_of(value: &Value) -> Vec<String> {
    match value {
        Value::String(name) => vec![name.trim().to_owned()],
        Value::Object(person) => person.get("name").and_then(string_of).into_iter().collect(),
        Value::Array(items) => items.iter().flat_map(names_of).collect(),
        _ => Vec::new(),
    }
}

/// Trims every line, and keeps at most one blank line between paragraphs.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push('\n');
        }
        blank = false;
        out.push_str(line);
    }
    out
}

/// True when the elements of `html` nest deeper than `limit`, by a scan of its tags that
/// needs no parse: void elements and those a new sibling closes (`<p>`, `<li>`, table cells)
/// do not count, nor do comments and the contents of `<script>` and `<style>`.
fn nesting_exceeds(html: &str, limit: usize) -> bool {
    const FLAT: [&str; 22] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "param",
    ];
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found + 1;
        at = start;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = start + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|byte| byte.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        if closing {
            if !FLAT.contains(&name.as_str()) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        let tag_end = html[name_start..].find('>').map(|end| name_start + end);
        if name == "script" || name == "style" {
            // Raw text: skip to the closing tag.
            let closes = |from: &usize| {
                bytes[*from + 2..]
                    .get(..name.len())
                    .is_some_and(|next| next.eq_ignore_ascii_case(name.as_bytes()))
            };
            match html[start..]
                .match_indices("</")
                .map(|(end, _)| start + end)
                .find(closes)
            {
                Some(end) => at = end + 2,
                None => return false,
            }
            continue;
        }
        let self_closing = tag_end.is_some_and(|end| end > 0 && bytes[end - 1] == b'/');
        if !self_closing && !FLAT.contains(&name.as_str()) {
            depth += 1;
            if depth > limit {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html>
<html lang="de-DE"><head>
<title>Seite | Beispielzeitung</title>
<meta property="og:title" content="Flughafen verschärft Sicherheitskontrollen">
<meta property="article:published_time" content="2024-06-03T07:15:00+02:00">
<meta name="author" content="Meta Autorin">
<link rel="canonical" href="https://zeitung.example/flughafen">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},
 {"@type":"NewsArticle","headline":"JSON-LD Titel","author":[{"@type":"Person","name":"Lena Beispiel"}]}]}</script>
<style>body { color: red }</style>
</head><body>
<nav><a href="/">Startseite</a> <a href="/politik">Politik</a></nav>
<div class="cookie-banner">Wir verwenden Cookies. Akzeptieren?</div>
<article>
<h1>Flughafen verschärft Sicherheitskontrollen</h1>
<p>Der Flughafen hat am Montag die Sicherheitskontrollen an allen Terminals verschärft, wie ein Sprecher mitteilte. Reisende sollen deutlich mehr Zeit einplanen.</p>
<p>Hintergrund sind Warnungen der Behörden vor möglichen Anschlägen während der Sommerferien. Die Bundespolizei ist mit zusätzlichen Kräften im Einsatz.</p>
<p>Nach Angaben der Betreiber wurden zusätzliche Scanner aufgestellt und das Personal an den Kontrollstellen aufgestockt.</p>
</article>
<aside class="related"><h3>Mehr zum Thema</h3><a href="/x">Andere Geschichte über Bahnstreiks</a></aside>
<section id="comments" class="comments"><h3>Kommentare</h3><p>Leser123: Endlich!</p></section>
<footer>Impressum · Datenschutz · © Beispielzeitung</footer>
<script>var tracking = "Trackingcode";</script>
</body></html>"#;

    #[test]
    fn metadata_from_the_head() {
        let draft = parse(PAGE).unwrap();
        assert_eq!(
            draft.title.as_deref(),
            Some("Flughafen verschärft Sicherheitskontrollen")
        );
        assert_eq!(draft.published.unwrap().to_string(), "2024-06-03T05:15:00Z");
        assert_eq!(draft.authors, ["Lena Beispiel"]);
        assert_eq!(
            draft.url.as_deref(),
            Some("https://zeitung.example/flughafen")
        );
        assert_eq!(draft.language.as_deref(), Some("de-DE"));
    }

    #[test]
    fn body_is_the_main_text_only() {
        let draft = parse(PAGE).unwrap();
        assert!(
            draft
                .body
                .contains("Sicherheitskontrollen an allen Terminals"),
            "{}",
            draft.body
        );
        assert!(draft.body.contains("zusätzliche Scanner"));
        for debris in [
            "Startseite",
            "Cookies",
            "Bahnstreiks",
            "Leser123",
            "Impressum",
            "Trackingcode",
            "color: red",
        ] {
            assert!(!draft.body.contains(debris), "{debris} in {}", draft.body);
        }
    }

    #[test]
    fn page_without_article_is_skipped() {
        let page = "<html><head><title>Leer</title></head><body><nav>Menü</nav></body></html>";
        assert!(matches!(parse(page), Err(Rejection::Skip(_))));
    }

    #[test]
    fn title_falls_back_to_json_ld_then_h1_then_title() {
        let page = "<html><head><title>Tab-Titel</title><script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":\"LD\",\"datePublished\":\"2021-01-05\"}</script></head><body><h1>H1</h1><p>Ein langer Absatz mit genug Text, damit die Seite als Artikel gilt und gelesen wird.</p></body></html>";
        let draft = parse(page).unwrap();
        assert_eq!(draft.title.as_deref(), Some("LD"));
        assert_eq!(draft.published.unwrap().to_string(), "2021-01-05");
    }

    #[test]
    fn deep_nesting_is_refused_and_ordinary_pages_are_not() {
        let nested = |depth: usize, tag: &str| {
            format!(
                "<html><body>{}<p>Ein Absatz mit genug Text für einen Artikel über Deiche.</p>{}</body></html>",
                format!("<{tag}>").repeat(depth),
                format!("</{tag}>").repeat(depth)
            )
        };
        assert!(!nesting_exceeds(&nested(MAX_DEPTH - 10, "div"), MAX_DEPTH));
        assert!(nesting_exceeds(&nested(MAX_DEPTH + 1, "div"), MAX_DEPTH));
        // Unclosed tags nest too; paragraphs and list items close each other, void elements
        // nest nothing, and a script's text is not markup.
        assert!(nesting_exceeds(&"<span>".repeat(20_000), MAX_DEPTH));
        assert!(!nesting_exceeds(&"<p>Absatz".repeat(5_000), MAX_DEPTH));
        assert!(!nesting_exceeds(
            &"<br><img src=x><li>".repeat(5_000),
            MAX_DEPTH
        ));
        let script = format!("<script>{}</script><div>x</div>", "<b>".repeat(5_000));
        assert!(!nesting_exceeds(&script, MAX_DEPTH));
        // The deepest page allowed parses without trouble.
        assert!(parse(&nested(MAX_DEPTH - 10, "div")).is_ok());
        let refused = parse(&nested(20_000, "div")).err().unwrap();
        assert!(matches!(refused, Rejection::Fail(problem) if problem.message.contains("nested")));
    }
}
