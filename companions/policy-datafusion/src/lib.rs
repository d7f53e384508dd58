//! CloudTrail replay as SQL: `policy`'s decision as Apache DataFusion user-defined functions,
//! so that an organization's trail is replayed by a query over Parquet or JSON, on one machine
//! or on DataFusion's distributed runners.
//!
//! - `iam_decision(eventsource, eventname, awsregion, recipientaccountid, requestparameters,
//!   principalarn, sourceipaddress, eventtime)`: the decision of the policies for the call
//!   (`Allow`, `ExplicitDeny` or `ImplicitDeny`), or `NULL` when the record names no request
//!   (the same mapping as `policy replay`: `iam_policy_cloudtrail::Mapper`). Every argument is a
//!   string (`requestparameters` the JSON text, as in Athena's and Parquet copies of
//!   CloudTrail); a `NULL` argument is an absent field.
//! - `iam_change(decision, errorcode)`: `would-break`, `would-allow` or `unchanged`
//!   (`NULL` for a `NULL` decision).
//!
//! ```no_run
//! # async fn run() -> datafusion::error::Result<()> {
//! use datafusion::prelude::{ParquetReadOptions, SessionContext};
//! let policy = iam_policy_check::LoadedPolicy::from_json(
//!     r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "cloudtrail:Describe*", "Resource": "*"}]}"#,
//! ).unwrap();
//! let ctx = SessionContext::new();
//! iam_policy_datafusion::register(&ctx, vec![policy]);
//! ctx.register_parquet("trail", "trail.parquet", ParquetReadOptions::default()).await?;
//! ctx.sql("SELECT iam_change(iam_decision(eventsource, eventname, awsregion, recipientaccountid,
//!              requestparameters, principalarn, sourceipaddress, eventtime), errorcode) AS change,
//!          count(*) FROM trail GROUP BY change").await?.show().await?;
//! # Ok(()) }
//! ```

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, StringArray, StringBuilder};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::cast::as_string_array;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use datafusion::prelude::SessionContext;
use iam_policy_check::LoadedPolicy;
use iam_policy_core::{Policy, PolicySet};
use iam_policy_cloudtrail::record::{Record, UserIdentity};
use iam_policy_cloudtrail::{Change, Mapper, Recorded, Verdict};
use serde_json::value::RawValue;

/// The columns `iam_decision` takes, in order.
pub const DECISION_ARGUMENTS: [&str; 8] = [
    "eventsource",
    "eventname",
    "awsregion",
    "recipientaccountid",
    "requestparameters",
    "principalarn",
    "sourceipaddress",
    "eventtime",
];

/// Registers `iam_decision` (deciding with `policies`, the identity policies of the callers)
/// and `iam_change` on `ctx`.
pub fn register(ctx: &SessionContext, policies: Vec<LoadedPolicy>) {
    ctx.register_udf(decision_udf(policies));
    ctx.register_udf(ScalarUDF::from(ChangeUdf::new()));
}

/// `iam_decision` deciding with `policies`.
pub fn decision_udf(policies: Vec<LoadedPolicy>) -> ScalarUDF {
    ScalarUDF::from(DecisionUdf {
        policies: Arc::new(policies),
        signature: Signature::any(DECISION_ARGUMENTS.len(), Volatility::Immutable),
    })
}

/// `iam_decision`.
#[derive(Debug)]
struct DecisionUdf {
    policies: Arc<Vec<LoadedPolicy>>,
    signature: Signature,
}

impl PartialEq for DecisionUdf {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.policies, &other.policies)
    }
}

impl Eq for DecisionUdf {}

impl Hash for DecisionUdf {
    fn hash<H: Hasher>(&self, state: &mut H) {
        Arc::as_ptr(&self.policies).hash(state);
    }
}

/// The arguments as string arrays of `rows` values.
fn strings(args: Vec<ColumnarValue>, rows: usize) -> Result<Vec<ArrayRef>> {
    args.into_iter()
        .map(|arg| {
            let array = arg.into_array(rows)?;
            Ok(cast(&array, &DataType::Utf8)?)
        })
        .collect()
}

fn value(array: &StringArray, row: usize) -> Option<&str> {
    (!array.is_null(row)).then(|| array.value(row))
}

impl ScalarUDFImpl for DecisionUdf {
    fn name(&self) -> &str {
        "iam_decision"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = strings(args.args, args.number_rows)?;
        let columns = arrays
            .iter()
            .map(|a| as_string_array(a))
            .collect::<Result<Vec<_>>>()?;
        let views: Vec<Policy<'_>> = self.policies.iter().map(LoadedPolicy::as_policy).collect();
        let refs: Vec<&Policy<'_>> = views.iter().collect();
        let decisions = decide_columns(&columns, &PolicySet::new(&refs));
        Ok(ColumnarValue::Array(Arc::new(decisions)))
    }
}

