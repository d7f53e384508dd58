use iam_policy::{resource_policy, Policy};

static P: Policy = resource_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]
});

fn main() {
    let _ = &P;
}
