//! `Principal` entries matched against the caller (IAM reference section 5).

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
pub(crate) fn matches(
    policy: &Policy<'_>,
    pattern: &PrincipalPattern,
    request: &Request<'_>,
) -> bool {
    let text = |s| policy.str(s);
    match (*pattern, request.principal()) {
        (PrincipalPattern::Anyone, _) => true,
        (PrincipalPattern::Account(account), Some(caller @ Principal::Aws(_))) => {
            // The caller's account, as a chain read it from the ARN already, or read now.
            let own = match request.context().caller_account() {
                Some(known) => known,
                None => crate::chain::principal_account(caller),
            };
            own == Some(text(account))
        }
        (PrincipalPattern::Aws(listed), Some(Principal::Aws(arn))) => {
            let listed = text(listed);
            listed == arn || session_of_role(arn, listed)
        }
        (PrincipalPattern::Service(listed), Some(Principal::Service(name))) => text(listed) == name,
        (PrincipalPattern::Federated(listed), Some(Principal::Federated(name))) => {
            text(listed) == name
        }
        (PrincipalPattern::CanonicalUser(listed), Some(Principal::CanonicalUser(id))) => {
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
/// colons), the colons found a word at a time.
pub(crate) fn arn_fields(arn: &str) -> Option<ArnFields<'_>> {
    let rest = arn.strip_prefix("arn:")?;
    let [partition_end, service_end, region_end, account_end] =
        find_first::<4>(rest.as_bytes(), b':')?;
    Some(ArnFields {
        partition: rest.get(..partition_end)?,
        service: rest.get(partition_end + 1..service_end)?,
        account: rest.get(region_end + 1..account_end)?,
        resource: rest.get(account_end + 1..)?,
    })
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
