//! The `Principal` and `NotPrincipal` elements of resource-based policies.

use crate::diagnostic::Diagnostic;
use crate::document::Checker;
use crate::json::{Member, Node};
use crate::PolicyKind;

/// A checked `Principal` or `NotPrincipal` element.
#[derive(Clone, Debug, PartialEq)]
pub struct PrincipalElement;

/// Reads `Principal`/`NotPrincipal`; `Some(None)` when the statement rightly has neither.
pub(crate) fn read(
    members: &[(&'static str, &Member)],
    statement: &Node,
    checker: &mut Checker<'_>,
) -> Option<Option<PrincipalElement>> {
    match checker.options.kind {
        PolicyKind::Identity => {
            for (name, member) in members {
                checker.report(
                    Diagnostic::error(
                        "UNSUPPORTED_PRINCIPAL",
                        member.key_loc,
                        format!("an identity policy cannot have `{name}`: it applies to the identity it is attached to"),
                    )
                    .with_help("remove it, or check the document as a resource-based policy"),
                );
            }
            members.is_empty().then_some(None)
        }
        PolicyKind::Resource => {
            checker.report(Diagnostic::error(
                "UNSUPPORTED_ELEMENT",
                statement.loc,
                "resource-based policies are not supported yet",
            ));
            None
        }
    }
}

/// Lowers a principal element; returns its polarity and run in the principals table.
pub(crate) fn lower(
    _element: Option<&PrincipalElement>,
    _lowering: &mut impl crate::lower::Lowering,
) -> (
    Option<policy_core::tables::Polarity>,
    policy_core::tables::Run,
) {
    (None, policy_core::tables::Run::EMPTY)
}
