//! Helpers shared by the checker's integration tests.

use iam_policy_check::{check_text, Options, PolicyKind, Severity};

/// The errors of a document with one statement, checked as `kind`: each code with its fix.
pub fn errors(statement: &str, kind: PolicyKind) -> Vec<(String, Option<String>)> {
    let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}]}}"#);
    let options = Options::default().with_kind(kind);
    check_text(&text, &options)
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.code.as_str().to_string(), d.fix.map(|f| f.replacement)))
        .collect()
}
