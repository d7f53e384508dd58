//! AWS's whole decision: every policy on a request's path, decided together.
//!
//! A [`Chain`] holds the layers (identity policies, permissions boundary, session policies,
//! service control policies per organization level, resource control policies per level,
//! the resource-based policy, the VPC endpoint policy) and what it knows of the caller. It is
//! built in a `const` or `static` from static policies, or borrows loaded ones, and decides a
//! [`Request`] without allocating, in AWS's order:
//!
//! 1. A `Deny` that applies anywhere decides (searched in this order: RCP levels, SCP levels,
//!    the endpoint policy, the resource-based policy, identity policies, the boundary, the
//!    session policies; `NotPrincipal` in a `Deny` of the resource-based policy applies to
//!    every IAM principal that has a permissions boundary, whatever it lists).
//! 2. Resource control policies: every level of the resource's organization path holds
//!    [`RCP_FULL_AWS_ACCESS`] besides its own policies, so only a `Deny` of theirs matters.
//!    Service-linked roles are not restricted.
//! 3. Service control policies: every level of the principal's organization path must allow.
//!    Service-linked roles, services and anonymous callers are not restricted.
//! 4. A VPC endpoint policy, when the request goes through an endpoint, must allow.
//! 5. The grant. Services and anonymous callers: the resource-based policy must allow. The
//!    root user: its own account allows, another account's resource policy must. IAM
//!    principals in the resource's account: a resource-policy statement naming the caller's
//!    own ARN (user, role session, federated user) allows on its own; one naming everyone or
//!    the caller's role allows within the permissions boundary and session policies; one
//!    naming the account only delegates to the identity policies, which allow within the
//!    boundary and session policies. A KMS key policy and a role trust policy must allow
//!    even in the same account. Across accounts the resource-based policy, the identity
//!    policies, the boundary and the session policies must all allow.

mod caller;
mod decision;
mod explain;
mod facts;
mod grant;
mod rcp;

use caller::Caller;
pub use caller::{principal_account, resource_account, PrincipalKind};
pub use decision::{ChainDecision, Layer};
pub use explain::{ChainExplain, LayerReport, LayerStatus};
pub use rcp::RCP_FULL_AWS_ACCESS;

use crate::decision::{Decision, StatementRef};
use crate::eval::{Outcome, Parts};
use crate::glob::{bytes_equal, Case};
use crate::principal::arn_fields;
use crate::request::Request;
use crate::set::PolicySet;
use crate::table::{Policy, Traits};
use grant::Grant;

/// Every policy on a request's path, and what is known of the caller.
///
/// ```
/// use iam_policy_core::{Chain, ChainDecision, Layer, Policy, PolicySet, Request};
/// static IDENTITY: PolicySet = PolicySet::new(&[]);
/// static ROOT_LEVEL: PolicySet = PolicySet::new(&[]);
/// static SCPS: [PolicySet; 1] = [ROOT_LEVEL];
/// static CHAIN: Chain = Chain::new(IDENTITY).with_scps(&SCPS);
/// // The root level attaches no SCP: it allows nothing.
/// let decision = CHAIN.evaluate(&Request::new("s3:ListAllMyBuckets", "*"));
/// assert_eq!(decision, ChainDecision::ImplicitDeny { layer: Layer::Scp { level: 1 } });
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Chain<'s, 'p> {
    identity: PolicySet<'s, 'p>,
    boundary: Option<&'s Policy<'p>>,
    session: Option<PolicySet<'s, 'p>>,
    scps: &'s [PolicySet<'s, 'p>],
    rcps: &'s [PolicySet<'s, 'p>],
    resource: Option<&'s Policy<'p>>,
    endpoint: Option<&'s Policy<'p>>,
    principal_kind: Option<PrincipalKind>,
    principal_account: Option<&'s str>,
    resource_account: Option<&'s str>,
    principal_org_path: Option<&'s str>,
    resource_org_path: Option<&'s str>,
    called_via: &'s [&'s str],
    source_vpce: Option<&'s str>,
    /// Whether a request without a principal is decided by the identity policies alone, as
    /// a bare set decides it (see [`Chain::is_plain`]); kept up to date by every builder.
    plain: bool,
}

