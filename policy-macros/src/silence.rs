//! `#[allow(CODE, …)]` before a policy document: the warnings one invocation silences.
//!
//! ```text
//! static DEPLOYER: Policy = policy!(#[allow(PASS_ROLE_WITH_STAR_IN_RESOURCE)] { … });
//! ```
//!
//! Rust's attribute syntax cannot be mistaken for JSON, names the findings by their stable
//! codes, and stays visible at the policy. Errors cannot be silenced; a code that silences
//! nothing is itself a warning, so stale or misspelt codes do not linger.

use policy_check::{Diagnostic, Severity};
use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};

use crate::expand::{error_at, warning};

const USAGE: &str = "expected `#[allow(CODE, …)]` before the policy, with finding codes such as `PASS_ROLE_WITH_STAR_IN_RESOURCE`";

/// Finding codes as written, with their spans.
pub type Codes = Vec<(String, Span)>;

/// The silenced codes with their spans, and the tokens after the attributes.
pub fn parse(trees: &[TokenTree]) -> Result<(Codes, &[TokenTree]), TokenStream> {
    let mut allowed = Vec::new();
    let mut rest = trees;
    while let [TokenTree::Punct(hash), next, tail @ ..] = rest {
        if hash.as_char() != '#' {
            break;
        }
        let TokenTree::Group(attribute) = next else {
            return Err(error_at(hash.span(), USAGE));
        };
        if attribute.delimiter() != Delimiter::Bracket {
            return Err(error_at(attribute.span(), USAGE));
        }
        let mut inner: Vec<TokenTree> = attribute.stream().into_iter().collect();
        // A `meta` fragment passed on by `macro_rules!` arrives in an invisible group.
        if let [TokenTree::Group(group)] = inner.as_slice() {
            if group.delimiter() == Delimiter::None {
                inner = group.stream().into_iter().collect();
            }
        }
        let codes = match inner.as_slice() {
            [TokenTree::Ident(name), TokenTree::Group(list)]
                if name == "allow" && list.delimiter() == Delimiter::Parenthesis =>
            {
                list.stream()
            }
            [first, ..] => return Err(error_at(first.span(), USAGE)),
            [] => return Err(error_at(attribute.span(), USAGE)),
        };
        let mut expect_code = true;
        for tree in codes {
            match tree {
                TokenTree::Ident(code) if expect_code && is_code(&code.to_string()) => {
                    allowed.push((code.to_string(), code.span()));
                    expect_code = false;
                }
                TokenTree::Punct(comma) if !expect_code && comma.as_char() == ',' => {
                    expect_code = true;
                }
                other => {
                    return Err(error_at(
                        other.span(),
                        "expected a finding code in SCREAMING_SNAKE_CASE, such as `PASS_ROLE_WITH_STAR_IN_RESOURCE`",
                    ))
                }
            }
        }
        rest = tail;
    }
    Ok((allowed, rest))
}

fn is_code(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// A warning for each silenced code that matched no warning of `diagnostics`.
pub fn unused(allowed: &[(String, Span)], diagnostics: &[Diagnostic]) -> TokenStream {
    let mut out = TokenStream::new();
    for (code, span) in allowed {
        let matching = diagnostics.iter().filter(|d| d.code == code);
        let (mut errors, mut others) = (0, 0);
        for d in matching {
            if d.severity == Severity::Error {
                errors += 1;
            } else {
                others += 1;
            }
        }
        if others > 0 {
            continue;
        }
        let warnings = diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Error)
            .map(|d| d.code);
        let message = if errors > 0 {
            format!("`{code}` is an error: errors cannot be silenced [UNUSED_ALLOW]")
        } else if let Some(fix) = policy_check::suggest::closest(code, warnings) {
            format!("`{code}` silences no finding of this policy [UNUSED_ALLOW]\nhelp: did you mean `{fix}`?")
        } else {
            format!("`{code}` silences no finding of this policy [UNUSED_ALLOW]\nhelp: remove it")
        };
        out.extend(warning(*span, &message));
    }
    out
}
