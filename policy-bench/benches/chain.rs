//! The whole decision (`Chain`): the seed requests against a bare `PolicySet`, a chain with no
//! other layer, and a full chain (identity set, permissions boundary, three SCP levels, a
//! resource-based policy). Cedar has no such layers; its seed figures are in `seed`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion};
use iam_policy::{
    policy, resource_policy, scp, Chain, Context, ContextValue, Policy, PolicySet, Principal,
    Request,
};

use crate::interleaved::Interleaved;

static DENY_DEFAULT_TRAIL_LOGGING: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "Stmt1446057698000", "Effect": "Deny",
        "Action": ["cloudtrail:StartLogging", "cloudtrail:StopLogging"],
        "Resource": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/Default"] }]
});
static DESCRIBE_ANY_TRAIL: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "Stmt1446072643000", "Effect": "Allow",
        "Action": ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"], "Resource": ["*"] }]
});
static DEV_GROUP: PolicySet = PolicySet::new(&[&DENY_DEFAULT_TRAIL_LOGGING, &DESCRIBE_ANY_TRAIL]);

static BOUNDARY: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": ["cloudtrail:*", "s3:*"], "Resource": "*" }]
});
static FULL_AWS_ACCESS: Policy = scp!(#[allow(STAR_IN_ACTION_AND_RESOURCE)] {
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }]
});
static DENY_REGIONS: Policy = scp!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "DenyRegions", "Effect": "Deny", "NotAction": ["iam:*", "sts:*"],
        "Resource": "*",
        "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] } } }]
});
static ACCOUNT_SERVICES: Policy = scp!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": ["cloudtrail:*", "s3:*", "kms:*"], "Resource": "*" }]
});
static SCP_LEVELS: [PolicySet; 3] = [
    PolicySet::new(&[&FULL_AWS_ACCESS]),
    PolicySet::new(&[&FULL_AWS_ACCESS, &DENY_REGIONS]),
    PolicySet::new(&[&ACCOUNT_SERVICES]),
];
static TRAIL_POLICY: Policy = resource_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "OwnAccount", "Effect": "Allow", "Principal": { "AWS": "111122223333" },
        "Action": "cloudtrail:*", "Resource": "arn:aws:cloudtrail:us-east-1:111122223333:trail/*" }]
});

static EMPTY_CHAIN: Chain = Chain::new(DEV_GROUP);
static FULL_CHAIN: Chain = Chain::new(DEV_GROUP)
    .with_boundary(&BOUNDARY)
    .with_scps(&SCP_LEVELS)
    .with_resource_policy(&TRAIL_POLICY);

const DEFAULT_TRAIL: &str = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default";
const DEVELOPER: &str = "arn:aws:iam::111122223333:user/developer";
const REGION: [(&str, ContextValue<'static>); 1] =
    [("aws:RequestedRegion", ContextValue::String("us-east-1"))];

/// `(name, action, resource, expected kind)`: the seed's developer-group requests.
const CASES: &[(&str, &str, &str, &str)] = &[
    (
        "stop_logging_explicit_deny",
        "cloudtrail:StopLogging",
        DEFAULT_TRAIL,
        "ExplicitDeny",
    ),
    (
        "describe_trails_allow",
        "cloudtrail:DescribeTrails",
        "*",
        "Allow",
    ),
    (
        "delete_trail_implicit_deny",
        "cloudtrail:DeleteTrail",
        DEFAULT_TRAIL,
        "ImplicitDeny",
    ),
];

#[inline(never)]
fn guard_set(set: &PolicySet<'_, '_>, action: &str, resource: &str) -> bool {
    set.evaluate(&Request::new(action, resource)).is_allowed()
}

#[inline(never)]
fn guard_chain(chain: &Chain<'_, '_>, action: &str, resource: &str) -> bool {
    chain.evaluate(&Request::new(action, resource)).is_allowed()
}

/// The full chain's guard call: the caller and the requested region are part of the request.
#[inline(never)]
fn guard_full(chain: &Chain<'_, '_>, action: &str, resource: &str) -> bool {
    let request = Request::new(action, resource)
        .with_principal(Principal::Aws(DEVELOPER))
        .with_context(Context::new(&REGION));
    chain.evaluate(&request).is_allowed()
}

/// Checks that every form reaches the expected decision.
fn check() {
    for &(name, action, resource, expected) in CASES {
        let bare = DEV_GROUP.evaluate(&Request::new(action, resource)).kind();
        let empty = EMPTY_CHAIN.evaluate(&Request::new(action, resource)).kind();
        let full = FULL_CHAIN
            .evaluate(
                &Request::new(action, resource)
                    .with_principal(Principal::Aws(DEVELOPER))
                    .with_context(Context::new(&REGION)),
            )
            .kind();
        assert_eq!([bare, empty, full], [expected; 3], "{name}");
    }
}

pub fn bench(c: &mut Criterion) {
    check();
    let mut group = c.benchmark_group("chain");
    for &(name, action, resource, _) in CASES {
        group.bench_function(BenchmarkId::new("policy_set", name), |b| {
            b.iter(|| guard_set(&DEV_GROUP, black_box(action), black_box(resource)))
        });
        group.bench_function(BenchmarkId::new("chain_empty", name), |b| {
            b.iter(|| guard_chain(&EMPTY_CHAIN, black_box(action), black_box(resource)))
        });
        group.bench_function(BenchmarkId::new("chain_full", name), |b| {
            b.iter(|| guard_full(&FULL_CHAIN, black_box(action), black_box(resource)))
        });
    }
    group.finish();
}

/// The empty chain and the full chain against the bare set, interleaved.
pub fn interleaved(runner: &mut Interleaved) {
    check();
    for &(name, action, resource, _) in CASES {
        let id = format!("chain/{name}");
        runner.pair(
            &format!("{id}/chain_empty"),
            ("policy_set", || {
                guard_set(&DEV_GROUP, black_box(action), black_box(resource))
            }),
            ("chain_empty", || {
                guard_chain(&EMPTY_CHAIN, black_box(action), black_box(resource))
            }),
        );
        runner.pair(
            &format!("{id}/chain_full"),
            ("policy_set", || {
                guard_set(&DEV_GROUP, black_box(action), black_box(resource))
            }),
            ("chain_full", || {
                guard_full(&FULL_CHAIN, black_box(action), black_box(resource))
            }),
        );
    }
}

/// `calls` guard calls of each form (bare set, empty chain, full chain) for each case whose
/// name contains `filter`: a run for `valgrind --tool=callgrind --toggle-collect=…guard_full…`,
/// which counts the instructions of one form exactly.
pub fn calls(calls: u64, filter: Option<&str>) {
    check();
    for &(name, action, resource, _) in CASES {
        if filter.is_some_and(|f| !name.contains(f)) {
            continue;
        }
        let mut allowed = 0u64;
        for _ in 0..calls {
            allowed += u64::from(guard_set(
                &DEV_GROUP,
                black_box(action),
                black_box(resource),
            ));
            allowed += u64::from(guard_chain(
                &EMPTY_CHAIN,
                black_box(action),
                black_box(resource),
            ));
            allowed += u64::from(guard_full(
                &FULL_CHAIN,
                black_box(action),
                black_box(resource),
            ));
        }
        println!("{name}: {calls} calls of each form, {allowed} allowed");
    }
}
