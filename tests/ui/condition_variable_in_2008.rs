use iam_policy::{policy, Policy};

static P: Policy = policy!({
    "Version": "2008-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringLike": { "s3:prefix": "home/${aws:username}/*" } } }]
});

fn main() {
    let _ = &P;
}
