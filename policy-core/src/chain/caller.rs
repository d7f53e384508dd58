//! Who makes a request, as the whole decision needs to know it: the kind of principal and
//! the accounts of the caller and of the resource.

use crate::glob::{bytes_equal, Case};
use crate::principal::arn_colons;
use crate::request::Principal;
use crate::words::{contains_either, find_first, word_at};

/// The kind of principal that makes a request. Each kind meets a different part of the chain:
/// identity policies, boundaries and session policies apply to IAM principals only, service
/// control policies do not restrict service-linked roles, services or anonymous callers, and
/// the account root is not limited by identity policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrincipalKind {
    /// An IAM user (`arn:aws:iam::111122223333:user/alice`).
    User,
    /// A session of an IAM role (`arn:aws:sts::111122223333:assumed-role/Reader/alice`).
    RoleSession,
    /// A federated user session (`arn:aws:sts::111122223333:federated-user/bob`) or an
    /// identity of an external provider.
    FederatedUser,
    /// A session of a service-linked role (`role/aws-service-role/…`, `AWSServiceRoleFor…`):
    /// service control policies and resource control policies do not restrict it.
    ServiceLinkedRole,
    /// An AWS service (`cloudtrail.amazonaws.com`).
    Service,
    /// The account root user (`arn:aws:iam::111122223333:root`).
    Root,
    /// An unauthenticated caller.
    Anonymous,
}

impl PrincipalKind {
    /// Every kind, in declaration order.
    pub const ALL: [PrincipalKind; 7] = [
        PrincipalKind::User,
        PrincipalKind::RoleSession,
        PrincipalKind::FederatedUser,
        PrincipalKind::ServiceLinkedRole,
        PrincipalKind::Service,
        PrincipalKind::Root,
        PrincipalKind::Anonymous,
    ];

    /// The kind's name on the command line (`user`, `role-session`, `federated`,
    /// `service-linked-role`, `service`, `root`, `anonymous`).
    pub const fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::User => "user",
            PrincipalKind::RoleSession => "role-session",
            PrincipalKind::FederatedUser => "federated",
            PrincipalKind::ServiceLinkedRole => "service-linked-role",
            PrincipalKind::Service => "service",
            PrincipalKind::Root => "root",
            PrincipalKind::Anonymous => "anonymous",
        }
    }

    /// The kind named `name` (see [`PrincipalKind::as_str`]).
    ///
    /// ```
    /// use iam_policy_core::PrincipalKind;
    /// assert_eq!(PrincipalKind::parse("role-session"), Some(PrincipalKind::RoleSession));
    /// assert_eq!(PrincipalKind::parse("robot"), None);
    /// ```
    pub fn parse(name: &str) -> Option<PrincipalKind> {
        PrincipalKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }

    /// The kind a principal's ARN or type says, if it says one.
    ///
    /// ```
    /// use iam_policy_core::{Principal, PrincipalKind};
    /// let of = |arn| PrincipalKind::of(Principal::Aws(arn));
    /// assert_eq!(of("arn:aws:iam::111122223333:user/alice"), Some(PrincipalKind::User));
    /// assert_eq!(of("arn:aws:sts::111122223333:assumed-role/Reader/s"), Some(PrincipalKind::RoleSession));
    /// assert_eq!(of("arn:aws:iam::111122223333:root"), Some(PrincipalKind::Root));
    /// assert_eq!(of("111122223333"), Some(PrincipalKind::Root));
    /// assert_eq!(PrincipalKind::of(Principal::Service("sns.amazonaws.com")), Some(PrincipalKind::Service));
    /// ```
    pub fn of(principal: Principal<'_>) -> Option<PrincipalKind> {
        match principal {
            Principal::Aws(arn) => kind_of_arn(arn),
            Principal::Service(_) => Some(PrincipalKind::Service),
            Principal::Federated(_) => Some(PrincipalKind::FederatedUser),
            Principal::Anonymous => Some(PrincipalKind::Anonymous),
            Principal::CanonicalUser(_) => None,
        }
    }

    /// Whether identity policies, permissions boundaries and session policies apply to it.
    pub const fn is_iam_principal(self) -> bool {
        matches!(
            self,
            PrincipalKind::User
                | PrincipalKind::RoleSession
                | PrincipalKind::FederatedUser
                | PrincipalKind::ServiceLinkedRole
        )
    }

    /// Whether the service control policies of its account restrict it: every principal of a
    /// member account, the root user included, but not service-linked roles, services or
    /// anonymous callers.
    pub const fn restricted_by_scps(self) -> bool {
        matches!(
            self,
            PrincipalKind::User
                | PrincipalKind::RoleSession
                | PrincipalKind::FederatedUser
                | PrincipalKind::Root
        )
    }

    /// Whether the resource control policies of the resource's account restrict it: every
    /// caller but service-linked roles.
    pub const fn restricted_by_rcps(self) -> bool {
        !matches!(self, PrincipalKind::ServiceLinkedRole)
    }
}

