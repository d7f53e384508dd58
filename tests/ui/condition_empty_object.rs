#![deny(deprecated)]
use iam_policy::{policy, Policy};

// A suggestion is silent in builds; `#[warn(…)]` makes it a warning (here denied).
static P: Policy = policy!(#[warn(EMPTY_OBJECT_CONDITION)] {
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {} }]
});

fn main() {
    let _ = &P;
}
