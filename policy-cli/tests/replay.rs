//! `policy replay` and `policy generate` over CloudTrail records: the seed's CLI session (the
//! CloudTrail guide's developer group) and a sample of real records.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn session() -> PathBuf {
    root().join("policy-cloudtrail/tests/fixtures/seed/devgroup_session.json")
}

fn sample() -> PathBuf {
    root().join("policy-cloudtrail/tests/fixtures/invictus")
}

fn policy_file(name: &str) -> PathBuf {
    root().join("examples/policies").join(name)
}

fn run(args: &[&Path]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_policy"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn p(text: &str) -> &Path {
    Path::new(text)
}

#[test]
fn replay_against_the_developer_group_reproduces_the_session() {
    let (deny, allow) = (
        policy_file("deny_default_trail_logging.json"),
        policy_file("describe_any_trail.json"),
    );
    let (code, out, err) = run(&[
        p("replay"),
        p("--cloudtrail"),
        &session(),
        p("--policy"),
        &deny,
        &allow,
        p("--format"),
        p("json"),
    ]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let row = |v: &serde_json::Value| {
        format!(
            "{} {} {} {} {}",
            v["action"].as_str().unwrap(),
            v["resource"].as_str().unwrap(),
            v["recorded"].as_str().unwrap(),
            v["decision"].as_str().unwrap(),
            v["change"].as_str().unwrap()
        )
    };
    let trail = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default";
    assert_eq!(
        lines.iter().map(row).collect::<Vec<_>>(),
        [
            "cloudtrail:DescribeTrails * allowed Allow unchanged".to_string(),
            format!("cloudtrail:GetTrailStatus {trail} allowed Allow unchanged"),
            format!("cloudtrail:StopLogging {trail} denied ExplicitDeny unchanged"),
            format!("cloudtrail:StartLogging {trail} denied ExplicitDeny unchanged"),
        ]
    );
    assert_eq!(lines[0]["eventID"], "0b7c5c3e-7a41-4e5b-9c1a-000000000001");
}

#[test]
fn a_narrower_policy_would_break_and_a_wider_one_would_allow() {
    let deny = policy_file("deny_default_trail_logging.json");
    let (code, out, _) = run(&[
        p("replay"),
        p("--cloudtrail"),
        &session(),
        p("--policy"),
        &deny,
    ]);
    assert_eq!(code, 1, "a break exits 1");
    assert!(
        out.contains("would-break: cloudtrail:DescribeTrails *"),
        "{out}"
    );
    assert!(
        out.contains("4 calls replayed: 2 would break, 0 would be allowed, 2 unchanged"),
        "{out}"
    );

    let full = policy_file("cloudtrail_full_access.json");
    let (code, out, _) = run(&[
        p("replay"),
        p("--cloudtrail"),
        &session(),
        p("--policy"),
        &full,
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("4 calls replayed: 0 would break, 2 would be allowed, 2 unchanged"),
        "{out}"
    );
    let stop = out
        .lines()
        .find(|l| l.starts_with("cloudtrail:StopLogging "))
        .map(|l| l.split_whitespace().collect::<Vec<_>>());
    assert_eq!(
        stop,
        Some(vec!["cloudtrail:StopLogging", "0", "1", "0"]),
        "{out}"
    );
}

#[test]
fn replay_takes_the_layer_flags_of_eval() {
    // An SCP level that allows only DescribeTrails: GetTrailStatus would break.
    let dir = std::env::temp_dir().join(format!("policy-cli-replay-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let scp = dir.join("describe-only.json");
    std::fs::write(
        &scp,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudtrail:DescribeTrails","Resource":"*"}]}"#,
    )
    .unwrap();
    let allow = policy_file("describe_any_trail.json");
    let (code, out, err) = run(&[
        p("replay"),
        p("--cloudtrail"),
        &session(),
        p("--policy"),
        &allow,
        p("--scp"),
        &scp,
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("would-break: cloudtrail:GetTrailStatus"),
        "{out}"
    );
    assert!(
        !out.contains("would-break: cloudtrail:DescribeTrails"),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn generation_from_the_session_gives_exactly_the_two_successful_actions() {
    let (code, out, err) = run(&[p("generate"), p("--cloudtrail"), &session()]);
    assert_eq!(code, 0, "{err}");
    let policy: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut actions: Vec<&str> = policy["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Action"].as_str().unwrap())
        .collect();
    actions.sort();
    assert_eq!(
        actions,
        ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"]
    );
    assert_eq!(
        policy["Statement"][0]["Sid"],
        "CloudtrailActionsWithoutResourceTypes"
    );
    assert_eq!(policy["Statement"][0]["Resource"], "*");
    assert_eq!(
        policy["Statement"][1]["Resource"],
        "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default"
    );
    // The generated policy allows what succeeded: replaying against it breaks nothing.
    let dir = std::env::temp_dir().join(format!("policy-cli-generate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let generated = dir.join("generated.json");
    std::fs::write(&generated, &out).unwrap();
    let (code, out, _) = run(&[
        p("replay"),
        p("--cloudtrail"),
        &session(),
        p("--policy"),
        &generated,
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 would break"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn generation_is_deterministic_and_pastes_into_rust() {
    let user = p("arn:aws:iam::111122223333:user/devuser");
    let args = [
        p("generate"),
        p("--cloudtrail"),
        &sample(),
        &session(),
        p("--principal"),
        user,
        p("--format"),
        p("rust"),
    ];
    let (code, first, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    assert!(first.starts_with("static GENERATED: iam_policy::Policy = iam_policy::policy!({"));
    assert!(!first.contains("s3:"), "another principal's calls: {first}");
    let (_, second, _) = run(&args);
    assert_eq!(first, second);
}

#[test]
fn the_sample_replays_with_unmapped_records_listed() {
    let read_only = policy_file("cloudtrail_read_only.json");
    let (code, out, err) = run(&[
        p("replay"),
        p("--cloudtrail"),
        &sample(),
        p("--policy"),
        &read_only,
    ]);
    assert_eq!(
        code, 1,
        "the read-only policy breaks the sample's writes: {err}"
    );
    assert!(out.contains("would-break: cloudtrail:CreateTrail"), "{out}");
    assert!(out.contains("records not replayed:"), "{out}");
    assert!(out.contains("(first: "), "{out}");
}

#[test]
fn generation_over_the_sample_passes_the_checker() {
    let (code, out, err) = run(&[p("generate"), p("--cloudtrail"), &sample()]);
    assert_eq!(code, 0, "{err}");
    let checked = iam_policy_check::check_text(&out, &iam_policy_check::Options::default());
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    assert!(
        out.contains("\"Sid\": \"Ec2ActionsWithoutResourceTypes\""),
        "{out}"
    );
}
