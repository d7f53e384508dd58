use iam_policy::{policy, Policy};

// A group sets every code in it: `security` findings become errors for this policy.
static P: Policy = policy!(#[deny(security)] {
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "NotAction": "iam:*", "Resource": "*" }]
});

fn main() {
    let _ = &P;
}
