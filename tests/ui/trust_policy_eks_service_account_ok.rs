#![deny(deprecated)]
use iam_policy::{trust_policy, Context, ContextValue, Policy, Principal, Request};

// The trust policy of an EKS role for a service account (awsdocs/amazon-eks-user-guide,
// doc_source/iam-roles-for-service-accounts-technical-overview.md): the cluster's OpenID Connect
// provider is registered with a path, and its claims are keyed `HOST/PATH:claim`.
static POD: Policy = trust_policy!({
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Principal": {
            "Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
        },
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
            "StringEquals": {
                "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:default:my-service-account",
                "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com"
            }
        }
    }]
});

fn main() {
    let provider = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
    let claims = |sub| {
        [
            ("oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud", ContextValue::String("sts.amazonaws.com")),
            ("oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub", ContextValue::String(sub)),
        ]
    };
    let assume = Request::new("sts:AssumeRoleWithWebIdentity", "arn:aws:iam::111122223333:role/pod")
        .with_principal(Principal::Federated(provider));
    let own = claims("system:serviceaccount:default:my-service-account");
    assert!(POD.evaluate(&assume.with_context(Context::new(&own))).is_allowed());
    let other = claims("system:serviceaccount:default:other");
    assert!(!POD.evaluate(&assume.with_context(Context::new(&other))).is_allowed());
}
