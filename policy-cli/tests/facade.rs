//! A policy loaded at run time (as `policy eval` loads them) joins a `PolicySet` beside
//! `policy!` constants, through the facade a user depends on.

use iam_policy::{policy, LoadedPolicy, Policy, PolicySet, Request};

static DESCRIBE_ANY_TRAIL: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "Stmt1446072643000", "Effect": "Allow",
        "Action": ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"],
        "Resource": ["*"] }]
});

const DENY_DEFAULT_TRAIL_LOGGING: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "Stmt1446057698000", "Effect": "Deny",
        "Action": ["cloudtrail:StartLogging", "cloudtrail:StopLogging", "cloudtrail:GetTrailStatus"],
        "Resource": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/Default"] }]
}"#;

const TRAIL: &str = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default";

#[test]
fn a_loaded_policy_and_a_const_policy_decide_together() {
    let loaded = LoadedPolicy::from_json(DENY_DEFAULT_TRAIL_LOGGING)
        .unwrap()
        .with_name("DenyDefaultTrailLogging");
    let view = loaded.as_policy();
    let policies = [&DESCRIBE_ANY_TRAIL, &view];
    let set = PolicySet::new(&policies);

    // The loaded Deny beats the const Allow on the default trail, not on another one.
    let denied = set
        .authorize(&Request::new("cloudtrail:GetTrailStatus", TRAIL))
        .unwrap_err();
    assert!(denied.is_explicit());
    assert!(denied
        .to_string()
        .contains("policy `DenyDefaultTrailLogging`"));
    let other = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Other";
    let allowed = set
        .authorize(&Request::new("cloudtrail:GetTrailStatus", other))
        .unwrap();
    assert_eq!(allowed.policy_index(), 0);
    assert_eq!(allowed.sid(), Some("Stmt1446072643000"));
}

#[test]
fn the_same_document_as_const_and_as_text_decides_alike() {
    let text = r#"{
        "Version": "2012-10-17",
        "Statement": [{ "Sid": "Stmt1446072643000", "Effect": "Allow",
            "Action": ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"],
            "Resource": ["*"] }]
    }"#;
    let loaded = LoadedPolicy::from_json(text).unwrap();
    for action in [
        "cloudtrail:DescribeTrails",
        "CLOUDTRAIL:gettrailstatus",
        "cloudtrail:StopLogging",
        "s3:GetObject",
    ] {
        let request = Request::new(action, TRAIL);
        assert_eq!(
            loaded.evaluate(&request),
            DESCRIBE_ANY_TRAIL.evaluate(&request),
            "{action}"
        );
    }
    // serde through the facade's `serde` feature: canonical JSON loads back.
    let again: LoadedPolicy =
        serde_json::from_str(&serde_json::to_string(&loaded).unwrap()).unwrap();
    assert_eq!(again.tables(), loaded.tables());
}
