//! Forms AWS documents and IAM accepts are not errors (each one a class of false errors, fixed
//! by a rule), and ARN fields a resource type does not have are.

mod common;

use common::errors;
use iam_policy_check::PolicyKind;

#[test]
fn documented_forms_check_clean() {
    let resource_policies = [
        // Condition keys of web identity providers: the provider's host and a claim.
        r#"{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-abcd-abcd-abcd-123456789012"},
                          "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}"#,
        r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                          "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main"}}}"#,
        // CloudFront's origin access identity.
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL"},
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}"#,
        // API Gateway's resource shorthand.
        r#"{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/stage/GET/pets"}"#,
        // A final `*` spanning the remaining fields.
        r#"{"Effect": "Allow", "Principal": "*", "Action": "cloudfront:GetDistribution", "Resource": "arn:aws:cloudfront:*"}"#,
    ];
    for statement in resource_policies {
        assert_eq!(errors(statement, PolicyKind::Resource), [], "{statement}");
    }
}

#[test]
fn arn_fields_a_resource_type_does_not_have() {
    let cases = [
        (
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:us-east-1:111122223333:bucket/*"}"#,
            vec![
                (
                    "ARN_REGION_NOT_ALLOWED",
                    Some("arn:aws:s3::111122223333:bucket/*"),
                ),
                (
                    "ARN_ACCOUNT_NOT_ALLOWED",
                    Some("arn:aws:s3:us-east-1::bucket/*"),
                ),
            ],
        ),
        (
            r#"{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam:us-east-1:111122223333:role/Admin"}"#,
            vec![(
                "ARN_REGION_NOT_ALLOWED",
                Some("arn:aws:iam::111122223333:role/Admin"),
            )],
        ),
        (
            r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "arn:aws:ec2::111122223333:instance/i-0123456789abcdef0"}"#,
            vec![("MISSING_ARN_REGION", None)],
        ),
    ];
    for (statement, expected) in cases {
        let expected: Vec<(String, Option<String>)> = expected
            .into_iter()
            .map(|(c, f)| (c.to_string(), f.map(str::to_string)))
            .collect();
        assert_eq!(
            errors(statement, PolicyKind::Identity),
            expected,
            "{statement}"
        );
    }
}

#[test]
fn a_malformed_region_gets_the_region_it_means() {
    let statement = r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "arn:aws:ec2:eu-west1:111122223333:instance/*"}"#;
    assert_eq!(
        errors(statement, PolicyKind::Identity),
        [(
            "INVALID_ARN_REGION".to_string(),
            Some("arn:aws:ec2:eu-west-1:111122223333:instance/*".to_string())
        )]
    );
}
