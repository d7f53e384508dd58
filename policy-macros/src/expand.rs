//! From a `policy!` invocation to its expansion: tokens in, checker, tables or errors out.

use iam_policy_check::lint::Level;
use iam_policy_check::{Checked, Diagnostic, Options, PolicyKind, Severity};
use proc_macro2::{Delimiter, Group, Ident, Literal, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};

use crate::tokens::Tokens;

/// The path under which generated code names the runtime crate.
const RUNTIME: &str = "__policy_runtime";

/// What the facade's `macro_rules!` passes: `$crate; kind; input`.
pub struct Invocation {
    /// `$crate` of the facade.
    pub krate: TokenStream,
    /// `identity` or `resource`.
    pub kind: PolicyKind,
    /// The rest: the JSON document, or the path literal of `include_policy!`.
    pub input: TokenStream,
    /// The levels the invocation sets: `#[allow(CODE, …)]`, `#[warn(…)]`, `#[deny(…)]` before
    /// the document.
    pub levels: Vec<crate::levels::LevelSetting>,
    /// `#[deny_access(…)]`: access the policy must not allow, proved at build time.
    pub deny_access: Vec<crate::deny_access::Assertion>,
}

impl Invocation {
    /// Splits the facade's protocol; an error names the problem at the call site.
    pub fn parse(stream: TokenStream) -> Result<Invocation, TokenStream> {
        let mut trees = stream.into_iter();
        let mut krate = TokenStream::new();
        for tree in trees.by_ref() {
            if matches!(&tree, TokenTree::Punct(p) if p.as_char() == ';') {
                break;
            }
            krate.extend([tree]);
        }
        let kind = match trees.next() {
            Some(TokenTree::Ident(ident)) => match PolicyKind::parse(&ident.to_string()) {
                Some(kind) => kind,
                None => return Err(error_at(
                    Span::call_site(),
                    "use the macros of the `iam-policy` crate, not `iam-policy-macros` directly",
                )),
            },
            _ => {
                return Err(error_at(
                    Span::call_site(),
                    "use the macros of the `iam-policy` crate, not `iam-policy-macros` directly",
                ))
            }
        };
        match trees.next() {
            Some(TokenTree::Punct(p)) if p.as_char() == ';' => {}
            _ => {
                return Err(error_at(
                    Span::call_site(),
                    "use the macros of the `iam-policy` crate, not `iam-policy-macros` directly",
                ))
            }
        }
        let rest: Vec<TokenTree> = trees.collect();
        let (deny_access, rest) = crate::deny_access::take(&rest)?;
        let (levels, input) = crate::levels::parse(&rest)?;
        Ok(Invocation {
            krate,
            kind,
            input: input.iter().cloned().collect(),
            levels,
            deny_access,
        })
    }

    /// The options of this invocation's check: the crate's catalog and lint table, then the
    /// invocation's own levels; and the tokens that track the crate's files and warn about
    /// levels that cannot be set.
    pub fn options(&self) -> (Options, TokenStream) {
        let (mut options, mut tokens) = crate::crate_files::options(self.kind);
        tokens.extend(crate::levels::apply(&self.levels, &mut options.levels));
        (options, tokens)
    }

    /// A warning for each code an `allow` of the invocation names that silenced nothing.
    pub fn unused_allows(&self, checked: &Checked) -> TokenStream {
        crate::levels::unused(&self.levels, checked)
    }

