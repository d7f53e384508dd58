//! Curated pairs: wildcard overlaps, `?`, case, `NotAction`/`NotResource`, deny carve-outs,
//! loosened and tightened conditions, variables. Every counterexample is decided again here.

use iam_policy_analyze::{Analyzer, Verdict};
use iam_policy_check::{LoadedPolicy, Options, PolicyKind};

fn load(statements: &str) -> LoadedPolicy {
    let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#);
    LoadedPolicy::from_json(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn load_resource(statements: &str) -> LoadedPolicy {
    let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#);
    let options = Options::default().with_kind(PolicyKind::Resource);
    LoadedPolicy::from_json_with(&text, &options).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Checks NEW against OLD, and that each counterexample is decided as claimed.
fn new_access(new: &LoadedPolicy, old: &LoadedPolicy) -> Verdict {
    let verdict = Analyzer::new().no_new_access(&[new.as_policy()], &[old.as_policy()]);
    for c in &verdict.counterexamples {
        assert!(c.allowed_by(&[new.as_policy()]), "{c}");
        assert!(!c.allowed_by(&[old.as_policy()]), "{c}");
    }
    if !verdict.is_pass() {
        assert!(
            !verdict.counterexamples.is_empty() || !verdict.reasons.is_empty(),
            "{verdict:?}"
        );
    }
    verdict
}

fn allow(action: &str, resource: &str) -> String {
    format!(r#"{{"Effect": "Allow", "Action": {action}, "Resource": {resource}}}"#)
}

#[test]
fn a_policy_compared_with_itself_passes() {
    let p = load(&[
        allow(r#"["s3:Get*", "s3:List*"]"#, r#""arn:aws:s3:::bucket/*""#),
        r#"{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/secret/*"}"#.to_string(),
        r#"{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::bucket/home/${aws:username}/*"}"#.to_string(),
    ].join(","));
    let verdict = new_access(&p, &p);
    assert!(verdict.is_pass(), "{verdict:?}");
}

#[test]
fn a_narrower_action_passes_a_wider_one_fails() {
    let get = load(&allow(r#""s3:Get*""#, r#""*""#));
    let object = load(&allow(r#""s3:GetObject""#, r#""*""#));
    assert!(new_access(&object, &get).is_pass());
    let verdict = new_access(&get, &object);
    assert!(!verdict.is_pass());
    assert!(verdict.counterexamples[0]
        .action
        .to_ascii_lowercase()
        .starts_with("s3:get"));
}

#[test]
fn a_wildcard_grants_actions_the_catalog_does_not_know_yet() {
    let catalog = iam_policy_check::catalog::Catalog::get();
    let gets: Vec<String> = catalog
        .service("s3")
        .unwrap()
        .actions()
        .filter(|a| a.name().starts_with("Get"))
        .map(|a| format!("\"s3:{}\"", a.name()))
        .collect();
    let listed = load(&allow(&format!("[{}]", gets.join(",")), r#""*""#));
    let wildcard = load(&allow(r#""s3:Get*""#, r#""*""#));
    assert!(new_access(&listed, &wildcard).is_pass());
    let verdict = new_access(&wildcard, &listed);
    assert!(!verdict.is_pass());
    let action = &verdict.counterexamples[0].action;
    assert!(action.starts_with("s3:Get"), "{action}");
    assert!(catalog
        .service("s3")
        .unwrap()
        .action(&action[3..])
        .is_none());
}

#[test]
fn question_marks_and_case_in_resources() {
    let one = load(&allow(r#""s3:GetObject""#, r#""arn:aws:s3:::b/?ey""#));
    let key = load(&allow(r#""s3:GetObject""#, r#""arn:aws:s3:::b/key""#));
    let upper = load(&allow(r#""s3:GetObject""#, r#""arn:aws:s3:::b/KEY""#));
    assert!(new_access(&key, &one).is_pass());
    assert!(!new_access(&one, &key).is_pass());
    // Resources compare case: KEY is not key.
    assert!(!new_access(&upper, &key).is_pass());
    // `?` matches any one character, not other letters' case.
    assert!(!new_access(&upper, &one).is_pass());
    let any_case = load(&allow(r#""s3:GetObject""#, r#""arn:aws:s3:::b/???""#));
    assert!(new_access(&upper, &any_case).is_pass());
}

#[test]
fn star_in_an_arn_field_never_crosses_a_colon() {
    let field = load(&allow(
        r#""dynamodb:GetItem""#,
        r#""arn:aws:dynamodb:*:111122223333:table/b""#,
    ));
    let one_region = load(&allow(
        r#""dynamodb:GetItem""#,
        r#""arn:aws:dynamodb:us-east-1:111122223333:*""#,
    ));
    let verdict = new_access(&field, &one_region);
    assert!(!verdict.is_pass());
    let resource = &verdict.counterexamples[0].resource;
    // The region `*` stands for one field: never `us-east-1:…`.
    assert!(
        !resource.starts_with("arn:aws:dynamodb:us-east-1:"),
        "{resource}"
    );
    let exact = load(&allow(
        r#""dynamodb:GetItem""#,
        r#""arn:aws:dynamodb:us-east-1:111122223333:table/b""#,
    ));
    assert!(new_access(&exact, &field).is_pass());
    assert!(new_access(&exact, &one_region).is_pass());
}

#[test]
fn not_action_and_not_resource() {
    let not_iam = load(r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#);
    let everything = load(&allow(r#""*""#, r#""*""#));
    assert!(new_access(&not_iam, &everything).is_pass());
    let verdict = new_access(&everything, &not_iam);
    assert!(verdict.counterexamples[0].action.starts_with("iam:"));
    let not_secret =
        load(r#"{"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"}"#);
    let s3 = load(&allow(r#""s3:*""#, r#""*""#));
    assert!(new_access(&not_secret, &s3).is_pass());
    let verdict = new_access(&s3, &not_secret);
    assert!(verdict.counterexamples[0]
        .resource
        .starts_with("arn:aws:s3:::secret/"));
}

#[test]
fn deny_carve_outs() {
    let carved = load(
        &[
            allow(r#""s3:*""#, r#""*""#),
            r#"{"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}"#.to_string(),
        ]
        .join(","),
    );
    let s3 = load(&allow(r#""s3:*""#, r#""*""#));
    assert!(new_access(&carved, &s3).is_pass());
    let verdict = new_access(&s3, &carved);
    assert!(verdict.counterexamples[0].action.starts_with("s3:Delete"));
}

fn with_condition(condition: &str) -> LoadedPolicy {
    load(&format!(
        r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {condition}}}"#
    ))
}

#[test]
fn loosened_and_tightened_conditions() {
    let narrow = with_condition(r#"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#);
    let wide = with_condition(r#"{"IpAddress": {"aws:SourceIp": "203.0.0.0/16"}}"#);
    assert!(new_access(&narrow, &wide).is_pass());
    let verdict = new_access(&wide, &narrow);
    assert!(!verdict.is_pass());
    assert_eq!(verdict.counterexamples[0].context[0].0, "aws:SourceIp");
    let one = with_condition(r#"{"StringEquals": {"aws:PrincipalTag/team": "blue"}}"#);
    let two = with_condition(r#"{"StringEquals": {"aws:PrincipalTag/team": ["blue", "red"]}}"#);
    assert!(new_access(&one, &two).is_pass());
    assert!(!new_access(&two, &one).is_pass());
    assert!(new_access(&one, &one).is_pass());
    let mfa = with_condition(r#"{"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#);
    let mfa_if = with_condition(r#"{"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}"#);
    assert!(new_access(&mfa, &mfa_if).is_pass());
    let verdict = new_access(&mfa_if, &mfa);
    assert!(verdict.counterexamples[0].context.is_empty());
    let unconditioned = load(&allow(r#""s3:GetObject""#, r#""*""#));
    assert!(new_access(&mfa, &unconditioned).is_pass());
    assert!(!new_access(&unconditioned, &mfa).is_pass());
}

#[test]
fn numbers_dates_and_sets() {
    let short = with_condition(r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}"#);
    let long = with_condition(r#"{"NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"}}"#);
    assert!(new_access(&short, &long).is_pass());
    let verdict = new_access(&long, &short);
    assert_eq!(
        verdict.counterexamples[0].context[0].1,
        iam_policy_analyze::Value::One("3600".into())
    );
    let before = with_condition(r#"{"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}"#);
    let earlier =
        with_condition(r#"{"DateLessThan": {"aws:CurrentTime": "2029-01-01T00:00:00Z"}}"#);
    assert!(new_access(&earlier, &before).is_pass());
    assert!(!new_access(&before, &earlier).is_pass());
    let any = with_condition(r#"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["a", "b"]}}"#);
    let all = with_condition(r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}}"#);
    // ForAllValues holds without the key, ForAnyValue does not.
    let verdict = new_access(&all, &any);
    assert!(!verdict.is_pass());
    assert!(!new_access(&any, &all).is_pass());
}

#[test]
fn principals_of_resource_policies() {
    let account = load_resource(
        r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
    );
    let role = load_resource(
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Reader"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
    );
    let analyzer = Analyzer::new();
    assert!(analyzer
        .no_new_access(&[role.as_policy()], &[account.as_policy()])
        .is_pass());
    let verdict = analyzer.no_new_access(&[account.as_policy()], &[role.as_policy()]);
    assert!(!verdict.is_pass());
    let c = &verdict.counterexamples[0];
    assert!(c.allowed_by(&[account.as_policy()]) && !c.allowed_by(&[role.as_policy()]));
}

#[test]
fn access_not_granted_over_patterns() {
    let p = load(&[
        allow(r#"["cloudtrail:Describe*", "cloudtrail:Get*"]"#, r#""*""#),
        r#"{"Effect": "Deny", "Action": ["cloudtrail:StartLogging", "cloudtrail:StopLogging"], "Resource": "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default"}"#.to_string(),
    ].join(","));
    let analyzer = Analyzer::new();
    let check = |actions: &[&str], resources: &[&str]| {
        analyzer
            .access_not_granted(&[p.as_policy()], actions, resources)
            .unwrap()
    };
    assert!(check(&["iam:*"], &[]).is_pass());
    let verdict = check(&["cloudtrail:St*Logging"], &[]);
    assert!(verdict.is_pass(), "{verdict:?}");
    // A future `cloudtrail:GetLogging` would match both `*Logging` and `Get*`.
    let verdict = check(&["cloudtrail:*Logging"], &[]);
    assert_eq!(verdict.counterexamples[0].action, "cloudtrail:Getlogging");
    let verdict = check(&["cloudtrail:*"], &["arn:aws:cloudtrail:*:*:trail/*"]);
    assert!(!verdict.is_pass());
    let c = &verdict.counterexamples[0];
    assert!(c.allowed_by(&[p.as_policy()]));
    assert!(c.resource.starts_with("arn:aws:cloudtrail:"), "{c}");
    assert!(analyzer
        .access_not_granted(&[p.as_policy()], &["cloudtrial:*"], &[])
        .is_err());
}

fn public(statements: &str, resource_type: &str) -> Verdict {
    let p = if resource_type == "AWS::IAM::AssumeRolePolicyDocument" {
        let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#);
        let options = Options::default().with_kind(PolicyKind::Trust);
        LoadedPolicy::from_json_with(&text, &options).unwrap_or_else(|e| panic!("{e}\n{text}"))
    } else {
        load_resource(statements)
    };
    let verdict =
        Analyzer::new().public_access(&p.as_policy(), resource_type.parse().unwrap(), None);
    for c in &verdict.counterexamples {
        assert!(c.allowed_by(&[p.as_policy()]), "{c}");
    }
    verdict
}

#[test]
fn public_access_of_resource_policies() {
    let bucket = "AWS::S3::Bucket";
    let anyone = r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#;
    let verdict = public(anyone, bucket);
    assert!(!verdict.is_pass());
    let scoped = |condition: &str| {
        public(
            &format!(
                r#"{{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {condition}}}"#
            ),
            bucket,
        )
    };
    assert!(scoped(r#"{"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}"#).is_pass());
    assert!(!scoped(r#"{"StringLike": {"aws:PrincipalOrgID": "o-*"}}"#).is_pass());
    assert!(scoped(r#"{"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}"#).is_pass());
    assert!(scoped(r#"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#).is_pass());
    assert!(!scoped(r#"{"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}"#).is_pass());
    assert!(!scoped(r#"{"Bool": {"aws:SecureTransport": "true"}}"#).is_pass());
    let account = r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#;
    assert!(public(account, bucket).is_pass());
    let deny_outside = [
        anyone,
        r#"{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}"#,
    ]
    .join(",");
    assert!(public(&deny_outside, bucket).is_pass());
    let trust = r#"{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}"#;
    assert!(public(trust, "AWS::IAM::AssumeRolePolicyDocument").is_pass());
    let github = |sub: &str| {
        format!(
            r#"{{"Effect": "Allow", "Principal": {{"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {{"StringEquals": {{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}, "StringLike": {{"token.actions.githubusercontent.com:sub": "{sub}"}}}}}}"#
        )
    };
    let trust_type = "AWS::IAM::AssumeRolePolicyDocument";
    // Any repository's workflow may assume the role: public.
    assert!(!public(&github("repo:*"), trust_type).is_pass());
    // One repository's main branch: the outsider's own subject is not it.
    assert!(public(
        &github("repo:octo-org/octo-repo:ref:refs/heads/main"),
        trust_type
    )
    .is_pass());
}
