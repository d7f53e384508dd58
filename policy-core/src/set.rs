//! The policies attached to one identity, decided together.

use core::borrow::Borrow;
use core::marker::PhantomData;

use crate::decision::{AccessDenied, Decision, DenyCause, StatementRef};
use crate::eval::{Outcome, Parts};
use crate::request::Request;
use crate::table::Policy;

/// The policies that apply to one identity (a user and its groups, or a role).
///
/// An explicit deny in any statement of any policy beats every allow; without an allow the
/// request is implicitly denied.
///
/// The policies are held in `S`: a borrowed slice ([`PolicySet::new`], for a `static` set) or
/// an owned list of policy references such as an array ([`PolicySet::owning`]), so that a set
/// built in a function needs no binding of its own for the list:
///
/// ```
/// use iam_policy_core::{Decision, PolicySet, Policy, Request};
/// static NONE: Policy = Policy::EMPTY;
/// static SET: PolicySet = PolicySet::new(&[&NONE]);
/// assert_eq!(SET.evaluate(&Request::new("s3:GetObject", "*")), Decision::ImplicitDeny);
///
/// let named = Policy::EMPTY.with_name("Nothing");
/// let set = PolicySet::owning([&NONE, &named]); // owns its array: no temporary to outlive
/// assert_eq!(set.evaluate(&Request::new("s3:GetObject", "*")), Decision::ImplicitDeny);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct PolicySet<'s, 'p, S = &'s [&'s Policy<'p>]> {
    policies: S,
    lifetimes: PhantomData<&'s Policy<'p>>,
}

impl<'s, 'p> PolicySet<'s, 'p> {
    /// The set of `policies`; their order does not change any decision.
    pub const fn new(policies: &'s [&'s Policy<'p>]) -> Self {
        PolicySet::owning(policies)
    }

    /// The policies of a borrowed set, for as long as the slice it borrows.
    pub const fn as_slice(&self) -> &'s [&'s Policy<'p>] {
        self.policies
    }
}

impl<'s, 'p, S> PolicySet<'s, 'p, S> {
    /// The set of `policies` held by value: an array (`[&a, &b]`) or a `Vec` of policy
    /// references. Their order does not change any decision.
    pub const fn owning(policies: S) -> Self {
        PolicySet {
            policies,
            lifetimes: PhantomData,
        }
    }
}

impl<'s, 'p, S: AsRef<[&'s Policy<'p>]>> PolicySet<'s, 'p, S> {
    /// The policies of the set.
    pub fn policies(&self) -> &[&'s Policy<'p>] {
        self.policies.as_ref()
    }

    /// Decides `request` against every policy of the set.
    pub fn evaluate(&self, request: &Request<'_>) -> Decision<'p> {
        evaluate_each(self.policies().iter().copied(), request)
    }

    /// [`PolicySet::evaluate`] with the action's parts found already (for a chain).
    #[inline]
    pub(crate) fn evaluate_with(&self, request: &Request<'_>, parts: Parts<'_>) -> Decision<'p> {
        match decide(self.policies().iter().copied(), request, parts) {
            Some(Decided::Deny(statement)) => Decision::ExplicitDeny(statement),
            Some(Decided::Allow(statement)) => Decision::Allow(statement),
            None => Decision::ImplicitDeny,
        }
    }

    /// The guard call: `Ok` with the allowing statement, or [`AccessDenied`].
    pub fn authorize<'r>(
        &self,
        request: &Request<'r>,
    ) -> Result<StatementRef<'p>, AccessDenied<'r, 'p>> {
        authorize_each(self.policies().iter().copied(), request)
    }

    /// Decides many requests against the set (batch authorization): one decision per request,
    /// in order, computed as the iterator is advanced. Nothing is allocated; collect the
    /// decisions, or write them where they are needed.
    ///
    /// ```
    /// use iam_policy_core::{Decision, Policy, PolicySet, Request};
    /// static SET: PolicySet = PolicySet::new(&[]);
    /// let requests = [Request::new("s3:GetObject", "*"), Request::new("s3:PutObject", "*")];
    /// let decisions: Vec<Decision> = SET.evaluate_batch(&requests).collect();
    /// assert_eq!(decisions, [Decision::ImplicitDeny, Decision::ImplicitDeny]);
    /// let allowed = SET.evaluate_batch(&requests).filter(Decision::is_allowed).count();
    /// assert_eq!(allowed, 0);
    /// ```
    pub fn evaluate_batch<'a, 'r>(
        &'a self,
        requests: &'a [Request<'r>],
    ) -> impl ExactSizeIterator<Item = Decision<'p>> + use<'a, 'r, 's, 'p, S> {
        requests.iter().map(move |request| self.evaluate(request))
    }
}

/// Decides `request` against policies held in any container, as [`PolicySet::evaluate`] does
/// (for sets that are not a list of references, such as policies loaded at run time and kept
/// in shared storage). The position of a policy in `policies` is its index in decisions.
///
/// ```
/// use iam_policy_core::{evaluate_each, Decision, Policy, Request};
/// let policies = vec![Policy::EMPTY.with_name("A"), Policy::EMPTY.with_name("B")];
/// assert_eq!(evaluate_each(&policies, &Request::new("s3:GetObject", "*")), Decision::ImplicitDeny);
/// ```
#[inline]
pub fn evaluate_each<'p, P: Borrow<Policy<'p>>>(
    policies: impl IntoIterator<Item = P>,
    request: &Request<'_>,
) -> Decision<'p> {
    match decide(policies, request, Parts::Unknown) {
        Some(Decided::Deny(statement)) => Decision::ExplicitDeny(statement),
        Some(Decided::Allow(statement)) => Decision::Allow(statement),
        None => Decision::ImplicitDeny,
    }
}

/// The guard call over policies held in any container: [`PolicySet::authorize`] for
/// [`evaluate_each`].
#[inline]
pub fn authorize_each<'r, 'p, P: Borrow<Policy<'p>>>(
    policies: impl IntoIterator<Item = P>,
    request: &Request<'r>,
) -> Result<StatementRef<'p>, AccessDenied<'r, 'p>> {
    match decide(policies, request, Parts::Unknown) {
        Some(Decided::Allow(statement)) => Ok(statement),
        Some(Decided::Deny(statement)) => Err(AccessDenied::new(
            request,
            DenyCause::ExplicitDeny(statement),
        )),
        None => Err(AccessDenied::new(request, DenyCause::NoAllow)),
    }
}

/// The statement that decides a request for a set.
enum Decided<'p> {
    Deny(StatementRef<'p>),
    Allow(StatementRef<'p>),
}

/// The statement that decides `request`: the first explicit deny, else the first allow;
/// `None` for the implicit deny. Each policy is looked at in place (never moved or kept).
#[inline]
fn decide<'p, P: Borrow<Policy<'p>>>(
    policies: impl IntoIterator<Item = P>,
    request: &Request<'_>,
    parts: Parts<'_>,
) -> Option<Decided<'p>> {
    let mut allowed = None;
    for (index, policy) in policies.into_iter().enumerate() {
        let policy = policy.borrow();
        match policy.decide(request, parts) {
            Outcome::Deny(statement) => {
                return Some(Decided::Deny(policy.statement_ref(statement, index)))
            }
            Outcome::Allow(statement) if allowed.is_none() => {
                allowed = Some(Decided::Allow(policy.statement_ref(statement, index)));
            }
            Outcome::Allow(_) | Outcome::NoMatch => {}
        }
    }
    allowed
}
