//! Every layer of a [`Chain`] and what it says about one request.

use crate::chain::{Chain, PrincipalKind, RCP_FULL_AWS_ACCESS};
use crate::decision::Decision;
use crate::request::Request;
use crate::table::Policy;

use super::decision::Layer;

/// What one layer says about a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayerStatus<'p> {
    /// The layer applies to the request; its own decision (for a resource control policy
    /// level, an allow by [`RCP_FULL_AWS_ACCESS`] when none of its policies decides).
    Applies(Decision<'p>),
    /// The layer does not apply to this caller, for the reason given.
    NotApplicable(&'static str),
}

/// One layer of a chain, its policies, and what it says about a request.
#[derive(Clone, Copy, Debug)]
pub struct LayerReport<'s, 'p> {
    layer: Layer,
    /// A one-policy layer's policy (endpoint, resource, boundary).
    one: Option<&'s Policy<'p>>,
    /// A layer of several policies.
    many: &'s [&'s Policy<'p>],
    status: LayerStatus<'p>,
}

impl<'s, 'p> LayerReport<'s, 'p> {
    /// The layer.
    pub const fn layer(&self) -> Layer {
        self.layer
    }

    /// The layer's policies (for a resource control policy level, without
    /// [`RCP_FULL_AWS_ACCESS`]), to explain statement by statement with
    /// [`Policy::explain`].
    pub fn policies(&self) -> impl Iterator<Item = &'s Policy<'p>> {
        self.one.into_iter().chain(self.many.iter().copied())
    }

    /// What the layer says.
    pub const fn status(&self) -> LayerStatus<'p> {
        self.status
    }
}

/// The layers of a chain in decision order, each with what it says about one request. See
/// [`Chain::explain`]. Layers a chain does not have (no boundary, no endpoint, …) are left
/// out; the identity policies are always shown.
#[derive(Clone, Debug)]
pub struct ChainExplain<'s, 'p, 'r> {
    chain: Chain<'s, 'p>,
    request: &'r Request<'r>,
    kind: PrincipalKind,
    next: usize,
}

/// The layers after the organization levels, in decision order.
const FIXED: [Layer; 5] = [
    Layer::Endpoint,
    Layer::Resource,
    Layer::Identity,
    Layer::Boundary,
    Layer::Session,
];

impl<'s, 'p, 'r> ChainExplain<'s, 'p, 'r> {
    pub(crate) fn new(chain: Chain<'s, 'p>, request: &'r Request<'r>) -> Self {
        let kind = chain.principal_kind(request);
        ChainExplain {
            chain,
            request,
            kind,
            next: 0,
        }
    }

    fn rcp_level(&self, at: usize) -> LayerReport<'s, 'p> {
        let level = self
            .chain
            .rcps
            .get(at)
            .copied()
            .unwrap_or(crate::PolicySet::new(&[]));
        let status = if !self.kind.restricted_by_rcps() {
            LayerStatus::NotApplicable(
                "resource control policies do not restrict service-linked roles",
            )
        } else {
            match self
                .chain
                .with_derived_keys(self.request, |r| level.evaluate(r))
            {
                Decision::ImplicitDeny => LayerStatus::Applies(Decision::Allow(
                    RCP_FULL_AWS_ACCESS.statement_ref(0, level.policies().len()),
                )),
                decision => LayerStatus::Applies(decision),
            }
        };
        LayerReport {
            layer: Layer::Rcp { level: at + 1 },
            one: None,
            many: level.as_slice(),
            status,
        }
    }

    fn scp_level(&self, at: usize) -> LayerReport<'s, 'p> {
        let level = self
            .chain
            .scps
            .get(at)
            .copied()
            .unwrap_or(crate::PolicySet::new(&[]));
        let status = if self.kind.restricted_by_scps() {
            LayerStatus::Applies(
                self.chain
                    .with_derived_keys(self.request, |r| level.evaluate(r)),
            )
        } else {
            LayerStatus::NotApplicable(
                "service control policies do not restrict service-linked roles, services or anonymous callers",
            )
        };
        LayerReport {
            layer: Layer::Scp { level: at + 1 },
            one: None,
            many: level.as_slice(),
            status,
        }
    }

    fn fixed(&self, layer: Layer) -> Option<LayerReport<'s, 'p>> {
        const NOT_IAM: &str = "the caller is not an IAM user or role session";
        let iam = self.kind.is_iam_principal();
        let (one, many, applies) = match layer {
            Layer::Endpoint => (Some(self.chain.endpoint?), &[][..], true),
            Layer::Resource => (Some(self.chain.resource?), &[][..], true),
            Layer::Identity => (None, self.chain.identity.as_slice(), iam),
            Layer::Boundary => (Some(self.chain.boundary?), &[][..], iam),
            Layer::Session => (None, self.chain.session?.as_slice(), iam),
            _ => return None,
        };
        let status = if !applies {
            LayerStatus::NotApplicable(NOT_IAM)
        } else if layer == Layer::Resource {
            // With the `NotPrincipal` rule of permissions boundaries.
            let kind = self.kind;
            let decision = self.chain.with_derived_keys(self.request, |r| {
                self.chain
                    .resource_decision(r, kind, crate::eval::Parts::Unknown)
            });
            match decision {
                Ok(decision) => LayerStatus::Applies(decision.unwrap_or(Decision::ImplicitDeny)),
                Err(denied) => match denied.statement() {
                    Some(statement) => LayerStatus::Applies(Decision::ExplicitDeny(statement)),
                    None => LayerStatus::Applies(Decision::ImplicitDeny),
                },
            }
        } else if let Some(policy) = one {
            LayerStatus::Applies(
                self.chain
                    .with_derived_keys(self.request, |r| policy.evaluate(r)),
            )
        } else {
            let set = crate::PolicySet::new(many);
            LayerStatus::Applies(
                self.chain
                    .with_derived_keys(self.request, |r| set.evaluate(r)),
            )
        };
        Some(LayerReport {
            layer,
            one,
            many,
            status,
        })
    }
}

impl<'s, 'p> Iterator for ChainExplain<'s, 'p, '_> {
    type Item = LayerReport<'s, 'p>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let at = self.next;
            self.next += 1;
            let rcps = self.chain.rcps.len();
            let scps = self.chain.scps.len();
            if at < rcps {
                return Some(self.rcp_level(at));
            }
            if at < rcps + scps {
                return Some(self.scp_level(at - rcps));
            }
            let layer = *FIXED.get(at - rcps - scps)?;
            if let Some(report) = self.fixed(layer) {
                return Some(report);
            }
        }
    }
}
