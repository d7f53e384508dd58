//! The rules of each policy kind: service and resource control policies, permissions
//! boundaries and session policies.

use iam_policy_check::{check_text, LoadedPolicy, Options, PolicyKind};

fn codes(kind: PolicyKind, text: &str) -> Vec<String> {
    let options = Options::default().with_kind(kind);
    check_text(text, &options)
        .diagnostics
        .iter()
        .map(|d| d.code.as_str().to_string())
        .collect()
}

fn statement(kind: PolicyKind, statement: &str) -> Vec<String> {
    codes(
        kind,
        &format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}]}}"#),
    )
}

#[test]
fn scps_take_the_whole_language_but_principal() {
    let scp = PolicyKind::Scp;
    // Since September 2025 (AWS Organizations User Guide, "SCP syntax"): wildcards anywhere in
    // an action, conditions, resource ARNs and `NotAction` in `Allow`, `NotResource`.
    for statement_text in [
        r#"{"Effect": "Deny", "Action": ["s3:Get*", "ec2:*"], "Resource": "*"}"#,
        r#"{"Effect": "Deny", "Action": ["s3:*Object", "s3:Get?bject", "ec2:*Instances"], "Resource": "*"}"#,
        r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#,
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*",
            "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}"#,
        r#"{"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::reports/*"}"#,
    ] {
        let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statement_text}]}}"#);
        let checked = check_text(&text, &Options::default().with_kind(scp));
        let errors: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(errors.is_empty(), "{statement_text}: {errors:?}");
    }
    assert_eq!(
        statement(
            scp,
            r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}"#
        ),
        ["SCP_SYNTAX_ERROR_PRINCIPAL"]
    );
}

#[test]
fn rcps_deny_everyone_for_supported_services_only() {
    let rcp = PolicyKind::Rcp;
    let good = r#"{"Effect": "Deny", "Principal": "*", "Action": ["s3:*", "kms:Decrypt", "sts:AssumeRole"],
        "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}"#;
    assert!(
        statement(rcp, good).is_empty(),
        "{:?}",
        statement(rcp, good)
    );
    assert_eq!(
        statement(
            rcp,
            r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}"#
        ),
        ["RCP_SYNTAX_ERROR_ALLOW"]
    );
    assert_eq!(
        statement(
            rcp,
            r#"{"Effect": "Deny", "Principal": "*", "NotAction": "s3:GetObject", "Resource": "*"}"#
        ),
        ["RCP_SYNTAX_ERROR_NOTACTION"]
    );
    assert_eq!(
        statement(
            rcp,
            r#"{"Effect": "Deny", "Principal": "*", "Action": ["*", "ec2:RunInstances"], "Resource": "*"}"#
        ),
        ["RCP_SYNTAX_ERROR_ACTION", "RCP_UNSUPPORTED_SERVICE"]
    );
    assert_eq!(
        statement(
            rcp,
            r#"{"Effect": "Deny", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}"#
        ),
        ["RCP_SYNTAX_ERROR_PRINCIPAL"]
    );
    assert_eq!(
        statement(
            rcp,
            r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}"#
        ),
        ["RCP_SYNTAX_ERROR_PRINCIPAL"]
    );
    assert_eq!(
        statement(
            rcp,
            r#"{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}"#
        ),
        ["MISSING_PRINCIPAL"]
    );
    // Control policies need `Resource`, as identity policies do.
    assert_eq!(
        statement(
            rcp,
            r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject"}"#
        ),
        ["MISSING_RESOURCE"]
    );
}

#[test]
fn boundaries_and_session_policies_have_the_identity_grammar() {
    for kind in [PolicyKind::Boundary, PolicyKind::Session] {
        assert!(statement(
            kind,
            r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}"#
        )
        .is_empty());
        assert_eq!(
            statement(
                kind,
                r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}"#
            ),
            ["UNSUPPORTED_PRINCIPAL"]
        );
        assert_eq!(
            statement(kind, r#"{"Effect": "Allow", "Action": "s3:*"}"#),
            ["MISSING_RESOURCE"]
        );
    }
}

#[test]
fn control_policies_are_held_to_organizations_size_quota() {
    let buckets: Vec<String> = (0..210)
        .map(|i| format!("\"arn:aws:s3:::bucket-{i}/*\""))
        .collect();
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":"s3:GetObject","Resource":[{}]}}]}}"#,
        buckets.join(",")
    );
    assert!(text.len() > 5_120 && text.len() < 6_144);
    let scp = codes(PolicyKind::Scp, &text);
    assert!(
        scp.iter().any(|c| c == "POLICY_SIZE_EXCEEDS_SCP_QUOTA"),
        "{scp:?}"
    );
    let identity = codes(PolicyKind::Identity, &text);
    assert!(
        !identity.iter().any(|c| c.starts_with("POLICY_SIZE")),
        "{identity:?}"
    );
}

#[test]
fn every_kind_has_a_name_and_loads() {
    for kind in PolicyKind::ALL {
        assert_eq!(PolicyKind::parse(kind.as_str()), Some(kind));
    }
    let rcp = Options::default().with_kind(PolicyKind::Rcp);
    let loaded = LoadedPolicy::from_json_with(
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": "NoPublic", "Effect": "Deny", "Principal": "*",
            "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}"#,
        &rcp,
    );
    assert!(loaded.is_ok());
}