/// The decisions of the rows of `columns` (the arguments of `iam_decision`, in order) against
/// `set`: what `iam_decision` computes for a batch.
pub fn decide_columns(columns: &[&StringArray], set: &PolicySet<'_, '_>) -> StringArray {
    let rows = columns.first().map_or(0, |c| c.len());
    let mut mapper = Mapper::new();
    let mut out = StringBuilder::with_capacity(rows, rows * 12);
    for row in 0..rows {
        let field = |i: usize| columns.get(i).and_then(|c| value(c, row));
        let parameters = field(4).and_then(|text| serde_json::from_str::<&RawValue>(text).ok());
        let record = Record {
            event_source: field(0).map(Into::into),
            event_name: field(1).map(Into::into),
            aws_region: field(2).map(Into::into),
            recipient_account_id: field(3).map(Into::into),
            request_parameters: parameters,
            user_identity: field(5).map(|arn| UserIdentity {
                arn: Some(arn.into()),
                account_id: arn.split(':').nth(4).map(Into::into),
                ..UserIdentity::default()
            }),
            source_ip_address: field(6).map(Into::into),
            event_time: field(7).map(Into::into),
            ..Record::default()
        };
        match mapper.map(&record) {
            Ok(call) => {
                let verdict = Verdict::of(&call, |request| set.evaluate(request).kind());
                out.append_value(verdict.decision);
            }
            Err(_) => out.append_null(),
        }
    }
    out.finish()
}

/// `iam_change`.
#[derive(Debug, PartialEq, Eq, Hash)]
struct ChangeUdf {
    signature: Signature,
}

impl ChangeUdf {
    fn new() -> Self {
        ChangeUdf {
            signature: Signature::any(2, Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for ChangeUdf {
    fn name(&self) -> &str {
        "iam_change"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let arrays = strings(args.args, rows)?;
        let (decisions, codes) = (as_string_array(&arrays[0])?, as_string_array(&arrays[1])?);
        let mut out = StringBuilder::with_capacity(rows, rows * 10);
        for row in 0..rows {
            match value(decisions, row) {
                Some(decision) => {
                    let recorded = Recorded::of(value(codes, row));
                    out.append_value(Change::of(recorded, decision == "Allow").as_str());
                }
                None => out.append_null(),
            }
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

/// The columns of [`records_batch`]: `iam_decision`'s, then `errorcode` and `eventid`.
pub const TABLE_COLUMNS: [&str; 10] = [
    "eventsource",
    "eventname",
    "awsregion",
    "recipientaccountid",
    "requestparameters",
    "principalarn",
    "sourceipaddress",
    "eventtime",
    "errorcode",
    "eventid",
];

/// CloudTrail records (files and folders, as `policy replay` reads them) as one Arrow batch of
/// [`TABLE_COLUMNS`], all strings: to query at once, or to write as Parquet
/// (`DataFrame::write_parquet`). The batch holds every record: convert a large trail file by
/// file. Records that cannot be read are skipped and returned as errors.
pub fn records_batch(
    paths: &[std::path::PathBuf],
) -> Result<(
    datafusion::arrow::record_batch::RecordBatch,
    Vec<iam_policy_cloudtrail::ReadError>,
)> {
    use datafusion::arrow::datatypes::{Field, Schema};
    let mut builders: Vec<StringBuilder> =
        TABLE_COLUMNS.iter().map(|_| StringBuilder::new()).collect();
    let mut errors = Vec::new();
    iam_policy_cloudtrail::read_paths(paths, &mut |item| {
        let (_, record) = match item {
            Ok(found) => found,
            Err(error) => return errors.push(error),
        };
        let identity_arn = record.user_identity.as_ref().and_then(|i| i.arn.as_deref());
        let values = [
            record.event_source.as_deref(),
            record.event_name.as_deref(),
            record.aws_region.as_deref(),
            record.recipient_account_id.as_deref(),
            record.request_parameters.map(RawValue::get),
            identity_arn,
            record.source_ip_address.as_deref(),
            record.event_time.as_deref(),
            record.error_code.as_deref(),
            record.event_id.as_deref(),
        ];
        for (builder, value) in builders.iter_mut().zip(values) {
            builder.append_option(value);
        }
    });
    let schema = Schema::new(
        TABLE_COLUMNS
            .iter()
            .map(|name| Field::new(*name, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    );
    let columns: Vec<ArrayRef> = builders
        .iter_mut()
        .map(|b| Arc::new(b.finish()) as ArrayRef)
        .collect();
    let batch = datafusion::arrow::record_batch::RecordBatch::try_new(Arc::new(schema), columns)?;
    Ok((batch, errors))
}
