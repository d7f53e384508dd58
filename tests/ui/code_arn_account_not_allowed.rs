use iam_policy::{policy, Policy};

// `ARN_ACCOUNT_NOT_ALLOWED`: an error (deny by default).
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3::111122223333:my-bucket/*" }]
});

fn main() {
    let _ = &P;
}
