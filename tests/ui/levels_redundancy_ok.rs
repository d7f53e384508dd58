#![deny(deprecated)]
use iam_policy::{policy, Policy};

// Redundant parts are not looked for by default (the analysis is allowed by default), and an
// `allow` of one that the policy has counts as used.
static QUIET: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "*" }]
});

static ALLOWED: Policy = policy!(#[allow(REDUNDANT_ACTION)] #[warn(REDUNDANT_RESOURCE)] {
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "*" }]
});

fn main() {
    let request = iam_policy::Request::new("s3:GetObject", "arn:aws:s3:::b/k");
    assert!(QUIET.evaluate(&request).is_allowed());
    assert!(ALLOWED.evaluate(&request).is_allowed());
}
