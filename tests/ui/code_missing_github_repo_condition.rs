#![deny(deprecated)]
use iam_policy::{trust_policy, Policy};

// `MISSING_GITHUB_REPO_CONDITION`: a warning (denied here).
static P: Policy = trust_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } } }]
});

fn main() {
    let _ = &P;
}
