use iam_policy::{policy, Policy};

// `INVALID_ORG_ID_FORMAT`: an error (deny by default).
static P: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:PrincipalOrgID": "arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5" } } }]
});

fn main() {
    let _ = &P;
}
