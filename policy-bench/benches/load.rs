//! Loading the generated scale policies (see `build.rs`) from text: `LoadedPolicy::from_json`
//! (lexing, the checker's every pass, lowering to tables) beside cedar-policy parsing the same
//! policies written in Cedar (`PolicySet::from_str`). See `BENCHMARKS.md`.

use std::hint::black_box;
use std::str::FromStr;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion};
use iam_policy::LoadedPolicy;

use crate::scale::SCALES;

pub fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    // A 10,000-statement load takes tens of milliseconds: ten samples of a few loads each.
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    let mut seen = Vec::new();
    for scale in SCALES {
        // One policy per size: the `cloudtrail` share does not change the text's shape.
        if seen.contains(&scale.total) {
            continue;
        }
        seen.push(scale.total);
        let id = format!("{}_statements", scale.total);
        let loaded = LoadedPolicy::from_json(scale.json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded.as_policy().statement_count(), scale.total);
        let cedar = cedar_policy::PolicySet::from_str(scale.cedar)
            .unwrap_or_else(|e| panic!("cedar policies do not parse: {e}"));
        assert_eq!(cedar.policies().count(), scale.total);
        group.bench_function(BenchmarkId::new("policy_from_json", &id), |b| {
            b.iter(|| LoadedPolicy::from_json(black_box(scale.json)))
        });
        group.bench_function(BenchmarkId::new("cedar_parse", &id), |b| {
            b.iter(|| cedar_policy::PolicySet::from_str(black_box(scale.cedar)))
        });
    }
    group.finish();
}
