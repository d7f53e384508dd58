use iam_policy::{policy, Policy};

// The analysis's redundancy findings are suggestions, silent in builds; raised to errors here
// (`#[deny(suggestion)]`), each points at the redundant part and names what covers it.
static P: Policy = policy!(#[deny(suggestion)] {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Read",
            "Effect": "Allow",
            "Action": ["s3:Get*", "s3:GetObject"],
            "Resource": ["arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/report.csv"]
        },
        { "Sid": "Again", "Effect": "Allow", "Action": "s3:GetObjectAcl", "Resource": "arn:aws:s3:::bucket/a" },
        { "Sid": "Users", "Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*" },
        { "Sid": "NoIam", "Effect": "Deny", "Action": "iam:*", "Resource": "*" }
    ]
});

fn main() {
    let _ = &P;
}
