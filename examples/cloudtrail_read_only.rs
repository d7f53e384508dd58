//! The CloudTrail guide's read-only policy, pasted into `policy!` as written: users may see
//! trail information and read objects in S3, but not create or update trails or turn logging
//! on and off.
//!
//! Run with `cargo run --example cloudtrail_read_only`.

use iam_policy::{policy, Policy, Request};

/// Read-only access to CloudTrail trails (and reading the log objects in S3).
static READ_ONLY: Policy = policy!({ "Version": "2012-10-17", "Statement": [
    { "Effect": "Allow", "Action": [ "s3:GetObject", "s3:GetBucketLocation" ], "Resource": "*" },
    { "Effect": "Allow", "Action": [ "cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:LookupEvents", "s3:ListAllMyBuckets", "kms:ListAliases" ], "Resource": "*" }
] })
.with_name("CloudTrailReadOnly");

fn main() {
    let requests = [
        "cloudtrail:DescribeTrails",
        "cloudtrail:GetTrailStatus",
        "cloudtrail:LookupEvents",
        "s3:GetObject",
        "kms:ListAliases",
        "cloudtrail:CreateTrail",
        "cloudtrail:UpdateTrail",
        "cloudtrail:StartLogging",
        "cloudtrail:StopLogging",
    ];
    for action in requests {
        println!(
            "{action:28} {}",
            READ_ONLY.evaluate(&Request::new(action, "*"))
        );
    }
}
