//! Public access: can a caller from outside get in through a resource-based policy?
//!
//! The outsider is a principal of an account no policy text names (nor the resource's own), an
//! anonymous caller, or a service or identity provider the policy names acting for such an
//! account. The keys AWS fills from the caller take the outsider's values (its account,
//! organization, VPC endpoint, source ARN, an address in no network the policy names), which
//! match only patterns that match any value (`*`, `o-*`); every other key is free. This is
//! the sense of IAM Access Analyzer's `CheckNoPublicAccess`: a grant to a named account,
//! organization or endpoint is deliberate, not public.

use std::fmt;
use std::str::FromStr;

use iam_policy_core::tables::{ConditionValue, PrincipalPattern};
use iam_policy_core::Policy;

use crate::automaton::{signatures, Alphabet, Glob};
use crate::principals::{arn_account, other_account};
use crate::request::{Caller, Value};
use crate::search::{self, Goal};
use crate::tables::{pattern_glob, resource_glob, slice, text, Unresolved};
use crate::{actions, Analyzer, Verdict};

/// The kinds of resource whose policies the public-access check reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResourceType {
    /// `AWS::S3::Bucket`.
    S3Bucket,
    /// `AWS::KMS::Key`.
    KmsKey,
    /// `AWS::SQS::Queue`.
    SqsQueue,
    /// `AWS::SNS::Topic`.
    SnsTopic,
    /// `AWS::SecretsManager::Secret`.
    SecretsManagerSecret,
    /// `AWS::Lambda::Function`.
    LambdaFunction,
    /// `AWS::ECR::Repository`.
    EcrRepository,
    /// `AWS::IAM::AssumeRolePolicyDocument`: a role's trust policy.
    IamRoleTrust,
}

impl ResourceType {
    /// Every type, with its CloudFormation name.
    pub const ALL: [(ResourceType, &'static str); 8] = [
        (ResourceType::S3Bucket, "AWS::S3::Bucket"),
        (ResourceType::KmsKey, "AWS::KMS::Key"),
        (ResourceType::SqsQueue, "AWS::SQS::Queue"),
        (ResourceType::SnsTopic, "AWS::SNS::Topic"),
        (
            ResourceType::SecretsManagerSecret,
            "AWS::SecretsManager::Secret",
        ),
        (ResourceType::LambdaFunction, "AWS::Lambda::Function"),
        (ResourceType::EcrRepository, "AWS::ECR::Repository"),
        (
            ResourceType::IamRoleTrust,
            "AWS::IAM::AssumeRolePolicyDocument",
        ),
    ];

    /// The keys of this type's service that AWS fills with the caller's account.
    fn caller_account_keys(self) -> &'static [&'static str] {
        match self {
            ResourceType::KmsKey => &["kms:calleraccount"],
            _ => &[],
        }
    }
}

impl fmt::Display for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = ResourceType::ALL
            .iter()
            .find(|(t, _)| t == self)
            .map_or("", |(_, n)| n);
        f.write_str(name)
    }
}

impl FromStr for ResourceType {
    type Err = String;

    /// The CloudFormation name (`AWS::S3::Bucket`), case ignored.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ResourceType::ALL
            .iter()
            .find(|(_, name)| name.eq_ignore_ascii_case(text))
            .map(|(t, _)| *t)
            .ok_or_else(|| {
                let names: Vec<&str> = ResourceType::ALL.iter().map(|(_, n)| *n).collect();
                format!(
                    "unknown resource type `{text}`: expected one of {}",
                    names.join(", ")
                )
            })
    }
}

/// Runs the check.
pub(crate) fn check(
    analyzer: &Analyzer<'_>,
    policy: &Policy<'_>,
    resource_type: ResourceType,
    account: Option<&str>,
) -> Verdict {
    let mut named = named_accounts(policy);
    named.extend(account.map(str::to_string));
    let outsider = other_account(&named);
    let user = format!("arn:aws:iam::{outsider}:user/outsider");
    let mut callers = vec![
        Caller::Anonymous,
        Caller::Aws(user.clone()),
        Caller::Aws(outsider.clone()),
        Caller::Aws(format!("arn:aws:iam::{outsider}:root")),
        Caller::Aws(format!(
            "arn:aws:sts::{outsider}:assumed-role/outsider/session"
        )),
        Caller::Service(String::from("outsider.amazonaws.com")),
        Caller::Federated(String::from("outsider.example.com")),
    ];
    for statement in policy.tables().statements {
        for pattern in slice(policy.tables().principals, statement.principals) {
            if let PrincipalPattern::Federated(s) = *pattern {
                callers.push(Caller::Federated(text(policy, s).to_string()));
            }
        }
    }
    let fresh: Vec<(String, String)> = vec![
        ("aws:principalaccount".into(), outsider.clone()),
        ("aws:principalarn".into(), user.clone()),
        ("aws:principalorgid".into(), "o-outsider0".into()),
        ("aws:sourceaccount".into(), outsider.clone()),
        ("aws:sourceowner".into(), outsider.clone()),
        (
            "aws:sourcearn".into(),
            format!("arn:aws:sns:us-east-1:{outsider}:outsider"),
        ),
        ("aws:sourceorgid".into(), "o-outsider0".into()),
        ("aws:sourcevpce".into(), "vpce-0outsider".into()),
        ("aws:sourcevpc".into(), "vpc-0outsider".into()),
        ("aws:userid".into(), "AIDAOUTSIDER".into()),
    ];
    let mut pinned: Vec<(String, Vec<Option<Value>>)> = fresh
        .into_iter()
        .chain(
            resource_type
                .caller_account_keys()
                .iter()
                .map(|k| (k.to_string(), outsider.clone())),
        )
        .chain(
            provider_claims(policy)
                .into_iter()
                .map(|k| (k, String::from("outsider"))),
        )
        .map(|(key, value)| {
            let values = outsider_values(policy, &key, value);
            (key, values)
        })
        .collect();
    pinned.push((
        "aws:principalorgpaths".into(),
        vec![
            None,
            Some(Value::Many(vec![
                "o-outsider0/r-out0/ou-out0-outsider/".into()
            ])),
        ],
    ));
    for key in ["aws:sourceip", "aws:vpcsourceip"] {
        pinned.push((key.into(), outside_addresses(policy, key)));
    }
    let found = search::run(&Goal {
        sides: vec![(std::slice::from_ref(policy), true)],
        catalogs: analyzer.catalogs().to_vec(),
        actions: actions::Universe::All,
        callers: Some(callers),
        pinned,
        max_counterexamples: analyzer.limit(),
    });
    Verdict::from_search(found)
}

