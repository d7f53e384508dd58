//! A record as the requests IAM decided: actions, resources, the caller and the condition
//! context AWS sets, and what happened (`errorCode`).

use std::collections::HashMap;
use std::sync::Arc;

use iam_policy_check::catalog::{regions, Catalog};
use iam_policy_core::{Context, ContextValue, Principal, Request};

use crate::operations::{actions_of, NoAction};
use crate::record::{text, Record};
use crate::resources::{resources_of, ResourceTypes};

/// What CloudTrail recorded of the call's authorization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Recorded {
    /// No `errorCode`: the call was authorized.
    Allowed,
    /// An `errorCode` of refused authorization (see [`Recorded::of`]).
    Denied,
    /// Another `errorCode` (throttling, validation, a missing resource): whether IAM allowed
    /// the call is not recorded.
    Failed,
}

/// The `errorCode`s of a refused authorization, without their `Client.` prefix: IAM's and the
/// services' names for it (`AccessDenied` of most services, `UnauthorizedOperation` of EC2,
/// `AuthorizationError` of SNS, …).
pub const DENIED_CODES: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedAccess",
    "AuthorizationError",
    "AuthorizationErrorException",
];

impl Recorded {
    /// The outcome an `errorCode` records.
    ///
    /// ```
    /// use iam_policy_cloudtrail::Recorded;
    /// assert_eq!(Recorded::of(None), Recorded::Allowed);
    /// assert_eq!(Recorded::of(Some("Client.UnauthorizedOperation")), Recorded::Denied);
    /// assert_eq!(Recorded::of(Some("ThrottlingException")), Recorded::Failed);
    /// ```
    pub fn of(error_code: Option<&str>) -> Recorded {
        match error_code {
            None | Some("") => Recorded::Allowed,
            Some(code) => {
                let code = code.strip_prefix("Client.").unwrap_or(code);
                if DENIED_CODES.contains(&code) {
                    Recorded::Denied
                } else {
                    Recorded::Failed
                }
            }
        }
    }

    /// `allowed`, `denied` or `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Recorded::Allowed => "allowed",
            Recorded::Denied => "denied",
            Recorded::Failed => "failed",
        }
    }
}

/// Why a record could not be turned into requests.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unmapped {
    /// No action: see [`NoAction`].
    Action(NoAction),
    /// The action takes resources, and the record names none of its types.
    Resource { action: String, types: String },
}

impl std::fmt::Display for Unmapped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unmapped::Action(reason) => reason.fmt(f),
            Unmapped::Resource { action, types } => {
                write!(f, "the record names no resource of `{action}` ({types})")
            }
        }
    }
}

/// One action of a call, and the resources it was asked on (`*` for an action that takes no
/// resource).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionCall {
    pub action: Arc<str>,
    pub resources: Vec<String>,
    /// The action supports no resource type.
    pub takes_no_resource: bool,
}

/// A record as IAM requests.
#[derive(Debug)]
pub struct Call<'r> {
    pub event_id: &'r str,
    pub actions: Vec<ActionCall>,
    pub recorded: Recorded,
    /// The principal's ARN (a role session's, a user's, the root's), or the service.
    pub principal: Option<Principal<'r>>,
    /// The role whose session called, for an assumed role.
    pub session_issuer: Option<&'r str>,
    context: Facts<'r>,
}

/// The condition keys AWS sets that the record tells.
#[derive(Debug, Default)]
struct Facts<'r> {
    source_ip: Option<&'r str>,
    current_time: Option<&'r str>,
    epoch_time: Option<String>,
    region: Option<&'r str>,
    mfa: Option<&'r str>,
    principal_account: Option<&'r str>,
    principal_arn: Option<&'r str>,
    user_agent: Option<&'r str>,
    username: Option<&'r str>,
    userid: Option<&'r str>,
    token_issue_time: Option<&'r str>,
    source_vpce: Option<&'r str>,
    /// `invokedBy` of a principal's call made by a service.
    called_via: Option<[&'r str; 1]>,
    via_service: bool,
    secure_transport: bool,
}

