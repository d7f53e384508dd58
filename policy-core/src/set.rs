//! The policies attached to one identity, decided together.

use crate::decision::{AccessDenied, Decision, DenyCause, StatementRef};
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
        let mut allowed = None;
        for (index, policy) in self.policies.iter().enumerate() {
            match policy.decide(request, index) {
                deny @ Decision::ExplicitDeny(_) => return deny,
                allow @ Decision::Allow(_) => {
                    allowed.get_or_insert(allow);
                }
                Decision::ImplicitDeny => {}
            }
        }
        allowed.unwrap_or(Decision::ImplicitDeny)
    }

    /// The guard call: `Ok` with the allowing statement, or [`AccessDenied`].
    pub fn authorize<'r>(
        &self,
        request: &Request<'r>,
    ) -> Result<StatementRef<'p>, AccessDenied<'r, 'p>> {
        match self.evaluate(request) {
            Decision::Allow(statement) => Ok(statement),
            Decision::ExplicitDeny(statement) => Err(AccessDenied::new(
                request,
                DenyCause::ExplicitDeny(statement),
            )),
            Decision::ImplicitDeny => Err(AccessDenied::new(request, DenyCause::NoAllow)),
        }
    }
}
