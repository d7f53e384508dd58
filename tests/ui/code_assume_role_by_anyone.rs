#![deny(deprecated)]
use iam_policy::{trust_policy, Policy};

// `ASSUME_ROLE_BY_ANYONE`: a warning (denied here).
static P: Policy = trust_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "*" }, "Action": "sts:AssumeRole" }]
});

fn main() {
    let _ = &P;
}
