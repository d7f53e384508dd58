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
/// use policy_check::template::{parse, Part, Syntax};
/// let parts = parse("home/${aws:username}/*", Syntax { wildcards: true, variables: true }).unwrap();
/// assert_eq!(parts, [
///     Part::Literal("home/".into()),
///     Part::Variable { key: "aws:username".into(), default: None },
///     Part::Literal("/".into()),
///     Part::AnyRun,
/// ]);
/// ```
pub fn parse(text: &str, syntax: Syntax) -> Result<Vec<Part>, VariableError> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if syntax.variables && rest.starts_with("${") {
            let (part, consumed) = variable(rest)?;
            push(&mut parts, part);
            rest = &rest[consumed..];
            continue;
        }
        let part = match c {
            '*' if syntax.wildcards => Part::AnyRun,
            '?' if syntax.wildcards => Part::AnyChar,
            _ => Part::Literal(c.to_string()),
        };
        push(&mut parts, part);
        rest = &rest[c.len_utf8()..];
    }
    Ok(parts)
}

fn push(parts: &mut Vec<Part>, part: Part) {
    if let (Some(Part::Literal(previous)), Part::Literal(next)) = (parts.last_mut(), &part) {
        previous.push_str(next);
        return;
    }
    parts.push(part);
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
    crate::json::shorten(text)
}
