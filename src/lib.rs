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

#[cfg(feature = "loader")]
pub use policy_check::{
    Diagnostic, Diagnostics, LineColumn, LoadedPolicy, Options, PolicyKind, Severity,
};

/// Checks an identity policy (a JSON document pasted as is) at compile time and expands to a
/// constant [`Policy`].
///
/// Every mistake of the document is a compile error at the offending token, with a stable
/// code and a fix where one exists. Warnings (such as a missing `Version`) are shown as
/// deprecation warnings at the offending token.
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

/// Reads a JSON policy file at compile time (the path is relative to the crate's
/// `Cargo.toml`), checks it like [`policy!`] and expands to a constant [`Policy`]. The build
/// reruns when the file changes.
///
/// ```ignore
/// static READ_ONLY: policy::Policy = policy::include_policy!("policies/read_only.json");
/// ```
#[macro_export]
macro_rules! include_policy {
    ($path:literal) => {
        $crate::__private::macros::include_policy! { $crate; identity; $path }
    };
}

/// Generated code reaches the runtime through this path. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use policy_core as core;
    pub use policy_macros as macros;
}
