//! AWS IAM JSON policies as part of the program: checked at compile time, evaluated from const
//! tables with IAM's exact semantics.
//!
//! ```
//! use iam_policy::{policy, Decision, Policy, PolicySet, Request};
//!
//! static DENY_DEFAULT_TRAIL_LOGGING: Policy = policy!({
//!     "Version": "2012-10-17",
//!     "Statement": [{ "Sid": "Stmt1446057698000", "Effect": "Deny",
//!         "Action": ["cloudtrail:StartLogging", "cloudtrail:StopLogging"],
//!         "Resource": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/Default"] }]
//! });
//! static DESCRIBE_ANY_TRAIL: Policy = policy!({
//!     "Version": "2012-10-17",
//!     "Statement": [{ "Sid": "Stmt1446072643000", "Effect": "Allow",
//!         "Action": ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"],
//!         "Resource": ["*"] }]
//! });
//! static DEV_GROUP: PolicySet = PolicySet::new(&[&DENY_DEFAULT_TRAIL_LOGGING, &DESCRIBE_ANY_TRAIL]);
//!
//! let trail = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default";
//! assert!(DEV_GROUP.authorize(&Request::new("cloudtrail:GetTrailStatus", trail)).is_ok());
//! let denied = DEV_GROUP.authorize(&Request::new("cloudtrail:StopLogging", trail)).unwrap_err();
//! assert!(denied.is_explicit());
//! ```
//!
//! A typo is a compile error at the offending token:
//!
//! ```compile_fail
//! static P: iam_policy::Policy = iam_policy::policy!({
//!     "Version": "2012-10-17",
//!     "Statement": [{ "Effect": "allow", "Action": "cloudtrail:StopLogging", "Resource": "*" }]
//! });
//! ```
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "loader")]
extern crate std;

#[cfg(feature = "loader")]
mod embedded;
#[cfg(feature = "store")]
pub mod store;

pub use iam_policy_core::{
    authorize_each, evaluate_each, principal_account, resource_account, resource_policy_required,
    AccessDenied, Action, Chain, ChainDecision, ChainExplain, Context, ContextValue, Decision,
    DenyCause, Effect, Explain, Layer, LayerReport, LayerStatus, Policy, PolicySet, Principal,
    PrincipalKind, Request, StatementExplanation, StatementRef, Version, RCP_FULL_AWS_ACCESS,
};

#[cfg(feature = "alloc")]
pub use iam_policy_core::OwnedAccessDenied;

#[cfg(feature = "store")]
pub use store::{
    OwnedPolicySet, PolicyGuard, PolicyStore, SharedPolicy, TenantGuard, TenantPolicies,
};

/// Exact access analysis of static and loaded policies (feature `analyze`): see
/// [`analyze::Analyzer`].
#[cfg(feature = "analyze")]
pub mod analyze {
    pub use iam_policy_analyze::*;
}

#[cfg(feature = "loader")]
pub use iam_policy_check::catalog::{Catalog, CatalogError, CustomCatalog};
#[cfg(feature = "loader")]
pub use iam_policy_check::{
    levels, lint, Diagnostic, Diagnostics, Fix, Limits, LineColumn, LoadedPolicy, Loc, Options,
    PolicyKind, Severity, SizeQuota,
};

/// Checks an identity policy (a JSON document pasted as is) at compile time and expands to a
/// constant [`Policy`].
///
/// Every mistake of the document is a compile error at the offending token, with a stable
/// code and a fix where one exists. Warnings (such as a missing `Version`) are shown as
/// deprecation warnings at the offending token.
///
/// Every action, resource ARN and condition key is checked against the service catalog
/// (AWS's, plus the application's own services declared in `policy-catalog.json` next to
/// `Cargo.toml`; see [`action!`]).
///
/// A warning is silenced for one policy, visibly, by its code in an attribute before the
/// document; errors cannot be silenced, and a code that silences nothing is itself a warning:
///
/// ```
/// use iam_policy::{policy, Policy};
/// static DEPLOYER: Policy = policy!(#[allow(PASS_ROLE_WITH_STAR_IN_RESOURCE)] {
///     "Version": "2012-10-17",
///     "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }]
/// });
/// ```
///
/// ```
/// use iam_policy::{policy, Policy, Request};
/// static READ_ONLY: Policy = policy!({
///     "Version": "2012-10-17",
///     "Statement": [{ "Effect": "Allow", "Action": ["config:Get*", "config:Describe*", "config:List*"], "Resource": "*" }]
/// });
/// assert!(READ_ONLY.evaluate(&Request::new("config:GetResourceConfigHistory", "*")).is_allowed());
/// ```
#[macro_export]
macro_rules! policy {
    ($($document:tt)+) => {
        $crate::__private::macros::policy! { $crate; identity; $($document)+ }
    };
}

