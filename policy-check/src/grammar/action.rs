//! `Action` and `NotAction` entries: `*` or `service:Name`, with wildcards in the name.

use crate::diagnostic::Diagnostic;
use crate::diagnostic::Loc;
use crate::grammar::names::Name;
use crate::grammar::reader::Reader;
use crate::lint;
use crate::syntax::json::shorten;

/// Checks the shape of one action pattern; reports what is wrong and returns whether it is
/// usable. A well-formed `prefix:name` is handed to the checks, which look it up.
pub(crate) fn check<'n>(text: &'n str, loc: Loc, reader: &mut Reader<'_, 'n>) -> bool {
    if text == "*" {
        return true;
    }
    // The usual action passes every test of `check_written`: one pass over its bytes.
    if is_plain_action(text) {
        reader.names.push(Name::Action { text, loc });
        return true;
    }
    check_written(text, loc, reader)
}

/// [`check`] of an action other than `*`, test by test.
fn check_written<'n>(text: &'n str, loc: Loc, reader: &mut Reader<'_, 'n>) -> bool {
    let format_error = |message: String| Diagnostic::new(lint::INVALID_ACTION_FORMAT, loc, message);
    if text.contains(char::is_whitespace) {
        let fixed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        reader.report(
            format_error(format!(
                "the action `{}` contains white space",
                shorten(text)
            ))
            .with_fix(loc, fixed),
        );
        return false;
    }
    let colons = text.matches(':').count();
    if colons == 0 {
        let error = format_error(format!(
            "the action `{}` has no service prefix: write it as `service:{}`",
            shorten(text),
            shorten(text)
        ));
        let vocabulary = reader.vocabulary;
        reader.report(match vocabulary.service_of_action(text) {
            Some(prefix) => error.with_fix(loc, format!("{prefix}:{text}")),
            None => error,
        });
        return false;
    }
    if colons > 1 {
        let error = format_error(format!(
            "the action `{}` has {colons} colons: an action is `service:Name`, with one colon",
            shorten(text)
        ));
        let collapsed = text.replace("::", ":");
        reader.report(if collapsed.matches(':').count() == 1 {
            error.with_fix(loc, collapsed)
        } else {
            error
        });
        return false;
    }
    let (prefix, name) = text.split_once(':').unwrap_or((text, ""));
    if prefix.contains(['*', '?']) {
        reader.report(
            Diagnostic::new(
                lint::WILDCARD_IN_SERVICE_NAME,
                loc,
                format!(
                    "the service prefix of `{}` has a wildcard: it may match services you do not mean",
                    shorten(text)
                ),
            )
            .with_help("name the service (`s3:Get*`), or use `*` for every action"),
        );
        return false;
    }
    if prefix.is_empty()
        || !prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        reader.report(format_error(format!(
            "the service prefix `{}` of `{}` may hold only letters, digits and `-`",
            shorten(prefix),
            shorten(text)
        )));
        return false;
    }
    if name.is_empty() {
        reader.report(
            format_error(format!(
                "the action `{}` has no name after the colon",
                shorten(text)
            ))
            .with_help(format!(
                "write `{prefix}:*` for every action of the service"
            )),
        );
        return false;
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '*' | '?')))
    {
        let error = format_error(format!(
            "the action `{}` contains `{}`: action names hold letters, digits, `-` and the wildcards `*` and `?`",
            shorten(text),
            bad.escape_debug()
        ));
        let cleaned: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '*' | '?'))
            .collect();
        reader.report(if cleaned.is_empty() {
            error
        } else {
            error.with_fix(loc, format!("{prefix}:{cleaned}"))
        });
        return false;
    }
    reader.names.push(Name::Action { text, loc });
    true
}

/// Whether `text` is `prefix:name` with a prefix of ASCII letters, digits and `-` and a name
/// of those and the wildcards `*` and `?`, both non-empty: what [`check`] accepts, told in one
/// pass.
fn is_plain_action(text: &str) -> bool {
    let Some((prefix, name)) = text.split_once(':') else {
        return false;
    };
    let prefix_byte = |b: &u8| b.is_ascii_alphanumeric() || *b == b'-';
    !prefix.is_empty()
        && !name.is_empty()
        && prefix.as_bytes().iter().all(prefix_byte)
        && name
            .as_bytes()
            .iter()
            .all(|b| prefix_byte(b) || matches!(b, b'*' | b'?'))
}

