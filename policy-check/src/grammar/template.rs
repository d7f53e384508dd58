//! Patterns and policy variables: `arn:aws:s3:::home/${aws:username}/*` split into parts.

use crate::lint;

/// One part of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Text to match as is.
    Literal(String),
    /// `*`
    AnyRun,
    /// `?`
    AnyChar,
    /// `${key}` or `${key, 'default'}`; the key as written.
    Variable {
        /// The condition key whose value is substituted.
        key: String,
        /// The text used when the request lacks the key.
        default: Option<String>,
    },
}

/// Why a `${…}` is malformed: an Access Analyzer code and a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariableError {
    /// `MISSING_BRACE_IN_VARIABLE`, `MISSING_QUOTE_IN_VARIABLE`, `UNSUPPORTED_SPACE_IN_VARIABLE`
    /// or `EMPTY_VARIABLE`.
    pub code: crate::lint::Code,
    /// What is wrong.
    pub message: String,
}

/// How to read a pattern's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Syntax {
    /// `*` and `?` are wildcards (else literal text).
    pub wildcards: bool,
    /// `${…}` is a policy variable (else literal text: `2008-10-17`, or elements without them).
    pub variables: bool,
}

/// Splits `text` into parts. Adjacent literal text is merged.
///
/// ```
/// use iam_policy_check::template::{parse, Part, Syntax};
/// let parts = parse("home/${aws:username}/*", Syntax { wildcards: true, variables: true }).unwrap();
/// assert_eq!(parts, [
///     Part::Literal("home/".into()),
///     Part::Variable { key: "aws:username".into(), default: None },
///     Part::Literal("/".into()),
///     Part::AnyRun,
/// ]);
/// ```
pub fn parse(text: &str, syntax: Syntax) -> Result<Vec<Part>, VariableError> {
    // The bytes that may start a part other than literal text; all ASCII, so a literal run
    // always ends on a character boundary.
    let special = |b: u8| match b {
        b'*' | b'?' => syntax.wildcards,
        b'$' => syntax.variables,
        _ => false,
    };
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(&first) = rest.as_bytes().first() {
        let run = rest.bytes().position(special).unwrap_or(rest.len());
        if run > 0 {
            push_literal(&mut parts, &rest[..run]);
            rest = &rest[run..];
            continue;
        }
        let consumed = match first {
            b'$' if rest.starts_with("${") => {
                let (part, consumed) = variable(rest)?;
                match part {
                    Part::Literal(text) => push_literal(&mut parts, &text),
                    part => parts.push(part),
                }
                consumed
            }
            b'*' => {
                parts.push(Part::AnyRun);
                1
            }
            b'?' => {
                parts.push(Part::AnyChar);
                1
            }
            // A `$` that opens no variable is text.
            _ => {
                push_literal(&mut parts, &rest[..1]);
                1
            }
        };
        rest = &rest[consumed..];
    }
    Ok(parts)
}

/// Whether `text` holds a wildcard, `*` or `?` (a byte scan: cheaper than a `char` search).
pub(crate) fn has_wildcard(text: &str) -> bool {
    text.bytes().any(|b| b == b'*' || b == b'?')
}

/// Whether `text` holds `${`, the start of a policy variable.
pub(crate) fn has_variable(text: &str) -> bool {
    text.as_bytes().windows(2).any(|pair| pair == b"${")
}

/// Appends literal text, merged with a literal before it.
fn push_literal(parts: &mut Vec<Part>, text: &str) {
    match parts.last_mut() {
        Some(Part::Literal(previous)) => previous.push_str(text),
        _ => parts.push(Part::Literal(text.to_string())),
    }
}

