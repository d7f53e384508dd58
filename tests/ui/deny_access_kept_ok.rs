use iam_policy::{policy, Policy, Request};

// Proved at build time: whatever the request, this policy never lets logging stop or start on
// the default trail, and grants nothing in IAM.
static DEV: Policy = policy!(
    #[deny_access("cloudtrail:StopLogging", "cloudtrail:StartLogging", resource = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default")]
    #[deny_access("iam:*")]
    {
        "Version": "2012-10-17",
        "Statement": [
            { "Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*" },
            { "Effect": "Deny", "Action": ["cloudtrail:StartLogging", "cloudtrail:StopLogging"],
              "Resource": "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default" }
        ]
    }
);

fn main() {
    assert!(DEV.evaluate(&Request::new("cloudtrail:DescribeTrails", "*")).is_allowed());
}
