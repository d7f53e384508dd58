//! `include_policy!("policies/read_only.json")`: a policy file checked at compile time.

use std::path::PathBuf;

use iam_policy_check::LineColumn;
use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

use crate::expand::{error_at, finish, report, Invocation};

/// Expands `include_policy!`: reads the file, checks it, and tracks it so that the build reruns
/// when it changes.
pub fn expand_include(invocation: &Invocation) -> TokenStream {
    let path = match syn::parse2::<syn::LitStr>(invocation.input.clone()) {
        Ok(path) => path,
        Err(_) => {
            let error = error_at(Span::call_site(), "expected the path of a JSON policy file, relative to the crate's `Cargo.toml`: `include_policy!(\"policies/read_only.json\")`");
            return finish(invocation, error, None);
        }
    };
    let span = path.span();
    let relative = path.value();
    let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        return finish(
            invocation,
            error_at(span, "`CARGO_MANIFEST_DIR` is not set: build with cargo"),
            None,
        );
    };
    let full = PathBuf::from(manifest_dir).join(&relative);
    let text = match std::fs::read(&full) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let message = format!(
                    "`{relative}` is not UTF-8 text (invalid byte at offset {})",
                    error.utf8_error().valid_up_to()
                );
                return finish(invocation, error_at(span, &message), None);
            }
        },
        Err(error) => {
            let message = format!("cannot read `{}`: {error}", full.display());
            return finish(invocation, error_at(span, &message), None);
        }
    };
    let (options, crate_tracking) = invocation.options();
    let mut checked = iam_policy_check::check_text(&text, &options);
    crate::expand::add_lints(&mut checked, &options, &invocation.levels);
    let full_text = full.to_string_lossy().into_owned();
    // Tracks the file: cargo reruns the build when it changes.
    let mut findings = quote_spanned!(span=> const _: &[u8] = ::core::include_bytes!(#full_text););
    findings.extend(crate_tracking);
    findings.extend(invocation.unused_allows(&checked));
    for diagnostic in &checked.diagnostics {
        let at = LineColumn::of(&text, diagnostic.loc.start as usize);
        let mut located = diagnostic.clone();
        located.message = format!(
            "{relative}:{}:{}: {}",
            at.line, at.column, diagnostic.message
        );
        findings.extend(report(&located, span, span));
    }
    finish(invocation, findings, checked.tables.as_ref())
}
