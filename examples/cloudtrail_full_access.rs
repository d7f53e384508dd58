//! The CloudTrail guide's full-access policy, read from `examples/policies/` (a byte-exact
//! copy of the guide's text) with `include_policy!`: every CloudTrail action, plus what is
//! needed to manage the S3 buckets, CloudWatch Logs log groups and SNS topics of the trails.
//!
//! Run with `cargo run --example cloudtrail_full_access`.

use iam_policy::{include_policy, Policy, Request};

/// Full access to CloudTrail; the path is relative to the package's `Cargo.toml`.
///
/// The checker warns about this policy as the guide wrote it: it allows `iam:PassRole` on
/// every resource. The warning is expected here, so that the example keeps the guide's text.
#[expect(
    deprecated,
    reason = "the guide's policy allows iam:PassRole on `*` (PASS_ROLE_WITH_STAR_IN_RESOURCE)"
)]
static FULL_ACCESS: Policy = include_policy!("examples/policies/cloudtrail_full_access.json")
    .with_name("CloudTrailFullAccess");

fn main() {
    let requests = [
        "cloudtrail:CreateTrail",
        "cloudtrail:StartLogging",
        "cloudtrail:StopLogging",
        "cloudtrail:DeleteTrail",
        "s3:CreateBucket",
        "sns:CreateTopic",
        "logs:CreateLogGroup",
        "iam:PassRole",
        "s3:PutObject",
        "sns:Publish",
        "config:GetResourceConfigHistory",
    ];
    for action in requests {
        println!(
            "{action:32} {}",
            FULL_ACCESS.evaluate(&Request::new(action, "*"))
        );
    }
}
