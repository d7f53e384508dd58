#![deny(deprecated)]
use iam_policy::{trust_policy, Context, ContextValue, Policy, Principal, Request};

// GitHub Actions of one repository's main branch assume the role.
static DEPLOY: Policy = trust_policy!({
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
            "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
            "StringLike": { "token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main" }
        }
    }]
});

fn main() {
    let provider = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
    let claims = |sub| {
        [
            ("token.actions.githubusercontent.com:aud", ContextValue::String("sts.amazonaws.com")),
            ("token.actions.githubusercontent.com:sub", ContextValue::String(sub)),
        ]
    };
    let assume = Request::new("sts:AssumeRoleWithWebIdentity", "arn:aws:iam::111122223333:role/deploy")
        .with_principal(Principal::Federated(provider));
    let main = claims("repo:octo-org/octo-repo:ref:refs/heads/main");
    assert!(DEPLOY.evaluate(&assume.with_context(Context::new(&main))).is_allowed());
    let fork = claims("repo:someone/octo-repo:ref:refs/heads/main");
    assert!(!DEPLOY.evaluate(&assume.with_context(Context::new(&fork))).is_allowed());
}
