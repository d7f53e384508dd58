//! A statement with a realistic condition block: IP range, MFA, tag equality, date.

use std::hint::black_box;
use std::net::IpAddr;

use criterion::{BenchmarkId, Criterion};
use iam_policy::{policy, Context, ContextValue, LoadedPolicy, Policy, PolicySet, Request};

use crate::interleaved::Interleaved;
use crate::peer::{CedarGuard, ContextEntry};

macro_rules! document {
    ($($json:tt)+) => {
        (policy!($($json)+), stringify!($($json)+))
    };
}

static CONDITIONAL: (Policy, &str) = document!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "OrdersFromTheOffice", "Effect": "Allow", "Action": "dynamodb:GetItem",
        "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/orders",
        "Condition": {
            "IpAddress": { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] },
            "Bool": { "aws:MultiFactorAuthPresent": "true" },
            "StringEquals": { "aws:PrincipalTag/team": "${aws:username}" },
            "DateLessThan": { "aws:CurrentTime": "2030-01-01T00:00:00Z" } } }]
});

const CEDAR: &str = r#"
permit(principal, action == Action::"dynamodb:GetItem",
    resource == Resource::"arn:aws:dynamodb:us-east-1:111122223333:table/orders")
when {
    (context.source_ip.isInRange(ip("203.0.113.0/24")) || context.source_ip.isInRange(ip("2001:db8::/32")))
    && context.mfa_present
    && context.principal_tag_team == context.username
    && context.current_time < datetime("2030-01-01T00:00:00Z")
};
"#;

const ACTION: &str = "dynamodb:GetItem";
const TABLE: &str = "arn:aws:dynamodb:us-east-1:111122223333:table/orders";

#[inline(never)]
fn guard(set: &PolicySet<'_, '_>, ip: IpAddr, mfa: bool, team: &str, user: &str, now: i64) -> bool {
    let entries = [
        ("aws:SourceIp", ContextValue::Ip(ip)),
        ("aws:MultiFactorAuthPresent", ContextValue::Bool(mfa)),
        ("aws:PrincipalTag/team", ContextValue::String(team)),
        ("aws:username", ContextValue::String(user)),
        ("aws:CurrentTime", ContextValue::Date(now)),
    ];
    let request =
        Request::new(black_box(ACTION), black_box(TABLE)).with_context(Context::new(&entries));
    set.authorize(&request).is_ok()
}

/// A condition case: its name, the source IP (as text), the principal's `team` tag, and
/// whether the request is allowed.
type Case = (&'static str, &'static str, &'static str, bool);

const CASES: [Case; 3] = [
    ("all_hold_allow", "203.0.113.9", "alice", true),
    ("wrong_ip_implicit_deny", "198.51.100.7", "alice", false),
    ("wrong_tag_implicit_deny", "203.0.113.9", "bob", false),
];

/// 2026-01-01T00:00:00Z, in the policy's context and in cedar's.
const NOW: i64 = 1_767_225_600;
const NOW_TEXT: &str = "2026-01-01T00:00:00Z";

/// Cedar's context for a case, built from text in the call.
fn cedar_context<'a>(ip: &'a str, team: &'a str) -> [(&'static str, ContextEntry<'a>); 5] {
    [
        ("source_ip", ContextEntry::Ip(ip)),
        ("mfa_present", ContextEntry::Bool(true)),
        ("principal_tag_team", ContextEntry::String(team)),
        ("username", ContextEntry::String("alice")),
        ("current_time", ContextEntry::Datetime(NOW_TEXT)),
    ]
}

/// Builds the const set, the loaded set and cedar, checks every case's decision in each, and
/// hands them to `measure`.
fn with_sets(measure: impl FnOnce(&PolicySet<'_, '_>, &PolicySet<'_, '_>, &CedarGuard)) {
    let loaded = LoadedPolicy::from_json(CONDITIONAL.1).unwrap_or_else(|e| panic!("{e}"));
    let view = loaded.as_policy();
    let views = [&view];
    let loaded_set = PolicySet::new(&views);
    let consts = [&CONDITIONAL.0];
    let const_set = PolicySet::new(&consts);
    let cedar = CedarGuard::new(CEDAR);
    for (name, ip_text, team, allowed) in CASES {
        for set in [&const_set, &loaded_set] {
            assert_eq!(call(set, ip(ip_text), team), allowed, "{name}");
        }
        assert_eq!(
            cedar.is_allowed_with(ACTION, TABLE, &cedar_context(ip_text, team)),
            allowed,
            "cedar {name}"
        );
    }
    measure(&const_set, &loaded_set, &cedar);
}

/// A guard call of `set` for a case.
fn call(set: &PolicySet<'_, '_>, ip: IpAddr, team: &str) -> bool {
    guard(
        set,
        black_box(ip),
        black_box(true),
        black_box(team),
        "alice",
        NOW,
    )
}

/// Cedar's guard call for a case.
fn cedar_call(cedar: &CedarGuard, ip_text: &str, team: &str) -> bool {
    cedar.is_allowed_with(
        black_box(ACTION),
        black_box(TABLE),
        &cedar_context(black_box(ip_text), team),
    )
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap_or_else(|e| panic!("{e}"))
}

pub fn bench(c: &mut Criterion) {
    with_sets(|const_set, loaded_set, cedar| {
        let mut group = c.benchmark_group("conditions");
        for (name, ip_text, team, _) in CASES {
            let ip = ip(ip_text);
            for (variant, set) in [("policy", const_set), ("policy_loaded", loaded_set)] {
                group.bench_function(BenchmarkId::new(variant, name), |b| {
                    b.iter(|| call(set, ip, team))
                });
            }
            group.bench_function(BenchmarkId::new("cedar", name), |b| {
                b.iter(|| cedar_call(cedar, ip_text, team))
            });
        }
        group.finish();
    });
}

/// Const tables against loaded ones and against cedar, interleaved.
pub fn interleaved(runner: &mut Interleaved) {
    with_sets(|const_set, loaded_set, cedar| {
        for (name, ip_text, team, _) in CASES {
            let ip = ip(ip_text);
            let ours = || call(const_set, ip, team);
            runner.pair(
                &format!("conditions/{name}/loaded"),
                ("policy", ours),
                ("policy_loaded", || call(loaded_set, ip, team)),
            );
            runner.pair(
                &format!("conditions/{name}/cedar"),
                ("policy", ours),
                ("cedar", || cedar_call(cedar, ip_text, team)),
            );
        }
    });
}
