#![deny(deprecated)]
use iam_policy::{policy, Policy};

// `ARN_RESOURCE_FORMAT`: a warning (denied here).
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "cloudformation:DescribeStacks", "Resource": "arn:aws:cloudformation:us-east-1:111122223333:stack/app" }]
});

fn main() {
    let _ = &P;
}
