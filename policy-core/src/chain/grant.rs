//! How a resource-based policy grants a request, which decides what else must allow it.

use crate::principal::arn_fields;
use crate::request::{Principal, Request};
use crate::table::{slice, Effect, Polarity, Policy, PrincipalPattern, Statement};

/// How an allowing statement of a resource-based policy names the caller, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Grant {
    /// The account (`"111122223333"`, `…:root`): the account delegates to its identity
    /// policies, which must allow too.
    Account,
    /// Everyone (`"*"`), the caller's role (for a session), a service, or `NotPrincipal`: a
    /// grant to the principal, still bounded by its permissions boundary and session policies.
    Principal,
    /// The caller's own user, role-session or federated-user ARN: in the same account not
    /// limited by a permissions boundary or session policies.
    Named,
}

/// The strongest grant among the applying `Allow` statements of `policy` and the first
/// statement that makes it, given `decided`, the first allowing statement (which applies).
/// Other statements are matched in full only when their principals would grant more.
pub(crate) fn strongest_grant(
    policy: &Policy<'_>,
    request: &Request<'_>,
    decided: u32,
) -> (Grant, u32) {
    let first = match policy.statements.get(decided as usize) {
        Some(statement) => statement_grant(policy, statement, request),
        None => Grant::Account,
    };
    // A policy of one statement, or a grant to the caller's own ARN: nothing can grant more.
    if first == Grant::Named || policy.statements.len() <= 1 {
        return (first, decided);
    }
    stronger_grant(policy, request, (first, decided))
}

/// [`strongest_grant`] past the statement that decided: the other statements that would grant
/// more than `best`, matched in full.
#[inline(never)]
fn stronger_grant(
    policy: &Policy<'_>,
    request: &Request<'_>,
    mut best: (Grant, u32),
) -> (Grant, u32) {
    let decided = best.1;
    for (index, statement) in policy.statements.iter().enumerate() {
        if best.0 == Grant::Named {
            break;
        }
        if index == decided as usize || statement.effect != Effect::Allow {
            continue;
        }
        let grant = statement_grant(policy, statement, request);
        if grant > best.0
            && policy
                .explain_statement(index, statement, request)
                .applies()
        {
            best = (grant, index as u32);
        }
    }
    best
}

/// What an `Allow` statement would grant the caller if it applied: by its best matching
/// `Principal` entry; a statement without `Principal` (or with `NotPrincipal`) grants to the
/// principal.
fn statement_grant(policy: &Policy<'_>, statement: &Statement, request: &Request<'_>) -> Grant {
    let principals = slice(policy.principals, statement.principals);
    match statement.principal_polarity {
        // Entries naming accounts grant to the account whichever of them matches.
        Some(Polarity::Listed)
            if principals
                .iter()
                .all(|pattern| matches!(pattern, PrincipalPattern::Account(_))) =>
        {
            Grant::Account
        }
        Some(Polarity::Listed) => principals
            .iter()
            .filter(|pattern| crate::principal::matches(policy, pattern, request))
            .map(|pattern| grant_of(policy, pattern, request.principal()))
            .max()
            .unwrap_or(Grant::Account),
        _ => Grant::Principal,
    }
}

/// What one matching `Principal` entry grants.
fn grant_of(policy: &Policy<'_>, pattern: &PrincipalPattern, caller: Option<Principal>) -> Grant {
    match (pattern, caller) {
        (PrincipalPattern::Account(_), _) => Grant::Account,
        (PrincipalPattern::Aws(listed), Some(Principal::Aws(arn)))
            if policy.str(*listed) == arn && !is_role_arn(arn) =>
        {
            Grant::Named
        }
        _ => Grant::Principal,
    }
}

/// Whether `arn` is an IAM role's ARN (a grant to it is a grant to its sessions, bounded).
fn is_role_arn(arn: &str) -> bool {
    arn_fields(arn).is_some_and(|f| f.service == "iam" && f.resource.starts_with("role/"))
}

/// The first `Deny` statement with `NotPrincipal` whose action, resource and conditions match,
/// whatever principals it excludes: AWS applies such a statement to every IAM principal
/// that has a permissions boundary.
pub(crate) fn not_principal_deny(policy: &Policy<'_>, request: &Request<'_>) -> Option<u32> {
    policy
        .statements
        .iter()
        .enumerate()
        .find_map(|(index, statement)| {
            if statement.effect != Effect::Deny
                || statement.principal_polarity != Some(Polarity::Excluded)
            {
                return None;
            }
            let explained = policy.explain_statement(index, statement, request);
            let matches = explained.action_matches()
                && explained.resource_matches() != Some(false)
                && explained.conditions_hold();
            matches.then_some(index as u32)
        })
}
