//! The registry of findings: every code the checker reports, declared once with its default
//! level, its group, a one-line summary and where the rule comes from.
//!
//! Levels follow one principle, as rustc's lints do:
//! - [`DefaultLevel::Hard`]: the document is not a policy IAM would store (JSON, grammar, types,
//!   `Effect`, `Version`, an element where none belongs, an action or ARN shape IAM refuses), or
//!   the evaluator cannot represent it. Hard errors cannot be silenced.
//! - [`DefaultLevel::Deny`]: IAM stores the policy, but it cannot do what it says (a name the
//!   catalog does not know, a near miss of a known key). An error unless allowed.
//! - [`DefaultLevel::Warn`]: likely wrong or dangerous (security findings, qualifier misuse, type
//!   mismatches, retired names, quotas).
//! - [`DefaultLevel::Suggest`]: IAM Access Analyzer's suggestion class: access is unchanged.
//! - [`DefaultLevel::Allow`]: suggestions decided by the access analysis, which costs more than
//!   every other check together: reported once a level is set for them.
//!
//! ```
//! use iam_policy_check::lint::{self, DefaultLevel, Group};
//!
//! let effect = lint::lookup("INVALID_EFFECT").unwrap();
//! assert_eq!(effect.lint().default, DefaultLevel::Hard);
//! assert_eq!(effect.lint().group, Group::Grammar);
//! assert_eq!(lint::INVALID_EFFECT, "INVALID_EFFECT");
//! ```

use std::fmt;

/// What a group of findings is about; levels can be set for a whole group (`#[allow(quota)]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// The text is not JSON, or exceeds the checker's limits.
    Syntax,
    /// The JSON is not a policy: elements, types, `Effect`, `Version`, `Sid`.
    Grammar,
    /// Resource ARNs.
    Arn,
    /// Action names and their shape.
    Action,
    /// Names checked against the service catalog: services, actions, resource types, keys.
    Catalog,
    /// `Condition` blocks: operators, keys, values, variables.
    Condition,
    /// `Principal` and `NotPrincipal`.
    Principal,
    /// Grants wider than they probably mean to be.
    Security,
    /// IAM's size quotas.
    Quota,
    /// Style: access is unchanged.
    Suggestion,
}

impl Group {
    /// Every group, in the order above.
    pub const ALL: [Group; 10] = [
        Group::Syntax,
        Group::Grammar,
        Group::Arn,
        Group::Action,
        Group::Catalog,
        Group::Condition,
        Group::Principal,
        Group::Security,
        Group::Quota,
        Group::Suggestion,
    ];

    /// The name used in level settings: `syntax`, `grammar`, … `suggestion`.
    pub const fn name(self) -> &'static str {
        match self {
            Group::Syntax => "syntax",
            Group::Grammar => "grammar",
            Group::Arn => "arn",
            Group::Action => "action",
            Group::Catalog => "catalog",
            Group::Condition => "condition",
            Group::Principal => "principal",
            Group::Security => "security",
            Group::Quota => "quota",
            Group::Suggestion => "suggestion",
        }
    }

    /// The group named `name` (ASCII case ignored).
    pub fn from_name(name: &str) -> Option<Group> {
        Group::ALL
            .into_iter()
            .find(|g| g.name().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The level a finding has when nobody sets one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DefaultLevel {
    /// Always an error: the document is not a policy IAM would store, or the evaluator cannot
    /// represent it.
    Hard,
    /// An error unless allowed: IAM stores it, but it cannot do what it says.
    Deny,
    /// A warning.
    Warn,
    /// A suggestion: shown by the command-line tool, silent in builds.
    Suggest,
    /// Not reported until a level is set: suggestions that need the access analysis (about a
    /// millisecond a policy, more than all the other checks).
    Allow,
}

impl DefaultLevel {
    /// The settable level this default amounts to (`None` for hard errors).
    pub const fn level(self) -> Option<Level> {
        match self {
            DefaultLevel::Hard => None,
            DefaultLevel::Deny => Some(Level::Deny),
            DefaultLevel::Warn => Some(Level::Warn),
            DefaultLevel::Suggest => Some(Level::Suggest),
            DefaultLevel::Allow => Some(Level::Allow),
        }
    }

    /// `hard error`, `deny`, `warn`, `suggest` or `allow`.
    pub const fn name(self) -> &'static str {
        match self {
            DefaultLevel::Hard => "hard error",
            DefaultLevel::Deny => "deny",
            DefaultLevel::Warn => "warn",
            DefaultLevel::Suggest => "suggest",
            DefaultLevel::Allow => "allow",
        }
    }
}

/// A level a user can set for a finding or a group, from the quietest to the loudest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported as a suggestion (the command-line tool shows it; builds do not).
    Suggest,
    /// Reported as a warning.
    Warn,
    /// Reported as an error.
    Deny,
}

