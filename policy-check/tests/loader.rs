//! The run-time loader: options, policy sets, diagnostics, allocation-free evaluation, serde.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use iam_policy_check::{
    check_text, Limits, LineColumn, LoadedPolicy, Options, PolicyKind, Severity,
};
use iam_policy_core::{Context, ContextValue, Decision, Policy, PolicySet, Request};

/// Counts the allocations of the current thread, to prove evaluation allocates nothing.
struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

const DESCRIBE: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "Stmt1446072643000", "Effect": "Allow",
        "Action": ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"],
        "Resource": ["*"] }]
}"#;

const DENY_DEFAULT: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "Stmt1446057698000", "Effect": "Deny",
        "Action": ["cloudtrail:StartLogging", "cloudtrail:StopLogging"],
        "Resource": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/Default"] }]
}"#;

const TRAIL: &str = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default";

#[test]
fn a_loaded_policy_joins_a_set_beside_const_policies() {
    static NOTHING: Policy = Policy::EMPTY.with_name("Nothing");
    let deny = LoadedPolicy::from_json(DENY_DEFAULT)
        .unwrap()
        .with_name("DenyDefault");
    let describe = LoadedPolicy::from_json(DESCRIBE)
        .unwrap()
        .with_name("Describe");
    let (deny, describe) = (deny.as_policy(), describe.as_policy());
    let policies = [&NOTHING, &deny, &describe];
    let set = PolicySet::new(&policies);

    let allowed = set.evaluate(&Request::new("cloudtrail:GetTrailStatus", TRAIL));
    let statement = allowed.statement().unwrap();
    assert!(allowed.is_allowed());
    assert_eq!(statement.policy_index(), 2);
    assert_eq!(statement.policy_name(), Some("Describe"));
    assert_eq!(statement.sid(), Some("Stmt1446072643000"));

    let denied = set
        .authorize(&Request::new("cloudtrail:StopLogging", TRAIL))
        .unwrap_err();
    assert!(denied.is_explicit());
    assert!(denied.to_string().ends_with(
        "with an explicit deny in statement `Stmt1446057698000` of policy `DenyDefault`"
    ));
    assert_eq!(
        set.evaluate(&Request::new("cloudtrail:LookupEvents", TRAIL)),
        Decision::ImplicitDeny
    );
}

#[test]
fn evaluating_a_loaded_policy_allocates_nothing() {
    let policy = LoadedPolicy::from_json(
        r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "arn:aws:s3:::bucket/${aws:username}/*"},
            {"Effect": "Deny", "NotAction": ["s3:*", "ec2:*"], "Resource": "*"},
            {"Effect": "Allow", "Action": "ec2:*Instances", "NotResource": "arn:aws:ec2:*:*:instance/i-0*"}
        ]}"#,
    )
    .unwrap();
    let context = [("aws:username", ContextValue::String("alice"))];
    let requests = [
        Request::new("s3:GetObject", "arn:aws:s3:::bucket/alice/notes.txt")
            .with_context(Context::new(&context)),
        Request::new("S3:LISTBUCKET", "arn:aws:s3:::bucket/bob/x")
            .with_context(Context::new(&context)),
        Request::new("iam:CreateUser", "*"),
        Request::new(
            "ec2:DescribeInstances",
            "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
        ),
        Request::new("no-colon", "not an arn"),
    ];
    let expected = [
        "Allow",
        "ImplicitDeny",
        "ExplicitDeny",
        "Allow",
        "ExplicitDeny",
    ];
    let before = allocations();
    let mut kinds = [""; 5];
    for _ in 0..100 {
        for (kind, request) in kinds.iter_mut().zip(&requests) {
            *kind = policy.evaluate(request).kind();
        }
    }
    assert_eq!(allocations(), before, "evaluation allocated");
    assert_eq!(kinds, expected);
}

#[test]
fn diagnostics_carry_lines_columns_and_the_checkers_words() {
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"allow\",\n    \"Action\": \"cloudtrial:StopLogging\",\n    \"Resource\": \"*\"\n  }]\n}";
    let error = LoadedPolicy::from_json(text).unwrap_err();
    let located: Vec<(LineColumn, &str)> =
        error.iter().map(|(at, d)| (at, d.code.as_str())).collect();
    assert_eq!(
        located,
        [
            (
                LineColumn {
                    line: 4,
                    column: 15
                },
                "INVALID_EFFECT"
            ),
            (
                LineColumn {
                    line: 5,
                    column: 15
                },
                "INVALID_SERVICE_IN_ACTION"
            ),
        ]
    );
    let checked = check_text(text, &Options::default());
    let messages: Vec<&str> = error.iter().map(|(_, d)| d.message.as_str()).collect();
    let expected: Vec<&str> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages, expected);
    let shown = error.to_string();
    for (at, d) in error.iter() {
        let line = format!(
            "{}:{}: error: {} [{}]",
            at.line, at.column, d.message, d.code
        );
        assert!(shown.contains(&line), "{shown}\nlacks {line}");
    }
    assert!(shown.contains("\nhelp: did you mean `Allow`?"));
    assert_eq!(error.errors().count(), 2);
    assert_eq!(error.len(), error.iter().count());
}

#[test]
fn errors_come_before_warnings() {
    // No `Version` (a warning at the start), then an error.
    let error = LoadedPolicy::from_json(
        r#"{"Statement": {"Effect": "Permit", "Action": "s3:GetObject", "Resource": "*"}}"#,
    )
    .unwrap_err();
    let severities: Vec<Severity> = error.iter().map(|(_, d)| d.severity).collect();
    assert_eq!(severities.first(), Some(&Severity::Error));
    assert!(severities.contains(&Severity::Warning));
    assert!(severities
        .windows(2)
        .all(|w| w[0] == Severity::Error || w[1] != Severity::Error));
}

