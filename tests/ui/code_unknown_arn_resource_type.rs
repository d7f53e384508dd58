#![deny(deprecated)]
use iam_policy::{policy, Policy};

// `UNKNOWN_ARN_RESOURCE_TYPE`: a warning (denied here).
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "cloudtrail:GetTrail", "Resource": "arn:aws:cloudtrail:us-east-1:111122223333:hologram/Default" }]
});

fn main() {
    let _ = &P;
}
