//! `action!("cloudtrail:StopLogging")`: an action name checked against the service catalog at
//! compile time, as a constant `Action` for guard calls.

use iam_policy_check::PolicyKind;
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};

use crate::expand::{error_at, report};

/// Expands `$crate; "prefix:Name"`.
pub fn expand_action(input: TokenStream) -> TokenStream {
    let mut trees = input.into_iter();
    let mut krate = TokenStream::new();
    for tree in trees.by_ref() {
        if matches!(&tree, TokenTree::Punct(p) if p.as_char() == ';') {
            break;
        }
        krate.extend([tree]);
    }
    let rest: TokenStream = trees.collect();
    let action = quote!(#krate::__private::core::Action);
    let literal = match syn::parse2::<syn::LitStr>(rest) {
        Ok(literal) => literal,
        Err(_) => {
            let error = error_at(
                Span::call_site(),
                "expected an action name in a string: `action!(\"cloudtrail:StopLogging\")`",
            );
            return quote!({ #error #action::new("") });
        }
    };
    let span = literal.span();
    let (options, track) = crate::crate_files::options(PolicyKind::Identity);
    match iam_policy_check::service_checks::request_action(&literal.value(), &options) {
        Ok(checked) => {
            let name = checked.name;
            let warning = checked.warning.map(|finding| report(&finding, span, span));
            quote_spanned!(span=> {
                #track
                #warning
                const ACTION: #action<'static> = #action::new(#name);
                ACTION
            })
        }
        Err(diagnostic) => {
            let error = report(&diagnostic, span, span);
            quote!({ #track #error #action::new("") })
        }
    }
}
