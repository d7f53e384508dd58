//! Request values from text: principals and condition context values.
//!
//! Context values keep their JSON type: strings, numbers and booleans; an array of strings is a
//! multi-valued key. Two string forms are read as typed values because IAM's keys of those
//! types arrive as text: an IP address (`203.0.113.7`, `2001:db8::1`) becomes
//! [`ContextValue::Ip`], and an ISO 8601 UTC instant (`2024-05-01T12:00:00Z`, fractions of a
//! second ignored) becomes [`ContextValue::Date`]. On the command line (`--context KEY=VALUE`)
//! `true`/`false` are booleans and decimal numbers are numbers; a key given several times is
//! multi-valued.

use std::net::IpAddr;

use policy_core::tables::parse_date;
use policy_core::{ContextValue, Principal};

/// The principal of `--principal` or `"principal"`: `AWS:…`, `Service:…`, `Federated:…`,
/// `CanonicalUser:…` or `anonymous`; without a type, an ARN or a 12-digit account is `AWS`, a
/// name ending in `.amazonaws.com` is a service, and 64 hexadecimal digits a canonical user.
pub fn principal(text: &str) -> Principal<'_> {
    let typed = |prefix: &str| {
        text.get(..prefix.len())
            .filter(|p| p.eq_ignore_ascii_case(prefix))
            .map(|_| &text[prefix.len()..])
    };
    if text.eq_ignore_ascii_case("anonymous") || text == "*" {
        Principal::Anonymous
    } else if let Some(rest) = typed("AWS:") {
        Principal::Aws(rest)
    } else if let Some(rest) = typed("Service:") {
        Principal::Service(rest)
    } else if let Some(rest) = typed("Federated:") {
        Principal::Federated(rest)
    } else if let Some(rest) = typed("CanonicalUser:") {
        Principal::CanonicalUser(rest)
    } else if text.ends_with(".amazonaws.com") {
        Principal::Service(text)
    } else if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        Principal::CanonicalUser(text)
    } else {
        Principal::Aws(text)
    }
}

/// A string context value: an IP address, an ISO 8601 UTC instant, or the text itself.
pub fn string(text: &str) -> ContextValue<'_> {
    if let Ok(ip) = text.parse::<IpAddr>() {
        ContextValue::Ip(ip)
    } else if let Some(seconds) = iso8601_utc(text) {
        ContextValue::Date(seconds)
    } else {
        ContextValue::String(text)
    }
}

/// A `--context` value: `true`/`false`, a number, or as [`string`].
pub fn flag(text: &str) -> ContextValue<'_> {
    match text {
        "true" => ContextValue::Bool(true),
        "false" => ContextValue::Bool(false),
        _ => match number(text) {
            Some(n) => ContextValue::Number(n),
            None => string(text),
        },
    }
}

/// A decimal number (`42`, `-1.5`, `1e3`), finite; not `inf`, `nan` or hexadecimal.
fn number(text: &str) -> Option<f64> {
    let plain = text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'));
    let starts_well = text
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b == b'-');
    if !plain || !starts_well {
        return None;
    }
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// `YYYY-MM-DDThh:mm:ss[.fff]Z` as seconds since the Unix epoch: the one full UTC form of the
/// dates the `Date…` operators read ([`parse_date`] decides the calendar).
fn iso8601_utc(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let full_utc = b.len() >= 20 && b[10] == b'T' && b[16] == b':' && text.ends_with('Z');
    full_utc.then(|| parse_date(text))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principals_by_form() {
        assert_eq!(
            principal("arn:aws:iam::111122223333:user/Bob"),
            Principal::Aws("arn:aws:iam::111122223333:user/Bob")
        );
        assert_eq!(
            principal("ec2.amazonaws.com"),
            Principal::Service("ec2.amazonaws.com")
        );
        assert_eq!(
            principal("Federated:accounts.google.com"),
            Principal::Federated("accounts.google.com")
        );
        assert_eq!(principal("anonymous"), Principal::Anonymous);
        assert_eq!(
            principal(&"a".repeat(64)),
            Principal::CanonicalUser(&"a".repeat(64))
        );
    }

    #[test]
    fn values_by_form() {
        assert_eq!(flag("true"), ContextValue::Bool(true));
        assert_eq!(flag("3600"), ContextValue::Number(3600.0));
        assert_eq!(flag("inf"), ContextValue::String("inf"));
        assert_eq!(
            flag("10.0.0.1"),
            ContextValue::Ip("10.0.0.1".parse().unwrap())
        );
        assert_eq!(string("true"), ContextValue::String("true"));
        assert_eq!(string("alice"), ContextValue::String("alice"));
    }

    #[test]
    fn dates_in_utc() {
        assert_eq!(iso8601_utc("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(iso8601_utc("2000-03-01T00:00:00Z"), Some(951_868_800));
        assert_eq!(iso8601_utc("2024-05-01T12:30:15.250Z"), Some(1_714_566_615));
        assert_eq!(iso8601_utc("2023-02-29T00:00:00Z"), None);
        assert_eq!(iso8601_utc("2024-05-01T12:30:15+02:00"), None);
        assert_eq!(
            string("2024-05-01T12:30:15Z"),
            ContextValue::Date(1_714_566_615)
        );
    }
}
