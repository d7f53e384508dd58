//! The checker of [`policy`](https://docs.rs/iam-policy): one library behind `policy!`, the
//! run-time loader and the `policy` command-line tool.
//!
//! It reads JSON (as text, or as tokens from the macro) keeping every value's location, checks
//! it against the IAM policy grammar and the service catalog, reports every finding with a
//! stable code and a fix where one exists, and lowers a clean document to the evaluator tables
//! of `iam-policy-core`.
//!
//! ```
//! let checked = iam_policy_check::check_text(r#"{
//!     "Version": "2012-10-17",
//!     "Statement": {"Effect": "allow", "Action": "cloudtrial:StopLogging", "Resource": "*"}
//! }"#, &Default::default());
//! let codes: Vec<_> = checked.diagnostics.iter().map(|d| d.code).collect();
//! assert_eq!(codes, ["INVALID_EFFECT", "INVALID_SERVICE_IN_ACTION"]);
//! assert!(checked.tables.is_none());
//! ```
//!
//! This crate is the engine of the `iam-policy` crate; its API follows `policy`'s version exactly.

pub mod catalog;
mod codegen;
pub mod condition;
pub mod control;
pub mod diagnostic;
pub mod document;
pub mod json;
pub mod levels;
pub mod lexer;
mod limits;
pub mod lint;
mod loaded;
pub mod lower;
pub mod operator;
pub mod principal;
pub mod quota;
#[cfg(feature = "serde")]
mod serde_io;
pub mod service_checks;
pub mod suggest;
mod swar;
mod tables;
pub mod template;
mod trust;
pub mod values;
mod well_known;

mod action;
mod arn;

pub use diagnostic::{Diagnostic, Fix, Loc, Severity};
pub use limits::Limits;
pub use loaded::{Diagnostics, LineColumn, LoadedPolicy};
pub use quota::SizeQuota;
pub use tables::Tables;

use document::{Checker, Document};
use json::Token;

/// Which kind of policy a document is; it changes the checks and the evaluation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PolicyKind {
    /// Attached to a user, group or role: no `Principal`; `Resource` required.
    #[default]
    Identity,
    /// Attached to a resource (bucket, key, queue): `Principal` required.
    Resource,
    /// A role's trust policy: `Principal` required, no `Resource`, `sts:` actions only, and the
    /// rules IAM applies to who may assume the role.
    Trust,
    /// A service control policy of AWS Organizations: no `Principal`; actions take a `*`
    /// only at their end; 5,120 characters at most.
    Scp,
    /// A resource control policy of AWS Organizations: `Deny` only, `"Principal": "*"` only,
    /// no `NotAction`, actions of the services RCPs support; 5,120 characters at most.
    Rcp,
    /// A permissions boundary: the grammar of an identity policy.
    Boundary,
    /// A session policy passed when a session is created: the grammar of an identity policy.
    Session,
}

impl PolicyKind {
    /// Every kind, in declaration order.
    pub const ALL: [PolicyKind; 7] = [
        PolicyKind::Identity,
        PolicyKind::Resource,
        PolicyKind::Trust,
        PolicyKind::Scp,
        PolicyKind::Rcp,
        PolicyKind::Boundary,
        PolicyKind::Session,
    ];

    /// The kind's name on the command line: `identity`, `resource`, `trust`, `scp`, `rcp`,
    /// `boundary`, `session`.
    pub const fn as_str(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity",
            PolicyKind::Resource => "resource",
            PolicyKind::Trust => "trust",
            PolicyKind::Scp => "scp",
            PolicyKind::Rcp => "rcp",
            PolicyKind::Boundary => "boundary",
            PolicyKind::Session => "session",
        }
    }

    /// The kind named `name` (see [`PolicyKind::as_str`]).
    ///
    /// ```
    /// use iam_policy_check::PolicyKind;
    /// assert_eq!(PolicyKind::parse("scp"), Some(PolicyKind::Scp));
    /// assert_eq!(PolicyKind::parse("bucket"), None);
    /// ```
    pub fn parse(name: &str) -> Option<PolicyKind> {
        PolicyKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }

    /// Whether its statements name principals (`Principal` required): resource-based
    /// policies, role trust policies and resource control policies.
    pub const fn names_principals(self) -> bool {
        matches!(
            self,
            PolicyKind::Resource | PolicyKind::Trust | PolicyKind::Rcp
        )
    }

    /// Whether it is attached to an identity, with the identity policy's grammar: identity
    /// policies, permissions boundaries and session policies.
    pub const fn is_identity_grammar(self) -> bool {
        matches!(
            self,
            PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::Session
        )
    }
}