#[cfg(test)]
mod tests {
    use crate::{check_text, Options};

    /// A vocabulary that knows no name (the grammar's tests need no catalog).
    struct NoNames;

    impl crate::grammar::names::Vocabulary for NoNames {
        fn service_of_action(&self, _: &str) -> Option<&str> {
            None
        }
        fn is_global_key(&self, _: &str) -> bool {
            false
        }
        fn is_own_partition(&self, _: &str, _: &str) -> bool {
            false
        }
    }

    proptest::proptest! {
        /// An action the one-pass test accepts is one every test accepts, with no finding.
        #[test]
        fn a_plain_action_passes_every_test(text in "[aZ9:*? \t-é.]{0,8}") {
            let catalogs = NoNames;
            let settings = crate::grammar::reader::Settings {
                kind: crate::PolicyKind::Identity,
                placeholders: false,
            };
            let mut reader = crate::grammar::reader::Reader::new(settings, &catalogs);
            let accepted = super::check_written(&text, crate::Loc::new(0, 0), &mut reader);
            if super::is_plain_action(&text) {
                proptest::prop_assert!(accepted && reader.diagnostics.is_empty(), "{text:?}");
            }
            proptest::prop_assert_eq!(super::is_plain_action(&text), accepted && text != "*" && reader.diagnostics.is_empty());
        }
    }

    /// The code and fix of the one error of `action`, or `None` when it has none (warnings of
    /// other checks, such as `*` on `*` being administrator access, are left out).
    fn finding(action: &str) -> Option<(&'static str, Option<String>)> {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "{action}", "Resource": "*"}}}}"#
        );
        let errors: Vec<_> = check_text(&text, &Options::default())
            .diagnostics
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(errors.len() <= 1, "{errors:?}");
        errors.first().map(|d| {
            (
                d.code.as_str(),
                d.fix.as_ref().map(|f| f.replacement.clone()),
            )
        })
    }

    #[test]
    fn valid_actions() {
        for action in [
            "*",
            "s3:GetObject",
            "cloudtrail:*Logging",
            "CloudTrail:stoplogging",
            "iam:*AccessKey*",
            "ec2:Describe?nstances",
            "aws-marketplace:ViewSubscriptions",
        ] {
            assert_eq!(finding(action), None, "{action}");
        }
    }

    #[test]
    fn format_errors() {
        assert_eq!(
            finding("StopLogging").map(|f| f.0),
            Some("INVALID_ACTION_FORMAT")
        );
        assert_eq!(
            finding("s3: GetObject"),
            Some(("INVALID_ACTION_FORMAT", Some("s3:GetObject".into())))
        );
        assert_eq!(
            finding("s3::GetObject"),
            Some(("INVALID_ACTION_FORMAT", Some("s3:GetObject".into())))
        );
        assert_eq!(
            finding("s3:Get:Object:Acl").map(|f| f.0),
            Some("INVALID_ACTION_FORMAT")
        );
        assert_eq!(
            finding("s3:Get_Object"),
            Some(("INVALID_ACTION_FORMAT", Some("s3:GetObject".into())))
        );
        assert_eq!(finding("s3:").map(|f| f.0), Some("INVALID_ACTION_FORMAT"));
        assert_eq!(
            finding(":GetObject").map(|f| f.0),
            Some("INVALID_ACTION_FORMAT")
        );
        assert_eq!(
            finding("s_3:GetObject").map(|f| f.0),
            Some("INVALID_ACTION_FORMAT")
        );
    }

    #[test]
    fn wildcards_in_the_prefix() {
        for action in ["*:Describe*", "s3*:Get*", "?3:GetObject"] {
            assert_eq!(
                finding(action).map(|f| f.0),
                Some("WILDCARD_IN_SERVICE_NAME"),
                "{action}"
            );
        }
    }

    #[test]
    fn unknown_service_prefix_suggests_the_closest() {
        assert_eq!(
            finding("cloudtrial:StopLogging"),
            Some((
                "INVALID_SERVICE_IN_ACTION",
                Some("cloudtrail:StopLogging".into())
            ))
        );
        // A prefix close to no known one is a warning (`UNKNOWN_SERVICE_IN_ACTION`), not an error.
        assert_eq!(finding("bananas:Peel"), None);
    }
}
