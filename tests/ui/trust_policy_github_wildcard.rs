#![deny(deprecated)]
use iam_policy::{trust_policy, Policy};

// A GitHub subject with a wildcard in the repository lets every matching repository assume
// the role (a security warning, denied here).
static DEPLOY: Policy = trust_policy!({
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
            "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
            "StringLike": { "token.actions.githubusercontent.com:sub": "repo:octo-org/*" }
        }
    }]
});

fn main() {
    let _ = &DEPLOY;
}
