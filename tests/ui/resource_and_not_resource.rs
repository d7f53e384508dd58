use iam_policy::{policy, Policy};

static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Deny", "Action": "s3:*", "Resource": "*", "NotResource": "arn:aws:s3:::public/*" }]
});

fn main() {
    let _ = &P;
}
