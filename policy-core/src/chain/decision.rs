//! What the whole decision says: the outcome, and the layer and statement that decided it.

use core::fmt;

use crate::decision::StatementRef;

/// One layer of the policies on a request's path.
///
/// Organization levels count from 1, the root being level 1, then each organizational unit
/// down to the account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    /// The VPC endpoint policy of the endpoint the request goes through.
    Endpoint,
    /// The resource control policies attached at one level of the resource's organization
    /// path (with `RCPFullAWSAccess`, which AWS attaches to every level).
    Rcp {
        /// The level, from 1 (the root).
        level: usize,
    },
    /// The service control policies attached at one level of the principal's organization
    /// path.
    Scp {
        /// The level, from 1 (the root).
        level: usize,
    },
    /// The resource-based policy (bucket policy, key policy, role trust policy, …).
    Resource,
    /// The identity-based policies of the principal.
    Identity,
    /// The permissions boundary of the principal.
    Boundary,
    /// The session policies passed when the session was created.
    Session,
    /// The account root user, whom identity policies do not limit in its own account.
    Root,
}

impl Layer {
    /// The layer's name in machine-readable output: `endpoint`, `rcp`, `scp`, `resource`,
    /// `identity`, `boundary`, `session` or `root` (with [`Layer::level`] for organization
    /// levels).
    ///
    /// ```
    /// use iam_policy_core::Layer;
    /// assert_eq!((Layer::Scp { level: 2 }.name(), Layer::Scp { level: 2 }.level()), ("scp", Some(2)));
    /// assert_eq!((Layer::Boundary.name(), Layer::Boundary.level()), ("boundary", None));
    /// ```
    pub const fn name(&self) -> &'static str {
        match self {
            Layer::Endpoint => "endpoint",
            Layer::Rcp { .. } => "rcp",
            Layer::Scp { .. } => "scp",
            Layer::Resource => "resource",
            Layer::Identity => "identity",
            Layer::Boundary => "boundary",
            Layer::Session => "session",
            Layer::Root => "root",
        }
    }

    /// The organization level of an SCP or RCP layer, from 1 (the root).
    pub const fn level(&self) -> Option<usize> {
        match self {
            Layer::Rcp { level } | Layer::Scp { level } => Some(*level),
            _ => None,
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Layer::Endpoint => f.write_str("the VPC endpoint policy"),
            Layer::Rcp { level } => write!(f, "RCP level {level}"),
            Layer::Scp { level } => write!(f, "SCP level {level}"),
            Layer::Resource => f.write_str("the resource-based policy"),
            Layer::Identity => f.write_str("the identity-based policies"),
            Layer::Boundary => f.write_str("the permissions boundary"),
            Layer::Session => f.write_str("the session policies"),
            Layer::Root => f.write_str("the account root user"),
        }
    }
}

/// The decision of every policy on a request's path, with the layer that decided it.
///
/// - `Allow`: the layer that granted the request (the resource-based policy, the identity
///   policies, or the root user's own account) and the granting statement.
/// - `ExplicitDeny`: the first `Deny` found, in layer order.
/// - `ImplicitDeny`: the layer that did not allow: an organization level whose policies allow
///   nothing, the permissions boundary, the identity policies, a resource policy that must
///   allow (across accounts, a key policy, a role trust policy), …
///
/// ```
/// use iam_policy_core::{Chain, ChainDecision, Layer, PolicySet, Request};
/// static NOTHING: Chain = Chain::new(PolicySet::new(&[]));
/// let decision = NOTHING.evaluate(&Request::new("s3:GetObject", "arn:aws:s3:::bucket/key"));
/// assert_eq!(decision, ChainDecision::ImplicitDeny { layer: Layer::Identity });
/// assert_eq!(decision.to_string(), "ImplicitDeny: nothing in the identity-based policies allows the request");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChainDecision<'p> {
    /// The request is allowed.
    Allow {
        /// The layer that granted it.
        layer: Layer,
        /// The granting statement; `None` for the root user in its own account.
        statement: Option<StatementRef<'p>>,
    },
    /// A `Deny` statement matched.
    ExplicitDeny {
        /// The layer of the statement.
        layer: Layer,
        /// The statement.
        statement: StatementRef<'p>,
    },
    /// A layer that must allow the request does not.
    ImplicitDeny {
        /// The layer that allows nothing.
        layer: Layer,
    },
}

impl<'p> ChainDecision<'p> {
    /// Whether the request is allowed.
    pub const fn is_allowed(&self) -> bool {
        matches!(self, ChainDecision::Allow { .. })
    }

    /// `Allow`, `ExplicitDeny` or `ImplicitDeny`.
    pub const fn kind(&self) -> &'static str {
        match self {
            ChainDecision::Allow { .. } => "Allow",
            ChainDecision::ExplicitDeny { .. } => "ExplicitDeny",
            ChainDecision::ImplicitDeny { .. } => "ImplicitDeny",
        }
    }

    /// The layer that decided.
    pub const fn layer(&self) -> Layer {
        match self {
            ChainDecision::Allow { layer, .. }
            | ChainDecision::ExplicitDeny { layer, .. }
            | ChainDecision::ImplicitDeny { layer } => *layer,
        }
    }

    /// The statement that decided, if one did.
    pub const fn statement(&self) -> Option<StatementRef<'p>> {
        match self {
            ChainDecision::Allow { statement, .. } => *statement,
            ChainDecision::ExplicitDeny { statement, .. } => Some(*statement),
            ChainDecision::ImplicitDeny { .. } => None,
        }
    }
}

impl fmt::Display for ChainDecision<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChainDecision::Allow {
                layer,
                statement: Some(statement),
            } => write!(f, "Allow by {statement} in {layer}"),
            ChainDecision::Allow {
                layer,
                statement: None,
            } => write!(f, "Allow by {layer} in its own account"),
            ChainDecision::ExplicitDeny { layer, statement } => {
                write!(f, "ExplicitDeny by {statement} in {layer}")
            }
            ChainDecision::ImplicitDeny { layer } => {
                write!(f, "ImplicitDeny: nothing in {layer} allows the request")
            }
        }
    }
}
