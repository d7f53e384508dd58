//! Proofs about the seed's policies, over every request: what the developer group of the AWS
//! CloudTrail guide can never do, whatever the action, resource or context.

use iam_policy::{include_policy, policy, Policy};
use iam_policy_analyze::Analyzer;

static DENY_DEFAULT_TRAIL_LOGGING: Policy = policy!({ "Version": "2012-10-17", "Statement": [ { "Sid": "Stmt1446057698000", "Effect": "Deny", "Action": [ "cloudtrail:StartLogging", "cloudtrail:StopLogging" ], "Resource": [ "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default" ] } ] });
static DESCRIBE_ANY_TRAIL: Policy = policy!({ "Version": "2012-10-17", "Statement": [ { "Sid": "Stmt1446072643000", "Effect": "Allow", "Action": [ "cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus" ], "Resource": [ "*" ] } ] });
/// The guide's full-access policy (it allows `iam:PassRole` on `*`, as the guide writes it).
static FULL_ACCESS: Policy = include_policy!(
    #[allow(PASS_ROLE_WITH_STAR_IN_RESOURCE)]
    "examples/policies/cloudtrail_full_access.json"
);

const DEFAULT_TRAIL: &str = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default";
const LOGGING: [&str; 2] = ["cloudtrail:StopLogging", "cloudtrail:StartLogging"];

#[test]
fn the_developer_group_can_never_stop_or_start_logging_on_the_default_trail() {
    let group = [DENY_DEFAULT_TRAIL_LOGGING, DESCRIBE_ANY_TRAIL];
    let verdict = Analyzer::new()
        .access_not_granted(&group, &LOGGING, &[DEFAULT_TRAIL])
        .unwrap();
    assert!(verdict.is_pass(), "{verdict:?}");
    // Nor on any trail, nor anything but reading trails.
    let verdict = Analyzer::new()
        .access_not_granted(
            &group,
            &["cloudtrail:*Logging", "cloudtrail:Delete*", "iam:*"],
            &[],
        )
        .unwrap();
    assert!(verdict.is_pass(), "{verdict:?}");
}

#[test]
fn the_deny_keeps_holding_when_the_group_gets_full_access() {
    // The proof has teeth: full access alone can stop logging, with the deny it cannot.
    let analyzer = Analyzer::new();
    let alone = analyzer
        .access_not_granted(&[FULL_ACCESS], &LOGGING, &[DEFAULT_TRAIL])
        .unwrap();
    assert!(!alone.is_pass());
    let request = &alone.counterexamples[0];
    assert_eq!(request.resource, DEFAULT_TRAIL);
    assert!(request.allowed_by(&[FULL_ACCESS]));
    let with_deny = analyzer
        .access_not_granted(
            &[FULL_ACCESS, DENY_DEFAULT_TRAIL_LOGGING],
            &LOGGING,
            &[DEFAULT_TRAIL],
        )
        .unwrap();
    assert!(with_deny.is_pass(), "{with_deny:?}");
    // Adding the deny to the group gives nothing new; removing it does.
    let group = [FULL_ACCESS, DENY_DEFAULT_TRAIL_LOGGING];
    assert!(analyzer.no_new_access(&group, &[FULL_ACCESS]).is_pass());
    let loosened = analyzer.no_new_access(&[FULL_ACCESS], &group);
    assert!(LOGGING.contains(&loosened.counterexamples[0].action.as_str()));
}
