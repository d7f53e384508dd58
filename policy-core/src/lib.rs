//! The runtime of [`policy`](https://docs.rs/iam-policy): IAM policy evaluation over tables.
//!
//! A [`Policy`] is a set of const tables (built by `policy!` at compile time, or by the
//! run-time loader); [`PolicySet`] decides a [`Request`] with IAM's rules: an explicit deny in
//! any statement wins, else an allow, else the default implicit deny.
//!
//! The crate is `no_std`, has no dependencies, and never allocates or panics while evaluating.
//! Its one feature, `alloc`, adds `OwnedAccessDenied` (the `'static` form of a refused guard
//! call's error), built only when a refused call is turned into it.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;

mod chain;
mod condition;
mod decision;
mod eval;
mod explain;
mod glob;
mod name_hash;
mod operand;
#[cfg(feature = "alloc")]
mod owned;
mod parts;
mod principal;
mod request;
mod set;
mod table;
mod value;
mod words;

pub use chain::{
    principal_account, resource_account, resource_policy_required, Chain, ChainDecision,
    ChainExplain, Layer, LayerReport, LayerStatus, PrincipalKind, RCP_FULL_AWS_ACCESS,
};
pub use decision::{AccessDenied, Decision, DenyCause, StatementRef};
pub use explain::{Explain, StatementExplanation};
#[cfg(feature = "alloc")]
pub use owned::OwnedAccessDenied;
pub use request::{Action, Context, ContextValue, Principal, Request};
pub use set::{authorize_each, evaluate_each, PolicySet};
pub use table::{Effect, Policy, Version};

/// The table records that generated code and the loader build. Not a stable API.
#[doc(hidden)]
pub mod tables {
    pub use crate::name_hash::name_hash;
    pub use crate::parts::StatementParts;
    pub use crate::table::{
        compact, filter_bit, Condition, ConditionValue, ExactName, Operator, Pattern, PatternKind,
        Piece, Polarity, PolicyTables, PrincipalPattern, Qualifier, ResourcePattern, Run, Service,
        ServiceStatement, Shortcut, Statement, Str, Traits,
    };
    pub use crate::value::{parse_date, parse_decimal};
}
