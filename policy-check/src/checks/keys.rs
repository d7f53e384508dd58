//! Condition keys against the catalogs: global keys (`aws:…`), the keys policy variables
//! name, retired keys, and a known key's fit with its operator.

use iam_policy_core::tables::{Operator, Qualifier};

use crate::catalog::{Catalog, ConditionKey, KeyType, Retirement};
use crate::checks::Checker;
use crate::diagnostic::{Diagnostic, Loc};
use crate::grammar::document::Spanned;
use crate::grammar::operator::{Family, OperatorName};
use crate::grammar::template::{self, Syntax};
use crate::lint;
use crate::syntax::json::shorten;

/// Checks a condition key under `operator`: an `aws:` key against the global keys, a service's
/// key against its service ([`crate::checks::catalog::condition_key`]).
pub(crate) fn check(
    operator: &Spanned<OperatorName>,
    text: &str,
    loc: Loc,
    checker: &mut Checker<'_>,
) {
    let (prefix, _) = text.split_once(':').unwrap_or_default();
    if !prefix.eq_ignore_ascii_case("aws") {
        crate::checks::catalog::condition_key(operator, text, loc, checker);
        return;
    }
    let shown = shorten(text);
    let catalog = Catalog::get();
    match catalog.global_key(text) {
        Some(found) => key_fits_operator(operator, text, found, checker),
        None if catalog.is_retired_key(text) => {
            if let Some(retirement) = catalog.retired_key(text) {
                retired_key(text, loc, retirement, checker);
            }
        }
        None => {
            // Tag keys are offered without their `/${TagKey}` part.
            let names = catalog.global_keys().map(|k| {
                k.name()
                    .split_once("/${")
                    .map_or(k.name(), |(base, _)| base)
            });
            // A near miss of a known key is a typo: it never matches, so a `Deny` never applies.
            // A tag key's base is compared without its tag (`aws:ResourceTags/team`).
            let (base, tag) = match text.split_once('/') {
                Some((base, tag)) => (base, Some(tag)),
                None => (text, None),
            };
            let guess = crate::suggest::guess(base, names);
            checker.report(match guess.filter(|g| g.is_typo).map(|g| g.name) {
                Some(guess) => Diagnostic::new(
                    lint::INVALID_GLOBAL_CONDITION_KEY,
                    loc,
                    format!("`{shown}` is not a global condition key: it is never in the request context"),
                )
                .with_fix(
                    loc,
                    match tag {
                        Some(tag) => format!("{guess}/{tag}"),
                        None => guess.to_string(),
                    },
                )
                .with_note(crate::checks::catalog::newer_names_note()),
                None => far_guess(
                    Diagnostic::new(
                        lint::UNKNOWN_GLOBAL_CONDITION_KEY,
                        loc,
                        format!(
                            "`{shown}` is not a global condition key of the catalog: requests carry it only if AWS added it since"
                        ),
                    ),
                    guess,
                )
                .with_note(crate::checks::catalog::newer_names_note()),
            });
        }
    }
}

/// Checks the keys policy variables name: an `aws:` key that is a near miss of a global key
/// never resolves (the statement then never matches as meant), so it is an error with the fix;
/// another unknown `aws:` key is a warning. Service keys and the claims of identity providers
/// (`${cognito-identity.amazonaws.com:sub}`) are not checked.
pub(crate) fn variable_keys(
    text: &str,
    variables: &str,
    wildcards: bool,
    loc: Loc,
    checker: &mut Checker<'_>,
) {
    let syntax = Syntax {
        wildcards,
        variables: true,
    };
    // The grammar read them without error.
    let parts = template::parse(variables, syntax).unwrap_or_default();
    let catalog = Catalog::get();
    for part in &parts {
        let template::Part::Variable { key, .. } = part else {
            continue;
        };
        let Some((prefix, _)) = key.split_once(':') else {
            continue;
        };
        if !prefix.eq_ignore_ascii_case("aws")
            || catalog.global_key(key).is_some()
            || catalog.is_retired_key(key)
        {
            continue;
        }
        let (base, tag) = match key.split_once('/') {
            Some((base, tag)) => (base, Some(tag)),
            None => (key.as_str(), None),
        };
        let names = catalog.global_keys().map(|k| {
            k.name()
                .split_once("/${")
                .map_or(k.name(), |(base, _)| base)
        });
        let shown = shorten(key);
        let guess = crate::suggest::guess(base, names);
        checker.report(match guess.filter(|g| g.is_typo).map(|g| g.name) {
            Some(guess) => {
                let fixed_key = match tag {
                    Some(tag) => format!("{guess}/{tag}"),
                    None => guess.to_string(),
                };
                Diagnostic::new(
                    lint::INVALID_POLICY_VARIABLE,
                    loc,
                    format!("the policy variable `${{{shown}}}` names no condition key: it never resolves"),
                )
                .with_fix(loc, text.replacen(&format!("${{{key}"), &format!("${{{fixed_key}"), 1))
            }
            None => far_guess(
                Diagnostic::new(
                    lint::UNKNOWN_POLICY_VARIABLE,
                    loc,
                    format!(
                        "the policy variable `${{{shown}}}` names no global condition key of the catalog"
                    ),
                ),
                guess,
            )
            .with_note(crate::checks::catalog::newer_names_note()),
        });
    }
}

