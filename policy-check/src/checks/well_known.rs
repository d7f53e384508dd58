//! Values of well-known condition keys in the shape their key carries: a region for
//! `aws:RequestedRegion`, a `vpce-…` ID for `aws:SourceVpce`, an organization ID for
//! `aws:PrincipalOrgID`, a service principal for `iam:PassedToService`, public addresses for
//! `aws:SourceIp`. A value of another shape never equals what a request carries, so the
//! condition can never hold as written: an error unless allowed, with the fix where one value
//! is obviously meant.

use crate::checks::Checker;
use crate::diagnostic::{Diagnostic, Loc};
use crate::grammar::document::Spanned;
use crate::grammar::operator::{Family, OperatorName};
use crate::grammar::values::Network;
use crate::lint;
use crate::syntax::json::shorten;
use crate::syntax::json::Node;
use iam_policy_core::tables::Operator;

/// One value as written, with where it is.
pub(crate) struct Written<'a> {
    pub text: &'a str,
    pub loc: Loc,
}

/// Checks the values of `key` under `operator` (`node`: the values as the grammar read them,
/// without error).
pub(crate) fn check(
    operator: &Spanned<OperatorName>,
    key: &str,
    node: &Node,
    checker: &mut Checker<'_>,
) {
    let family = operator.value.family();
    if family != Family::String && family != Family::Ip {
        return;
    }
    let name = key.to_ascii_lowercase();
    let values = crate::grammar::condition::written(node).map(|(text, loc)| Written { text, loc });
    if family == Family::Ip {
        if name == "aws:sourceip" {
            private_ranges(operator, values, checker);
        }
        return;
    }
    let like = matches!(
        operator.value.base,
        Operator::StringLike | Operator::StringNotLike
    );
    for value in &values.collect::<Vec<_>>() {
        // Patterns, variables and template placeholders stand for values of any shape.
        if value.text.contains("${")
            || (like && value.text.contains(['*', '?']))
            || crate::has_placeholder(value.text, checker.options.placeholders)
        {
            continue;
        }
        let finding = match name.as_str() {
            "aws:requestedregion" => region(value),
            "aws:sourcevpce" => vpc_id(value, "vpce", "aws:SourceVpc"),
            "aws:sourcevpc" => vpc_id(value, "vpc", "aws:SourceVpce"),
            "aws:principalorgid" | "aws:resourceorgid" | "aws:sourceorgid" => org_id(value),
            "iam:passedtoservice" | "iam:awsservicename" => service_principal(value),
            _ => None,
        };
        if let Some(finding) = finding {
            checker.report(finding);
        }
    }
}

fn region(value: &Written<'_>) -> Option<Diagnostic> {
    if crate::grammar::arn::well_formed_region(value.text) {
        return None;
    }
    let error = Diagnostic::new(
        lint::INVALID_REGION,
        value.loc,
        format!(
            "`{}` is not a region: `aws:RequestedRegion` holds names such as `us-east-1`",
            shorten(value.text)
        ),
    );
    Some(match crate::grammar::arn::region_fix(value.text) {
        Some(fix) => error.with_fix(value.loc, fix),
        None => error,
    })
}

/// `vpc-0abc…` or `vpce-0abc…`: the kind, a hyphen, then letters and digits. IDs are 8 or 17
/// hexadecimal digits today, but AWS's own examples write others (`vpc-0fdd2445d8EXAMPLE`,
/// `vpce-1a2b3c4d5e6f7g8h9`, `vpce-1234a5678b9012c`): what is refused is what cannot be an ID
/// at all (a name, a CIDR, `vpc_…`, the other kind's prefix).
fn vpc_id(value: &Written<'_>, kind: &str, other_key: &str) -> Option<Diagnostic> {
    let shaped = |kind: &str| {
        value
            .text
            .strip_prefix(kind)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()))
    };
    if shaped(kind) {
        return None;
    }
    let code = if kind == "vpce" {
        lint::INVALID_VPCE_FORMAT
    } else {
        lint::INVALID_VPC_FORMAT
    };
    let other = if kind == "vpce" { "vpc" } else { "vpce" };
    let error = Diagnostic::new(
        code,
        value.loc,
        format!(
            "`{}` is not a {} ID (`{kind}-0123456789abcdef0`)",
            shorten(value.text),
            if kind == "vpce" {
                "VPC endpoint"
            } else {
                "VPC"
            }
        ),
    );
    Some(if shaped(other) {
        error.with_help(format!(
            "`{}` is a {} ID: compare it with `{other_key}`",
            shorten(value.text),
            if other == "vpce" {
                "VPC endpoint"
            } else {
                "VPC"
            }
        ))
    } else {
        error
    })
}

