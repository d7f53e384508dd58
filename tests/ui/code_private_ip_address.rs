use iam_policy::{policy, Policy};

// `PRIVATE_IP_ADDRESS`: an error (deny by default).
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "IpAddress": { "aws:SourceIp": "10.0.0.0/8" } } }]
});

fn main() {
    let _ = &P;
}
