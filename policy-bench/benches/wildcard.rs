//! Adversarial wildcards: `*a*a*a*a*a*a*b` against resources of growing length. A
//! backtracking matcher takes exponential time on the all-`a` text; ours is linear.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput};
use iam_policy::{policy, Policy, PolicySet, Request};

use crate::peer::{CedarGuard, ContextEntry};

static ADVERSARIAL: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::*a*a*a*a*a*a*b" }]
});

static SET: PolicySet = PolicySet::new(&[&ADVERSARIAL]);

const CEDAR: &str = r#"
permit(principal, action == Action::"s3:GetObject", resource)
when { context.arn like "arn:aws:s3:::*a*a*a*a*a*a*b" };
"#;

pub const LENGTHS: [usize; 4] = [64, 512, 4_096, 32_768];

#[inline(never)]
fn guard(action: &str, resource: &str) -> bool {
    SET.authorize(&Request::new(action, resource)).is_ok()
}

pub fn bench(c: &mut Criterion) {
    let cedar = CedarGuard::new(CEDAR);
    let mut group = c.benchmark_group("wildcard");
    for length in LENGTHS {
        // `aaa…a`: every group matches at once, the final `b` never does (a backtracker's
        // worst case); `xxx…xaaaaaa`: the first group is only found at the end.
        let all_a = format!("arn:aws:s3:::{}", "a".repeat(length));
        let late_a = format!("arn:aws:s3:::{}aaaaaa", "x".repeat(length - 6));
        let matching = format!("arn:aws:s3:::{}b", "a".repeat(length - 1));
        group.throughput(Throughput::Bytes(length as u64));
        for (name, resource, allowed) in [
            ("all_a", &all_a, false),
            ("late_a", &late_a, false),
            ("a_then_b", &matching, true),
        ] {
            assert_eq!(guard("s3:GetObject", resource), allowed, "{name}");
            let context = [("arn", ContextEntry::String(resource))];
            assert_eq!(
                cedar.is_allowed_with("s3:GetObject", resource, &context),
                allowed,
                "cedar {name}"
            );
            group.bench_function(BenchmarkId::new(format!("policy/{name}"), length), |b| {
                b.iter(|| guard(black_box("s3:GetObject"), black_box(resource)))
            });
            group.bench_function(BenchmarkId::new(format!("cedar/{name}"), length), |b| {
                b.iter(|| {
                    let context = [("arn", ContextEntry::String(black_box(resource)))];
                    cedar.is_allowed_with(black_box("s3:GetObject"), resource, &context)
                })
            });
        }
    }
    group.finish();
}