impl Level {
    /// `allow`, `suggest`, `warn` or `deny`.
    pub const fn name(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Suggest => "suggest",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }

    /// The level named `name` (`allow`, `suggest`, `warn`, `deny`; `forbid` is read as `deny`).
    pub fn from_name(name: &str) -> Option<Level> {
        match name {
            "allow" => Some(Level::Allow),
            "suggest" => Some(Level::Suggest),
            "warn" => Some(Level::Warn),
            "deny" | "forbid" => Some(Level::Deny),
            _ => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One registered finding.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Lint {
    /// The stable code: IAM Access Analyzer's where the meaning is the same.
    pub code: &'static str,
    /// The level when nobody sets one.
    pub default: DefaultLevel,
    /// What the finding is about.
    pub group: Group,
    /// What it means, in one line.
    pub summary: &'static str,
    /// Where the rule comes from: a section of the IAM reference, or Access Analyzer's finding.
    pub reference: &'static str,
}

/// A registered finding code: it compares equal to its text (`lint::INVALID_EFFECT ==
/// "INVALID_EFFECT"`) and leads to its [`Lint`].
#[derive(Clone, Copy)]
pub struct Code(&'static Lint);

impl Code {
    /// The code's text.
    pub const fn as_str(self) -> &'static str {
        self.0.code
    }

    /// The registry entry.
    pub const fn lint(self) -> &'static Lint {
        self.0
    }
}

impl PartialEq for Code {
    fn eq(&self, other: &Code) -> bool {
        self.0.code == other.0.code
    }
}

impl Eq for Code {}

impl std::hash::Hash for Code {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.code.hash(state);
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Code) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Code {
    fn cmp(&self, other: &Code) -> std::cmp::Ordering {
        self.0.code.cmp(other.0.code)
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.0.code == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.0.code == *other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.0.code
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0.code, f)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.code)
    }
}

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.0.code
    }
}

/// Declares each finding once: a constant per code, and [`ALL`] in declaration order.
macro_rules! registry {
    ($($name:ident: $default:ident, $group:ident, $reference:literal, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $name: Code = Code(&Lint {
                code: stringify!($name),
                default: DefaultLevel::$default,
                group: Group::$group,
                summary: $summary,
                reference: $reference,
            });
        )*
        /// Every registered finding, grouped as the README's table lists them.
        pub const ALL: &[Code] = &[$($name),*];
    };
}

