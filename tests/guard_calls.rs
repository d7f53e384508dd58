//! Guard calls as a service writes them: the error leaves a handler with `?`, sets and
//! contexts are built inline, and every type of a decision or an explanation is named through
//! the facade alone.

use std::error::Error;

use iam_policy::{
    policy, AccessDenied, Context, ContextValue, DenyCause, Explain, LoadedPolicy,
    OwnedAccessDenied, Policy, PolicySet, Principal, Request, StatementExplanation,
};

static DENY_STOP: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "NoStop", "Effect": "Deny", "Action": "cloudtrail:StopLogging",
        "Resource": "*" }]
});

static DESCRIBE: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "cloudtrail:Describe*", "Resource": "*",
        "Condition": { "Bool": { "aws:SecureTransport": "true" } } }]
});

const TRAIL: &str = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default";

fn assert_static_send_sync_error<E: Error + Send + Sync + 'static>() {}

/// A handler of a service: the request is built from owned, per-call strings, and a refusal
/// leaves with `?` as a boxed `'static` error.
fn handler(action: String, caller: String) -> Result<String, Box<dyn Error + Send + Sync>> {
    let set = PolicySet::owning([&DENY_STOP, &DESCRIBE]);
    let request = Request::new(action.as_str(), TRAIL)
        .with_principal(Principal::Aws(&caller))
        .with_context(Context::new(&[(
            "aws:SecureTransport",
            ContextValue::Bool(true),
        )]));
    let allowed_by = set.authorize(&request).map_err(AccessDenied::into_owned)?;
    Ok(allowed_by.to_string())
}

#[test]
fn the_owned_error_leaves_a_handler_with_the_question_mark() {
    assert_static_send_sync_error::<OwnedAccessDenied>();
    let caller = "arn:aws:iam::111122223333:user/alice".to_string();
    assert_eq!(
        handler("cloudtrail:DescribeTrails".into(), caller.clone()).unwrap(),
        "statement #0 of policy #1"
    );

    let error = handler("cloudtrail:StopLogging".into(), caller.clone()).unwrap_err();
    let denied = error
        .downcast_ref::<OwnedAccessDenied>()
        .expect("the guard call's error");
    assert!(denied.is_explicit());
    assert_eq!(denied.action(), "cloudtrail:StopLogging");
    assert_eq!(denied.resource(), TRAIL);
    assert_eq!(denied.principal(), Some(Principal::Aws(&caller)));
    let DenyCause::ExplicitDeny(statement) = denied.cause() else {
        panic!("{denied:?}")
    };
    assert_eq!(
        (statement.sid(), statement.policy_index()),
        (Some("NoStop"), 0)
    );
    assert_eq!(
        error.to_string(),
        "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: \
         cloudtrail:StopLogging on resource: arn:aws:cloudtrail:us-east-1:111122223333:trail/Default \
         with an explicit deny in statement `NoStop` of policy #0"
    );

    let error = handler("cloudtrail:DeleteTrail".into(), caller).unwrap_err();
    let denied = error.downcast_ref::<OwnedAccessDenied>().unwrap();
    assert!(!denied.is_explicit());
    assert_eq!(denied.cause(), DenyCause::NoAllow);
}

#[test]
fn the_owned_error_says_what_the_borrowed_one_says() {
    let loaded = LoadedPolicy::from_json(
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Loaded", "Effect": "Deny",
            "Action": "cloudtrail:DeleteTrail", "Resource": "*"}]}"#,
    )
    .unwrap()
    .with_name("Guardrail");
    let view = loaded.as_policy();
    let set = PolicySet::owning(vec![&DESCRIBE, &view]);
    for principal in [
        None,
        Some(Principal::Service("ec2.amazonaws.com")),
        Some(Principal::Anonymous),
    ] {
        let mut request = Request::new("cloudtrail:DeleteTrail", TRAIL);
        if let Some(principal) = principal {
            request = request.with_principal(principal);
        }
        let borrowed = set.authorize(&request).unwrap_err();
        let owned = borrowed.into_owned();
        assert_eq!(owned.to_string(), borrowed.to_string());
        assert_eq!(owned.as_borrowed(), borrowed);
        assert_eq!(OwnedAccessDenied::from(borrowed), owned);
    }
}

#[test]
fn sets_and_contexts_written_inline_live_long_enough() {
    // An array of policies held by the set, and a constant context: both written inline.
    let set = PolicySet::owning([&DENY_STOP, &DESCRIBE]);
    let request = Request::new("cloudtrail:DescribeTrails", "*").with_context(Context::new(&[
        ("aws:SecureTransport", ContextValue::Bool(true)),
        ("aws:username", ContextValue::String("alice")),
    ]));
    assert!(set.evaluate(&request).is_allowed());
    assert_eq!(set.policies().len(), 2);
}

#[test]
fn explanations_are_named_through_the_facade() {
    let request = Request::new("cloudtrail:DescribeTrails", "*");
    let explain: Explain<'_, '_> = DESCRIBE.explain(&request);
    let statements: Vec<StatementExplanation<'_>> = explain.collect();
    assert_eq!(statements.len(), 1);
    assert!(statements[0].action_matches());
    assert!(!statements[0].conditions_hold());
}

#[test]
fn findings_and_their_fixes_are_named_through_the_facade() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "allow",
        "Action": "cloudtrail:DescribeTrails", "Resource": "*"}}"#;
    let errors = LoadedPolicy::from_json(text).unwrap_err();
    let (_, finding) = errors.iter().next().unwrap();
    let at: iam_policy::Loc = finding.loc;
    let fix: &iam_policy::Fix = finding.fix.as_ref().expect("a fix for `allow`");
    assert!(text[at.start as usize..at.end as usize].contains("allow"));
    assert_eq!(fix.replacement, "Allow");
}
