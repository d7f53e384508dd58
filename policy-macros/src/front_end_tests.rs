//! The two front-ends agree: the same bad document, read as Rust tokens (the `policy!` macro)
//! and as JSON text (the loader and the CLI), gives the same findings with the same words.
//! Only locations differ: token positions against byte offsets.

use iam_policy_check::{check_text, check_tokens, Checked, Options, PolicyKind, Severity};
use proc_macro2::TokenStream;

use crate::tokens::Tokens;

/// Checks `text` through the macro's front-end.
fn through_tokens(text: &str, options: &Options) -> Checked {
    let stream: TokenStream = text
        .parse()
        .unwrap_or_else(|e| panic!("not Rust tokens: {e:?}\n{text}"));
    let tokens = Tokens::from_stream(stream);
    check_tokens(&tokens.tokens, tokens.end(), options)
}

/// What a finding says, without where it is.
type Said = (
    Severity,
    &'static str,
    String,
    Option<String>,
    Option<String>,
    Vec<String>,
);

fn said(checked: &Checked) -> Vec<Said> {
    checked
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.severity,
                d.code.as_str(),
                d.message.clone(),
                d.help.clone(),
                d.fix.as_ref().map(|f| f.replacement.clone()),
                d.related.iter().map(|(_, label)| label.clone()).collect(),
            )
        })
        .collect()
}

fn statement(body: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{{{body}}}]}}"#)
}

const ACTION: &str = r#""Action": "cloudtrail:StopLogging""#;
const RESOURCE: &str = r#""Resource": "*""#;

