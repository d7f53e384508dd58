//! `policy analyze` end to end: first line, exit status, JSON, and every counterexample
//! decided again by `policy eval`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn policy() -> Command {
    Command::new(env!("CARGO_BIN_EXE_policy"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("policy-cli-analyze-{}", std::process::id()))
        .join(name);
    // A folder left by an earlier run whose process had the same id would leak into this one.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn run(command: &mut Command) -> (i32, String) {
    let output = command.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
    )
}

fn doc(statements: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#)
}

/// The decision (first word) `policy eval` prints for a counterexample's request.
fn eval(policies: &[&Path], request: &serde_json::Value) -> String {
    let mut command = policy();
    command.arg("eval");
    for p in policies {
        command.arg("--policy").arg(p);
    }
    command
        .arg("--action")
        .arg(request["action"].as_str().unwrap())
        .arg("--resource")
        .arg(request["resource"].as_str().unwrap());
    for (key, value) in request["context"].as_object().unwrap() {
        match value {
            serde_json::Value::String(s) => {
                command.arg("--context").arg(format!("{key}={s}"));
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    command
                        .arg("--context")
                        .arg(format!("{key}={}", item.as_str().unwrap()));
                }
            }
            other => panic!("unexpected context value {other}"),
        }
    }
    let (_, out) = run(&mut command);
    out.split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn no_new_access_passes_fails_and_its_counterexample_is_real() {
    let dir = scratch("no-new-access");
    let old = write(
        &dir,
        "old.json",
        &doc(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
        "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}"#,
        ),
    );
    let new = write(
        &dir,
        "new.json",
        &doc(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
        "Condition": {"IpAddress": {"aws:SourceIp": "203.0.0.0/16"}}}"#,
        ),
    );
    let (code, out) = run(policy()
        .args(["analyze", "no-new-access", "--existing"])
        .arg(&new)
        .arg(&old));
    assert_eq!((code, out.lines().next()), (0, Some("PASS")), "{out}");
    let (code, out) = run(policy()
        .args(["analyze", "no-new-access", "--format", "json", "--existing"])
        .arg(&old)
        .arg(&new));
    assert_eq!(code, 1, "{out}");
    let verdict: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(verdict["result"], "FAIL");
    assert_eq!(verdict["reasons"], serde_json::json!([]));
    let requests = verdict["counterexamples"].as_array().unwrap();
    assert!(!requests.is_empty());
    for request in requests {
        assert!(request["principal"].is_null());
        assert_eq!(eval(&[&new], request), "Allow", "{request}");
        assert_ne!(eval(&[&old], request), "Allow", "{request}");
    }
    let (code, out) = run(policy().args(["analyze", "no-new-access"]).arg(&new));
    assert_eq!(code, 2, "{out}");
}

#[test]
fn access_not_granted_takes_several_actions_and_resources() {
    let dir = scratch("access-not-granted");
    let deny = write(
        &dir,
        "deny.json",
        &doc(
            r#"{"Effect": "Deny", "Action": ["cloudtrail:StartLogging", "cloudtrail:StopLogging"],
        "Resource": "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default"}"#,
        ),
    );
    let allow = write(
        &dir,
        "allow.json",
        &doc(r#"{"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"}"#),
    );
    let (code, out) = run(policy()
        .args(["analyze", "access-not-granted"])
        .arg(&deny)
        .arg(&allow)
        .args([
            "--action",
            "cloudtrail:StopLogging",
            "cloudtrail:StartLogging",
            "--resource",
            "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default",
        ]));
    assert_eq!((code, out.lines().next()), (0, Some("PASS")), "{out}");
    let (code, out) = run(policy()
        .args(["analyze", "access-not-granted", "--format", "json"])
        .arg(&deny)
        .arg(&allow)
        .args([
            "--action",
            "cloudtrail:StopLogging",
            "--resource",
            "arn:aws:cloudtrail:*:111122223333:trail/*",
        ]));
    assert_eq!(code, 1, "{out}");
    let verdict: serde_json::Value = serde_json::from_str(&out).unwrap();
    let request = &verdict["counterexamples"][0];
    assert_eq!(eval(&[&deny, &allow], request), "Allow", "{request}");
    let (code, _) = run(policy()
        .args(["analyze", "access-not-granted"])
        .arg(&allow)
        .args(["--action", "cloudtrial:StopLogging"]));
    assert_eq!(code, 2);
}

#[test]
fn public_access_and_expand() {
    let dir = scratch("public");
    let bucket = write(
        &dir,
        "bucket.json",
        &doc(
            r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}"#,
        ),
    );
    let (code, out) = run(policy()
        .args([
            "analyze",
            "public-access",
            "--resource-type",
            "AWS::S3::Bucket",
        ])
        .arg(&bucket));
    assert_eq!((code, out.lines().next()), (0, Some("PASS")), "{out}");
    let open = write(
        &dir,
        "open.json",
        &doc(
            r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
        ),
    );
    let (code, out) = run(policy()
        .args([
            "analyze",
            "public-access",
            "--resource-type",
            "AWS::S3::Bucket",
        ])
        .arg(&open));
    assert_eq!((code, out.lines().next()), (1, Some("FAIL")), "{out}");
    assert!(out.contains("--principal"), "{out}");
    let wildcard = write(
        &dir,
        "wildcard.json",
        &doc(r#"{"Effect": "Allow", "Action": "cloudtrail:Get*", "Resource": "*"}"#),
    );
    let (code, out) = run(policy().args(["analyze", "expand"]).arg(&wildcard));
    assert_eq!((code, out.lines().next()), (1, Some("FAIL")), "{out}");
    assert!(out.contains("  cloudtrail:GetTrailStatus\n"), "{out}");
    assert!(
        out.contains("and the actions AWS adds: cloudtrail:get*"),
        "{out}"
    );
    let exact = write(
        &dir,
        "exact.json",
        &doc(r#"{"Effect": "Allow", "Action": "cloudtrail:GetTrail", "Resource": "*"}"#),
    );
    let (code, out) = run(policy().args(["analyze", "expand"]).arg(&exact));
    assert_eq!((code, out.lines().next()), (0, Some("PASS")), "{out}");
    // Another catalog that adds an action the wildcard matches.
    let other = write(
        &dir,
        "other.json",
        r#"{"services": [{"prefix": "cloudtrail", "actions": [
        {"name": "GetTrail", "access_level": "Read"}, {"name": "GetNewThing", "access_level": "Read"}]}]}"#,
    );
    let (code, out) = run(policy()
        .args(["analyze", "expand", "--catalog"])
        .arg(&other)
        .arg(&wildcard));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("  + cloudtrail:GetNewThing"), "{out}");
}
