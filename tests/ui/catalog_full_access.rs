#![deny(deprecated)]
use iam_policy::{policy, Policy};

static ADMIN: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }]
});
static ALL_BUT_IAM: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "NotAction": "iam:*", "Resource": "*" }]
});

fn main() {
    let _ = (&ADMIN, &ALL_BUT_IAM);
}