impl<'r> Call<'r> {
    /// The condition context of the call's requests.
    ///
    /// `aws:SourceIp` (`sourceIPAddress`, when an address), `aws:CurrentTime` and
    /// `aws:EpochTime` (`eventTime`), `aws:RequestedRegion` (`awsRegion`),
    /// `aws:MultiFactorAuthPresent` (a session's `mfaAuthenticated`; absent for long-term keys,
    /// as in AWS), `aws:PrincipalAccount`, `aws:PrincipalArn` (a session's role), `aws:userid`,
    /// `aws:username` (IAM users), `aws:TokenIssueTime`, `aws:UserAgent`, `aws:SourceVpce`,
    /// `aws:ViaAWSService` and `aws:CalledVia` (`invokedBy`), `aws:SecureTransport` (true when
    /// `tlsDetails` is present).
    pub fn context_entries(&self) -> Vec<(&'static str, ContextValue<'_>)> {
        let facts = &self.context;
        let mut entries: Vec<(&'static str, ContextValue<'_>)> = Vec::with_capacity(16);
        let mut put = |key: &'static str, value: Option<&'r str>| {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                entries.push((key, ContextValue::String(value)));
            }
        };
        put("aws:SourceIp", facts.source_ip);
        put("aws:CurrentTime", facts.current_time);
        put("aws:RequestedRegion", facts.region);
        put("aws:MultiFactorAuthPresent", facts.mfa);
        put("aws:PrincipalAccount", facts.principal_account);
        put("aws:PrincipalArn", facts.principal_arn);
        put("aws:userid", facts.userid);
        put("aws:username", facts.username);
        put("aws:TokenIssueTime", facts.token_issue_time);
        put("aws:UserAgent", facts.user_agent);
        put("aws:SourceVpce", facts.source_vpce);
        if let Some(epoch) = &facts.epoch_time {
            entries.push(("aws:EpochTime", ContextValue::String(epoch)));
        }
        if let Some(services) = &facts.called_via {
            entries.push(("aws:CalledVia", ContextValue::Strings(services)));
        }
        entries.push(("aws:ViaAWSService", ContextValue::Bool(facts.via_service)));
        if facts.secure_transport {
            entries.push(("aws:SecureTransport", ContextValue::Bool(true)));
        }
        entries
    }

    /// Calls `decide` with each request of the call (each action on each of its resources), in
    /// order, and collects its answers.
    pub fn decide<T>(&self, mut decide: impl FnMut(&Request<'_>) -> T) -> Vec<T> {
        let entries = self.context_entries();
        let context = Context::new(&entries);
        let mut answers = Vec::with_capacity(self.actions.len());
        for action in &self.actions {
            for resource in &action.resources {
                let mut request = Request::new(&*action.action, resource).with_context(context);
                if let Some(principal) = self.principal {
                    request = request.with_principal(principal);
                }
                answers.push(decide(&request));
            }
        }
        answers
    }

    /// The action and resource of the request number `index` (in [`Call::decide`]'s order).
    pub fn request_at(&self, index: usize) -> Option<(&str, &str)> {
        self.actions
            .iter()
            .flat_map(|a| a.resources.iter().map(move |r| (&*a.action, r.as_str())))
            .nth(index)
    }

    /// Whether `principal` (a user's, a role's or a session's ARN) made the call; a role's ARN
    /// matches its sessions.
    pub fn is_by(&self, principal: &str) -> bool {
        let own = match self.principal {
            Some(Principal::Aws(arn) | Principal::Service(arn) | Principal::Federated(arn)) => {
                Some(arn)
            }
            _ => None,
        };
        own == Some(principal) || self.session_issuer == Some(principal)
    }
}

/// The actions of one operation, or why it has none.
type OperationActions = Result<Arc<[Arc<str>]>, NoAction>;

/// The operations a [`Mapper`] keeps at most.
const MAX_CACHED: usize = 100_000;

/// Turns records into calls. Keeps the actions of each operation met, so a long log maps
/// each operation once.
pub struct Mapper {
    catalog: &'static Catalog,
    types: ResourceTypes,
    /// By `eventSource`, then `eventName`.
    operations: HashMap<String, HashMap<String, OperationActions>>,
    /// Entries of `operations`.
    cached: usize,
}

impl Default for Mapper {
    fn default() -> Self {
        Mapper::new()
    }
}

impl Mapper {
    /// A mapper with AWS's catalog.
    pub fn new() -> Self {
        Mapper {
            catalog: Catalog::get(),
            types: ResourceTypes::default(),
            operations: HashMap::new(),
            cached: 0,
        }
    }

    /// The actions of an operation, from the cache (looked up without allocating).
    fn actions(&mut self, source: &str, name: &str) -> OperationActions {
        if let Some(found) = self
            .operations
            .get(source)
            .and_then(|names| names.get(name))
        {
            return found.clone();
        }
        let mapped = actions_of(self.catalog, source, name)
            .map(|list| list.into_iter().map(Arc::from).collect::<Arc<[Arc<str>]>>());
        // Real logs name a few hundred operations; a hostile one cannot grow the cache
        // without bound.
        if self.cached >= MAX_CACHED {
            self.operations.clear();
            self.cached = 0;
        }
        self.cached += 1;
        self.operations
            .entry(source.to_string())
            .or_default()
            .insert(name.to_string(), mapped.clone());
        mapped
    }

