use iam_policy::{policy, Policy};

// The developer group may read trails, and by mistake create IAM users.
static DEV: Policy = policy!(#[deny_access("iam:*")] {
    "Version": "2012-10-17",
    "Statement": [
        { "Effect": "Allow", "Action": ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"], "Resource": "*" },
        { "Effect": "Allow", "Action": "iam:CreateUser", "Resource": "arn:aws:iam::111122223333:user/dev-*" }
    ]
});

fn main() {
    let _ = &DEV;
}
