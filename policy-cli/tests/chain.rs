//! `policy eval` with every layer of the request's path, and `policy check --kind`.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

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
            "deny-put.json",
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoPut","Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}"#,
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

/// One request of a scenario and what the chain decides for it: the decision, the layer's
/// machine name and its organization level.
struct Case {
    action: &'static str,
    resource: &'static str,
    principal: &'static str,
    context: &'static [(&'static str, &'static str)],
    resource_account: Option<&'static str>,
    expected: (&'static str, &'static str, Option<u64>),
}

const fn case(
    action: &'static str,
    resource: &'static str,
    principal: &'static str,
    context: &'static [(&'static str, &'static str)],
    resource_account: Option<&'static str>,
    expected: (&'static str, &'static str, Option<u64>),
) -> Case {
    Case {
        action,
        resource,
        principal,
        context,
        resource_account,
        expected,
    }
}

const OBJECT: &str = "arn:aws:s3:::shared/a";
const EVE: &str = "arn:aws:iam::333333333333:user/eve";
const IN_ORG: &[(&str, &str)] = &[("aws:PrincipalOrgID", "o-a1b2c3d4e5")];
const EU_IN_ORG: &[(&str, &str)] = &[
    ("aws:RequestedRegion", "eu-west-1"),
    ("aws:PrincipalOrgID", "o-a1b2c3d4e5"),
];
const US_IN_ORG: &[(&str, &str)] = &[
    ("aws:RequestedRegion", "us-east-1"),
    ("aws:PrincipalOrgID", "o-a1b2c3d4e5"),
];

/// Each layer flag alone, none, and all of them, with requests that each decide differently.
fn scenarios() -> Vec<(&'static str, Vec<&'static str>, Vec<Case>)> {
    vec![
        (
            "no layer",
            vec![],
            vec![
                case(
                    "s3:GetObject",
                    OBJECT,
                    ALICE,
                    &[],
                    None,
                    ("Allow", "identity", None),
                ),
                case(
                    "s3:PutObject",
                    OBJECT,
                    ALICE,
                    &[],
                    None,
                    ("ExplicitDeny", "identity", None),
                ),
            ],
        ),
        (
            "--boundary",
            vec!["--boundary", "boundary.json"],
            vec![
                case(
                    "s3:GetObject",
                    OBJECT,
                    ALICE,
                    &[],
                    None,
                    ("Allow", "identity", None),
                ),
                case(
                    "iam:CreateUser",
                    "*",
                    ALICE,
                    &[],
                    None,
                    ("ImplicitDeny", "boundary", None),
                ),
            ],
        ),
        (
            "--session-policy",
            vec!["--session-policy", "session.json"],
            vec![
                case(
                    "s3:GetObject",
                    OBJECT,
                    ALICE,
                    &[],
                    None,
                    ("Allow", "identity", None),
                ),
                case(
                    "s3:ListBucket",
                    "arn:aws:s3:::shared",
                    ALICE,
                    &[],
                    None,
                    ("ImplicitDeny", "session", None),
                ),
            ],
        ),
        (
            "--scp",
            vec!["--scp", "full.json", "--scp", "full.json,regions.json"],
            vec![
                case(
                    "s3:GetObject",
                    OBJECT,
                    ALICE,
                    &[("aws:RequestedRegion", "eu-west-1")],
                    None,
                    ("Allow", "identity", None),
                ),
                case(
                    "s3:GetObject",
                    OBJECT,
                    ALICE,
                    &[("aws:RequestedRegion", "us-east-1")],
                    None,
                    ("ExplicitDeny", "scp", Some(2)),
                ),
            ],
        ),
        (
            "--rcp",
            vec!["--rcp", "rcp.json"],
            vec![
                case(
                    "s3:GetObject",
                    OBJECT,
                    ALICE,
                    IN_ORG,
                    None,
                    ("Allow", "identity", None),
                ),
                case(
                    "s3:GetObject",
                    OBJECT,
                    ALICE,
                    &[("aws:PrincipalOrgID", "o-f6g7h8i9j0")],
                    None,
                    ("ExplicitDeny", "rcp", Some(1)),
                ),
            ],
        ),
        (
            "--resource-policy-file",
            vec!["--resource-policy-file", "bucket.json"],
            vec![
                case(
                    "s3:GetObject",
                    OBJECT,
                    ALICE,
                    &[],
                    Some("222222222222"),
                    ("Allow", "resource", None),
                ),
                case(
                    "s3:GetObject",
                    OBJECT,
                    EVE,
                    &[],
                    Some("222222222222"),
                    ("ImplicitDeny", "resource", None),
                ),
            ],
        ),
        (
            "--endpoint-policy",
            vec!["--endpoint-policy", "endpoint.json"],
            vec![
                case(
                    "s3:GetObject",
                    OBJECT,
                    ALICE,
                    &[],
                    None,
                    ("Allow", "identity", None),
                ),
                case(
                    "s3:GetObject",
                    "arn:aws:s3:::other/a",
                    ALICE,
                    &[],
                    None,
                    ("ImplicitDeny", "endpoint", None),
                ),
            ],
        ),
        (
            "--principal-kind",
            vec!["--principal-kind", "root"],
            vec![
                case(
                    "iam:CreateUser",
                    "arn:aws:iam::111111111111:user/bob",
                    "111111111111",
                    &[],
                    None,
                    ("Allow", "root", None),
                ),
                case(
                    "kms:Decrypt",
                    "arn:aws:kms:us-east-1:111111111111:key/1",
                    "111111111111",
                    &[],
                    None,
                    ("ImplicitDeny", "resource", None),
                ),
            ],
        ),
        (
            "--resource-account",
            vec!["--resource-account", "222222222222"],
            vec![
                case(
                    "s3:GetObject",
                    OBJECT,
                    ALICE,
                    &[],
                    None,
                    ("ImplicitDeny", "resource", None),
                ),
                case(
                    "s3:GetObject",
                    OBJECT,
                    "arn:aws:iam::222222222222:user/carol",
                    &[],
                    None,
                    ("Allow", "identity", None),
                ),
            ],
        ),
        (
            "every layer",
            vec![
                "--boundary",
                "boundary.json",
                "--session-policy",
                "session.json",
                "--scp",
                "full.json",
                "--scp",
                "full.json,regions.json",
                "--rcp",
                "rcp.json",
                "--resource-policy-file",
                "bucket.json",
                "--endpoint-policy",
                "endpoint.json",
                "--principal-kind",
                "user",
            ],
            vec![
                case(
                    "s3:GetObject",
                    OBJECT,
                    ALICE,
                    EU_IN_ORG,
                    Some("222222222222"),
                    ("Allow", "resource", None),
                ),
                case(
                    "s3:GetObject",
                    OBJECT,
                    ALICE,
                    US_IN_ORG,
                    Some("222222222222"),
                    ("ExplicitDeny", "scp", Some(2)),
                ),
                case(
                    "s3:PutObject",
                    OBJECT,
                    ALICE,
                    EU_IN_ORG,
                    None,
                    ("ExplicitDeny", "identity", None),
                ),
                case(
                    "s3:GetObject",
                    "arn:aws:s3:::other/a",
                    ALICE,
                    EU_IN_ORG,
                    None,
                    ("ImplicitDeny", "endpoint", None),
                ),
            ],
        ),
    ]
}

