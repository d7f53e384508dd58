//! Evaluation never touches the heap: a counting global allocator watches every guard call,
//! for const tables and for policies loaded from JSON, across actions, resources, wildcards,
//! policy variables and every kind of decision.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use iam_policy::{
    policy, Context, ContextValue, Decision, LoadedPolicy, Policy, PolicySet, Request,
};

/// Counts the allocations made by the current thread (the test harness runs tests on other
/// threads at the same time; their allocations must not count).
struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    // `try_with`: the thread-local may already be gone while a thread shuts down.
    let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
}

// SAFETY: every call is forwarded unchanged to the system allocator; counting only touches a
// const-initialised thread-local `Cell`, which never allocates.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: as for `alloc`; `ptr` came from this allocator, that is from `System`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator, that is from `System`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// How many allocations `f` makes on this thread.
fn allocations_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let value = std::hint::black_box(f());
    let after = ALLOCATIONS.with(Cell::get);
    (value, after - before)
}

static DENY_DEFAULT_TRAIL_LOGGING: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "Stmt1446057698000", "Effect": "Deny",
        "Action": ["cloudtrail:StartLogging", "cloudtrail:StopLogging"],
        "Resource": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/Default"] }]
});

static DESCRIBE_ANY_TRAIL: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "Stmt1446072643000", "Effect": "Allow",
        "Action": ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"],
        "Resource": ["*"] }]
});

/// Every pattern kind (exact, prefix, suffix, glob, `?`, any), `NotAction`, `NotResource`,
/// `*` (unindexed), a policy variable and a condition block (IP range, MFA, tag, date).
const MIXED_JSON: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [
        { "Sid": "ReadLogs", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"],
          "Resource": ["arn:aws:s3:::trail-logs", "arn:aws:s3:::trail-logs/*"] },
        { "Sid": "Home", "Effect": "Allow", "Action": "s3:*Object",
          "Resource": "arn:aws:s3:::home/${aws:username}/*" },
        { "Sid": "Glob", "Effect": "Allow", "Action": "cloudtrail:*Trail*",
          "Resource": "arn:aws:cloudtrail:*:111122223333:trail/*a*a*b?" },
        { "Sid": "Everything", "Effect": "Allow", "Action": "*", "Resource": "arn:aws:sns:*:*:alerts" },
        { "Sid": "NoIam", "Effect": "Deny", "NotAction": ["iam:Get*", "iam:List*"],
          "Resource": "arn:aws:iam::*:user/admin" },
        { "Sid": "Conditions", "Effect": "Allow", "Action": "dynamodb:GetItem",
          "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/orders",
          "Condition": {
              "IpAddress": { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] },
              "Bool": { "aws:MultiFactorAuthPresent": "true" },
              "StringEquals": { "aws:PrincipalTag/team": "${aws:username}" },
              "DateLessThan": { "aws:CurrentTime": "2030-01-01T00:00:00Z" } } },
        { "Sid": "DescribeBut", "Effect": "Deny", "Action": "ec2:Describe*",
          "NotResource": "arn:aws:secretsmanager:*:*:secret:*" }
    ]
}"#;

static MIXED: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [
        { "Sid": "ReadLogs", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"],
          "Resource": ["arn:aws:s3:::trail-logs", "arn:aws:s3:::trail-logs/*"] },
        { "Sid": "Home", "Effect": "Allow", "Action": "s3:*Object",
          "Resource": "arn:aws:s3:::home/${aws:username}/*" },
        { "Sid": "Glob", "Effect": "Allow", "Action": "cloudtrail:*Trail*",
          "Resource": "arn:aws:cloudtrail:*:111122223333:trail/*a*a*b?" },
        { "Sid": "Everything", "Effect": "Allow", "Action": "*", "Resource": "arn:aws:sns:*:*:alerts" },
        { "Sid": "NoIam", "Effect": "Deny", "NotAction": ["iam:Get*", "iam:List*"],
          "Resource": "arn:aws:iam::*:user/admin" },
        { "Sid": "Conditions", "Effect": "Allow", "Action": "dynamodb:GetItem",
          "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/orders",
          "Condition": {
              "IpAddress": { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] },
              "Bool": { "aws:MultiFactorAuthPresent": "true" },
              "StringEquals": { "aws:PrincipalTag/team": "${aws:username}" },
              "DateLessThan": { "aws:CurrentTime": "2030-01-01T00:00:00Z" } } },
        { "Sid": "DescribeBut", "Effect": "Deny", "Action": "ec2:Describe*",
          "NotResource": "arn:aws:secretsmanager:*:*:secret:*" }
    ]
});

const TRAIL: &str = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default";

