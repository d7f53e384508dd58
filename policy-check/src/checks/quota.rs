//! IAM's size quotas: a finding, not a limit.
//!
//! IAM refuses a managed policy over 6,144 characters, and the inline policies of a user,
//! group or role over 2,048, 5,120 or 10,240 characters in total, counting the document
//! without white space (IAM reference, section 10). An application that evaluates its own
//! policies may go beyond them, so exceeding the quota is a warning; which quota applies is
//! [`Options::quota`](crate::Options::quota), managed policies by default. The hard limits
//! that protect the process are [`crate::Limits`].
//!
//! ```
//! use iam_policy_check::{check_text, Options, SizeQuota};
//! let buckets: Vec<String> = (0..300).map(|i| format!("\"arn:aws:s3:::bucket-{i}/*\"")).collect();
//! let text = format!(
//!     r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": [{}]}}}}"#,
//!     buckets.join(", ")
//! );
//! let managed = check_text(&text, &Options::default());
//! assert_eq!(managed.diagnostics[0].code, "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA");
//! assert!(managed.tables.is_some(), "a warning does not stop the policy from loading");
//! let own = Options::default().with_quota(SizeQuota::Unchecked);
//! assert!(check_text(&text, &own).diagnostics.is_empty());
//! ```

use crate::diagnostic::{Diagnostic, Loc};
use crate::lint;
use crate::syntax::json::{Token, TokenKind};
use crate::{Options, PolicyKind};

/// Which of IAM's size quotas a document is checked against ([`Options::quota`](crate::Options::quota)).
///
/// The identity-policy quotas (`Managed`, `Inline…`) apply to identity policies only; a
/// resource-based policy is checked only when the quota is [`SizeQuota::RoleTrust`] (other
/// resource policies have per-service quotas this crate does not know).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SizeQuota {
    /// A managed policy: 6,144 characters (the default).
    #[default]
    Managed,
    /// The inline policies of a user, in total: 2,048 characters.
    InlineUser,
    /// The inline policies of a group, in total: 5,120 characters.
    InlineGroup,
    /// The inline policies of a role, in total: 10,240 characters.
    InlineRole,
    /// A role's trust policy: 2,048 characters (IAM's default; it can be raised to 4,096).
    RoleTrust,
    /// No IAM quota: the application evaluates the policy itself and IAM never sees it.
    Unchecked,
}

impl SizeQuota {
    /// The quota in characters of minified JSON; `None` for [`SizeQuota::Unchecked`].
    ///
    /// ```
    /// assert_eq!(iam_policy_check::SizeQuota::default().characters(), Some(6_144));
    /// ```
    pub const fn characters(self) -> Option<usize> {
        match self {
            SizeQuota::Managed => Some(6_144),
            SizeQuota::InlineUser => Some(2_048),
            SizeQuota::InlineGroup => Some(5_120),
            SizeQuota::InlineRole => Some(10_240),
            SizeQuota::RoleTrust => Some(2_048),
            SizeQuota::Unchecked => None,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            SizeQuota::Managed => "a managed policy",
            SizeQuota::InlineUser => "the inline policies of a user",
            SizeQuota::InlineGroup => "the inline policies of a group",
            SizeQuota::InlineRole => "the inline policies of a role",
            SizeQuota::RoleTrust => "a role trust policy",
            SizeQuota::Unchecked => "no policy",
        }
    }

    fn code(self) -> lint::Code {
        match self {
            SizeQuota::RoleTrust => lint::POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA,
            _ => lint::POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA,
        }
    }
}

/// The size IAM counts: characters of the document written as minified JSON (white space
/// outside strings removed). Strings count as written with JSON's short escapes.
///
/// ```
/// use iam_policy_check::{lexer::tokenize, quota::minified_size, Limits};
/// let tokens = tokenize(r#"{ "Sid" : "a\"é" }"#, &Limits::default()).unwrap();
/// assert_eq!(minified_size(&tokens), r#"{"Sid":"a\"é"}"#.chars().count());
/// ```
pub fn minified_size(tokens: &[Token]) -> usize {
    tokens
        .iter()
        .map(|token| match &token.kind {
            TokenKind::OpenBrace
            | TokenKind::CloseBrace
            | TokenKind::OpenBracket
            | TokenKind::CloseBracket
            | TokenKind::Colon
            | TokenKind::Comma => 1,
            TokenKind::String(text) => 2 + escaped_size(text),
            TokenKind::Number(text) => text.chars().count(),
            TokenKind::Bool(true) => 4,
            TokenKind::Bool(false) => 5,
            TokenKind::Null => 4,
            TokenKind::Invalid { .. } => 1,
        })
        .sum()
}

