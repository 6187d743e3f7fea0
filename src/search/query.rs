//! Query text -> tantivy query: parsing, user field names, compound rewriting, messages.
//!
//! Query text is parsed with tantivy's query grammar, so `+must`, `-exclude`, `AND`/`OR`/`NOT`,
//! `"phrases"` and `field:` prefixes work as users know them. The user field names (`title:`,
//! `body:`) are replaced by the indexed fields they stand for ([`schema::user_field`]), German
//! compounds in the query also look for all of their parts together, words ending in `*`
//! expand to the indexed words they begin, and the query is built over every language's
//! fields, each analysing the words with its own chain. A query tantivy refuses comes back as
//! a message saying what is most likely wrong with it.

use ordered_float::OrderedFloat;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, Query, QueryParser, QueryParserError,
    TermQuery,
};
use tantivy::query_grammar::{self, Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::schema::Field;
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use anyhow::{Result, anyhow};

use crate::analysis::decompound;
use crate::analysis::lexicon::SortedLexicon;
use crate::analysis::{self, Variant};
use crate::schema;
use crate::store::NewsIndex;

/// `text` with every character that has a meaning in the query language replaced by a space,
/// and the operator words lowercased, so that only words remain.
pub fn plain_words(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced
        .split_whitespace()
        .map(|word| match word {
            "AND" | "OR" | "NOT" | "IN" => word.to_lowercase(),
            _ => word.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses the user's query text; no text means every article.
///
/// The text is parsed into tantivy's query AST, user field names are mapped to indexed
/// fields ([`schema::user_field`]), and the query is built over every language's fields, each
/// analysing the words with its own chain.
pub(crate) fn parse_query(
    index: &NewsIndex,
    searcher: &Searcher,
    text: Option<&str>,
) -> Result<Box<dyn Query>> {
    let Some(text) = text.map(str::trim).filter(|text| !text.is_empty()) else {
        return Ok(Box::new(AllQuery));
    };
    check_nesting(text)?;
    // A query of German function words only (`der die das`) looks for nothing, even though
    // the English fields would take `die` for a verb.
    if !text.contains(':') && analysis::german_terms(&plain_words(text)).is_empty() {
        return Ok(Box::new(EmptyQuery));
    }
    let defaults: Vec<(Field, f32)> = index
        .fields
        .default_search()
        .into_iter()
        .filter(|(field, _)| index.may_have_terms(*field))
        .collect();
    if defaults.is_empty() {
        return Ok(Box::new(EmptyQuery));
    }
    let mut parser = QueryParser::new(
        index.index.schema(),
        defaults.iter().map(|(field, _)| *field).collect(),
        analysis::query_tokenizers(index.variant),
    );
    for &(field, boost) in &defaults {
        parser.set_field_boost(field, boost);
    }
    let split_compounds = index.variant == Variant::Full;
    let build = |text: &str| -> Result<Box<dyn Query>, QueryParserError> {
        let ast = query_grammar::parse_query(text)
            .map_err(|_| QueryParserError::SyntaxError(text.to_owned()))?;
        let ast = expand_fields(ast, &|name| {
            let schema = index.index.schema();
            schema
                .get_field(name)
                .map_or(true, |field| index.may_have_terms(field))
        })?;
        let ast = if split_compounds {
            expand_compounds(ast)
        } else {
            ast
        };
        if !contains_prefix(&ast) {
            return parser.build_query_from_user_input_ast(ast);
        }
        let (ast, prefixes) = take_prefixes(ast)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (occur, clause) in ast {
            clauses.push((occur, parser.build_query_from_user_input_ast(clause)?));
        }
        for (occur, prefix) in prefixes {
            clauses.push((occur, prefix_query(searcher, &prefix, &defaults)?));
        }
        // Only exclusions (`-Anschl*`) mean every other article.
        if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    };
    match build(text) {
        Ok(query) => Ok(query),
        // Only exclusions left: either the user wrote only `-word`s (meaning "all but"), or
        // every word was a stop word (nothing to look for).
        Err(QueryParserError::AllButQueryForbidden) => {
            let excludes = text
                .split_whitespace()
                .any(|word| word.starts_with('-') || word == "NOT");
            if excludes {
                build(&format!("* {text}")).map_err(|error| query_error(text, error))
            } else {
                Ok(Box::new(EmptyQuery))
            }
        }
        Err(error) => Err(query_error(text, error)),
    }
}

/// Deepest nesting a query may have: parentheses and `NOT`/`-` operators each open a level.
/// tantivy's grammar and query builder recurse once per level, so thousands of them overflowed
/// the stack (and took a server down); people write a handful.
pub const MAX_NESTING: usize = 64;

/// Refuses a query whose parentheses or chained `NOT`s nest deeper than [`MAX_NESTING`],
/// before anything recursive sees it.
///
/// ```
/// use newsidx::search::query::check_nesting;
/// assert!(check_nesting("(Anschlag OR Brand) AND NOT Moskau").is_ok());
/// assert!(check_nesting(&"(".repeat(1000)).is_err());
/// ```
pub fn check_nesting(text: &str) -> Result<()> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    // Unary operators in a row (`NOT NOT x`, `- -x`) nest as parentheses do.
    let mut unary = 0usize;
    let mut quoted = false;
    for word in text.split_inclusive(|c: char| c.is_whitespace() || c == '(' || c == ')') {
        for c in word.chars() {
            match c {
                '"' => quoted = !quoted,
                '(' if !quoted => depth += 1,
                ')' if !quoted => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        let bare = word.trim_matches(|c: char| c.is_whitespace() || c == '(' || c == ')');
        if !quoted
            && (bare == "NOT" || bare.chars().all(|c| c == '-' || c == '+') && !bare.is_empty())
        {
            unary += bare.chars().count().max(1);
        } else if !bare.is_empty() {
            unary = 0;
        }
        deepest = deepest.max(depth + unary);
    }
    if deepest > MAX_NESTING {
        anyhow::bail!(
            "invalid query `{}`: nested more than {MAX_NESTING} levels deep (parentheses and NOT)",
            shorten(text)
        );
    }
    Ok(())
}

/// The message for a query tantivy refused: the query (shortened) and what is wrong with it.
fn query_error(text: &str, error: QueryParserError) -> anyhow::Error {
    match error {
        QueryParserError::SyntaxError(_) => {
            anyhow!("invalid query `{}`: {}", shorten(text), syntax_hint(text))
        }
        QueryParserError::PhrasePrefixRequiresAtLeastTwoTerms { .. } => anyhow!(
            "invalid query `{}`: a quoted phrase ending in `*` needs at least two words; for words beginning alike write `Ansch*` without quotes",
            shorten(text)
        ),
        error => anyhow!("invalid query `{}`: {error}", shorten(text)),
    }
}

/// What is most likely wrong with a query tantivy's grammar refused.
fn syntax_hint(text: &str) -> &'static str {
    let mut depth = 0i64;
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth < 0 {
                    return "a `)` has no `(`";
                }
            }
            _ => {}
        }
    }
    if quoted {
        "a quotation mark is not closed"
    } else if depth > 0 {
        "a `(` is not closed"
    } else {
        "syntax error (AND, OR, NOT, `:`, `^` and `\\` have a meaning; put words with them in quotes)"
    }
}

/// `text` cut to 200 characters for a message (a pasted paragraph would fill the screen).
pub fn shorten(text: &str) -> String {
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Replaces the field names users write (`title:`, `body:`) by the indexed fields they stand
/// for that pass `searched` (fields known to be empty are left out); an unknown name is an
/// error listing the known ones.
fn expand_fields(
    ast: UserInputAst,
    searched: &dyn Fn(&str) -> bool,
) -> Result<UserInputAst, QueryParserError> {
    let fields_of = |name: &str| {
        let fields = schema::user_field(name).ok_or_else(|| {
            QueryParserError::FieldDoesNotExist(format!(
                "{name} (fields are title, body, tags, author)"
            ))
        })?;
        Ok::<_, QueryParserError>(fields.into_iter().filter(|field| searched(field)).collect())
    };
    Ok(match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(lift_exclusions(
            clauses
                .into_iter()
                .map(|(occur, clause)| Ok((occur, expand_fields(clause, searched)?)))
                .collect::<Result<_, QueryParserError>>()?,
        )),
        UserInputAst::Boost(inner, boost) => {
            UserInputAst::Boost(Box::new(expand_fields(*inner, searched)?), boost)
        }
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(literal) => match literal.field_name.clone() {
                Some(name) => any_of(fields_of(&name)?, |field| {
                    UserInputLeaf::Literal(UserInputLiteral {
                        field_name: Some(field),
                        ..literal.clone()
                    })
                }),
                None => UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal))),
            },
            UserInputLeaf::Range {
                field: Some(name),
                lower,
                upper,
            } => any_of(fields_of(&name)?, |field| UserInputLeaf::Range {
                field: Some(field),
                lower: lower.clone(),
                upper: upper.clone(),
            }),
            UserInputLeaf::Set {
                field: Some(name),
                elements,
            } => any_of(fields_of(&name)?, |field| UserInputLeaf::Set {
                field: Some(field),
                elements: elements.clone(),
            }),
            UserInputLeaf::Exists { field } => {
                any_of(fields_of(&field)?, |field| UserInputLeaf::Exists { field })
            }
            other => UserInputAst::Leaf(Box::new(other)),
        },
    })
}