/// Checks a resource-based policy (a bucket policy, a key policy, a role trust policy) at
/// compile time and expands to a constant [`Policy`], like [`policy!`]; every statement must
/// name its `Principal` or `NotPrincipal`, which the evaluator matches against
/// [`Request::with_principal`].
///
/// ```
/// use iam_policy::{resource_policy, Policy, Principal, Request};
/// static BUCKET: Policy = resource_policy!({
///     "Version": "2012-10-17",
///     "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "111122223333" },
///         "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" }]
/// });
/// let get = Request::new("s3:GetObject", "arn:aws:s3:::reports/q1.csv");
/// let alice = get.with_principal(Principal::Aws("arn:aws:iam::111122223333:user/alice"));
/// let stranger = get.with_principal(Principal::Aws("arn:aws:iam::444455556666:user/eve"));
/// assert!(BUCKET.evaluate(&alice).is_allowed());
/// assert!(!BUCKET.evaluate(&stranger).is_allowed());
/// ```
///
/// A statement without a principal is a compile error:
///
/// ```compile_fail
/// static BUCKET: iam_policy::Policy = iam_policy::resource_policy!({
///     "Version": "2012-10-17",
///     "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]
/// });
/// ```
#[macro_export]
macro_rules! resource_policy {
    ($($document:tt)+) => {
        $crate::__private::macros::policy! { $crate; resource; $($document)+ }
    };
}

/// Checks a service control policy of AWS Organizations at compile time and expands to a
/// constant [`Policy`], like [`policy!`], with the rules of SCPs: no `Principal` (since September
/// 2025 the rest of the language is that of identity policies). Use SCPs as the levels of a [`Chain`].
///
/// ```
/// use iam_policy::{scp, Policy, Request};
/// static DENY_LEAVING: Policy = scp!({
///     "Version": "2012-10-17",
///     "Statement": [{ "Sid": "DenyLeaveOrg", "Effect": "Deny",
///         "Action": "organizations:LeaveOrganization", "Resource": "*" }]
/// });
/// assert!(!DENY_LEAVING.evaluate(&Request::new("organizations:LeaveOrganization", "*")).is_allowed());
/// ```
///
/// ```compile_fail
/// static BAD: iam_policy::Policy = iam_policy::scp!({
///     "Version": "2012-10-17",
///     "Statement": [{ "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*" }]
/// });
/// ```
#[macro_export]
macro_rules! scp {
    ($($document:tt)+) => {
        $crate::__private::macros::policy! { $crate; scp; $($document)+ }
    };
}

/// Checks a resource control policy of AWS Organizations at compile time and expands to a
/// constant [`Policy`], like [`resource_policy!`], with the rules of RCPs: `Deny` only,
/// `"Principal": "*"` only, no `NotAction`, actions of the services RCPs support.
///
/// ```
/// use iam_policy::{rcp, Policy};
/// static ORG_ONLY: Policy = rcp!({
///     "Version": "2012-10-17",
///     "Statement": [{ "Sid": "EnforceOrgIdentities", "Effect": "Deny", "Principal": "*",
///         "Action": ["s3:*", "sqs:*"], "Resource": "*",
///         "Condition": { "StringNotEqualsIfExists": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
///                        "BoolIfExists": { "aws:PrincipalIsAWSService": "false" } } }]
/// });
/// ```
///
/// ```compile_fail
/// static BAD: iam_policy::Policy = iam_policy::rcp!({
///     "Version": "2012-10-17",
///     "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*" }]
/// });
/// ```
#[macro_export]
macro_rules! rcp {
    ($($document:tt)+) => {
        $crate::__private::macros::policy! { $crate; rcp; $($document)+ }
    };
}

