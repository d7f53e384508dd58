//! Who makes a request, as the whole decision needs to know it: the kind of principal and
//! the accounts of the caller and of the resource.

use crate::principal::{arn_fields, ArnFields};
use crate::request::Principal;

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
    kind_of_fields(&arn_fields(arn)?)
}

/// The kind of principal an ARN's fields say.
fn kind_of_fields(fields: &ArnFields<'_>) -> Option<PrincipalKind> {
    let resource = fields.resource;
    match fields.service {
        "iam" if resource == "root" => Some(PrincipalKind::Root),
        "iam" if resource.starts_with(SERVICE_LINKED_PATH) => {
            Some(PrincipalKind::ServiceLinkedRole)
        }
        "iam" if resource.starts_with("user/") => Some(PrincipalKind::User),
        "iam" if resource.starts_with("role/") => Some(PrincipalKind::RoleSession),
        "sts" => {
            if let Some(role_and_session) = resource.strip_prefix("assumed-role/") {
                if role_and_session.starts_with(SERVICE_LINKED_NAME) {
                    Some(PrincipalKind::ServiceLinkedRole)
                } else {
                    Some(PrincipalKind::RoleSession)
                }
            } else if resource.starts_with("federated-user/") {
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
    #[inline]
    pub(crate) fn of(principal: Option<Principal<'a>>) -> Self {
        match principal {
            Some(Principal::Aws(arn)) if is_account_id(arn) => Caller {
                kind: Some(PrincipalKind::Root),
                account: Some(arn),
            },
            Some(Principal::Aws(arn)) => match arn_fields(arn) {
                Some(fields) => Caller {
                    kind: kind_of_fields(&fields),
                    account: Some(fields.account).filter(|account| !account.is_empty()),
                },
                None => Caller::default(),
            },
            Some(other) => Caller {
                kind: PrincipalKind::of(other),
                account: None,
            },
            None => Caller::default(),
        }
    }
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
        Principal::Aws(arn) => arn_fields(arn)
            .map(|fields| fields.account)
            .filter(|account| !account.is_empty()),
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
pub fn resource_account(resource: &str) -> Option<&str> {
    arn_fields(resource)
        .map(|fields| fields.account)
        .filter(|account| !account.is_empty() && !account.bytes().any(|b| matches!(b, b'*' | b'?')))
}
