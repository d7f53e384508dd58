//! A policy without `Version` compiles (with a `MISSING_VERSION` warning, see
//! `missing_version_warns.rs`) and is evaluated.
use iam_policy::{policy, Policy, Request};

static P: Policy = policy!({
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]
});

fn main() {
    assert!(P.evaluate(&Request::new("s3:GetObject", "*")).is_allowed());
}
