use iam_policy::{trust_policy, Policy};

// `MISMATCHED_ACTION_FOR_PRINCIPAL`: an error (deny by default).
static P: Policy = trust_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::111122223333:saml-provider/ExampleOrg" }, "Action": "sts:AssumeRole" }]
});

fn main() {
    let _ = &P;
}
