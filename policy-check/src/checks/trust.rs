//! Role trust policies: who may assume a role, and through which `sts:` action. The grammar
//! (`Principal` required, no `Resource`, no `NotPrincipal`) is checked while the document is
//! read; these are the rules over each statement read.

use iam_policy_core::tables::Polarity;
use iam_policy_core::Effect;

use crate::checks::Checker;
use crate::diagnostic::Diagnostic;
use crate::grammar::condition::Parsed;
use crate::grammar::document::{Document, Spanned, Statement};
use crate::grammar::principal::PrincipalEntry;
use crate::lint;
use crate::syntax::json::shorten;

/// The actions a role trust policy can grant: the ways of assuming a role and what a session
/// may carry.
const TRUST_ACTIONS: &[&str] = &[
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
];

/// GitHub's OpenID Connect provider, whose tokens any repository can obtain.
const GITHUB_OIDC: &str = "token.actions.githubusercontent.com";

/// Checks each statement of a role trust policy.
pub(crate) fn document(document: &Document, checker: &mut Checker<'_>) {
    for statement in &document.statements {
        actions(statement, checker);
        let Some(principal) = &statement.principal else {
            continue;
        };
        for entry in &principal.entries {
            if let PrincipalEntry::Federated(provider) = &entry.value {
                federated(statement, provider, entry, checker);
            }
        }
        if statement.effect == Effect::Allow {
            anyone(statement, checker);
        }
    }
}

/// Every action must be one of the trust actions (or a wildcard that covers some).
fn actions(statement: &Statement, checker: &mut Checker<'_>) {
    if statement.action.polarity == Polarity::Excluded {
        return;
    }
    for item in &statement.action.items {
        let fits = TRUST_ACTIONS
            .iter()
            .any(|action| crate::catalog::wildcard_matches(&item.value, action));
        if !fits {
            checker.report(
                Diagnostic::new(
                    lint::UNSUPPORTED_ACTION_IN_TRUST_POLICY,
                    item.loc,
                    format!(
                        "`{}` is not an action of a role trust policy: it grants `sts:AssumeRole` and its variants",
                        shorten(&item.value)
                    ),
                )
                .with_help("grant it in an identity policy of the role instead"),
            );
        }
    }
}

/// The action a federated principal assumes roles with, and the claims that scope it.
fn federated(
    statement: &Statement,
    provider: &str,
    entry: &Spanned<PrincipalEntry>,
    checker: &mut Checker<'_>,
) {
    let saml = provider.contains(":saml-provider/");
    let wanted = if saml {
        "sts:AssumeRoleWithSAML"
    } else {
        "sts:AssumeRoleWithWebIdentity"
    };
    let grants = |action: &str| {
        statement.action.polarity == Polarity::Listed
            && statement
                .action
                .items
                .iter()
                .any(|item| crate::catalog::wildcard_matches(&item.value, action))
    };
    if !grants(wanted) {
        checker.report(
            Diagnostic::new(
                lint::MISMATCHED_ACTION_FOR_PRINCIPAL,
                entry.loc,
                format!(
                    "the {} provider `{}` assumes roles with `{wanted}`, which this statement does not grant",
                    if saml { "SAML" } else { "OpenID Connect" },
                    shorten(provider)
                ),
            )
            .with_help(format!("grant `{wanted}`")),
        );
    }
    if saml || statement.effect != Effect::Allow {
        return;
    }
    // The provider's host: the ARN's `oidc-provider/HOST`, or the host itself.
    let host = provider
        .split_once(":oidc-provider/")
        .map_or(provider, |(_, host)| host);
    let keyed = |claim: &str| {
        let key = format!("{host}:{claim}");
        statement
            .condition
            .iter()
            .find(|block| block.key.value.eq_ignore_ascii_case(&key))
    };
    let audience = audience_claim(host);
    if keyed(audience).is_none() && !host.starts_with("cognito-identity.") {
        checker.report(
            Diagnostic::new(
                lint::MISSING_AUDIENCE_CONDITION,
                entry.loc,
                format!(
                    "any application of `{}` can assume this role: no condition on `{host}:{audience}`",
                    shorten(host)
                ),
            )
            .with_help(format!(
                "add `\"StringEquals\": {{\"{host}:{audience}\": \"…\"}}` naming the client ID"
            )),
        );
    }
    if host.eq_ignore_ascii_case(GITHUB_OIDC) {
        match keyed("sub") {
            None => checker.report(
                Diagnostic::new(
                    lint::MISSING_GITHUB_REPO_CONDITION,
                    entry.loc,
                    "every GitHub repository can assume this role: no condition on `token.actions.githubusercontent.com:sub`",
                )
                .with_help("add `\"StringLike\": {\"token.actions.githubusercontent.com:sub\": \"repo:ORG/REPO:ref:refs/heads/main\"}`"),
            ),
            Some(block) => {
                for value in &block.values {
                    if let Parsed::Text(text) = &value.value {
                        if github_subject_is_broad(text) {
                            checker.report(
                                Diagnostic::new(
                                    lint::GITHUB_REPO_WILDCARD,
                                    value.loc,
                                    format!("`{}` lets every repository (or branch) matching it assume this role", shorten(text)),
                                )
                                .with_help("name one repository and branch or environment: `repo:ORG/REPO:ref:refs/heads/main`"),
                            );
                        }
                    }
                }
            }
        }
    }
}