#[test]
fn warnings_of_a_loaded_policy_are_kept() {
    let policy = LoadedPolicy::from_json(
        r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#,
    )
    .unwrap();
    let codes: Vec<&str> = policy.warnings().iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["MISSING_VERSION"]);
    assert!(policy.source().contains("s3:GetObject"));
}

#[test]
fn the_policy_kind_changes_the_checks() {
    let trust = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole",
        "Principal": {"Service": "ec2.amazonaws.com"}}}"#;
    assert!(
        LoadedPolicy::from_json(trust).is_err(),
        "a Principal in an identity policy"
    );
    let identity =
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject"}}"#;
    let resource = Options::default().with_kind(PolicyKind::Resource);
    let error = LoadedPolicy::from_json_with(identity, &resource).unwrap_err();
    assert!(
        error.errors().count() > 0,
        "a resource policy without Principal"
    );
    let identity_error = LoadedPolicy::from_json(identity).unwrap_err();
    assert!(identity_error
        .errors()
        .any(|d| d.code == "MISSING_RESOURCE"));
}

#[test]
fn limits_are_options_of_the_loader() {
    let small = |limits: Limits| Options::default().with_limits(limits);
    let cases = [
        Limits {
            max_document_bytes: 40,
            ..Limits::default()
        },
        Limits {
            max_depth: 2,
            ..Limits::default()
        },
        Limits {
            max_string_bytes: 8,
            ..Limits::default()
        },
        Limits {
            max_values: 1,
            ..Limits::default()
        },
    ];
    for limits in cases {
        let error = LoadedPolicy::from_json_with(DESCRIBE, &small(limits.clone())).unwrap_err();
        let codes: Vec<&str> = error.errors().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["LIMIT_EXCEEDED"], "{limits:?}");
        assert!(LoadedPolicy::from_json_with(DESCRIBE, &Options::default()).is_ok());
    }
}

#[test]
fn a_large_policy_loads_with_the_default_limits() {
    let statement = r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bucket-with-a-long-name/some/prefix/*"}"#;
    let statements: Vec<&str> = std::iter::repeat_n(statement, 10_000).collect();
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(",\n")
    );
    assert!(text.len() > 1_200_000);
    let policy = LoadedPolicy::from_json(&text).unwrap();
    assert_eq!(policy.as_policy().statement_count(), 10_000);
    assert!(policy
        .evaluate(&Request::new(
            "s3:PutObject",
            "arn:aws:s3:::bucket-with-a-long-name/some/prefix/k"
        ))
        .is_allowed());
}

#[test]
fn hostile_text_is_an_error_never_a_panic() {
    let deep = "[".repeat(100_000);
    let cases = [
        "",
        "   ",
        "{",
        "null",
        "[]",
        deep.as_str(),
        "{\"Version\": \"2012-10-17\", \"Statement\": [}",
        "\u{feff}{}",
        "{\"a\": \"\\ud800\"}",
    ];
    for text in cases {
        let error = LoadedPolicy::from_json(text).unwrap_err();
        assert!(error.errors().count() > 0, "{text:.20}");
    }
}

#[cfg(feature = "serde")]
mod serde_support {
    use super::*;

    #[test]
    fn serializes_to_canonical_iam_json() {
        let policy = LoadedPolicy::from_json(
            r#"{"Statement": {"Resource": ["*"], "Action": "s3:GetObject", "Effect": "Allow", "Sid": "Read"},
                "Id": "x", "Version": "2012-10-17"}"#,
        );
        // `Id` is a warning in an identity policy, not an error.
        let policy = policy.unwrap();
        assert_eq!(
            serde_json::to_string(&policy).unwrap(),
            r#"{"Version":"2012-10-17","Id":"x","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":["*"]}]}"#
        );
    }

    #[test]
    fn canonical_json_loads_back_to_the_same_tables() {
        for text in [DESCRIBE, DENY_DEFAULT] {
            let policy = LoadedPolicy::from_json(text).unwrap();
            let again = LoadedPolicy::from_json(&policy.to_canonical_json()).unwrap();
            assert_eq!(policy.tables(), again.tables());
            let value = serde_json::to_value(&policy).unwrap();
            let from_value: LoadedPolicy = serde_json::from_value(value).unwrap();
            assert_eq!(from_value.tables(), policy.tables());
        }
    }

    #[test]
    fn deserializing_runs_the_full_checker() {
        let typo = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "cloudtrial:StopLogging", "Resource": "*"}}"#;
        let error = serde_json::from_str::<LoadedPolicy>(typo).unwrap_err();
        assert!(
            error.to_string().contains("INVALID_SERVICE_IN_ACTION"),
            "{error}"
        );
        // serde_json's `Value` would keep the last of two keys; the checker sees both.
        let duplicate = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}}"#;
        let error = serde_json::from_str::<LoadedPolicy>(duplicate).unwrap_err();
        assert!(error.to_string().contains("DUPLICATE_KEY"), "{error}");
        let value = serde_json::json!({"Version": "2012-10-17", "Statement": []});
        assert!(LoadedPolicy::from_value(&value, &Options::default()).is_err());
        let deep = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(serde_json::from_str::<LoadedPolicy>(&deep).is_err());
    }

    #[test]
    fn a_policy_inside_a_larger_structure() {
        struct Config {
            policies: Vec<LoadedPolicy>,
        }
        let config: serde_json::Value = serde_json::json!({"policies": [
            {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}
        ]});
        let config = Config {
            policies: serde_json::from_value(config["policies"].clone()).unwrap(),
        };
        assert!(config.policies[0]
            .evaluate(&Request::new("s3:GetObject", "*"))
            .is_allowed());
    }
}
