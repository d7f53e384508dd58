//! Condition operator names: `[ForAllValues:|ForAnyValue:]<Base>[IfExists]` (IAM reference
//! 6.1), read exactly as IAM spells them; anything else gets the closest valid name as a fix.

use iam_policy_core::tables::{Operator, Qualifier};

/// The 27 base operators and their names.
pub const BASES: &[(&str, Operator)] = &[
    ("StringEquals", Operator::StringEquals),
    ("StringNotEquals", Operator::StringNotEquals),
    ("StringEqualsIgnoreCase", Operator::StringEqualsIgnoreCase),
    (
        "StringNotEqualsIgnoreCase",
        Operator::StringNotEqualsIgnoreCase,
    ),
    ("StringLike", Operator::StringLike),
    ("StringNotLike", Operator::StringNotLike),
    ("NumericEquals", Operator::NumericEquals),
    ("NumericNotEquals", Operator::NumericNotEquals),
    ("NumericLessThan", Operator::NumericLessThan),
    ("NumericLessThanEquals", Operator::NumericLessThanEquals),
    ("NumericGreaterThan", Operator::NumericGreaterThan),
    (
        "NumericGreaterThanEquals",
        Operator::NumericGreaterThanEquals,
    ),
    ("DateEquals", Operator::DateEquals),
    ("DateNotEquals", Operator::DateNotEquals),
    ("DateLessThan", Operator::DateLessThan),
    ("DateLessThanEquals", Operator::DateLessThanEquals),
    ("DateGreaterThan", Operator::DateGreaterThan),
    ("DateGreaterThanEquals", Operator::DateGreaterThanEquals),
    ("Bool", Operator::Bool),
    ("BinaryEquals", Operator::BinaryEquals),
    ("IpAddress", Operator::IpAddress),
    ("NotIpAddress", Operator::NotIpAddress),
    ("ArnEquals", Operator::ArnEquals),
    ("ArnLike", Operator::ArnLike),
    ("ArnNotEquals", Operator::ArnNotEquals),
    ("ArnNotLike", Operator::ArnNotLike),
    ("Null", Operator::Null),
];

/// What kind of values an operator compares (IAM reference 6.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// `String…`
    String,
    /// `Numeric…`
    Numeric,
    /// `Date…`
    Date,
    /// `Bool`
    Bool,
    /// `BinaryEquals`
    Binary,
    /// `IpAddress`, `NotIpAddress`
    Ip,
    /// `Arn…`
    Arn,
    /// `Null`
    Null,
}

/// A parsed operator name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperatorName {
    /// The base operator.
    pub base: Operator,
    /// `ForAnyValue:` / `ForAllValues:`, or none.
    pub qualifier: Qualifier,
    /// The `IfExists` suffix.
    pub if_exists: bool,
}

impl OperatorName {
    /// Reads an operator name spelled exactly as IAM does; `None` otherwise.
    ///
    /// ```
    /// use iam_policy_check::operator::OperatorName;
    /// use iam_policy_core::tables::{Operator, Qualifier};
    /// let name = OperatorName::parse("ForAnyValue:StringLikeIfExists").unwrap();
    /// assert_eq!(name.base, Operator::StringLike);
    /// assert_eq!(name.qualifier, Qualifier::ForAnyValue);
    /// assert!(name.if_exists);
    /// assert_eq!(OperatorName::parse("StringEqual"), None);
    /// ```
    pub fn parse(text: &str) -> Option<OperatorName> {
        let (qualifier, rest) = if let Some(rest) = text.strip_prefix("ForAnyValue:") {
            (Qualifier::ForAnyValue, rest)
        } else if let Some(rest) = text.strip_prefix("ForAllValues:") {
            (Qualifier::ForAllValues, rest)
        } else {
            (Qualifier::Single, text)
        };
        let (rest, if_exists) = match rest.strip_suffix("IfExists") {
            Some(base) => (base, true),
            None => (rest, false),
        };
        let base = BASES.iter().find(|(name, _)| *name == rest)?.1;
        Some(OperatorName {
            base,
            qualifier,
            if_exists,
        })
    }

