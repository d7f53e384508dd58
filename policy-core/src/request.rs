//! What a guard call asks: an action on a resource, by a principal, in a context.

use core::net::IpAddr;

use crate::glob::{bytes_equal, equals_lowercase, Case};
use crate::name_hash::{hash_name, name_hash};
use crate::words::find_either;

/// An action name such as `cloudtrail:StopLogging`, with the hash the tables are searched by.
///
/// Built from a `&str` (`Request::new` accepts either), or as a constant by `action!`, which
/// also checks the name against the service catalog at compile time and hashes it then.
///
/// ```
/// use iam_policy_core::Action;
/// let action = Action::new("cloudtrail:StopLogging");
/// assert_eq!(action.service(), Some("cloudtrail"));
/// assert_eq!(action.name(), "StopLogging");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Action<'a> {
    text: &'a str,
    /// [`name_hash`] of the whole text: what the tables' exact actions are searched by.
    hash: u32,
}

impl<'a> Action<'a> {
    /// The action `text`, hashed (at compile time in a constant).
    pub const fn new(text: &'a str) -> Self {
        Action {
            text,
            hash: name_hash(text.as_bytes()),
        }
    }

    /// The whole action, as given.
    pub const fn as_str(&self) -> &'a str {
        self.text
    }

    /// The service prefix before the first colon, if there is a colon.
    pub fn service(&self) -> Option<&'a str> {
        self.text.get(..first_colon(self.text.as_bytes())?)
    }

    /// The name after the first colon (the whole text when there is no colon).
    pub fn name(&self) -> &'a str {
        match first_colon(self.text.as_bytes()) {
            Some(colon) => self.text.get(colon + 1..).unwrap_or(self.text),
            None => self.text,
        }
    }

    /// The service prefix and the name as bytes, split at the first colon (no
    /// character-boundary checks: the colon is ASCII).
    #[inline]
    pub(crate) fn split(&self) -> Option<(&'a [u8], &'a [u8])> {
        let bytes = self.text.as_bytes();
        let colon = first_colon(bytes)?;
        Some((bytes.get(..colon)?, bytes.get(colon + 1..)?))
    }

    /// The hash of the whole text, ASCII case ignored.
    #[inline]
    pub(crate) const fn hash(&self) -> u32 {
        self.hash
    }
}

impl<'a> From<&'a str> for Action<'a> {
    /// [`Action::new`], hashing eight bytes at a time (what `Request::new("s3:GetObject", …)`
    /// does on every guard call).
    #[inline]
    fn from(text: &'a str) -> Self {
        Action {
            text,
            hash: hash_name(text.as_bytes()),
        }
    }
}

/// The position of the first `:` in `bytes`.
#[inline]
fn first_colon(bytes: &[u8]) -> Option<usize> {
    find_either(bytes, b':', b':')
}

impl core::fmt::Display for Action<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.text)
    }
}

/// A typed value of a condition key in the request context. Values borrow from the caller.
///
/// Operators read the type they need; a `String` is also read as a number, a date (ISO 8601
/// or epoch seconds), a boolean (`true`/`false`, any case), an IP address or bytes when the
/// operator wants one, and a `Bool` as the text `true`/`false`. A value that cannot be read
/// as the operator's type matches no policy value (so positive operators fail and negated
/// ones succeed). `Strings` is the only multi-valued form.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum ContextValue<'a> {
    /// A single string (`aws:username`, `aws:PrincipalTag/team`).
    String(&'a str),
    /// A multi-valued key (`aws:TagKeys`, `aws:CalledVia`).
    Strings(&'a [&'a str]),
    /// A number (`aws:MultiFactorAuthAge`).
    Number(f64),
    /// An instant, in seconds since the Unix epoch, UTC (`aws:CurrentTime`).
    Date(i64),
    /// A boolean (`aws:MultiFactorAuthPresent`, `aws:SecureTransport`).
    Bool(bool),
    /// An IP address (`aws:SourceIp`).
    Ip(IpAddr),
    /// Raw bytes, for `BinaryEquals`.
    Binary(&'a [u8]),
}

