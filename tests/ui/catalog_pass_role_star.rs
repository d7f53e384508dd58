#![deny(deprecated)]
use iam_policy::{policy, Policy};

static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [
        { "Effect": "Allow", "Action": ["ec2:RunInstances", "iam:PassRole"], "Resource": "*" },
        { "Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*" }
    ]
});

fn main() {
    let _ = &P;
}
