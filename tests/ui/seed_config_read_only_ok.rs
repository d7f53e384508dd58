//! The seed's AWS Config read-only policy, pasted as is.
use iam_policy::{policy, Policy, Request};

static CONFIG_READ_ONLY: Policy = policy!({ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": [ "config:Get*", "config:Describe*", "config:List*" ], "Resource": "*" }] });

fn main() {
    assert!(CONFIG_READ_ONLY.evaluate(&Request::new("config:DescribeConfigRules", "*")).is_allowed());
    assert!(!CONFIG_READ_ONLY.evaluate(&Request::new("config:PutConfigRule", "*")).is_allowed());
}
