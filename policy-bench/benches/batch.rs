//! Batch authorization: many requests decided against one set, as a loop of guard calls and
//! through `evaluate_batch`, for const tables (`policy`), for the same two constants with a
//! loaded policy as a borrowed set (`policy_with_loaded`) and as an `OwnedPolicySet`
//! (`owned_set`), and through the service store (`store`: one load per batch). Criterion
//! reports the time per batch and per request (`Throughput::Elements`).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput};
use iam_policy::{
    policy, Decision, LoadedPolicy, OwnedPolicySet, Policy, PolicySet, PolicyStore, Request,
};

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

static DEV_GROUP: PolicySet = PolicySet::new(&[&DENY_DEFAULT_TRAIL_LOGGING, &DESCRIBE_ANY_TRAIL]);

/// A third policy loaded at run time for the owned set: reading the trails' log bucket.
const READ_LOGS: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "ReadLogs",
    "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
    "Resource": ["arn:aws:s3:::trail-logs", "arn:aws:s3:::trail-logs/*"]}]}"#;

const TRAIL: &str = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default";

/// The batch: `size` requests cycling through an explicit deny, two allows, an implicit deny
/// and a read of the log bucket.
fn requests(size: usize) -> Vec<Request<'static>> {
    let kinds = [
        Request::new("cloudtrail:StopLogging", TRAIL),
        Request::new("cloudtrail:DescribeTrails", "*"),
        Request::new("cloudtrail:GetTrailStatus", TRAIL),
        Request::new("cloudtrail:DeleteTrail", TRAIL),
        Request::new("s3:GetObject", "arn:aws:s3:::trail-logs/AWSLogs/1.json.gz"),
    ];
    kinds.iter().copied().cycle().take(size).collect()
}

fn allowed<'p>(decisions: impl Iterator<Item = Decision<'p>>) -> usize {
    decisions.filter(Decision::is_allowed).count()
}

pub const SIZES: [usize; 2] = [100, 10_000];

pub fn bench(c: &mut Criterion) {
    let loaded = LoadedPolicy::from_json(READ_LOGS).unwrap_or_else(|e| panic!("{e}"));
    let owned = OwnedPolicySet::new()
        .with(&DENY_DEFAULT_TRAIL_LOGGING)
        .with(&DESCRIBE_ANY_TRAIL)
        .with(loaded);
    let store = PolicyStore::new(owned.clone());
    let mut group = c.benchmark_group("batch");
    for size in SIZES {
        let batch = requests(size);
        // Every form reaches the expected decisions: of each five requests, the seed pair
        // allows two, the owned set three.
        assert_eq!(size % 5, 0);
        let by_loop = batch
            .iter()
            .filter(|r| DEV_GROUP.authorize(r).is_ok())
            .count();
        assert_eq!(by_loop, size / 5 * 2);
        assert_eq!(allowed(DEV_GROUP.evaluate_batch(&batch)), by_loop);
        assert_eq!(allowed(owned.evaluate_batch(&batch)), size / 5 * 3);
        assert_eq!(allowed(store.load().evaluate_batch(&batch)), size / 5 * 3);
        group.throughput(Throughput::Elements(size as u64));
        group.bench_function(BenchmarkId::new("policy/authorize_loop", size), |b| {
            b.iter(|| {
                black_box(&batch)
                    .iter()
                    .filter(|request| DEV_GROUP.authorize(request).is_ok())
                    .count()
            })
        });
        group.bench_function(BenchmarkId::new("policy/evaluate_batch", size), |b| {
            b.iter(|| allowed(DEV_GROUP.evaluate_batch(black_box(&batch))))
        });
        // The owned set's three policies as a borrowed set: what owning them costs.
        let view = owned.policies()[2].as_policy();
        let three = PolicySet::owning([&DENY_DEFAULT_TRAIL_LOGGING, &DESCRIBE_ANY_TRAIL, &view]);
        assert_eq!(allowed(three.evaluate_batch(&batch)), size / 5 * 3);
        group.bench_function(
            BenchmarkId::new("policy_with_loaded/evaluate_batch", size),
            |b| b.iter(|| allowed(three.evaluate_batch(black_box(&batch)))),
        );
        group.bench_function(BenchmarkId::new("owned_set/evaluate_batch", size), |b| {
            b.iter(|| allowed(owned.evaluate_batch(black_box(&batch))))
        });
        group.bench_function(BenchmarkId::new("store/evaluate_batch", size), |b| {
            b.iter(|| allowed(store.load().evaluate_batch(black_box(&batch))))
        });
    }
    group.finish();
}