/// tantivy's grammar reads `a AND NOT b` as `+a +(-b)`: a required clause that only
/// excludes, which matches nothing, so the whole query found nothing. Such a clause's
/// exclusions are lifted into the clause around it (`+a -b`) when that one has something to
/// match.
fn lift_exclusions(
    clauses: Vec<(Option<Occur>, UserInputAst)>,
) -> Vec<(Option<Occur>, UserInputAst)> {
    let only_excludes = |ast: &UserInputAst| {
        matches!(ast, UserInputAst::Clause(inner)
            if !inner.is_empty() && inner.iter().all(|(occur, _)| *occur == Some(Occur::MustNot)))
    };
    let positive = clauses
        .iter()
        .any(|(occur, ast)| *occur != Some(Occur::MustNot) && !only_excludes(ast));
    if !positive {
        return clauses;
    }
    let mut lifted = Vec::with_capacity(clauses.len());
    for (occur, ast) in clauses {
        match ast {
            UserInputAst::Clause(inner)
                if occur != Some(Occur::MustNot)
                    && only_excludes(&UserInputAst::Clause(inner.clone())) =>
            {
                lifted.extend(inner)
            }
            other => lifted.push((occur, other)),
        }
    }
    lifted
}

/// How much the parts of a compound in the query count, together, relative to the compound
/// itself. On XQuAD-de (`newsidx eval`, full chain) MRR@10 is 0.9326 without the parts
/// clause, 0.9377 at 0.25, 0.9403 at 0.5 and 0.9372 at 1.0.
const QUERY_PART_BOOST: f64 = 0.5;

