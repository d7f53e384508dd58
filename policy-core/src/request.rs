//! What a guard call asks: an action on a resource, by a principal, in a context.

use core::net::IpAddr;

/// An action name such as `cloudtrail:StopLogging`, split at its colon once.
///
/// Built from a `&str` (`Request::new` accepts either), or as a constant by `action!`, which
/// also checks the name against the service catalog at compile time.
///
/// ```
/// use policy_core::Action;
/// let action = Action::new("cloudtrail:StopLogging");
/// assert_eq!(action.service(), Some("cloudtrail"));
/// assert_eq!(action.name(), "StopLogging");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Action<'a> {
    text: &'a str,
    /// Position of the first `:`, or `usize::MAX` when there is none.
    colon: usize,
}

impl<'a> Action<'a> {
    /// Splits `text` at its first colon.
    pub const fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut colon = usize::MAX;
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b':' {
                colon = i;
                break;
            }
            i += 1;
        }
        Action { text, colon }
    }

    /// The whole action, as given.
    pub const fn as_str(&self) -> &'a str {
        self.text
    }

    /// The service prefix before the colon, if there is a colon.
    pub fn service(&self) -> Option<&'a str> {
        self.text.get(..self.colon)
    }

    /// The name after the colon (the whole text when there is no colon).
    pub fn name(&self) -> &'a str {
        match self.colon.checked_add(1) {
            Some(start) => self.text.get(start..).unwrap_or(self.text),
            None => self.text,
        }
    }
}

impl<'a> From<&'a str> for Action<'a> {
    fn from(text: &'a str) -> Self {
        Action::new(text)
    }
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
/// ```
/// use policy_core::{Context, ContextValue};
/// const CONTEXT: Context = Context::new(&[
///     ("aws:username", ContextValue::String("alice")),
///     ("aws:MultiFactorAuthPresent", ContextValue::Bool(true)),
/// ]);
/// assert_eq!(CONTEXT.get("AWS:UserName"), Some(ContextValue::String("alice")));
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Context<'a> {
    entries: &'a [(&'a str, ContextValue<'a>)],
}

impl<'a> Context<'a> {
    /// A context without keys.
    pub const EMPTY: Context<'static> = Context { entries: &[] };

    /// A context of the given keys and values.
    pub const fn new(entries: &'a [(&'a str, ContextValue<'a>)]) -> Self {
        Context { entries }
    }

    /// The value of `key`, compared without ASCII case; the first entry wins.
    pub fn get(&self, key: &str) -> Option<ContextValue<'a>> {
        self.entries
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(key))
            .map(|(_, value)| *value)
    }

    /// The keys and values, as given.
    pub const fn entries(&self) -> &'a [(&'a str, ContextValue<'a>)] {
        self.entries
    }
}

/// Who makes a request, for resource-based policies that name principals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
/// use policy_core::{Context, ContextValue, Principal, Request};
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
}
