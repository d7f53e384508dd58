use iam_policy::{policy, Policy};

// `SEVERAL_ARNS_IN_ONE_STRING`: an error (deny by default).
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*,arn:aws:s3:::b/*" }]
});

fn main() {
    let _ = &P;
}
