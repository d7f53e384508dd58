use iam_policy::{policy, Policy};

static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:Get_Object", "Resource": "*" }]
});

fn main() {
    let _ = &P;
}
