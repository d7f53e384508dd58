//! Properties of loaded policies under generated input (256 cases each):
//! - wildcard patterns in `Resource` match as a `regex` reference does (action patterns,
//!   which the catalog limits to real action names, are compared with the reference in
//!   `policy-core/tests/glob_reference.rs` on hand-built tables);
//! - evaluation never panics, whatever the request;
//! - adding a `Deny` statement never turns a denial into an allow;
//! - removing an `Allow` statement never turns a denial into an allow.

use iam_policy_check::lint::Level;
use iam_policy_check::{LoadedPolicy, Options};
use iam_policy_core::{Context, ContextValue, Principal, Request};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// Wildcards through the checker and lowering, against a reference.

/// `*` any run, `?` one character, the rest literal; anchored.
fn reference(pattern: &str, text: &str) -> bool {
    let mut regex = String::from("(?s)^");
    for c in pattern.chars() {
        match c {
            '*' => regex.push_str(".*"),
            '?' => regex.push('.'),
            c => regex.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
        }
    }
    regex.push('$');
    regex::Regex::new(&regex).unwrap().is_match(text)
}

fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn allows(action_pattern: &str, resource_pattern: &str, action: &str, resource: &str) -> bool {
    // `2008-10-17`: `${` is literal text, so any pattern is wildcards and literals only.
    let text = format!(
        r#"{{"Version": "2008-10-17", "Statement": {{"Effect": "Allow", "Action": {}, "Resource": {}}}}}"#,
        json(action_pattern),
        json(resource_pattern)
    );
    // Arbitrary text is no real ARN: the findings that say so (white space, a second ARN,
    // names the catalog does not know) are allowed, and the patterns match as written.
    let mut options = Options::default();
    for group in ["arn", "catalog"] {
        options.levels.set(group, Level::Allow).unwrap();
    }
    let policy =
        LoadedPolicy::from_json_with(&text, &options).unwrap_or_else(|e| panic!("{e}\n{text}"));
    policy
        .evaluate(&Request::new(action, resource))
        .is_allowed()
}

/// Resource-part text: letters, regex metacharacters, separators and Latin-1 letters (IAM
/// accepts U+0020 to U+00FF in a document).
fn resource_chars(wildcards: bool) -> impl Strategy<Value = String> {
    let mut chars = vec![
        'a', 'b', 'A', '.', '+', '(', ')', '[', '^', '|', '\\', '/', ':', '-', 'é', 'ÿ', ' ',
    ];
    if wildcards {
        chars.extend(['*', '*', '?']);
    }
    proptest::collection::vec(proptest::sample::select(chars), 1..10)
        .prop_map(|c| c.into_iter().collect())
}

/// A text for `pattern`: itself with wildcards filled in, or something else.
fn instantiate(pattern: &str, fill: &str, other: &str, mode: u8) -> String {
    match mode {
        0 => other.to_string(),
        _ => pattern
            .chars()
            .map(|c| match c {
                '*' => fill.to_string(),
                '?' => fill.chars().next().unwrap_or('x').to_string(),
                c => c.to_string(),
            })
            .collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn resource_wildcards_match_as_the_reference(
        pattern in resource_chars(true),
        fill in resource_chars(false),
        other in resource_chars(false),
        mode in 0..3u8,
    ) {
        let text = instantiate(&pattern, &fill, &other, mode);
        let allowed = allows(
            "s3:GetObject",
            &format!("arn:aws:s3:::{pattern}"),
            "s3:GetObject",
            &format!("arn:aws:s3:::{text}"),
        );
        prop_assert_eq!(allowed, reference(&pattern, &text), "{} against {}", pattern, text);
    }
}

// ---------------------------------------------------------------------------------------
// Evaluation never panics on arbitrary requests.

/// Policies that exercise every path: indexed and unindexed statements, `NotAction`,
/// `NotResource`, wildcards, policy variables and their defaults.
const POLICIES: &[&str] = &[
    r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": ["arn:aws:s3:::home/${aws:username}/*", "arn:aws:s3:::pub/${aws:PrincipalTag/team, 'all'}/?*"]},
        {"Effect": "Deny", "NotAction": "s3:*", "NotResource": "arn:aws:s3:::*"},
        {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:us-*:1111222233?3:*/x*y*"}]}"#,
    r#"{"Statement": {"Effect": "Allow", "Action": "cloudtrail:*Logging", "Resource": "arn:aws:cloudtrail:*:*:trail/${aws:username}"}}"#,
];

/// The second policy has no `Version`: its `${…}` is literal text, which is a finding (denied
/// by default) that these tests allow.
fn literal_variables() -> Options {
    let mut options = Options::default();
    options
        .levels
        .set("VARIABLE_UNSUPPORTED_IN_VERSION", Level::Allow)
        .unwrap();
    options
}

fn arbitrary_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "(arn|s3|\\*|:|/|\\$\\{|x){0,12}",
        Just("arn:aws:s3:::home/alice/x".to_string()),
        Just("s3:GetObject".to_string()),
    ]
}

