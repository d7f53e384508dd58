//! `Action` and `NotAction` entries: `*` or `service:Name`, with wildcards in the name.

use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::document::{Checker, Spanned};
use crate::json::shorten;
use crate::suggest::closest;

/// Checks one action pattern; reports what is wrong and returns whether it is usable.
pub(crate) fn check(action: &Spanned<String>, checker: &mut Checker<'_>) -> bool {
    let text = action.value.as_str();
    let loc = action.loc;
    if text == "*" {
        return true;
    }
    let format_error = |message: String| Diagnostic::error("INVALID_ACTION_FORMAT", loc, message);
    if text.contains(char::is_whitespace) {
        let fixed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        checker.report(
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
        checker.report(match Catalog::get().service_of_action(text) {
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
        checker.report(if collapsed.matches(':').count() == 1 {
            error.with_fix(loc, collapsed)
        } else {
            error
        });
        return false;
    }
    let (prefix, name) = text.split_once(':').unwrap_or((text, ""));
    if prefix.contains(['*', '?']) {
        checker.report(
            Diagnostic::error(
                "WILDCARD_IN_SERVICE_NAME",
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
        checker.report(format_error(format!(
            "the service prefix `{}` of `{}` may hold only letters, digits and `-`",
            shorten(prefix),
            shorten(text)
        )));
        return false;
    }
    if name.is_empty() {
        checker.report(
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
        checker.report(format_error(format!(
            "the action `{}` contains `{}`: action names hold letters, digits, `-` and the wildcards `*` and `?`",
            shorten(text),
            bad.escape_debug()
        )));
        return false;
    }
    let catalog = Catalog::get();
    if !catalog.has_service(prefix) {
        let error = Diagnostic::error(
            "INVALID_SERVICE_IN_ACTION",
            loc,
            format!(
                "unknown service prefix `{}` in `{}`",
                shorten(prefix),
                shorten(text)
            ),
        );
        checker.report(match closest(prefix, catalog.service_prefixes()) {
            Some(fix) => {
                let fixed = format!("{fix}:{name}");
                error
                    .with_fix(loc, fixed)
                    .with_help(format!("did you mean `{fix}`?"))
            }
            None => error.with_help(format!(
                "no AWS service has the prefix `{}`",
                shorten(prefix)
            )),
        });
        return false;
    }
    true
}
