#![deny(deprecated)]

use iam_policy::{policy, Policy};

static P: Policy = policy!({
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]
});

fn main() {
    let _ = &P;
}