impl<'s, 'p> Chain<'s, 'p> {
    /// A chain of the principal's identity policies alone: no boundary, no session policies,
    /// no organization, no resource-based policy, no endpoint.
    pub const fn new(identity: PolicySet<'s, 'p>) -> Self {
        Chain {
            identity,
            boundary: None,
            session: None,
            scps: &[],
            rcps: &[],
            resource: None,
            endpoint: None,
            principal_kind: None,
            principal_account: None,
            resource_account: None,
            principal_org_path: None,
            resource_org_path: None,
            called_via: &[],
            source_vpce: None,
            plain: false,
        }
        .settled()
    }

    /// This chain with [`Chain::plain`] computed for its layers and caller.
    const fn settled(mut self) -> Self {
        self.plain = self.is_plain();
        self
    }

    /// Whether the chain holds identity policies alone, reading no condition key, and says
    /// nothing of the caller: then a request without a principal is decided as the bare set
    /// decides it (the keys the chain would fill change nothing, and the caller is a user of
    /// the resource's account), save for a resource policy that must allow.
    const fn is_plain(&self) -> bool {
        let policies = self.identity.as_slice();
        let mut at = 0;
        while at < policies.len() {
            if !policies[at].traits.has(Traits::NO_CONTEXT) {
                return false;
            }
            at += 1;
        }
        self.identity_only() && self.principal_kind.is_none() && self.principal_account.is_none()
    }

    /// Sets the principal's permissions boundary.
    pub const fn with_boundary(mut self, boundary: &'s Policy<'p>) -> Self {
        self.boundary = Some(boundary);
        self.settled()
    }

    /// Sets the session policies (inline and managed together): the session may do what one
    /// of them allows.
    pub const fn with_session_policies(mut self, session: PolicySet<'s, 'p>) -> Self {
        self.session = Some(session);
        self.settled()
    }

    /// Sets the service control policies of the principal's organization path, one set per
    /// level, the root first and the account last. A level allows what one of its policies
    /// allows; AWS's `FullAWSAccess` is attached by default and must be listed when it is.
    pub const fn with_scps(mut self, levels: &'s [PolicySet<'s, 'p>]) -> Self {
        self.scps = levels;
        self.settled()
    }

    /// Sets the resource control policies of the resource's organization path, one set per
    /// level, the root first. [`RCP_FULL_AWS_ACCESS`] is part of every level without being
    /// listed.
    pub const fn with_rcps(mut self, levels: &'s [PolicySet<'s, 'p>]) -> Self {
        self.rcps = levels;
        self.settled()
    }

    /// Sets the resource-based policy of the requested resource (bucket policy, key policy,
    /// role trust policy, …).
    pub const fn with_resource_policy(mut self, policy: &'s Policy<'p>) -> Self {
        self.resource = Some(policy);
        self.settled()
    }

    /// Sets the policy of the VPC endpoint the request goes through.
    pub const fn with_endpoint_policy(mut self, policy: &'s Policy<'p>) -> Self {
        self.endpoint = Some(policy);
        self.settled()
    }

    /// Sets the kind of principal, when the request's principal does not say it.
    pub const fn with_principal_kind(mut self, kind: PrincipalKind) -> Self {
        self.principal_kind = Some(kind);
        self.settled()
    }

    /// Sets the principal's account, when the request's principal does not carry it.
    pub const fn with_principal_account(mut self, account: &'s str) -> Self {
        self.principal_account = Some(account);
        self.settled()
    }

    /// Sets the resource's account (S3 ARNs carry none).
    pub const fn with_resource_account(mut self, account: &'s str) -> Self {
        self.resource_account = Some(account);
        self
    }

    /// Sets the organization path of the principal's account
    /// (`o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/`): it fills `aws:PrincipalOrgPaths` and, from
    /// its first segment, `aws:PrincipalOrgID`.
    pub const fn with_principal_org_path(mut self, path: &'s str) -> Self {
        self.principal_org_path = Some(path);
        self
    }

    /// Sets the organization path of the resource's account: it fills `aws:ResourceOrgPaths`
    /// and `aws:ResourceOrgID`.
    pub const fn with_resource_org_path(mut self, path: &'s str) -> Self {
        self.resource_org_path = Some(path);
        self
    }

