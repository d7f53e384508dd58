//! The seed's read-only policy, pasted as is.
use iam_policy::{policy, Policy, Request};

static READ_ONLY: Policy = policy!({ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": [ "s3:GetObject", "s3:GetBucketLocation" ], "Resource": "*" }, { "Effect": "Allow", "Action": [ "cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:LookupEvents", "s3:ListAllMyBuckets", "kms:ListAliases" ], "Resource": "*" } ] });

fn main() {
    assert!(READ_ONLY.evaluate(&Request::new("cloudtrail:LookupEvents", "*")).is_allowed());
    assert!(!READ_ONLY.evaluate(&Request::new("cloudtrail:StopLogging", "*")).is_allowed());
}
