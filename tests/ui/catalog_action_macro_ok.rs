use iam_policy::{action, policy, Action, Decision, Policy, Request};

const STOP_LOGGING: Action<'static> = action!("cloudtrail:StopLogging");
const DESCRIBE: Action<'static> = action!("CloudTrail:describetrails");

static DEV: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [
        { "Effect": "Deny", "Action": "cloudtrail:StopLogging",
          "Resource": "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default" },
        { "Effect": "Allow", "Action": "cloudtrail:DescribeTrails", "Resource": "*" }
    ]
});

fn main() {
    assert_eq!(DESCRIBE.as_str(), "cloudtrail:DescribeTrails");
    let trail = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default";
    assert!(matches!(DEV.evaluate(&Request::new(STOP_LOGGING, trail)), Decision::ExplicitDeny(_)));
    assert!(DEV.evaluate(&Request::new(DESCRIBE, "*")).is_allowed());
}
