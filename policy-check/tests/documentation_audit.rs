//! Policies printed in AWS's documentation guides (the `awsdocs/*` repositories on GitHub; each
//! sample names its repository and page): those IAM accepts and that work as documented check
//! without an error, and the documentation's real mistakes stay errors.

use iam_policy_check::{check_text, Options, PolicyKind, Severity};

/// The codes of a document's findings at `severity`, checked as `kind`.
fn codes(text: &str, kind: PolicyKind, severity: Severity) -> Vec<&'static str> {
    let options = Options::default().with_kind(kind);
    check_text(text, &options)
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == severity)
        .map(|d| d.code.as_str())
        .collect()
}

fn errors(text: &str, kind: PolicyKind) -> Vec<&'static str> {
    codes(text, kind, Severity::Error)
}

/// An OpenID Connect provider registered with a path (every EKS cluster's: `oidc.eks.REGION.
/// amazonaws.com/id/ID`) names its claims `HOST/PATH:claim`.
#[test]
fn provider_keys_with_a_path_are_condition_keys() {
    // awsdocs/amazon-eks-user-guide, doc_source/iam-roles-for-service-accounts-technical-overview.md
    // (the trust policy of a role for a service account; the region filled in).
    let trust = r#"{
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": {
            "Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
          },
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {
            "StringEquals": {
              "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:default:my-service-account",
              "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com"
            }
          }
        }
      ]
    }"#;
    assert_eq!(errors(trust, PolicyKind::Trust), Vec::<&str>::new());
    assert_eq!(
        codes(trust, PolicyKind::Trust, Severity::SecurityWarning),
        Vec::<&str>::new()
    );
    // A path is a path: an empty segment or a space is still no key.
    for key in [
        "oidc.eks.us-west-2.amazonaws.com//id:sub",
        "oidc.eks.us-west-2.amazonaws.com/i d:sub",
        "s3/prefix:sub",
    ] {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                "Condition": {{"StringEquals": {{"{key}": "x"}}}}}}]}}"#
        );
        assert_eq!(
            errors(&text, PolicyKind::Identity),
            ["INVALID_CONDITION_KEY_FORMAT"],
            "{key}"
        );
    }
}

/// Facebook and Login with Amazon name the application a token was issued to `app_id`, not `aud`
/// (IAM User Guide, "Available keys for AWS web identity federation").
#[test]
fn web_identity_audience_of_facebook_and_amazon_is_app_id() {
    // awsdocs/iam-user-guide, doc_source/reference_policies_elements_principal.md gives the
    // principals; the conditions are the documented keys.
    for (provider, key) in [
        ("graph.facebook.com", "graph.facebook.com:app_id"),
        ("www.amazon.com", "www.amazon.com:app_id"),
        ("accounts.google.com", "accounts.google.com:aud"),
    ] {
        let trust = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"Federated": "{provider}"}},
                "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {{"StringEquals": {{"{key}": "111222333444555"}}}}}}]}}"#
        );
        assert_eq!(
            codes(&trust, PolicyKind::Trust, Severity::SecurityWarning),
            Vec::<&str>::new(),
            "{provider}"
        );
    }
}

