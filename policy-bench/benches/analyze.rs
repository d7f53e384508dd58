//! Access analysis on AWS managed policies (copies in `data/managed/`): each check on one
//! policy and a variant of it.
//!
//! - `no-new-access/minus-statement`: the policy without its first statement against the
//!   policy (`PASS` unless that statement was a Deny);
//! - `no-new-access/plus-action`: the policy with `iam:CreateAccessKey` added to its first
//!   Allow against the policy (`FAIL`, with the request);
//! - `access-not-granted/iam`: is any `iam:*` request allowed?
//! - `expand/future`: does the policy allow actions the catalog does not know yet?
//! - `lints`: the redundancy findings (`REDUNDANT_*`, `DEAD_STATEMENT`) of the checked policy.
//!
//! `cargo bench -p policy-bench --bench analyze`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use iam_policy::analyze::Analyzer;
use iam_policy::LoadedPolicy;

mod variants;
use variants::{minus_statement, plus_action};

const POLICIES: &[(&str, &str)] = &[
    (
        "AWSCloudTrail_FullAccess",
        include_str!("../data/managed/AWSCloudTrail_FullAccess.json"),
    ),
    (
        "AmazonConnectSynchronizationServiceRolePolicy",
        include_str!("../data/managed/AmazonConnectSynchronizationServiceRolePolicy.json"),
    ),
    (
        "AmazonSageMakerFullAccess",
        include_str!("../data/managed/AmazonSageMakerFullAccess.json"),
    ),
    (
        "ViewOnlyAccess",
        include_str!("../data/managed/ViewOnlyAccess.json"),
    ),
    (
        "ReadOnlyAccess",
        include_str!("../data/managed/ReadOnlyAccess.json"),
    ),
];

fn load(text: &str) -> LoadedPolicy {
    LoadedPolicy::from_json(text).expect("the policy loads")
}

fn analyze(c: &mut Criterion) {
    let analyzer = Analyzer::new().max_counterexamples(1);
    let mut group = c.benchmark_group("analyze");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3));
    for (name, text) in POLICIES {
        let policy = load(text);
        let smaller = load(&minus_statement(text));
        let larger = load(&plus_action(text));
        let (p, s, l) = (policy.as_policy(), smaller.as_policy(), larger.as_policy());
        group.bench_with_input(
            BenchmarkId::new("no-new-access/minus-statement", name),
            name,
            |b, _| b.iter(|| black_box(analyzer.no_new_access(&[s], &[p]))),
        );
        group.bench_with_input(
            BenchmarkId::new("no-new-access/plus-action", name),
            name,
            |b, _| {
                b.iter(|| {
                    let verdict = analyzer.no_new_access(&[l], &[p]);
                    assert!(!verdict.counterexamples.is_empty());
                    black_box(verdict)
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("access-not-granted/iam", name),
            name,
            |b, _| b.iter(|| black_box(analyzer.access_not_granted(&[p], &["iam:*"], &[]))),
        );
        group.bench_with_input(BenchmarkId::new("expand/future", name), name, |b, _| {
            b.iter(|| black_box(analyzer.future_access(&[p])))
        });
        let options = iam_policy_check::Options::default();
        let checked = iam_policy_check::check_text(text, &options);
        group.bench_with_input(BenchmarkId::new("lints", name), name, |b, _| {
            b.iter(|| {
                let mut checked = checked.clone();
                iam_policy::analyze::add_lints(
                    &mut checked,
                    &options,
                    &iam_policy::analyze::lints::CODES,
                );
                black_box(checked.diagnostics.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, analyze);
criterion_main!(benches);