/// How to check a document.
///
/// Built from [`Options::default`] (an identity policy, the default limits and quota, AWS's
/// catalog only) with the `with_…` methods; new options will be added.
///
/// ```
/// use iam_policy_check::{Limits, Options, PolicyKind};
/// let mut limits = Limits::default();
/// limits.max_document_bytes = 4096;
/// let options = Options::default().with_kind(PolicyKind::Resource).with_limits(limits);
/// assert_eq!(options.limits.max_document_bytes, 4096);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The policy kind.
    pub kind: PolicyKind,
    /// Hard limits on the input.
    pub limits: Limits,
    /// Which of IAM's size quotas to warn about (a managed policy's, by default).
    pub quota: SizeQuota,
    /// The application's own services (`policy-catalog.json`), checked besides AWS's.
    pub catalog: Option<catalog::CustomCatalog>,
    /// The levels set for finding codes and groups (the registry's defaults where unset).
    pub levels: levels::LintLevels,
    /// Accept [`PLACEHOLDER`] for values a template fills in at deployment. A document that
    /// holds placeholders is checked but not lowered (`Checked::tables` is `None`).
    pub placeholders: bool,
}

/// Stands for a value a template fills in at deployment (CloudFormation's `!Ref Bucket`,
/// `${AWS::AccountId}` in `!Sub`), when [`Options::placeholders`] is set. A value that starts
/// with it is accepted wherever a resource or principal goes; inside an ARN it makes its field
/// unknown (any partition, region or account; `*` for the catalog's resource types); a
/// condition value holding it is accepted for any operator.
pub const PLACEHOLDER: char = '\u{FFFC}';

/// Whether `text` holds a placeholder that `options` accepts.
pub(crate) fn has_placeholder(text: &str, options: &Options) -> bool {
    options.placeholders && text.contains(PLACEHOLDER)
}

impl Options {
    /// The options with `kind` as the policy kind.
    pub fn with_kind(mut self, kind: PolicyKind) -> Self {
        self.kind = kind;
        self
    }

    /// The options with `limits` as the hard limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The options with `quota` as the size quota warned about.
    pub fn with_quota(mut self, quota: SizeQuota) -> Self {
        self.quota = quota;
        self
    }

    /// The options with the application's own services (`policy-catalog.json`) checked besides
    /// AWS's.
    pub fn with_catalog(mut self, catalog: catalog::CustomCatalog) -> Self {
        self.catalog = Some(catalog);
        self
    }

    /// The options with `levels` as the levels of finding codes and groups.
    pub fn with_levels(mut self, levels: levels::LintLevels) -> Self {
        self.levels = levels;
        self
    }

    /// The options accepting (or not) [`PLACEHOLDER`] for values a template fills in.
    pub fn with_placeholders(mut self, placeholders: bool) -> Self {
        self.placeholders = placeholders;
        self
    }
}

/// The outcome of a check.
#[derive(Clone, Debug)]
pub struct Checked {
    /// Every finding the levels show, in document order, with the severity of its level.
    pub diagnostics: Vec<Diagnostic>,
    /// The findings the levels allow (not shown), in document order.
    pub allowed: Vec<Diagnostic>,
    /// The typed document, when it could be read.
    pub document: Option<Document>,
    /// The evaluator tables, when there is no error.
    pub tables: Option<Tables>,
}

