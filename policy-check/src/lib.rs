//! The checker of [`policy`](https://docs.rs/policy): one library behind `policy!`, the
//! run-time loader and the `policy` command-line tool.
//!
//! It reads JSON (as text, or as tokens from the macro) keeping every value's location, checks
//! it against the IAM policy grammar and the service catalog, reports every finding with a
//! stable code and a fix where one exists, and lowers a clean document to the evaluator tables
//! of `policy-core`.
//!
//! ```
//! let checked = policy_check::check_text(r#"{
//!     "Version": "2012-10-17",
//!     "Statement": {"Effect": "allow", "Action": "cloudtrial:StopLogging", "Resource": "*"}
//! }"#, &Default::default());
//! let codes: Vec<_> = checked.diagnostics.iter().map(|d| d.code).collect();
//! assert_eq!(codes, ["INVALID_EFFECT", "INVALID_SERVICE_IN_ACTION"]);
//! assert!(checked.tables.is_none());
//! ```
//!
//! This crate is the engine of the `policy` crate; its API follows `policy`'s version exactly.

pub mod catalog;
mod codegen;
pub mod condition;
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
pub enum PolicyKind {
    /// Attached to a user, group or role: no `Principal`; `Resource` required.
    #[default]
    Identity,
    /// Attached to a resource (bucket, key, queue): `Principal` required.
    Resource,
    /// A role's trust policy: `Principal` required, no `Resource`, `sts:` actions only, and the
    /// rules IAM applies to who may assume the role.
    Trust,
}

/// How to check a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
