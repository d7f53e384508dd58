use iam_policy::{trust_policy, Policy};

// `NOT_PRINCIPAL_IN_TRUST_POLICY`: a hard error.
static P: Policy = trust_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Deny", "NotPrincipal": { "AWS": "111122223333" }, "Action": "sts:AssumeRole" }]
});

fn main() {
    let _ = &P;
}
