//! Request values from text: principals and condition context values.
//!
//! Context text stays text ([`ContextValue::String`]): the evaluator reads a string as the
//! type its operator compares (an IP address for `IpAddress`, an instant for `Date…`, a number
//! for `Numeric…`, `true`/`false` for `Bool`), so the same `203.0.113.7` also works with
//! `StringLike`, as in IAM, where every request value arrives as text. In a requests file, JSON
//! numbers and booleans keep their type; an array of strings is a multi-valued key. On the
//! command line (`--context KEY=VALUE`) a key given several times is multi-valued.

use iam_policy_core::{ContextValue, Principal};

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

/// A context value given as text (`--context KEY=VALUE`, a JSON string of a requests file).
pub fn text(text: &str) -> ContextValue<'_> {
    ContextValue::String(text)
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
    fn text_stays_text() {
        assert_eq!(text("10.0.0.1"), ContextValue::String("10.0.0.1"));
        assert_eq!(text("true"), ContextValue::String("true"));
    }
}