registry! {
    // Syntax: the text is not a JSON document the checker can read.
    JSON_SYNTAX_ERROR: Hard, Syntax, "IAM reference 1.3; Access Analyzer: JSON syntax error",
        "not JSON: a trailing comma, a missing `:` or `,`, single quotes, a bare word, text after the document";
    LIMIT_EXCEEDED: Hard, Syntax, "IAM reference 10",
        "the document is larger or deeper than the checker's hard limits";
    INVALID_CHARACTER: Hard, Syntax, "IAM reference 1.3",
        "a character IAM does not accept (outside tab, line breaks and U+0020 to U+00FF), such as `’`";

    // Grammar: JSON, but not a policy IAM would store.
    DATA_TYPE_MISMATCH: Hard, Grammar, "IAM reference 1.1-1.3; Access Analyzer: Data type mismatch",
        "a JSON type the element cannot have: a number where a string goes, `Statement` as a string";
    INVALID_POLICY_ELEMENT: Hard, Grammar, "IAM reference 1.1-1.2; Access Analyzer: Invalid policy element",
        "an element the policy grammar does not have (`Ressource`, `statement`)";
    DUPLICATE_KEY: Hard, Grammar, "IAM reference 1.3",
        "the same element twice in one object";
    MISSING_STATEMENT: Hard, Grammar, "IAM reference 1.1; Access Analyzer: Missing statement",
        "no `Statement`, or an empty one";
    INVALID_VERSION: Hard, Grammar, "IAM reference 1.4; Access Analyzer: Invalid version",
        "a `Version` other than `2012-10-17` or `2008-10-17`";
    MISSING_EFFECT: Hard, Grammar, "IAM reference 1.2; Access Analyzer: Missing effect",
        "a statement without `Effect`";
    INVALID_EFFECT: Hard, Grammar, "IAM reference 2; Access Analyzer: Invalid effect",
        "an `Effect` other than exactly `Allow` or `Deny`";
    MISSING_ACTION: Hard, Grammar, "IAM reference 1.2; Access Analyzer: Missing action",
        "a statement with neither `Action` nor `NotAction`";
    MISSING_RESOURCE: Hard, Grammar, "IAM reference 1.2; Access Analyzer: Missing resource",
        "a statement with neither `Resource` nor `NotResource`";
    UNSUPPORTED_ELEMENT_COMBINATION: Hard, Grammar, "IAM reference 1.2; Access Analyzer: Unsupported element combination",
        "both `Action` and `NotAction`, both `Resource` and `NotResource`, or both `Principal` and `NotPrincipal`";
    EMPTY_ARRAY_ACTION: Hard, Grammar, "IAM reference 1.3",
        "`Action: []`: IAM refuses a statement without actions";
    EMPTY_ARRAY_RESOURCE: Hard, Grammar, "IAM reference 1.3",
        "`Resource: []`: IAM refuses a statement without resources";
    UNSUPPORTED_SID: Hard, Grammar, "IAM reference 1.5; Access Analyzer: Unsupported Sid",
        "a `Sid` with characters other than ASCII letters and digits";
    UNIQUE_SIDS_REQUIRED: Hard, Grammar, "IAM reference 1.5; Access Analyzer: Unique Sids required",
        "two statements with the same `Sid` in a policy IAM stores (identity, boundary, session, role trust)";
    UNIQUE_SIDS_RECOMMENDED: Warn, Grammar, "IAM reference 1.5; Access Analyzer: Unique Sids recommended",
        "two statements with the same `Sid` in a resource-based or control policy";
    UNSUPPORTED_PRINCIPAL: Hard, Grammar, "IAM reference 1.2; Access Analyzer: Unsupported principal",
        "`Principal` or `NotPrincipal` in an identity policy";
    MISSING_PRINCIPAL: Hard, Grammar, "IAM reference 1.2; Access Analyzer: Missing principal",
        "a statement of a resource-based policy without `Principal` or `NotPrincipal`";
    RESOURCE_IN_TRUST_POLICY: Hard, Grammar, "IAM reference 1.2; Access Analyzer: Role trust policy unsupported element",
        "`Resource` or `NotResource` in a role trust policy";
    NOT_PRINCIPAL_IN_TRUST_POLICY: Hard, Grammar, "IAM reference 5; Access Analyzer: Role trust policy syntax error NotPrincipal",
        "`NotPrincipal` in a role trust policy";
    MISSING_VERSION: Warn, Grammar, "IAM reference 1.4; Access Analyzer: Missing version",
        "no `Version`: the document is read as `2008-10-17`, without policy variables";
    ID_IN_IDENTITY_POLICY: Warn, Grammar, "IAM reference 1.6",
        "`Id` means nothing in an identity policy";
    EMPTY_SID_VALUE: Suggest, Suggestion, "IAM reference 1.5; Access Analyzer: Empty Sid value",
        "an empty `Sid`: remove it";

    // Actions.
    INVALID_ACTION_FORMAT: Hard, Action, "IAM reference 3",
        "an action without a `service:` prefix, with a space, two colons or characters IAM does not allow";
    WILDCARD_IN_SERVICE_NAME: Hard, Action, "IAM reference 3; Access Analyzer: Wildcard in service name",
        "a wildcard in an action's service prefix (`*:Describe*`)";

    // The catalog: names IAM stores but that match nothing.
    INVALID_SERVICE_IN_ACTION: Deny, Catalog, "IAM reference 3; Access Analyzer: Invalid service in action",
        "an action whose service prefix is a near miss of a known one (`cloudtrial:`): it never matches";
    UNKNOWN_SERVICE_IN_ACTION: Warn, Catalog, "IAM reference 3",
        "an action whose service prefix no catalog knows, nor is close to one: perhaps a service newer than the catalog, or one AWS retired before its oldest release";
    INVALID_ACTION: Deny, Catalog, "IAM reference 3; Access Analyzer: Invalid action",
        "an action that is a near miss of one its service has (`cloudtrail:StopLoging`), or a wildcard that matches none of its actions: it never matches";
    UNKNOWN_ACTION: Warn, Catalog, "IAM reference 3",
        "an action its service's catalog does not have, nor one close to it: perhaps an action newer than the catalog";
    INVALID_SERVICE: Deny, Catalog, "IAM reference 4.1; Access Analyzer: Invalid service",
        "an ARN whose service is a near miss of a known one (`cloudtrial`): it names nothing";
    UNKNOWN_ARN_SERVICE: Warn, Catalog, "IAM reference 4.1",
        "an ARN whose service no catalog knows, nor one close to it: perhaps a service newer than the catalog";
    INVALID_ARN_RESOURCE: Deny, Catalog, "IAM reference 4.4; Access Analyzer: Invalid ARN resource",
        "an ARN that fits no resource type of its service (`…:trial/Default`)";
    INVALID_SERVICE_CONDITION_KEY: Deny, Catalog, "IAM reference 6; Access Analyzer: Invalid service condition key",
        "a service condition key that is a near miss of a known one (`s3:prefx`): a typo never matches, so a `Deny` never applies";
    UNKNOWN_SERVICE_CONDITION_KEY: Warn, Catalog, "IAM reference 6",
        "a service condition key the catalog does not know, nor one close to it: perhaps a key newer than the catalog";
    INVALID_GLOBAL_CONDITION_KEY: Deny, Catalog, "IAM reference 8; Access Analyzer: Invalid global condition key",
        "an `aws:` key that is a near miss of a known global key (`aws:SoruceVpc`): a typo never matches, so a `Deny` never applies";
    UNKNOWN_GLOBAL_CONDITION_KEY: Warn, Catalog, "IAM reference 8",
        "an `aws:` key that is not a global condition key the catalog knows, nor close to one";
    UNKNOWN_ARN_RESOURCE_TYPE: Warn, Catalog, "IAM reference 4.4",
        "an ARN that fits no resource type the catalog knows, and is not close to one: perhaps a type newer than the catalog";
    ARN_RESOURCE_FORMAT: Warn, Arn, "IAM reference 4.4",
        "an ARN of a known resource type that lacks parts of the type's format (`stack/NAME` without the ID): it matches no such resource";
    RETIRED_SERVICE: Warn, Catalog, "IAM reference 3",
        "a service prefix AWS retired: in an older release of the catalog but not in the current one";
    RETIRED_ACTION: Warn, Catalog, "IAM reference 3",
        "an action AWS retired: in an older release of the catalog but not in the current one";
    RETIRED_CONDITION_KEY: Warn, Catalog, "IAM reference 8",
        "a condition key AWS retired: in an older release of the catalog but not in the current one";
    API_OPERATION_AS_ACTION: Warn, Catalog, "IAM reference 3",
        "an API operation of the service written as an action (`s3:ListObjectsV2`): it matches no action; the operation's documentation names the action meant (`s3:ListBucket`)";
    RESOURCE_MISMATCH: Warn, Catalog, "IAM reference 4.4",
        "an action that cannot apply to any resource of its statement";

    // ARNs.
    INVALID_ARN_PREFIX: Hard, Arn, "IAM reference 4.1; Access Analyzer: Invalid ARN prefix",
        "a resource that is neither `*` nor an ARN (`my-bucket`)";
    MISSING_ARN_FIELD: Hard, Arn, "IAM reference 4.1; Access Analyzer: Missing ARN field",
        "an ARN with fewer than six fields, or no service";
    INVALID_PARTITION: Hard, Arn, "IAM reference 4.2; Access Analyzer: Invalid partition",
        "an unknown partition (`arn:amazon:…`)";
    INVALID_ARN_SERVICE_CASE: Deny, Arn, "IAM reference 4.1; Access Analyzer: Invalid ARN service case",
        "an ARN service that is not lowercase: ARNs match case-sensitively, so it names nothing";
    INVALID_ARN_SERVICE: Deny, Arn, "IAM reference 4.1",
        "an ARN service with characters other than letters, digits and `-`";
    INVALID_ARN_REGION: Deny, Arn, "IAM reference 4.2; Access Analyzer: Invalid ARN Region",
        "a malformed region (`us-east`, `US-EAST-1`)";
    ARN_REGION_NOT_ALLOWED: Deny, Arn, "IAM reference 4.4; Access Analyzer: ARN Region not allowed",
        "a region in an ARN whose resource type has none (`arn:aws:s3:us-east-1::bucket`)";
    ARN_ACCOUNT_NOT_ALLOWED: Deny, Arn, "IAM reference 4.4; Access Analyzer: ARN account not allowed",
        "an account in an ARN whose resource type has none (`arn:aws:s3::111122223333:bucket`)";
    MISSING_ARN_REGION: Deny, Arn, "IAM reference 4.4; Access Analyzer: Missing ARN Region",
        "no region in an ARN whose resource type has one";
    WHITESPACE_AROUND_ARN: Deny, Arn, "IAM reference 4.1",
        "an ARN with white space before or after it: it names no resource";
    SEVERAL_ARNS_IN_ONE_STRING: Deny, Arn, "IAM reference 4.1",
        "two ARNs in one string (`\"arn:…,arn:…\"`): it names no resource";
    UNKNOWN_ARN_REGION: Warn, Arn, "IAM reference 4.2",
        "a well-formed region that is not one of the partition's (`eu-east-1`; regions from botocore's data)";
    INVALID_ARN_ACCOUNT: Deny, Arn, "IAM reference 4.3; Access Analyzer: Invalid ARN account",
        "an account that is not 12 digits (`1234`, `1111-2222-3333`), or a digit wildcard";
    EMPTY_ARN_RESOURCE: Warn, Arn, "IAM reference 4.1",
        "an ARN with an empty resource part: it matches only that exact text";
    VARIABLE_UNSUPPORTED_IN_ELEMENT: Hard, Arn, "IAM reference 7; Access Analyzer: Variable unsupported in element",
        "a policy variable before an ARN's resource part";

    // Conditions.
    INVALID_CONDITION_OPERATOR: Hard, Condition, "IAM reference 6.2; Access Analyzer: Invalid condition operator",
        "an operator IAM does not have (`StringEqual`)";
    INVALID_CONDITION_KEY_FORMAT: Hard, Condition, "IAM reference 6; Access Analyzer: Invalid condition key format",
        "a condition key that is not `service:name`";
    INVALID_CONDITION_DATA_TYPE: Hard, Condition, "IAM reference 1.3; Access Analyzer: Invalid condition data type",
        "a condition value that is neither a string, a number nor a boolean";
    NULL_WITH_IF_EXISTS: Hard, Condition, "IAM reference 6.4; Access Analyzer: Null with if exists",
        "`NullIfExists`: IAM has no such operator";
    INVALID_NULL_VALUE: Hard, Condition, "IAM reference 6.2",
        "a `Null` value other than `true` or `false`";
    TYPE_MISMATCH_STRING: Hard, Condition, "IAM reference 6.3",
        "a value that does not parse for its string operator";
    TYPE_MISMATCH_NUMBER: Hard, Condition, "IAM reference 6.3; Access Analyzer: Type mismatch number",
        "a value that is not a number for a `Numeric…` operator";
    TYPE_MISMATCH_DATE: Hard, Condition, "IAM reference 6.3; Access Analyzer: Type mismatch date",
        "a value that is not a date (`2024-13-01`) for a `Date…` operator";
    TYPE_MISMATCH_BOOLEAN: Hard, Condition, "IAM reference 6.3; Access Analyzer: Type mismatch Boolean",
        "a value other than `true` or `false` for `Bool`";
    TYPE_MISMATCH_IP_RANGE: Hard, Condition, "IAM reference 6.3; Access Analyzer: Type mismatch IP range",
        "a value that is not an IP address or CIDR (`10.0.0.0/33`) for `IpAddress`";
    INVALID_CONDITION_MULTIPLE_BOOLEAN: Deny, Condition, "IAM reference 6.3; Access Analyzer: Invalid condition multiple Boolean",
        "several values for a boolean key";
    INVALID_VARIABLE_FOR_OPERATOR: Hard, Condition, "IAM reference 7; Access Analyzer: Invalid variable for operator",
        "a policy variable in the value of an operator that does not substitute variables";
    VARIABLE_UNSUPPORTED_IN_VERSION: Deny, Condition, "IAM reference 1.4; Access Analyzer: Variable unsupported in version",
        "a policy variable without `\"Version\": \"2012-10-17\"`: it is literal text";
    MISSING_BRACE_IN_VARIABLE: Hard, Condition, "IAM reference 7; Access Analyzer: Missing brace in variable",
        "a policy variable without its closing `}` (`${aws:username`)";
    MISSING_QUOTE_IN_VARIABLE: Hard, Condition, "IAM reference 7; Access Analyzer: Missing quote in variable",
        "a default value of a policy variable without its quotes";
    UNSUPPORTED_SPACE_IN_VARIABLE: Hard, Condition, "IAM reference 7; Access Analyzer: Unsupported space in variable",
        "a space inside a policy variable's name";
    EMPTY_VARIABLE: Hard, Condition, "IAM reference 7; Access Analyzer: Empty variable",
        "`${}`: a policy variable without a name";
    INVALID_POLICY_VARIABLE: Deny, Condition, "IAM reference 7",
        "a policy variable whose `aws:` key is a near miss of a global key (`${aws:usrname}`): it never resolves";
    UNKNOWN_POLICY_VARIABLE: Warn, Condition, "IAM reference 7",
        "a policy variable whose `aws:` key the catalog does not know, nor is close to one";
    UNSUPPORTED_GLOBAL_CONDITION_KEY: Deny, Condition, "IAM reference 8; Access Analyzer: Unsupported global condition key",
        "a global key IAM does not support in policies (`aws:ARN`)";
    MISSING_TAG_KEY_IN_CONDITION: Deny, Condition, "IAM reference 8; Access Analyzer: Missing tag key in condition",
        "a tag key family without its tag key (`aws:ResourceTag` instead of `aws:ResourceTag/team`)";
    DUPLICATE_KEYS_WITH_DIFFERENT_CASE: Deny, Condition, "IAM reference 1.3; Access Analyzer: Duplicate keys with different case",
        "a condition key twice under one operator, written in different case";
    INVALID_REGION: Deny, Condition, "IAM reference 8; Access Analyzer: Invalid Region",
        "a value of `aws:RequestedRegion` that is not a region (`us-east`, `eu-west1`)";
    INVALID_VPCE_FORMAT: Deny, Condition, "IAM reference 8; Access Analyzer: Invalid vpce format",
        "a value of `aws:SourceVpce` that is not a VPC endpoint ID (`vpce-…`)";
    INVALID_VPC_FORMAT: Deny, Condition, "IAM reference 8; Access Analyzer: Invalid vpc format",
        "a value of `aws:SourceVpc` that is not a VPC ID (`vpc-…`)";
    INVALID_ORG_ID_FORMAT: Deny, Condition, "IAM reference 8",
        "a value of `aws:PrincipalOrgID` (or `ResourceOrgID`, `SourceOrgID`) that is not an organization ID (`o-…`)";
    INVALID_SERVICE_PRINCIPAL_VALUE: Deny, Condition, "IAM reference 8",
        "a value of `iam:PassedToService` or `iam:AWSServiceName` that is not a service principal (`ec2` for `ec2.amazonaws.com`)";
    PRIVATE_IP_ADDRESS: Deny, Condition, "IAM reference 8; Access Analyzer: Private IP address",
        "`IpAddress` on `aws:SourceIp` with private ranges only: it never holds";
    PRIVATE_NOT_IP_ADDRESS: Deny, Condition, "IAM reference 8; Access Analyzer: Private NotIpAddress",
        "`NotIpAddress` on `aws:SourceIp` with private ranges only: it always holds";
    MISSING_QUALIFIER: Warn, Condition, "IAM reference 6.5; Access Analyzer: Missing qualifier",
        "an operator without `ForAnyValue:`/`ForAllValues:` on a key that can hold several values";
    FORALLVALUES_WITH_SINGLE_VALUED_KEY: Warn, Condition, "IAM reference 6.5; Access Analyzer: ForAllValues with single valued key",
        "`ForAllValues:` on a single-valued key: also true when the key is absent";
    FORANYVALUE_WITH_SINGLE_VALUED_KEY: Suggest, Suggestion, "IAM reference 6.5",
        "`ForAnyValue:` on a single-valued key: the qualifier changes nothing but the absent-key case";
    NULL_WITH_QUALIFIER: Suggest, Suggestion, "IAM reference 6.5; Access Analyzer: Null with qualifier",
        "a set qualifier on `Null`";
    TYPE_MISMATCH: Warn, Condition, "IAM reference 6.9; Access Analyzer: Type mismatch",
        "an operator that does not compare the key's type (`DateGreaterThan` on `s3:prefix`)";
    WILDCARD_WITHOUT_LIKE_OPERATOR: Warn, Condition, "IAM reference 6.2; Access Analyzer: Wildcard without like operator",
        "`*` or `?` in the value of an operator that compares them literally";
    INVALID_DATE_VALUE: Warn, Condition, "IAM reference 6.3; Access Analyzer: Invalid date value",
        "a date written as epoch seconds: prefer ISO 8601";
    MFA_BOOL_WITHOUT_IF_EXISTS: Warn, Security, "IAM reference 8",
        "`Bool` … `aws:MultiFactorAuthPresent` … `false` misses requests signed with long-term keys, where the key is absent";
    EMPTY_ARRAY_CONDITION: Suggest, Suggestion, "Access Analyzer: Empty array condition",
        "a condition key with no values: the condition never holds";
    EMPTY_OBJECT_CONDITION: Suggest, Suggestion, "Access Analyzer: Empty object condition",
        "an empty `Condition` object or operator: it has no effect";
    BOOLEAN_NOT_LOWERCASE: Suggest, Suggestion, "IAM reference 6.3",
        "a boolean condition value not written in lowercase (`True`)";
    IMPROVE_IP_RANGE: Suggest, Suggestion, "Access Analyzer: Improve IP range",
        "a CIDR with bits set past its prefix";

    // Principals.
    INVALID_PRINCIPAL_FORMAT: Hard, Principal, "IAM reference 5; Access Analyzer: Invalid principal format",
        "a `Principal` that is neither `\"*\"` nor an object of principal types";
    INVALID_PRINCIPAL_KEY: Hard, Principal, "IAM reference 5; Access Analyzer: Invalid principal key",
        "an unknown principal type (only `AWS`, `Service`, `Federated`, `CanonicalUser`)";
    INVALID_SERVICE_PRINCIPAL_FORMAT: Hard, Principal, "IAM reference 5; Access Analyzer: Invalid service principal format",
        "a service principal that is not a service's DNS name (`lambda.amazonaws.com`)";
    UNSUPPORTED_WILDCARD_IN_PRINCIPAL: Hard, Principal, "IAM reference 5; Access Analyzer: Unsupported wildcard in principal",
        "a wildcard inside a principal: only `\"*\"` alone is allowed";
    INVALID_USER_REFERENCE: Warn, Principal, "IAM reference 5; Access Analyzer: Invalid user reference",
        "a user's unique ID (`AIDA…`) where its ARN belongs";
    INVALID_ROLE_REFERENCE: Warn, Principal, "IAM reference 5; Access Analyzer: Invalid role reference",
        "a role's unique ID (`AROA…`) where its ARN belongs";
    EMPTY_ARRAY_PRINCIPAL: Suggest, Suggestion, "Access Analyzer: Empty array principal",
        "a principal type with no values";
    EMPTY_OBJECT_PRINCIPAL: Suggest, Suggestion, "Access Analyzer: Empty object principal",
        "`Principal: {}`";

    // Redundancy, decided by the access analysis (`iam-policy-analyze`): removing the part
    // leaves every request decided as before, as Access Analyzer's suggestions of the same names.
    // Allowed by default: the analysis costs more than every other check together; set a level
    // (`-W REDUNDANT_ACTION`, `REDUNDANT_ACTION = "suggest"`, `#[warn(suggestion)]`) to see them.
    REDUNDANT_ACTION: Allow, Suggestion, "IAM reference 3; Access Analyzer: Redundant action",
        "an action pattern that the statement's other patterns already cover (`s3:GetObject` beside `s3:Get*`)";
    REDUNDANT_RESOURCE: Allow, Suggestion, "IAM reference 4.5; Access Analyzer: Redundant resource",
        "a resource pattern that the statement's other patterns already cover (`arn:aws:s3:::b/x` beside `arn:aws:s3:::b/*`)";
    REDUNDANT_STATEMENT: Allow, Suggestion, "IAM reference 9; Access Analyzer: Redundant statement",
        "a statement whose every request the policy's other statements already decide the same way";
    DEAD_STATEMENT: Allow, Suggestion, "IAM reference 9",
        "an `Allow` statement that allows nothing: a `Deny` of the same policy denies every request it matches";

    // Security.
    STAR_IN_ACTION_AND_RESOURCE: Warn, Security, "IAM reference 11",
        "every action on every resource: full administrator access";
    ALLOW_WITH_NOT_ACTION: Warn, Security, "IAM reference 3",
        "`Allow` with `NotAction`: every other action of every service, including future ones";
    ALLOW_WITH_NOT_RESOURCE: Warn, Security, "IAM reference 4.6",
        "`Allow` with `NotResource`: every other resource of every service";
    ALLOW_WITH_NOT_PRINCIPAL: Warn, Security, "IAM reference 5; Access Analyzer: Allow with NotPrincipal",
        "`Allow` with `NotPrincipal`: every principal but the listed ones";
    PASS_ROLE_WITH_STAR_IN_RESOURCE: Warn, Security, "Access Analyzer: Pass role with star in resource",
        "`iam:PassRole` on every role";
    PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: Warn, Security, "Access Analyzer: Pass role with star in action and resource",
        "`iam:PassRole`, through an action wildcard, on every role";
    PASS_ROLE_WITH_NOT_RESOURCE: Warn, Security, "Access Analyzer: Pass role with NotResource",
        "`iam:PassRole` with `NotResource`";
    PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: Warn, Security, "Access Analyzer: Pass role with star in action and NotResource",
        "`iam:PassRole`, through an action wildcard, with `NotResource`";
    PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE: Warn, Security, "Access Analyzer: Pass role with NotAction and NotResource",
        "`iam:PassRole` through `NotAction`, with `NotResource`";
    PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: Warn, Security, "Access Analyzer: Pass role with star in resource and NotAction",
        "`iam:PassRole` through `NotAction`, on every role";
    CREATE_SLR_WITH_STAR_IN_RESOURCE: Warn, Security, "Access Analyzer: Create SLR with star in resource",
        "`iam:CreateServiceLinkedRole` for every service";
    CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE: Warn, Security, "Access Analyzer: Create SLR with star in action and resource",
        "`iam:CreateServiceLinkedRole`, through an action wildcard, for every service";
    CREATE_SLR_WITH_NOT_RESOURCE: Warn, Security, "Access Analyzer: Create SLR with NotResource",
        "`iam:CreateServiceLinkedRole` with `NotResource`";
    CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: Warn, Security, "Access Analyzer: Create SLR with star in action and NotResource",
        "`iam:CreateServiceLinkedRole`, through an action wildcard, with `NotResource`";
    CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE: Warn, Security, "Access Analyzer: Create SLR with NotAction and NotResource",
        "`iam:CreateServiceLinkedRole` through `NotAction`, with `NotResource`";
    CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: Warn, Security, "Access Analyzer: Create SLR with star in resource and NotAction",
        "`iam:CreateServiceLinkedRole` through `NotAction`, for every service";

    // Role trust policies.
    UNSUPPORTED_ACTION_IN_TRUST_POLICY: Deny, Principal, "IAM reference 5; Access Analyzer: Unsupported action in policy",
        "an action other than `sts:AssumeRole` and its variants in a role trust policy";
    MISMATCHED_ACTION_FOR_PRINCIPAL: Deny, Principal, "IAM reference 5; Access Analyzer: Mismatched action for principal",
        "a SAML provider without `sts:AssumeRoleWithSAML`, or an OpenID Connect provider without `sts:AssumeRoleWithWebIdentity`";
    MISSING_AUDIENCE_CONDITION: Warn, Security, "Access Analyzer: Missing condition key for oidc principal",
        "an OpenID Connect provider trusted with no condition on its audience (`HOST:aud`)";
    MISSING_GITHUB_REPO_CONDITION: Warn, Security, "Access Analyzer: Missing github repo condition key",
        "GitHub's provider trusted with no condition on `token.actions.githubusercontent.com:sub`: every repository can assume the role";
    GITHUB_REPO_WILDCARD: Warn, Security, "Access Analyzer: Specific github repo and branch recommended",
        "a GitHub subject with a wildcard in the repository: every matching repository can assume the role";
    ASSUME_ROLE_BY_ANYONE: Warn, Security, "IAM reference 5",
        "`\"*\"` allowed to assume the role with no condition: anyone with AWS credentials can";

    // Quotas.
    POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA: Warn, Quota, "IAM reference 10; Access Analyzer: Policy size exceeds identity policy quota",
        "longer than IAM stores for a managed identity policy";
    POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA: Warn, Quota, "IAM reference 10; Access Analyzer: Policy size exceeds role trust policy quota",
        "longer than IAM stores for a role trust policy";

    POLICY_SIZE_EXCEEDS_SCP_QUOTA: Warn, Quota, "Organizations quotas; Access Analyzer: Policy size exceeds SCP quota",
        "longer than AWS Organizations stores for a service control policy (5,120 characters)";
    POLICY_SIZE_EXCEEDS_RCP_QUOTA: Warn, Quota, "Organizations quotas; Access Analyzer: Policy size exceeds RCP quota",
        "longer than AWS Organizations stores for a resource control policy (5,120 characters)";

    // Service and resource control policies.
    SCP_SYNTAX_ERROR_PRINCIPAL: Hard, Principal, "Organizations SCP syntax; Access Analyzer: SCP syntax error principal",
        "`Principal` or `NotPrincipal` in a service control policy";
    RCP_SYNTAX_ERROR_PRINCIPAL: Hard, Principal, "Organizations RCP syntax; Access Analyzer: RCP syntax error principal",
        "a resource control policy statement whose `Principal` is not `\"*\"` (or that uses `NotPrincipal`)";
    RCP_SYNTAX_ERROR_ALLOW: Hard, Grammar, "Organizations RCP syntax; Access Analyzer: RCP syntax error allow",
        "`\"Effect\": \"Allow\"` in a resource control policy: RCPs only deny";
    RCP_SYNTAX_ERROR_NOTACTION: Hard, Grammar, "Organizations RCP syntax; Access Analyzer: RCP syntax error NotAction",
        "`NotAction` in a resource control policy";
    RCP_SYNTAX_ERROR_ACTION: Hard, Action, "Organizations RCP syntax; Access Analyzer: RCP syntax error action",
        "an RCP action that is `*` alone or names no service";
    RCP_UNSUPPORTED_SERVICE: Deny, Action, "Organizations RCP syntax (services that support RCPs); Access Analyzer: RCP syntax error action",
        "an RCP action of a service not on the list of services RCPs apply to that this version knows (AWS adds services to it)";

    // The evaluator.
    UNSUPPORTED_BY_EVALUATOR: Hard, Syntax, "SECURITY.md",
        "a policy the evaluator cannot represent: refused rather than applied in part";

    // Level settings themselves.
    UNKNOWN_LINT: Warn, Grammar, "README: levels",
        "a level set for a code or group that does not exist";
    HARD_ERROR_LEVEL: Warn, Grammar, "README: levels",
        "a level set for a hard error: hard errors cannot be silenced";
    UNUSED_ALLOW: Warn, Grammar, "README: levels",
        "`#[allow(CODE)]` on a policy that has no such finding";
}

/// The registered finding `code` (exact spelling).
pub fn lookup(code: &str) -> Option<Code> {
    ALL.iter().copied().find(|c| c.as_str() == code)
}