impl Checked {
    /// The outcome of a document that could not be read: one hard error.
    fn failed(error: Diagnostic) -> Checked {
        Checked {
            diagnostics: vec![error],
            allowed: Vec::new(),
            document: None,
            tables: None,
        }
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Checks JSON text; locations are byte offsets.
pub fn check_text(text: &str, options: &Options) -> Checked {
    let end = Loc::new(text.len() as u32, text.len() as u32);
    match lexer::tokenize(text, &options.limits) {
        Ok(tokens) => check_tokens(&tokens, end, options),
        Err(error) => Checked::failed(error),
    }
}

/// Checks a document given as JSON tokens; `end` is where the input ends.
pub fn check_tokens(tokens: &[Token], end: Loc, options: &Options) -> Checked {
    let parsed = limits::check_tokens(tokens, &options.limits)
        .and_then(|()| json::parse(tokens, end, &options.limits))
        .and_then(|root| limits::check_statements(&root, &options.limits).map(|()| root));
    let root = match parsed {
        Ok(root) => root,
        Err(error) => return Checked::failed(error),
    };
    let mut checker = Checker::new(options);
    characters(&root, &mut checker);
    let document = document::read(&root, &mut checker);
    if let Some(document) = &document {
        service_checks::document(document, &mut checker);
        if options.kind == PolicyKind::Trust {
            trust::document(document, &mut checker);
        }
    }
    let mut diagnostics = checker.diagnostics;
    diagnostics.extend(quota::check(tokens, options));
    diagnostics.sort_by_key(|d| d.loc.start);
    let (mut diagnostics, allowed) = options.levels.apply(diagnostics);
    let tables = match &document {
        Some(document)
            if !diagnostics.iter().any(Diagnostic::is_error) && !options.placeholders =>
        {
            match lower::lower(document) {
                Ok(tables) => Some(tables),
                Err(error) => {
                    diagnostics.push(error);
                    None
                }
            }
        }
        Some(_) => None,
        // Fail closed: a document the checker could not keep must never pass as an empty
        // policy because the findings that dropped it were allowed.
        None if !diagnostics.iter().any(Diagnostic::is_error) => {
            diagnostics.push(Diagnostic::new(
                lint::UNSUPPORTED_BY_EVALUATOR,
                end,
                "the document could not be read although no error is shown: a level setting allowed a finding the checker cannot set aside",
            ));
            None
        }
        None => None,
    };
    Checked {
        diagnostics,
        allowed,
        document,
        tables,
    }
}

/// IAM accepts only tab, line feed, carriage return and U+0020 to U+00FF in a document.
fn characters(node: &json::Node, checker: &mut Checker<'_>) {
    fn check(text: &str, loc: Loc, checker: &mut Checker<'_>) {
        // Printable ASCII, the usual text, is accepted without decoding characters.
        if swar::none(text.as_bytes(), |w| swar::below(w, 0x20) | swar::high(w)) {
            return;
        }
        let placeholders = checker.options.placeholders;
        let accepted = |c: char| {
            matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}')
                || (placeholders && c == PLACEHOLDER)
        };
        if let Some(bad) = text.chars().find(|c| !accepted(*c)) {
            let error = Diagnostic::new(
                lint::INVALID_CHARACTER,
                loc,
                format!(
                    "`{}` contains the character `{}` (U+{:04X}): IAM accepts only tab, line breaks and U+0020 to U+00FF",
                    json::shorten(text),
                    bad,
                    bad as u32
                ),
            );
            checker.report(match suggest::ascii_lookalike(bad) {
                Some(ascii) => error.with_help(format!("write `{ascii}` instead of `{bad}`")),
                None => error,
            });
        }
    }
    match &node.value {
        json::Value::String(s) => check(s, node.loc, checker),
        json::Value::Array(items) => items.iter().for_each(|i| characters(i, checker)),
        json::Value::Object(members) => {
            for member in members {
                check(&member.key, member.key_loc, checker);
                characters(&member.value, checker);
            }
        }
        _ => {}
    }
}
