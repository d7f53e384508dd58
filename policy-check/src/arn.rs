//! `Resource` and `NotResource` entries: `*` or an ARN, checked field by field.

use crate::diagnostic::{Diagnostic, Loc};
use crate::document::{Checker, Spanned};
use crate::json::shorten;
use crate::lint;
use crate::suggest::closest;
use crate::template::{self, Syntax};
use policy_core::Version;

/// The partitions and the shape of their region names (IAM reference 4.2).
const PARTITIONS: &[(&str, &[&str])] = &[
    (
        "aws",
        &["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"],
    ),
    ("aws-cn", &["cn"]),
    ("aws-us-gov", &["us-gov"]),
    ("aws-iso", &["us-iso"]),
    ("aws-iso-b", &["us-isob"]),
    ("aws-iso-e", &["eu-isoe"]),
    ("aws-iso-f", &["us-isof"]),
    ("aws-eusc", &["eusc-de"]),
];

/// The fields of an ARN: `arn`, partition, service, region, account, resource.
pub fn split(arn: &str) -> Option<[&str; 6]> {
    let mut fields = arn.splitn(6, ':');
    Some([
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    ])
}

fn has_wildcard(text: &str) -> bool {
    text.contains(['*', '?'])
}

/// Checks one resource pattern; reports what is wrong and returns whether it is usable.
pub(crate) fn check_resource(resource: &Spanned<String>, checker: &mut Checker<'_>) -> bool {
    let text = resource.value.as_str();
    if text == "*" {
        return true;
    }
    let errors_before = checker.diagnostics.len();
    check_arn(text, resource.loc, "resource", checker);
    crate::service_checks::resource(text, resource.loc, errors_before, checker);
    !checker.diagnostics[errors_before..]
        .iter()
        .any(Diagnostic::is_hard)
}

/// Checks an ARN pattern (a resource, or a value of an `Arn` condition operator).
pub(crate) fn check_arn(text: &str, loc: Loc, what: &str, checker: &mut Checker<'_>) {
    let shown = shorten(text);
    if !text.starts_with("arn:") {
        let error = Diagnostic::new(
            lint::INVALID_ARN_PREFIX,
            loc,
            format!("the {what} `{shown}` is not an ARN: write `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` or `*`"),
        );
        checker.report(match text.get(..4) {
            Some(head) if head.eq_ignore_ascii_case("arn:") => {
                error.with_fix(loc, format!("arn:{}", &text[4..]))
            }
            _ => error,
        });
        return;
    }
    let Some([_, partition, service, region, account, rest]) = split(text) else {
        let fields = text.split(':').count();
        checker.report(
            Diagnostic::new(
                lint::MISSING_ARN_FIELD,
                loc,
                format!("the ARN `{shown}` has {fields} of the 6 fields `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`"),
            )
            .with_help("fields that do not apply stay empty but keep their colons, as in `arn:aws:s3:::bucket`"),
        );
        return;
    };
    let field_error = |code, message: String| Diagnostic::new(code, loc, message);
    if !has_wildcard(partition)
        && !PARTITIONS.iter().any(|(p, _)| *p == partition)
        && !crate::service_checks::custom_partition(partition, service, checker)
    {
        let error = field_error(
            lint::INVALID_PARTITION,
            format!(
                "unknown partition `{}` in the ARN `{shown}`",
                shorten(partition)
            ),
        );
        checker.report(match closest(partition, PARTITIONS.iter().map(|(p, _)| *p)) {
            Some(fix) => error.with_help(format!("did you mean `{fix}`?")),
            None => error.with_help("the partitions are `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, `aws-iso-e`, `aws-iso-f` and `aws-eusc`"),
        });
    }
    if service.is_empty() {
        checker.report(field_error(
            lint::MISSING_ARN_FIELD,
            format!("the ARN `{shown}` has no service"),
        ));
    } else if has_wildcard(service) {
        checker.report(
            field_error(
                lint::WILDCARD_IN_SERVICE_NAME,
                format!(
                    "the service `{}` of the ARN `{shown}` has a wildcard",
                    shorten(service)
                ),
            )
            .with_help("name the service; wildcards are allowed in the other fields"),
        );
    } else if service.bytes().any(|b| b.is_ascii_uppercase()) {
        checker.report(
            field_error(
                lint::INVALID_ARN_SERVICE_CASE,
                format!(
                    "the service `{}` of the ARN `{shown}` must be lowercase",
                    shorten(service)
                ),
            )
            .with_help(format!("write `{}`", service.to_ascii_lowercase())),
        );
    } else if !service
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        checker.report(field_error(
            lint::INVALID_ARN_SERVICE,
            format!(
                "the service `{}` of the ARN `{shown}` may hold only letters, digits and `-`",
                shorten(service)
            ),
        ));
    }
    check_region(region, partition, &shown, loc, checker);
    check_account(account, &shown, loc, checker);
    if rest.is_empty() {
        checker.report(
            Diagnostic::new(
                lint::EMPTY_ARN_RESOURCE,
                loc,
                format!(
                    "the ARN `{shown}` has an empty resource part: it matches only this exact text"
                ),
            )
            .with_help("name the resource after the fifth colon, or end with `*` for all of them"),
        );
    }
    check_variables(
        &[partition, service, region, account],
        rest,
        &shown,
        loc,
        checker,
    );
}

