//! The seed's CLI session replayed by SQL, from memory and from Parquet.

use std::path::PathBuf;

use datafusion::arrow::array::{Array, StringArray};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::datasource::MemTable;
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use iam_policy_check::LoadedPolicy;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn dev_group() -> Vec<LoadedPolicy> {
    ["deny_default_trail_logging.json", "describe_any_trail.json"]
        .map(|name| {
            let text =
                std::fs::read_to_string(root().join("examples/policies").join(name)).unwrap();
            LoadedPolicy::from_json(&text).unwrap()
        })
        .into()
}

fn session() -> RecordBatch {
    let (batch, errors) = iam_policy_datafusion::records_batch(&[
        root().join("policy-cloudtrail/tests/fixtures/seed/devgroup_session.json")
    ])
    .unwrap();
    assert!(errors.is_empty());
    batch
}

const QUERY: &str = "SELECT eventname,
        iam_decision(eventsource, eventname, awsregion, recipientaccountid, requestparameters,
                     principalarn, sourceipaddress, eventtime) AS decision,
        iam_change(iam_decision(eventsource, eventname, awsregion, recipientaccountid,
                     requestparameters, principalarn, sourceipaddress, eventtime), errorcode) AS change
    FROM trail ORDER BY eventtime";

fn rows(batches: &[RecordBatch]) -> Vec<String> {
    let mut out = Vec::new();
    for batch in batches {
        let column = |i: usize| {
            batch
                .column(i)
                .as_any()
                .downcast_ref::<StringArray>()
                .map(|a| a.clone())
                .unwrap_or_else(|| {
                    let cast = datafusion::arrow::compute::cast(
                        batch.column(i),
                        &datafusion::arrow::datatypes::DataType::Utf8,
                    )
                    .unwrap();
                    cast.as_any().downcast_ref::<StringArray>().unwrap().clone()
                })
        };
        let (names, decisions, changes) = (column(0), column(1), column(2));
        for row in 0..batch.num_rows() {
            out.push(format!(
                "{} {} {}",
                names.value(row),
                decisions.value(row),
                changes.value(row)
            ));
        }
    }
    out
}

const EXPECTED: [&str; 4] = [
    "DescribeTrails Allow unchanged",
    "GetTrailStatus Allow unchanged",
    "StopLogging ExplicitDeny unchanged",
    "StartLogging ExplicitDeny unchanged",
];

#[tokio::test]
async fn the_session_replays_by_sql_as_policy_replay_does() {
    let ctx = SessionContext::new();
    iam_policy_datafusion::register(&ctx, dev_group());
    let batch = session();
    let table = MemTable::try_new(batch.schema(), vec![vec![batch]]).unwrap();
    ctx.register_table("trail", std::sync::Arc::new(table))
        .unwrap();
    let batches = ctx.sql(QUERY).await.unwrap().collect().await.unwrap();
    assert_eq!(rows(&batches), EXPECTED);
}

#[tokio::test]
async fn the_session_replays_from_parquet_and_a_record_without_request_is_null() {
    let dir = std::env::temp_dir().join(format!("policy-datafusion-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("trail.parquet");
    let ctx = SessionContext::new();
    let batch = session();
    let table = MemTable::try_new(batch.schema(), vec![vec![batch]]).unwrap();
    ctx.register_table("memory", std::sync::Arc::new(table))
        .unwrap();
    ctx.sql(&format!(
        "COPY (SELECT * FROM memory) TO '{}' STORED AS PARQUET",
        file.display()
    ))
    .await
    .unwrap()
    .collect()
    .await
    .unwrap();

    let ctx = SessionContext::new();
    iam_policy_datafusion::register(&ctx, dev_group());
    ctx.register_parquet(
        "trail",
        file.to_str().unwrap(),
        ParquetReadOptions::default(),
    )
    .await
    .unwrap();
    let batches = ctx.sql(QUERY).await.unwrap().collect().await.unwrap();
    assert_eq!(rows(&batches), EXPECTED);

    // A console sign-in names no IAM action: NULL, as `policy replay` leaves it out.
    let nulls = ctx
        .sql("SELECT iam_decision('signin.amazonaws.com', 'ConsoleLogin', 'us-east-1', '111122223333', NULL, NULL, NULL, NULL) AS d")
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert!(nulls[0].column(0).is_null(0));
    std::fs::remove_dir_all(&dir).unwrap();
}
