use iam_policy::{policy, Policy};

// `PRIVATE_NOT_IP_ADDRESS`: an error (deny by default).
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "NotIpAddress": { "aws:SourceIp": "192.168.0.0/16" } } }]
});

fn main() {
    let _ = &P;
}
