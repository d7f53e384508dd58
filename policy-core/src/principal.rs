//! `Principal` entries matched against the caller (IAM reference section 5).

use crate::glob::{bytes_equal, Case};
use crate::request::{Principal, Request};
use crate::table::{Policy, PrincipalPattern};
use crate::words::find_first;

/// Whether the request's caller is covered by one `Principal`/`NotPrincipal` entry.
///
/// - `Anyone` (`"*"`, `{"AWS": "*"}`) covers every caller, anonymous and unknown included.
/// - `Account` covers every principal of the account: an ARN whose account field is the
///   account (`arn:aws:iam::ACCT:user/N`, `arn:aws:sts::ACCT:assumed-role/R/S`, …) or the bare
///   account ID.
/// - `Aws` covers the principal with exactly that ARN (case-sensitive); a role ARN also covers
///   the sessions of the role (`arn:aws:sts::ACCT:assumed-role/NAME/SESSION`; session ARNs
///   carry no role path).
/// - `Service`, `Federated`, `CanonicalUser` cover the caller of that kind and name
///   (canonical user IDs compared without case).
#[inline(never)]
pub(crate) fn matches(
    policy: &Policy<'_>,
    pattern: &PrincipalPattern,
    request: &Request<'_>,
) -> bool {
    match (*pattern, request.principal()) {
        (PrincipalPattern::Anyone, _) => true,
        (PrincipalPattern::Account(account), Some(caller @ Principal::Aws(_))) => {
            // The caller's account, as a chain read it from the ARN already, or read now.
            let own = match request.context().caller_account() {
                Some(known) => known,
                None => crate::chain::principal_account(caller),
            };
            own.is_some_and(|own| {
                bytes_equal(own.as_bytes(), policy.bytes(account), Case::Sensitive)
            })
        }
        (PrincipalPattern::Account(_), _) => false,
        (pattern, Some(principal)) => names(policy, pattern, principal),
        (_, None) => false,
    }
}

/// [`matches`] for the entries that name one principal (`Aws`, `Service`, `Federated`,
/// `CanonicalUser`), out of line: matching `Anyone` and accounts stays small.
#[inline(never)]
fn names(policy: &Policy<'_>, pattern: PrincipalPattern, principal: Principal<'_>) -> bool {
    let text = |s| policy.str(s);
    match (pattern, principal) {
        (PrincipalPattern::Aws(listed), Principal::Aws(arn)) => {
            let listed = text(listed);
            listed == arn || session_of_role(arn, listed)
        }
        (PrincipalPattern::Service(listed), Principal::Service(name)) => text(listed) == name,
        (PrincipalPattern::Federated(listed), Principal::Federated(name)) => text(listed) == name,
        (PrincipalPattern::CanonicalUser(listed), Principal::CanonicalUser(id)) => {
            text(listed).eq_ignore_ascii_case(id)
        }
        _ => false,
    }
}

pub(crate) struct ArnFields<'a> {
    pub(crate) partition: &'a str,
    pub(crate) service: &'a str,
    pub(crate) account: &'a str,
    pub(crate) resource: &'a str,
}

/// The fields of `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` (the resource part keeps its
/// colons).
pub(crate) fn arn_fields(arn: &str) -> Option<ArnFields<'_>> {
    let [partition_end, service_end, region_end, account_end] = arn_colons(arn.as_bytes())?;
    Some(ArnFields {
        partition: arn.get(ARN_PREFIX.len()..partition_end)?,
        service: arn.get(partition_end + 1..service_end)?,
        account: arn.get(region_end + 1..account_end)?,
        resource: arn.get(account_end + 1..)?,
    })
}

/// What every ARN starts with.
const ARN_PREFIX: &[u8; 4] = b"arn:";

/// The positions in `arn` of the colons that end its partition, service, region and account
/// fields, if it is an ARN: `arn:` and four more colons at least (the resource part, after
/// the fourth, may hold more). The colons are found a word at a time; they are all it takes
/// to slice any field.
#[inline(always)]
pub(crate) fn arn_colons(arn: &[u8]) -> Option<[usize; 4]> {
    let rest = arn.strip_prefix(ARN_PREFIX)?;
    let colons = find_first::<4>(rest, b':')?;
    Some(colons.map(|at| at + ARN_PREFIX.len()))
}

/// Whether `session` (`arn:P:sts::A:assumed-role/NAME/S`) is a session of `role`
/// (`arn:P:iam::A:role/[PATH/]NAME`).
fn session_of_role(session: &str, role: &str) -> bool {
    let (Some(session), Some(role)) = (arn_fields(session), arn_fields(role)) else {
        return false;
    };
    let Some(role_name) = role
        .resource
        .strip_prefix("role/")
        .and_then(|path_and_name| path_and_name.rsplit('/').next())
    else {
        return false;
    };
    let Some((session_role, session_name)) = session
        .resource
        .strip_prefix("assumed-role/")
        .and_then(|rest| rest.split_once('/'))
    else {
        return false;
    };
    session.service == "sts"
        && role.service == "iam"
        && session.partition == role.partition
        && session.account == role.account
        && !role_name.is_empty()
        && session_role == role_name
        && !session_name.is_empty()
}
