//! `Resource` and `NotResource` entries: `*` or an ARN, checked field by field.

use crate::diagnostic::{Diagnostic, Loc};
use crate::grammar::names::Name;
use crate::grammar::reader::Reader;
use crate::grammar::template::{self, Syntax};
use crate::lint;
use crate::suggest::closest;
use crate::syntax::json::{shorten, Short};
use iam_policy_core::Version;

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
    // The colons found eight bytes at a time: ARNs and templates are split very often.
    let bytes = arn.as_bytes();
    let mut fields = [""; 6];
    let (mut field, mut start, mut at) = (0, 0, 0);
    while let Some(word) = crate::swar::word_at(bytes, at) {
        let mut colons = crate::swar::equal(word, b':');
        while colons != 0 {
            let colon = at + crate::swar::first(colons);
            fields[field] = &arn[start..colon];
            (field, start) = (field + 1, colon + 1);
            if field == 5 {
                fields[5] = &arn[start..];
                return Some(fields);
            }
            colons &= colons - 1;
        }
        at += 8;
    }
    None
}

/// Whether `text` is an ARN followed by another one, after a comma, semicolon or white space.
fn several_arns(text: &str) -> bool {
    text.match_indices("arn:").any(|(at, _)| {
        at > 0
            && text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c == ',' || c == ';' || c.is_whitespace())
    })
}

/// Whether `name` follows Amazon S3's rules for bucket names: 3 to 63 lowercase letters,
/// digits, dots and hyphens, starting and ending with a letter or digit.
fn is_bucket_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    (3..=63).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-'))
        && bytes[0].is_ascii_alphanumeric()
        && bytes[bytes.len() - 1].is_ascii_alphanumeric()
}

/// The ARN with the fields a final field `*` spans written out: `*` matches colons too, so
/// `arn:aws:cloudfront:*` is `arn:aws:cloudfront:*:*:*`. Other text is returned as is.
pub(crate) fn spanning_wildcard(text: &str) -> std::borrow::Cow<'_, str> {
    if !(text.starts_with("arn:") && text.ends_with(":*")) {
        return std::borrow::Cow::Borrowed(text);
    }
    let fields = text.split(':').count();
    if (3..6).contains(&fields) {
        std::borrow::Cow::Owned(format!("{text}{}", ":*".repeat(6 - fields)))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn has_wildcard(text: &str) -> bool {
    crate::grammar::template::has_wildcard(text)
}

/// Checks one resource pattern; reports what is wrong and returns whether it is usable.
/// An ARN without errors is handed to the checks, which look up its resource type.
pub(crate) fn check_resource<'n>(text: &'n str, loc: Loc, reader: &mut Reader<'_, 'n>) -> bool {
    if text == "*" || unknown_start(text, reader) {
        return true;
    }
    if let Some(path) = text.strip_prefix(EXECUTE_API_SHORTHAND) {
        return check_execute_api_path(path, loc, reader);
    }
    let errors_before = reader.diagnostics.len();
    check_arn(text, loc, "resource", reader);
    let new = &reader.diagnostics[errors_before..];
    let usable = !new.iter().any(Diagnostic::is_hard);
    if !new.iter().any(Diagnostic::is_error) {
        reader.names.push(Name::Resource { text, loc });
    }
    usable
}

/// Whether a value starts with a placeholder: a whole ARN known at deployment only.
pub(crate) fn unknown_start(text: &str, reader: &Reader<'_, '_>) -> bool {
    reader.settings.placeholders && text.starts_with(crate::PLACEHOLDER)
}

/// API Gateway's resource policies may name the API they are attached to by a path:
/// `execute-api:/STAGE/METHOD/PATH` stands for `arn:…:execute-api:REGION:ACCOUNT:API-ID/STAGE/METHOD/PATH`.
pub(crate) const EXECUTE_API_SHORTHAND: &str = "execute-api:/";

/// The ARN pattern the API Gateway shorthand `execute-api:/PATH` stands for: any partition,
/// region, account and API (the policy is attached to one API, so the API is implied).
pub(crate) fn execute_api_pattern(path: &str) -> String {
    format!("arn:*:execute-api:*:*:*/{path}")
}

fn check_execute_api_path(path: &str, loc: Loc, reader: &mut Reader<'_, '_>) -> bool {
    if let Err(error) = template::parse(
        path,
        Syntax {
            wildcards: true,
            variables: reader.version == Version::V2012_10_17,
        },
    ) {
        reader.report(Diagnostic::new(error.code, loc, error.message));
        return false;
    }
    true
}

