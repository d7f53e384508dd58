//! The seed scenario: the CloudTrail guide's developer group and its read-only policy.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion};
use iam_policy::{action, policy, Action, Decision, LoadedPolicy, Policy, PolicySet, Request};

use crate::interleaved::Interleaved;
use crate::peer::CedarGuard;

/// Denies starting and stopping logging on the `Default` trail.
static DENY_DEFAULT_TRAIL_LOGGING: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [ {
        "Sid": "Stmt1446057698000",
        "Effect": "Deny",
        "Action": [ "cloudtrail:StartLogging", "cloudtrail:StopLogging" ],
        "Resource": [ "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default" ]
    } ]
});

/// Allows describing any trail and reading its status.
static DESCRIBE_ANY_TRAIL: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [ {
        "Sid": "Stmt1446072643000",
        "Effect": "Allow",
        "Action": [ "cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus" ],
        "Resource": [ "*" ]
    } ]
});

static DEV_GROUP: PolicySet = PolicySet::new(&[&DENY_DEFAULT_TRAIL_LOGGING, &DESCRIBE_ANY_TRAIL]);

/// The guide's read-only policy.
static READ_ONLY: Policy = policy!({ "Version": "2012-10-17", "Statement": [
    { "Effect": "Allow", "Action": [ "s3:GetObject", "s3:GetBucketLocation" ], "Resource": "*" },
    { "Effect": "Allow", "Action": [ "cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus",
      "cloudtrail:LookupEvents", "s3:ListAllMyBuckets", "kms:ListAliases" ], "Resource": "*" }
] });

static READ_ONLY_SET: PolicySet = PolicySet::new(&[&READ_ONLY]);

const DEV_GROUP_JSON: [&str; 2] = [
    r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Stmt1446057698000", "Effect": "Deny",
        "Action": ["cloudtrail:StartLogging", "cloudtrail:StopLogging"],
        "Resource": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/Default"]}]}"#,
    r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Stmt1446072643000", "Effect": "Allow",
        "Action": ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"], "Resource": ["*"]}]}"#,
];

const DEV_GROUP_CEDAR: &str = r#"
@id("Stmt1446057698000")
forbid(principal,
    action in [Action::"cloudtrail:StartLogging", Action::"cloudtrail:StopLogging"],
    resource == Resource::"arn:aws:cloudtrail:us-east-1:111122223333:trail/Default");
@id("Stmt1446072643000")
permit(principal,
    action in [Action::"cloudtrail:DescribeTrails", Action::"cloudtrail:GetTrailStatus"],
    resource);
"#;

const READ_ONLY_CEDAR: &str = r#"
permit(principal, action in [Action::"s3:GetObject", Action::"s3:GetBucketLocation"], resource);
permit(principal, action in [Action::"cloudtrail:DescribeTrails", Action::"cloudtrail:GetTrailStatus",
    Action::"cloudtrail:LookupEvents", Action::"s3:ListAllMyBuckets", Action::"kms:ListAliases"], resource);
"#;

const DEFAULT_TRAIL: &str = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default";

/// `(name, action, resource, expected decision)`: `Some(true)` allow, `Some(false)` explicit
/// deny, `None` implicit deny.
type Case = (&'static str, &'static str, &'static str, Option<bool>);

const DEV_GROUP_CASES: &[Case] = &[
    (
        "stop_logging_explicit_deny",
        "cloudtrail:StopLogging",
        DEFAULT_TRAIL,
        Some(false),
    ),
    (
        "describe_trails_allow",
        "cloudtrail:DescribeTrails",
        "*",
        Some(true),
    ),
    (
        "delete_trail_implicit_deny",
        "cloudtrail:DeleteTrail",
        DEFAULT_TRAIL,
        None,
    ),
];

const READ_ONLY_CASES: &[Case] = &[
    (
        "get_object_allow",
        "s3:GetObject",
        "arn:aws:s3:::trail-logs/AWSLogs/x.json.gz",
        Some(true),
    ),
    ("list_aliases_allow", "kms:ListAliases", "*", Some(true)),
    (
        "stop_logging_implicit_deny",
        "cloudtrail:StopLogging",
        DEFAULT_TRAIL,
        None,
    ),
];

/// The requested actions as `action!` constants (split at the colon at compile time).
const ACTION_CONSTANTS: &[Action<'static>] = &[
    action!("cloudtrail:StopLogging"),
    action!("cloudtrail:DescribeTrails"),
    action!("cloudtrail:DeleteTrail"),
    action!("s3:GetObject"),
    action!("kms:ListAliases"),
];

fn action_constant(name: &str) -> Action<'static> {
    ACTION_CONSTANTS
        .iter()
        .copied()
        .find(|action| action.as_str() == name)
        .unwrap_or_else(|| panic!("no `action!` constant for {name}"))
}

fn check(decision: Decision<'_>, expected: Option<bool>, what: &str) {
    let ok = matches!(
        (decision, expected),
        (Decision::Allow(_), Some(true))
            | (Decision::ExplicitDeny(_), Some(false))
            | (Decision::ImplicitDeny, None)
    );
    assert!(ok, "{what}: unexpected decision {decision:?}");
}

