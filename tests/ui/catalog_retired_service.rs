#![deny(deprecated)]
use policy::{policy, Policy};

// AWS managed policies still name retired services and actions: a warning, not an error.
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": ["zocalo:Describe*", "s3:ListBuckets"], "Resource": "*" }]
});

fn main() {
    let _ = &P;
}