/// Lets a compound in the query also find its spaced forms, and nothing else: the word
/// `Gletscherabfluss` becomes `Gletscherabfluss OR (+gletscher +abfluss)^0.5`, so that an
/// article about the `Abfluss der Gletscher` is found, below one that has the compound itself.
/// Every part must be there: a query compound is not broken into parts that match anywhere
/// (`Mindestsicherung` must not find every `Sicherung`, `Quallenplage` no review titled
/// `Plage`). The word itself also matches where it is a part of a longer compound in the
/// index (the `parts` field). Only plain words searched in the default fields are expanded,
/// not phrases, prefixes or field-specific words.
fn expand_compounds(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, clause)| (occur, expand_compounds(clause)))
                .collect(),
        ),
        UserInputAst::Boost(inner, boost) => {
            UserInputAst::Boost(Box::new(expand_compounds(*inner)), boost)
        }
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(literal)
                if literal.field_name.is_none()
                    && literal.delimiter == Delimiter::None
                    && !is_prefix(&literal) =>
            {
                let Some(split) = decompound::split(&literal.phrase.to_lowercase(), &SortedLexicon)
                else {
                    return UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)));
                };
                let parts = all_of(
                    split.parts.iter().map(|part| (*part).to_owned()).collect(),
                    |word| {
                        UserInputLeaf::Literal(UserInputLiteral {
                            phrase: word,
                            ..literal.clone()
                        })
                    },
                );
                UserInputAst::Clause(vec![
                    (
                        Some(Occur::Should),
                        UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal))),
                    ),
                    (
                        Some(Occur::Should),
                        UserInputAst::Boost(Box::new(parts), OrderedFloat(QUERY_PART_BOOST)),
                    ),
                ])
            }
            other => UserInputAst::Leaf(Box::new(other)),
        },
    }
}

/// Fewest letters before a `*`: shorter prefixes expand to too many words to mean anything.
const MIN_PREFIX: usize = 3;

/// Takes the prefix words (`Flücht*`) out of the top level of `ast`, with how they must occur;
/// the other top-level clauses come back with theirs. A prefix inside parentheses, with a boost
/// or in a field is refused with a message (tantivy's own prefix queries need a phrase of two
/// words and would silently find nothing).
type TopLevel = Vec<(Occur, UserInputAst)>;