    /// Sets the services that made the request on the principal's behalf, first to last
    /// (`aws:CalledVia`, `aws:CalledViaFirst`, `aws:CalledViaLast`, `aws:ViaAWSService`).
    pub const fn with_called_via(mut self, services: &'s [&'s str]) -> Self {
        self.called_via = services;
        self
    }

    /// Sets the ID of the VPC endpoint the request goes through (`aws:SourceVpce`).
    pub const fn with_source_vpce(mut self, endpoint: &'s str) -> Self {
        self.source_vpce = Some(endpoint);
        self
    }

    /// The identity policies.
    pub const fn identity(&self) -> PolicySet<'s, 'p> {
        self.identity
    }

    /// The permissions boundary, if any.
    pub const fn boundary(&self) -> Option<&'s Policy<'p>> {
        self.boundary
    }

    /// The session policies, if the session was given any.
    pub const fn session_policies(&self) -> Option<PolicySet<'s, 'p>> {
        self.session
    }

    /// The service control policies, one set per level, root first.
    pub const fn scps(&self) -> &'s [PolicySet<'s, 'p>] {
        self.scps
    }

    /// The resource control policies, one set per level, root first (without
    /// [`RCP_FULL_AWS_ACCESS`]).
    pub const fn rcps(&self) -> &'s [PolicySet<'s, 'p>] {
        self.rcps
    }

    /// The resource-based policy, if any.
    pub const fn resource_policy(&self) -> Option<&'s Policy<'p>> {
        self.resource
    }

    /// The VPC endpoint policy, if the request goes through an endpoint.
    pub const fn endpoint_policy(&self) -> Option<&'s Policy<'p>> {
        self.endpoint
    }

    /// The kind of the request's caller: the one set with [`Chain::with_principal_kind`],
    /// else the one its principal says, else an IAM user.
    pub fn principal_kind(&self, request: &Request<'_>) -> PrincipalKind {
        self.principal_kind
            .or_else(|| request.principal().and_then(PrincipalKind::of))
            .unwrap_or(PrincipalKind::User)
    }

    /// The caller's account: the one set with [`Chain::with_principal_account`], else the
    /// one of the request's principal.
    pub fn principal_account<'a>(&self, request: &Request<'a>) -> Option<&'a str>
    where
        's: 'a,
    {
        self.principal_account
            .or_else(|| request.principal().and_then(principal_account))
    }

    /// The resource's account: the one set with [`Chain::with_resource_account`], else the
    /// account field of the resource's ARN.
    pub fn resource_account<'a>(&self, request: &Request<'a>) -> Option<&'a str>
    where
        's: 'a,
    {
        self.resource_account
            .or_else(|| resource_account(request.resource()))
    }

    /// Whether the caller and the resource are in one account; an unknown account is taken
    /// to be the other's.
    pub fn same_account(&self, request: &Request<'_>) -> bool {
        self.same_account_as(request, self.principal_account(request))
    }

    /// Decides `request` with every policy on its path. Allocates nothing.
    ///
    /// Condition keys the request's context lacks are filled from what the chain and the
    /// request say, where AWS fills them: `aws:PrincipalAccount`, `aws:ResourceAccount`,
    /// `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:ResourceOrgID`,
    /// `aws:ResourceOrgPaths`, `aws:SourceVpce`, `aws:CalledVia` (`…First`, `…Last`),
    /// `aws:ViaAWSService`, `aws:PrincipalIsAWSService`, `aws:PrincipalServiceName` and
    /// `aws:PrincipalType`. A value in the context wins.
    #[inline(always)]
    pub fn evaluate(&self, request: &Request<'_>) -> ChainDecision<'p> {
        if self.plain && request.principal().is_none() {
            return self.decide_plain(request);
        }
        self.evaluate_with_facts(request)
    }

    /// [`Chain::evaluate`] with the caller read and the derived condition keys filled.
    #[inline(never)]
    fn evaluate_with_facts(&self, request: &Request<'_>) -> ChainDecision<'p> {
        let facts = self.facts(request);
        let (kind, account) = (facts.kind, facts.principal_account);
        let request = request.with_context(request.context().with_derived(&facts));
        if self.identity_only() && kind.is_iam_principal() {
            return self.decide_identity_only(&request, account);
        }
        self.decide(&request, kind, account)
    }

    /// Whether the chain holds identity policies alone (no other layer).
    #[inline]
    const fn identity_only(&self) -> bool {
        self.boundary.is_none()
            && self.session.is_none()
            && self.scps.is_empty()
            && self.rcps.is_empty()
            && self.resource.is_none()
            && self.endpoint.is_none()
    }

    /// [`Chain::decide`] for an IAM principal when the chain holds identity policies alone:
    /// what the identity policies decide, unless the resource's policy must allow (another
    /// account's resource, a KMS key, a role to assume), which the chain does not have.
    /// Inlined, so that a caller that only asks whether the request is allowed builds no more
    /// of the decision.
    #[inline(always)]
    fn decide_identity_only(
        &self,
        request: &Request<'_>,
        principal_account: Option<&str>,
    ) -> ChainDecision<'p> {
        let layer = Layer::Identity;
        // The resource's policy is looked at only when the outcome depends on it: for an
        // allow, and for the layer of an implicit deny (which a caller that only asks
        // whether the request is allowed never reads).
        let needs_resource_policy = || {
            !self.same_account_as(request, principal_account) || resource_policy_required(request)
        };
        match self.identity.evaluate(request) {
            Decision::ExplicitDeny(statement) => ChainDecision::ExplicitDeny { layer, statement },
            Decision::Allow(statement) if !needs_resource_policy() => ChainDecision::Allow {
                layer,
                statement: Some(statement),
            },
            _ => ChainDecision::ImplicitDeny {
                layer: match needs_resource_policy() {
                    true => Layer::Resource,
                    false => layer,
                },
            },
        }
    }

    /// [`Chain::decide_identity_only`] for a request without a principal, the caller being
    /// taken to be in the resource's account: whether the resource's policy must allow is
    /// read from the action's first four bytes before the identity policies are walked, so
    /// that nothing of the request is kept across the walk.
    #[inline(always)]
    fn decide_plain(&self, request: &Request<'_>) -> ChainDecision<'p> {
        let layer = Layer::Identity;
        let required = resource_policy_required(request);
        match self.identity.evaluate(request) {
            Decision::ExplicitDeny(statement) => ChainDecision::ExplicitDeny { layer, statement },
            Decision::Allow(statement) if !required => ChainDecision::Allow {
                layer,
                statement: Some(statement),
            },
            _ if required => ChainDecision::ImplicitDeny {
                layer: Layer::Resource,
            },
            _ => ChainDecision::ImplicitDeny { layer },
        }
    }

    /// Whether the resource is in `principal_account`; an unknown account is taken to be the
    /// other's.
    #[inline]
    fn same_account_as(&self, request: &Request<'_>, principal_account: Option<&str>) -> bool {
        principal_account.is_none_or(|principal| self.in_account(request, principal))
    }

    /// Whether the resource is in the account `principal`, or in an unknown one. Out of line:
    /// a chain without a caller never asks.
    #[inline(never)]
    fn in_account(&self, request: &Request<'_>, principal: &str) -> bool {
        match self.resource_account {
            Some(resource) => resource == principal,
            None => caller::resource_in_account(request.resource(), principal),
        }
    }

    /// What the chain and the request say of the caller, its principal read once.
    #[inline]
    fn facts<'c, 'r>(&'c self, request: &'c Request<'r>) -> facts::Facts<'c, 's, 'p, 'r> {
        let caller = Caller::of(request.principal());
        facts::Facts {
            chain: self,
            request,
            kind: self
                .principal_kind
                .or(caller.kind)
                .unwrap_or(PrincipalKind::User),
            principal_account: self.principal_account.or(caller.account),
            caller_account: caller.account,
        }
    }

    /// Runs `f` with `request` whose context also answers the keys [`Chain::evaluate`] fills
    /// (to explain statements as the chain decides them).
    ///
    /// ```
    /// use iam_policy_core::{Chain, ContextValue, PolicySet, Principal, Request};
    /// static CHAIN: Chain = Chain::new(PolicySet::new(&[])).with_resource_account("444455556666");
    /// let request = Request::new("s3:GetObject", "arn:aws:s3:::bucket/key")
    ///     .with_principal(Principal::Aws("arn:aws:iam::111122223333:user/alice"));
    /// CHAIN.with_derived_keys(&request, |request| {
    ///     let context = request.context();
    ///     assert_eq!(context.get("aws:PrincipalAccount"), Some(ContextValue::String("111122223333")));
    ///     assert_eq!(context.get("aws:ResourceAccount"), Some(ContextValue::String("444455556666")));
    ///     assert_eq!(context.get("aws:PrincipalIsAWSService"), Some(ContextValue::Bool(false)));
    /// });
    /// ```
    pub fn with_derived_keys<R>(
        &self,
        request: &Request<'_>,
        f: impl FnOnce(&Request<'_>) -> R,
    ) -> R {
        let facts = self.facts(request);
        f(&request.with_context(request.context().with_derived(&facts)))
    }

    /// [`Chain::evaluate`] once the derived keys are in the request.
    ///
    /// The identity policies are decided first: when one of them denies, the layers searched
    /// before them matter only for a `Deny` of their own, so that their policies without one
    /// are skipped. Likewise a layer's allow is not looked for once another layer refused,
    /// nor a resource-based policy's when it cannot change the outcome.
    #[inline(always)]
    fn decide(
        &self,
        request: &Request<'_>,
        kind: PrincipalKind,
        principal_account: Option<&str>,
    ) -> ChainDecision<'p> {
        // The action's prefix and name, found once for every policy.
        let parts = Parts::of(&request.action());
        let identity = match kind.is_iam_principal() {
            true => self.identity.evaluate_with(request, parts),
            false => Decision::ImplicitDeny,
        };
        let identity_denies = matches!(identity, Decision::ExplicitDeny(_));
        let mut not_allowed: Option<Layer> = None;
        if kind.restricted_by_rcps() {
            // `RCPFullAWSAccess` allows at every level: only a `Deny` matters.
            for (at, level) in self.rcps.iter().enumerate() {
                if let Bound::Denied(statement) = bound(level.as_slice(), request, parts, true) {
                    let layer = Layer::Rcp { level: at + 1 };
                    return ChainDecision::ExplicitDeny { layer, statement };
                }
            }
        }
        if kind.restricted_by_scps() {
            for (at, level) in self.scps.iter().enumerate() {
                let layer = Layer::Scp { level: at + 1 };
                // Once a level allows nothing, only a `Deny` of a later one changes the outcome.
                let known = identity_denies || not_allowed.is_some();
                match bound(level.as_slice(), request, parts, known) {
                    Bound::Denied(statement) => {
                        return ChainDecision::ExplicitDeny { layer, statement }
                    }
                    Bound::NotAllowed => {
                        not_allowed.get_or_insert(layer);
                    }
                    Bound::Allowed => {}
                }
            }
        }
        if let Some(endpoint) = self.endpoint {
            let layer = Layer::Endpoint;
            let known = identity_denies || not_allowed.is_some();
            match bound(&[endpoint], request, parts, known) {
                Bound::Denied(statement) => {
                    return ChainDecision::ExplicitDeny { layer, statement }
                }
                Bound::NotAllowed => {
                    not_allowed.get_or_insert(layer);
                }
                Bound::Allowed => {}
            }
        }
        // Whether the caller is in the resource's account, read once and only when asked.
        let mut same_account = None;
        let grant_matters = !identity_denies
            && not_allowed.is_none()
            && self.resource_grant_matters(request, kind, || {
                *same_account.insert(self.same_account_as(request, principal_account))
            });
        // A resource-based policy without a `Deny` whose grant cannot matter is not looked at.
        let resource = match self.resource {
            Some(policy) if !grant_matters && policy.traits.has(Traits::NO_DENY) => None,
            _ => match self.resource_decision(request, kind, parts) {
                Err(denied) => return denied,
                Ok(resource) => resource,
            },
        };
        if let Decision::ExplicitDeny(statement) = identity {
            let layer = Layer::Identity;
            return ChainDecision::ExplicitDeny { layer, statement };
        }
        let mut ceiling: Option<Layer> = None;
        if kind.is_iam_principal() {
            if let Some(boundary) = self.boundary {
                let known = not_allowed.is_some();
                match bound(core::slice::from_ref(&boundary), request, parts, known) {
                    Bound::Denied(statement) => {
                        let layer = Layer::Boundary;
                        return ChainDecision::ExplicitDeny { layer, statement };
                    }
                    Bound::NotAllowed => ceiling = Some(Layer::Boundary),
                    Bound::Allowed => {}
                }
            }
            if let Some(session) = self.session {
                let known = not_allowed.is_some() || ceiling.is_some();
                match bound(session.as_slice(), request, parts, known) {
                    Bound::Denied(statement) => {
                        let layer = Layer::Session;
                        return ChainDecision::ExplicitDeny { layer, statement };
                    }
                    Bound::NotAllowed => {
                        ceiling.get_or_insert(Layer::Session);
                    }
                    Bound::Allowed => {}
                }
            }
        }
        if let Some(layer) = not_allowed {
            return ChainDecision::ImplicitDeny { layer };
        }
        let same_account =
            same_account.unwrap_or_else(|| self.same_account_as(request, principal_account));
        self.grant(request, kind, same_account, resource, identity, ceiling)
    }

    /// Whether what the resource-based policy allows can change the outcome, once nothing
    /// else has decided it: not when it only grants to whole accounts, to an IAM principal of
    /// the resource's account, for a resource whose policy need not allow (such a grant only
    /// delegates to the identity policies, which decide alone without it).
    #[inline]
    fn resource_grant_matters(
        &self,
        request: &Request<'_>,
        kind: PrincipalKind,
        same_account: impl FnOnce() -> bool,
    ) -> bool {
        let Some(policy) = self.resource else {
            return false;
        };
        !(kind.is_iam_principal()
            && policy.traits.has(Traits::ACCOUNT_GRANTS_ONLY)
            && !resource_policy_required(request)
            && same_account())
    }

    /// The resource-based policy's decision, or the explicit deny it makes.
    #[inline]
    pub(crate) fn resource_decision(
        &self,
        request: &Request<'_>,
        kind: PrincipalKind,
        parts: Parts<'_>,
    ) -> Result<Option<Decision<'p>>, ChainDecision<'p>> {
        let Some(policy) = self.resource else {
            return Ok(None);
        };
        let decision = policy.evaluate_with(request, parts);
        if let Decision::ExplicitDeny(statement) = decision {
            let layer = Layer::Resource;
            return Err(ChainDecision::ExplicitDeny { layer, statement });
        }
        // The boundary bounds every IAM principal the chain decides for (a federated-user
        // session carries the boundary of the IAM user that made it).
        let bounded = self.boundary.is_some() && kind.is_iam_principal();
        if bounded && !policy.traits.has(Traits::NO_NOT_PRINCIPAL_DENY) {
            if let Some(index) = grant::not_principal_deny(policy, request) {
                let statement = policy.statement_ref(index, 0);
                let layer = Layer::Resource;
                return Err(ChainDecision::ExplicitDeny { layer, statement });
            }
        }
        Ok(Some(decision))
    }

    /// Step 5 of the decision, once nothing denies and every organization level and the
    /// endpoint allow.
    fn grant(
        &self,
        request: &Request<'_>,
        kind: PrincipalKind,
        same_account: bool,
        resource: Option<Decision<'p>>,
        identity: Decision<'p>,
        ceiling: Option<Layer>,
    ) -> ChainDecision<'p> {
        let resource_grant = match resource {
            Some(Decision::Allow(statement)) => Some(statement),
            _ => None,
        };
        let by_resource = |statement| ChainDecision::Allow {
            layer: Layer::Resource,
            statement: Some(statement),
        };
        let refused = |layer| ChainDecision::ImplicitDeny { layer };
        match kind {
            PrincipalKind::Service | PrincipalKind::Anonymous => {
                resource_grant.map_or(refused(Layer::Resource), by_resource)
            }
            PrincipalKind::Root => {
                if same_account && !resource_policy_required(request) {
                    ChainDecision::Allow {
                        layer: Layer::Root,
                        statement: None,
                    }
                } else {
                    resource_grant.map_or(refused(Layer::Resource), by_resource)
                }
            }
            _ if same_account => {
                if let (Some(allowed), Some(policy)) = (resource_grant, self.resource) {
                    let decided = allowed.statement_index() as u32;
                    match grant::strongest_grant(policy, request, decided) {
                        (Grant::Named, index) => {
                            return by_resource(policy.statement_ref(index, 0));
                        }
                        (Grant::Principal, index) => {
                            return match ceiling {
                                None => by_resource(policy.statement_ref(index, 0)),
                                Some(layer) => refused(layer),
                            };
                        }
                        // A grant to the account delegates to the identity policies.
                        (Grant::Account, _) => {}
                    }
                } else if resource_policy_required(request) {
                    return refused(Layer::Resource);
                }
                match (identity, ceiling) {
                    (Decision::Allow(statement), None) => ChainDecision::Allow {
                        layer: Layer::Identity,
                        statement: Some(statement),
                    },
                    (Decision::Allow(_), Some(layer)) => refused(layer),
                    _ => refused(Layer::Identity),
                }
            }
            _ => match (resource_grant, identity, ceiling) {
                (None, _, _) => refused(Layer::Resource),
                (Some(_), Decision::Allow(_), Some(layer)) => refused(layer),
                (Some(statement), Decision::Allow(_), None) => by_resource(statement),
                (Some(_), _, _) => refused(Layer::Identity),
            },
        }
    }

    /// Explains every layer: whether it applies to the request and what it decides.
    pub fn explain<'r>(&self, request: &'r Request<'r>) -> ChainExplain<'s, 'p, 'r> {
        ChainExplain::new(*self, request)
    }
}