/// The condition context of a request: condition keys and their values.
///
/// Key names are matched without case, as IAM does.
///
/// A context of constant entries is a constant, so `Context::new(&[…])` written inline lives
/// as long as the program; a context with values computed at run time needs its entries in a
/// binding of their own (`let entries = [...];`) when the request outlives the statement.
///
/// ```
/// use iam_policy_core::{Context, ContextValue};
/// const CONTEXT: Context = Context::new(&[
///     ("aws:username", ContextValue::String("alice")),
///     ("aws:MultiFactorAuthPresent", ContextValue::Bool(true)),
/// ]);
/// assert_eq!(CONTEXT.get("AWS:UserName"), Some(ContextValue::String("alice")));
/// ```
#[derive(Clone, Copy, Default)]
pub struct Context<'a> {
    entries: &'a [(&'a str, ContextValue<'a>)],
    /// Keys filled from what else is known of the request (a [`Chain`](crate::Chain)'s
    /// accounts and caller), read when `entries` lacks them.
    derived: Option<&'a (dyn DerivedKeys + 'a)>,
}

/// Condition keys whose values follow from the request's description rather than from its
/// context entries (`aws:PrincipalAccount`, `aws:ResourceAccount`, …).
pub(crate) trait DerivedKeys {
    /// The value of `key`, if this source knows it.
    fn value(&self, key: &str) -> Option<ContextValue<'_>>;

    /// The account of the request's principal as its own ARN says it
    /// ([`principal_account`](crate::principal_account)), when this source has read it
    /// already (`Some(None)`: a principal without one), so that matching `Principal`
    /// entries does not read the ARN again.
    fn caller_account(&self) -> Option<Option<&str>> {
        None
    }
}

impl core::fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Context")
            .field("entries", &self.entries)
            .field("derived", &self.derived.is_some())
            .finish()
    }
}

impl<'a> Context<'a> {
    /// A context without keys.
    pub const EMPTY: Context<'static> = Context {
        entries: &[],
        derived: None,
    };

    /// A context of the given keys and values.
    pub const fn new(entries: &'a [(&'a str, ContextValue<'a>)]) -> Self {
        Context {
            entries,
            derived: None,
        }
    }

    /// This context, with `derived` answering for the keys its entries lack.
    pub(crate) fn with_derived(self, derived: &'a (dyn DerivedKeys + 'a)) -> Self {
        Context {
            entries: self.entries,
            derived: Some(derived),
        }
    }

    /// The value of `key`, compared without ASCII case; the first entry wins.
    ///
    /// ```
    /// use iam_policy_core::{Context, ContextValue};
    /// let entries = [
    ///     ("aws:SourceVpc", ContextValue::String("vpc-1a2b3c4d")),
    ///     ("aws:username", ContextValue::String("alice")),
    /// ];
    /// let context = Context::new(&entries);
    /// assert_eq!(context.get("AWS:UserName"), Some(ContextValue::String("alice")));
    /// assert_eq!(context.get("aws:user"), None);
    /// ```
    #[inline]
    pub fn get(&self, key: &str) -> Option<ContextValue<'a>> {
        for (name, value) in self.entries {
            if bytes_equal(name.as_bytes(), key.as_bytes(), Case::Insensitive) {
                return Some(*value);
            }
        }
        self.derived(key)
    }

    /// The value the first entry gives `key`, a condition key as lowering stores it (without
    /// ASCII capitals): [`Context::get`] without the derived keys, folding the entries' names
    /// only.
    #[inline(always)]
    pub(crate) fn given_lowercase(&self, key: &[u8]) -> Option<&'a ContextValue<'a>> {
        for (name, value) in self.entries {
            if equals_lowercase(key, name.as_bytes()) {
                return Some(value);
            }
        }
        None
    }

    /// The value of `key` from the derived source, if any ([`Context::get`] once the entries
    /// lack the key).
    #[inline]
    pub(crate) fn derived(&self, key: &str) -> Option<ContextValue<'a>> {
        self.derived?.value(key)
    }

    /// The account of the request's principal, if a derived source has read it
    /// ([`DerivedKeys::caller_account`]).
    #[inline]
    pub(crate) fn caller_account(&self) -> Option<Option<&'a str>> {
        self.derived.and_then(|derived| derived.caller_account())
    }

    /// The keys and values, as given.
    pub const fn entries(&self) -> &'a [(&'a str, ContextValue<'a>)] {
        self.entries
    }
}

