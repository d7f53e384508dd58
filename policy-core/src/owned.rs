//! The owned form of a refused guard call's error (feature `alloc`).

use alloc::boxed::Box;
use core::fmt;

use crate::decision::{AccessDenied, DenyCause, StatementRef};
use crate::request::Principal;

/// An [`AccessDenied`] that owns its text: `'static`, `Send` and `Sync`, so that it leaves a
/// handler with `?` into `Box<dyn Error + Send + Sync>`, `anyhow::Error` or a service's own
/// error type. Its message and accessors are those of the borrowed error.
///
/// The guard calls return the borrowed [`AccessDenied`], which allocates nothing; turning it
/// into this error copies the action, the resource, the principal and the deciding
/// statement's names once, on the refused path only.
///
/// ```
/// use iam_policy_core::{AccessDenied, OwnedAccessDenied, PolicySet, Request};
/// static NOTHING: PolicySet = PolicySet::new(&[]);
///
/// fn handler(key: String) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
///     let resource = format!("arn:aws:s3:::bucket/{key}");
///     NOTHING
///         .authorize(&Request::new("s3:GetObject", &resource))
///         .map_err(AccessDenied::into_owned)?;
///     Ok(())
/// }
/// let error = handler("report.csv".into()).unwrap_err();
/// let denied = error.downcast_ref::<OwnedAccessDenied>().unwrap();
/// assert!(!denied.is_explicit());
/// assert_eq!(denied.resource(), "arn:aws:s3:::bucket/report.csv");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OwnedAccessDenied {
    action: Box<str>,
    resource: Box<str>,
    principal: Option<(PrincipalKind, Box<str>)>,
    /// The denying statement; `None` when no statement allowed the request.
    statement: Option<OwnedStatement>,
}

/// [`Principal`]'s variant, without its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum PrincipalKind {
    Aws,
    Service,
    Federated,
    CanonicalUser,
    Anonymous,
}

/// A [`StatementRef`] that owns its names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct OwnedStatement {
    policy_index: usize,
    policy_name: Option<Box<str>>,
    statement_index: usize,
    sid: Option<Box<str>>,
}

impl OwnedAccessDenied {
    /// The refused action.
    pub fn action(&self) -> &str {
        &self.action
    }

    /// The resource of the refused request.
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// Who made the refused request, if the request named a principal.
    pub fn principal(&self) -> Option<Principal<'_>> {
        let (kind, text) = self.principal.as_ref()?;
        Some(match kind {
            PrincipalKind::Aws => Principal::Aws(text),
            PrincipalKind::Service => Principal::Service(text),
            PrincipalKind::Federated => Principal::Federated(text),
            PrincipalKind::CanonicalUser => Principal::CanonicalUser(text),
            PrincipalKind::Anonymous => Principal::Anonymous,
        })
    }

    /// Why the request was refused.
    pub fn cause(&self) -> DenyCause<'_> {
        match &self.statement {
            Some(statement) => DenyCause::ExplicitDeny(StatementRef {
                policy_index: statement.policy_index,
                policy_name: statement.policy_name.as_deref(),
                statement_index: statement.statement_index,
                sid: statement.sid.as_deref(),
            }),
            None => DenyCause::NoAllow,
        }
    }

    /// Whether a `Deny` statement refused the request (rather than the absence of an allow).
    pub fn is_explicit(&self) -> bool {
        self.statement.is_some()
    }

    /// The borrowed error this one was made from.
    pub fn as_borrowed(&self) -> AccessDenied<'_, '_> {
        AccessDenied::from_parts(&self.action, &self.resource, self.principal(), self.cause())
    }
}

impl AccessDenied<'_, '_> {
    /// The error as an [`OwnedAccessDenied`]: `'static`, `Send` and `Sync`, for `?` into
    /// boxed or `anyhow` errors. Copies its text once (feature `alloc`).
    pub fn into_owned(self) -> OwnedAccessDenied {
        OwnedAccessDenied::from(self)
    }
}

impl From<AccessDenied<'_, '_>> for OwnedAccessDenied {
    fn from(denied: AccessDenied<'_, '_>) -> Self {
        let principal = denied.principal().map(|principal| match principal {
            Principal::Aws(text) => (PrincipalKind::Aws, text.into()),
            Principal::Service(text) => (PrincipalKind::Service, text.into()),
            Principal::Federated(text) => (PrincipalKind::Federated, text.into()),
            Principal::CanonicalUser(text) => (PrincipalKind::CanonicalUser, text.into()),
            Principal::Anonymous => (PrincipalKind::Anonymous, "".into()),
        });
        let statement = match denied.cause() {
            DenyCause::ExplicitDeny(statement) => Some(OwnedStatement {
                policy_index: statement.policy_index(),
                policy_name: statement.policy_name().map(Into::into),
                statement_index: statement.statement_index(),
                sid: statement.sid().map(Into::into),
            }),
            DenyCause::NoAllow => None,
        };
        OwnedAccessDenied {
            action: denied.action().into(),
            resource: denied.resource().into(),
            principal,
            statement,
        }
    }
}

impl fmt::Display for OwnedAccessDenied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.as_borrowed(), f)
    }
}

impl core::error::Error for OwnedAccessDenied {}