/// `(action, resource, expected)`: `Some(true)` allow, `Some(false)` explicit deny, `None`
/// implicit deny.
const MIXED_CASES: &[(&str, &str, Option<bool>)] = &[
    (
        "s3:GetObject",
        "arn:aws:s3:::trail-logs/AWSLogs/x.json.gz",
        Some(true),
    ),
    ("S3:LISTBUCKET", "arn:aws:s3:::trail-logs", Some(true)),
    (
        "s3:PutObject",
        "arn:aws:s3:::home/alice/notes.txt",
        Some(true),
    ),
    ("s3:PutObject", "arn:aws:s3:::home/bob/notes.txt", None),
    (
        "cloudtrail:UpdateTrail",
        "arn:aws:cloudtrail:eu-west-1:111122223333:trail/xaxabz",
        Some(true),
    ),
    (
        "cloudtrail:UpdateTrail",
        "arn:aws:cloudtrail:eu-west-1:111122223333:trail/aaaaaaaab",
        None,
    ),
    (
        "sns:Publish",
        "arn:aws:sns:us-east-1:111122223333:alerts",
        Some(true),
    ),
    (
        "iam:CreateAccessKey",
        "arn:aws:iam::111122223333:user/admin",
        Some(false),
    ),
    ("iam:GetUser", "arn:aws:iam::111122223333:user/admin", None),
    ("ec2:DescribeInstances", "*", Some(false)),
    (
        "secretsmanager:DescribeSecret",
        "arn:aws:secretsmanager:us-east-1:1:secret:db",
        None,
    ),
    (
        "dynamodb:GetItem",
        "arn:aws:dynamodb:us-east-1:111122223333:table/orders",
        Some(true),
    ),
    (
        "dynamodb:GetItem",
        "arn:aws:dynamodb:us-east-1:111122223333:table/other",
        None,
    ),
    ("not-an-action", "not-an-arn", None),
    ("", "", None),
];

fn expect(decision: Decision<'_>, expected: Option<bool>, what: &str) {
    let actual = match decision {
        Decision::Allow(_) => Some(true),
        Decision::ExplicitDeny(_) => Some(false),
        Decision::ImplicitDeny => None,
    };
    assert_eq!(actual, expected, "{what}: {decision:?}");
}

/// The condition context of every case: what the conditions of `MIXED` test.
fn context_entries() -> [(&'static str, ContextValue<'static>); 5] {
    [
        ("aws:username", ContextValue::String("alice")),
        (
            "aws:SourceIp",
            ContextValue::Ip(std::net::IpAddr::from([203, 0, 113, 9])),
        ),
        ("aws:MultiFactorAuthPresent", ContextValue::Bool(true)),
        ("aws:PrincipalTag/team", ContextValue::String("alice")),
        ("aws:CurrentTime", ContextValue::Date(1_767_225_600)),
    ]
}

/// Runs every case through `set`, checking the decision and that neither `evaluate` nor the
/// guard call (`authorize`, including its `AccessDenied`) allocates.
fn assert_no_allocation(set: &PolicySet<'_, '_>, cases: &[(&str, &str, Option<bool>)]) {
    let context_entries = context_entries();
    let context = Context::new(&context_entries);
    for &(action, resource, expected) in cases {
        let what = format!("{action} on {resource}");
        let (decision, count) =
            allocations_of(|| set.evaluate(&Request::new(action, resource).with_context(context)));
        expect(decision, expected, &what);
        assert_eq!(count, 0, "evaluate allocated {count} times for {what}");
        let (result, count) = allocations_of(|| {
            set.authorize(&Request::new(action, resource).with_context(context))
                .is_ok()
        });
        assert_eq!(result, expected == Some(true), "{what}");
        assert_eq!(count, 0, "authorize allocated {count} times for {what}");
    }
}

#[test]
fn the_counting_allocator_sees_allocations() {
    let (_, count) = allocations_of(|| vec![1u8; 16]);
    assert_eq!(count, 1);
}

#[test]
fn const_tables_never_allocate() {
    static DEV_GROUP: PolicySet =
        PolicySet::new(&[&DENY_DEFAULT_TRAIL_LOGGING, &DESCRIBE_ANY_TRAIL]);
    static MIXED_SET: PolicySet = PolicySet::new(&[&MIXED]);
    let dev_group = DEV_GROUP;
    assert_no_allocation(
        &dev_group,
        &[
            ("cloudtrail:StopLogging", TRAIL, Some(false)),
            ("cloudtrail:DescribeTrails", "*", Some(true)),
            ("cloudtrail:GetTrailStatus", TRAIL, Some(true)),
            ("cloudtrail:DeleteTrail", TRAIL, None),
        ],
    );
    assert_no_allocation(&MIXED_SET, MIXED_CASES);
}

#[test]
fn loaded_policies_never_allocate() {
    let loaded = LoadedPolicy::from_json(MIXED_JSON).unwrap_or_else(|e| panic!("{e}"));
    let view = loaded.as_policy();
    let views = [&view];
    assert_no_allocation(&PolicySet::new(&views), MIXED_CASES);
}

