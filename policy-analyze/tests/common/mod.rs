//! Shared by the property tests: small pools of actions, resources and conditions, random
//! policies drawn from them, and a universe of requests that holds a member of every class
//! the pools tell apart.

#![allow(dead_code)]

use iam_policy_check::catalog::Catalog;
use iam_policy_check::LoadedPolicy;
use iam_policy_core::{ContextValue, Policy, PolicySet, Request};
use proptest::prelude::*;
use proptest::sample::select;

pub const ACTIONS: &[&str] = &[
    "cloudtrail:Get*",
    "cloudtrail:GetTrail",
    "cloudtrail:*Trail",
    "cloudtrail:*",
    "cloudtrail:Describe*",
    "cloudtrail:*Logging",
    "s3:GetObject",
    "*",
];

pub const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:s3:::a*",
    "arn:aws:s3:::a?",
    "arn:aws:s3:::ab",
    "arn:aws:s3:::*b",
    "arn:aws:s3:::b",
    "arn:aws:s3:::A?",
];

pub const CONDITIONS: &[&str] = &[
    r#"{"StringEquals": {"aws:PrincipalTag/team": "blue"}}"#,
    r#"{"StringLike": {"aws:PrincipalTag/team": "b*"}}"#,
    r#"{"StringNotEquals": {"aws:PrincipalTag/team": "blue"}}"#,
    r#"{"StringEqualsIfExists": {"aws:PrincipalTag/team": "red"}}"#,
    r#"{"StringEqualsIgnoreCase": {"aws:PrincipalTag/team": "RED"}}"#,
    r#"{"Null": {"aws:PrincipalTag/team": "true"}}"#,
    r#"{"Null": {"aws:PrincipalTag/team": "false"}}"#,
    r#"{"IpAddress": {"aws:SourceIp": "203.0.0.0/16"}}"#,
    r#"{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#,
    r#"{"ForAnyValue:StringEquals": {"aws:TagKeys": "a"}}"#,
    r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}}"#,
    r#"{"ForAnyValue:StringNotLike": {"aws:TagKeys": "a*"}}"#,
];

#[derive(Clone, Debug)]
pub struct Stmt {
    pub deny: bool,
    pub not_action: bool,
    pub actions: Vec<&'static str>,
    pub not_resource: bool,
    pub resources: Vec<&'static str>,
    pub condition: Option<&'static str>,
}

pub fn stmt(conditions: bool) -> impl Strategy<Value = Stmt> {
    let condition = if conditions {
        prop::option::weighted(0.8, select(CONDITIONS)).boxed()
    } else {
        Just(None).boxed()
    };
    (
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.15),
        prop::collection::vec(select(ACTIONS), 1..3),
        prop::bool::weighted(0.15),
        prop::collection::vec(select(RESOURCES), 1..3),
        condition,
    )
        .prop_map(
            |(deny, not_action, actions, not_resource, resources, condition)| Stmt {
                deny,
                not_action,
                actions,
                not_resource,
                resources,
                condition,
            },
        )
}

/// Statements varying actions and resources, or (`conditions`) mostly conditions.
pub fn policy(conditions: bool) -> impl Strategy<Value = Vec<Stmt>> {
    prop::collection::vec(stmt(conditions), 1..4)
}