/// What `check_arn` names a value of an `Arn` condition operator. Each field of such a value
/// is matched on its own and may hold wildcards, the service's too (IAM User Guide, "ARN
/// condition operators"), and `*` alone matches every ARN.
pub(crate) const CONDITION_VALUE: &str = "condition value";

/// Checks an ARN pattern (a resource, or a value of an `Arn` condition operator).
pub(crate) fn check_arn<'n>(text: &'n str, loc: Loc, what: &str, reader: &mut Reader<'_, 'n>) {
    if unknown_start(text, reader) {
        return;
    }
    let shown = Short(text);
    let trimmed = text.trim();
    if trimmed != text && trimmed.starts_with("arn:") {
        reader.report(
            Diagnostic::new(
                lint::WHITESPACE_AROUND_ARN,
                loc,
                format!("the {what} `{shown}` has white space around it: it names no resource"),
            )
            .with_fix(loc, trimmed),
        );
        return;
    }
    if several_arns(text) {
        reader.report(
            Diagnostic::new(
                lint::SEVERAL_ARNS_IN_ONE_STRING,
                loc,
                format!("the {what} `{shown}` holds several ARNs in one string"),
            )
            .with_help(
                "write each ARN as a string of its own in the list: `[\"arn:…\", \"arn:…\"]`",
            ),
        );
        return;
    }
    if !text.starts_with("arn:") {
        let error = Diagnostic::new(
            lint::INVALID_ARN_PREFIX,
            loc,
            format!("the {what} `{shown}` is not an ARN: write `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` or `*`"),
        );
        reader.report(match text.get(..4) {
            Some(head) if head.eq_ignore_ascii_case("arn:") => {
                error.with_fix(loc, format!("arn:{}", &text[4..]))
            }
            // A bucket's name (and key) where its ARN belongs.
            _ if is_bucket_name(text.split('/').next().unwrap_or(text)) => {
                error.with_fix(loc, format!("arn:aws:s3:::{text}"))
            }
            _ => error,
        });
        return;
    }
    let written = text;
    let padded = spanning_wildcard(text);
    let text = padded.as_ref();
    // The `:` of a policy variable's key (`${aws:username}`) separates no fields.
    let split = split(text).filter(|_| !text.contains("${") || fields_outside_variables(text) >= 6);
    let Some([_, partition, service, region, account, rest]) = split else {
        reader.report(
            Diagnostic::new(
                lint::MISSING_ARN_FIELD,
                loc,
                format!("the ARN `{shown}` has {} of the 6 fields `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`", fields_outside_variables(text)),
            )
            .with_help("fields that do not apply stay empty but keep their colons, as in `arn:aws:s3:::bucket`"),
        );
        return;
    };
    // A field holding a placeholder may be anything: it is left unchecked, like a wildcard.
    let unknown = |field: &str| crate::has_placeholder(field, reader.settings.placeholders);
    let (partition, region, account) = (
        if unknown(partition) { "*" } else { partition },
        if unknown(region) { "*" } else { region },
        if unknown(account) { "*" } else { account },
    );
    let field_error = |code, message: String| Diagnostic::new(code, loc, message);
    if !has_wildcard(partition)
        && !PARTITIONS.iter().any(|(p, _)| *p == partition)
        && !reader.vocabulary.is_own_partition(partition, service)
    {
        let error = field_error(
            lint::INVALID_PARTITION,
            format!(
                "unknown partition `{}` in the ARN `{shown}`",
                shorten(partition)
            ),
        );
        reader.report(match closest(partition, PARTITIONS.iter().map(|(p, _)| *p)) {
            Some(fix) => error.with_help(format!("did you mean `{fix}`?")),
            None => error.with_help("the partitions are `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, `aws-iso-e`, `aws-iso-f` and `aws-eusc`"),
        });
    }
    if service.is_empty() {
        reader.report(field_error(
            lint::MISSING_ARN_FIELD,
            format!("the ARN `{shown}` has no service"),
        ));
    } else if has_wildcard(service) && what != CONDITION_VALUE {
        reader.report(
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
        reader.report(
            field_error(
                lint::INVALID_ARN_SERVICE_CASE,
                format!(
                    "the service `{}` of the ARN `{shown}` must be lowercase",
                    shorten(service)
                ),
            )
            .with_fix(loc, {
                let at = text_offset(service, text);
                format!(
                    "{}{}{}",
                    &text[..at],
                    service.to_ascii_lowercase(),
                    &text[at + service.len()..]
                )
            }),
        );
    } else if !service.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || b == b'-'
            || (what == CONDITION_VALUE && matches!(b, b'*' | b'?'))
    }) {
        reader.report(field_error(
            lint::INVALID_ARN_SERVICE,
            format!(
                "the service `{}` of the ARN `{shown}` may hold only letters, digits and `-`",
                shorten(service)
            ),
        ));
    }
    // A policy variable before the resource part is reported once, below; its `:` splits the
    // fields, so their shapes say nothing.
    if ![region, account]
        .iter()
        .any(|field| crate::grammar::template::has_variable(field))
    {
        check_region(region, partition, text, written, shown, loc, reader);
        check_account(account, shown, loc, reader);
    }
    if rest.is_empty() {
        reader.report(
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
        written,
        shown,
        loc,
        reader,
    );
}

