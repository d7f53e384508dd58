//! The analyzer against brute force over a small universe, and the properties a sound and
//! exact analysis has.
//!
//! Random policy pairs are drawn from small pools of actions, resources and conditions; the
//! brute force decides every request of a universe that holds a member of every class those
//! pools can tell apart (all of `cloudtrail`'s actions, names made of the pools' words,
//! resources up to three letters past the bucket, the contexts of the pools' values). The
//! analyzer's `PASS` must mean brute force finds no request, and its `FAIL` that it finds one.

use iam_policy_analyze::{Analyzer, Verdict};
use iam_policy_check::catalog::Catalog;
use iam_policy_check::LoadedPolicy;
use iam_policy_core::{Context, ContextValue, Policy, PolicySet, Request};
use proptest::prelude::*;
use proptest::sample::select;

const ACTIONS: &[&str] = &[
    "cloudtrail:Get*",
    "cloudtrail:GetTrail",
    "cloudtrail:*Trail",
    "cloudtrail:*",
    "cloudtrail:Describe*",
    "cloudtrail:*Logging",
    "s3:GetObject",
    "*",
];

const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:s3:::a*",
    "arn:aws:s3:::a?",
    "arn:aws:s3:::ab",
    "arn:aws:s3:::*b",
    "arn:aws:s3:::b",
    "arn:aws:s3:::A?",
];

const CONDITIONS: &[&str] = &[
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
struct Stmt {
    deny: bool,
    not_action: bool,
    actions: Vec<&'static str>,
    not_resource: bool,
    resources: Vec<&'static str>,
    condition: Option<&'static str>,
}

fn stmt(conditions: bool) -> impl Strategy<Value = Stmt> {
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
fn policy(conditions: bool) -> impl Strategy<Value = Vec<Stmt>> {
    prop::collection::vec(stmt(conditions), 1..4)
}

fn load(statements: &[Stmt]) -> LoadedPolicy {
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
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(", ")
    );
    LoadedPolicy::from_json(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Every action of the universe that the pools can tell apart.
fn universe_actions() -> Vec<String> {
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

fn universe_resources() -> Vec<String> {
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
fn universe_contexts() -> Vec<Vec<(&'static str, ContextValue<'static>)>> {
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

fn allowed(policy: &Policy<'_>, request: &Request<'_>) -> bool {
    PolicySet::new(&[policy]).evaluate(request).is_allowed()
}

/// Whether some request of the universe is allowed by `new` and not by `old`.
fn brute_force_new_access(new: &Policy<'_>, old: &Policy<'_>, conditions: bool) -> Option<String> {
    // The condition pairs all name one action on every resource.
    let (contexts, actions, resources) = if conditions {
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
    };
    for context in &contexts {
        for action in &actions {
            for resource in &resources {
                let request =
                    Request::new(action.as_str(), resource).with_context(Context::new(context));
                if allowed(new, &request) && !allowed(old, &request) {
                    return Some(format!("{action} {resource} {context:?}"));
                }
            }
        }
    }
    None
}

fn analyze(new: &LoadedPolicy, old: &LoadedPolicy) -> Verdict {
    let verdict = Analyzer::new()
        .max_counterexamples(1)
        .no_new_access(&[new.as_policy()], &[old.as_policy()]);
    for c in &verdict.counterexamples {
        assert!(
            c.allowed_by(&[new.as_policy()]) && !c.allowed_by(&[old.as_policy()]),
            "{c}"
        );
    }
    verdict
}

fn agree(new: &[Stmt], old: &[Stmt], conditions: bool) -> Result<(), TestCaseError> {
    let (new, old) = (load(new), load(old));
    let verdict = analyze(&new, &old);
    prop_assert!(verdict.reasons.is_empty(), "{:?}", verdict.reasons);
    let brute = brute_force_new_access(&new.as_policy(), &old.as_policy(), conditions);
    prop_assert_eq!(
        verdict.is_pass(),
        brute.is_none(),
        "analyzer {:?}, brute force {:?}\nnew {}\nold {}",
        verdict.counterexamples,
        brute,
        new.source(),
        old.source()
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn actions_and_resources_agree_with_brute_force(new in policy(false), old in policy(false)) {
        agree(&new, &old, false)?;
    }

    #[test]
    fn conditions_agree_with_brute_force(new in policy(true), old in policy(true)) {
        let fixed = |mut p: Vec<Stmt>| {
            for s in &mut p {
                s.actions = vec!["cloudtrail:GetTrail"];
                s.not_action = false;
                s.resources = vec!["*"];
                s.not_resource = false;
            }
            p
        };
        agree(&fixed(new), &fixed(old), true)?;
    }

    /// A policy compared with itself passes; adding an Allow to the new side never turns
    /// FAIL into PASS; adding a Deny never turns PASS into FAIL.
    #[test]
    fn monotone_in_allows_and_denies(
        new in policy(true),
        old in policy(true),
        extra in stmt(true),
    ) {
        let (n, o) = (load(&new), load(&old));
        prop_assert!(analyze(&n, &n).is_pass());
        prop_assert!(analyze(&o, &o).is_pass());
        let before = analyze(&n, &o).is_pass();
        let mut more = new.clone();
        more.push(Stmt { deny: false, ..extra.clone() });
        let with_allow = analyze(&load(&more), &o).is_pass();
        prop_assert!(before || !with_allow, "an Allow turned FAIL into PASS");
        let mut less = new.clone();
        less.push(Stmt { deny: true, ..extra });
        let with_deny = analyze(&load(&less), &o).is_pass();
        prop_assert!(!before || with_deny, "a Deny turned PASS into FAIL");
    }
}
