#![deny(deprecated)]
use iam_policy::{policy, Policy};

// An action newer than the catalog (close to no known one: a warning), allowed for this policy:
// it builds without a warning, and the statement keeps its meaning (the action is matched as
// written).
static P: Policy = policy!(#[allow(UNKNOWN_ACTION)] {
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObjectFromTheFuture", "Resource": "*" }]
});

fn main() {
    let request = iam_policy::Request::new("s3:GetObjectFromTheFuture", "arn:aws:s3:::b/k");
    assert!(P.evaluate(&request).is_allowed());
}