/// Checks the shape of a region field; a well-formed region of a known partition is handed to
/// the checks, which look it up among the partition's regions.
fn check_region<'n>(
    region: &str,
    partition: &str,
    text: &str,
    written: &'n str,
    shown: Short<'_>,
    loc: Loc,
    reader: &mut Reader<'_, 'n>,
) {
    if region.is_empty() {
        return;
    }
    if has_wildcard(region) {
        if !region.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'*' | b'?')
        }) {
            reader.report(Diagnostic::new(
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
        reader.report(match region_fix(region) {
            Some(fixed) => {
                let at = text_offset(region, text);
                let whole = format!("{}{fixed}{}", &text[..at], &text[at + region.len()..]);
                error.with_fix(loc, whole)
            }
            None => error,
        });
        return;
    }
    if let Some((partition, prefixes)) = PARTITIONS.iter().find(|(p, _)| *p == partition) {
        let fits = prefixes.iter().any(|prefix| {
            region
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix('-'))
                .is_some_and(|rest| rest.bytes().next().is_some_and(|b| b.is_ascii_lowercase()))
        });
        // The region is in the text as written: only fields after it are ever padded.
        let at = text_offset(region, text);
        reader.names.push(Name::Region {
            arn: written,
            partition,
            region: &written[at..at + region.len()],
            fits,
            loc,
        });
    }
}

/// `^[a-z]{2,4}(-[a-z]+)+-[0-9]+$`
/// The region a malformed one obviously means: in lowercase (`US-EAST-1`), with the hyphen
/// before its number (`eu-west1`).
pub(crate) fn region_fix(region: &str) -> Option<String> {
    let lower = region.trim().to_ascii_lowercase();
    if well_formed_region(&lower) {
        return Some(lower);
    }
    let digits = lower.len() - lower.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (head, number) = lower.split_at(lower.len() - digits);
    let hyphenated = format!("{head}-{number}");
    (digits > 0 && !head.ends_with('-') && well_formed_region(&hyphenated)).then_some(hyphenated)
}

/// Where `part` (a slice of `whole`) starts in `whole`.
fn text_offset(part: &str, whole: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

pub(crate) fn well_formed_region(region: &str) -> bool {
    let lowercase = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase());
    let Some((first, rest)) = region.split_once('-') else {
        return false;
    };
    let Some((middle, last)) = rest.rsplit_once('-') else {
        return false;
    };
    (2..=4).contains(&first.len())
        && lowercase(first)
        && middle.split('-').all(lowercase)
        && !last.is_empty()
        && last.bytes().all(|b| b.is_ascii_digit())
}

