#![deny(deprecated)]
use iam_policy::{policy, Policy};

// `UNKNOWN_ARN_SERVICE`: a warning (denied here): an ARN service close to no known one may be
// newer than the catalog. A near miss (`cloudtrial`) is `INVALID_SERVICE`, an error.
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:quantumledger:::x"] }]
});

fn main() {
    let _ = &P;
}
