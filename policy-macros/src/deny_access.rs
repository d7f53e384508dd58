//! `#[deny_access(…)]` before a policy document: a build-time proof that the policy allows no
//! request for these actions (on these resources).
//!
//! ```text
//! static DEV: Policy = policy!(#[deny_access("iam:*")] { … });
//! static LOGS: Policy = policy!(
//!     #[deny_access("cloudtrail:StopLogging", resource = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default")]
//!     { … }
//! );
//! ```
//!
//! The analysis (`iam-policy-analyze`) decides the question over every request; when the policy
//! allows one, the build fails at the attribute with that request, which the evaluator has
//! decided again.

use iam_policy_analyze::Analyzer;
use iam_policy_core::Policy;
use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};

use crate::expand::error_at;

const USAGE: &str = "expected `#[deny_access(\"service:Action\", …)]`, action patterns as string literals, optionally followed by `resource = \"arn:…\"` entries";

/// One `#[deny_access(…)]` attribute.
#[derive(Clone, Debug)]
pub struct Assertion {
    actions: Vec<String>,
    resources: Vec<String>,
    span: Span,
}

/// Takes the `#[deny_access(…)]` attributes out of the attributes that start `trees`; the
/// other attributes and the document stay, in order.
pub fn take(trees: &[TokenTree]) -> Result<(Vec<Assertion>, Vec<TokenTree>), TokenStream> {
    let mut assertions = Vec::new();
    let mut kept = Vec::new();
    let mut rest = trees;
    while let [TokenTree::Punct(hash), TokenTree::Group(attribute), tail @ ..] = rest {
        if hash.as_char() != '#' || attribute.delimiter() != Delimiter::Bracket {
            break;
        }
        let mut inner: Vec<TokenTree> = attribute.stream().into_iter().collect();
        // A `meta` fragment passed on by `macro_rules!` arrives in an invisible group.
        if let [TokenTree::Group(group)] = inner.as_slice() {
            if group.delimiter() == Delimiter::None {
                inner = group.stream().into_iter().collect();
            }
        }
        match inner.as_slice() {
            [TokenTree::Ident(name), TokenTree::Group(list)]
                if name == "deny_access" && list.delimiter() == Delimiter::Parenthesis =>
            {
                assertions.push(arguments(list.stream(), attribute.span())?);
            }
            _ => kept.extend([rest[0].clone(), rest[1].clone()]),
        }
        rest = tail;
    }
    kept.extend(rest.iter().cloned());
    Ok((assertions, kept))
}

/// `"pattern", …, resource = "arn", …`.
fn arguments(stream: TokenStream, span: Span) -> Result<Assertion, TokenStream> {
    let trees: Vec<TokenTree> = stream.into_iter().collect();
    let mut assertion = Assertion {
        actions: Vec::new(),
        resources: Vec::new(),
        span,
    };
    for item in trees.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ',')) {
        match item {
            [] => {}
            [TokenTree::Literal(literal)] => assertion.actions.push(string(literal)?),
            [TokenTree::Ident(name), TokenTree::Punct(eq), TokenTree::Literal(literal)]
                if name == "resource" && eq.as_char() == '=' =>
            {
                assertion.resources.push(string(literal)?)
            }
            [first, ..] => return Err(error_at(first.span(), USAGE)),
        }
    }
    if assertion.actions.is_empty() {
        return Err(error_at(span, USAGE));
    }
    Ok(assertion)
}

/// The text of a plain string literal.
fn string(literal: &proc_macro2::Literal) -> Result<String, TokenStream> {
    let text = literal.to_string();
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) if !inner.contains('\\') => Ok(inner.to_string()),
        _ => Err(error_at(literal.span(), USAGE)),
    }
}

/// A compile error for each assertion the policy does not keep.
pub fn check(assertions: &[Assertion], policy: &Policy<'_>) -> TokenStream {
    let mut out = TokenStream::new();
    if assertions.is_empty() {
        return out;
    }
    let analyzer = Analyzer::new().max_counterexamples(1);
    for assertion in assertions {
        let actions: Vec<&str> = assertion.actions.iter().map(String::as_str).collect();
        let resources: Vec<&str> = assertion.resources.iter().map(String::as_str).collect();
        let message = match analyzer.access_not_granted(std::slice::from_ref(policy), &actions, &resources) {
            Ok(verdict) if verdict.is_pass() => continue,
            Ok(verdict) => match verdict.counterexamples.first() {
                Some(request) => format!(
                    "the policy allows `{}` on `{}`, which `deny_access` forbids\nhelp: the request, for `policy eval --policy FILE`: {request}",
                    request.action, request.resource,
                ),
                None => format!(
                    "`deny_access` could not be proved: {}",
                    verdict.reasons.join("; ")
                ),
            },
            Err(problems) => format!("`deny_access` names what no policy can: {problems}"),
        };
        out.extend(error_at(assertion.span, &message));
    }
    out
}
