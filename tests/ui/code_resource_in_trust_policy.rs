use iam_policy::{trust_policy, Policy};

// `RESOURCE_IN_TRUST_POLICY`: a hard error.
static P: Policy = trust_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole", "Resource": "*" }]
});

fn main() {
    let _ = &P;
}
