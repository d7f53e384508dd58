use iam_policy::{policy, Policy};

static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [
        { "Sid": "ReadObjects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" },
        { "Sid": "ReadObjects", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*" }
    ]
});

fn main() {
    let _ = &P;
}
