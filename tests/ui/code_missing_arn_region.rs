use iam_policy::{policy, Policy};

// `MISSING_ARN_REGION`: an error (deny by default).
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "arn:aws:ec2::111122223333:instance/i-0123456789abcdef0" }]
});

fn main() {
    let _ = &P;
}