#[derive(Clone, Debug)]
enum Value {
    String(String),
    Strings(Vec<String>),
    Number(f64),
    Date(i64),
    Bool(bool),
    Ip([u8; 4]),
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        arbitrary_text().prop_map(Value::String),
        proptest::collection::vec(arbitrary_text(), 0..3).prop_map(Value::Strings),
        any::<f64>().prop_map(Value::Number),
        any::<i64>().prop_map(Value::Date),
        any::<bool>().prop_map(Value::Bool),
        any::<[u8; 4]>().prop_map(Value::Ip),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("aws:username".to_string()),
        Just("AWS:PrincipalTag/team".to_string()),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn evaluation_never_panics(
        action in arbitrary_text(),
        resource in arbitrary_text(),
        principal in proptest::option::of(arbitrary_text()),
        entries in proptest::collection::vec((key(), value()), 0..4),
    ) {
        let policies: Vec<LoadedPolicy> =
            POLICIES.iter().map(|p| LoadedPolicy::from_json_with(p, &literal_variables()).unwrap()).collect();
        let strings: Vec<Vec<&str>> = entries
            .iter()
            .map(|(_, v)| match v {
                Value::Strings(s) => s.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            })
            .collect();
        let context: Vec<(&str, ContextValue<'_>)> = entries
            .iter()
            .zip(&strings)
            .map(|((k, v), s)| {
                let value = match v {
                    Value::String(s) => ContextValue::String(s),
                    Value::Strings(_) => ContextValue::Strings(s),
                    Value::Number(n) => ContextValue::Number(*n),
                    Value::Date(d) => ContextValue::Date(*d),
                    Value::Bool(b) => ContextValue::Bool(*b),
                    Value::Ip(ip) => ContextValue::Ip(std::net::IpAddr::from(*ip)),
                };
                (k.as_str(), value)
            })
            .collect();
        let mut request = Request::new(action.as_str(), &resource).with_context(Context::new(&context));
        if let Some(principal) = &principal {
            request = request.with_principal(Principal::Aws(principal));
        }
        for policy in &policies {
            let decision = policy.evaluate(&request);
            prop_assert_eq!(decision, policy.evaluate(&request));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Deny overrides: monotonicity of generated policies.

const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:Get*",
    "s3:*",
    "s3:*Object",
    "s3:?etObject",
    "iam:PassRole",
    "cloudtrail:StopLogging",
    "cloudtrail:*Logging",
    "*",
];
const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:s3:::bucket",
    "arn:aws:s3:::bucket/*",
    "arn:aws:s3:::bucket/private/*",
    "arn:aws:s3:::*/x?y",
    "arn:aws:iam::111122223333:role/*",
    "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default",
    "arn:aws:s3:*:*:*",
];
const REQUEST_ACTIONS: &[&str] = &[
    "s3:GetObject",
    "S3:putobject",
    "s3:DeleteObject",
    "iam:PassRole",
    "cloudtrail:StopLogging",
    "ec2:RunInstances",
];
const REQUEST_RESOURCES: &[&str] = &[
    "*",
    "arn:aws:s3:::bucket",
    "arn:aws:s3:::bucket/a",
    "arn:aws:s3:::bucket/private/k",
    "arn:aws:s3:::other/xay",
    "arn:aws:iam::111122223333:role/admin",
    "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default",
    "not-an-arn",
];

#[derive(Clone, Debug)]
struct Stmt {
    deny: bool,
    not_action: bool,
    actions: Vec<&'static str>,
    not_resource: bool,
    resources: Vec<&'static str>,
}

impl Stmt {
    fn json(&self) -> String {
        let list = |items: &[&str]| {
            let quoted: Vec<String> = items.iter().map(|i| json(i)).collect();
            format!("[{}]", quoted.join(", "))
        };
        format!(
            r#"{{"Effect": "{}", "{}": {}, "{}": {}}}"#,
            if self.deny { "Deny" } else { "Allow" },
            if self.not_action {
                "NotAction"
            } else {
                "Action"
            },
            list(&self.actions),
            if self.not_resource {
                "NotResource"
            } else {
                "Resource"
            },
            list(&self.resources),
        )
    }
}

fn stmt(deny: impl Strategy<Value = bool>) -> impl Strategy<Value = Stmt> {
    (
        deny,
        proptest::bool::weighted(0.2),
        proptest::sample::subsequence(ACTIONS, 1..3),
        proptest::bool::weighted(0.2),
        proptest::sample::subsequence(RESOURCES, 1..3),
    )
        .prop_map(
            |(deny, not_action, actions, not_resource, resources)| Stmt {
                deny,
                not_action,
                actions,
                not_resource,
                resources,
            },
        )
}

fn load(statements: &[Stmt]) -> LoadedPolicy {
    let body: Vec<String> = statements.iter().map(Stmt::json).collect();
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        body.join(", ")
    );
    // Every combination of the vocabulary is a valid policy, so every case tests something.
    LoadedPolicy::from_json(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn requests() -> impl Iterator<Item = Request<'static>> {
    REQUEST_ACTIONS.iter().flat_map(|action| {
        REQUEST_RESOURCES
            .iter()
            .map(move |resource| Request::new(*action, resource))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn adding_a_deny_never_turns_a_denial_into_an_allow(
        statements in proptest::collection::vec(stmt(any::<bool>()), 1..5),
        deny in stmt(Just(true)),
        at in any::<prop::sample::Index>(),
    ) {
        let mut more = statements.clone();
        more.insert(at.index(statements.len() + 1), deny);
        let (before, after) = (load(&statements), load(&more));
        for request in requests() {
            let was = before.evaluate(&request);
            let now = after.evaluate(&request);
            prop_assert!(was.is_allowed() || !now.is_allowed(), "{:?}: {} then {}", request, was, now);
            // An explicit deny stays one.
            prop_assert!(was.kind() != "ExplicitDeny" || now.kind() == "ExplicitDeny");
        }
    }

    #[test]
    fn removing_an_allow_never_turns_a_denial_into_an_allow(
        statements in proptest::collection::vec(stmt(any::<bool>()), 2..6),
        at in any::<prop::sample::Index>(),
    ) {
        let Some(index) = (0..statements.len())
            .map(|i| (at.index(statements.len()) + i) % statements.len())
            .find(|&i| !statements[i].deny)
        else {
            return Ok(());
        };
        let mut fewer = statements.clone();
        fewer.remove(index);
        let (before, after) = (load(&statements), load(&fewer));
        for request in requests() {
            let was = before.evaluate(&request);
            let now = after.evaluate(&request);
            prop_assert!(was.is_allowed() || !now.is_allowed(), "{:?}: {} then {}", request, was, now);
        }
    }
}

/// The vocabulary's statements load and decide as IAM does.
#[test]
fn generated_policies_load() {
    let mixed = [
        Stmt {
            deny: false,
            not_action: false,
            actions: vec!["s3:*"],
            not_resource: false,
            resources: vec!["arn:aws:s3:::bucket/*"],
        },
        Stmt {
            deny: true,
            not_action: true,
            actions: vec!["iam:PassRole"],
            not_resource: true,
            resources: vec!["arn:aws:iam::111122223333:role/*"],
        },
    ];
    let policy = load(&mixed);
    assert!(policy
        .evaluate(&Request::new("s3:GetObject", "arn:aws:s3:::bucket/a"))
        .kind()
        .eq("ExplicitDeny"));
}