impl core::fmt::Display for PrincipalKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The role names AWS gives service-linked roles, and the path they live under.
const SERVICE_LINKED_NAME: &str = "AWSServiceRoleFor";
const SERVICE_LINKED_PATH: &str = "role/aws-service-role/";

fn kind_of_arn(arn: &str) -> Option<PrincipalKind> {
    if is_account_id(arn) {
        return Some(PrincipalKind::Root);
    }
    let bytes = arn.as_bytes();
    let [partition_end, service_end, _, account_end] = arn_colons(bytes)?;
    let service = bytes.get(partition_end + 1..service_end)?;
    kind_of_fields(service, resource_part(bytes, account_end))
}

/// The resource part of an ARN whose account ends at the colon at `account_end`.
#[inline(always)]
fn resource_part(arn: &[u8], account_end: usize) -> &[u8] {
    arn.get(account_end + 1..).unwrap_or_default()
}

/// The kind of principal an ARN's service and resource part say.
#[inline]
fn kind_of_fields(service: &[u8], resource: &[u8]) -> Option<PrincipalKind> {
    let starts = |prefix: &str| resource.starts_with(prefix.as_bytes());
    match service {
        b"iam" if resource == b"root" => Some(PrincipalKind::Root),
        b"iam" if starts(SERVICE_LINKED_PATH) => Some(PrincipalKind::ServiceLinkedRole),
        b"iam" if starts("user/") => Some(PrincipalKind::User),
        b"iam" if starts("role/") => Some(PrincipalKind::RoleSession),
        b"sts" => {
            if let Some(role_and_session) = resource.strip_prefix(b"assumed-role/") {
                if role_and_session.starts_with(SERVICE_LINKED_NAME.as_bytes()) {
                    Some(PrincipalKind::ServiceLinkedRole)
                } else {
                    Some(PrincipalKind::RoleSession)
                }
            } else if starts("federated-user/") {
                Some(PrincipalKind::FederatedUser)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// What a request's principal says of the caller, from one reading of its ARN: the kind
/// ([`PrincipalKind::of`]) and the account ([`principal_account`]).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Caller<'a> {
    pub(crate) kind: Option<PrincipalKind>,
    pub(crate) account: Option<&'a str>,
}

impl<'a> Caller<'a> {
    #[inline(always)]
    pub(crate) fn of(principal: Option<Principal<'a>>) -> Self {
        match principal {
            Some(Principal::Aws(arn)) if is_account_id(arn) => Caller {
                kind: Some(PrincipalKind::Root),
                account: Some(arn),
            },
            Some(Principal::Aws(arn)) => match iam_principal_fields(arn.as_bytes()) {
                Some((service, account, resource)) => Caller {
                    kind: kind_of_fields(service, resource),
                    account: arn.get(account),
                },
                None => Caller::of_arn(arn),
            },
            Some(other) => Caller {
                kind: PrincipalKind::of(other),
                account: None,
            },
            None => Caller::default(),
        }
    }

    /// [`Caller::of`] an ARN of any shape.
    #[inline(never)]
    fn of_arn(arn: &'a str) -> Self {
        match arn_colons(arn.as_bytes()) {
            Some([partition_end, service_end, region_end, account_end]) => {
                let bytes = arn.as_bytes();
                let service = bytes.get(partition_end + 1..service_end);
                Caller {
                    kind: kind_of_fields(
                        service.unwrap_or_default(),
                        resource_part(bytes, account_end),
                    ),
                    account: arn
                        .get(region_end + 1..account_end)
                        .filter(|account| !account.is_empty()),
                }
            }
            None => Caller::default(),
        }
    }
}

/// The service, the account's range and the resource part of an IAM or STS principal ARN of
/// the `aws` partition with a 12-digit account (`arn:aws:iam::111122223333:user/alice`,
/// `arn:aws:sts::111122223333:assumed-role/Reader/s`), read at their fixed places without a
/// search for colons; `None` for any other text, which the general reading takes (and which
/// finds the same fields in these).
#[inline(always)]
fn iam_principal_fields(arn: &[u8]) -> Option<(&[u8], core::ops::Range<usize>, &[u8])> {
    const ACCOUNT: core::ops::Range<usize> = 13..25;
    let word = |at: usize| word_at(arn, at);
    let head = u64::from_le_bytes(*b"arn:aws:");
    // `iam::` or `sts::` and the account's first three digits, as one word.
    let service = word(8) & 0xff_ffff_ffff;
    let is_service = service == u64::from(u32::from_le_bytes(*b"iam:")) | (u64::from(b':') << 32)
        || service == u64::from(u32::from_le_bytes(*b"sts:")) | (u64::from(b':') << 32);
    if word(0) != head || !is_service || arn.get(ACCOUNT.end) != Some(&b':') {
        return None;
    }
    // Every byte of both words (the account's first and last eight digits) a digit: its high
    // nibble is 3, and stays 3 once 6 is added (no byte carries into the next).
    let digits = |w: u64| {
        const HIGH_NIBBLES: u64 = 0xf0f0_f0f0_f0f0_f0f0;
        const THREES: u64 = 0x3030_3030_3030_3030;
        w & HIGH_NIBBLES == THREES && w.wrapping_add(0x0606_0606_0606_0606) & HIGH_NIBBLES == THREES
    };
    if !(digits(word(ACCOUNT.start)) && digits(word(ACCOUNT.end - 8))) {
        return None;
    }
    Some((arn.get(8..11)?, ACCOUNT, arn.get(ACCOUNT.end + 1..)?))
}

/// Whether `text` is a 12-digit account ID.
pub(crate) fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The account of a principal: the account field of its ARN, or the account ID itself.
///
/// ```
/// use iam_policy_core::{principal_account, Principal};
/// assert_eq!(principal_account(Principal::Aws("arn:aws:iam::111122223333:user/a")), Some("111122223333"));
/// assert_eq!(principal_account(Principal::Aws("444455556666")), Some("444455556666"));
/// assert_eq!(principal_account(Principal::Service("sns.amazonaws.com")), None);
/// ```
pub fn principal_account(principal: Principal<'_>) -> Option<&str> {
    match principal {
        Principal::Aws(arn) if is_account_id(arn) => Some(arn),
        Principal::Aws(arn) => account_field(arn).filter(|account| !account.is_empty()),
        _ => None,
    }
}

/// The account of a resource: the account field of its ARN when it has one (S3 bucket and
/// object ARNs have none).
///
/// ```
/// use iam_policy_core::resource_account;
/// assert_eq!(resource_account("arn:aws:kms:us-east-1:111122223333:key/1"), Some("111122223333"));
/// assert_eq!(resource_account("arn:aws:s3:::bucket/key"), None);
/// assert_eq!(resource_account("*"), None);
/// ```
#[inline]
pub fn resource_account(resource: &str) -> Option<&str> {
    account_field(resource)
        .filter(|account| !account.is_empty() && !contains_either(account.as_bytes(), b'*', b'?'))
}

/// Whether a resource is in `account`: its account field is `account`, or it has none that
/// is known (not an ARN, no account, a wildcard in it), which is taken to be the caller's.
///
/// The usual case is answered from the start of the account field alone: a field that starts
/// with `account` followed by a colon is `account`, when `account` holds no colon.
#[inline]
pub(crate) fn resource_in_account(resource: &str, account: &str) -> bool {
    let Some(field) = account_field_onward(resource.as_bytes()) else {
        return true;
    };
    let account = account.as_bytes();
    let starts_with_account = field.get(account.len()) == Some(&b':')
        && field
            .get(..account.len())
            .is_some_and(|start| bytes_equal(start, account, Case::Sensitive));
    if starts_with_account && !contains_either(account, b':', b':') {
        return true;
    }
    resource_account(resource)
        .is_none_or(|own| bytes_equal(own.as_bytes(), account, Case::Sensitive))
}

/// The text of an ARN from its account field on (after the region's colon).
#[inline(always)]
fn account_field_onward(arn: &[u8]) -> Option<&[u8]> {
    let rest = arn.strip_prefix(b"arn:")?;
    let [_, _, region_end] = find_first::<3>(rest, b':')?;
    rest.get(region_end + 1..)
}

/// The account field of an ARN, as it is.
#[inline(always)]
fn account_field(arn: &str) -> Option<&str> {
    let [_, _, region_end, account_end] = arn_colons(arn.as_bytes())?;
    arn.get(region_end + 1..account_end)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::principal::arn_fields;
    use std::string::String;
    use std::vec::Vec;

    /// Field texts, hostile ones included: empty, wildcards, colons, non-ASCII, long.
    const PIECES: &[&str] = &[
        "",
        "aws",
        "aws-cn",
        "iam",
        "sts",
        "s3",
        "us-east-1",
        "111122223333",
        "444455556666",
        "1111*",
        "?",
        ":",
        "::",
        "\u{e9}",
        "arn:",
        "root",
        "user/alice",
        "role/Reader",
        "role/aws-service-role/s.amazonaws.com/AWSServiceRoleForS",
        "assumed-role/Reader/alice",
        "assumed-role/AWSServiceRoleForS/s",
        "federated-user/bob",
        "trail/Default:x",
        "0123456789abcdef0123456789abcdef0123456789abcdef",
    ];

    /// Texts made of `arn:` (or a near miss) and up to seven pieces joined by colons, chosen by
    /// a fixed pseudo-random sequence, and every piece alone.
    fn texts() -> Vec<String> {
        let heads = ["arn:", "arn:", "arn:", "ARN:", "arn", ""];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        let mut texts: Vec<String> = PIECES.iter().map(|p| String::from(*p)).collect();
        for _ in 0..20_000 {
            let mut text = String::from(heads[next(heads.len())]);
            let count = next(8);
            for at in 0..count {
                if at > 0 {
                    text.push(':');
                }
                text.push_str(PIECES[next(PIECES.len())]);
            }
            texts.push(text);
        }
        texts
    }

    /// The fields of an ARN, read the plain way: `arn:` and five fields split at the first four
    /// colons.
    fn reference_fields(arn: &str) -> Option<[&str; 5]> {
        let mut parts = arn.strip_prefix("arn:")?.splitn(5, ':');
        let mut fields = [""; 5];
        for field in &mut fields {
            *field = parts.next()?;
        }
        Some(fields)
    }

    #[test]
    fn arn_fields_are_the_plain_split() {
        for text in texts() {
            let fast = arn_fields(&text).map(|f| [f.partition, f.service, f.account, f.resource]);
            let plain = reference_fields(&text).map(|[p, s, _, a, r]| [p, s, a, r]);
            assert_eq!(fast, plain, "{text:?}");
        }
    }

    #[test]
    fn accounts_are_the_account_fields() {
        for text in texts() {
            let field = reference_fields(&text).map(|fields| fields[3]);
            let resource = field.filter(|a| !a.is_empty() && !a.contains(['*', '?']));
            assert_eq!(resource_account(&text), resource, "{text:?}");
            let principal = match is_account_id(&text) {
                true => Some(text.as_str()),
                false => field.filter(|a| !a.is_empty()),
            };
            assert_eq!(
                principal_account(Principal::Aws(&text)),
                principal,
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_caller_read_once_is_what_kind_and_account_say() {
        for text in texts() {
            assert_caller_read_as_kind_and_account_say(&text);
        }
    }

    /// [`Caller::of`] the ARN `text` finds the kind and account that [`PrincipalKind::of`] and
    /// [`principal_account`] read from it on their own.
    fn assert_caller_read_as_kind_and_account_say(text: &str) {
        let principal = Principal::Aws(text);
        let caller = Caller::of(Some(principal));
        assert_eq!(caller.kind, PrincipalKind::of(principal), "{text:?}");
        assert_eq!(caller.account, principal_account(principal), "{text:?}");
    }

    #[test]
    fn principal_arns_read_at_fixed_places_are_read_as_any_other() {
        let bases = [
            "arn:aws:iam::111122223333:user/alice",
            "arn:aws:sts::111122223333:assumed-role/Reader/alice",
            "arn:aws:iam::111122223333:root",
            "arn:aws:iam::111122223333:",
        ];
        let bytes = [b'0', b'9', b'/', b':', b'a', b'A', b'*', 0x80, 0xff];
        for base in bases {
            let mut variants: Vec<Vec<u8>> = Vec::new();
            for at in 0..=base.len() {
                let mut cut = base.as_bytes().to_vec();
                cut.truncate(at);
                variants.push(cut);
                let mut without = base.as_bytes().to_vec();
                if at < base.len() {
                    without.remove(at);
                    variants.push(without);
                    for byte in bytes {
                        let mut changed = base.as_bytes().to_vec();
                        changed[at] = byte;
                        variants.push(changed);
                    }
                }
            }
            for variant in variants {
                if let Ok(text) = core::str::from_utf8(&variant) {
                    assert_caller_read_as_kind_and_account_say(text);
                }
            }
        }
    }

    #[test]
    fn same_account_tests_agree_with_reading_the_account() {
        let accounts = [
            "111122223333",
            "444455556666",
            "",
            ":",
            "1111:2222",
            "1111*",
            "?",
            "\u{e9}",
            "11112222333",
            "1111222233334",
        ];
        for text in texts() {
            for account in accounts {
                let expected = resource_account(&text).is_none_or(|own| own == account);
                assert_eq!(
                    resource_in_account(&text, account),
                    expected,
                    "{text:?} in {account:?}"
                );
            }
        }
    }
}
