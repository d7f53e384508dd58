use iam_policy::{policy, Policy};

// `INVALID_SERVICE_PRINCIPAL_VALUE`: an error (deny by default).
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app", "Condition": { "StringEquals": { "iam:PassedToService": "ec2" } } }]
});

fn main() {
    let _ = &P;
}
