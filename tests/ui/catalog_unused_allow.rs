#![deny(deprecated)]
use iam_policy::{policy, Policy};

static P: Policy = policy!(#[allow(PASS_ROLE_WITH_STAR_IN_RESOURCES)] {
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }]
});

fn main() {
    let _ = &P;
}