/// The claim that names the application a web identity provider issued a token to: `app_id` for
/// Login with Amazon and Facebook, `aud` for every OpenID Connect provider (IAM User Guide,
/// "Available keys for AWS web identity federation").
fn audience_claim(host: &str) -> &'static str {
    if host.eq_ignore_ascii_case("www.amazon.com")
        || host.eq_ignore_ascii_case("graph.facebook.com")
    {
        "app_id"
    } else {
        "aud"
    }
}

/// Whether a GitHub subject pattern leaves the repository open (`*`, `repo:org/*`).
fn github_subject_is_broad(subject: &str) -> bool {
    let Some(rest) = subject.strip_prefix("repo:") else {
        return subject.contains('*');
    };
    let repository = rest.split(':').next().unwrap_or(rest);
    repository.contains(['*', '?'])
}

/// `"*"` or `{"AWS": "*"}` allowed to assume the role with no condition: anyone with AWS
/// credentials can.
fn anyone(statement: &Statement, checker: &mut Checker<'_>) {
    let Some(principal) = &statement.principal else {
        return;
    };
    if principal.polarity != Polarity::Listed || !statement.condition.is_empty() {
        return;
    }
    if let Some(entry) = principal
        .entries
        .iter()
        .find(|e| e.value == PrincipalEntry::Anyone)
    {
        checker.report(
            Diagnostic::new(
                lint::ASSUME_ROLE_BY_ANYONE,
                entry.loc,
                "anyone with AWS credentials, in any account, can assume this role: the principal is `*` and there is no condition",
            )
            .with_help("name the accounts or roles, or add a condition such as `aws:PrincipalOrgID`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::{check_text, Options, PolicyKind};

    fn codes(statement: &str) -> Vec<&'static str> {
        let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}]}}"#);
        let options = Options::default().with_kind(PolicyKind::Trust);
        check_text(&text, &options)
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect()
    }

    #[test]
    fn correct_trust_policies_check_clean() {
        for statement in [
            r#"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["sts:AssumeRole", "sts:TagSession"],
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#,
            r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                              "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main"}}}"#,
            r#"{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-abcd-abcd-abcd-123456789012"},
                              "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}"#,
            r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/ExampleOrg"}, "Action": "sts:AssumeRoleWithSAML",
                "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}"#,
            // Facebook and Login with Amazon name the application `app_id` (IAM User Guide,
            // id_roles_providers_oidc_manual.md / reference_policies_iam-condition-keys.md).
            r#"{"Effect": "Allow", "Principal": {"Federated": "graph.facebook.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringEquals": {"graph.facebook.com:app_id": "111222333444555"}}}"#,
            r#"{"Effect": "Allow", "Principal": {"Federated": "www.amazon.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringEquals": {"www.amazon.com:app_id": "amzn1.application-oa2-123456"}}}"#,
            // An OpenID Connect provider registered with a path: the keys are `HOST/PATH:claim`
            // (EKS User Guide, doc_source/iam-roles-for-service-accounts-technical-overview.md).
            r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringEquals": {"oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com",
                                               "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:default:my-service-account"}}}"#,
        ] {
            assert_eq!(codes(statement), Vec::<&str>::new(), "{statement}");
        }
    }

    #[test]
    fn trust_policy_mistakes() {
        let cases = [
            (
                r#"{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}"#,
                "RESOURCE_IN_TRUST_POLICY",
            ),
            (
                r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}"#,
                "NOT_PRINCIPAL_IN_TRUST_POLICY",
            ),
            (
                r#"{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "s3:GetObject"}"#,
                "UNSUPPORTED_ACTION_IN_TRUST_POLICY",
            ),
            (
                r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/Org"}, "Action": "sts:AssumeRole"}"#,
                "MISMATCHED_ACTION_FOR_PRINCIPAL",
            ),
            (
                r#"{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}"#,
                "MISSING_AUDIENCE_CONDITION",
            ),
            (
                r#"{"Effect": "Allow", "Principal": {"Federated": "graph.facebook.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": {"StringEquals": {"graph.facebook.com:id": "1234"}}}"#,
                "MISSING_AUDIENCE_CONDITION",
            ),
            (
                r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
                    "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}"#,
                "MISSING_GITHUB_REPO_CONDITION",
            ),
            (
                r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
                    "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                    "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/*"}}}"#,
                "GITHUB_REPO_WILDCARD",
            ),
            (
                r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}"#,
                "ASSUME_ROLE_BY_ANYONE",
            ),
            (
                r#"{"Sid": "trust-ec2", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
                "UNSUPPORTED_SID",
            ),
        ];
        for (statement, code) in cases {
            assert_eq!(codes(statement), [code], "{statement}");
        }
    }
}
