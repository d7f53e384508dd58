//! `policy eval` with every layer of the request's path, and `policy check --kind`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn policy() -> Command {
    Command::new(env!("CARGO_BIN_EXE_policy"))
}

/// The policies of the scenarios, written to a scratch folder of one test.
fn files(test: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("policy-cli-chain-{}", std::process::id()))
        .join(test);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in [
        (
            "admin.json",
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Admin","Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        ),
        (
            "full.json",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        ),
        (
            "regions.json",
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyRegions","Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}}]}"#,
        ),
        (
            "boundary.json",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","ec2:*"],"Resource":"*"}]}"#,
        ),
        (
            "session.json",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        ),
        (
            "bucket.json",
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Reader","Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*"}]}"#,
        ),
        (
            "endpoint.json",
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"OurBucket","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::shared/*"}]}"#,
        ),
        (
            "rcp.json",
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"OrgOnly","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}]}"#,
        ),
        (
            "scp-with-principal.json",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*Object","Resource":"*"}]}"#,
        ),
    ] {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = policy().current_dir(dir).args(args).output().unwrap();
    (
        status.code().unwrap_or(-1),
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

fn first_line(dir: &Path, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(dir, args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stdout.lines().next().unwrap_or_default().to_string()
}

const ALICE: &str = "arn:aws:iam::111111111111:user/alice";

#[test]
fn scp_levels_decide_with_the_level_and_statement() {
    let dir = files("scp_levels_decide_with_the_level_and_statement");
    let base = [
        "eval",
        "--policy",
        "admin.json",
        "--scp",
        "full.json",
        "--scp",
        "full.json,regions.json",
        "--principal",
        ALICE,
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::shared/a",
        "--context",
    ];
    let outside = [&base[..], &["aws:RequestedRegion=us-east-1"]].concat();
    assert_eq!(
        first_line(&dir, &outside),
        r#"ExplicitDeny by regions.json statement #0 (Sid "DenyRegions") in SCP level 2"#
    );
    let inside = [&base[..], &["aws:RequestedRegion=eu-west-1"]].concat();
    assert_eq!(
        first_line(&dir, &inside),
        r#"Allow by admin.json statement #0 (Sid "Admin") in the identity-based policies"#
    );
    // A service-linked role is not restricted by SCPs.
    let linked = [&outside[..], &["--principal-kind", "service-linked-role"]].concat();
    assert!(first_line(&dir, &linked).starts_with("Allow"));
}

#[test]
fn boundary_session_and_endpoint_policies_bound_the_request() {
    let dir = files("boundary_session_and_endpoint_policies_bound_the_request");
    let eval = |extra: &[&str], action: &str, resource: &str| {
        let args = [
            &["eval", "--policy", "admin.json", "--principal", ALICE][..],
            extra,
            &["--action", action, "--resource", resource],
        ]
        .concat();
        first_line(&dir, &args)
    };
    assert_eq!(
        eval(&["--boundary", "boundary.json"], "iam:CreateUser", "*"),
        "ImplicitDeny: nothing in the permissions boundary allows the request"
    );
    let session = [
        "--session-policy",
        "session.json",
        "--principal-kind",
        "role-session",
    ];
    assert!(eval(&session, "s3:GetObject", "arn:aws:s3:::shared/a").starts_with("Allow"));
    assert_eq!(
        eval(&session, "s3:PutObject", "arn:aws:s3:::shared/a"),
        "ImplicitDeny: nothing in the session policies allows the request"
    );
    assert_eq!(
        eval(
            &["--endpoint-policy", "endpoint.json"],
            "s3:GetObject",
            "arn:aws:s3:::other/a"
        ),
        "ImplicitDeny: nothing in the VPC endpoint policy allows the request"
    );
}

#[test]
fn cross_account_requests_read_accounts_from_the_flags_and_the_lines() {
    let dir = files("cross_account_requests_read_accounts_from_the_flags_and_the_lines");
    let single = |principal: &str| {
        first_line(
            &dir,
            &[
                "eval",
                "--policy",
                "admin.json",
                "--resource-policy-file",
                "bucket.json",
                "--resource-account",
                "222222222222",
                "--rcp",
                "rcp.json",
                "--principal",
                principal,
                "--context",
                "aws:PrincipalOrgID=o-a1b2c3d4e5",
                "--action",
                "s3:GetObject",
                "--resource",
                "arn:aws:s3:::shared/a",
            ],
        )
    };
    assert_eq!(
        single(ALICE),
        r#"Allow by bucket.json statement #0 (Sid "Reader") in the resource-based policy"#
    );
    assert_eq!(
        single("arn:aws:iam::333333333333:user/eve"),
        "ImplicitDeny: nothing in the resource-based policy allows the request"
    );
    let lines = [
        // Trusted account, resource in another account: the bucket policy allows.
        r#"{"action":"s3:GetObject","resource":"arn:aws:s3:::shared/a","principal":"arn:aws:iam::111111111111:user/alice","resource_account":"222222222222","context":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}"#,
        // Outside the organization: the RCP denies.
        r#"{"action":"s3:GetObject","resource":"arn:aws:s3:::shared/a","principal":"arn:aws:iam::111111111111:user/alice","resource_account":"222222222222","context":{"aws:PrincipalOrgID":"o-f6g7h8i9j0"}}"#,
        // Same account: the identity policy suffices.
        r#"{"action":"s3:PutObject","resource":"arn:aws:s3:::shared/a","principal":"arn:aws:iam::111111111111:user/alice","resource_account":"111111111111","context":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}"#,
    ]
    .join("\n");
    std::fs::write(dir.join("requests.jsonl"), lines).unwrap();
    let (code, stdout, stderr) = run(
        &dir,
        &[
            "eval",
            "--policy",
            "admin.json",
            "--resource-policy-file",
            "bucket.json",
            "--rcp",
            "rcp.json",
            "--requests",
            "requests.jsonl",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "Allow\nExplicitDeny\nAllow\n");
}

#[test]
fn explain_shows_every_layer() {
    let dir = files("explain_shows_every_layer");
    let (code, stdout, stderr) = run(
        &dir,
        &[
            "eval",
            "--policy",
            "admin.json",
            "--rcp",
            "rcp.json",
            "--scp",
            "full.json",
            "--boundary",
            "boundary.json",
            "--principal",
            ALICE,
            "--action",
            "s3:GetObject",
            "--resource",
            "arn:aws:s3:::shared/a",
            "--context",
            "aws:PrincipalOrgID=o-a1b2c3d4e5",
            "--explain",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    for line in [
        "== RCP level 1: Allow by RCPFullAWSAccess (attached to every level)",
        "== SCP level 1: Allow by full.json statement #0",
        "== the identity-based policies: Allow by admin.json statement #0 (Sid \"Admin\")",
        "== the permissions boundary: Allow by boundary.json statement #0",
        "  #0 (Sid \"Admin\") Allow: applies: Action lists the action, Resource covers the resource, no Condition  <- decides",
    ] {
        assert!(stdout.lines().any(|l| l == line), "{line}\n---\n{stdout}");
    }
}

#[test]
fn layer_files_are_checked_with_their_kind_s_rules() {
    let dir = files("layer_files_are_checked_with_their_kind_s_rules");
    // An RCP that allows, an SCP with a principal and an inner wildcard.
    let (code, _, stderr) = run(
        &dir,
        &[
            "eval",
            "--policy",
            "admin.json",
            "--rcp",
            "admin.json",
            "--action",
            "s3:GetObject",
            "--resource",
            "*",
        ],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("[RCP_SYNTAX_ERROR_ALLOW]"), "{stderr}");
    let (code, stdout, _) = run(
        &dir,
        &[
            "check",
            "--kind",
            "scp",
            "--color",
            "never",
            "scp-with-principal.json",
        ],
    );
    assert_eq!(code, 1);
    assert!(stdout.contains("[SCP_SYNTAX_ERROR_PRINCIPAL]"), "{stdout}");
    assert!(
        stdout.contains("[SCP_SYNTAX_ERROR_ACTION_WILDCARD]"),
        "{stdout}"
    );
    let (code, _, _) = run(&dir, &["check", "--kind", "rcp", "rcp.json"]);
    assert_eq!(code, 0);
    let (code, _, stderr) = run(&dir, &["check", "--kind", "bucket", "rcp.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--kind"), "{stderr}");
}

#[test]
fn layer_flag_mistakes_are_usage_errors() {
    let dir = files("layer_flag_mistakes_are_usage_errors");
    for args in [
        &[
            "eval",
            "--policy",
            "admin.json",
            "--principal-kind",
            "robot",
            "--action",
            "a:b",
            "--resource",
            "*",
        ][..],
        &[
            "eval",
            "--policy",
            "admin.json",
            "--resource-account",
            "12",
            "--action",
            "a:b",
            "--resource",
            "*",
        ],
        &[
            "eval",
            "--policy",
            "admin.json",
            "--scp",
            "a.json,",
            "--action",
            "a:b",
            "--resource",
            "*",
        ],
        &[
            "eval",
            "--policy",
            "admin.json",
            "--boundary",
            "a.json",
            "--boundary",
            "b.json",
            "--action",
            "a:b",
            "--resource",
            "*",
        ],
    ] {
        let (code, _, stderr) = run(&dir, args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
    }
}
