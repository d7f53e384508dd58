//! Hard limits that protect the process from hostile documents.
//!
//! These are not IAM's size quotas (see [`crate::checks::quota`]): a policy over IAM's quota is still
//! a valid policy for an application that evaluates it itself, and gets a warning; a document
//! over a hard limit is refused with `LIMIT_EXCEEDED` before it can cost more memory or time.

use crate::diagnostic::{Diagnostic, Loc};
use crate::lint;
use crate::syntax::json::{Node, Token, Value};

/// Hard limits on what the checker reads. Exceeding one is an error (`LIMIT_EXCEEDED`) that
/// names the limit to raise; every limit can be raised through `Options::limits` (and the
/// `policy` command's flags).
///
/// The defaults are far above any real policy (IAM's largest quota is 10,240 characters) and
/// a 10,000-statement policy of 1.5 MB loads with them; they bound what a hostile document can
/// cost: its memory (size and token count) and the stack (depth) while it is read, and the
/// work of each request (statements).
///
/// ```
/// let limits = iam_policy_check::Limits { max_document_bytes: 50 << 20, ..Default::default() };
/// assert_eq!(limits.max_depth, 32);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Size of the JSON text, in bytes. Default 10 MiB: IAM accepts at most 131,072
    /// characters, so this leaves 80 times that for an application's own policies while
    /// bounding what is read into memory.
    pub max_document_bytes: usize,
    /// Nesting of arrays and objects. Default 32: the deepest IAM policy (a condition value
    /// list) nests 6 levels. The reader recurses once a level, so keep this below a few
    /// thousand even when raising it.
    pub max_depth: usize,
    /// Length of one string, in bytes. Default 1 MiB: eight times the largest document IAM
    /// accepts, so no real ARN or condition value comes near it.
    pub max_string_bytes: usize,
    /// Entries of one array or object, statements included. Default 100,000: ten times the
    /// largest policy tested (10,000 statements).
    pub max_values: usize,
    /// JSON tokens in the document (values, `{`, `}`, `:`, `,` …). Default 2,000,000: about
    /// 10 MB of real policy text. Each token costs memory before the document is checked,
    /// and tiny tokens (`[{},{},…]`) would let a 10 MB document cost gigabytes; this caps it
    /// near 200 MB. Raise it together with `max_document_bytes`.
    pub max_tokens: usize,
    /// Statements in the document. Default 100,000, for the same reason as `max_values`: a
    /// request may be tried against every statement that has `NotAction` or a `*` action,
    /// so this bounds the cost of one evaluation.
    pub max_statements: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_document_bytes: 10 << 20,
            max_depth: 32,
            max_string_bytes: 1 << 20,
            max_values: 100_000,
            max_tokens: 2_000_000,
            max_statements: 100_000,
        }
    }
}

/// `LIMIT_EXCEEDED` with advice naming the field to raise.
pub(crate) fn exceeded(loc: Loc, message: String, field: &str) -> Diagnostic {
    Diagnostic::new(lint::LIMIT_EXCEEDED, loc, message)
        .with_help(format!("raise `Limits::{field}` if this is intended"))
}

/// The error for a document of more than `max_tokens` tokens; `loc` is the first one too many.
pub(crate) fn too_many_tokens(loc: Loc, limits: &Limits) -> Diagnostic {
    exceeded(
        loc,
        format!(
            "the document has more than {} JSON tokens",
            limits.max_tokens
        ),
        "max_tokens",
    )
}

/// Checks the token count of a document given as tokens (the macro's front-end; the lexer
/// stops at the limit itself).
pub(crate) fn check_tokens(tokens: &[Token], limits: &Limits) -> Result<(), Diagnostic> {
    match tokens.get(limits.max_tokens) {
        Some(first_too_many) => Err(too_many_tokens(first_too_many.loc, limits)),
        None => Ok(()),
    }
}

/// Checks the number of statements of a parsed document.
pub(crate) fn check_statements(root: &Node, limits: &Limits) -> Result<(), Diagnostic> {
    let Value::Object(members) = &root.value else {
        return Ok(());
    };
    for member in members.iter().filter(|m| m.key == "Statement") {
        if let Value::Array(statements) = &member.value.value {
            if let Some(first_too_many) = statements.get(limits.max_statements) {
                return Err(exceeded(
                    first_too_many.loc,
                    format!(
                        "the policy has {} statements, more than the limit of {}",
                        statements.len(),
                        limits.max_statements
                    ),
                    "max_statements",
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check_text, Options};

    fn codes(text: &str, limits: Limits) -> Vec<&'static str> {
        let options = Options {
            limits,
            ..Options::default()
        };
        check_text(text, &options)
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect()
    }

    const ONE: &str = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}]}"#;

    #[test]
    fn token_limit_is_an_error_naming_the_field() {
        let limits = Limits {
            max_tokens: 10,
            ..Limits::default()
        };
        let options = Options {
            limits,
            ..Options::default()
        };
        let checked = check_text(ONE, &options);
        assert_eq!(checked.diagnostics.len(), 1);
        let error = &checked.diagnostics[0];
        assert_eq!(error.code.as_str(), "LIMIT_EXCEEDED");
        assert!(error.help.as_deref().unwrap().contains("max_tokens"));
        assert!(checked.tables.is_none());
    }

    #[test]
    fn statement_limit_is_an_error_at_the_first_statement_too_many() {
        let limits = Limits {
            max_statements: 1,
            ..Limits::default()
        };
        let options = Options {
            limits,
            ..Options::default()
        };
        let checked = check_text(ONE, &options);
        assert_eq!(checked.diagnostics.len(), 1, "{:?}", checked.diagnostics);
        let error = &checked.diagnostics[0];
        assert_eq!(error.code.as_str(), "LIMIT_EXCEEDED");
        assert!(ONE[error.loc.start as usize..].starts_with(r#"{"Effect": "Deny""#));
        assert!(checked.tables.is_none());
    }

    #[test]
    fn documents_at_the_limits_load() {
        let exact = Limits {
            max_tokens: crate::syntax::lexer::tokenize(ONE, &Limits::default())
                .unwrap()
                .len(),
            max_statements: 2,
            ..Limits::default()
        };
        assert_eq!(codes(ONE, exact), Vec::<&str>::new());
    }
}
