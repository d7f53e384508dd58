use iam_policy::{trust_policy, Policy};

// `UNSUPPORTED_ACTION_IN_TRUST_POLICY`: an error (deny by default).
static P: Policy = trust_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "s3:GetObject" }]
});

fn main() {
    let _ = &P;
}
