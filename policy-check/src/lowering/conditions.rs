//! Lowering of `Condition` blocks: each value in the evaluator's form, `Arn…` values field by
//! field.

use iam_policy_core::tables::{Condition, ConditionValue, Pattern, ResourcePattern, Run};
use iam_policy_core::Version;

use crate::grammar::condition::{ConditionBlock, Parsed};
use crate::grammar::operator::{self, Family, OperatorName};
use crate::grammar::template::Syntax;
use crate::lowering::lower::Lowering;

/// Lowers the condition blocks of a statement; returns their run in the conditions table.
pub(crate) fn lower(blocks: &[ConditionBlock], lowering: &mut impl Lowering) -> Run {
    let version = lowering.tables().version;
    let mut conditions = Vec::with_capacity(blocks.len());
    for block in blocks {
        let values: Vec<ConditionValue> = block
            .values
            .iter()
            .map(|value| lower_value(block.operator.value, &value.value, version, lowering))
            .collect();
        let tables = lowering.tables();
        let start = tables.values.len();
        tables.values.extend(values);
        let values = Run {
            start: start as u32,
            len: block.values.len() as u32,
        };
        let name = block.operator.value;
        conditions.push(Condition {
            operator: name.base,
            qualifier: name.qualifier,
            if_exists: name.if_exists,
            key: lowering.intern(&block.key.value.to_ascii_lowercase()),
            values,
        });
    }
    let tables = lowering.tables();
    let start = tables.conditions.len();
    tables.conditions.extend(conditions);
    Run {
        start: start as u32,
        len: blocks.len() as u32,
    }
}

fn lower_value(
    name: OperatorName,
    value: &Parsed,
    version: Version,
    lowering: &mut impl Lowering,
) -> ConditionValue {
    let variables = version == Version::V2012_10_17;
    match value {
        Parsed::Text(text) => match name.family() {
            Family::Arn => lower_arn(text, variables, lowering),
            _ => ConditionValue::Text(lowering.pattern(
                text,
                Syntax {
                    wildcards: operator::has_wildcards(name.base),
                    variables,
                },
            )),
        },
        Parsed::Number(n) => ConditionValue::Number(*n),
        Parsed::Date(seconds) => ConditionValue::Date(*seconds),
        Parsed::Bool(b) => ConditionValue::Bool(*b),
        Parsed::Binary(bytes) => {
            // One character per byte keeps the pool text (see policy-core's `BinaryEquals`).
            let text: String = bytes.iter().map(|&b| char::from(b)).collect();
            ConditionValue::Binary(lowering.intern(&text))
        }
        Parsed::Ip(network) => ConditionValue::Ip {
            network: network.network,
            prefix: network.prefix,
            v4: network.v4,
        },
    }
}

/// An `Arn…` value: six fields globbed separately (`*` never crosses a colon before the
/// resource part), policy variables allowed in any field. A value that only becomes an ARN
/// once its variables are substituted (`${aws:PrincipalArn}`) is matched as a whole.
fn lower_arn(text: &str, variables: bool, lowering: &mut impl Lowering) -> ConditionValue {
    let syntax = Syntax {
        wildcards: true,
        variables,
    };
    match split_fields(text, variables) {
        Some(["arn", partition, service, region, account, resource]) => {
            let fields: [Pattern; 5] = [partition, service, region, account, resource]
                .map(|field| lowering.pattern(field, syntax));
            ConditionValue::Arn(ResourcePattern::Arn(fields))
        }
        _ => ConditionValue::Text(lowering.pattern(text, syntax)),
    }
}

/// Splits at the first five colons outside `${…}`.
fn split_fields(text: &str, variables: bool) -> Option<[&str; 6]> {
    let mut fields = [""; 6];
    let mut start = 0;
    let mut field = 0;
    let mut depth = false;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' if variables && i > 0 && bytes[i - 1] == b'$' => depth = true,
            b'}' if depth => depth = false,
            b':' if !depth && field < 5 => {
                fields[field] = &text[start..i];
                field += 1;
                start = i + 1;
            }
            _ => {}
        }
    }
    if field < 5 {
        return None;
    }
    fields[5] = &text[start..];
    Some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_split_outside_variables() {
        assert_eq!(
            split_fields("arn:aws:iam::${aws:PrincipalAccount}:role/a:b", true),
            Some([
                "arn",
                "aws",
                "iam",
                "",
                "${aws:PrincipalAccount}",
                "role/a:b"
            ])
        );
        assert_eq!(split_fields("${aws:PrincipalArn}", true), None);
        assert_eq!(
            split_fields("arn:aws:iam::${a:b}:x", false),
            Some(["arn", "aws", "iam", "", "${a", "b}:x"])
        );
    }
}