/// `o-` and 10 to 32 lowercase letters or digits; an organization's ARN gives its ID.
fn org_id(value: &Written<'_>) -> Option<Diagnostic> {
    let is_id = |text: &str| {
        text.strip_prefix("o-").is_some_and(|rest| {
            (10..=32).contains(&rest.len())
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
    };
    if is_id(value.text) {
        return None;
    }
    let error = Diagnostic::new(
        lint::INVALID_ORG_ID_FORMAT,
        value.loc,
        format!(
            "`{}` is not an organization ID (`o-` and 10 to 32 letters or digits)",
            shorten(value.text)
        ),
    );
    let from_arn = value
        .text
        .rsplit_once("organization/")
        .map(|(_, id)| id)
        .filter(|id| is_id(id));
    Some(match from_arn {
        Some(id) => error.with_fix(value.loc, id),
        None => error,
    })
}

/// A service principal: `SERVICE.amazonaws.com` (and the partitions' other DNS suffixes).
fn service_principal(value: &Written<'_>) -> Option<Diagnostic> {
    if value.text.contains('.') {
        return None;
    }
    let error = Diagnostic::new(
        lint::INVALID_SERVICE_PRINCIPAL_VALUE,
        value.loc,
        format!(
            "`{}` is not a service principal: services are named by their DNS name",
            shorten(value.text)
        ),
    );
    let service = value.text.trim().to_ascii_lowercase();
    Some(
        if !service.is_empty()
            && service
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            error.with_fix(value.loc, format!("{service}.amazonaws.com"))
        } else {
            error
        },
    )
}

/// The ranges no request's `aws:SourceIp` falls in: AWS fills the key with the public address
/// a request came from, and requests through a VPC endpoint carry `aws:VpcSourceIp` instead.
const PRIVATE: &[(u128, u8)] = &[
    // 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 127.0.0.0/8, 169.254.0.0/16 (IPv4-mapped)
    (0xffff_0a00_0000, 104),
    (0xffff_ac10_0000, 108),
    (0xffff_c0a8_0000, 112),
    (0xffff_7f00_0000, 104),
    (0xffff_a9fe_0000, 112),
    // fc00::/7 (unique local), fe80::/10 (link local), ::1/128
    (0xfc00 << 112, 7),
    (0xfe80 << 112, 10),
    (1, 128),
];

fn is_private(network: &Network) -> bool {
    PRIVATE.iter().any(|&(base, prefix)| {
        let mask = if prefix == 0 {
            0
        } else {
            u128::MAX << (128 - u32::from(prefix))
        };
        network.prefix >= prefix && network.network & mask == base & mask
    })
}

fn private_ranges<'a>(
    operator: &Spanned<OperatorName>,
    values: impl Iterator<Item = Written<'a>>,
    checker: &mut Checker<'_>,
) {
    // The networks as the grammar parsed them; placeholders stand for any address.
    let placeholders = checker.options.placeholders;
    let networks: Vec<Network> = values
        .filter(|value| !crate::has_placeholder(value.text, placeholders))
        .filter_map(|value| crate::grammar::values::network(value.text).ok())
        .collect();
    if networks.is_empty() || !networks.iter().all(is_private) {
        return;
    }
    let negated = operator.value.base == Operator::NotIpAddress;
    let (code, effect) = if negated {
        (lint::PRIVATE_NOT_IP_ADDRESS, "always holds")
    } else {
        (lint::PRIVATE_IP_ADDRESS, "never holds")
    };
    checker.report(
        Diagnostic::new(
            code,
            operator.loc,
            format!("every range of `aws:SourceIp` here is private, so the condition {effect}: requests carry their public address"),
        )
        .with_help("compare private addresses of requests through a VPC endpoint with `aws:VpcSourceIp`"),
    );
}

#[cfg(test)]
mod tests {
    use crate::{check_text, Options};

    fn codes(condition: &str) -> Vec<(String, Option<String>)> {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": {condition}}}}}"#
        );
        check_text(&text, &Options::default())
            .diagnostics
            .into_iter()
            .map(|d| (d.code.as_str().to_string(), d.fix.map(|f| f.replacement)))
            .collect()
    }

    fn one(code: &str, fix: Option<&str>) -> Vec<(String, Option<String>)> {
        vec![(code.to_string(), fix.map(str::to_string))]
    }

    #[test]
    fn values_in_the_wrong_shape_are_found_with_the_fix() {
        let cases = [
            (
                r#"{"StringEquals": {"aws:RequestedRegion": "us-east"}}"#,
                one("INVALID_REGION", None),
            ),
            (
                r#"{"StringEquals": {"aws:RequestedRegion": "eu-west1"}}"#,
                one("INVALID_REGION", Some("eu-west-1")),
            ),
            (
                r#"{"StringEquals": {"aws:SourceVpce": "vpc-1a2b3c4d"}}"#,
                one("INVALID_VPCE_FORMAT", None),
            ),
            (
                r#"{"StringEquals": {"aws:SourceVpc": "vpce-1a2b3c4d"}}"#,
                one("INVALID_VPC_FORMAT", None),
            ),
            (
                r#"{"StringEquals": {"aws:PrincipalOrgID": "arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5"}}"#,
                one("INVALID_ORG_ID_FORMAT", Some("o-a1b2c3d4e5")),
            ),
            (
                r#"{"StringEquals": {"iam:PassedToService": "ec2"}}"#,
                one("INVALID_SERVICE_PRINCIPAL_VALUE", Some("ec2.amazonaws.com")),
            ),
            (
                r#"{"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.1.0/24"]}}"#,
                one("PRIVATE_IP_ADDRESS", None),
            ),
            (
                r#"{"NotIpAddress": {"aws:SourceIp": "172.16.0.0/12"}}"#,
                one("PRIVATE_NOT_IP_ADDRESS", None),
            ),
        ];
        for (condition, expected) in cases {
            assert_eq!(codes(condition), expected, "{condition}");
        }
    }

    #[test]
    fn values_in_the_right_shape_pass() {
        for condition in [
            r#"{"StringEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-3"]}}"#,
            r#"{"StringLike": {"aws:RequestedRegion": "eu-*"}}"#,
            r#"{"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}"#,
            r#"{"StringEquals": {"aws:SourceVpc": "vpc-0123456789abcdef0"}}"#,
            r#"{"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}"#,
            r#"{"StringEquals": {"aws:PrincipalOrgID": "${aws:ResourceOrgID}"}}"#,
            r#"{"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}"#,
            r#"{"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "203.0.113.0/24"]}}"#,
            r#"{"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}"#,
        ] {
            assert_eq!(codes(condition), [], "{condition}");
        }
    }
}