/// Reads the `${…}` at the start of `text`; returns the part and the bytes it spans.
fn variable(text: &str) -> Result<(Part, usize), VariableError> {
    let error = |code, message: String| Err(VariableError { code, message });
    let Some(close) = text.find('}') else {
        return error(
            lint::MISSING_BRACE_IN_VARIABLE,
            format!(
                "the policy variable `{}` has no closing `}}`",
                shorten(text)
            ),
        );
    };
    let inner = &text[2..close];
    let consumed = close + 1;
    match inner {
        "*" | "?" | "$" => return Ok((Part::Literal(inner.to_string()), consumed)),
        "" => {
            return error(
                lint::EMPTY_VARIABLE,
                "the policy variable `${}` is empty".into(),
            )
        }
        _ => {}
    }
    let (key, default) = match inner.split_once(',') {
        None => (inner, None),
        Some((key, default)) => {
            let default = default.trim_matches(' ');
            let quoted = default
                .strip_prefix('\'')
                .and_then(|d| d.strip_suffix('\''))
                .filter(|d| !d.contains('\''));
            match quoted {
                Some(value) => (key.trim_end_matches(' '), Some(value.to_string())),
                None => {
                    return error(
                        lint::MISSING_QUOTE_IN_VARIABLE,
                        format!(
                        "the default value of `${{{inner}}}` must be in single quotes: `'value'`"
                    ),
                    )
                }
            }
        }
    };
    if key.is_empty() {
        return error(
            lint::EMPTY_VARIABLE,
            format!("the policy variable `${{{inner}}}` names no key"),
        );
    }
    if key.contains(char::is_whitespace) {
        return error(
            lint::UNSUPPORTED_SPACE_IN_VARIABLE,
            format!("the key of the policy variable `${{{inner}}}` contains a space"),
        );
    }
    Ok((
        Part::Variable {
            key: key.to_string(),
            default,
        },
        consumed,
    ))
}

fn shorten(text: &str) -> String {
    crate::syntax::json::shorten(text)
}

#[cfg(test)]
mod tests {
    use super::{parse, variable, Part, Syntax, VariableError};
    use proptest::prelude::*;

    /// The reference reading: one character at a time, each literal character merged into the
    /// literal before it.
    fn parse_by_character(text: &str, syntax: Syntax) -> Result<Vec<Part>, VariableError> {
        let mut parts: Vec<Part> = Vec::new();
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            let (part, consumed) = if syntax.variables && rest.starts_with("${") {
                variable(rest)?
            } else {
                let part = match c {
                    '*' if syntax.wildcards => Part::AnyRun,
                    '?' if syntax.wildcards => Part::AnyChar,
                    _ => Part::Literal(c.to_string()),
                };
                (part, c.len_utf8())
            };
            match (parts.last_mut(), part) {
                (Some(Part::Literal(previous)), Part::Literal(next)) => previous.push_str(&next),
                (_, part) => parts.push(part),
            }
            rest = &rest[consumed..];
        }
        Ok(parts)
    }

    #[test]
    fn literal_runs_wildcards_and_variables() {
        let both = Syntax {
            wildcards: true,
            variables: true,
        };
        assert_eq!(
            parse("a$b${*}c*?${aws:username, 'x'}é$", both).unwrap(),
            [
                Part::Literal("a$b*c".into()),
                Part::AnyRun,
                Part::AnyChar,
                Part::Variable {
                    key: "aws:username".into(),
                    default: Some("x".into())
                },
                Part::Literal("é$".into()),
            ]
        );
        let neither = Syntax {
            wildcards: false,
            variables: false,
        };
        assert_eq!(
            parse("a*?${b}", neither).unwrap(),
            [Part::Literal("a*?${b}".into())]
        );
        assert_eq!(parse("", both).unwrap(), []);
        assert_eq!(
            parse("x${y", both).unwrap_err().code,
            "MISSING_BRACE_IN_VARIABLE"
        );
    }

    proptest! {
        /// Reading literal runs at once gives exactly the parts (and errors) of reading one
        /// character at a time.
        #[test]
        fn runs_read_as_characters_do(
            text in "([a-z*?$/{}:', é]|\\$\\{[a-z:*?$, ']{0,6}\\}){0,12}",
            wildcards: bool,
            variables: bool,
        ) {
            let syntax = Syntax { wildcards, variables };
            prop_assert_eq!(parse(&text, syntax), parse_by_character(&text, syntax));
        }
    }
}