fn check_region(region: &str, partition: &str, shown: &str, loc: Loc, checker: &mut Checker<'_>) {
    if region.is_empty() {
        return;
    }
    if has_wildcard(region) {
        if !region.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'*' | b'?')
        }) {
            checker.report(Diagnostic::new(
                lint::INVALID_ARN_REGION,
                loc,
                format!(
                    "the region `{}` of the ARN `{shown}` is malformed",
                    shorten(region)
                ),
            ));
        }
        return;
    }
    if !well_formed_region(region) {
        let error = Diagnostic::new(
            lint::INVALID_ARN_REGION,
            loc,
            format!(
                "the region `{}` of the ARN `{shown}` is malformed: regions look like `us-east-1`",
                shorten(region)
            ),
        );
        let lower = region.to_ascii_lowercase();
        checker.report(if well_formed_region(&lower) {
            error.with_help(format!("write `{lower}`"))
        } else {
            error
        });
        return;
    }
    if let Some((_, prefixes)) = PARTITIONS.iter().find(|(p, _)| *p == partition) {
        let fits = prefixes.iter().any(|prefix| {
            region
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix('-'))
                .is_some_and(|rest| rest.bytes().next().is_some_and(|b| b.is_ascii_lowercase()))
        });
        if !fits {
            checker.report(Diagnostic::new(
                lint::UNKNOWN_ARN_REGION,
                loc,
                format!("the region `{region}` of the ARN `{shown}` is not a region of the partition `{partition}`"),
            ));
        }
    }
}

/// `^[a-z]{2,4}(-[a-z]+)+-[0-9]+$`
fn well_formed_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return false;
    };
    (2..=4).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && !middle.is_empty()
        && middle
            .iter()
            .all(|m| !m.is_empty() && m.bytes().all(|b| b.is_ascii_lowercase()))
        && !last.is_empty()
        && last.bytes().all(|b| b.is_ascii_digit())
}

fn check_account(account: &str, shown: &str, loc: Loc, checker: &mut Checker<'_>) {
    let valid = account.is_empty()
        || account == "aws"
        || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()))
        || (has_wildcard(account)
            && account
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'*' || b == b'?'));
    if valid {
        return;
    }
    let error = Diagnostic::new(
        lint::INVALID_ARN_ACCOUNT,
        loc,
        format!(
            "the account `{}` of the ARN `{shown}` is not an account ID: it must be 12 digits",
            shorten(account)
        ),
    );
    let digits: String = account.chars().filter(char::is_ascii_digit).collect();
    checker.report(
        if digits.len() == 12
            && account
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
        {
            error.with_help(format!("write it without separators: `{digits}`"))
        } else {
            error
        },
    );
}

/// Policy variables are allowed in the resource part only, and only under `2012-10-17`.
fn check_variables(fields: &[&str], rest: &str, shown: &str, loc: Loc, checker: &mut Checker<'_>) {
    if fields.iter().any(|f| f.contains("${")) {
        checker.report(
            Diagnostic::new(
                lint::VARIABLE_UNSUPPORTED_IN_ELEMENT,
                loc,
                format!("the ARN `{shown}` has a policy variable before its resource part"),
            )
            .with_help("policy variables may only appear after the fifth colon"),
        );
    }
    if !rest.contains("${") {
        return;
    }
    if checker.version == Version::V2008_10_17 {
        variable_outside_version(loc, shown, checker);
        return;
    }
    if let Err(error) = template::parse(
        rest,
        Syntax {
            wildcards: true,
            variables: true,
        },
    ) {
        checker.report(Diagnostic::new(error.code, loc, error.message));
    }
}

