#![deny(deprecated)]
use iam_policy::{policy, Policy};

static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports",
        "Condition": { "DateGreaterThan": { "s3:prefix": "2024-01-01T00:00:00Z" } } }]
});

fn main() {
    let _ = &P;
}
