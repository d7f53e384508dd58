//! Every decision of the seed scenario (the CloudTrail guide's "Granting Custom Permissions for
//! CloudTrail Users"), through the public API of `policy` only.
//!
//! The policies are the guide's, exactly as written: the developer-group pair pasted into
//! `policy!`, the others read with `include_policy!` from byte-exact copies in
//! `examples/policies/` (paths relative to the package's `Cargo.toml`).

use iam_policy::{
    include_policy, policy, Decision, DenyCause, LoadedPolicy, Policy, PolicySet, Request,
};

const DEFAULT_TRAIL: &str = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default";
const OTHER_TRAIL: &str = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Other";

// P1 and P2 of the worked example (IAM reference, section 9), pasted from the guide.
static DENY_DEFAULT_TRAIL_LOGGING: Policy = policy!({ "Version": "2012-10-17", "Statement": [ { "Sid": "Stmt1446057698000", "Effect": "Deny", "Action": [ "cloudtrail:StartLogging", "cloudtrail:StopLogging" ], "Resource": [ "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default" ] } ] })
.with_name("DenyDefaultTrailLogging");
static DESCRIBE_ANY_TRAIL: Policy = policy!({ "Version": "2012-10-17", "Statement": [ { "Sid": "Stmt1446072643000", "Effect": "Allow", "Action": [ "cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus" ], "Resource": [ "*" ] } ] })
.with_name("DescribeAnyTrail");

static DEV_GROUP: PolicySet = PolicySet::new(&[&DENY_DEFAULT_TRAIL_LOGGING, &DESCRIBE_ANY_TRAIL]);
static DEV_GROUP_REVERSED: PolicySet =
    PolicySet::new(&[&DESCRIBE_ANY_TRAIL, &DENY_DEFAULT_TRAIL_LOGGING]);

static READ_ONLY: Policy = include_policy!("examples/policies/cloudtrail_read_only.json");
#[expect(
    deprecated,
    reason = "the guide's policy allows iam:PassRole on `*` (PASS_ROLE_WITH_STAR_IN_RESOURCE)"
)]
static FULL_ACCESS: Policy = include_policy!("examples/policies/cloudtrail_full_access.json");
static CONFIG_READ_ONLY: Policy = include_policy!("examples/policies/config_read_only.json");
static DENY_FROM_FILE: Policy =
    include_policy!("examples/policies/deny_default_trail_logging.json");
static ALLOW_FROM_FILE: Policy = include_policy!("examples/policies/describe_any_trail.json");

/// The seed's policy files, with the name of their copy in `examples/policies/`.
const SEED_FILES: [(&str, &str); 5] = [
    (
        "cloudtrail_read_only.json",
        include_str!("../examples/policies/cloudtrail_read_only.json"),
    ),
    (
        "cloudtrail_full_access.json",
        include_str!("../examples/policies/cloudtrail_full_access.json"),
    ),
    (
        "deny_default_trail_logging.json",
        include_str!("../examples/policies/deny_default_trail_logging.json"),
    ),
    (
        "describe_any_trail.json",
        include_str!("../examples/policies/describe_any_trail.json"),
    ),
    (
        "config_read_only.json",
        include_str!("../examples/policies/config_read_only.json"),
    ),
];

fn decide(set: &PolicySet<'_, 'static>, action: &str, resource: &str) -> Decision<'static> {
    set.evaluate(&Request::new(action, resource))
}

fn allowed(policy: &Policy, action: &str, resource: &str) -> bool {
    policy
        .evaluate(&Request::new(action, resource))
        .is_allowed()
}

// --- The worked example table (IAM reference, section 9) -----------------------------------

#[test]
fn describe_trails_on_any_resource_is_allowed_by_p2() {
    let Decision::Allow(by) = decide(&DEV_GROUP, "cloudtrail:DescribeTrails", "*") else {
        panic!("DescribeTrails on * must be allowed");
    };
    assert_eq!(by.policy_index(), 1);
    assert_eq!(by.policy_name(), Some("DescribeAnyTrail"));
    assert_eq!(by.statement_index(), 0);
    assert_eq!(by.sid(), Some("Stmt1446072643000"));
}

#[test]
fn get_trail_status_on_the_default_trail_is_allowed_by_p2() {
    let decision = decide(&DEV_GROUP, "cloudtrail:GetTrailStatus", DEFAULT_TRAIL);
    assert!(decision.is_allowed());
    assert_eq!(
        decision.statement().unwrap().sid(),
        Some("Stmt1446072643000")
    );
}