/// The characters of `text` written with JSON's short escapes.
fn escaped_size(text: &str) -> usize {
    // Printable ASCII without `"` and `\` (the usual text) is written as it is.
    let plain = crate::swar::none(text.as_bytes(), |w| {
        use crate::swar::{below, equal, high};
        below(w, 0x20) | high(w) | equal(w, b'"') | equal(w, b'\\')
    });
    if plain {
        return text.len();
    }
    text.chars().map(escaped_length).sum()
}

fn escaped_length(c: char) -> usize {
    match c {
        '"' | '\\' | '\u{8}' | '\u{c}' | '\n' | '\r' | '\t' => 2,
        c if (c as u32) < 0x20 => 6,
        _ => 1,
    }
}

/// The quota finding for a document, if it is over the quota that applies.
pub(crate) fn check(tokens: &[Token], options: &Options) -> Option<Diagnostic> {
    // A trust policy is held to the role trust policy quota unless another one is asked for.
    let quota = match (options.kind, options.quota) {
        (PolicyKind::Trust, SizeQuota::Managed) => SizeQuota::RoleTrust,
        (_, quota) => quota,
    };
    if quota == SizeQuota::Unchecked {
        return None;
    }
    let (limit, code, describe) = match options.kind {
        // Organizations' quota for both control policies.
        PolicyKind::Scp => (
            5_120,
            lint::POLICY_SIZE_EXCEEDS_SCP_QUOTA,
            "a service control policy",
        ),
        PolicyKind::Rcp => (
            5_120,
            lint::POLICY_SIZE_EXCEEDS_RCP_QUOTA,
            "a resource control policy",
        ),
        kind if quota != SizeQuota::RoleTrust && !kind.is_identity_grammar() => return None,
        _ => (quota.characters()?, quota.code(), quota.describe()),
    };
    let size = minified_size(tokens);
    if size <= limit {
        return None;
    }
    let loc = match (tokens.first(), tokens.last()) {
        (Some(first), Some(last)) => first.loc.to(last.loc),
        _ => Loc::new(0, 0),
    };
    Some(
        Diagnostic::new(
            code,
            loc,
            format!(
                "the policy is {size} characters without white space, over AWS's quota of {limit} for {describe}"
            ),
        )
        .with_help(
            "IAM would refuse it: split it into several policies; if only this application evaluates it, set `Options::quota` to `SizeQuota::Unchecked`",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check_text;
    use crate::Severity;

    /// A policy of exactly `size` minified characters.
    fn policy_of(size: usize) -> String {
        let head = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::"#;
        let tail = r#""}}"#;
        let fill = size - head.len() - tail.len();
        format!("{head}{}{tail}", "b".repeat(fill))
    }

    fn quota_codes(text: &str, kind: PolicyKind, quota: SizeQuota) -> Vec<&'static str> {
        let options = Options {
            kind,
            quota,
            ..Options::default()
        };
        check_text(text, &options)
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .filter(|c| c.starts_with("POLICY_SIZE"))
            .collect()
    }

    #[test]
    fn each_identity_quota_warns_one_character_over_it() {
        for quota in [
            SizeQuota::Managed,
            SizeQuota::InlineUser,
            SizeQuota::InlineGroup,
            SizeQuota::InlineRole,
        ] {
            let limit = quota.characters().unwrap();
            let at = policy_of(limit);
            assert_eq!(at.chars().count(), limit);
            assert!(quota_codes(&at, PolicyKind::Identity, quota).is_empty());
            let over = policy_of(limit + 1);
            assert_eq!(
                quota_codes(&over, PolicyKind::Identity, quota),
                ["POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA"],
                "{quota:?}"
            );
        }
    }

    #[test]
    fn white_space_outside_strings_is_not_counted() {
        let limit = SizeQuota::InlineUser.characters().unwrap();
        let spaced = policy_of(limit)
            .replace("\",\"", "\" ,\n\t \"")
            .replace("\":", "\" : ")
            .replace('{', "{ ");
        assert!(spaced.len() > limit);
        assert!(quota_codes(&spaced, PolicyKind::Identity, SizeQuota::InlineUser).is_empty());
    }

    #[test]
    fn the_warning_is_a_warning_and_the_policy_loads() {
        let text = policy_of(7_000);
        let checked = check_text(&text, &Options::default());
        let warning = &checked.diagnostics[0];
        assert_eq!(warning.severity, Severity::Warning);
        assert!(
            warning.message.contains("7000 characters"),
            "{}",
            warning.message
        );
        assert!(warning.message.contains("6144"));
        assert!(checked.tables.is_some());
    }

    #[test]
    fn unchecked_and_resource_policies_skip_identity_quotas() {
        let text = policy_of(20_000);
        assert!(quota_codes(&text, PolicyKind::Identity, SizeQuota::Unchecked).is_empty());
        assert!(quota_codes(&text, PolicyKind::Resource, SizeQuota::Managed).is_empty());
        assert_eq!(
            quota_codes(&text, PolicyKind::Resource, SizeQuota::RoleTrust),
            ["POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA"]
        );
    }
}
