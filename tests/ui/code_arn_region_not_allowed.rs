use iam_policy::{policy, Policy};

// `ARN_REGION_NOT_ALLOWED`: an error (deny by default).
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam:us-east-1:111122223333:role/Admin" }]
});

fn main() {
    let _ = &P;
}