    /// The call a record describes.
    ///
    /// ```
    /// use iam_policy_cloudtrail::{Mapper, Record, Recorded};
    /// let record = Record::parse(r#"{
    ///     "eventSource": "cloudtrail.amazonaws.com", "eventName": "StopLogging",
    ///     "awsRegion": "us-east-1", "recipientAccountId": "111122223333",
    ///     "errorCode": "AccessDenied", "requestParameters": {"name": "Default"},
    ///     "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/dev"}
    /// }"#).unwrap();
    /// let call = Mapper::new().map(&record).unwrap();
    /// assert_eq!(&*call.actions[0].action, "cloudtrail:StopLogging");
    /// assert_eq!(call.actions[0].resources, ["arn:aws:cloudtrail:us-east-1:111122223333:trail/Default"]);
    /// assert_eq!(call.recorded, Recorded::Denied);
    /// ```
    pub fn map<'r>(&mut self, record: &'r Record<'_>) -> Result<Call<'r>, Unmapped> {
        let actions = self
            .actions(text(&record.event_source), text(&record.event_name))
            .map_err(Unmapped::Action)?;
        let region = text(&record.aws_region);
        let partition = regions::partition_of(region).unwrap_or("aws");
        let mut calls = Vec::with_capacity(actions.len());
        for action in actions.iter() {
            let (resources, takes_none) =
                resources_of(self.catalog, &mut self.types, record, action, partition);
            if resources.is_empty() {
                return Err(Unmapped::Resource {
                    action: action.to_string(),
                    types: self.types.names_of(self.catalog, action),
                });
            }
            calls.push(ActionCall {
                action: Arc::clone(action),
                resources,
                takes_no_resource: takes_none,
            });
        }
        let (principal, session_issuer) = caller(record);
        Ok(Call {
            event_id: text(&record.event_id),
            actions: calls,
            recorded: Recorded::of(record.error_code.as_deref()),
            principal,
            session_issuer,
            context: facts(record, session_issuer),
        })
    }
}

/// The principal of `userIdentity`, and the role of a session.
fn caller<'r>(record: &'r Record<'_>) -> (Option<Principal<'r>>, Option<&'r str>) {
    let Some(identity) = &record.user_identity else {
        return (None, None);
    };
    let issuer = identity
        .session_context
        .as_ref()
        .and_then(|s| s.session_issuer.as_ref())
        .and_then(|i| i.arn.as_deref())
        .filter(|arn| !arn.is_empty());
    let arn = identity.arn.as_deref().filter(|a| !a.is_empty());
    let principal = match text(&identity.kind) {
        "AWSService" => identity.invoked_by.as_deref().map(Principal::Service),
        "SAMLUser" | "WebIdentityUser" => identity
            .identity_provider
            .as_deref()
            .map(Principal::Federated),
        _ => arn.map(Principal::Aws),
    };
    (principal, issuer)
}

fn facts<'r>(record: &'r Record<'_>, session_issuer: Option<&'r str>) -> Facts<'r> {
    let identity = record.user_identity.as_ref();
    let attributes = identity
        .and_then(|i| i.session_context.as_ref())
        .and_then(|s| s.attributes.as_ref());
    let source = record
        .source_ip_address
        .as_deref()
        .filter(|ip| ip.parse::<std::net::IpAddr>().is_ok());
    let kind = identity.map(|i| text(&i.kind)).unwrap_or("");
    let invoked_by = identity
        .and_then(|i| i.invoked_by.as_deref())
        .filter(|s| !s.is_empty() && kind != "AWSService");
    let time = record.event_time.as_deref();
    Facts {
        source_ip: source,
        current_time: time,
        epoch_time: time.and_then(epoch_seconds).map(|s| s.to_string()),
        region: record.aws_region.as_deref(),
        mfa: attributes.and_then(|a| a.mfa_authenticated.as_deref()),
        principal_account: identity.and_then(|i| i.account_id.as_deref()),
        principal_arn: session_issuer.or_else(|| identity.and_then(|i| i.arn.as_deref())),
        user_agent: record.user_agent.as_deref(),
        username: identity
            .filter(|_| kind == "IAMUser")
            .and_then(|i| i.user_name.as_deref()),
        userid: identity.and_then(|i| i.principal_id.as_deref()),
        token_issue_time: attributes.and_then(|a| a.creation_date.as_deref()),
        source_vpce: record.vpc_endpoint_id.as_deref(),
        called_via: invoked_by.map(|s| [s]),
        via_service: invoked_by.is_some(),
        secure_transport: record.tls_details.is_some(),
    }
}

/// Seconds since the epoch of an ISO 8601 UTC time (`2023-07-10T11:45:04Z`).
///
/// ```
/// assert_eq!(iam_policy_cloudtrail::call::epoch_seconds("2015-12-07T19:45:56Z"), Some(1449517556));
/// assert_eq!(iam_policy_cloudtrail::call::epoch_seconds("2015-13-07T19:45:56Z"), None);
/// ```
pub fn epoch_seconds(time: &str) -> Option<i64> {
    let b = time.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        b.get(range)?.iter().try_fold(0, |value, &c| {
            c.is_ascii_digit().then(|| value * 10 + i64::from(c - b'0'))
        })
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    // Days from the civil date (proleptic Gregorian), after Howard Hinnant's algorithm.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hour * 3600 + minute * 60 + second)
}
