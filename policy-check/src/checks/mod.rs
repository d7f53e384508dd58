//! The checks layer: passes over what the grammar read. The names it read (actions, ARNs,
//! regions, condition keys and values, policy variables) against the service catalog and the
//! shapes of well-known values; the statements of the [`Document`] for security findings and
//! the rules of role trust policies; the tokens for IAM's size quotas.
//!
//! Every finding of a check is a catalog's or a warning's, never a hard error: the grammar
//! alone decides which elements are kept.

pub mod catalog;
mod keys;
pub mod quota;
mod regions;
pub(crate) mod trust;
pub(crate) mod well_known;

use crate::catalog::{ActionInfo, Service};
use crate::diagnostic::{Diagnostic, Loc};
use crate::grammar::document::Document;
use crate::grammar::names::Name;
use crate::{Options, PolicyKind};

/// The state of the checks of one document: the options, the findings so far, and what the
/// checks of names found that the statement checks ask again.
pub(crate) struct Checker<'o> {
    pub options: &'o Options,
    pub diagnostics: Vec<Diagnostic>,
    /// The catalog action each action name without wildcards names, by its location.
    pub actions: Vec<(Loc, (&'o Service, &'o ActionInfo))>,
    /// Whether each resource ARN fits a resource type of its own service, by its location
    /// (only the ARNs the resource check fitted).
    pub own_fits: Vec<(Loc, bool)>,
}

/// The entry of `found` (pushed in document order) at `loc`, if there is one, for a pass that
/// asks in document order: the search starts at `from` and moves it on, so that the whole pass
/// reads `found` once.
pub(crate) fn at_from<T: Copy>(found: &[(Loc, T)], from: &mut usize, loc: Loc) -> Option<T> {
    while found.get(*from).is_some_and(|(at, _)| *at < loc) {
        *from += 1;
    }
    found
        .get(*from)
        .filter(|(at, _)| *at == loc)
        .map(|(_, t)| *t)
}

impl Checker<'_> {
    pub fn report(&mut self, diagnostic: Diagnostic) {
        debug_assert!(
            !diagnostic.is_hard(),
            "checks never keep an element from use"
        );
        self.diagnostics.push(diagnostic);
    }
}

/// Runs every check over what the grammar read: `names` in document order, then the
/// statements of `document` (when it could be kept); `quota` is the document's size finding
/// ([`quota::check`]).
pub(crate) fn run(
    names: &[Name<'_>],
    document: Option<&Document>,
    quota: Option<Diagnostic>,
    options: &Options,
) -> Vec<Diagnostic> {
    let mut checker = Checker {
        options,
        diagnostics: Vec::new(),
        actions: Vec::new(),
        own_fits: Vec::new(),
    };
    for name in names {
        match name {
            Name::Action { text, loc } => catalog::action(text, *loc, &mut checker),
            Name::Resource { text, loc } => catalog::resource(text, *loc, &mut checker),
            Name::Region {
                arn,
                partition,
                region,
                fits,
                loc,
            } => regions::check(arn, partition, region, *fits, *loc, &mut checker),
            Name::ConditionKey { operator, key, loc } => {
                keys::check(operator, key, *loc, &mut checker)
            }
            Name::ConditionValues {
                operator,
                key,
                node,
            } => well_known::check(operator, key, node, &mut checker),
            Name::Variables {
                text,
                variables,
                wildcards,
                loc,
            } => keys::variable_keys(text, variables, *wildcards, *loc, &mut checker),
        }
    }
    if let Some(document) = document {
        catalog::document(document, &mut checker);
        if options.kind == PolicyKind::Trust {
            trust::document(document, &mut checker);
        }
    }
    checker.diagnostics.extend(quota);
    checker.diagnostics
}
