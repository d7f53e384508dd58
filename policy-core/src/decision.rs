//! The outcome of an evaluation and the error a refused guard call returns.

use core::fmt;

use crate::request::{Principal, Request};

/// The statement that decided: which policy of the set, which statement, and its `Sid`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatementRef<'p> {
    pub(crate) policy_index: usize,
    pub(crate) policy_name: Option<&'p str>,
    pub(crate) statement_index: usize,
    pub(crate) sid: Option<&'p str>,
}

impl<'p> StatementRef<'p> {
    /// The position of the policy in its [`PolicySet`](crate::PolicySet) (0 for a lone policy).
    pub const fn policy_index(&self) -> usize {
        self.policy_index
    }

    /// The policy's name, if it was given one with [`Policy::with_name`](crate::Policy::with_name).
    pub const fn policy_name(&self) -> Option<&'p str> {
        self.policy_name
    }

    /// The position of the statement in its policy's `Statement` array, from 0.
    pub const fn statement_index(&self) -> usize {
        self.statement_index
    }

    /// The statement's `Sid`, if it has one.
    pub const fn sid(&self) -> Option<&'p str> {
        self.sid
    }
}

impl fmt::Display for StatementRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.sid {
            Some(sid) => write!(f, "statement `{sid}`")?,
            None => write!(f, "statement #{}", self.statement_index)?,
        }
        match self.policy_name {
            Some(name) => write!(f, " of policy `{name}`"),
            None => write!(f, " of policy #{}", self.policy_index),
        }
    }
}

/// What IAM's evaluation logic decides for a request.
///
/// ```
/// use iam_policy_core::{Decision, Policy, Request};
/// let decision = Policy::EMPTY.evaluate(&Request::new("s3:GetObject", "*"));
/// assert_eq!(decision, Decision::ImplicitDeny);
/// assert!(!decision.is_allowed());
/// ```
#[must_use = "a decision that is not looked at authorizes nothing"]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision<'p> {
    /// A statement allows the request and none denies it.
    Allow(StatementRef<'p>),
    /// A `Deny` statement matches: no allow can override it.
    ExplicitDeny(StatementRef<'p>),
    /// No statement allows the request (the default).
    ImplicitDeny,
}

impl<'p> Decision<'p> {
    /// Whether the request is allowed.
    pub const fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allow(_))
    }

    /// The statement that decided; `None` for an implicit deny.
    pub const fn statement(&self) -> Option<StatementRef<'p>> {
        match self {
            Decision::Allow(s) | Decision::ExplicitDeny(s) => Some(*s),
            Decision::ImplicitDeny => None,
        }
    }

    /// `Allow`, `ExplicitDeny` or `ImplicitDeny`.
    pub const fn kind(&self) -> &'static str {
        match self {
            Decision::Allow(_) => "Allow",
            Decision::ExplicitDeny(_) => "ExplicitDeny",
            Decision::ImplicitDeny => "ImplicitDeny",
        }
    }
}

impl fmt::Display for Decision<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind())?;
        match self.statement() {
            Some(statement) => write!(f, " ({statement})"),
            None => Ok(()),
        }
    }
}

/// Why a request was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DenyCause<'p> {
    /// A `Deny` statement matched.
    ExplicitDeny(StatementRef<'p>),
    /// No statement allowed the request.
    NoAllow,
}

/// The error of a refused guard call. Its message reads like AWS's `AccessDenied`.
///
/// It borrows the request and the policies, so that a refused call allocates nothing; turn it
/// into an `OwnedAccessDenied` with `into_owned()` (feature `alloc`) to return it from a
/// handler as a `'static` error.
///
/// ```
/// use iam_policy_core::{PolicySet, Request};
/// static NOTHING: PolicySet = PolicySet::new(&[]);
/// let denied = NOTHING.authorize(&Request::new("s3:GetObject", "arn:aws:s3:::bucket/key")).unwrap_err();
/// assert_eq!(
///     denied.to_string(),
///     "not authorized to perform: s3:GetObject on resource: arn:aws:s3:::bucket/key \
///      because no policy allows the s3:GetObject action"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccessDenied<'r, 'p> {
    action: &'r str,
    resource: &'r str,
    principal: Option<Principal<'r>>,
    cause: DenyCause<'p>,
}

impl<'r, 'p> AccessDenied<'r, 'p> {
    pub(crate) fn new(request: &Request<'r>, cause: DenyCause<'p>) -> Self {
        AccessDenied::from_parts(
            request.action().as_str(),
            request.resource(),
            request.principal(),
            cause,
        )
    }

    pub(crate) const fn from_parts(
        action: &'r str,
        resource: &'r str,
        principal: Option<Principal<'r>>,
        cause: DenyCause<'p>,
    ) -> Self {
        AccessDenied {
            action,
            resource,
            principal,
            cause,
        }
    }

    /// The refused action.
    pub const fn action(&self) -> &'r str {
        self.action
    }

    /// The resource of the refused request.
    pub const fn resource(&self) -> &'r str {
        self.resource
    }

    /// Who made the refused request, if the request named a principal.
    pub const fn principal(&self) -> Option<Principal<'r>> {
        self.principal
    }

    /// Why the request was refused.
    pub const fn cause(&self) -> DenyCause<'p> {
        self.cause
    }

    /// Whether a `Deny` statement refused the request (rather than the absence of an allow).
    pub const fn is_explicit(&self) -> bool {
        matches!(self.cause, DenyCause::ExplicitDeny(_))
    }
}

impl fmt::Display for AccessDenied<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.principal {
            Some(Principal::Aws(arn)) => write!(f, "User: {arn} is not authorized")?,
            Some(Principal::Service(name)) => write!(f, "Service: {name} is not authorized")?,
            Some(Principal::Federated(name)) => {
                write!(f, "Federated user of {name} is not authorized")?
            }
            Some(Principal::CanonicalUser(id)) => {
                write!(f, "Canonical user {id} is not authorized")?
            }
            Some(Principal::Anonymous) => write!(f, "Anonymous caller is not authorized")?,
            None => write!(f, "not authorized")?,
        }
        write!(
            f,
            " to perform: {} on resource: {} ",
            self.action, self.resource
        )?;
        match self.cause {
            DenyCause::ExplicitDeny(statement) => write!(f, "with an explicit deny in {statement}"),
            DenyCause::NoAllow => write!(f, "because no policy allows the {} action", self.action),
        }
    }
}

impl core::error::Error for AccessDenied<'_, '_> {}