/// Checks a role's trust policy at compile time and expands to a constant [`Policy`], like
/// [`resource_policy!`], with IAM's rules for trust policies: no `Resource` or `NotPrincipal`,
/// `sts:` actions only, the action that fits each federated provider, the audience and
/// subject conditions of OpenID Connect providers (GitHub's included), and a warning when
/// anyone may assume the role.
///
/// ```
/// use iam_policy::{trust_policy, Policy, Principal, Request};
/// static LAMBDA_ROLE: Policy = trust_policy!({
///     "Version": "2012-10-17",
///     "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" },
///         "Action": "sts:AssumeRole" }]
/// });
/// let assume = Request::new("sts:AssumeRole", "arn:aws:iam::111122223333:role/worker")
///     .with_principal(Principal::Service("lambda.amazonaws.com"));
/// assert!(LAMBDA_ROLE.evaluate(&assume).is_allowed());
/// ```
///
/// A trust policy with `Resource` is a compile error:
///
/// ```compile_fail
/// static ROLE: iam_policy::Policy = iam_policy::trust_policy!({
///     "Version": "2012-10-17",
///     "Statement": [{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" },
///         "Action": "sts:AssumeRole", "Resource": "*" }]
/// });
/// ```
#[macro_export]
macro_rules! trust_policy {
    ($($document:tt)+) => {
        $crate::__private::macros::policy! { $crate; trust; $($document)+ }
    };
}

/// Reads a JSON policy file at compile time (the path is relative to the crate's
/// `Cargo.toml`), checks it like [`policy!`] and expands to a constant [`Policy`]. The build
/// reruns when the file changes.
///
/// ```
/// use iam_policy::{include_policy, Policy, Request};
/// // The path is relative to the `Cargo.toml` of the crate that uses the macro.
/// static READ_ONLY: Policy = include_policy!("examples/policies/cloudtrail_read_only.json");
/// assert!(READ_ONLY.evaluate(&Request::new("cloudtrail:DescribeTrails", "*")).is_allowed());
///
/// // Warnings are silenced per policy as in `policy!`:
/// static FULL_ACCESS: Policy = include_policy!(
///     #[allow(PASS_ROLE_WITH_STAR_IN_RESOURCE)] "examples/policies/cloudtrail_full_access.json"
/// );
/// assert!(FULL_ACCESS.evaluate(&Request::new("cloudtrail:StopLogging", "*")).is_allowed());
/// ```
#[macro_export]
macro_rules! include_policy {
    ($(#[$allow:meta])* $path:literal) => {
        $crate::__private::macros::include_policy! { $crate; identity; $(#[$allow])* $path }
    };
}

/// An action name checked against the service catalog at compile time, as a constant
/// [`Action`] for guard calls: a typo is a compile error with a fix, never a request that
/// silently matches nothing.
///
/// ```
/// use iam_policy::{action, policy, Action, Policy, Request};
/// const STOP_LOGGING: Action<'static> = action!("cloudtrail:StopLogging");
/// static DENY_STOP: Policy = policy!({
///     "Version": "2012-10-17",
///     "Statement": [{ "Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*" }]
/// });
/// assert!(matches!(DENY_STOP.evaluate(&Request::new(STOP_LOGGING, "*")), iam_policy::Decision::ExplicitDeny(_)));
/// ```
///
/// The application's own actions are declared in `policy-catalog.json` next to `Cargo.toml`.
///
/// ```compile_fail
/// let typo = iam_policy::action!("cloudtrail:StopLoging"); // did you mean `cloudtrail:StopLogging`?
/// ```
#[macro_export]
macro_rules! action {
    ($name:literal) => {
        $crate::__private::macros::action! { $crate; $name }
    };
}

/// The [`Options`] of policies loaded at run time in this crate: an identity policy checked
/// against AWS's catalog and the crate's own `policy-catalog.json` (next to its `Cargo.toml`),
/// the file `policy!`, `include_policy!` and `action!` check against. The file is checked and
/// embedded at compile time (a missing or malformed file is a compile error) and read once,
/// on first use; editing it rebuilds the crate.
///
/// ```
/// use iam_policy::{app_options, LoadedPolicy, PolicyKind, Request};
/// // `myapp:` is declared in this crate's policy-catalog.json.
/// let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
///     "Action": "myapp:GetInvoice", "Resource": "arn:myapp:invoices::111122223333:invoice/*"}}"#;
/// let policy = LoadedPolicy::from_json_with(text, &app_options!()).unwrap();
/// let invoice = "arn:myapp:invoices::111122223333:invoice/7";
/// assert!(policy.evaluate(&Request::new("myapp:GetInvoice", invoice)).is_allowed());
///
/// // AWS's catalog alone does not know the service.
/// assert!(LoadedPolicy::from_json(text).is_err());
/// // Other options combine with it.
/// let resource_policy = app_options!().with_kind(PolicyKind::Resource);
/// ```
#[cfg(feature = "loader")]
#[macro_export]
macro_rules! app_options {
    () => {
        $crate::__private::macros::app_options! { $crate }
    };
}

/// Generated code reaches the runtime through this path. Not a public API.
#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "loader")]
    pub use crate::embedded::EmbeddedCatalog;
    pub use iam_policy_core as core;
    pub use iam_policy_macros as macros;
}
