#![deny(deprecated)]
use iam_policy::{trust_policy, Policy};

// `MISSING_AUDIENCE_CONDITION`: a warning (denied here).
static P: Policy = trust_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Principal": { "Federated": "accounts.google.com" }, "Action": "sts:AssumeRoleWithWebIdentity" }]
});

fn main() {
    let _ = &P;
}