/// See above: the other top-level clauses with their occurrence, and the prefixes.
fn take_prefixes(ast: UserInputAst) -> Result<(TopLevel, Vec<(Occur, String)>), QueryParserError> {
    let top: Vec<(Option<Occur>, UserInputAst)> = match ast {
        UserInputAst::Clause(clauses) => clauses,
        other => vec![(None, other)],
    };
    let mut rest = Vec::new();
    let mut prefixes = Vec::new();
    for (occur, clause) in top {
        match clause {
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Literal(literal)
                    if is_prefix(&literal) && literal.field_name.is_some() =>
                {
                    return Err(QueryParserError::UnsupportedQuery(
                        "a word ending in `*` is searched in the default fields, not in one field"
                            .into(),
                    ));
                }
                UserInputLeaf::Literal(literal) if is_prefix(&literal) => {
                    let word = literal.phrase.trim_end_matches('*').to_owned();
                    prefixes.push((occur.unwrap_or(Occur::Should), word));
                }
                other => rest.push((
                    occur.unwrap_or(Occur::Should),
                    UserInputAst::Leaf(Box::new(other)),
                )),
            },
            other => {
                if contains_prefix(&other) {
                    return Err(QueryParserError::UnsupportedQuery(
                        "a word ending in `*` works beside other words at the top level of a query, not inside parentheses, with a boost or in a field".into(),
                    ));
                }
                rest.push((occur.unwrap_or(Occur::Should), other));
            }
        }
    }
    Ok((rest, prefixes))
}

/// True when a prefix literal stands anywhere in `ast`.
fn contains_prefix(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Clause(clauses) => clauses.iter().any(|(_, clause)| contains_prefix(clause)),
        UserInputAst::Boost(inner, _) => contains_prefix(inner),
        UserInputAst::Leaf(leaf) => {
            matches!(**leaf, UserInputLeaf::Literal(ref literal) if is_prefix(literal))
        }
    }
}

/// True for a word ending in `*` (tantivy's grammar keeps the star in the word).
fn is_prefix(literal: &UserInputLiteral) -> bool {
    literal.delimiter == Delimiter::None && (literal.prefix || literal.phrase.ends_with('*'))
}

/// Most indexed words one prefix expands to; the most frequent ones are not preferred, the
/// first in alphabetical order are taken.
const MAX_PREFIX_TERMS: usize = 1000;

/// Every indexed word of the default `fields` starting with `prefix` in its index form
/// ([`analysis::prefix_form`]), each field with its boost. The prefix is expanded to the words
/// the index holds, so that they are scored and highlighted as if typed.
fn prefix_query(
    searcher: &Searcher,
    prefix: &str,
    fields: &[(Field, f32)],
) -> Result<Box<dyn Query>, QueryParserError> {
    let refused = |why: &str| QueryParserError::UnsupportedQuery(format!("`{prefix}*`: {why}"));
    let form = analysis::prefix_form(prefix).ok_or_else(|| refused("a prefix is one word"))?;
    if form.chars().count() < MIN_PREFIX {
        return Err(refused(&format!(
            "a prefix needs at least {MIN_PREFIX} letters"
        )));
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for &(field, boost) in fields {
        let mut words = std::collections::BTreeSet::new();
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().range().ge(form.as_bytes()).into_stream() else {
                continue;
            };
            while stream.advance() && words.len() < MAX_PREFIX_TERMS {
                let Ok(word) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if !word.starts_with(form.as_str()) {
                    break;
                }
                words.insert(word.to_owned());
            }
        }
        for word in words {
            let term = Term::from_field_text(field, &word);
            let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(query), boost)),
            ));
        }
    }
    if clauses.is_empty() {
        return Ok(Box::new(EmptyQuery));
    }
    Ok(Box::new(BooleanQuery::new(clauses)))
}

/// One leaf per value, all of which must match.
fn all_of(values: Vec<String>, leaf: impl Fn(String) -> UserInputLeaf) -> UserInputAst {
    UserInputAst::Clause(
        values
            .into_iter()
            .map(|value| (Some(Occur::Must), UserInputAst::Leaf(Box::new(leaf(value)))))
            .collect(),
    )
}

/// One leaf per value (field name, word), any of which may match.
fn any_of(values: Vec<String>, leaf: impl Fn(String) -> UserInputLeaf) -> UserInputAst {
    let mut clauses: Vec<(Option<Occur>, UserInputAst)> = values
        .into_iter()
        .map(|value| {
            (
                Some(Occur::Should),
                UserInputAst::Leaf(Box::new(leaf(value))),
            )
        })
        .collect();
    if clauses.len() == 1 {
        return clauses.remove(0).1;
    }
    UserInputAst::Clause(clauses)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_drop_operators() {
        assert_eq!(
            plain_words("Wer gewann 2016? (Super-Bowl) \"AND\" title:x OR +y -z"),
            "Wer gewann 2016 Super Bowl and title x or y z"
        );
    }
}