#[test]
fn lowercase_stop_logging_on_the_default_trail_is_explicitly_denied_by_p1() {
    let Decision::ExplicitDeny(by) = decide(&DEV_GROUP, "cloudtrail:stoplogging", DEFAULT_TRAIL)
    else {
        panic!("actions match case-insensitively: the deny must apply");
    };
    assert_eq!(by.policy_index(), 0);
    assert_eq!(by.policy_name(), Some("DenyDefaultTrailLogging"));
    assert_eq!(by.sid(), Some("Stmt1446057698000"));
}

#[test]
fn start_logging_on_another_trail_is_implicitly_denied() {
    assert_eq!(
        decide(&DEV_GROUP, "cloudtrail:StartLogging", OTHER_TRAIL),
        Decision::ImplicitDeny
    );
}

#[test]
fn lookup_events_is_implicitly_denied() {
    assert_eq!(
        decide(&DEV_GROUP, "cloudtrail:LookupEvents", "*"),
        Decision::ImplicitDeny
    );
}

// --- The guide's CLI session --------------------------------------------------------------

#[test]
fn cli_session_of_the_developer_group() {
    assert!(DEV_GROUP
        .authorize(&Request::new("cloudtrail:DescribeTrails", "*"))
        .is_ok());
    assert!(DEV_GROUP
        .authorize(&Request::new("cloudtrail:GetTrailStatus", DEFAULT_TRAIL))
        .is_ok());
    for action in ["cloudtrail:StopLogging", "cloudtrail:StartLogging"] {
        let denied = DEV_GROUP
            .authorize(&Request::new(action, DEFAULT_TRAIL))
            .unwrap_err();
        assert!(denied.is_explicit(), "{action}");
        assert_eq!(denied.action(), action);
        assert_eq!(denied.resource(), DEFAULT_TRAIL);
    }
}

#[test]
fn access_denied_message_for_an_explicit_deny() {
    let denied = DEV_GROUP
        .authorize(&Request::new("cloudtrail:StopLogging", DEFAULT_TRAIL))
        .unwrap_err();
    assert_eq!(
        denied.to_string(),
        "not authorized to perform: cloudtrail:StopLogging on resource: \
         arn:aws:cloudtrail:us-east-1:111122223333:trail/Default with an explicit deny in \
         statement `Stmt1446057698000` of policy `DenyDefaultTrailLogging`"
    );
    let DenyCause::ExplicitDeny(by) = denied.cause() else {
        panic!("explicit deny expected");
    };
    assert_eq!(by.sid(), Some("Stmt1446057698000"));
}

#[test]
fn access_denied_message_when_nothing_allows() {
    let denied = DEV_GROUP
        .authorize(&Request::new("cloudtrail:StartLogging", OTHER_TRAIL))
        .unwrap_err();
    assert!(!denied.is_explicit());
    assert_eq!(denied.cause(), DenyCause::NoAllow);
    assert_eq!(
        denied.to_string(),
        "not authorized to perform: cloudtrail:StartLogging on resource: \
         arn:aws:cloudtrail:us-east-1:111122223333:trail/Other because no policy allows the \
         cloudtrail:StartLogging action"
    );
}

#[test]
fn access_denied_is_a_std_error() {
    fn boxed(error: impl std::error::Error + 'static) -> Box<dyn std::error::Error> {
        Box::new(error)
    }
    static DENY: Policy = policy!({ "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Action": "cloudtrail:*", "Resource": "*" } ] });
    static SET: PolicySet = PolicySet::new(&[&DENY]);
    let error = boxed(
        SET.authorize(&Request::new("cloudtrail:DeleteTrail", "*"))
            .unwrap_err(),
    );
    assert!(error.to_string().contains("explicit deny in statement #0"));
}

#[test]
fn policy_order_in_a_set_never_changes_a_decision() {
    let requests = [
        ("cloudtrail:DescribeTrails", "*"),
        ("cloudtrail:DescribeTrails", DEFAULT_TRAIL),
        ("cloudtrail:GetTrailStatus", DEFAULT_TRAIL),
        ("cloudtrail:StopLogging", DEFAULT_TRAIL),
        ("CLOUDTRAIL:STARTLOGGING", DEFAULT_TRAIL),
        ("cloudtrail:StartLogging", OTHER_TRAIL),
        ("cloudtrail:LookupEvents", "*"),
        ("s3:GetObject", "*"),
    ];
    for (action, resource) in requests {
        let forward = decide(&DEV_GROUP, action, resource);
        let reversed = decide(&DEV_GROUP_REVERSED, action, resource);
        assert_eq!(forward.kind(), reversed.kind(), "{action} on {resource}");
        assert_eq!(
            forward.statement().and_then(|s| s.sid()),
            reversed.statement().and_then(|s| s.sid()),
            "{action} on {resource}"
        );
    }
}

