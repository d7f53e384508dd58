#![deny(deprecated)]
use iam_policy::{policy, Policy};

// `UNKNOWN_GLOBAL_CONDITION_KEY`: a warning (denied here).
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "aws:QuantumEntanglementState": "on" } } }]
});

fn main() {
    let _ = &P;
}