/// Who makes a request, for resource-based policies that name principals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Principal<'a> {
    /// An IAM principal by ARN (`arn:aws:iam::111122223333:user/Bob`, an assumed-role session).
    Aws(&'a str),
    /// An AWS service (`ec2.amazonaws.com`).
    Service(&'a str),
    /// A federated identity provider (`accounts.google.com`, a SAML provider ARN).
    Federated(&'a str),
    /// An S3 canonical user id.
    CanonicalUser(&'a str),
    /// An unauthenticated caller.
    Anonymous,
}

/// A request to authorize: an action on a resource, with an optional principal and context.
///
/// ```
/// use iam_policy_core::{Context, ContextValue, Principal, Request};
/// let context = [("aws:username", ContextValue::String("alice"))];
/// let request = Request::new("s3:GetObject", "arn:aws:s3:::bucket/home/alice/notes.txt")
///     .with_principal(Principal::Aws("arn:aws:iam::111122223333:user/alice"))
///     .with_context(Context::new(&context));
/// assert_eq!(request.action().as_str(), "s3:GetObject");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    action: Action<'a>,
    resource: &'a str,
    principal: Option<Principal<'a>>,
    context: Context<'a>,
}

impl<'a> Request<'a> {
    /// A request for `action` on `resource` (an ARN, or `*` for actions without resources).
    pub fn new(action: impl Into<Action<'a>>, resource: &'a str) -> Self {
        Request {
            action: action.into(),
            resource,
            principal: None,
            context: Context::EMPTY,
        }
    }

    /// Sets who makes the request.
    pub const fn with_principal(mut self, principal: Principal<'a>) -> Self {
        self.principal = Some(principal);
        self
    }

    /// Sets the condition context.
    pub const fn with_context(mut self, context: Context<'a>) -> Self {
        self.context = context;
        self
    }

    /// The requested action.
    pub const fn action(&self) -> Action<'a> {
        self.action
    }

    /// The resource the action is on.
    pub const fn resource(&self) -> &'a str {
        self.resource
    }

    /// Who makes the request, if known.
    pub const fn principal(&self) -> Option<Principal<'a>> {
        self.principal
    }

    /// The condition context.
    pub const fn context(&self) -> Context<'a> {
        self.context
    }

    /// The condition context, borrowed (no copy where a reference does).
    #[inline(always)]
    pub(crate) const fn context_ref(&self) -> &Context<'a> {
        &self.context
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_wise_colon_search_and_hash_agree_with_the_plain_ones() {
        let texts = [
            "",
            ":",
            "a",
            "s3:GetObject",
            "kms:X",
            "cloudtrail:StopLogging",
            "abcdefg:",
            "abcdefgh:",
            "abcdefghi:",
            "abcdefghijklmnop",
            "abcdefghijklmnop:q",
            "a:b:c",
            "ec2-instance-connect:SendSSHPublicKey",
            "\u{e9}\u{e9}\u{e9}\u{e9}:x",
            "nocolon",
        ];
        for text in texts {
            for start in 0..=text.len() {
                let Some(text) = text.get(start..) else {
                    continue;
                };
                let action = Action::from(text);
                assert_eq!(action, Action::new(text), "{text:?}");
                let expected = text.split_once(':');
                assert_eq!(
                    action.service(),
                    expected.map(|(prefix, _)| prefix),
                    "{text:?}"
                );
                assert_eq!(
                    action.name(),
                    expected.map_or(text, |(_, name)| name),
                    "{text:?}"
                );
            }
        }
        // A colon in every position of a 20-byte text, and bytes that differ from `:` by one
        // bit (`;`, `8`, `z`, 0xBA as part of a character) around it.
        for position in 0..20 {
            let mut text = [b'z'; 20];
            text[position] = b':';
            if position > 0 {
                text[position - 1] = b';';
            }
            let text = core::str::from_utf8(&text).unwrap_or("");
            assert_eq!(
                Action::from(text).service().map(str::len),
                Some(position),
                "{text:?}"
            );
        }
    }
}
