#![deny(deprecated)]
use iam_policy::{policy, Policy};

// `UNKNOWN_POLICY_VARIABLE`: a warning (denied here).
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:QuantumTeleportId}/*" }]
});

fn main() {
    let _ = &P;
}