/// `${…}` under `2008-10-17` or without `Version`: it is literal text.
pub(crate) fn variable_outside_version(loc: Loc, shown: &str, checker: &mut Checker<'_>) {
    let why = if checker.version_written {
        "`Version` `2008-10-17`"
    } else {
        "a policy without `Version`"
    };
    checker.report(
        Diagnostic::new(
            lint::VARIABLE_UNSUPPORTED_IN_VERSION,
            loc,
            format!("`{shown}` has a policy variable, but in {why} it is literal text"),
        )
        .with_help("use `\"Version\": \"2012-10-17\"`"),
    );
}

#[cfg(test)]
mod tests {
    use crate::{check_text, Options, Severity};

    /// The codes and severities of the findings of `resource` (allowed for `s3:GetObject`).
    fn findings(resource: &str) -> Vec<(&'static str, Severity)> {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "{resource}"}}}}"#
        );
        check_text(&text, &Options::default())
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.severity))
            .collect()
    }

    /// The codes of the errors of `resource`. Warnings are left out: the catalog warns when
    /// an ARN is not a resource type of the action, which is not what these tests are about.
    fn error(resource: &str) -> Vec<&'static str> {
        findings(resource)
            .into_iter()
            .filter(|(_, severity)| *severity == Severity::Error)
            .map(|(c, _)| c)
            .collect()
    }

    #[test]
    fn valid_resources() {
        for resource in [
            "*",
            "arn:aws:s3:::my-bucket",
            "arn:aws:s3:::my-bucket/*",
            "arn:aws:iam::111122223333:user/team/Bob",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default",
            "arn:aws:lambda:eu-west-3:111122223333:function:name:alias",
            "arn:aws-cn:s3:::bucket",
            "arn:aws-us-gov:ec2:us-gov-west-1:111122223333:instance/*",
            "arn:aws:cloudtrail:*:111122223333:trail/*",
            "arn:aws:cloudtrail:us-*:1111222233??:trail/*",
            "arn:*:s3:::bucket",
        ] {
            assert_eq!(error(resource), Vec::<&str>::new(), "{resource}");
        }
    }

    #[test]
    fn not_an_arn() {
        assert_eq!(error("my-bucket"), ["INVALID_ARN_PREFIX"]);
        let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "ARN:aws:s3:::b"}}"#;
        let checked = check_text(text, &Options::default());
        assert_eq!(
            checked.diagnostics[0].fix.as_ref().unwrap().replacement,
            "arn:aws:s3:::b"
        );
    }

    #[test]
    fn fields() {
        assert_eq!(error("arn:aws:s3:bucket"), ["MISSING_ARN_FIELD"]);
        assert_eq!(error("arn:aws:s3::"), ["MISSING_ARN_FIELD"]);
        assert_eq!(error("arn:aws::::thing"), ["MISSING_ARN_FIELD"]);
        assert_eq!(error("arn:amazon:s3:::bucket"), ["INVALID_PARTITION"]);
        assert_eq!(error("arn:aws:S3:::bucket"), ["INVALID_ARN_SERVICE_CASE"]);
        assert_eq!(error("arn:aws:s*:::bucket"), ["WILDCARD_IN_SERVICE_NAME"]);
        assert_eq!(
            findings("arn:aws:cloudtrail:us-east-1:111122223333:"),
            [("EMPTY_ARN_RESOURCE", Severity::Warning)]
        );
    }

    #[test]
    fn regions() {
        for region in ["us-east", "US-EAST-1", "useast1", "u-east-1", "us--1"] {
            assert_eq!(
                error(&format!("arn:aws:cloudtrail:{region}:111122223333:trail/T")),
                ["INVALID_ARN_REGION"],
                "{region}"
            );
        }
        // Well formed but not a region of the partition: only a warning.
        let unknown = ("UNKNOWN_ARN_REGION", Severity::Warning);
        let region = |arn: &str| findings(arn).contains(&unknown);
        assert!(region("arn:aws:cloudtrail:cn-north-1:111122223333:trail/T"));
        assert!(!region(
            "arn:aws-cn:cloudtrail:cn-north-1:111122223333:trail/T"
        ));
    }

    #[test]
    fn accounts() {
        for account in [
            "1234",
            "1111-2222-3333",
            "11112222333x",
            "1111222233334",
            "*-*",
        ] {
            assert_eq!(
                error(&format!("arn:aws:cloudtrail:us-east-1:{account}:trail/T")),
                ["INVALID_ARN_ACCOUNT"],
                "{account}"
            );
        }
    }

    #[test]
    fn several_field_errors_of_one_arn_are_all_reported() {
        assert_eq!(
            error("arn:amazon:cloudtrail:US-EAST-1:1234:"),
            [
                "INVALID_PARTITION",
                "INVALID_ARN_REGION",
                "INVALID_ARN_ACCOUNT",
            ]
        );
    }
}
