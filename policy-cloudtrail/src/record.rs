//! One CloudTrail record: the fields a mapping to IAM requests reads, borrowed from the text
//! they were parsed from where they hold no escapes. Every other field is skipped.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

/// A text field, borrowed when it has no escape sequences.
pub type Text<'a> = Cow<'a, str>;

/// A CloudTrail record (`eventVersion` 1.x).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record<'a> {
    #[serde(borrow, rename = "eventID")]
    pub event_id: Option<Text<'a>>,
    #[serde(borrow)]
    pub event_time: Option<Text<'a>>,
    /// The service's host name, such as `cloudtrail.amazonaws.com`.
    #[serde(borrow)]
    pub event_source: Option<Text<'a>>,
    /// The API operation, such as `StopLogging`.
    #[serde(borrow)]
    pub event_name: Option<Text<'a>>,
    #[serde(borrow)]
    pub event_type: Option<Text<'a>>,
    #[serde(borrow)]
    pub aws_region: Option<Text<'a>>,
    /// An IP address, or a service's host name when a service called.
    #[serde(borrow, rename = "sourceIPAddress")]
    pub source_ip_address: Option<Text<'a>>,
    #[serde(borrow)]
    pub user_agent: Option<Text<'a>>,
    #[serde(borrow)]
    pub error_code: Option<Text<'a>>,
    #[serde(borrow)]
    pub recipient_account_id: Option<Text<'a>>,
    #[serde(borrow)]
    pub vpc_endpoint_id: Option<Text<'a>>,
    #[serde(borrow)]
    pub user_identity: Option<UserIdentity<'a>>,
    #[serde(borrow, default)]
    pub resources: Option<Vec<Resource<'a>>>,
    /// Kept as text: read only by the mappings that need one of its parameters.
    #[serde(borrow)]
    pub request_parameters: Option<&'a RawValue>,
    /// Present when the call came over TLS.
    #[serde(borrow)]
    pub tls_details: Option<&'a RawValue>,
}

/// `userIdentity`: who made the call.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserIdentity<'a> {
    /// `IAMUser`, `AssumedRole`, `FederatedUser`, `AWSService`, `Root`, `AWSAccount`,
    /// `SAMLUser`, `WebIdentityUser`, `IdentityCenterUser`, `Unknown`.
    #[serde(borrow, rename = "type")]
    pub kind: Option<Text<'a>>,
    #[serde(borrow)]
    pub principal_id: Option<Text<'a>>,
    #[serde(borrow)]
    pub arn: Option<Text<'a>>,
    #[serde(borrow)]
    pub account_id: Option<Text<'a>>,
    #[serde(borrow)]
    pub user_name: Option<Text<'a>>,
    /// The service that made the call for the principal (`cloudformation.amazonaws.com`).
    #[serde(borrow)]
    pub invoked_by: Option<Text<'a>>,
    #[serde(borrow)]
    pub identity_provider: Option<Text<'a>>,
    #[serde(borrow)]
    pub session_context: Option<SessionContext<'a>>,
}

/// `userIdentity.sessionContext`: a call made with temporary credentials.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionContext<'a> {
    #[serde(borrow)]
    pub attributes: Option<SessionAttributes<'a>>,
    #[serde(borrow)]
    pub session_issuer: Option<SessionIssuer<'a>>,
}

/// `sessionContext.attributes`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionAttributes<'a> {
    /// `"true"` or `"false"`.
    #[serde(borrow)]
    pub mfa_authenticated: Option<Text<'a>>,
    #[serde(borrow)]
    pub creation_date: Option<Text<'a>>,
}

/// `sessionContext.sessionIssuer`: the role (or user) whose session made the call.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionIssuer<'a> {
    #[serde(borrow, rename = "type")]
    pub kind: Option<Text<'a>>,
    #[serde(borrow)]
    pub arn: Option<Text<'a>>,
}

/// An entry of `resources[]`.
#[derive(Debug, Default, Deserialize)]
pub struct Resource<'a> {
    #[serde(borrow, rename = "ARN")]
    pub arn: Option<Text<'a>>,
    #[serde(borrow, rename = "accountId")]
    pub account_id: Option<Text<'a>>,
    #[serde(borrow, rename = "type")]
    pub kind: Option<Text<'a>>,
}

/// A field's text, `""` when absent.
pub fn text<'r>(field: &'r Option<Text<'_>>) -> &'r str {
    field.as_deref().unwrap_or("")
}

impl<'a> Record<'a> {
    /// Parses one record from its JSON text.
    ///
    /// ```
    /// let record = iam_policy_cloudtrail::Record::parse(
    ///     r#"{"eventSource": "cloudtrail.amazonaws.com", "eventName": "StopLogging", "extra": [1]}"#,
    /// ).unwrap();
    /// assert_eq!(record.event_name.as_deref(), Some("StopLogging"));
    /// ```
    pub fn parse(text: &'a str) -> Result<Record<'a>, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Parses one record from JSON bytes.
    pub fn parse_bytes(bytes: &'a [u8]) -> Result<Record<'a>, serde_json::Error> {
        serde_json::from_slice(bytes)
    }
}