/// The policy document of `statements`.
pub fn text(statements: &[Stmt]) -> String {
    let list = |items: &[&str]| {
        let quoted: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
        format!("[{}]", quoted.join(", "))
    };
    let statements: Vec<String> = statements
        .iter()
        .map(|s| {
            let condition = s
                .condition
                .map(|c| format!(r#", "Condition": {c}"#))
                .unwrap_or_default();
            format!(
                r#"{{"Effect": "{}", "{}": {}, "{}": {}{condition}}}"#,
                if s.deny { "Deny" } else { "Allow" },
                if s.not_action { "NotAction" } else { "Action" },
                list(&s.actions),
                if s.not_resource {
                    "NotResource"
                } else {
                    "Resource"
                },
                list(&s.resources),
            )
        })
        .collect();
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(", ")
    )
}

pub fn load(statements: &[Stmt]) -> LoadedPolicy {
    let text = text(statements);
    LoadedPolicy::from_json(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Every action of the universe that the pools can tell apart.
pub fn universe_actions() -> Vec<String> {
    let mut out: Vec<String> = Catalog::get()
        .service("cloudtrail")
        .unwrap()
        .actions()
        .map(|a| format!("cloudtrail:{}", a.name()))
        .collect();
    let words = ["Get", "Trail", "Describe", "Logging", "X"];
    let mut names: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    for _ in 0..2 {
        let longer: Vec<String> = names
            .iter()
            .flat_map(|n| words.iter().map(move |w| format!("{n}{w}")))
            .collect();
        names.extend(longer);
    }
    names.sort();
    names.dedup();
    out.extend(names.iter().map(|n| format!("cloudtrail:{n}")));
    out.extend(
        [
            "s3:GetObject",
            "s3:PutObject",
            "iam:GetUser",
            "newservice:Get",
        ]
        .map(String::from),
    );
    out
}

pub fn universe_resources() -> Vec<String> {
    let mut out = vec![String::from("*"), String::from("arn:x")];
    let mut tails = vec![String::new()];
    for _ in 0..3 {
        let longer: Vec<String> = tails
            .iter()
            .flat_map(|t| ["a", "b", "c", "A"].map(|c| format!("{t}{c}")))
            .collect();
        tails.extend(longer);
    }
    tails.sort();
    tails.dedup();
    out.extend(tails.iter().map(|t| format!("arn:aws:s3:::{t}")));
    out
}

/// Contexts: each key absent or one of the pools' telling values.
pub fn universe_contexts() -> Vec<Vec<(&'static str, ContextValue<'static>)>> {
    let teams: &[Option<ContextValue<'static>>] = &[
        None,
        Some(ContextValue::String("blue")),
        Some(ContextValue::String("red")),
        Some(ContextValue::String("RED")),
        Some(ContextValue::String("b")),
        Some(ContextValue::String("x")),
        Some(ContextValue::String("")),
    ];
    let ips: &[Option<ContextValue<'static>>] = &[
        None,
        Some(ContextValue::String("203.0.0.1")),
        Some(ContextValue::String("203.0.113.1")),
        Some(ContextValue::String("204.0.0.1")),
        Some(ContextValue::String("x")),
    ];
    let tags: &[Option<ContextValue<'static>>] = &[
        None,
        Some(ContextValue::Strings(&[])),
        Some(ContextValue::Strings(&["a"])),
        Some(ContextValue::Strings(&["b"])),
        Some(ContextValue::Strings(&["c"])),
        Some(ContextValue::Strings(&["a", "b"])),
        Some(ContextValue::Strings(&["a", "c"])),
        Some(ContextValue::Strings(&[""])),
        Some(ContextValue::Strings(&["ax"])),
        Some(ContextValue::Strings(&["ax", "b"])),
        Some(ContextValue::String("")),
        Some(ContextValue::String("a")),
        Some(ContextValue::String("ax")),
    ];
    let mut out = Vec::new();
    for team in teams {
        for ip in ips {
            for tag in tags {
                let mut context = Vec::new();
                context.extend(team.map(|v| ("aws:PrincipalTag/team", v)));
                context.extend(ip.map(|v| ("aws:SourceIp", v)));
                context.extend(tag.map(|v| ("aws:TagKeys", v)));
                out.push(context);
            }
        }
    }
    out
}

/// One context: keys and values.
pub type ContextEntries = Vec<(&'static str, ContextValue<'static>)>;

/// The universe a property test enumerates: with `conditions` (statements that differ only
/// by their conditions), every context on the two actions they name and every resource; else
/// every action and resource with no context.
pub fn universe(conditions: bool) -> (Vec<ContextEntries>, Vec<String>, Vec<String>) {
    if conditions {
        (
            universe_contexts(),
            vec![
                String::from("cloudtrail:GetTrail"),
                String::from("s3:GetObject"),
            ],
            vec![String::from("*")],
        )
    } else {
        (vec![Vec::new()], universe_actions(), universe_resources())
    }
}

pub fn allowed(policy: &Policy<'_>, request: &Request<'_>) -> bool {
    PolicySet::new(&[policy]).evaluate(request).is_allowed()
}