#[test]
fn long_adversarial_resources_never_allocate() {
    let resource = format!(
        "arn:aws:cloudtrail:us-east-1:111122223333:trail/{}",
        "a".repeat(10_000)
    );
    let policies = [&MIXED];
    let set = PolicySet::new(&policies);
    let (decision, count) =
        allocations_of(|| set.evaluate(&Request::new("cloudtrail:UpdateTrail", &resource)));
    expect(decision, None, "adversarial");
    assert_eq!(count, 0);
}

/// A decision through the service store: loading the current set and evaluating it, for a
/// set of constants and loaded policies and for a tenant's set, allocates nothing (after the
/// thread's first load, which registers the thread with `arc-swap` once).
#[cfg(feature = "store")]
#[test]
fn store_decisions_never_allocate() {
    use iam_policy::{OwnedPolicySet, PolicyStore, TenantPolicies};
    let loaded = LoadedPolicy::from_json(MIXED_JSON).unwrap_or_else(|e| panic!("{e}"));
    let set = OwnedPolicySet::new()
        .with(&DENY_DEFAULT_TRAIL_LOGGING)
        .with(&DESCRIBE_ANY_TRAIL)
        .with(loaded);
    let store = PolicyStore::new(set.clone());
    let tenants: TenantPolicies<String> = TenantPolicies::new();
    tenants.replace("acme".to_string(), set);
    let _ = store.load().evaluate(&Request::new("s3:GetObject", "*"));
    let _ = tenants.load().get("acme").map(|set| set.policies().len());
    let cases = MIXED_CASES.iter().chain(&[
        ("cloudtrail:StopLogging", TRAIL, Some(false)),
        ("cloudtrail:DescribeTrails", "*", Some(true)),
    ]);
    let context_entries = context_entries();
    for &(action, resource, expected) in cases {
        let request = Request::new(action, resource).with_context(Context::new(&context_entries));
        let (decision, count) = allocations_of(|| {
            let current = store.load();
            let decision = current.evaluate(&request);
            (
                decision.is_allowed(),
                decision.statement().map(|s| s.statement_index()),
            )
        });
        assert_eq!(
            count, 0,
            "the store allocated {count} times for {action} on {resource}"
        );
        if expected == Some(true) {
            assert!(decision.0, "{action} on {resource}");
        }
        let (refused, count) = allocations_of(|| {
            let table = tenants.load();
            table
                .get("acme")
                .map(|set| set.authorize(&request).is_err())
        });
        assert_eq!(count, 0, "a tenant's decision allocated {count} times");
        assert_eq!(refused, Some(expected != Some(true)));
    }
}

#[test]
fn whole_chains_never_allocate() {
    use iam_policy::{resource_policy, Chain, Principal};
    static BUCKET: Policy = resource_policy!({
        "Version": "2012-10-17",
        "Statement": [
            { "Sid": "Named", "Effect": "Allow",
              "Principal": { "AWS": "arn:aws:iam::111122223333:user/alice" },
              "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*" },
            { "Sid": "DenyOthers", "Effect": "Deny",
              "NotPrincipal": { "AWS": "arn:aws:iam::111122223333:user/alice" },
              "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::bucket/*" }]
    });
    static DEV_GROUP: PolicySet =
        PolicySet::new(&[&DENY_DEFAULT_TRAIL_LOGGING, &DESCRIBE_ANY_TRAIL]);
    static LEVELS: [PolicySet; 2] = [
        PolicySet::new(&[&DESCRIBE_ANY_TRAIL, &MIXED]),
        PolicySet::new(&[&MIXED]),
    ];
    static CHAIN: Chain = Chain::new(DEV_GROUP)
        .with_boundary(&MIXED)
        .with_session_policies(DEV_GROUP)
        .with_scps(&LEVELS)
        .with_rcps(&LEVELS)
        .with_resource_policy(&BUCKET)
        .with_endpoint_policy(&BUCKET);
    let principals = [
        Principal::Aws("arn:aws:iam::111122223333:user/alice"),
        Principal::Aws("arn:aws:sts::444455556666:assumed-role/R/s"),
        Principal::Aws("arn:aws:iam::111122223333:root"),
        Principal::Service("cloudtrail.amazonaws.com"),
        Principal::Anonymous,
    ];
    for principal in principals {
        for (action, resource) in [
            ("s3:GetObject", "arn:aws:s3:::bucket/a"),
            ("s3:DeleteObject", "arn:aws:s3:::bucket/a"),
            ("cloudtrail:DescribeTrails", "*"),
            ("cloudtrail:StopLogging", TRAIL),
            ("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k"),
        ] {
            let request = Request::new(action, resource).with_principal(principal);
            let (decision, count) = allocations_of(|| CHAIN.evaluate(&request));
            assert_eq!(count, 0, "{action} by {principal:?}: {decision:?}");
            let (layers, count) = allocations_of(|| CHAIN.explain(&request).count());
            assert_eq!(count, 0, "explain of {action} by {principal:?}");
            assert_eq!(layers, 9);
        }
    }
}
