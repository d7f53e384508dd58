use iam_policy::{policy, Policy};

static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports",
        "Condition": { "StringLike": { "s3:prefx": "home/*" } } }]
});

fn main() {
    let _ = &P;
}
