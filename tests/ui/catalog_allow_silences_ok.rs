#![deny(deprecated)]
use iam_policy::{policy, Policy, Request};

// The opt-in names the finding it silences; other findings still show.
static DEPLOYER: Policy = policy!(#[allow(PASS_ROLE_WITH_STAR_IN_RESOURCE)] {
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }]
});

fn main() {
    assert!(DEPLOYER.evaluate(&Request::new("iam:PassRole", "arn:aws:iam::111122223333:role/app")).is_allowed());
}