/// The documentation's own mistakes: IAM refuses them or they cannot do what the page says.
#[test]
fn documentation_bugs_stay_errors() {
    let cases = [
        // A Sid with spaces in an identity policy. awsdocs/aws-kms-developer-guide,
        // doc_source/key-policy-modifying-external-accounts.md.
        (
            r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Allow Use Of CMK In Account 111122223333", "Effect": "Allow",
                "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                "Resource": "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}]}"#,
            PolicyKind::Identity,
            "UNSUPPORTED_SID",
        ),
        // An account of ten digits. awsdocs/amazon-ec2-user-guide, doc_source/ExamplePolicies_EC2.md.
        (
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:CreateVolume", "Resource": "*"},
                {"Effect": "Allow", "Action": ["ec2:CreateTags"], "Resource": "arn:aws:ec2:us-east-1:1234567890:volume/*",
                 "Condition": {"StringEquals": {"aws:RequestTag/purpose": "test", "ec2:CreateAction": "CreateVolume"},
                               "ForAllValues:StringEquals": {"aws:TagKeys": "purpose"}}}]}"#,
            PolicyKind::Identity,
            "INVALID_ARN_ACCOUNT",
        ),
        // An account of eleven digits in a principal. awsdocs/aws-cloudtrail-user-guide,
        // doc_source/create-kms-key-policy-for-cloudtrail.md.
        (
            r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Enable encrypted CloudTrail log read access", "Effect": "Allow",
                "Principal": {"AWS": ["arn:aws:iam::11111111111:role/CloudTrailReadRole"]}, "Action": "kms:Decrypt",
                "Resource": "*", "Condition": {"Null": {"kms:EncryptionContext:aws:cloudtrail:arn": "false"}}}]}"#,
            PolicyKind::Resource,
            "INVALID_PRINCIPAL_FORMAT",
        ),
        // A doubled colon: `arn:aws::s3:::…`. awsdocs/amazon-eks-user-guide,
        // doc_source/create-service-account-iam-policy-and-role.md.
        (
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"],
                "Resource": ["arn:aws::s3:::my-pod-secrets-bucket/*"]}]}"#,
            PolicyKind::Identity,
            "MISSING_ARN_FIELD",
        ),
        // A space in an action. awsdocs/amazon-ec2-user-guide, doc_source/ExamplePolicies_EC2.md.
        (
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2: ModifySnapshotAttribute",
                "Resource": "arn:aws:ec2:us-east-1::snapshot/*",
                "Condition": {"StringEquals": {"ec2:ResourceTag/user-name": "${aws:username}"}}}]}"#,
            PolicyKind::Identity,
            "INVALID_ACTION_FORMAT",
        ),
        // A misspelled condition key (`kms:EncryptionContextKeys`). awsdocs/aws-kms-developer-guide,
        // doc_source/policy-conditions.md.
        (
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/RoleForExampleApp"},
                "Action": "kms:GenerateDataKey", "Resource": "*",
                "Condition": {"StringEquals": {"kms:EncryptionContextKey": "AppName"}}}]}"#,
            PolicyKind::Resource,
            "INVALID_SERVICE_CONDITION_KEY",
        ),
    ];
    for (text, kind, code) in cases {
        assert!(errors(text, kind).contains(&code), "{code}: {text}");
    }
}

/// A placeholder the page asks the reader to replace is not a policy IAM stores; the error names
/// the field that holds it.
#[test]
fn placeholders_are_errors_that_name_the_field() {
    // awsdocs/iam-user-guide, doc_source/reference_policies_elements_principal.md.
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::AWS-account-ID:user/user-name"}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#;
    let checked = check_text(text, &Options::default().with_kind(PolicyKind::Resource));
    let messages: Vec<&str> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("the account `AWS-account-ID`"),
        "{messages:?}"
    );
}

/// `RCPFullAWSAccess`, which AWS attaches to every root, OU and account (AWS Organizations User
/// Guide, "Resource control policies"), is the one `Allow` an RCP holds; any other `Allow` is
/// still refused.
#[test]
fn rcp_full_aws_access_is_a_resource_control_policy() {
    let full = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}"#;
    assert_eq!(errors(full, PolicyKind::Rcp), Vec::<&str>::new());
    let narrower = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#;
    assert!(errors(narrower, PolicyKind::Rcp).contains(&"RCP_SYNTAX_ERROR_ALLOW"));
}

/// An OpenID Connect issuer URL may end with `/` (Microsoft Entra ID's
/// `https://sts.windows.net/TENANT/`); IAM names its claims `URL:claim` all the same.
#[test]
fn provider_keys_may_end_with_a_slash() {
    let trust = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/sts.windows.net/11111111-2222-3333-4444-555555555555/"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"sts.windows.net/11111111-2222-3333-4444-555555555555/:aud": "api://aws-federation"}}}]}"#;
    assert_eq!(errors(trust, PolicyKind::Trust), Vec::<&str>::new());
}

/// `iam:PassRole` and `iam:CreateServiceLinkedRole` on `*` are scoped by the condition key that
/// names the service (Access Analyzer's remedy), as in AWS Control Tower's service role policy.
#[test]
fn passing_and_creating_roles_scoped_by_service_are_not_too_broad() {
    for (action, key, service) in [
        (
            "iam:CreateServiceLinkedRole",
            "iam:AWSServiceName",
            "cloudtrail.amazonaws.com",
        ),
        ("iam:PassRole", "iam:PassedToService", "ec2.amazonaws.com"),
    ] {
        let scoped = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "{action}", "Resource": "*",
                "Condition": {{"StringEquals": {{"{key}": "{service}"}}}}}}]}}"#
        );
        let findings = check_text(&scoped, &Options::default()).diagnostics;
        assert!(findings.is_empty(), "{action}: {findings:?}");
    }
}

