use iam_policy::{policy, Policy};

static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Deny", "Action": "cloudtrail:StopLogging",
        "Resource": "arn:aws:cloudtrail:us-east-1:111122223333:trial/Default" }]
});

fn main() {
    let _ = &P;
}
