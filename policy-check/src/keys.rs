//! The global condition keys (`aws:…`, IAM reference section 8): their types and whether they
//! hold several values.

/// The type of a condition key's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    /// Text.
    String,
    /// An ARN.
    Arn,
    /// `true`/`false`.
    Bool,
    /// A number.
    Numeric,
    /// A date (`aws:EpochTime` also takes numbers).
    Date,
    /// An IP address.
    Ip,
}

/// A known condition key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyInfo {
    /// The name as AWS documents it (for tag keys, the part before `/`).
    pub name: &'static str,
    /// The values' type.
    pub kind: KeyType,
    /// Whether a request can carry several values (`aws:TagKeys`).
    pub multivalued: bool,
    /// Whether the key needs a `/tag-key` part (`aws:ResourceTag/env`).
    pub tagged: bool,
}

const fn key(name: &'static str, kind: KeyType) -> KeyInfo {
    KeyInfo {
        name,
        kind,
        multivalued: false,
        tagged: false,
    }
}

const fn many(name: &'static str) -> KeyInfo {
    KeyInfo {
        name,
        kind: KeyType::String,
        multivalued: true,
        tagged: false,
    }
}

const fn tag(name: &'static str) -> KeyInfo {
    KeyInfo {
        name,
        kind: KeyType::String,
        multivalued: false,
        tagged: true,
    }
}

use KeyType::{Arn, Bool, Date, Ip, Numeric, String as Str};

/// The global condition keys.
pub const GLOBAL_KEYS: &[KeyInfo] = &[
    key("aws:PrincipalArn", Arn),
    key("aws:PrincipalAccount", Str),
    key("aws:PrincipalOrgID", Str),
    key("aws:PrincipalOrgMasterAccountId", Str),
    many("aws:PrincipalOrgPaths"),
    tag("aws:PrincipalTag"),
    key("aws:PrincipalIsAWSService", Bool),
    key("aws:PrincipalServiceName", Str),
    many("aws:PrincipalServiceNamesList"),
    key("aws:PrincipalType", Str),
    key("aws:userid", Str),
    key("aws:username", Str),
    key("aws:AssumedRoot", Bool),
    key("aws:FederatedProvider", Str),
    key("aws:TokenIssueTime", Date),
    key("aws:MultiFactorAuthPresent", Bool),
    key("aws:MultiFactorAuthAge", Numeric),
    key("aws:SourceIdentity", Str),
    key("aws:SignInSessionArn", Arn),
    key("aws:ChatbotSourceArn", Arn),
    key("aws:Ec2InstanceSourceVpc", Str),
    key("aws:Ec2InstanceSourcePrivateIPv4", Ip),
    key("aws:SourceIp", Ip),
    key("aws:SourceVpc", Str),
    key("aws:SourceVpce", Str),
    key("aws:SourceVpcArn", Arn),
    key("aws:VpcSourceIp", Ip),
    key("aws:VpceAccount", Str),
    key("aws:VpceOrgID", Str),
    many("aws:VpceOrgPaths"),
    key("aws:ResourceAccount", Str),
    key("aws:ResourceOrgID", Str),
    many("aws:ResourceOrgPaths"),
    tag("aws:ResourceTag"),
    tag("aws:RequestTag"),
    many("aws:TagKeys"),
    key("aws:RequestedRegion", Str),
    key("aws:CurrentTime", Date),
    key("aws:EpochTime", Date),
    key("aws:SecureTransport", Bool),
    key("aws:ViaAWSService", Bool),
    key("aws:UserAgent", Str),
    many("aws:CalledVia"),
    key("aws:CalledViaFirst", Str),
    key("aws:CalledViaLast", Str),
    key("aws:SourceAccount", Str),
    key("aws:SourceArn", Arn),
    key("aws:SourceOrgID", Str),
    many("aws:SourceOrgPaths"),
    key("aws:referer", Str),
    key("aws:IsMcpServiceAction", Bool),
    key("aws:ViaAWSMCPService", Bool),
    key("aws:CalledViaAWSMCP", Str),
];

/// The global key `name` (case-insensitive; `aws:ResourceTag/env` finds `aws:ResourceTag`).
///
/// ```
/// use policy_check::keys::{global, KeyType};
/// assert_eq!(global("AWS:SourceIP").unwrap().kind, KeyType::Ip);
/// assert!(global("aws:TagKeys").unwrap().multivalued);
/// assert!(global("aws:ResourceTag/env").unwrap().tagged);
/// assert!(global("s3:prefix").is_none());
/// ```
pub fn global(name: &str) -> Option<&'static KeyInfo> {
    let base = name.split_once('/').map_or(name, |(base, _)| base);
    GLOBAL_KEYS
        .iter()
        .find(|k| k.name.eq_ignore_ascii_case(base))
}

/// Global keys that take neither policy variables nor wildcards (IAM reference 7).
pub const SENSITIVE_KEYS: &[&str] = &[
    "aws:PrincipalAccount",
    "aws:PrincipalOrgID",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:SourceAccount",
    "aws:SourceOrgID",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:VpceAccount",
    "aws:VpceOrgID",
];
