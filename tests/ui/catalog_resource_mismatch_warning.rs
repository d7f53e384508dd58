// Warnings are deprecation warnings: denying them makes this case fail, showing the warning.
#![deny(deprecated)]
use iam_policy::{policy, Policy};

static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": ["cloudtrail:LookupEvents", "cloudtrail:GetTrailStatus"],
        "Resource": "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default" }]
});

fn main() {
    let _ = &P;
}