/// The request's line of a requests file.
fn line(case: &Case) -> String {
    let mut object = serde_json::json!({
        "action": case.action, "resource": case.resource, "principal": case.principal,
    });
    if !case.context.is_empty() {
        let context: serde_json::Map<String, serde_json::Value> = case
            .context
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::json!(v)))
            .collect();
        object["context"] = serde_json::Value::Object(context);
    }
    if let Some(account) = case.resource_account {
        object["resource_account"] = serde_json::json!(account);
    }
    object.to_string()
}

/// The request's flags for a single decision.
fn request_flags(case: &Case) -> Vec<String> {
    let mut flags: Vec<String> = [
        "--action",
        case.action,
        "--resource",
        case.resource,
        "--principal",
        case.principal,
    ]
    .map(String::from)
    .to_vec();
    for (key, value) in case.context {
        flags.push("--context".into());
        flags.push(format!("{key}={value}"));
    }
    if let Some(account) = case.resource_account {
        flags.extend(["--resource-account".to_string(), account.to_string()]);
    }
    flags
}

/// The exit status `--exit-code` gives for decisions.
fn exit_status<'a>(kinds: impl IntoIterator<Item = &'a str>) -> i32 {
    kinds
        .into_iter()
        .map(|kind| match kind {
            "Allow" => 0,
            "ImplicitDeny" => 3,
            _ => 4,
        })
        .max()
        .unwrap_or(0)
}