/// Whether the request's resource-based policy must allow it even in the caller's own
/// account: a KMS key's key policy (any `kms:` action on a key) and a role's trust policy
/// (`sts:AssumeRole…` and the session actions it governs).
#[inline]
pub fn resource_policy_required(request: &Request<'_>) -> bool {
    // Both prefixes are three letters: most actions are turned away by their first four
    // bytes, compared as one word (setting bit 5 lowercases letters and keeps `:`; what
    // else it maps only lets a few more actions through to the exact test).
    let head = |text: &[u8]| {
        text.get(..4)
            .and_then(|head| <[u8; 4]>::try_from(head).ok())
            .map_or(0, |head| u32::from_le_bytes(head) | 0x2020_2020)
    };
    let first = head(request.action().as_str().as_bytes());
    (first == head(b"kms:") || first == head(b"sts:")) && key_or_trust_action(request)
}

/// [`resource_policy_required`] past its first test.
#[inline(never)]
fn key_or_trust_action(request: &Request<'_>) -> bool {
    const TRUST_ACTIONS: [&str; 6] = [
        "AssumeRole",
        "AssumeRoleWithSAML",
        "AssumeRoleWithWebIdentity",
        "TagSession",
        "SetSourceIdentity",
        "SetContext",
    ];
    let action = request.action();
    let Some((service, name)) = action.split() else {
        return false;
    };
    let is =
        |expected: &str, text: &[u8]| bytes_equal(expected.as_bytes(), text, Case::Insensitive);
    if is("kms", service) {
        return arn_fields(request.resource())
            .is_some_and(|f| f.service == "kms" && f.resource.starts_with("key/"));
    }
    is("sts", service) && TRUST_ACTIONS.iter().any(|trust| is(trust, name))
}

