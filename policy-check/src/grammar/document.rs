//! The typed policy document the grammar reads: statements and their elements, each with where
//! it was written.

use crate::diagnostic::Loc;
use crate::grammar::condition::ConditionBlock;
use crate::grammar::principal::PrincipalElement;
use iam_policy_core::{Effect, Version};

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub loc: Loc,
}

/// A checked policy document.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// `Version`, if written.
    pub version: Option<Spanned<Version>>,
    /// The statements, in order.
    pub statements: Vec<Statement>,
}

impl Document {
    /// The language version in force: an absent `Version` means `2008-10-17`.
    pub fn effective_version(&self) -> Version {
        self.version
            .as_ref()
            .map_or(Version::V2008_10_17, |v| v.value)
    }
}

/// A list of patterns: `Action`/`NotAction`, `Resource`/`NotResource`.
#[derive(Clone, Debug, PartialEq)]
pub struct Patterns {
    /// `Action` (listed) or `NotAction` (excluded).
    pub polarity: iam_policy_core::tables::Polarity,
    /// The patterns as written.
    pub items: Vec<Spanned<String>>,
}

/// A checked statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// The statement object.
    pub loc: Loc,
    /// `Sid`.
    pub sid: Option<Spanned<String>>,
    /// `Effect`.
    pub effect: Effect,
    /// `Action` or `NotAction`.
    pub action: Patterns,
    /// `Resource` or `NotResource` (absent only in role trust policies).
    pub resource: Option<Patterns>,
    /// `Principal` or `NotPrincipal` (resource-based policies).
    pub principal: Option<PrincipalElement>,
    /// `Condition`.
    pub condition: Vec<ConditionBlock>,
}

/// The elements of a policy document, in the order canonical IAM JSON writes them.
pub(crate) const TOP_LEVEL: &[&str] = &["Version", "Id", "Statement"];
/// The elements of a statement, in the order canonical IAM JSON writes them.
pub(crate) const STATEMENT: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];
