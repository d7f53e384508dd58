//! The policies attached to one identity, decided together.

use crate::decision::{AccessDenied, Decision, DenyCause, StatementRef};
use crate::eval::Outcome;
use crate::request::Request;
use crate::table::Policy;

/// The policies that apply to one identity (a user and its groups, or a role).
///
/// An explicit deny in any statement of any policy beats every allow; without an allow the
/// request is implicitly denied.
///
/// ```
/// use policy_core::{Decision, PolicySet, Policy, Request};
/// static NONE: Policy = Policy::EMPTY;
/// static SET: PolicySet = PolicySet::new(&[&NONE]);
/// assert_eq!(SET.evaluate(&Request::new("s3:GetObject", "*")), Decision::ImplicitDeny);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct PolicySet<'s, 'p> {
    policies: &'s [&'s Policy<'p>],
}

impl<'s, 'p> PolicySet<'s, 'p> {
    /// The set of `policies`; their order does not change any decision.
    pub const fn new(policies: &'s [&'s Policy<'p>]) -> Self {
        PolicySet { policies }
    }

    /// The policies of the set.
    pub const fn policies(&self) -> &'s [&'s Policy<'p>] {
        self.policies
    }

    /// Decides `request` against every policy of the set.
    pub fn evaluate(&self, request: &Request<'_>) -> Decision<'p> {
        match self.decide(request) {
            Some((index, policy, outcome)) => policy.decision(outcome, index),
            None => Decision::ImplicitDeny,
        }
    }

    /// The guard call: `Ok` with the allowing statement, or [`AccessDenied`].
    pub fn authorize<'r>(
        &self,
        request: &Request<'r>,
    ) -> Result<StatementRef<'p>, AccessDenied<'r, 'p>> {
        match self.decide(request) {
            Some((index, policy, Outcome::Allow(statement))) => {
                Ok(policy.statement_ref(statement, index))
            }
            Some((index, policy, Outcome::Deny(statement))) => Err(AccessDenied::new(
                request,
                DenyCause::ExplicitDeny(policy.statement_ref(statement, index)),
            )),
            _ => Err(AccessDenied::new(request, DenyCause::NoAllow)),
        }
    }

    /// The policy that decides `request` (its index, itself, its outcome): the first with an
    /// explicit deny, else the first that allows; `None` for the implicit deny.
    #[inline]
    fn decide(&self, request: &Request<'_>) -> Option<(usize, &'s Policy<'p>, Outcome)> {
        let mut allowed = None;
        for (index, policy) in self.policies.iter().enumerate() {
            match policy.decide(request) {
                deny @ Outcome::Deny(_) => return Some((index, *policy, deny)),
                allow @ Outcome::Allow(_) => {
                    allowed.get_or_insert((index, *policy, allow));
                }
                Outcome::NoMatch => {}
            }
        }
        allowed
    }
}
