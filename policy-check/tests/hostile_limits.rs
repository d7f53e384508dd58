//! Hard limits: each is a clear `LIMIT_EXCEEDED` error naming the limit to raise, each can be
//! raised through `Options::limits`, and the defaults admit large real policies. Hostile
//! requests (megabyte strings, patterns built to backtrack) are evaluated, not refused, and
//! finish.

use iam_policy_check::{check_text, Limits, LoadedPolicy, Options, SizeQuota};
use iam_policy_core::Request;

fn with(limits: Limits) -> Options {
    Options::default().with_limits(limits)
}

/// The one error of `text` under `limits`, which must be `LIMIT_EXCEEDED` naming `field`; and
/// with the defaults the same text has no `LIMIT_EXCEEDED`.
fn exceeds(text: &str, limits: Limits, field: &str) {
    let checked = check_text(text, &with(limits));
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].code, "LIMIT_EXCEEDED");
    assert!(
        errors[0].help.as_deref().unwrap_or("").contains(field),
        "the help names `{field}`: {:?}",
        errors[0].help
    );
    assert!(checked.tables.is_none());
    let default = check_text(text, &Options::default());
    assert!(
        !default
            .diagnostics
            .iter()
            .any(|d| d.code == "LIMIT_EXCEEDED"),
        "{:?}",
        default.diagnostics
    );
}

const SMALL: &str = r#"{"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bucket/*"},
    {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}]}"#;

#[test]
fn document_size_limit() {
    let limits = Limits {
        max_document_bytes: SMALL.len() - 1,
        ..Limits::default()
    };
    exceeds(SMALL, limits, "max_document_bytes");
}

#[test]
fn depth_limit() {
    let deep = format!(
        r#"{{"Version": "2012-10-17", "Statement": {}{{}}{}}}"#,
        "[".repeat(40),
        "]".repeat(40)
    );
    let refused = check_text(&deep, &Options::default());
    assert_eq!(refused.diagnostics[0].code, "LIMIT_EXCEEDED");
    let raised = Limits {
        max_depth: 64,
        ..Limits::default()
    };
    let read = check_text(&deep, &with(raised));
    assert!(!read.diagnostics.iter().any(|d| d.code == "LIMIT_EXCEEDED"));
    let limits = Limits {
        max_depth: 2,
        ..Limits::default()
    };
    exceeds(SMALL, limits, "max_depth");
}

#[test]
fn string_length_limit() {
    let limits = Limits {
        max_string_bytes: 20,
        ..Limits::default()
    };
    exceeds(SMALL, limits, "max_string_bytes");
}

#[test]
fn values_per_array_limit() {
    let limits = Limits {
        max_values: 1,
        ..Limits::default()
    };
    let checked = check_text(SMALL, &with(limits));
    assert_eq!(checked.diagnostics[0].code, "LIMIT_EXCEEDED");
    assert!(checked.diagnostics[0]
        .help
        .as_deref()
        .unwrap()
        .contains("max_values"));
}

#[test]
fn token_limit() {
    let limits = Limits {
        max_tokens: 30,
        ..Limits::default()
    };
    exceeds(SMALL, limits, "max_tokens");
}

#[test]
fn statement_limit() {
    let limits = Limits {
        max_statements: 1,
        ..Limits::default()
    };
    exceeds(SMALL, limits, "max_statements");
}

#[test]
fn every_limit_can_be_raised() {
    let string = "b".repeat(2 << 20);
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::{string}"}}}}"#
    );
    let refused = check_text(&text, &Options::default());
    assert_eq!(refused.diagnostics[0].code, "LIMIT_EXCEEDED");
    let raised = Limits {
        max_string_bytes: 4 << 20,
        ..Limits::default()
    };
    let options = with(raised).with_quota(SizeQuota::Unchecked);
    let policy = LoadedPolicy::from_json_with(&text, &options).unwrap();
    let resource = format!("arn:aws:s3:::{string}");
    assert!(policy
        .evaluate(&Request::new("s3:GetObject", &resource))
        .is_allowed());
}

