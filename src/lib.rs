//! AWS IAM JSON policies as part of the program: checked at compile time, evaluated from const
//! tables with IAM's exact semantics.
//!
//! ```
//! use policy::{policy, Decision, Policy, PolicySet, Request};
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
//! static P: policy::Policy = policy::policy!({
//!     "Version": "2012-10-17",
//!     "Statement": [{ "Effect": "allow", "Action": "cloudtrail:StopLogging", "Resource": "*" }]
//! });
//! ```
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "loader")]
extern crate std;

pub use policy_core::{
    AccessDenied, Action, Context, ContextValue, Decision, DenyCause, Effect, Policy, PolicySet,
    Principal, Request, StatementRef, Version,
};

/// Exact access analysis of static and loaded policies (feature `analyze`): see
/// [`analyze::Analyzer`].
#[cfg(feature = "analyze")]
pub mod analyze {
    pub use policy_analyze::*;
}

#[cfg(feature = "loader")]
pub use policy_check::{
    levels, lint, Diagnostic, Diagnostics, Limits, LineColumn, LoadedPolicy, Options, PolicyKind,
    Severity,
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
/// use policy::{policy, Policy};
/// static DEPLOYER: Policy = policy!(#[allow(PASS_ROLE_WITH_STAR_IN_RESOURCE)] {
///     "Version": "2012-10-17",
///     "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }]
/// });
/// ```
///
/// ```
/// use policy::{policy, Policy, Request};
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
/// use policy::{resource_policy, Policy, Principal, Request};
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
/// static BUCKET: policy::Policy = policy::resource_policy!({
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

/// Checks a role's trust policy at compile time and expands to a constant [`Policy`], like
/// [`resource_policy!`], with IAM's rules for trust policies: no `Resource` or `NotPrincipal`,
/// `sts:` actions only, the action that fits each federated provider, the audience and
/// subject conditions of OpenID Connect providers (GitHub's included), and a warning when
/// anyone may assume the role.
///
/// ```
/// use policy::{trust_policy, Policy, Principal, Request};
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
/// static ROLE: policy::Policy = policy::trust_policy!({
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
/// use policy::{include_policy, Policy, Request};
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
/// use policy::{action, policy, Action, Policy, Request};
/// const STOP_LOGGING: Action<'static> = action!("cloudtrail:StopLogging");
/// static DENY_STOP: Policy = policy!({
///     "Version": "2012-10-17",
///     "Statement": [{ "Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*" }]
/// });
/// assert!(matches!(DENY_STOP.evaluate(&Request::new(STOP_LOGGING, "*")), policy::Decision::ExplicitDeny(_)));
/// ```
///
/// The application's own actions are declared in `policy-catalog.json` next to `Cargo.toml`.
///
/// ```compile_fail
/// let typo = policy::action!("cloudtrail:StopLoging"); // did you mean `cloudtrail:StopLogging`?
/// ```
#[macro_export]
macro_rules! action {
    ($name:literal) => {
        $crate::__private::macros::action! { $crate; $name }
    };
}

/// Generated code reaches the runtime through this path. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use policy_core as core;
    pub use policy_macros as macros;
}
