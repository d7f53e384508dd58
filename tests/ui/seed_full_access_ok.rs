//! The seed's full-access policy, pasted as is.
use iam_policy::{policy, Policy, Request};

static FULL_ACCESS: Policy = policy!({ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": [ "sns:AddPermission", "sns:CreateTopic", "sns:DeleteTopic", "sns:ListTopics", "sns:SetTopicAttributes", "sns:GetTopicAttributes" ], "Resource": "*" }, { "Effect": "Allow", "Action": [ "s3:CreateBucket", "s3:DeleteBucket", "s3:GetObject", "s3:ListAllMyBuckets", "s3:PutBucketPolicy", "s3:GetBucketLocation", "s3:GetBucketPolicy" ], "Resource": "*" }, { "Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*" }, { "Effect": "Allow", "Action": [ "logs:CreateLogGroup" ], "Resource": "*" }, { "Effect": "Allow", "Action": [ "iam:PassRole", "iam:ListRoles", "iam:GetRolePolicy", "iam:GetUser" ], "Resource": "*" }, { "Effect": "Allow", "Action": [ "kms:ListKeys", "kms:ListAliases" ], "Resource": "*" } ] });

fn main() {
    assert!(FULL_ACCESS.evaluate(&Request::new("cloudtrail:StopLogging", "*")).is_allowed());
    assert!(!FULL_ACCESS.evaluate(&Request::new("s3:PutObject", "*")).is_allowed());
}
