//! `Statement` may be one object, and `Action`/`Resource` one string; `Id` is only a warning.
use iam_policy::{policy, Policy, Request};

static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": { "Sid": "ReadTrails", "Effect": "Allow", "Action": "cloudtrail:Describe*", "Resource": "*" }
});

fn main() {
    assert!(P.evaluate(&Request::new("CloudTrail:describetrails", "*")).is_allowed());
}