/// Bad documents that Rust's tokenizer can represent.
///
/// Left out because the macro never sees them as such: single-quoted strings of several
/// characters (`'abc'` is a lifetime followed by a stray quote), unbalanced brackets (a
/// tokenizer error before the macro runs), `//` and `/* */` comments (Rust drops them), JSON
/// `\uXXXX` escapes (Rust writes `\u{…}`), curly quotes and other characters that are not Rust
/// tokens, and unterminated strings.
fn bad_documents() -> Vec<(&'static str, String)> {
    vec![
        // Syntax.
        (
            "trailing comma in an array",
            format!(
                r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", {ACTION}, {RESOURCE}}},]}}"#
            ),
        ),
        (
            "trailing comma in an object",
            statement(&format!(r#""Effect": "Allow", {ACTION}, {RESOURCE},"#)),
        ),
        (
            "missing colon",
            statement(&format!(r#""Effect" "Allow", {ACTION}, {RESOURCE}"#)),
        ),
        (
            "missing comma",
            statement(&format!(r#""Effect": "Allow" {ACTION}, {RESOURCE}"#)),
        ),
        (
            "capitalized True",
            statement(&format!(
                r#""Effect": "Allow", {ACTION}, {RESOURCE}, "Condition": {{"Bool": {{"aws:SecureTransport": True}}}}"#
            )),
        ),
        (
            "Python None",
            format!(
                r#"{{"Version": None, "Statement": [{{"Effect": "Allow", {ACTION}, {RESOURCE}}}]}}"#
            ),
        ),
        (
            "single-quoted character",
            statement(&format!(r#""Effect": 'A', {ACTION}, {RESOURCE}"#)),
        ),
        (
            "a bare word",
            statement(&format!(r#""Effect": Allow, {ACTION}, {RESOURCE}"#)),
        ),
        (
            "parentheses",
            statement(&format!(r#""Effect": ("Allow"), {ACTION}, {RESOURCE}"#)),
        ),
        ("a second document", r#"{} {}"#.to_string()),
        (
            "a key that is not a string",
            r#"{Version: "2012-10-17"}"#.to_string(),
        ),
        // Elements and types.
        (
            "unknown statement element",
            statement(&format!(r#""Effect": "Allow", {ACTION}, "Ressource": "*""#)),
        ),
        (
            "unknown top-level element",
            r#"{"Version": "2012-10-17", "Statment": []}"#.to_string(),
        ),
        (
            "number where a string goes",
            statement(&format!(r#""Effect": 1, {ACTION}, {RESOURCE}"#)),
        ),
        (
            "negative number where a string goes",
            statement(&format!(r#""Effect": -1.5e3, {ACTION}, {RESOURCE}"#)),
        ),
        (
            "object where an array goes",
            statement(&format!(r#""Effect": "Allow", "Action": {{}}, {RESOURCE}"#)),
        ),
        (
            "statement that is a string",
            r#"{"Version": "2012-10-17", "Statement": "everything"}"#.to_string(),
        ),
        (
            "document that is an array",
            r#"[{"Version": "2012-10-17"}]"#.to_string(),
        ),
        (
            "duplicate keys",
            statement(&format!(
                r#""Effect": "Allow", "Effect": "Deny", {ACTION}, {RESOURCE}"#
            )),
        ),
        (
            "unknown version",
            format!(
                r#"{{"Version": "2012-10-18", "Statement": [{{"Effect": "Allow", {ACTION}, {RESOURCE}}}]}}"#
            ),
        ),
        (
            "version as a number",
            format!(
                r#"{{"Version": 2012.10, "Statement": [{{"Effect": "Allow", {ACTION}, {RESOURCE}}}]}}"#
            ),
        ),
        (
            "lowercase effect",
            statement(&format!(r#""Effect": "allow", {ACTION}, {RESOURCE}"#)),
        ),
        (
            "Permit effect",
            statement(&format!(r#""Effect": "Permit", {ACTION}, {RESOURCE}"#)),
        ),
        (
            "missing effect",
            statement(&format!(r#"{ACTION}, {RESOURCE}"#)),
        ),
        (
            "Action and NotAction",
            statement(&format!(
                r#""Effect": "Allow", {ACTION}, "NotAction": "s3:GetObject", {RESOURCE}"#
            )),
        ),
        (
            "neither Action nor NotAction",
            statement(&format!(r#""Effect": "Allow", {RESOURCE}"#)),
        ),
        (
            "Resource and NotResource",
            statement(&format!(
                r#""Effect": "Allow", {ACTION}, {RESOURCE}, "NotResource": "arn:aws:s3:::bucket""#
            )),
        ),
        (
            "missing Resource",
            statement(&format!(r#""Effect": "Allow", {ACTION}"#)),
        ),
        (
            "empty Action array",
            statement(&format!(r#""Effect": "Allow", "Action": [], {RESOURCE}"#)),
        ),
        (
            "empty Resource array",
            statement(&format!(r#""Effect": "Allow", {ACTION}, "Resource": []"#)),
        ),
        (
            "missing Statement",
            r#"{"Version": "2012-10-17"}"#.to_string(),
        ),
        ("empty document", "{}".to_string()),
        // Sids.
        (
            "Sid with a hyphen",
            statement(&format!(
                r#""Sid": "read-only", "Effect": "Allow", {ACTION}, {RESOURCE}"#
            )),
        ),
        (
            "duplicate Sids",
            format!(
                r#"{{"Version": "2012-10-17", "Statement": [
                    {{"Sid": "One", "Effect": "Allow", {ACTION}, {RESOURCE}}},
                    {{"Sid": "One", "Effect": "Deny", {ACTION}, {RESOURCE}}}]}}"#
            ),
        ),
        // Actions.
        (
            "action without a prefix",
            statement(&format!(
                r#""Effect": "Allow", "Action": "StopLogging", {RESOURCE}"#
            )),
        ),
        (
            "action with a space",
            statement(&format!(
                r#""Effect": "Allow", "Action": "cloudtrail: StopLogging", {RESOURCE}"#
            )),
        ),
        (
            "action with a bad character",
            statement(&format!(
                r#""Effect": "Allow", "Action": "cloudtrail:Stop!Logging", {RESOURCE}"#
            )),
        ),
        (
            "unknown service prefix",
            statement(&format!(
                r#""Effect": "Allow", "Action": "cloudtrial:StopLogging", {RESOURCE}"#
            )),
        ),
        // ARNs.
        (
            "ARN with too few segments",
            statement(&format!(
                r#""Effect": "Allow", {ACTION}, "Resource": "arn:aws:s3""#
            )),
        ),
        (
            "ARN with an unknown partition",
            statement(&format!(
                r#""Effect": "Allow", {ACTION}, "Resource": "arn:aws-mars:s3:::bucket""#
            )),
        ),
        (
            "ARN with a malformed region",
            statement(
                r#""Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "arn:aws:ec2:us-east-99x:111122223333:instance/*""#,
            ),
        ),
        (
            "ARN with a 4-digit account",
            statement(
                r#""Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "arn:aws:ec2:us-east-1:1234:instance/*""#,
            ),
        ),
        (
            "ARN with a misspelt resource type",
            statement(&format!(
                r#""Effect": "Allow", {ACTION}, "Resource": "arn:aws:cloudtrail:us-east-1:111122223333:trial/Default""#
            )),
        ),
        // Characters IAM refuses.
        (
            "character above U+00FF",
            statement(&format!(
                r#""Sid": "Café’", "Effect": "Allow", {ACTION}, {RESOURCE}"#
            )),
        ),
        // Several mistakes at once.
        (
            "many mistakes",
            r#"{"Version": "2012-10-17", "Statement": [
                    {"Sid": "a b", "Effect": "allow", "Action": ["cloudtrial:StopLogging", "s3 GetObject"],
                      "Ressource": "arn:aws:s3:::bucket", "Condition": {}},
                    {"Effect": "Deny", "NotAction": [], "Resource": "arn:aws:ec2:us-east-1:12:instance/*"}]}"#
                .to_string(),
        ),
    ]
}

#[test]
fn both_front_ends_report_the_same_findings() {
    let documents = bad_documents();
    assert!(documents.len() >= 40);
    for kind in [PolicyKind::Identity, PolicyKind::Resource] {
        let options = Options::default().with_kind(kind);
        for (name, text) in &documents {
            let from_text = check_text(text, &options);
            let from_tokens = through_tokens(text, &options);
            assert!(
                from_text.has_errors(),
                "`{name}` ({kind:?}) has no error:\n{text}"
            );
            assert_eq!(
                said(&from_tokens),
                said(&from_text),
                "`{name}` ({kind:?}): the macro (left) and the text front-end (right) differ:\n{text}"
            );
            assert!(from_tokens.tables.is_none() && from_text.tables.is_none());
        }
    }
}

#[test]
fn both_front_ends_agree_on_a_clean_document() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "DescribeAnyTrail", "Effect": "Allow", "Action": ["cloudtrail:Describe*", "cloudtrail:GetTrailStatus"], "Resource": "*"},
        {"Effect": "Deny", "NotAction": "cloudtrail:*", "NotResource": "arn:aws:cloudtrail:*:111122223333:trail/*"}]}"#;
    let options = Options::default();
    let from_text = check_text(text, &options);
    let from_tokens = through_tokens(text, &options);
    assert_eq!(said(&from_tokens), said(&from_text));
    assert!(from_text.tables.is_some());
    assert_eq!(from_tokens.tables, from_text.tables);
}
