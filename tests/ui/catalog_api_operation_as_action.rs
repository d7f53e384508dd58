#![deny(deprecated)]
use iam_policy::{policy, Policy};

// API operations written as actions match nothing, but the operation's documentation names the
// action meant: the fix when it names one (`s3:ListObjectsV2` is `s3:ListBucket`), else a help.
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow",
        "Action": ["s3:ListObjectsV2", "s3:ListBuckets", "s3:HeadObject"],
        "Resource": "*" }]
});

fn main() {
    let _ = &P;
}
