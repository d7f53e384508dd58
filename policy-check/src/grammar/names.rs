//! What the grammar hands to the checks besides the [`Document`](super::document::Document):
//! every name it read well formed, in document order, with what a check needs to judge it,
//! including names of statements the grammar could not keep (so that every mistake of a
//! document is reported, not only those of its usable statements).

use crate::diagnostic::Loc;
use crate::grammar::document::Spanned;
use crate::grammar::operator::OperatorName;
use crate::syntax::json::Node;

/// A name the grammar read well formed, for the checks to look up.
#[derive(Clone, Debug)]
pub(crate) enum Name<'n> {
    /// An action `prefix:name` of `Action` or `NotAction`.
    Action { text: &'n str, loc: Loc },
    /// An ARN of `Resource` or `NotResource` with no error in its fields.
    Resource { text: &'n str, loc: Loc },
    /// A well-formed region field of an ARN (`arn`) of a known partition; `fits` says whether
    /// it has the partition's shape.
    Region {
        arn: &'n str,
        partition: &'static str,
        region: &'n str,
        fits: bool,
        loc: Loc,
    },
    /// A condition key to look up (an `aws:` key or a service's key) under its operator.
    ConditionKey {
        operator: Spanned<OperatorName>,
        key: &'n str,
        loc: Loc,
    },
    /// The values of a condition key, all read without error (`node`: the value or array).
    ConditionValues {
        operator: Spanned<OperatorName>,
        key: &'n str,
        node: &'n Node,
    },
    /// A value holding policy variables: `variables` (the end of `text`, read with or without
    /// wildcards) holds them, well formed.
    Variables {
        text: &'n str,
        variables: &'n str,
        wildcards: bool,
        loc: Loc,
    },
}

/// What the grammar asks of the names it does not know itself, for the fixes of its errors
/// and the partitions an application's catalog adds. The checks layer answers from the
/// catalogs.
pub(crate) trait Vocabulary {
    /// The service prefix of the action `name` written without one, if exactly one has it.
    fn service_of_action(&self, name: &str) -> Option<&str>;
    /// Whether `key` is a global condition key.
    fn is_global_key(&self, key: &str) -> bool;
    /// Whether `partition` is the application's own partition of ARNs of `service`.
    fn is_own_partition(&self, partition: &str, service: &str) -> bool;
}
