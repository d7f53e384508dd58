use iam_policy::{resource_policy, Policy};

static P: Policy = resource_policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:user/*" }, "Action": "s3:GetObject", "Resource": "*" }]
});

fn main() {
    let _ = &P;
}
