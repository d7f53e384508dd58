//! Procedural macros of the [`policy`](https://docs.rs/iam-policy) crate.
//!
//! Use them through `policy` (`iam_policy::policy!`, `iam_policy::include_policy!`): the facade passes
//! its own path so that generated code names runtime items that exist. This crate holds no
//! checks of its own; it turns Rust tokens into the checker's JSON tokens, findings into
//! compile errors at the offending token, and a clean policy into const tables.

mod action;
mod crate_files;
mod deny_access;
mod expand;
mod include;
mod levels;
mod tokens;

#[cfg(test)]
mod differential_tests;
#[cfg(test)]
mod front_end_tests;
#[cfg(test)]
mod hostile_tests;

use proc_macro::TokenStream;

/// Checks a JSON policy document at compile time and expands to its tables.
#[proc_macro]
pub fn policy(input: TokenStream) -> TokenStream {
    match expand::Invocation::parse(input.into()) {
        Ok(invocation) => expand::expand_policy(&invocation).into(),
        Err(error) => error.into(),
    }
}

/// Reads a JSON policy file (relative to the crate's manifest directory), checks it at compile
/// time and expands to its tables.
#[proc_macro]
pub fn include_policy(input: TokenStream) -> TokenStream {
    match expand::Invocation::parse(input.into()) {
        Ok(invocation) => include::expand_include(&invocation).into(),
        Err(error) => error.into(),
    }
}

/// Checks an action name against the service catalog at compile time and expands to a constant
/// `Action`; use it through `iam_policy::action!`.
#[proc_macro]
pub fn action(input: TokenStream) -> TokenStream {
    action::expand_action(input.into()).into()
}

/// Embeds the crate's `policy-catalog.json` (checked at compile time) in the `Options` of
/// policies loaded at run time; use it through `iam_policy::app_options!`.
#[proc_macro]
pub fn app_options(input: TokenStream) -> TokenStream {
    crate_files::embed_catalog(input.into()).into()
}
