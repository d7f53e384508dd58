//! The redundancy findings (`REDUNDANT_ACTION`, `REDUNDANT_RESOURCE`, `REDUNDANT_STATEMENT`,
//! `DEAD_STATEMENT`): the cases a user relies on, and, over random policies, that removing
//! every reported part at once leaves every request of a small universe decided as before.

mod common;

use common::{policy, text, Stmt};
use iam_policy_analyze::add_lints;
use iam_policy_analyze::lints::CODES;
use iam_policy_check::document::Document;
use iam_policy_check::levels::LintLevels;
use iam_policy_check::lint::Level;
use iam_policy_check::{check_text, Diagnostic, Options};
use iam_policy_core::{Context, PolicySet, Request};
use proptest::prelude::*;

/// The redundancy findings of a policy: code, message and the text they point at.
fn findings(source: &str) -> Vec<(String, String, String)> {
    let (diagnostics, _) = checked(source);
    diagnostics
        .iter()
        .map(|d| {
            let at = &source[d.loc.start as usize..d.loc.end as usize];
            (d.code.to_string(), d.message.clone(), at.to_string())
        })
        .collect()
}

fn checked(source: &str) -> (Vec<Diagnostic>, Document) {
    // Allowed by default: shown as suggestions here.
    let mut levels = LintLevels::default();
    levels.set("suggestion", Level::Suggest).unwrap();
    let options = Options::default().with_levels(levels);
    let mut checked = check_text(source, &options);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    checked.diagnostics.clear();
    add_lints(&mut checked, &options, &CODES);
    (checked.diagnostics, checked.document.expect("a document"))
}

fn policy_of(statements: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#)
}

fn codes(source: &str) -> Vec<String> {
    findings(source)
        .into_iter()
        .map(|(code, ..)| code)
        .collect()
}

