//! How a resource-based policy grants a request, which decides what else must allow it.

use crate::principal::arn_fields;
use crate::request::{Principal, Request};
use crate::table::{slice, Effect, Polarity, Policy, PrincipalPattern};

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
/// statement that makes it, if any applies.
pub(crate) fn strongest_grant(policy: &Policy<'_>, request: &Request<'_>) -> Option<(Grant, u32)> {
    let mut best: Option<(Grant, u32)> = None;
    for (index, statement) in policy.statements.iter().enumerate() {
        if statement.effect != Effect::Allow
            || !policy
                .explain_statement(index, statement, request)
                .applies()
        {
            continue;
        }
        let grant = match statement.principal_polarity {
            Some(Polarity::Listed) => slice(policy.principals, statement.principals)
                .iter()
                .filter(|pattern| crate::principal::matches(policy, pattern, request.principal()))
                .map(|pattern| grant_of(policy, pattern, request.principal()))
                .max(),
            _ => Some(Grant::Principal),
        };
        if let Some(grant) = grant {
            if best.is_none_or(|(strongest, _)| grant > strongest) {
                best = Some((grant, index as u32));
            }
            if grant == Grant::Named {
                break;
            }
        }
    }
    best
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
/// whatever principals it excludes: AWS applies such a statement to every IAM user or role
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
