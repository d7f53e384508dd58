//! How to check a document: the options every front end (macro, loader, command line) sets.

use crate::catalog::CustomCatalog;
use crate::checks::quota::SizeQuota;
use crate::levels::LintLevels;
use crate::syntax::limits::Limits;
use crate::PolicyKind;

/// How to check a document.
///
/// Built from [`Options::default`] (an identity policy, the default limits and quota, AWS's
/// catalog only) with the `with_…` methods; new options will be added.
///
/// ```
/// use iam_policy_check::{Limits, Options, PolicyKind};
/// let mut limits = Limits::default();
/// limits.max_document_bytes = 4096;
/// let options = Options::default().with_kind(PolicyKind::Resource).with_limits(limits);
/// assert_eq!(options.limits.max_document_bytes, 4096);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The policy kind.
    pub kind: PolicyKind,
    /// Hard limits on the input.
    pub limits: Limits,
    /// Which of IAM's size quotas to warn about (a managed policy's, by default).
    pub quota: SizeQuota,
    /// The application's own services (`policy-catalog.json`), checked besides AWS's.
    pub catalog: Option<CustomCatalog>,
    /// The levels set for finding codes and groups (the registry's defaults where unset).
    pub levels: LintLevels,
    /// Accept [`crate::PLACEHOLDER`] for values a template fills in at deployment. A document that
    /// holds placeholders is checked but not lowered (`Checked::tables` is `None`).
    pub placeholders: bool,
}

impl Options {
    /// The options with `kind` as the policy kind.
    pub fn with_kind(mut self, kind: PolicyKind) -> Self {
        self.kind = kind;
        self
    }

    /// The options with `limits` as the hard limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The options with `quota` as the size quota warned about.
    pub fn with_quota(mut self, quota: SizeQuota) -> Self {
        self.quota = quota;
        self
    }

    /// The options with the application's own services (`policy-catalog.json`) checked besides
    /// AWS's.
    pub fn with_catalog(mut self, catalog: CustomCatalog) -> Self {
        self.catalog = Some(catalog);
        self
    }

    /// The options with `levels` as the levels of finding codes and groups.
    pub fn with_levels(mut self, levels: LintLevels) -> Self {
        self.levels = levels;
        self
    }

    /// The options accepting (or not) [`crate::PLACEHOLDER`] for values a template fills in.
    pub fn with_placeholders(mut self, placeholders: bool) -> Self {
        self.placeholders = placeholders;
        self
    }
}
