//! `iam_decision` in a DataFusion query beside the same decisions without the engine, per
//! record, on one core (`target_partitions = 1`).
//!
//! The rows are the repository's CloudTrail sample (`policy-cloudtrail/tests/fixtures`: 77 real
//! records and the seed's 4) repeated to 100,000, decided against the CloudTrail guide's
//! developer group. `plain` is `decide_columns` over the same string columns (the replay's
//! mapping and evaluation, no engine); `sql` is
//! `SELECT iam_change(iam_decision(…), errorcode), count(*) … GROUP BY 1` over an in-memory
//! table. Criterion reports records a second.
//!
//! ```text
//! cargo bench --bench udf -- --warm-up-time 1 --measurement-time 3
//! ```

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use datafusion::arrow::array::{Array, StringArray};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::datasource::MemTable;
use datafusion::prelude::{SessionConfig, SessionContext};
use iam_policy_check::LoadedPolicy;
use iam_policy_core::{Policy, PolicySet};

const ROWS: usize = 100_000;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn policies() -> Vec<LoadedPolicy> {
    ["deny_default_trail_logging.json", "describe_any_trail.json"]
        .map(|name| {
            let text =
                std::fs::read_to_string(root().join("examples/policies").join(name)).unwrap();
            LoadedPolicy::from_json(&text).unwrap()
        })
        .into()
}

/// The fixtures' records repeated to `ROWS` rows, in batches of 8,192 (DataFusion's size).
fn batches() -> Vec<RecordBatch> {
    let fixtures = root().join("policy-cloudtrail/tests/fixtures");
    let (sample, errors) =
        iam_policy_datafusion::records_batch(&[fixtures.join("invictus"), fixtures.join("seed")])
            .unwrap();
    assert!(errors.is_empty());
    let copies = ROWS.div_ceil(sample.num_rows());
    let all = concat_batches(&sample.schema(), &vec![sample.clone(); copies]).unwrap();
    let all = all.slice(0, ROWS);
    (0..ROWS)
        .step_by(8192)
        .map(|start| all.slice(start, 8192.min(ROWS - start)))
        .collect()
}

fn bench(c: &mut Criterion) {
    let batches = batches();
    let loaded = policies();
    let views: Vec<Policy<'_>> = loaded.iter().map(LoadedPolicy::as_policy).collect();
    let refs: Vec<&Policy<'_>> = views.iter().collect();
    let set = PolicySet::new(&refs);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let ctx = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(1));
    iam_policy_datafusion::register(&ctx, policies());
    let table = MemTable::try_new(batches[0].schema(), vec![batches.clone()]).unwrap();
    ctx.register_table("trail", Arc::new(table)).unwrap();
    let query = "SELECT iam_change(iam_decision(eventsource, eventname, awsregion,
            recipientaccountid, requestparameters, principalarn, sourceipaddress, eventtime),
            errorcode) AS change, count(*) FROM trail GROUP BY change";

    let mut group = c.benchmark_group("datafusion");
    group.throughput(Throughput::Elements(ROWS as u64));
    group.sample_size(10);
    group.bench_function("plain_100k_records", |b| {
        b.iter(|| {
            let mut allowed = 0;
            for batch in &batches {
                let columns: Vec<&StringArray> = (0..8)
                    .map(|i| {
                        batch
                            .column(i)
                            .as_any()
                            .downcast_ref::<StringArray>()
                            .unwrap()
                    })
                    .collect();
                let decisions = iam_policy_datafusion::decide_columns(&columns, &set);
                allowed += decisions.len() - decisions.null_count();
            }
            black_box(allowed)
        })
    });
    group.bench_function("sql_100k_records", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let result = ctx.sql(query).await.unwrap().collect().await.unwrap();
                black_box(result)
            })
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