/// An unknown-name finding with the closest known name as its help, when one is close enough
/// to suggest but too far to be taken for a typo.
fn far_guess(finding: Diagnostic, guess: Option<crate::suggest::Guess<'_>>) -> Diagnostic {
    match guess {
        Some(far) => finding.with_help(format!("did you mean `{}`?", far.name)),
        None => finding,
    }
}

/// Reports a condition key AWS retired (`RETIRED_CONDITION_KEY`, a warning: no request
/// carries it, though an earlier release of the catalog lists it).
pub(crate) fn retired_key(
    key: &str,
    loc: Loc,
    retirement: Retirement<'_>,
    checker: &mut Checker<'_>,
) {
    checker.report(
        Diagnostic::new(
            lint::RETIRED_CONDITION_KEY,
            loc,
            format!(
                "the condition key `{}` is retired: no request carries it today",
                shorten(key)
            ),
        )
        .with_help(format!("{retirement}")),
    );
}

/// Checks a known condition key against its operator: the set qualifier (IAM reference 6.5,
/// 6.8) and the type (6.9). The one place these are decided, for global and service keys.
/// - No qualifier on a multivalued key: `MISSING_QUALIFIER`.
/// - `ForAllValues:` on a single-valued key: `FORALLVALUES_WITH_SINGLE_VALUED_KEY` (also true
///   when the key is absent).
/// - `ForAnyValue:` on a single-valued key: `FORANYVALUE_WITH_SINGLE_VALUED_KEY`.
/// - An operator that does not compare the key's type: `TYPE_MISMATCH`.
pub(crate) fn key_fits_operator(
    operator: &Spanned<OperatorName>,
    key: &str,
    found: &ConditionKey,
    checker: &mut Checker<'_>,
) {
    let name = operator.value;
    let shown = shorten(key);
    let single = OperatorName {
        qualifier: Qualifier::Single,
        ..name
    };
    match (name.qualifier, found.is_multivalued()) {
        (Qualifier::Single, true) if name.base != Operator::Null => {
            checker.report(
                Diagnostic::new(
                    lint::MISSING_QUALIFIER,
                    operator.loc,
                    format!("`{shown}` can hold several values: `{name}` needs a set qualifier"),
                )
                .with_help(format!(
                    "write `ForAnyValue:{name}` (some value must match) or `ForAllValues:{name}` (every value must match)"
                )),
            )
        }
        (Qualifier::ForAllValues, false) => checker.report(
            Diagnostic::new(
                lint::FORALLVALUES_WITH_SINGLE_VALUED_KEY,
                operator.loc,
                format!("`{shown}` holds one value: `{name}` is also true when the key is absent"),
            )
            .with_fix(operator.loc, single.to_string()),
        ),
        (Qualifier::ForAnyValue, false) => checker.report(
            Diagnostic::new(
                lint::FORANYVALUE_WITH_SINGLE_VALUED_KEY,
                operator.loc,
                format!("`{shown}` holds one value: the set qualifier `ForAnyValue:` does not belong on it"),
            )
            .with_fix(operator.loc, single.to_string()),
        ),
        _ => {}
    }
    let kind = found.key_type();
    let fits = matches!(
        (name.family(), kind),
        (Family::Null, _)
            | (Family::String, KeyType::String | KeyType::Arn)
            | (Family::Arn, KeyType::Arn)
            | (Family::Numeric, KeyType::Numeric | KeyType::DateOrNumeric)
            | (Family::Date, KeyType::Date | KeyType::DateOrNumeric)
            | (Family::Bool, KeyType::Bool)
            | (Family::Ip, KeyType::Ip)
    );
    if !fits {
        checker.report(
            Diagnostic::new(
                lint::TYPE_MISMATCH,
                operator.loc,
                format!(
                    "`{shown}` has the type {kind}, which `{}` does not compare",
                    name.base_name()
                ),
            )
            .with_help(format!("use an operator for {kind} values")),
        );
    }
}
