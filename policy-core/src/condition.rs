//! `Condition` blocks (IAM reference section 6) and `Principal` lists (section 5).
//!
//! Every entry of a statement's condition must hold. One entry is an operator, a key and the
//! policy values P; the request holds the values V of the key (none when the key is absent):
//!
//! | Form | Key absent | V present |
//! |---|---|---|
//! | positive operator | false | some v matches some p |
//! | negated operator | true | no v matches any p |
//! | `…IfExists` | true | as without `IfExists` |
//! | `Null` | `true` ⇔ p is `true` | `true` ⇔ p is `false` |
//! | `ForAnyValue:op` | false (also V empty) | some v satisfies op |
//! | `ForAllValues:op` | true (also V empty) | every v satisfies op |
//!
//! Policy values were parsed at compile time; nothing here allocates or parses policy text.

use core::net::IpAddr;

use crate::glob::{same_length_equal, Case, Variables, LONG};
use crate::operand::{Operand, Operands};
use crate::request::{Context, ContextValue, Request};
use crate::table::{
    slice, Condition, ConditionValue, Operator, Pattern, PatternKind, Policy, Qualifier, Run,
};

/// Whether every condition of a statement holds for `request`.
#[inline(never)]
pub(crate) fn all_hold(policy: &Policy<'_>, conditions: Run, request: &Request<'_>) -> bool {
    conditions_hold(policy, conditions, request)
}

/// [`all_hold`], inlined where it is hot.
#[inline(always)]
pub(crate) fn conditions_hold(policy: &Policy<'_>, conditions: Run, request: &Request<'_>) -> bool {
    let context = request.context_ref();
    for condition in slice(policy.conditions, conditions) {
        let held = match string_equality(policy, condition, context) {
            Some(held) => held,
            None => holds(policy, condition, context),
        };
        if !held {
            return false;
        }
    }
    true
}

/// [`holds`] for the usual entry, without a call: `StringEquals`, `StringNotEquals` (or a
/// `Like` form) on a key that an entry of the context gives one string, every policy value
/// literal text (no wildcard, no variable) under [`LONG`] bytes. The key is found by
/// comparing lengths first and folding the entries' names only (lowering stores keys
/// lowercased); each value is compared as bytes, length first. `None` for any other entry.
#[inline(always)]
fn string_equality(
    policy: &Policy<'_>,
    condition: &Condition,
    context: &Context<'_>,
) -> Option<bool> {
    let sensitive = matches!(
        condition.operator,
        Operator::StringEquals
            | Operator::StringNotEquals
            | Operator::StringLike
            | Operator::StringNotLike
    );
    if !sensitive || condition.qualifier != Qualifier::Single {
        return None;
    }
    let key = policy.bytes(condition.key);
    let ContextValue::String(text) = context.given_lowercase(key)? else {
        return None;
    };
    let text = text.as_bytes();
    let mut any = false;
    for value in slice(policy.values, condition.values) {
        let ConditionValue::Text(Pattern {
            kind: PatternKind::Exact,
            text: fixed,
            ..
        }) = value
        else {
            return None;
        };
        let fixed = policy.bytes(*fixed);
        if fixed.len() == text.len() {
            if fixed.len() >= LONG {
                return None;
            }
            if same_length_equal(fixed, text) {
                any = true;
                break;
            }
        }
    }
    Some(any != negated(condition.operator))
}

/// Whether the request's principal is one of a statement's `Principal`/`NotPrincipal` entries.
pub(crate) fn principal_listed(
    policy: &Policy<'_>,
    principals: Run,
    request: &Request<'_>,
) -> bool {
    slice(policy.principals, principals)
        .iter()
        .any(|pattern| crate::principal::matches(policy, pattern, request))
}

/// Whether one condition entry holds.
#[inline(never)]
pub(crate) fn holds(policy: &Policy<'_>, condition: &Condition, context: &Context<'_>) -> bool {
    let values = slice(policy.values, condition.values);
    let Some(present) = context.get(policy.str(condition.key)) else {
        return absent(condition, values);
    };
    let operands = Operands::new(present);
    if condition.operator == Operator::Null && condition.qualifier == Qualifier::Single {
        return values.contains(&ConditionValue::Bool(false));
    }
    let entry = Entry {
        policy,
        operator: condition.operator,
        values,
        vars: context,
    };
    match condition.qualifier {
        // One value (the usual case): every value and some value are the same test.
        Qualifier::Single => match present {
            ContextValue::String(value) => entry.satisfies(Operand::Str(value)),
            _ if negated(condition.operator) => operands.iter().all(|v| entry.satisfies(v)),
            _ => operands.iter().any(|v| entry.satisfies(v)),
        },
        Qualifier::ForAnyValue => {
            !operands.is_empty_set() && operands.iter().any(|v| entry.satisfies(v))
        }
        Qualifier::ForAllValues => {
            operands.is_empty_set() || operands.iter().all(|v| entry.satisfies(v))
        }
    }
}

