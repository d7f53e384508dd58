//! Request values as condition operators read them: one value at a time, converted to the
//! type the operator needs, without allocating.

use core::net::IpAddr;

use crate::request::ContextValue;
use crate::value::{parse_date, parse_decimal};

/// One request value of a condition key.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Operand<'a> {
    Str(&'a str),
    Number(f64),
    Date(i64),
    Bool(bool),
    Ip(IpAddr),
    Binary(&'a [u8]),
}

/// The values of a key present in the request: one, or the elements of a `Strings` list.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Operands<'a> {
    value: ContextValue<'a>,
}

impl<'a> Operands<'a> {
    pub(crate) fn new(value: ContextValue<'a>) -> Self {
        Operands { value }
    }

    /// Whether the set qualifiers see no value: an empty list, or the empty string (IAM
    /// reference 6.7, project rule).
    pub(crate) fn is_empty_set(&self) -> bool {
        matches!(
            self.value,
            ContextValue::Strings([]) | ContextValue::String("")
        )
    }

    /// Each value.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Operand<'a>> {
        let (one, many): (Option<Operand<'a>>, &'a [&'a str]) = match self.value {
            ContextValue::String(s) => (Some(Operand::Str(s)), &[]),
            ContextValue::Strings(list) => (None, list),
            ContextValue::Number(n) => (Some(Operand::Number(n)), &[]),
            ContextValue::Date(d) => (Some(Operand::Date(d)), &[]),
            ContextValue::Bool(b) => (Some(Operand::Bool(b)), &[]),
            ContextValue::Ip(ip) => (Some(Operand::Ip(ip)), &[]),
            ContextValue::Binary(bytes) => (Some(Operand::Binary(bytes)), &[]),
        };
        one.into_iter().chain(many.iter().map(|s| Operand::Str(s)))
    }
}

impl<'a> Operand<'a> {
    pub(crate) fn as_str(self) -> Option<&'a str> {
        match self {
            Operand::Str(s) => Some(s),
            Operand::Bool(true) => Some("true"),
            Operand::Bool(false) => Some("false"),
            _ => None,
        }
    }

    pub(crate) fn as_number(self) -> Option<f64> {
        match self {
            Operand::Number(n) => Some(n),
            Operand::Str(s) => parse_decimal(s),
            _ => None,
        }
    }

    pub(crate) fn as_date(self) -> Option<i64> {
        match self {
            Operand::Date(d) => Some(d),
            Operand::Str(s) => parse_date(s).or_else(|| parse_epoch(s)),
            _ => None,
        }
    }

    pub(crate) fn as_bool(self) -> Option<bool> {
        match self {
            Operand::Bool(b) => Some(b),
            Operand::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Operand::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    pub(crate) fn as_ip(self) -> Option<IpAddr> {
        match self {
            Operand::Ip(ip) => Some(ip),
            Operand::Str(s) => s.parse().ok(),
            _ => None,
        }
    }

    pub(crate) fn as_bytes(self) -> Option<&'a [u8]> {
        match self {
            Operand::Binary(bytes) => Some(bytes),
            Operand::Str(s) => Some(s.as_bytes()),
            _ => None,
        }
    }
}

/// Integer seconds since the epoch, as in `aws:EpochTime`.
fn parse_epoch(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}
