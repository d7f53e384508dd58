use iam_policy::{policy, Policy};

static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "NullIfExists": { "aws:TokenIssueTime": "true" } } }]
});

fn main() {
    let _ = &P;
}
