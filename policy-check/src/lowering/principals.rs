//! Lowering of `Principal`/`NotPrincipal` to the evaluator's principal patterns.

use iam_policy_core::tables::{Polarity, PrincipalPattern, Run};

use crate::grammar::principal::{PrincipalElement, PrincipalEntry};

/// Lowers a principal element; returns its polarity and run in the principals table.
pub(crate) fn lower(
    element: Option<&PrincipalElement>,
    lowering: &mut impl crate::lowering::lower::Lowering,
) -> (Option<Polarity>, Run) {
    let Some(element) = element else {
        return (None, Run::EMPTY);
    };
    let patterns: Vec<PrincipalPattern> = element
        .entries
        .iter()
        .map(|entry| match &entry.value {
            PrincipalEntry::Anyone => PrincipalPattern::Anyone,
            PrincipalEntry::Account(a) => PrincipalPattern::Account(lowering.intern(a)),
            PrincipalEntry::Aws(a) => PrincipalPattern::Aws(lowering.intern(a)),
            PrincipalEntry::Service(s) => PrincipalPattern::Service(lowering.intern(s)),
            PrincipalEntry::Federated(f) => PrincipalPattern::Federated(lowering.intern(f)),
            PrincipalEntry::CanonicalUser(c) => PrincipalPattern::CanonicalUser(lowering.intern(c)),
        })
        .collect();
    let tables = lowering.tables();
    let start = tables.principals.len();
    tables.principals.extend(patterns);
    (
        Some(element.polarity),
        Run {
            start: start as u32,
            len: element.entries.len() as u32,
        },
    )
}
