//! The `Condition` element.

use crate::diagnostic::Diagnostic;
use crate::document::Checker;
use crate::json::Node;

/// One `operator: { key: values }` entry of a `Condition` element.
#[derive(Clone, Debug, PartialEq)]
pub struct ConditionBlock;

/// Reads a `Condition` element.
pub(crate) fn read(node: &Node, checker: &mut Checker<'_>) -> Option<Vec<ConditionBlock>> {
    checker.report(Diagnostic::error(
        "UNSUPPORTED_ELEMENT",
        node.loc,
        "`Condition` is not supported yet",
    ));
    None
}

/// Lowers the condition blocks of a statement; returns their run in the conditions table.
pub(crate) fn lower(
    _blocks: &[ConditionBlock],
    _lowering: &mut impl crate::lower::Lowering,
) -> policy_core::tables::Run {
    policy_core::tables::Run::EMPTY
}