/// The result of an entry whose key the request lacks (IAM reference 6.7).
fn absent(condition: &Condition, values: &[ConditionValue]) -> bool {
    if condition.if_exists {
        return true;
    }
    match condition.qualifier {
        Qualifier::ForAllValues => true,
        Qualifier::ForAnyValue => false,
        Qualifier::Single if condition.operator == Operator::Null => {
            values.contains(&ConditionValue::Bool(true))
        }
        Qualifier::Single => negated(condition.operator),
    }
}

/// The operators that hold when the value matches none of the policy values.
fn negated(operator: Operator) -> bool {
    matches!(
        operator,
        Operator::StringNotEquals
            | Operator::StringNotEqualsIgnoreCase
            | Operator::StringNotLike
            | Operator::NumericNotEquals
            | Operator::DateNotEquals
            | Operator::NotIpAddress
            | Operator::ArnNotEquals
            | Operator::ArnNotLike
    )
}

/// How the `String…` operators compare text; `None` for the other operators.
#[inline(always)]
fn string_case(operator: Operator) -> Option<Case> {
    match operator {
        Operator::StringEquals
        | Operator::StringNotEquals
        | Operator::StringLike
        | Operator::StringNotLike => Some(Case::Sensitive),
        Operator::StringEqualsIgnoreCase | Operator::StringNotEqualsIgnoreCase => {
            Some(Case::Insensitive)
        }
        _ => None,
    }
}

/// Whether `text` matches a policy value of a `String…` operator: its pattern (exact text
/// unless the operator is a `…Like` one or the value holds a policy variable). A value of
/// another type matches nothing.
#[inline(always)]
fn text_matches(
    policy: &Policy<'_>,
    policy_value: &ConditionValue,
    text: &str,
    case: Case,
    vars: &dyn Variables,
) -> bool {
    match policy_value {
        ConditionValue::Text(pattern) => pattern.matches(policy, text, case, vars),
        _ => false,
    }
}

/// One condition entry, applied to request values one at a time.
struct Entry<'e, 'p> {
    policy: &'e Policy<'p>,
    operator: Operator,
    values: &'e [ConditionValue],
    vars: &'e dyn Variables,
}

impl Entry<'_, '_> {
    /// The base operator on one request value: it matches some policy value (positive
    /// operators), or none (negated operators). `Null` on a present value: `Null: false`.
    fn satisfies(&self, value: Operand<'_>) -> bool {
        if self.operator == Operator::Null {
            return self.values.contains(&ConditionValue::Bool(false));
        }
        let any = self.values.iter().any(|p| self.matches(p, value));
        any != negated(self.operator)
    }

    /// Whether one request value matches one policy value, in the positive sense of the
    /// operator (`StringNotEquals` compares like `StringEquals`).
    fn matches(&self, policy_value: &ConditionValue, value: Operand<'_>) -> bool {
        use Operator as O;
        let policy = self.policy;
        if let Some(case) = string_case(self.operator) {
            return value
                .as_str()
                .is_some_and(|s| text_matches(policy, policy_value, s, case, self.vars));
        }
        match (self.operator, *policy_value) {
            (
                O::ArnEquals | O::ArnLike | O::ArnNotEquals | O::ArnNotLike,
                ConditionValue::Text(pattern),
            ) => value
                .as_str()
                .is_some_and(|s| pattern.matches(policy, s, Case::Sensitive, self.vars)),
            (
                O::ArnEquals | O::ArnLike | O::ArnNotEquals | O::ArnNotLike,
                ConditionValue::Arn(pattern),
            ) => value
                .as_str()
                .is_some_and(|s| policy.resource_matches(&pattern, s, self.vars)),
            (_, ConditionValue::Number(p)) => value
                .as_number()
                .is_some_and(|v| compare(self.operator, v.partial_cmp(&p))),
            (_, ConditionValue::Date(p)) => value
                .as_date()
                .is_some_and(|v| compare(self.operator, Some(v.cmp(&p)))),
            (O::Bool, ConditionValue::Bool(p)) => value.as_bool() == Some(p),
            (O::Bool, ConditionValue::Text(pattern)) => value
                .as_bool()
                .map(|b| if b { "true" } else { "false" })
                .is_some_and(|s| pattern.matches(policy, s, Case::Insensitive, self.vars)),
            (O::BinaryEquals, ConditionValue::Binary(bytes)) => value
                .as_bytes()
                .is_some_and(|v| bytes_equal(policy.str(bytes), v)),
            (
                O::IpAddress | O::NotIpAddress,
                ConditionValue::Ip {
                    network,
                    prefix,
                    v4,
                },
            ) => value
                .as_ip()
                .is_some_and(|ip| ip_in(ip, network, prefix, v4)),
            _ => false,
        }
    }
}

