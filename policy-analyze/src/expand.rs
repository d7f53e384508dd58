//! What the wildcards grant: the catalog actions each statement's action element matches, the
//! services whose future actions it matches, and what changes under another catalog.

use iam_policy_check::catalog::Catalog;
use iam_policy_core::{Context, Effect, Policy};

use std::collections::BTreeMap;

use iam_policy_core::tables::Pattern;

use crate::automaton::{bit_of, signatures_with, Alphabet, Dictionary, Glob};
use crate::tables::{lists_actions, pattern_glob, slice, text, Unresolved};

/// The actions one statement's action element matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementGrant {
    /// The statement's position in the policy.
    pub index: usize,
    /// Its `Sid`.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// The catalog actions it matches (`service:Name`, as the catalog spells them), in
    /// catalog order.
    pub actions: Vec<String>,
    /// Where it matches actions no catalog knows yet: `service:pattern` for a pattern of a
    /// known service, `*` for every service (`*`, `NotAction`).
    pub future: Vec<String>,
}

/// The grants of every statement of a policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expansion {
    /// One entry per statement, in order.
    pub statements: Vec<StatementGrant>,
}

/// What another catalog changes in what one statement matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogChange {
    /// The statement's position.
    pub index: usize,
    /// Its `Sid`.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// Actions matched under the other catalog only.
    pub added: Vec<String>,
    /// Actions matched under the first catalog only.
    pub removed: Vec<String>,
}

/// The actions each statement of `policy` matches under `catalogs`.
///
/// ```
/// let p = iam_policy_check::LoadedPolicy::from_json(r#"{"Version": "2012-10-17", "Statement":
///     {"Effect": "Allow", "Action": "cloudtrail:*Logging", "Resource": "*"}}"#).unwrap();
/// let catalog = iam_policy_check::catalog::Catalog::get();
/// let grant = &iam_policy_analyze::expand(&p.as_policy(), &[catalog]).statements[0];
/// assert_eq!(grant.actions, ["cloudtrail:StartLogging", "cloudtrail:StopLogging"]);
/// assert_eq!(grant.future, ["cloudtrail:*logging"]);
/// ```
pub fn expand(policy: &Policy<'_>, catalogs: &[&Catalog]) -> Expansion {
    let statements = policy
        .tables()
        .statements
        .iter()
        .enumerate()
        .map(|(index, statement)| {
            let listed = lists_actions(statement);
            // The statement's patterns by service; `*` (or a wildcard prefix) for all.
            let mut by_service: BTreeMap<String, Vec<(&Pattern, Glob)>> = BTreeMap::new();
            let mut global: Vec<&Pattern> = Vec::new();
            for pattern in slice(policy.tables().patterns, statement.actions) {
                let glob = pattern_glob(policy, pattern, true, &Unresolved);
                match glob.split_service() {
                    Some((service, name)) => {
                        by_service.entry(service).or_default().push((pattern, name))
                    }
                    None => global.push(pattern),
                }
            }
            let matches = |action: &str, patterns: &mut dyn Iterator<Item = &Pattern>| -> bool {
                let lower = action.to_ascii_lowercase();
                let mut any = false;
                for pattern in patterns {
                    if policy.pattern_matches(pattern, &lower, true, &Context::EMPTY) {
                        any = true;
                        break;
                    }
                }
                any == listed
            };
            let mut actions = Vec::new();
            for service in catalogs.iter().flat_map(|c| c.services()) {
                let own = by_service.get(&service.prefix().to_ascii_lowercase());
                // A listing statement matches nothing of a service it names no pattern for.
                if listed && own.is_none() && global.is_empty() {
                    continue;
                }
                for action in service.actions() {
                    let text = format!("{}:{}", service.prefix(), action.name());
                    let mut patterns = own
                        .into_iter()
                        .flat_map(|p| p.iter().map(|(p, _)| *p))
                        .chain(global.iter().copied());
                    if matches(&text, &mut patterns) {
                        actions.push(text);
                    }
                }
            }
            let mut future = Vec::new();
            if listed {
                if !global.is_empty() {
                    future.push(String::from("*"));
                }
                for (service, patterns) in &by_service {
                    for (pattern, name) in patterns {
                        if grants_unknown(name, service, catalogs) {
                            future.push(format!("{service}:{}", pattern_name(policy, pattern)));
                        }
                    }
                }
            } else {
                future.push(String::from("*"));
            }
            future.dedup();
            StatementGrant {
                index,
                sid: statement.sid.map(|s| text(policy, s).to_string()),
                effect: statement.effect,
                actions,
                future,
            }
        })
        .collect();
    Expansion { statements }
}

/// What changes between `before` and `after` in the actions each statement matches.
pub fn compare(policy: &Policy<'_>, before: &[&Catalog], after: &[&Catalog]) -> Vec<CatalogChange> {
    let (old, new) = (expand(policy, before), expand(policy, after));
    old.statements
        .into_iter()
        .zip(new.statements)
        .map(|(old, new)| CatalogChange {
            index: old.index,
            sid: old.sid,
            effect: old.effect,
            added: new
                .actions
                .iter()
                .filter(|a| !old.actions.iter().any(|o| o.eq_ignore_ascii_case(a)))
                .cloned()
                .collect(),
            removed: old
                .actions
                .iter()
                .filter(|a| !new.actions.iter().any(|n| n.eq_ignore_ascii_case(a)))
                .cloned()
                .collect(),
        })
        .collect()
}

/// The name part of an action pattern as lowered (`get*`).
fn pattern_name(policy: &Policy<'_>, pattern: &iam_policy_core::tables::Pattern) -> String {
    let mut out = String::new();
    crate::tables::pattern_source(policy, pattern, &mut out);
    out.split_once(':')
        .map_or(out.clone(), |(_, n)| n.to_string())
}

/// Whether the name pattern matches some name of `service` that no catalog knows: always
/// with a `*` (infinitely many names, finitely many known), else by following the known
/// names beside the pattern.
fn grants_unknown(name: &Glob, service: &str, catalogs: &[&Catalog]) -> bool {
    if name.has_star() {
        return true;
    }
    let names: Vec<String> = catalogs
        .iter()
        .filter_map(|c| c.service(service))
        .flat_map(|s| s.actions().map(|a| a.name().to_ascii_lowercase()))
        .collect();
    let dictionary = Dictionary::new(names.iter().map(String::as_str));
    match signatures_with(
        std::slice::from_ref(name),
        &[0],
        &dictionary,
        Alphabet::ActionName,
        200_000,
    ) {
        Ok(found) => found
            .iter()
            .any(|(signature, _)| bit_of(signature, 0) && !bit_of(signature, 1)),
        // Too many cases to enumerate: a pattern that large matches unknown names.
        Err(_) => true,
    }
}