#[test]
fn a_deny_beats_an_allow_of_the_same_request() {
    static ALLOW_ALL_CLOUDTRAIL: Policy = policy!({ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*" } ] });
    static SET: PolicySet = PolicySet::new(&[&ALLOW_ALL_CLOUDTRAIL, &DENY_DEFAULT_TRAIL_LOGGING]);
    assert!(matches!(
        decide(&SET, "cloudtrail:StopLogging", DEFAULT_TRAIL),
        Decision::ExplicitDeny(_)
    ));
    assert!(decide(&SET, "cloudtrail:StopLogging", OTHER_TRAIL).is_allowed());
}

#[test]
fn resources_match_case_sensitively() {
    let lower_trail = "arn:aws:cloudtrail:us-east-1:111122223333:trail/default";
    assert_eq!(
        decide(&DEV_GROUP, "cloudtrail:StopLogging", lower_trail),
        Decision::ImplicitDeny
    );
}

// --- The wildcard examples of the guide ---------------------------------------------------

#[test]
fn star_logging_matches_start_and_stop_logging_only() {
    static LOGGING: Policy = policy!({ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ["cloudtrail:*Logging"], "Resource": "*" } ] });
    assert!(allowed(&LOGGING, "cloudtrail:StartLogging", "*"));
    assert!(allowed(&LOGGING, "cloudtrail:StopLogging", DEFAULT_TRAIL));
    assert!(allowed(&LOGGING, "cloudtrail:stoplogging", "*"));
    assert!(!allowed(&LOGGING, "cloudtrail:LookupEvents", "*"));
    assert!(!allowed(&LOGGING, "cloudtrail:StartLoggingNow", "*"));
    assert!(!allowed(&LOGGING, "logs:StartLogging", "*"));
}

#[test]
fn cloudtrail_star_allows_cloudtrail_only() {
    static CLOUDTRAIL: Policy = policy!({ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ["cloudtrail:*"], "Resource": "*" } ] });
    assert!(allowed(&CLOUDTRAIL, "cloudtrail:CreateTrail", "*"));
    assert!(allowed(&CLOUDTRAIL, "cloudtrail:LookupEvents", "*"));
    assert!(!allowed(&CLOUDTRAIL, "s3:GetObject", "*"));
    assert!(!allowed(&CLOUDTRAIL, "cloudtrail-data:PutAuditEvents", "*"));
}

#[test]
fn star_allows_every_action() {
    #[expect(
        deprecated,
        reason = "every action on every resource is administrator access (STAR_IN_ACTION_AND_RESOURCE)"
    )]
    static ADMIN: Policy = policy!({ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ["*"], "Resource": "*" } ] });
    for action in [
        "cloudtrail:StopLogging",
        "s3:DeleteBucket",
        "iam:CreateUser",
    ] {
        assert!(allowed(&ADMIN, action, "*"), "{action}");
        assert!(allowed(&ADMIN, action, DEFAULT_TRAIL), "{action}");
    }
}

// --- Read-only, full access, AWS Config ---------------------------------------------------

#[test]
fn read_only_allows_reading_trails_and_objects() {
    for action in [
        "s3:GetObject",
        "s3:GetBucketLocation",
        "cloudtrail:DescribeTrails",
        "cloudtrail:GetTrailStatus",
        "cloudtrail:LookupEvents",
        "s3:ListAllMyBuckets",
        "kms:ListAliases",
    ] {
        assert!(allowed(&READ_ONLY, action, "*"), "{action}");
    }
    let object = "arn:aws:s3:::my-trail-bucket/AWSLogs/111122223333/log.json.gz";
    assert!(allowed(&READ_ONLY, "s3:GetObject", object));
    assert_eq!(
        READ_ONLY
            .evaluate(&Request::new("cloudtrail:LookupEvents", "*"))
            .statement()
            .unwrap()
            .statement_index(),
        1
    );
}

#[test]
fn read_only_refuses_creating_updating_and_switching_logging() {
    for action in [
        "cloudtrail:CreateTrail",
        "cloudtrail:UpdateTrail",
        "cloudtrail:StartLogging",
        "cloudtrail:StopLogging",
        "cloudtrail:DeleteTrail",
        "s3:PutObject",
        "s3:DeleteObject",
        "kms:ListKeys",
    ] {
        assert_eq!(
            READ_ONLY.evaluate(&Request::new(action, "*")),
            Decision::ImplicitDeny,
            "{action}"
        );
    }
}

