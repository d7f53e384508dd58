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

// The layers, from the bottom: findings (`diagnostic`, the registry `lint`, `levels`) and text
// helpers; `syntax` (JSON with locations, limits); `grammar` (tree → `Document`, structure
// only); `catalog` (AWS's and the application's names); `checks` (passes over what the grammar
// read); `lowering` (`Document` → tables → code). A module imports only from its own layer or
// the layers below it.
mod diagnostic;
mod kind;
pub mod levels;
pub mod lint;
#[doc(hidden)]
pub mod suggest;
mod swar;
pub(crate) use kind::has_placeholder;
pub use kind::{PolicyKind, PLACEHOLDER};

mod syntax;
pub use syntax::{json, lexer};

mod grammar;
// Value readers with examples of their own: not part of the API.
#[doc(hidden)]
pub use grammar::{operator, template, values};

pub mod catalog;

mod options;
pub use options::Options;

mod checks;
#[doc(hidden)]
pub use checks::quota;

mod lowering;
#[doc(hidden)]
pub use lowering::lower;

mod loaded;
#[cfg(feature = "serde")]
mod serde_io;

pub use checks::quota::SizeQuota;
pub use diagnostic::{Diagnostic, Fix, Loc, Severity};
pub use loaded::{Diagnostics, LineColumn, LoadedPolicy};
pub use lowering::tables::Tables;
pub use syntax::limits::Limits;

/// The typed document a check reads ([`Checked::document`]): statements and their elements,
/// each with where it was written.
pub mod document {
    pub use crate::grammar::condition::{ConditionBlock, Parsed};
    pub use crate::grammar::document::{Document, Patterns, Spanned, Statement};
    pub use crate::grammar::operator::{Family, OperatorName};
    pub use crate::grammar::principal::{PrincipalElement, PrincipalEntry};
    pub use crate::grammar::values::Network;
}

/// The action of a guard call (`action!`) checked against the catalogs.
#[doc(hidden)]
pub mod service_checks {
    pub use crate::checks::catalog::{request_action, RequestAction};
}

use grammar::document::Document;
use syntax::json::Token;

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
    let mut tokens = match syntax::lexer::tokenize(text, &options.limits) {
        Ok(tokens) => tokens,
        Err(error) => return Checked::failed(error),
    };
    if let Err(error) = syntax::limits::check_tokens(&tokens, &options.limits) {
        return Checked::failed(error);
    }
    // The quota is measured on the tokens before the tree takes their text.
    let quota = checks::quota::check(&tokens, options);
    match syntax::json::parse_owned(&mut tokens, end, &options.limits) {
        Ok(root) => check_tree(root, quota, end, options),
        Err(error) => Checked::failed(error),
    }
}

/// Checks a document given as JSON tokens; `end` is where the input ends.
pub fn check_tokens(tokens: &[Token], end: Loc, options: &Options) -> Checked {
    let parsed = syntax::limits::check_tokens(tokens, &options.limits)
        .and_then(|()| json::parse(tokens, end, &options.limits));
    match parsed {
        Ok(root) => check_tree(root, checks::quota::check(tokens, options), end, options),
        Err(error) => Checked::failed(error),
    }
}

/// Checks a document read into a tree; `quota` is the size finding of its tokens.
fn check_tree(root: json::Node, quota: Option<Diagnostic>, end: Loc, options: &Options) -> Checked {
    if let Err(error) = syntax::limits::check_statements(&root, &options.limits) {
        return Checked::failed(error);
    }
    let mut diagnostics = syntax::characters::check(&root, options.placeholders);
    let catalogs = checks::catalog::Catalogs::of(options);
    let settings = grammar::reader::Settings {
        kind: options.kind,
        placeholders: options.placeholders,
    };
    let mut reader = grammar::reader::Reader::new(settings, &catalogs);
    let document = grammar::read::read(&root, &mut reader);
    diagnostics.append(&mut reader.diagnostics);
    diagnostics.extend(checks::run(
        &reader.names,
        document.as_ref(),
        quota,
        options,
    ));
    // Findings in document order: the layers report theirs one after the other.
    diagnostics.sort_by_key(|d| d.loc.start);
    let (mut diagnostics, allowed) = options.levels.apply(diagnostics);
    let tables = match &document {
        Some(document)
            if !diagnostics.iter().any(Diagnostic::is_error) && !options.placeholders =>
        {
            match lowering::lower::lower(document) {
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
