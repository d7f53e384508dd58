//! A typo never passes: one slip of the keyboard (a letter inserted, deleted, replaced, or two
//! neighbours swapped) in a name the catalog knows is an error with the fix, unless the slip
//! lands on another name the catalog knows. Names farther from every known one may be newer
//! than the catalog and only warn; a single slip is never that far.

use iam_policy_check::catalog::Catalog;
use iam_policy_check::{check_text, Diagnostic, Options, Severity};
use proptest::prelude::*;

/// One slip at `at` (taken modulo the length): `kind` 0 inserts `letter`, 1 deletes, 2
/// replaces with `letter`, 3 swaps with the next character.
fn slip(word: &str, kind: u8, at: usize, letter: char) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    let at = at % chars.len();
    match kind % 4 {
        0 => chars.insert(at, letter),
        1 => {
            chars.remove(at);
        }
        2 => chars[at] = letter,
        _ if chars.len() > 1 => {
            let at = at.min(chars.len() - 2);
            chars.swap(at, at + 1);
        }
        _ => {}
    }
    chars.into_iter().collect()
}

fn statement_findings(statement: &str) -> Vec<Diagnostic> {
    let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}]}}"#);
    check_text(&text, &Options::default()).diagnostics
}

/// The `(service prefix, action name)` pairs of the catalog, in its order.
fn actions() -> Vec<(String, String)> {
    Catalog::get()
        .services()
        .flat_map(|s| {
            s.actions()
                .map(move |a| (s.prefix().to_string(), a.name().to_string()))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_slip_in_an_action_name_is_an_error_with_a_fix(
        pick in any::<prop::sample::Index>(),
        kind in 0u8..4,
        at in any::<usize>(),
        letter in prop::char::range('a', 'z'),
    ) {
        let actions = actions();
        let (prefix, name) = &actions[pick.index(actions.len())];
        let typo = slip(name, kind, at, letter);
        prop_assume!(!typo.is_empty());
        let service = Catalog::get().service(prefix).unwrap();
        let action = format!("{prefix}:{typo}");
        let findings = statement_findings(&format!(
            r#"{{"Effect": "Deny", "Action": "{action}", "Resource": "*"}}"#
        ));
        if service.action(&typo).is_some() {
            // Another real action (or the same one in another case).
            prop_assert!(findings.iter().all(|d| d.code != "INVALID_ACTION"), "{findings:?}");
        } else if service.api_operation(&typo).is_some()
            || Catalog::get().retired_action(&action).is_some()
        {
            // A name with a meaning of its own: an API operation, a retired action.
            prop_assert!(findings.iter().any(|d| d.code == "API_OPERATION_AS_ACTION"
                || d.code == "RETIRED_ACTION"), "{findings:?}");
        } else {
            let finding = findings.iter().find(|d| d.code == "INVALID_ACTION");
            prop_assert!(finding.is_some(), "{action}: {findings:?}");
            let finding = finding.unwrap();
            prop_assert_eq!(finding.severity, Severity::Error);
            prop_assert!(finding.fix.is_some(), "{action}: {finding:?}");
        }
    }

    #[test]
    fn a_slip_in_a_service_prefix_is_an_error_with_a_fix(
        pick in any::<prop::sample::Index>(),
        kind in 0u8..4,
        at in any::<usize>(),
        letter in prop::char::range('a', 'z'),
    ) {
        let prefixes: Vec<&str> = Catalog::get().service_prefixes().collect();
        let prefix = prefixes[pick.index(prefixes.len())];
        let typo = slip(prefix, kind, at, letter);
        prop_assume!(!typo.is_empty() && !typo.starts_with('-') && !typo.ends_with('-'));
        prop_assume!(!Catalog::get().has_service(&typo)
            && Catalog::get().retired_service(&typo).is_none());
        let findings = statement_findings(&format!(
            r#"{{"Effect": "Deny", "Action": "{typo}:Get*", "Resource": "*"}}"#
        ));
        let finding = findings.iter().find(|d| d.code == "INVALID_SERVICE_IN_ACTION");
        prop_assert!(finding.is_some(), "{typo}: {findings:?}");
        prop_assert!(finding.unwrap().fix.is_some());
    }

    #[test]
    fn a_slip_in_a_global_condition_key_is_an_error_with_a_fix(
        pick in any::<prop::sample::Index>(),
        kind in 0u8..4,
        at in any::<usize>(),
        letter in prop::char::range('a', 'z'),
    ) {
        let keys: Vec<&str> = Catalog::get()
            .global_keys()
            .map(|k| k.name())
            .filter(|k| !k.contains("${"))
            .collect();
        let key = keys[pick.index(keys.len())];
        let (_, name) = key.split_once(':').unwrap();
        let typo = format!("aws:{}", slip(name, kind, at, letter));
        prop_assume!(!typo.ends_with(':') && !typo.contains('/'));
        prop_assume!(Catalog::get().global_key(&typo).is_none()
            && Catalog::get().retired_key(&typo).is_none());
        let findings = statement_findings(&format!(
            r#"{{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*",
                "Condition": {{"Null": {{"{typo}": "false"}}}}}}"#
        ));
        let finding = findings.iter().find(|d| d.code == "INVALID_GLOBAL_CONDITION_KEY");
        prop_assert!(finding.is_some(), "{typo}: {findings:?}");
        prop_assert!(finding.unwrap().fix.is_some());
    }
}