/// A `Sid` used twice is refused by IAM in its own policies, but S3 stores such a bucket policy
/// (awsdocs/aws-cloudtrail-user-guide,
/// doc_source/cloudtrail-create-and-update-an-organizational-trail-by-using-the-aws-cli.md, one
/// statement per log folder): a warning there, an error in an identity policy.
#[test]
fn duplicate_sids_are_an_error_only_where_iam_stores_the_policy() {
    let statements = r#"[
      {"Sid": "AWSCloudTrailWrite20150319", "Effect": "Allow", "Principal": {"Service": ["cloudtrail.amazonaws.com"]},
       "Action": "s3:PutObject", "Resource": "arn:aws:s3:::my-organization-bucket/AWSLogs/111111111111/*",
       "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}},
      {"Sid": "AWSCloudTrailWrite20150319", "Effect": "Allow", "Principal": {"Service": ["cloudtrail.amazonaws.com"]},
       "Action": "s3:PutObject", "Resource": "arn:aws:s3:::my-organization-bucket/AWSLogs/o-exampleorgid/*",
       "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}}]"#;
    let bucket = format!(r#"{{"Version": "2012-10-17", "Statement": {statements}}}"#);
    assert_eq!(errors(&bucket, PolicyKind::Resource), Vec::<&str>::new());
    assert_eq!(
        codes(&bucket, PolicyKind::Resource, Severity::Warning),
        ["UNIQUE_SIDS_RECOMMENDED"]
    );
    let identity = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Sid": "Read", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}"#;
    assert_eq!(
        errors(identity, PolicyKind::Identity),
        ["UNIQUE_SIDS_REQUIRED"]
    );
}

/// A value of an `Arn` operator is matched field by field, each field with its wildcards, the
/// service's too (IAM User Guide, "ARN condition operators"); `*` alone matches every ARN.
#[test]
fn arn_condition_values_take_wildcards_in_every_field() {
    for value in [
        "arn:aws:*:*:111122223333:workflow/*",
        "arn:aws:s?s:us-east-1:111122223333:*",
        "*",
    ] {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"Service": "sns.amazonaws.com"}},
                "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:q",
                "Condition": {{"ArnLike": {{"aws:SourceArn": "{value}"}}}}}}]}}"#
        );
        assert_eq!(
            errors(&text, PolicyKind::Resource),
            Vec::<&str>::new(),
            "{value}"
        );
    }
    // In `Resource`, the service is named.
    let resource = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
        "Resource": "arn:aws:*:::reports/*"}]}"#;
    assert_eq!(
        errors(resource, PolicyKind::Identity),
        ["WILDCARD_IN_SERVICE_NAME"]
    );
}

/// Tag keys may hold spaces, and so may the tag key of a condition key
/// (`aws:ResourceTag/Cost Center`); the rest of a key may not.
#[test]
fn tag_keys_in_condition_keys_may_hold_spaces() {
    let with = |key: &str| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*",
                "Condition": {{"StringEquals": {{"{key}": "12345"}}}}}}]}}"#
        )
    };
    assert_eq!(
        errors(&with("aws:ResourceTag/Cost Center"), PolicyKind::Identity),
        Vec::<&str>::new()
    );
    assert_eq!(
        errors(&with("aws:Resource Tag/CostCenter"), PolicyKind::Identity),
        ["INVALID_CONDITION_KEY_FORMAT"]
    );
}

/// VPC and VPC endpoint IDs as AWS's guides write them: hexadecimal or not, of several lengths
/// (OpenSearch Serverless: `vpc-0fdd2445d8EXAMPLE`; Lambda: `vpce-1a2b3c4d5e6f7g8h9`; Secrets
/// Manager: `vpce-1234a5678b9012c`). What cannot be an ID is still refused.
#[test]
fn vpc_ids_are_a_prefix_and_letters_or_digits() {
    let with = |key: &str, value: &str| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Deny", "Action": "s3:*", "Resource": "*",
                "Condition": {{"StringNotEquals": {{"{key}": "{value}"}}}}}}]}}"#
        )
    };
    for (key, value) in [
        ("aws:SourceVpc", "vpc-0fdd2445d8EXAMPLE"),
        ("aws:SourceVpce", "vpce-1a2b3c4d5e6f7g8h9"),
        ("aws:SourceVpce", "vpce-1234a5678b9012c"),
    ] {
        assert_eq!(
            errors(&with(key, value), PolicyKind::Identity),
            Vec::<&str>::new(),
            "{value}"
        );
    }
    for (key, value, code) in [
        ("aws:SourceVpc", "my-vpc", "INVALID_VPC_FORMAT"),
        ("aws:SourceVpc", "vpc_0abc", "INVALID_VPC_FORMAT"),
        ("aws:SourceVpce", "vpce-", "INVALID_VPCE_FORMAT"),
    ] {
        assert_eq!(
            errors(&with(key, value), PolicyKind::Identity),
            [code],
            "{value}"
        );
    }
}