#[test]
fn full_access_allows_every_cloudtrail_action_and_the_listed_others() {
    for action in [
        "cloudtrail:CreateTrail",
        "cloudtrail:DeleteTrail",
        "cloudtrail:StartLogging",
        "cloudtrail:StopLogging",
        "cloudtrail:PutEventSelectors",
        "sns:CreateTopic",
        "sns:SetTopicAttributes",
        "s3:CreateBucket",
        "s3:PutBucketPolicy",
        "logs:CreateLogGroup",
        "iam:PassRole",
        "iam:GetUser",
        "kms:ListKeys",
    ] {
        assert!(allowed(&FULL_ACCESS, action, "*"), "{action}");
        assert!(allowed(&FULL_ACCESS, action, DEFAULT_TRAIL), "{action}");
    }
}

#[test]
fn full_access_stops_at_the_listed_actions() {
    for action in [
        "sns:Publish",
        "s3:PutObject",
        "s3:DeleteObject",
        "logs:DeleteLogGroup",
        "iam:CreateUser",
        "kms:Decrypt",
        "config:GetResourceConfigHistory",
    ] {
        assert!(!allowed(&FULL_ACCESS, action, "*"), "{action}");
    }
}

#[test]
fn full_access_decisions_name_their_statement() {
    let by = FULL_ACCESS
        .evaluate(&Request::new("cloudtrail:StopLogging", "*"))
        .statement()
        .unwrap();
    assert_eq!(by.statement_index(), 2);
    assert_eq!(by.sid(), None);
}

#[test]
fn config_read_only_allows_get_describe_and_list() {
    for action in [
        "config:GetResourceConfigHistory",
        "config:DescribeConfigRules",
        "config:ListDiscoveredResources",
        "config:getcomplianceDetailsByResource",
    ] {
        assert!(allowed(&CONFIG_READ_ONLY, action, "*"), "{action}");
    }
    for action in [
        "config:PutConfigRule",
        "config:DeleteConfigRule",
        "config:StartConfigurationRecorder",
        "cloudtrail:GetTrailStatus",
    ] {
        assert!(!allowed(&CONFIG_READ_ONLY, action, "*"), "{action}");
    }
}

// --- The policy files -----------------------------------------------------------------------

#[test]
fn included_files_decide_like_the_pasted_pair() {
    static FROM_FILES: PolicySet = PolicySet::new(&[&DENY_FROM_FILE, &ALLOW_FROM_FILE]);
    for (action, resource) in [
        ("cloudtrail:DescribeTrails", "*"),
        ("cloudtrail:GetTrailStatus", DEFAULT_TRAIL),
        ("cloudtrail:StopLogging", DEFAULT_TRAIL),
        ("cloudtrail:StartLogging", OTHER_TRAIL),
        ("cloudtrail:LookupEvents", "*"),
    ] {
        let pasted = decide(&DEV_GROUP, action, resource);
        let included = decide(&FROM_FILES, action, resource);
        assert_eq!(pasted.kind(), included.kind(), "{action} on {resource}");
        assert_eq!(
            pasted.statement().and_then(|s| s.sid()),
            included.statement().and_then(|s| s.sid())
        );
    }
}

#[test]
fn run_time_loading_decides_like_the_macro() {
    let compiled = [
        &READ_ONLY,
        &FULL_ACCESS,
        &DENY_FROM_FILE,
        &ALLOW_FROM_FILE,
        &CONFIG_READ_ONLY,
    ];
    let requests = [
        ("cloudtrail:DescribeTrails", "*"),
        ("cloudtrail:StopLogging", DEFAULT_TRAIL),
        ("cloudtrail:LookupEvents", "*"),
        ("s3:GetObject", "*"),
        ("config:ListDiscoveredResources", "*"),
        ("sns:Publish", "*"),
    ];
    for ((name, text), compiled) in SEED_FILES.iter().zip(compiled) {
        let loaded = LoadedPolicy::from_json(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (action, resource) in requests {
            let request = Request::new(action, resource);
            assert_eq!(
                loaded.evaluate(&request).kind(),
                compiled.evaluate(&request).kind(),
                "{name}: {action} on {resource}"
            );
        }
    }
}

/// The copies in `examples/policies/` are the guide's text, byte for byte. Runs when the
/// project's reference material is next to the repository; skipped otherwise.
#[test]
fn policy_files_are_the_seed_text_verbatim() {
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/seed/cloudtrail-permissions.txt");
    let Ok(seed) = std::fs::read_to_string(&seed) else {
        eprintln!("skipped: {} not found", seed.display());
        return;
    };
    let policies: Vec<&str> = seed
        .lines()
        .filter(|l| l.starts_with("{ \"Version\""))
        .collect();
    assert_eq!(policies.len(), SEED_FILES.len());
    for ((name, text), expected) in SEED_FILES.iter().zip(policies) {
        assert_eq!(text.trim_end_matches('\n'), expected, "{name}");
    }
}
