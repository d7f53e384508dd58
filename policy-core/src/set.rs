//! The policies attached to one identity, decided together.

use core::borrow::Borrow;
use core::marker::PhantomData;

use crate::decision::{AccessDenied, Decision, DenyCause, StatementRef};
use crate::eval::Outcome;
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
/// use policy_core::{Decision, PolicySet, Policy, Request};
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

    /// The guard call: `Ok` with the allowing statement, or [`AccessDenied`].
    pub fn authorize<'r>(
        &self,
        request: &Request<'r>,
    ) -> Result<StatementRef<'p>, AccessDenied<'r, 'p>> {
        authorize_each(self.policies().iter().copied(), request)
    }
}

/// Decides `request` against policies held in any container, as [`PolicySet::evaluate`] does
/// (for sets that are not a list of references, such as policies loaded at run time and kept
/// in shared storage). The position of a policy in `policies` is its index in decisions.
///
/// ```
/// use policy_core::{evaluate_each, Decision, Policy, Request};
/// let policies = vec![Policy::EMPTY.with_name("A"), Policy::EMPTY.with_name("B")];
/// assert_eq!(evaluate_each(&policies, &Request::new("s3:GetObject", "*")), Decision::ImplicitDeny);
/// ```
pub fn evaluate_each<'p, P: Borrow<Policy<'p>>>(
    policies: impl IntoIterator<Item = P>,
    request: &Request<'_>,
) -> Decision<'p> {
    match decide(policies, request) {
        Some((index, policy, outcome)) => policy.borrow().decision(outcome, index),
        None => Decision::ImplicitDeny,
    }
}

/// The guard call over policies held in any container: [`PolicySet::authorize`] for
/// [`evaluate_each`].
pub fn authorize_each<'r, 'p, P: Borrow<Policy<'p>>>(
    policies: impl IntoIterator<Item = P>,
    request: &Request<'r>,
) -> Result<StatementRef<'p>, AccessDenied<'r, 'p>> {
    match decide(policies, request) {
        Some((index, policy, Outcome::Allow(statement))) => {
            Ok(policy.borrow().statement_ref(statement, index))
        }
        Some((index, policy, Outcome::Deny(statement))) => Err(AccessDenied::new(
            request,
            DenyCause::ExplicitDeny(policy.borrow().statement_ref(statement, index)),
        )),
        _ => Err(AccessDenied::new(request, DenyCause::NoAllow)),
    }
}

/// The policy that decides `request` (its index, itself, its outcome): the first with an
/// explicit deny, else the first that allows; `None` for the implicit deny.
#[inline]
fn decide<'p, P: Borrow<Policy<'p>>>(
    policies: impl IntoIterator<Item = P>,
    request: &Request<'_>,
) -> Option<(usize, P, Outcome)> {
    let mut allowed = None;
    for (index, policy) in policies.into_iter().enumerate() {
        match policy.borrow().decide(request) {
            deny @ Outcome::Deny(_) => return Some((index, policy, deny)),
            allow @ Outcome::Allow(_) => {
                if allowed.is_none() {
                    allowed = Some((index, policy, allow));
                }
            }
            Outcome::NoMatch => {}
        }
    }
    allowed
}
