//! Differential property test: a generated policy read through the macro's front-end (Rust
//! tokens, as `policy!` sees it) and through JSON text (as the loader and the CLI see it)
//! lowers to identical tables and decides every generated request identically.

use std::cell::Cell;

use iam_policy_check::{check_text, check_tokens, Checked, Options};
use iam_policy_core::{Context, ContextValue, Request};
use proc_macro2::TokenStream;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestRunner};

use crate::tokens::Tokens;

const ACTION_PATTERNS: &[&str] = &[
    "*",
    "s3:GetObject",
    "s3:Get*",
    "s3:*Object",
    "s3:*",
    "ec2:*Instances",
    "ec2:Describe*",
    "iam:Get?ser",
    "iam:*",
    "cloudtrail:*Logging",
    "cloudtrail:DescribeTrails",
];

const RESOURCE_PATTERNS: &[&str] = &[
    "*",
    "arn:aws:s3:::bucket/*",
    "arn:aws:s3:::bucket/home/${aws:username}/*",
    "arn:aws:s3:::b?cket*",
    "arn:aws:ec2:us-east-1:111122223333:instance/*",
    "arn:aws:ec2:*:111122223333:instance/i-*",
    "arn:aws:iam::111122223333:user/*",
    "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default",
];

const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:ListBucket",
    "ec2:StartInstances",
    "ec2:DescribeInstances",
    "iam:GetUser",
    "iam:CreateUser",
    "cloudtrail:StopLogging",
    "cloudtrail:DescribeTrails",
    "sts:GetCallerIdentity",
];

const RESOURCES: &[&str] = &[
    "*",
    "not-an-arn",
    "arn:aws:s3:::bucket/home/alice/notes.txt",
    "arn:aws:s3:::bucket/x",
    "arn:aws:s3:::backet",
    "arn:aws:ec2:us-east-1:111122223333:instance/i-123",
    "arn:aws:ec2:eu-west-1:111122223333:instance/i-9",
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default",
];

/// `text` with the case of each ASCII letter flipped where `mask` says so.
fn recase(text: &str, mask: &[bool]) -> String {
    text.chars()
        .zip(mask.iter().cycle())
        .map(|(c, flip)| {
            if *flip {
                if c.is_ascii_lowercase() {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            } else {
                c
            }
        })
        .collect()
}

/// An action pattern, sometimes in mixed case.
fn action_pattern() -> impl Strategy<Value = String> {
    (
        select(ACTION_PATTERNS),
        prop::collection::vec(prop::bool::weighted(0.15), 8),
    )
        .prop_map(|(pattern, mask)| recase(pattern, &mask))
}

#[derive(Clone, Debug)]
struct GenStatement {
    sid: bool,
    allow: bool,
    not_action: bool,
    actions: Vec<String>,
    not_resource: bool,
    resources: Vec<&'static str>,
}

fn statement() -> impl Strategy<Value = GenStatement> {
    (
        any::<bool>(),
        prop::bool::weighted(0.6),
        prop::bool::weighted(0.25),
        prop::collection::vec(action_pattern(), 1..4),
        prop::bool::weighted(0.25),
        prop::collection::vec(select(RESOURCE_PATTERNS), 1..4),
    )
        .prop_map(
            |(sid, allow, not_action, actions, not_resource, resources)| GenStatement {
                sid,
                allow,
                not_action,
                actions,
                not_resource,
                resources,
            },
        )
}

/// A list as JSON: a lone string half of the time when there is one item.
fn list<S: AsRef<str>>(items: &[S], bare: bool) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|item| format!("\"{}\"", item.as_ref()))
        .collect();
    if bare && quoted.len() == 1 {
        quoted[0].clone()
    } else {
        format!("[{}]", quoted.join(", "))
    }
}