fn check_account(account: &str, shown: Short<'_>, loc: Loc, reader: &mut Reader<'_, '_>) {
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
    reader.report(
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

/// The fields of an ARN, counting the colons outside `${…}`.
fn fields_outside_variables(text: &str) -> usize {
    let (mut fields, mut depth) = (1, 0usize);
    let bytes = text.as_bytes();
    for (at, &b) in bytes.iter().enumerate() {
        match b {
            b'$' if bytes.get(at + 1) == Some(&b'{') => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => fields += 1,
            _ => {}
        }
    }
    fields
}

/// Policy variables are allowed in the resource part only, and only under `2012-10-17`.
fn check_variables<'n>(
    fields: &[&str],
    rest: &str,
    text: &'n str,
    shown: Short<'_>,
    loc: Loc,
    reader: &mut Reader<'_, 'n>,
) {
    if fields
        .iter()
        .any(|f| crate::grammar::template::has_variable(f))
    {
        reader.report(
            Diagnostic::new(
                lint::VARIABLE_UNSUPPORTED_IN_ELEMENT,
                loc,
                format!("the ARN `{shown}` has a policy variable before its resource part"),
            )
            .with_help("policy variables may only appear after the fifth colon"),
        );
    }
    if !crate::grammar::template::has_variable(rest) {
        return;
    }
    if reader.version == Version::V2008_10_17 {
        variable_outside_version(loc, shown, reader);
        return;
    }
    match template::parse(
        rest,
        Syntax {
            wildcards: true,
            variables: true,
        },
    ) {
        Ok(_) => {
            // The resource part is in the text as written: only `*` fields are ever padded.
            let at = text_offset(rest, text).min(text.len());
            reader.names.push(Name::Variables {
                text,
                variables: &text[at..],
                wildcards: true,
                loc,
            });
        }
        Err(error) => reader.report(Diagnostic::new(error.code, loc, error.message)),
    }
}

/// `${…}` under `2008-10-17` or without `Version`: it is literal text.
pub(crate) fn variable_outside_version(
    loc: Loc,
    shown: impl std::fmt::Display,
    reader: &mut Reader<'_, '_>,
) {
    let why = if reader.version_written {
        "`Version` `2008-10-17`"
    } else {
        "a policy without `Version`"
    };
    reader.report(
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

    proptest::proptest! {
        /// The one-pass split gives the fields of `splitn(6, ':')`.
        #[test]
        fn split_is_splitn(arn in "[a:é]{0,12}") {
            let fields: Vec<&str> = arn.splitn(6, ':').collect();
            let expected: Option<[&str; 6]> = fields.try_into().ok();
            proptest::prop_assert_eq!(super::split(&arn), expected);
        }

        /// The region test without a list of parts is the test over `split('-')`'s parts.
        #[test]
        fn region_shape_is_the_shape_of_its_parts(
            region in "([a-z]{0,5}|[0-9]{1,2}|A)(-([a-z]{0,5}|[0-9]{0,2}|B)){0,3}"
        ) {
            let parts: Vec<&str> = region.split('-').collect();
            let expected = match parts.as_slice() {
                [first, middle @ .., last] => {
                    (2..=4).contains(&first.len())
                        && first.bytes().all(|b| b.is_ascii_lowercase())
                        && !middle.is_empty()
                        && middle.iter().all(|m| !m.is_empty() && m.bytes().all(|b| b.is_ascii_lowercase()))
                        && !last.is_empty()
                        && last.bytes().all(|b| b.is_ascii_digit())
                }
                _ => false,
            };
            proptest::prop_assert_eq!(super::well_formed_region(&region), expected);
        }
    }

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
        // Well formed, of the partition's shape, but no region of it.
        assert!(region("arn:aws:cloudtrail:eu-east-1:111122223333:trail/T"));
        assert!(!region("arn:aws:cloudtrail:eu-west-1:111122223333:trail/T"));
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
    fn placeholders_are_accepted_only_when_asked() {
        let p = crate::PLACEHOLDER;
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "s3:GetObject",
                "Resource": ["arn:{p}:s3:::{p}/*", "{p}/*"],
                "Condition": {{"NumericLessThan": {{"s3:max-keys": "{p}"}}}}}}}}"#
        );
        let codes = |placeholders| {
            let options = Options {
                placeholders,
                ..Options::default()
            };
            let checked = check_text(&text, &options);
            assert!(checked.tables.is_none());
            checked
                .diagnostics
                .iter()
                .map(|d| d.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(true), Vec::<&str>::new());
        assert!(codes(false).iter().any(|c| *c == "INVALID_CHARACTER"));
    }

    #[test]
    fn a_missing_field_is_not_hidden_by_a_variable_s_colon() {
        // awsdocs/iam-user-guide, doc_source/id_tags.md: the account field is missing; the
        // `:` in `${aws:username}` made the ARN look whole.
        assert_eq!(
            error("arn:aws:iam:*:user/${aws:username}"),
            ["MISSING_ARN_FIELD"]
        );
        assert!(error("arn:aws:iam::*:user/${aws:username}").is_empty());
    }

    #[test]
    fn a_variable_before_the_resource_part_is_one_error() {
        // IAM User Guide, reference_policies_variables.md: "You can't use a variable to replace
        // parts of the ARN before the fifth colon, such as the service or account." The `:` of
        // the variable's key no longer makes a malformed account as well.
        for arn in [
            "arn:aws:iam::${aws:PrincipalAccount}:role/admin",
            "arn:aws:sqs:${aws:RequestedRegion}:111122223333:queue",
        ] {
            assert_eq!(error(arn), ["VARIABLE_UNSUPPORTED_IN_ELEMENT"], "{arn}");
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