    /// The `use` line that names the runtime inside the expansion.
    fn runtime(&self) -> TokenStream {
        let krate = &self.krate;
        let runtime = Ident::new(RUNTIME, Span::call_site());
        quote!(use #krate::__private::core as #runtime;)
    }
}

/// Expands `policy!`: the document's tables, or its errors and an empty policy.
pub fn expand_policy(invocation: &Invocation) -> TokenStream {
    let tokens = Tokens::from_stream(invocation.input.clone());
    if tokens.tokens.is_empty() {
        return finish(invocation, error_at(Span::call_site(), "expected a JSON policy document: `policy!({ \"Version\": \"2012-10-17\", \"Statement\": [...] })`"), None);
    }
    let (options, mut findings) = invocation.options();
    let mut checked = iam_policy_check::check_tokens(&tokens.tokens, tokens.end(), &options);
    add_lints(&mut checked, &options, &invocation.levels);
    for diagnostic in &checked.diagnostics {
        let (start, end) = tokens.spans(diagnostic.loc);
        findings.extend(report(diagnostic, start, end));
    }
    findings.extend(invocation.unused_allows(&checked));
    finish(invocation, findings, checked.tables.as_ref())
}

/// Adds the analysis's redundancy findings that a build shows (a warning or an error) or that
/// the invocation's own attributes allow (so that such an `allow` counts as used); by default
/// nothing is analysed.
pub fn add_lints(
    checked: &mut Checked,
    options: &Options,
    settings: &[crate::levels::LevelSetting],
) {
    let mut codes = iam_policy_analyze::lints::wanted(&options.levels, Level::Warn);
    for code in iam_policy_analyze::lints::CODES {
        let allowed_here = settings.iter().any(|setting| {
            setting.level == Level::Allow
                && iam_policy_check::levels::Selector::parse(&setting.name)
                    .is_ok_and(|selector| selector.covers(code))
        });
        if allowed_here && !codes.contains(&code) {
            codes.push(code);
        }
    }
    iam_policy_analyze::add_lints(checked, options, &codes);
}

/// The block every expansion is: runtime path, findings, and the tables (or an empty policy).
pub fn finish(
    invocation: &Invocation,
    findings: TokenStream,
    tables: Option<&iam_policy_check::Tables>,
) -> TokenStream {
    let runtime_use = invocation.runtime();
    let runtime = Ident::new(RUNTIME, Span::call_site());
    let mut findings = findings;
    if let Some(tables) = tables {
        findings.extend(crate::deny_access::check(
            &invocation.deny_access,
            &tables.as_policy(),
        ));
    }
    let value = match tables.map(|t| t.to_rust(RUNTIME).parse::<TokenStream>()) {
        Some(Ok(value)) => value,
        Some(Err(_)) => {
            let error = error_at(
                Span::call_site(),
                "internal error: the policy tables did not form valid Rust; please report this",
            );
            quote!({ #error #runtime::Policy::EMPTY })
        }
        None => quote!(#runtime::Policy::EMPTY),
    };
    quote!({
        #runtime_use
        #findings
        #value
    })
}

/// One finding as a compile error (errors) or a deprecation warning (warnings).
pub fn report(diagnostic: &Diagnostic, start: Span, end: Span) -> TokenStream {
    let mut message = format!("{} [{}]", diagnostic.message, diagnostic.code);
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    if let Some(note) = &diagnostic.note {
        message.push_str("\nnote: ");
        message.push_str(note);
    }
    match diagnostic.severity {
        Severity::Error => error_between(start, end, &message),
        Severity::SecurityWarning | Severity::Warning => warning(start, &message),
        Severity::Suggestion => TokenStream::new(),
    }
}

/// A `compile_error!` covering `start` to `end` (the path carries the first span and the
/// message the last, so rustc underlines the whole range).
pub fn error_between(start: Span, end: Span, message: &str) -> TokenStream {
    let path = quote_spanned!(start=> ::core::compile_error!);
    let mut literal = Literal::string(message);
    literal.set_span(end);
    let mut group = Group::new(Delimiter::Brace, TokenTree::Literal(literal).into());
    group.set_span(end);
    quote!(#path #group)
}

/// A `compile_error!` at one span.
pub fn error_at(span: Span, message: &str) -> TokenStream {
    error_between(span, span, message)
}

/// A warning on stable Rust: the use of a deprecated constant, at the offending token.
pub fn warning(span: Span, message: &str) -> TokenStream {
    let name = Ident::new("policy_warning", span);
    let note = format!("\n{message}");
    quote_spanned!(span=>
        const _: () = {
            #[deprecated(note = #note)]
            #[allow(non_upper_case_globals)]
            const #name: () = ();
            #name
        };
    )
}