/// A stack-exhausting nesting is refused at the default depth, long before the stack is at risk.
#[test]
fn a_hundred_thousand_open_brackets_are_refused_not_a_stack_overflow() {
    let text = "[".repeat(100_000);
    let checked = check_text(&text, &Options::default());
    assert_eq!(checked.diagnostics[0].code, "LIMIT_EXCEEDED");
    let text = format!(r#"{{"Statement": {}"#, "{\"a\": ".repeat(100_000));
    let checked = check_text(&text, &Options::default());
    assert_eq!(checked.diagnostics[0].code, "LIMIT_EXCEEDED");
}

/// A 10,000-statement policy of more than 1.5 MB loads with the default limits (with a quota
/// warning: it is far over IAM's) and decides correctly.
#[test]
fn ten_thousand_statements_of_one_and_a_half_megabytes_load_with_the_defaults() {
    let statements: Vec<String> = (0..10_000)
        .map(|i| {
            let effect = if i % 10 == 9 { "Deny" } else { "Allow" };
            format!(
                r#"{{"Sid": "Statement{i}", "Effect": "{effect}", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bucket-{i:05}/tenants/some-long-prefix/{i}/*"}}"#
            )
        })
        .collect();
    let text = format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [\n{}\n]}}",
        statements.join(",\n")
    );
    assert!(text.len() > 1_500_000, "{} bytes", text.len());
    let policy = LoadedPolicy::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(policy.as_policy().statement_count(), 10_000);
    let codes: Vec<_> = policy.warnings().iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA"));
    let allowed = "arn:aws:s3:::bucket-04242/tenants/some-long-prefix/4242/x";
    assert!(policy
        .evaluate(&Request::new("s3:GetObject", allowed))
        .is_allowed());
    let denied = "arn:aws:s3:::bucket-04249/tenants/some-long-prefix/4249/x";
    assert!(!policy
        .evaluate(&Request::new("s3:GetObject", denied))
        .is_allowed());
}

/// Request strings have no limit of their own: a megabyte action or resource is evaluated.
#[test]
fn megabyte_request_strings_are_evaluated() {
    let policy = LoadedPolicy::from_json(
        r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*"},
            {"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/secret/*"}]}"#,
    )
    .unwrap();
    let megabyte = "x".repeat(1 << 20);
    let action = format!("s3:{megabyte}");
    let resource = format!("arn:aws:s3:::bucket/{megabyte}");
    let secret = format!("arn:aws:s3:::bucket/secret/{megabyte}");
    assert!(policy
        .evaluate(&Request::new(action.as_str(), "arn:aws:s3:::bucket/k"))
        .is_allowed());
    assert!(policy
        .evaluate(&Request::new("s3:GetObject", &resource))
        .is_allowed());
    assert!(!policy
        .evaluate(&Request::new("s3:GetObject", &secret))
        .is_allowed());
    assert!(!policy
        .evaluate(&Request::new(megabyte.as_str(), &megabyte))
        .is_allowed());
}

/// Patterns that make a backtracking matcher exponential finish on long texts (the curve
/// itself is measured by the benchmarks).
#[test]
fn backtracking_patterns_finish_on_long_texts() {
    let policy = LoadedPolicy::from_json(
        r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::*a*a*a*a*a*a*a*b"},
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::*a?a*a?a*a??????????????b"},
            {"Effect": "Allow", "Action": "s3:Get*Ob*ec*", "Resource": "arn:aws:s3:::x"}]}"#,
    )
    .unwrap();
    let long = "a".repeat(200_000);
    let no_b = format!("arn:aws:s3:::{long}");
    let with_b = format!("arn:aws:s3:::{long}b");
    for action in ["s3:GetObject", "s3:PutObject"] {
        assert!(!policy.evaluate(&Request::new(action, &no_b)).is_allowed());
        assert!(policy.evaluate(&Request::new(action, &with_b)).is_allowed());
    }
    let action = format!("s3:Get{}", "Ob".repeat(100_000));
    assert!(!policy
        .evaluate(&Request::new(action.as_str(), "arn:aws:s3:::x"))
        .is_allowed());
}