fn run_with_input(dir: &Path, args: &[String], input: &str) -> (i32, String, String) {
    let mut child = policy()
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Checks one JSON decision against what the case expects.
fn assert_json_decision(value: &serde_json::Value, case: &Case, what: &str) {
    let (kind, layer, level) = case.expected;
    assert_eq!(value["decision"], kind, "{what}: {value}");
    assert_eq!(value["layer"], layer, "{what}: {value}");
    assert_eq!(value["level"], serde_json::json!(level), "{what}: {value}");
    // The deciding statement is named exactly when one decided.
    let named = !(kind == "ImplicitDeny" || layer == "root");
    assert_eq!(value["statement"].is_u64(), named, "{what}: {value}");
}

#[test]
fn every_layer_flag_with_every_output_mode() {
    let dir = files("every_layer_flag_with_every_output_mode");
    for (name, flags, cases) in scenarios() {
        let layered = !flags.is_empty() || cases.iter().any(|c| c.resource_account.is_some());
        let base: Vec<String> = [
            "eval",
            "--policy",
            "admin.json",
            "--policy",
            "deny-put.json",
        ]
        .iter()
        .chain(&flags)
        .map(|s| s.to_string())
        .collect();
        let with = |extra: &[&str]| -> Vec<String> {
            base.iter()
                .cloned()
                .chain(extra.iter().map(|s| s.to_string()))
                .collect()
        };
        // One request at a time, from flags.
        for case in &cases {
            let what = format!("{name}: {} {}", case.action, case.principal);
            let single = |extra: &[&str]| {
                let args: Vec<String> =
                    with(extra).into_iter().chain(request_flags(case)).collect();
                run_with_input(&dir, &args, "")
            };
            let (code, stdout, stderr) = single(&[]);
            assert_eq!(code, 0, "{what}: {stderr}");
            let first = stdout.lines().next().unwrap_or_default();
            assert!(first.starts_with(case.expected.0), "{what}: {stdout}");
            assert_eq!(
                first.contains(" in ") || first.contains("nothing in"),
                layered,
                "{what}: {first}"
            );
            let (code, stdout, stderr) = single(&["--format", "json"]);
            assert_eq!(code, 0, "{what}: {stderr}");
            let value: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
            assert_json_decision(&value, case, &what);
            let (code, _, stderr) = single(&["--exit-code"]);
            assert_eq!(code, exit_status([case.expected.0]), "{what}: {stderr}");
            let (code, _, _) = single(&["--exit-code", "--format", "json"]);
            assert_eq!(code, exit_status([case.expected.0]), "{what}");
            let (code, stdout, _) = single(&["--explain"]);
            assert_eq!(code, 0, "{what}");
            assert!(stdout.lines().nth(1) == Some(""), "{what}: {stdout}");
            assert_eq!(stdout.contains("\n== "), layered, "{what}: {stdout}");
            assert!(stdout.contains("admin.json\n  #0"), "{what}: {stdout}");
            let (code, stdout, _) = single(&["--explain", "--format", "json"]);
            assert_eq!(code, 0, "{what}");
            let value: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
            assert_json_decision(&value, case, &what);
            assert!(
                value["explanation"]
                    .as_array()
                    .is_some_and(|p| !p.is_empty()),
                "{what}: {value}"
            );
            assert_eq!(value["layers"].is_array(), layered, "{what}: {value}");
        }
        // Every request from a file and from standard input.
        let lines: String = cases.iter().map(|c| line(c) + "\n").collect();
        std::fs::write(dir.join("requests.jsonl"), &lines).unwrap();
        let words: String = cases
            .iter()
            .map(|c| format!("{}\n", c.expected.0))
            .collect();
        for source in ["requests.jsonl", "-"] {
            let what = format!("{name}: --requests {source}");
            let batch = |extra: &[&str]| {
                run_with_input(
                    &dir,
                    &with(&[&["--requests", source], extra].concat()),
                    &lines,
                )
            };
            let (code, stdout, stderr) = batch(&[]);
            assert_eq!(
                (code, stdout.as_str()),
                (0, words.as_str()),
                "{what}: {stderr}"
            );
            let (code, _, _) = batch(&["--exit-code"]);
            assert_eq!(
                code,
                exit_status(cases.iter().map(|c| c.expected.0)),
                "{what}"
            );
            let (code, stdout, _) = batch(&["--format", "json", "--exit-code"]);
            assert_eq!(
                code,
                exit_status(cases.iter().map(|c| c.expected.0)),
                "{what}"
            );
            let values: Vec<serde_json::Value> = stdout
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            assert_eq!(values.len(), cases.len(), "{what}: {stdout}");
            for (value, case) in values.iter().zip(&cases) {
                assert_json_decision(value, case, &what);
            }
            let (code, stdout, _) = batch(&["--explain"]);
            assert_eq!(code, 0, "{what}");
            assert_eq!(
                stdout.matches("\n\n").count(),
                cases.len(),
                "{what}: {stdout}"
            );
            let (code, stdout, _) = batch(&["--explain", "--format", "json"]);
            assert_eq!(code, 0, "{what}");
            for (text, case) in stdout.lines().zip(&cases) {
                let value: serde_json::Value = serde_json::from_str(text).unwrap();
                assert_json_decision(&value, case, &what);
                assert_eq!(value["layers"].is_array(), layered, "{what}: {value}");
            }
        }
    }
}

#[test]
fn layered_requests_stream_one_decision_per_line() {
    let dir = files("layered_requests_stream_one_decision_per_line");
    let mut child = policy()
        .current_dir(&dir)
        .args([
            "eval",
            "--policy",
            "admin.json",
            "--scp",
            "full.json",
            "--format",
            "json",
            "--requests",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let _ = sender.send(line.unwrap());
        }
    });
    let request =
        format!(r#"{{"action":"s3:GetObject","resource":"{OBJECT}","principal":"{ALICE}"}}"#);
    // Each decision arrives while standard input is still open.
    for _ in 0..2 {
        writeln!(stdin, "{request}").unwrap();
        stdin.flush().unwrap();
        let answer = receiver
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("a decision before the input ends");
        let value: serde_json::Value = serde_json::from_str(&answer).unwrap();
        assert_eq!(
            (value["decision"].as_str(), value["layer"].as_str()),
            (Some("Allow"), Some("identity"))
        );
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
    reader.join().unwrap();
}