/// Numeric and date comparisons: `ordering` is the request value against the policy value.
fn compare(operator: Operator, ordering: Option<core::cmp::Ordering>) -> bool {
    use core::cmp::Ordering::{Equal, Greater, Less};
    use Operator as O;
    let Some(ordering) = ordering else {
        return false;
    };
    match operator {
        O::NumericEquals | O::NumericNotEquals | O::DateEquals | O::DateNotEquals => {
            ordering == Equal
        }
        O::NumericLessThan | O::DateLessThan => ordering == Less,
        O::NumericLessThanEquals | O::DateLessThanEquals => ordering != Greater,
        O::NumericGreaterThan | O::DateGreaterThan => ordering == Greater,
        O::NumericGreaterThanEquals | O::DateGreaterThanEquals => ordering != Less,
        _ => false,
    }
}

/// `BinaryEquals`: the pool keeps the decoded bytes one character per byte (U+0000 to
/// U+00FF), so that the pool stays text.
fn bytes_equal(stored: &str, value: &[u8]) -> bool {
    let mut value = value.iter();
    for c in stored.chars() {
        match (u8::try_from(c), value.next()) {
            (Ok(byte), Some(v)) if byte == *v => {}
            _ => return false,
        }
    }
    value.next().is_none()
}

/// Whether `ip` lies in the network. IPv4 networks are kept as IPv4-mapped IPv6 with the
/// prefix counted in 128 bits; they match IPv4 addresses (and IPv4-mapped IPv6 ones) only,
/// IPv6 networks IPv6 addresses only.
fn ip_in(ip: IpAddr, network: u128, prefix: u8, v4: bool) -> bool {
    let (bits, is_v4) = match ip {
        IpAddr::V4(a) => (u128::from(a.to_ipv6_mapped()), true),
        IpAddr::V6(a) => match a.to_ipv4_mapped() {
            Some(mapped) => (u128::from(mapped.to_ipv6_mapped()), true),
            None => (u128::from(a), false),
        },
    };
    if is_v4 != v4 {
        return false;
    }
    let mask = match 128u32.checked_sub(u32::from(prefix)) {
        Some(128) | None => 0,
        Some(host_bits) => u128::MAX.checked_shl(host_bits).unwrap_or(0),
    };
    // A prefix above 128 is malformed: it matches nothing rather than everything.
    prefix <= 128 && bits & mask == network & mask
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Str;
    use core::net::{Ipv4Addr, Ipv6Addr};

    /// Every text the tables below refer to, in one pool.
    const POOL: &str = "aws:requestedregionus-east-1eu-west-1US-EAST-1us-\
                        arn:aws:s3:::a-bucket-name-of-forty-bytes/key";
    const LONG_VALUE: &str = "arn:aws:s3:::a-bucket-name-of-forty-bytes/key";

    fn at(text: &str) -> Str {
        let start = POOL.find(text).unwrap_or(usize::MAX);
        Str {
            start: start as u32,
            len: text.len() as u32,
        }
    }

    fn text(kind: PatternKind, value: &str) -> ConditionValue {
        ConditionValue::Text(Pattern {
            kind,
            text: at(value),
            pieces: Run::EMPTY,
        })
    }

    /// The fast path of `String…` entries agrees with the general one (`holds`) on every
    /// operator, qualifier, `IfExists`, value set and context below, and is taken where it
    /// should be.
    #[test]
    fn string_equality_agrees_with_the_general_path() {
        use Operator as O;
        let operators = [
            O::StringEquals,
            O::StringNotEquals,
            O::StringEqualsIgnoreCase,
            O::StringNotEqualsIgnoreCase,
            O::StringLike,
            O::StringNotLike,
            O::NumericEquals,
            O::DateNotEquals,
            O::Bool,
            O::ArnEquals,
            O::ArnNotLike,
            O::Null,
        ];
        let exact = PatternKind::Exact;
        let value_sets: [&[ConditionValue]; 8] = [
            &[text(exact, "us-east-1"), text(exact, "eu-west-1")],
            &[text(exact, "eu-west-1"), text(exact, "us-east-1")],
            &[text(exact, "eu-west-1")],
            &[text(exact, "US-EAST-1")],
            &[text(exact, LONG_VALUE)],
            &[text(PatternKind::Prefix, "us-"), text(exact, "eu-west-1")],
            &[text(exact, "eu-west-1"), ConditionValue::Bool(false)],
            &[],
        ];
        let list = ["us-east-1", "eu-west-1"];
        let contexts: [&[(&str, ContextValue<'_>)]; 11] = [
            &[],
            &[("aws:RequestedRegion", ContextValue::String("us-east-1"))],
            &[("AWS:REQUESTEDREGION", ContextValue::String("eu-west-1"))],
            &[("aws:requestedregion", ContextValue::String("US-EAST-1"))],
            &[("aws:RequestedRegion", ContextValue::String("ap-south-1"))],
            &[("aws:RequestedRegion", ContextValue::String(""))],
            &[("aws:RequestedRegion", ContextValue::String(LONG_VALUE))],
            &[
                ("aws:RequestedRegio", ContextValue::String("us-east-1")),
                ("aws:RequestedRegionX", ContextValue::String("us-east-1")),
            ],
            &[
                ("aws:RequestedRegion", ContextValue::String("ap-south-1")),
                ("aws:RequestedRegion", ContextValue::String("us-east-1")),
            ],
            &[("aws:RequestedRegion", ContextValue::Strings(&list))],
            &[("aws:RequestedRegion", ContextValue::Bool(true))],
        ];
        let qualifiers = [
            Qualifier::Single,
            Qualifier::ForAnyValue,
            Qualifier::ForAllValues,
        ];
        let (mut cases, mut fast) = (0, 0);
        for values in value_sets {
            let policy = Policy {
                pool: POOL,
                values,
                ..Policy::EMPTY
            };
            for operator in operators {
                for qualifier in qualifiers {
                    for if_exists in [false, true] {
                        let condition = Condition {
                            operator,
                            qualifier,
                            if_exists,
                            key: at("aws:requestedregion"),
                            values: Run {
                                start: 0,
                                len: values.len() as u32,
                            },
                        };
                        for entries in contexts {
                            let context = Context::new(entries);
                            let general = holds(&policy, &condition, &context);
                            let quick = string_equality(&policy, &condition, &context);
                            assert!(
                                quick.is_none_or(|held| held == general),
                                "{operator:?} {qualifier:?} {if_exists} {values:?} {entries:?}"
                            );
                            cases += 1;
                            fast += usize::from(quick.is_some());
                        }
                    }
                }
            }
        }
        // Single `StringEquals`/`NotEquals`/`Like`/`NotLike` on a string the entries give,
        // with literal values under 32 bytes (or a match before the others): taken.
        assert_eq!(cases, 8 * 12 * 3 * 2 * 11);
        assert!(fast >= 5 * 4 * 2 * 7, "{fast}");
        let region_guard = Condition {
            operator: O::StringNotEquals,
            qualifier: Qualifier::Single,
            if_exists: false,
            key: at("aws:requestedregion"),
            values: Run { start: 0, len: 2 },
        };
        let policy = Policy {
            pool: POOL,
            values: value_sets[0],
            ..Policy::EMPTY
        };
        let entries = [("aws:RequestedRegion", ContextValue::String("us-east-1"))];
        let context = Context::new(&entries);
        assert_eq!(
            string_equality(&policy, &region_guard, &context),
            Some(false)
        );
        let entries = [("aws:RequestedRegion", ContextValue::String("ap-south-1"))];
        let context = Context::new(&entries);
        assert_eq!(
            string_equality(&policy, &region_guard, &context),
            Some(true)
        );
    }

    fn v4(a: u8, b: u8, c: u8, d: u8) -> u128 {
        u128::from(Ipv4Addr::new(a, b, c, d).to_ipv6_mapped())
    }

    #[test]
    fn ip_networks() {
        let ip = IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7));
        assert!(ip_in(ip, v4(203, 0, 113, 0), 96 + 24, true));
        assert!(!ip_in(ip, v4(203, 0, 114, 0), 96 + 24, true));
        assert!(ip_in(ip, v4(203, 0, 113, 7), 128, true));
        assert!(ip_in(ip, v4(0, 0, 0, 0), 96, true));
        assert!(
            !ip_in(ip, 0, 0, false),
            "an IPv6 network does not hold IPv4 addresses"
        );
        let six = IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1));
        assert!(ip_in(six, 0x2001_0db8 << 96, 32, false));
        assert!(!ip_in(six, 0x2001_0db9 << 96, 32, false));
        assert!(!ip_in(six, 0, 96, true));
        assert!(!ip_in(six, 0, 200, false));
    }

    #[test]
    fn binary() {
        assert!(bytes_equal("a\u{ff}\u{0}", b"a\xff\x00"));
        assert!(!bytes_equal("ab", b"a"));
        assert!(!bytes_equal("a", b"ab"));
        assert!(!bytes_equal("\u{100}", b"\x00"));
    }
}
