//! Mistakes with one obviously meant value are errors with that value as a machine-applicable
//! fix (the command-line tool shows it as a diff, `--format json` carries it, `policy!` names it).

mod common;

use common::errors as findings;
use iam_policy_check::PolicyKind;

#[test]
fn each_mistake_gets_its_fix() {
    let identity = [
        (
            r#"{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:111122223333:function/my-fn"}"#,
            "INVALID_ARN_RESOURCE",
            Some("arn:aws:lambda:us-east-1:111122223333:function:my-fn"),
        ),
        (
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "my-bucket/*"}"#,
            "INVALID_ARN_PREFIX",
            Some("arn:aws:s3:::my-bucket/*"),
        ),
        (
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/* "}"#,
            "WHITESPACE_AROUND_ARN",
            Some("arn:aws:s3:::my-bucket/*"),
        ),
        (
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*,arn:aws:s3:::b/*"}"#,
            "SEVERAL_ARNS_IN_ONE_STRING",
            None,
        ),
        (
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/255.255.255.0"}}}"#,
            "TYPE_MISMATCH_IP_RANGE",
            Some("203.0.113.0/24"),
        ),
        (
            r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEquals": {"SourceVpc": "vpc-12345678"}}}"#,
            "INVALID_CONDITION_KEY_FORMAT",
            Some("aws:SourceVpc"),
        ),
        (
            r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:PrincipleTag/team": "a"}}}"#,
            "INVALID_GLOBAL_CONDITION_KEY",
            Some("aws:PrincipalTag/team"),
        ),
        (
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/home/${aws:usrname}/*"}"#,
            "INVALID_POLICY_VARIABLE",
            Some("arn:aws:s3:::b/home/${aws:username}/*"),
        ),
        (
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:S3:::b/*"}"#,
            "INVALID_ARN_SERVICE_CASE",
            Some("arn:aws:s3:::b/*"),
        ),
    ];
    for (statement, code, fix) in identity {
        let found = findings(statement, PolicyKind::Identity);
        assert!(
            found.contains(&(code.to_string(), fix.map(str::to_string))),
            "{statement}: {found:?}"
        );
    }
    let service =
        r#"{"Effect": "Allow", "Principal": {"Service": "lambda"}, "Action": "sts:AssumeRole"}"#;
    assert_eq!(
        findings(service, PolicyKind::Resource),
        [(
            "INVALID_SERVICE_PRINCIPAL_FORMAT".to_string(),
            Some("lambda.amazonaws.com".to_string())
        )]
    );
}
