use iam_policy::{policy, Policy};

// `INVALID_VPC_FORMAT`: an error (deny by default).
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:SourceVpc": "vpce-1a2b3c4d" } } }]
});

fn main() {
    let _ = &P;
}