/// The claims of web-identity providers that the provider assigns to the caller, so that an
/// outsider cannot present the resource owner's: the subject (`HOST:sub`, OpenID Connect's
/// issuer-assigned identifier, such as GitHub's `repo:ORG/REPO:…`) and Cognito's identity pool
/// (`cognito-identity.amazonaws.com:aud`). Other claims (GitHub's `aud`, which a workflow
/// chooses) are free.
fn provider_claims(policy: &Policy<'_>) -> Vec<String> {
    let mut out: Vec<String> = policy
        .tables()
        .conditions
        .iter()
        .map(|c| text(policy, c.key))
        .filter(|k| {
            k.split_once(':').is_some_and(|(host, claim)| {
                host.contains('.')
                    && (claim == "sub"
                        || (host == "cognito-identity.amazonaws.com" && claim == "aud"))
            })
        })
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The values an outsider's request can carry for a key AWS fills from the caller: absent, its
/// own (`fresh`, which no policy names), and any value a wildcard pattern of the policy lets
/// through, unless the policy names it exactly (an identifier of the resource's owner).
fn outsider_values(policy: &Policy<'_>, key: &str, fresh: String) -> Vec<Option<Value>> {
    let mut wildcards: Vec<Glob> = Vec::new();
    let mut exact: Vec<String> = Vec::new();
    for condition in policy.tables().conditions {
        if !text(policy, condition.key).eq_ignore_ascii_case(key) {
            continue;
        }
        for value in slice(policy.tables().values, condition.values) {
            let glob = match value {
                ConditionValue::Text(p) => pattern_glob(policy, p, false, &Unresolved),
                ConditionValue::Arn(p) => resource_glob(policy, p, &Unresolved),
                _ => continue,
            };
            match glob.literal() {
                Some(literal) => exact.push(literal),
                None => wildcards.push(glob),
            }
        }
    }
    let mut out = vec![None, Some(Value::One(fresh))];
    if let Ok(found) = signatures(&wildcards, None, "", Alphabet::Any, 100_000) {
        for (_, witness) in found {
            if !exact.contains(&witness) {
                out.push(Some(Value::One(witness)));
            }
        }
    } else {
        // Too many cases: every wildcard pattern's own text stands in.
        out.push(Some(Value::One(String::new())));
    }
    out
}

/// Every account the policy names: in principals, ARNs and condition values.
fn named_accounts(policy: &Policy<'_>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut words = |s: &str| {
        for word in s.split(|c: char| !c.is_ascii_digit()) {
            if word.len() == 12 {
                out.push(word.to_string());
            }
        }
    };
    for statement in policy.tables().statements {
        for pattern in slice(policy.tables().principals, statement.principals) {
            match *pattern {
                PrincipalPattern::Account(s) | PrincipalPattern::Aws(s) => {
                    let s = text(policy, s);
                    words(arn_account(s).unwrap_or(s));
                }
                _ => {}
            }
        }
    }
    // Pool text holds every literal: resource ARNs, condition values.
    words(policy.tables().pool);
    out.sort();
    out.dedup();
    out
}

/// Absent, or addresses in no network (other than `/0`) the policy compares `key` with.
fn outside_addresses(policy: &Policy<'_>, key: &str) -> Vec<Option<Value>> {
    let mut networks: Vec<(u128, u8, bool)> = Vec::new();
    for condition in policy.tables().conditions {
        if text(policy, condition.key) != key {
            continue;
        }
        for value in slice(policy.tables().values, condition.values) {
            if let ConditionValue::Ip {
                network,
                prefix,
                v4,
            } = *value
            {
                let whole = if v4 { 96 } else { 0 };
                if prefix > whole {
                    networks.push((network, prefix, v4));
                }
            }
        }
    }
    let mut out = vec![None];
    let inside = |ip: &std::net::IpAddr| {
        let (bits, is_v4) = match ip {
            std::net::IpAddr::V4(a) => (u128::from(a.to_ipv6_mapped()), true),
            std::net::IpAddr::V6(a) => (u128::from(*a), false),
        };
        networks.iter().any(|&(network, prefix, v4)| {
            let mask = u128::MAX
                .checked_shl(128 - u32::from(prefix.min(128)))
                .unwrap_or(0);
            v4 == is_v4 && bits & mask == network & mask
        })
    };
    for candidate in crate::context::address_values(&networks) {
        if let Ok(ip) = candidate.parse::<std::net::IpAddr>() {
            if !inside(&ip) {
                out.push(Some(Value::One(candidate)));
                if out.len() > 2 {
                    break;
                }
            }
        }
    }
    out
}
