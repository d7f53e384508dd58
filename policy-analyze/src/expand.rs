//! What the wildcards grant: the catalog actions each statement's action element matches, the
//! services whose future actions it matches, and what changes under another catalog.

use policy_check::catalog::Catalog;
use policy_core::{Context, Effect, Policy};

use crate::automaton::{signatures, Alphabet, Glob};
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
/// let p = policy_check::LoadedPolicy::from_json(r#"{"Version": "2012-10-17", "Statement":
///     {"Effect": "Allow", "Action": "cloudtrail:*Logging", "Resource": "*"}}"#).unwrap();
/// let catalog = policy_check::catalog::Catalog::get();
/// let grant = &policy_analyze::expand(&p.as_policy(), &[catalog]).statements[0];
/// assert_eq!(grant.actions, ["cloudtrail:StartLogging", "cloudtrail:StopLogging"]);
/// assert_eq!(grant.future, ["cloudtrail:*logging"]);
/// ```
pub fn expand(policy: &Policy<'_>, catalogs: &[&Catalog]) -> Expansion {
    let statements = policy
        .statements
        .iter()
        .enumerate()
        .map(|(index, statement)| {
            let patterns = slice(policy.patterns, statement.actions);
            let listed = lists_actions(statement);
            let matches = |action: &str| {
                let lower = action.to_ascii_lowercase();
                let any = patterns
                    .iter()
                    .any(|p| policy.pattern_matches(p, &lower, true, &Context::EMPTY));
                any == listed
            };
            let actions: Vec<String> = catalogs
                .iter()
                .flat_map(|c| c.services())
                .flat_map(|service| {
                    service
                        .actions()
                        .map(move |a| format!("{}:{}", service.prefix(), a.name()))
                })
                .filter(|a| matches(a))
                .collect();
            let mut future = Vec::new();
            for pattern in patterns {
                let glob = pattern_glob(policy, pattern, true, &Unresolved);
                match glob.split_service() {
                    _ if !listed => {}
                    Some((service, name)) => {
                        if grants_unknown(&name, &service, catalogs) {
                            future.push(format!("{service}:{}", pattern_name(policy, pattern)));
                        }
                    }
                    None => future.push(String::from("*")),
                }
            }
            if !listed {
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
fn pattern_name(policy: &Policy<'_>, pattern: &policy_core::tables::Pattern) -> String {
    let mut out = String::new();
    crate::tables::pattern_source(policy, pattern, &mut out);
    out.split_once(':')
        .map_or(out.clone(), |(_, n)| n.to_string())
}

/// Whether the name pattern matches some name of `service` that no catalog knows.
fn grants_unknown(name: &Glob, service: &str, catalogs: &[&Catalog]) -> bool {
    let mut globs = vec![name.clone()];
    for catalog in catalogs {
        if let Some(known) = catalog.service(service) {
            for action in known.actions() {
                let mut exact = Glob::new(true);
                exact.text(&action.name().to_ascii_lowercase(), false);
                globs.push(exact);
            }
        }
    }
    match signatures(&globs, None, "", Alphabet::ActionName, 200_000) {
        Ok(found) => found.iter().any(|(signature, _)| {
            signature[0] & 1 != 0
                && (1..globs.len()).all(|i| !crate::automaton::bit_of(signature, i))
        }),
        // Too many cases to enumerate: a pattern that large matches unknown names.
        Err(_) => true,
    }
}