/// What a layer that only bounds the request says of it (an organization level, the endpoint
/// policy, the boundary, the session policies): which statement allows does not matter.
enum Bound<'p> {
    /// A `Deny` statement matches.
    Denied(StatementRef<'p>),
    /// One of the layer's policies allows, and none denies.
    Allowed,
    /// None allows, and none denies.
    NotAllowed,
}

/// The [`Bound`] of a layer's `policies`: it allows what one of them allows. `allowed` says the
/// allow no longer matters (`RCPFullAWSAccess` allows, or another layer already refused):
/// then only a `Deny` is looked for. A policy that allows everything answers without a look
/// at its statements, one that allows whole services by one lookup of the action's service,
/// and once the layer allows, policies without a `Deny` are skipped.
#[inline(always)]
fn bound<'p>(
    policies: &[&Policy<'p>],
    request: &Request<'_>,
    parts: Parts<'_>,
    mut allowed: bool,
) -> Bound<'p> {
    for (index, policy) in policies.iter().enumerate() {
        let traits = policy.traits;
        if traits.has(Traits::ALLOWS_EVERYTHING) {
            allowed = true;
            continue;
        }
        if allowed && traits.has(Traits::NO_DENY) {
            continue;
        }
        if traits.has(Traits::SERVICE_WIDE_ALLOWS) {
            allowed = allowed || policy.allows_service(request, parts);
            continue;
        }
        match policy.decide(request, parts) {
            Outcome::Deny(statement) => {
                return Bound::Denied(policy.statement_ref(statement, index))
            }
            Outcome::Allow(_) => allowed = true,
            Outcome::NoMatch => {}
        }
    }
    match allowed {
        true => Bound::Allowed,
        false => Bound::NotAllowed,
    }
}
