#![deny(deprecated)]
use iam_policy::{policy, Policy};

// `BOOLEAN_NOT_LOWERCASE`: a suggestion, raised to a warning (denied here).
static P: Policy = policy!(#[warn(BOOLEAN_NOT_LOWERCASE)] {
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "Bool": { "aws:SecureTransport": "True" } } }]
});

fn main() {
    let _ = &P;
}
