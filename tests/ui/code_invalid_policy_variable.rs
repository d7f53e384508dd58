use iam_policy::{policy, Policy};

// `INVALID_POLICY_VARIABLE`: an error (deny by default).
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:usrname}/*" }]
});

fn main() {
    let _ = &P;
}