/// The guard call of an application: a request from strings, `authorize`.
#[inline(never)]
fn guard(set: &PolicySet<'_, '_>, action: &str, resource: &str) -> bool {
    set.authorize(&Request::new(action, resource)).is_ok()
}

/// The guard call with an `action!` constant: only the resource is a run-time string.
#[inline(never)]
fn guard_with_constant(set: &PolicySet<'_, '_>, action: Action<'_>, resource: &str) -> bool {
    set.authorize(&Request::new(action, resource)).is_ok()
}

/// A scenario: its name, the const set, the loaded set (if benched), cedar, the cases.
type Scenario<'s> = (
    &'static str,
    &'s PolicySet<'s, 's>,
    Option<&'s PolicySet<'s, 's>>,
    &'s CedarGuard,
    &'static [Case],
);

/// Builds the scenarios, checks that every form of them reaches each case's expected decision,
/// and hands them to `measure`.
fn with_scenarios(measure: impl FnOnce(&[Scenario<'_>])) {
    let loaded: Vec<LoadedPolicy> = DEV_GROUP_JSON
        .iter()
        .map(|json| LoadedPolicy::from_json(json).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let loaded_views: Vec<Policy<'_>> = loaded.iter().map(LoadedPolicy::as_policy).collect();
    let loaded_refs: Vec<&Policy<'_>> = loaded_views.iter().collect();
    let loaded_set = PolicySet::new(&loaded_refs);
    let dev_cedar = CedarGuard::new(DEV_GROUP_CEDAR);
    let read_only_cedar = CedarGuard::new(READ_ONLY_CEDAR);
    let scenarios: [Scenario<'_>; 2] = [
        (
            "dev_group",
            &DEV_GROUP,
            Some(&loaded_set),
            &dev_cedar,
            DEV_GROUP_CASES,
        ),
        (
            "read_only",
            &READ_ONLY_SET,
            None,
            &read_only_cedar,
            READ_ONLY_CASES,
        ),
    ];
    for (scenario, set, loaded, cedar, cases) in scenarios {
        for &(name, action, resource, expected) in cases {
            let id = format!("{scenario}/{name}");
            check(set.evaluate(&Request::new(action, resource)), expected, &id);
            let constant = action_constant(action);
            check(
                set.evaluate(&Request::new(constant, resource)),
                expected,
                &id,
            );
            if let Some(loaded) = loaded {
                check(
                    loaded.evaluate(&Request::new(action, resource)),
                    expected,
                    &id,
                );
            }
            assert_eq!(
                cedar.is_allowed(action, resource),
                expected == Some(true),
                "cedar {id}"
            );
        }
    }
    measure(&scenarios);
}

pub fn bench(c: &mut Criterion) {
    with_scenarios(|scenarios| {
        let mut group = c.benchmark_group("seed");
        for &(scenario, set, loaded, cedar, cases) in scenarios {
            for &(name, action, resource, _) in cases {
                let id = format!("{scenario}/{name}");
                group.bench_function(BenchmarkId::new("policy", &id), |b| {
                    b.iter(|| guard(set, black_box(action), black_box(resource)))
                });
                let constant = action_constant(action);
                group.bench_function(BenchmarkId::new("policy_action_constant", &id), |b| {
                    b.iter(|| guard_with_constant(set, black_box(constant), black_box(resource)))
                });
                if let Some(loaded) = loaded {
                    group.bench_function(BenchmarkId::new("policy_loaded", &id), |b| {
                        b.iter(|| guard(loaded, black_box(action), black_box(resource)))
                    });
                }
                group.bench_function(BenchmarkId::new("cedar", &id), |b| {
                    b.iter(|| cedar.is_allowed(black_box(action), black_box(resource)))
                });
                let prebuilt = cedar.prebuilt(action, resource);
                group.bench_function(BenchmarkId::new("cedar_prebuilt_request", &id), |b| {
                    b.iter(|| cedar.decide_ref(black_box(&prebuilt)))
                });
            }
        }
        group.finish();
    });
}

/// Const tables against `action!` constants, loaded tables and cedar, interleaved.
pub fn interleaved(runner: &mut Interleaved) {
    with_scenarios(|scenarios| {
        for &(scenario, set, loaded, cedar, cases) in scenarios {
            for &(name, action, resource, _) in cases {
                let id = format!("seed/{scenario}/{name}");
                let ours = || guard(set, black_box(action), black_box(resource));
                let constant = action_constant(action);
                runner.pair(
                    &format!("{id}/action_constant"),
                    ("policy", ours),
                    ("policy_action_constant", || {
                        guard_with_constant(set, black_box(constant), black_box(resource))
                    }),
                );
                if let Some(loaded) = loaded {
                    runner.pair(
                        &format!("{id}/loaded"),
                        ("policy", ours),
                        ("policy_loaded", || {
                            guard(loaded, black_box(action), black_box(resource))
                        }),
                    );
                }
                runner.pair(
                    &format!("{id}/cedar"),
                    ("policy", ours),
                    ("cedar", || {
                        cedar.is_allowed(black_box(action), black_box(resource))
                    }),
                );
            }
        }
    });
}
