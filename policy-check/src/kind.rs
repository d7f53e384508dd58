//! What every layer is told about the document: its kind, and the placeholder of templates.

/// Which kind of policy a document is; it changes the checks and the evaluation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PolicyKind {
    /// Attached to a user, group or role: no `Principal`; `Resource` required.
    #[default]
    Identity,
    /// Attached to a resource (bucket, key, queue): `Principal` required.
    Resource,
    /// A role's trust policy: `Principal` required, no `Resource`, `sts:` actions only, and the
    /// rules IAM applies to who may assume the role.
    Trust,
    /// A service control policy of AWS Organizations: no `Principal`; actions take a `*`
    /// only at their end; 5,120 characters at most.
    Scp,
    /// A resource control policy of AWS Organizations: `Deny` only, `"Principal": "*"` only,
    /// no `NotAction`, actions of the services RCPs support; 5,120 characters at most.
    Rcp,
    /// A permissions boundary: the grammar of an identity policy.
    Boundary,
    /// A session policy passed when a session is created: the grammar of an identity policy.
    Session,
}

impl PolicyKind {
    /// Every kind, in declaration order.
    pub const ALL: [PolicyKind; 7] = [
        PolicyKind::Identity,
        PolicyKind::Resource,
        PolicyKind::Trust,
        PolicyKind::Scp,
        PolicyKind::Rcp,
        PolicyKind::Boundary,
        PolicyKind::Session,
    ];

    /// The kind's name on the command line: `identity`, `resource`, `trust`, `scp`, `rcp`,
    /// `boundary`, `session`.
    pub const fn as_str(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity",
            PolicyKind::Resource => "resource",
            PolicyKind::Trust => "trust",
            PolicyKind::Scp => "scp",
            PolicyKind::Rcp => "rcp",
            PolicyKind::Boundary => "boundary",
            PolicyKind::Session => "session",
        }
    }

    /// The kind named `name` (see [`PolicyKind::as_str`]).
    ///
    /// ```
    /// use iam_policy_check::PolicyKind;
    /// assert_eq!(PolicyKind::parse("scp"), Some(PolicyKind::Scp));
    /// assert_eq!(PolicyKind::parse("bucket"), None);
    /// ```
    pub fn parse(name: &str) -> Option<PolicyKind> {
        PolicyKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }

    /// Whether its statements name principals (`Principal` required): resource-based
    /// policies, role trust policies and resource control policies.
    pub const fn names_principals(self) -> bool {
        matches!(
            self,
            PolicyKind::Resource | PolicyKind::Trust | PolicyKind::Rcp
        )
    }

    /// Whether it is attached to an identity, with the identity policy's grammar: identity
    /// policies, permissions boundaries and session policies.
    pub const fn is_identity_grammar(self) -> bool {
        matches!(
            self,
            PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::Session
        )
    }

    /// Whether IAM itself validates and stores it (identity policies, permissions boundaries,
    /// session policies, role trust policies), with IAM's stricter rules for `Sid`s; other
    /// services' resource policies and Organizations' control policies have their own.
    pub const fn is_validated_by_iam(self) -> bool {
        self.is_identity_grammar() || matches!(self, PolicyKind::Trust)
    }
}

/// Stands for a value a template fills in at deployment (CloudFormation's `!Ref Bucket`,
/// `${AWS::AccountId}` in `!Sub`), when [`crate::Options::placeholders`] is set. A value that starts
/// with it is accepted wherever a resource or principal goes; inside an ARN it makes its field
/// unknown (any partition, region or account; `*` for the catalog's resource types); a
/// condition value holding it is accepted for any operator.
pub const PLACEHOLDER: char = '\u{FFFC}';

/// Whether `text` holds a placeholder, when placeholders are `accepted`.
pub(crate) fn has_placeholder(text: &str, accepted: bool) -> bool {
    accepted && text.contains(PLACEHOLDER)
}
