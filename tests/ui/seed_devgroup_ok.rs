//! The seed's developer-group pair, pasted as is.
use iam_policy::{policy, Policy, PolicySet, Request};

static DENY: Policy = policy!({ "Version": "2012-10-17", "Statement": [ { "Sid": "Stmt1446057698000", "Effect": "Deny", "Action": [ "cloudtrail:StartLogging", "cloudtrail:StopLogging" ], "Resource": [ "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default" ] } ] });
static ALLOW: Policy = policy!({ "Version": "2012-10-17", "Statement": [ { "Sid": "Stmt1446072643000", "Effect": "Allow", "Action": [ "cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus" ], "Resource": [ "*" ] } ] });
static DEV_GROUP: PolicySet = PolicySet::new(&[&DENY, &ALLOW]);

fn main() {
    let trail = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default";
    assert!(DEV_GROUP.authorize(&Request::new("cloudtrail:GetTrailStatus", trail)).is_ok());
    assert!(DEV_GROUP.authorize(&Request::new("cloudtrail:StopLogging", trail)).unwrap_err().is_explicit());
}