    /// The base operator's name (the whole name is its `Display`).
    ///
    /// ```
    /// use iam_policy_check::operator::OperatorName;
    /// let name = OperatorName::parse("ForAllValues:StringEqualsIfExists").unwrap();
    /// assert_eq!(name.base_name(), "StringEquals");
    /// assert_eq!(name.to_string(), "ForAllValues:StringEqualsIfExists");
    /// ```
    pub fn base_name(&self) -> &'static str {
        base_name(self.base)
    }

    /// The family of the base operator.
    pub fn family(&self) -> Family {
        family(self.base)
    }
}

impl std::fmt::Display for OperatorName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.qualifier {
            Qualifier::Single => {}
            Qualifier::ForAnyValue => f.write_str("ForAnyValue:")?,
            Qualifier::ForAllValues => f.write_str("ForAllValues:")?,
        }
        f.write_str(self.base_name())?;
        if self.if_exists {
            f.write_str("IfExists")?;
        }
        Ok(())
    }
}

/// The name of a base operator.
pub fn base_name(base: Operator) -> &'static str {
    BASES
        .iter()
        .find(|(_, op)| *op == base)
        .map_or("", |(name, _)| name)
}

/// The family of a base operator.
pub fn family(base: Operator) -> Family {
    use Operator as O;
    match base {
        O::StringEquals
        | O::StringNotEquals
        | O::StringEqualsIgnoreCase
        | O::StringNotEqualsIgnoreCase
        | O::StringLike
        | O::StringNotLike => Family::String,
        O::NumericEquals
        | O::NumericNotEquals
        | O::NumericLessThan
        | O::NumericLessThanEquals
        | O::NumericGreaterThan
        | O::NumericGreaterThanEquals => Family::Numeric,
        O::DateEquals
        | O::DateNotEquals
        | O::DateLessThan
        | O::DateLessThanEquals
        | O::DateGreaterThan
        | O::DateGreaterThanEquals => Family::Date,
        O::Bool => Family::Bool,
        O::BinaryEquals => Family::Binary,
        O::IpAddress | O::NotIpAddress => Family::Ip,
        O::ArnEquals | O::ArnLike | O::ArnNotEquals | O::ArnNotLike => Family::Arn,
        O::Null => Family::Null,
    }
}

/// Whether the operator treats `*` and `?` as wildcards.
pub fn has_wildcards(base: Operator) -> bool {
    use Operator as O;
    matches!(
        base,
        O::StringLike
            | O::StringNotLike
            | O::ArnEquals
            | O::ArnLike
            | O::ArnNotEquals
            | O::ArnNotLike
    )
}

/// Every valid operator name (162 of them), for suggestions.
pub fn all_names() -> Vec<String> {
    let mut names = Vec::with_capacity(BASES.len() * 6);
    for qualifier in ["", "ForAnyValue:", "ForAllValues:"] {
        for (base, op) in BASES {
            names.push(format!("{qualifier}{base}"));
            if *op != Operator::Null {
                names.push(format!("{qualifier}{base}IfExists"));
            }
        }
    }
    names
}

/// The valid name closest to a misspelt one: case-folded matches first
/// (`stringequals` → `StringEquals`), then small typos (`StringEqual` → `StringEquals`).
///
/// ```
/// use iam_policy_check::operator::suggest;
/// assert_eq!(suggest("StringEqual").as_deref(), Some("StringEquals"));
/// assert_eq!(suggest("forallvalues:stringlike").as_deref(), Some("ForAllValues:StringLike"));
/// assert_eq!(suggest("ForAnyValues:StringEquals").as_deref(), Some("ForAnyValue:StringEquals"));
/// assert_eq!(suggest("Banana"), None);
/// ```
pub fn suggest(text: &str) -> Option<String> {
    let names = all_names();
    crate::suggest::closest(text, names.iter().map(String::as_str)).map(str::to_string)
}
