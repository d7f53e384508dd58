use iam_policy::{policy, Policy};

// `INVALID_REGION`: an error (deny by default).
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Deny", "Action": "ec2:*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:RequestedRegion": "eu-west1" } } }]
});

fn main() {
    let _ = &P;
}
