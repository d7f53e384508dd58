//! The developer group of the CloudTrail guide, end to end: two policies attached to one group,
//! replaying the guide's CLI session as guard calls.
//!
//! Run with `cargo run --example cloudtrail_devgroup`.

use iam_policy::{policy, Policy, PolicySet, Request};

/// Denies starting and stopping logging on the `Default` trail.
static DENY_DEFAULT_TRAIL_LOGGING: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [ {
        "Sid": "Stmt1446057698000",
        "Effect": "Deny",
        "Action": [ "cloudtrail:StartLogging", "cloudtrail:StopLogging" ],
        "Resource": [ "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default" ]
    } ]
})
.with_name("DenyDefaultTrailLogging");

/// Allows describing any trail and reading its status.
static DESCRIBE_ANY_TRAIL: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [ {
        "Sid": "Stmt1446072643000",
        "Effect": "Allow",
        "Action": [ "cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus" ],
        "Resource": [ "*" ]
    } ]
})
.with_name("DescribeAnyTrail");

/// The policies attached to the developer group.
static DEV_GROUP: PolicySet = PolicySet::new(&[&DENY_DEFAULT_TRAIL_LOGGING, &DESCRIBE_ANY_TRAIL]);

const DEFAULT_TRAIL: &str = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default";

fn main() {
    let session = [
        (
            "aws --profile devgroup cloudtrail describe-trails",
            "cloudtrail:DescribeTrails",
            "*",
        ),
        (
            "aws --profile devgroup cloudtrail get-trail-status --name Default",
            "cloudtrail:GetTrailStatus",
            DEFAULT_TRAIL,
        ),
        (
            "aws --profile devgroup cloudtrail stop-logging --name Default",
            "cloudtrail:StopLogging",
            DEFAULT_TRAIL,
        ),
        (
            "aws --profile devgroup cloudtrail start-logging --name Default",
            "cloudtrail:StartLogging",
            DEFAULT_TRAIL,
        ),
    ];
    for (command, action, resource) in session {
        println!("$ {command}");
        match DEV_GROUP.authorize(&Request::new(action, resource)) {
            Ok(statement) => println!("  allowed by {statement}"),
            Err(denied) => println!("  AccessDenied: {denied}"),
        }
    }
}