/// The document as JSON text; `pretty` puts each statement and element on its own line.
fn document(version: bool, statements: &[GenStatement], pretty: bool) -> String {
    let (nl, indent) = if pretty { ("\n", "    ") } else { ("", "") };
    let mut parts = Vec::new();
    for (i, s) in statements.iter().enumerate() {
        let mut members = Vec::new();
        if s.sid {
            members.push(format!("\"Sid\": \"Stmt{i}\""));
        }
        members.push(format!(
            "\"Effect\": \"{}\"",
            if s.allow { "Allow" } else { "Deny" }
        ));
        members.push(format!(
            "\"{}\": {}",
            if s.not_action { "NotAction" } else { "Action" },
            list(&s.actions, i % 2 == 0)
        ));
        members.push(format!(
            "\"{}\": {}",
            if s.not_resource {
                "NotResource"
            } else {
                "Resource"
            },
            list(&s.resources, i % 2 == 1)
        ));
        parts.push(format!(
            "{indent}{{{nl}{indent}{indent}{}{nl}{indent}}}",
            members.join(&format!(",{nl}{indent}{indent}"))
        ));
    }
    let version = if version {
        "\"Version\": \"2012-10-17\", "
    } else {
        ""
    };
    format!(
        "{{{version}{nl}\"Statement\": [{nl}{}{nl}]}}",
        parts.join(&format!(",{nl}"))
    )
}

fn request() -> impl Strategy<Value = (String, &'static str, &'static str)> {
    (
        select(ACTIONS),
        prop::collection::vec(prop::bool::weighted(0.2), 6),
        select(RESOURCES),
        select(&["alice", "bob"][..]),
    )
        .prop_map(|(action, mask, resource, user)| (recase(action, &mask), resource, user))
}

fn through_tokens(text: &str) -> Checked {
    let stream: TokenStream = text.parse().expect("generated JSON is Rust tokens");
    let tokens = Tokens::from_stream(stream);
    check_tokens(&tokens.tokens, tokens.end(), &Options::default())
}

#[test]
fn macro_tables_and_text_tables_decide_alike() {
    let mut runner = TestRunner::new(Config {
        cases: 300,
        failure_persistence: None,
        ..Config::default()
    });
    let loaded = Cell::new(0usize);
    let decided = Cell::new([0usize; 3]);
    let strategy = (
        any::<bool>(),
        prop::collection::vec(statement(), 1..5),
        prop::collection::vec(request(), 1..10),
    );
    runner
        .run(&strategy, |(version, statements, requests)| {
            let compact = document(version, &statements, false);
            let pretty = document(version, &statements, true);
            let from_tokens = through_tokens(&compact);
            let from_text = check_text(&pretty, &Options::default());
            let codes = |c: &Checked| {
                c.diagnostics
                    .iter()
                    .map(|d| (d.code, d.message.clone()))
                    .collect::<Vec<_>>()
            };
            prop_assert_eq!(codes(&from_tokens), codes(&from_text));
            prop_assert_eq!(&from_tokens.tables, &from_text.tables);
            let (Some(macro_tables), Some(text_tables)) = (&from_tokens.tables, &from_text.tables)
            else {
                return Ok(());
            };
            loaded.set(loaded.get() + 1);
            let (macro_policy, text_policy) = (macro_tables.as_policy(), text_tables.as_policy());
            for (action, resource, user) in &requests {
                let context = [("aws:username", ContextValue::String(user))];
                let request =
                    Request::new(action.as_str(), resource).with_context(Context::new(&context));
                let decision = text_policy.evaluate(&request);
                prop_assert_eq!(macro_policy.evaluate(&request), decision);
                let mut counts = decided.get();
                counts[match decision.kind() {
                    "Allow" => 0,
                    "ExplicitDeny" => 1,
                    _ => 2,
                }] += 1;
                decided.set(counts);
            }
            Ok(())
        })
        .unwrap();
    // The property is not vacuous: most generated policies load, and every decision occurs.
    assert!(
        loaded.get() >= 200,
        "only {} of 300 policies loaded",
        loaded.get()
    );
    assert!(
        decided.get().iter().all(|n| *n > 0),
        "decisions {:?}",
        decided.get()
    );
}
