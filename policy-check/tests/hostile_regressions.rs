//! Regression tests: inputs that once crashed, hung or failed open.

use iam_policy_check::LoadedPolicy;
use iam_policy_core::Request;

fn load(statement: &str) -> LoadedPolicy {
    LoadedPolicy::from_json(&format!(
        r#"{{"Version": "2012-10-17", "Statement": {statement}}}"#
    ))
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn one_star_between_literals_matches() {
    let policy =
        load(r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*/x"}"#);
    assert!(policy
        .evaluate(&Request::new("s3:GetObject", "arn:aws:s3:::b/1/x"))
        .is_allowed());
    assert!(!policy
        .evaluate(&Request::new("s3:GetObject", "arn:aws:s3:::b/1/y"))
        .is_allowed());
}

/// A checked document whose `Resource` was changed behind the checker's back.
fn lowered_with_resource(
    resource: &str,
) -> Result<iam_policy_check::Tables, iam_policy_check::Diagnostic> {
    let checked = iam_policy_check::check_text(
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}}"#,
        &Default::default(),
    );
    let mut document = checked.document.expect("the document is read");
    let patterns = document.statements[0]
        .resource
        .as_mut()
        .expect("a Resource");
    patterns.items[0].value = resource.to_string();
    iam_policy_check::lower::lower(&document)
}

/// Lowering once read a non-ARN resource as `*` and a malformed variable as literal text: a
/// `Deny` then covered more, or less, than it said. Both now fail the load.
#[test]
fn lowering_fails_closed_on_what_it_cannot_represent() {
    assert!(lowered_with_resource("arn:aws:s3:::b/${aws:username}/*").is_ok());
    for resource in [
        "not-an-arn",
        "ARN:aws:s3:::b",
        "arn:aws:s3:::b/${aws:username",
    ] {
        let error = lowered_with_resource(resource).unwrap_err();
        assert_eq!(error.code, "UNSUPPORTED_BY_EVALUATOR", "{resource}");
        assert!(error.is_error());
    }
}

/// `check_text` reports a lowering failure as an error and returns no tables.
#[test]
fn checked_tables_exist_only_without_errors() {
    let checked = iam_policy_check::check_text(
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username"}}"#,
        &Default::default(),
    );
    assert!(checked.has_errors());
    assert!(checked.tables.is_none());
}