#[test]
fn an_action_under_a_wildcard_of_the_same_list_is_redundant() {
    let source = policy_of(
        r#"{"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject", "S3:GETOBJECTACL", "s3:PutObject"], "Resource": "*"}"#,
    );
    let found = findings(&source);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, "REDUNDANT_ACTION");
    assert_eq!(found[0].2, r#""s3:GetObject""#);
    assert!(found[0].1.contains("`s3:Get*`"), "{}", found[0].1);
    // Action names ignore case.
    assert_eq!(found[1].2, r#""S3:GETOBJECTACL""#);
}

#[test]
fn of_two_equal_actions_the_later_is_redundant() {
    let source = policy_of(
        r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:getobject"], "Resource": "*"}"#,
    );
    let found = findings(&source);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, r#""s3:getobject""#);
}

#[test]
fn patterns_covered_only_together_name_every_cover() {
    // `b*` is `b` or `b` and one character or more: neither covers it alone.
    let source = policy_of(
        r#"{"Effect": "Allow", "Action": "s3:ListBucket", "NotResource": ["arn:aws:s3:::b", "arn:aws:s3:::b?*", "arn:aws:s3:::b*"]}"#,
    );
    let found = findings(&source);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, r#""arn:aws:s3:::b*""#);
    assert!(
        found[0].1.ends_with(
            "`arn:aws:s3:::b` and `arn:aws:s3:::b?*` in the same `NotResource` cover it together"
        ),
        "{}",
        found[0].1
    );
    // `?` is any one character: `s3:?etObject` covers both spellings of `s3:GetObject`, and
    // neither covers it.
    let source = policy_of(
        r#"{"Effect": "Allow", "Action": ["s3:?etObject", "s3:GetObject", "s3:getObject"], "Resource": "*"}"#,
    );
    let found = findings(&source);
    let at: Vec<&str> = found.iter().map(|f| f.2.as_str()).collect();
    assert_eq!(at, [r#""s3:GetObject""#, r#""s3:getObject""#], "{found:?}");
    assert!(found
        .iter()
        .all(|f| f.1.contains("`s3:?etObject` in the same")));
}

#[test]
fn actions_of_other_services_or_wider_names_are_kept() {
    for actions in [
        r#"["s3:Get*", "s3:PutObject"]"#,
        r#"["s3:GetObject", "s3:GetObjectAcl"]"#,
        r#"["s3:Get*", "ec2:GetConsoleOutput"]"#,
        r#"["s3:Get*Acl", "s3:*Object*"]"#,
    ] {
        let source = policy_of(&format!(
            r#"{{"Effect": "Allow", "Action": {actions}, "Resource": "*"}}"#
        ));
        assert!(
            codes(&source).is_empty(),
            "{actions}: {:?}",
            findings(&source)
        );
    }
}

#[test]
fn a_resource_under_a_wildcard_is_redundant_and_case_counts() {
    let source = policy_of(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b/x", "arn:aws:s3:::B/x", "arn:aws:s3:::b"]}"#,
    );
    let found = findings(&source);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "REDUNDANT_RESOURCE");
    assert_eq!(found[0].2, r#""arn:aws:s3:::b/x""#);
}

#[test]
fn a_wildcard_of_an_arn_field_does_not_cross_a_colon() {
    // `*` in the region field matches no colon: `us-east-1` is covered, a resource in a
    // colon-free region only; the resource part's `*` matches colons.
    let source = policy_of(
        r#"{"Effect": "Allow", "Action": "logs:GetLogEvents", "Resource": ["arn:aws:logs:*:111122223333:log-group:a:*", "arn:aws:logs:us-east-1:111122223333:log-group:a:log-stream:x"]}"#,
    );
    assert_eq!(codes(&source), ["REDUNDANT_RESOURCE"]);
}

#[test]
fn resources_with_policy_variables() {
    // A pattern with a variable is covered when it is under every value.
    let source = policy_of(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b/${aws:username}/*"]}"#,
    );
    assert_eq!(codes(&source), ["REDUNDANT_RESOURCE"]);
    // It covers only for some values: nothing is redundant.
    let source = policy_of(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/alice/x"]}"#,
    );
    assert!(codes(&source).is_empty(), "{:?}", findings(&source));
}

#[test]
fn a_statement_another_covers_is_redundant() {
    let source = policy_of(
        r#"{"Sid": "Wide", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"},
           {"Sid": "Narrow", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/k",
            "Condition": {"Bool": {"aws:SecureTransport": "true"}}}"#,
    );
    let found = findings(&source);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "REDUNDANT_STATEMENT");
    assert!(found[0].2.contains(r#""Sid": "Narrow""#));
    assert!(found[0].1.contains("`Wide`"), "{}", found[0].1);
}

#[test]
fn a_condition_keeps_a_statement_from_covering() {
    let source = policy_of(
        r#"{"Sid": "Wide", "Effect": "Allow", "Action": "s3:Get*", "Resource": "*",
            "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
           {"Sid": "Narrow", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/k"}"#,
    );
    assert!(codes(&source).is_empty(), "{:?}", findings(&source));
}

#[test]
fn statements_covered_together_are_named_together() {
    let source = policy_of(
        r#"{"Sid": "Get", "Effect": "Allow", "Action": "s3:Get*", "Resource": "*"},
           {"Sid": "Put", "Effect": "Allow", "Action": "s3:Put*", "Resource": "*"},
           {"Sid": "Both", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*"}"#,
    );
    let found = findings(&source);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].1.ends_with("allowed by `Get` and `Put`"),
        "{}",
        found[0].1
    );
}

#[test]
fn of_two_equal_statements_the_later_is_redundant() {
    let statement = r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#;
    let source = policy_of(&format!("{statement}, {statement}"));
    let (diagnostics, document) = checked(&source);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].loc, document.statements[1].loc);
    assert!(diagnostics[0].message.contains("#0"));
}

#[test]
fn an_allow_a_deny_removes_entirely_is_dead() {
    let source = policy_of(
        r#"{"Sid": "Users", "Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*"},
           {"Sid": "NoIam", "Effect": "Deny", "Action": "iam:*", "Resource": "*"}"#,
    );
    let found = findings(&source);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "DEAD_STATEMENT");
    assert!(found[0].1.contains("`NoIam`"), "{}", found[0].1);
    // A deny with a condition leaves the requests where it does not hold.
    let source = policy_of(
        r#"{"Sid": "Users", "Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*"},
           {"Sid": "NoIam", "Effect": "Deny", "Action": "iam:*", "Resource": "*",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}"#,
    );
    assert!(codes(&source).is_empty(), "{:?}", findings(&source));
    // `NotResource` leaves the resources it lists.
    let source = policy_of(
        r#"{"Sid": "Users", "Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*"},
           {"Sid": "NoIam", "Effect": "Deny", "Action": "iam:*", "NotResource": "arn:aws:iam::111122223333:user/admin"}"#,
    );
    assert!(codes(&source).is_empty(), "{:?}", findings(&source));
}

#[test]
fn a_deny_other_denies_cover_is_redundant_and_allows_do_not_cover_denies() {
    let source = policy_of(
        r#"{"Sid": "NoIam", "Effect": "Deny", "Action": "iam:*", "Resource": "*"},
           {"Sid": "NoUsers", "Effect": "Deny", "Action": "iam:*User", "Resource": "*"},
           {"Sid": "All", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},
           {"Sid": "NoS3", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}"#,
    );
    let found = findings(&source);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].2.contains("NoUsers"));
    assert!(found[0].1.contains("denied by `NoIam`"), "{}", found[0].1);
}

#[test]
fn not_action_statements_are_compared_exactly() {
    let source = policy_of(
        r#"{"Sid": "AllButIam", "Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
           {"Sid": "S3", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},
           {"Sid": "Iam", "Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}"#,
    );
    let found = findings(&source);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].2.contains(r#""Sid": "S3""#), "{found:?}");
}

#[test]
fn levels_apply() {
    let source =
        policy_of(r#"{"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "*"}"#);
    let mut levels = iam_policy_check::levels::LintLevels::default();
    levels
        .set("REDUNDANT_ACTION", iam_policy_check::lint::Level::Deny)
        .unwrap();
    let options = Options::default().with_levels(levels);
    let mut checked = check_text(&source, &options);
    assert!(checked.tables.is_some());
    add_lints(&mut checked, &options, &CODES);
    assert!(checked.has_errors());
    // An error drops the tables, as any error does.
    assert!(checked.tables.is_none());
}

/// The policy with the reported parts removed.
fn without(statements: &[Stmt], document: &Document, found: &[Diagnostic]) -> Vec<Stmt> {
    let mut out = Vec::new();
    for (i, (s, written)) in statements.iter().zip(&document.statements).enumerate() {
        if found.iter().any(|d| d.loc == written.loc) {
            continue;
        }
        let kept =
            |items: &[&'static str], locs: Vec<iam_policy_check::Loc>| -> Vec<&'static str> {
                items
                    .iter()
                    .zip(locs)
                    .filter(|(_, loc)| !found.iter().any(|d| d.loc == *loc))
                    .map(|(item, _)| *item)
                    .collect()
            };
        let mut s = s.clone();
        s.actions = kept(
            &s.actions,
            written.action.items.iter().map(|i| i.loc).collect(),
        );
        let resources = written.resource.as_ref().expect("a resource list");
        s.resources = kept(
            &s.resources,
            resources.items.iter().map(|i| i.loc).collect(),
        );
        assert!(
            !s.actions.is_empty() && !s.resources.is_empty(),
            "statement {i}"
        );
        out.push(s);
    }
    out
}

/// Every request of the universe decided the same (allowed, denied explicitly or implicitly).
fn same_decisions(before: &[Stmt], after: &[Stmt], conditions: bool) -> Result<(), TestCaseError> {
    let (old, new) = (common::load(before), common::load(after));
    let (contexts, actions, resources) = common::universe(conditions);
    for context in &contexts {
        for action in &actions {
            for resource in &resources {
                let request =
                    Request::new(action.as_str(), resource).with_context(Context::new(context));
                let old_policy = old.as_policy();
                let new_policy = new.as_policy();
                let a = PolicySet::new(&[&old_policy]).evaluate(&request);
                let b = PolicySet::new(&[&new_policy]).evaluate(&request);
                prop_assert_eq!(
                    a.kind(),
                    b.kind(),
                    "{} {} {:?}\nbefore {}\nafter {}",
                    action,
                    resource,
                    context,
                    old.source(),
                    new.source()
                );
            }
        }
    }
    Ok(())
}

fn removing_the_findings_changes_nothing(
    statements: &[Stmt],
    conditions: bool,
) -> Result<(), TestCaseError> {
    let source = text(statements);
    let (found, document) = checked(&source);
    let reduced = without(statements, &document, &found);
    same_decisions(statements, &reduced, conditions)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn actions_and_resources(statements in policy(false)) {
        removing_the_findings_changes_nothing(&statements, false)?;
    }

    #[test]
    fn conditions(statements in policy(true)) {
        let statements: Vec<Stmt> = statements
            .into_iter()
            .map(|mut s| {
                s.actions = vec!["cloudtrail:GetTrail"];
                s.not_action = false;
                s.resources = vec!["*"];
                s.not_resource = false;
                s
            })
            .collect();
        removing_the_findings_changes_nothing(&statements, true)?;
    }
}
