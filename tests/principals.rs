//! `Principal` / `NotPrincipal` of resource-based policies (IAM reference section 5). Every
//! table runs against the const tables of `resource_policy!` and against the same document
//! loaded with `LoadedPolicy::from_json_with` as a resource policy.

use iam_policy::{
    resource_policy, Decision, LoadedPolicy, Options, Policy, PolicyKind, Principal as P, Request,
};

/// A case: a label, the caller (if known) and the expected decision.
type Case<'a> = (&'a str, Option<P<'a>>, Expect);

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    Allow,
    Implicit,
    Explicit,
}

fn resource_options() -> Options {
    Options::default().with_kind(PolicyKind::Resource)
}

fn run(name: &str, constant: &Policy<'_>, json: &str, cases: &[Case<'_>]) {
    let loaded = LoadedPolicy::from_json_with(json, &resource_options())
        .unwrap_or_else(|e| panic!("{name}: {e}\n{json}"));
    let loaded = loaded.as_policy();
    for (label, caller, expected) in cases {
        let mut request = Request::new("s3:GetObject", "arn:aws:s3:::bucket/key");
        if let Some(caller) = caller {
            request = request.with_principal(*caller);
        }
        for (front, policy) in [("const", constant), ("loaded", &loaded)] {
            let got = match policy.evaluate(&request) {
                Decision::Allow(_) => Expect::Allow,
                Decision::ExplicitDeny(_) => Expect::Explicit,
                _ => Expect::Implicit,
            };
            assert_eq!(got, *expected, "{name}: {label} ({front} tables)");
        }
    }
}

/// `table!({ statements }, [label: caller => expected, …])`.
macro_rules! table {
    ([ $($statements:tt)* ], [ $( $label:literal : $caller:expr => $expected:ident ),* $(,)? ]) => {{
        static CONSTANT: Policy = resource_policy!({ "Version": "2012-10-17", "Statement": [ $($statements)* ] });
        let json = stringify!({ "Version": "2012-10-17", "Statement": [ $($statements)* ] });
        let cases: &[Case<'_>] = &[ $( ($label, $caller, Expect::$expected) ),* ];
        run(stringify!($($statements)*), &CONSTANT, json, cases);
    }};
}

const USER: P = P::Aws("arn:aws:iam::111122223333:user/alice");
const ROLE: P = P::Aws("arn:aws:iam::111122223333:role/ops/Admin");
const SESSION: P = P::Aws("arn:aws:sts::111122223333:assumed-role/Admin/alice-session");
const OTHER_SESSION: P = P::Aws("arn:aws:sts::111122223333:assumed-role/Reader/alice-session");
const STRANGER: P = P::Aws("arn:aws:iam::444455556666:user/eve");
const STRANGER_SESSION: P = P::Aws("arn:aws:sts::444455556666:assumed-role/Admin/eve");
const EC2: P = P::Service("ec2.amazonaws.com");
const GOOGLE: P = P::Federated("accounts.google.com");
const CANONICAL: &str = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";

#[test]
fn everyone() {
    table!([{ "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*" }], [
        "user": Some(USER) => Allow,
        "service": Some(EC2) => Allow,
        "anonymous": Some(P::Anonymous) => Allow,
        "unknown caller": None => Allow,
    ]);
    table!([{ "Effect": "Allow", "Principal": { "AWS": "*" }, "Action": "s3:GetObject", "Resource": "*" }], [
        "AWS star is everyone": Some(P::Anonymous) => Allow,
    ]);
}

#[test]
fn accounts() {
    table!([{ "Effect": "Allow", "Principal": { "AWS": "111122223333" }, "Action": "s3:GetObject", "Resource": "*" }], [
        "user of the account": Some(USER) => Allow,
        "role of the account": Some(ROLE) => Allow,
        "session of the account": Some(SESSION) => Allow,
        "other account": Some(STRANGER) => Implicit,
        "anonymous": Some(P::Anonymous) => Implicit,
        "unknown caller": None => Implicit,
        "service": Some(EC2) => Implicit,
    ]);
    table!([{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "s3:GetObject", "Resource": "*" }], [
        "root ARN means the whole account": Some(USER) => Allow,
        "other account": Some(STRANGER_SESSION) => Implicit,
    ]);
}

#[test]
fn users_roles_and_sessions() {
    table!([{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:user/alice" }, "Action": "s3:GetObject", "Resource": "*" }], [
        "that user": Some(USER) => Allow,
        "case-sensitive": Some(P::Aws("arn:aws:iam::111122223333:user/Alice")) => Implicit,
        "another principal of the account": Some(SESSION) => Implicit,
    ]);
    table!([{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/ops/Admin" }, "Action": "s3:GetObject", "Resource": "*" }], [
        "the role": Some(ROLE) => Allow,
        "a session of the role": Some(SESSION) => Allow,
        "a session of another role": Some(OTHER_SESSION) => Implicit,
        "same role name, other account": Some(STRANGER_SESSION) => Implicit,
    ]);
    table!([{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:sts::111122223333:assumed-role/Admin/alice-session" }, "Action": "s3:GetObject", "Resource": "*" }], [
        "that session": Some(SESSION) => Allow,
        "another session": Some(P::Aws("arn:aws:sts::111122223333:assumed-role/Admin/bob")) => Implicit,
        "the role itself": Some(ROLE) => Implicit,
    ]);
}

#[test]
fn services_federation_and_canonical_users() {
    table!([{ "Effect": "Allow", "Principal": { "Service": ["ec2.amazonaws.com", "lambda.amazonaws.com"] }, "Action": "s3:GetObject", "Resource": "*" }], [
        "listed service": Some(EC2) => Allow,
        "second service": Some(P::Service("lambda.amazonaws.com")) => Allow,
        "other service": Some(P::Service("sns.amazonaws.com")) => Implicit,
        "not a service": Some(USER) => Implicit,
    ]);
    table!([{ "Effect": "Allow", "Principal": { "Federated": "accounts.google.com" }, "Action": "s3:GetObject", "Resource": "*" }], [
        "provider": Some(GOOGLE) => Allow,
        "other provider": Some(P::Federated("graph.facebook.com")) => Implicit,
    ]);
    table!([{ "Effect": "Allow", "Principal": { "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }, "Action": "s3:GetObject", "Resource": "*" }], [
        "that user": Some(P::CanonicalUser(CANONICAL)) => Allow,
        "other user": Some(P::CanonicalUser("0000000000000000000000000000000000000000000000000000000000000000")) => Implicit,
    ]);
    table!([{ "Effect": "Allow", "Principal": { "AWS": ["111122223333"], "Service": "ec2.amazonaws.com" }, "Action": "s3:GetObject", "Resource": "*" }], [
        "types are ORed: account": Some(USER) => Allow,
        "types are ORed: service": Some(EC2) => Allow,
        "neither": Some(STRANGER) => Implicit,
    ]);
}

#[test]
fn not_principal() {
    table!([
        { "Effect": "Deny", "NotPrincipal": { "AWS": "111122223333" }, "Action": "s3:GetObject", "Resource": "*" },
        { "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*" }
    ], [
        "listed: not denied": Some(USER) => Allow,
        "not listed: denied": Some(STRANGER) => Explicit,
        "anonymous: denied": Some(P::Anonymous) => Explicit,
        "unknown caller: denied": None => Explicit,
    ]);
}

/// Findings of the checker: (policy kind, statement JSON, code, fix).
#[test]
fn checker_findings() {
    let cases: &[(PolicyKind, &str, &str, Option<&str>)] = &[
        (
            PolicyKind::Resource,
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#,
            "MISSING_PRINCIPAL",
            None,
        ),
        (
            PolicyKind::Identity,
            r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}"#,
            "UNSUPPORTED_PRINCIPAL",
            None,
        ),
        (
            PolicyKind::Resource,
            r#"{"Effect": "Deny", "Principal": "*", "NotPrincipal": "*", "Action": "s3:GetObject", "Resource": "*"}"#,
            "UNSUPPORTED_ELEMENT_COMBINATION",
            None,
        ),
        (
            PolicyKind::Resource,
            r#"{"Effect": "Allow", "Principal": {"Aws": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}"#,
            "INVALID_PRINCIPAL_KEY",
            Some("AWS"),
        ),
        (
            PolicyKind::Resource,
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/*"}, "Action": "s3:GetObject", "Resource": "*"}"#,
            "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
            None,
        ),
        (
            PolicyKind::Resource,
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:group/devs"}, "Action": "s3:GetObject", "Resource": "*"}"#,
            "INVALID_PRINCIPAL_FORMAT",
            None,
        ),
        (
            PolicyKind::Resource,
            r#"{"Effect": "Allow", "Principal": {"AWS": "1111-2222-3333"}, "Action": "s3:GetObject", "Resource": "*"}"#,
            "INVALID_PRINCIPAL_FORMAT",
            Some("111122223333"),
        ),
        (
            PolicyKind::Resource,
            r#"{"Effect": "Allow", "Principal": "arn:aws:iam::111122223333:root", "Action": "s3:GetObject", "Resource": "*"}"#,
            "INVALID_PRINCIPAL_FORMAT",
            None,
        ),
        (
            PolicyKind::Resource,
            r#"{"Effect": "Allow", "Principal": {"Service": "EC2.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "*"}"#,
            "INVALID_SERVICE_PRINCIPAL_FORMAT",
            Some("ec2.amazonaws.com"),
        ),
        (
            PolicyKind::Resource,
            r#"{"Effect": "Allow", "Principal": {"CanonicalUser": "abc"}, "Action": "s3:GetObject", "Resource": "*"}"#,
            "INVALID_PRINCIPAL_FORMAT",
            None,
        ),
        (
            PolicyKind::Resource,
            r#"{"Effect": "Allow", "Principal": {}, "Action": "s3:GetObject", "Resource": "*"}"#,
            "EMPTY_OBJECT_PRINCIPAL",
            None,
        ),
        (
            PolicyKind::Resource,
            r#"{"Effect": "Allow", "Principal": {"AWS": []}, "Action": "s3:GetObject", "Resource": "*"}"#,
            "EMPTY_ARRAY_PRINCIPAL",
            None,
        ),
        (
            PolicyKind::Resource,
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/${aws:username}"}, "Action": "s3:GetObject", "Resource": "*"}"#,
            "VARIABLE_UNSUPPORTED_IN_ELEMENT",
            None,
        ),
    ];
    for (kind, statement, code, fix) in cases {
        let json = format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}]}}"#);
        let options = Options::default().with_kind(*kind);
        if !iam_policy::Severity::default_for(iam_policy::lint::lookup(code).unwrap())
            .eq(&iam_policy::Severity::Error)
        {
            // Not an error: the policy loads, with the finding among its warnings.
            let loaded = LoadedPolicy::from_json_with(&json, &options).unwrap();
            assert!(
                loaded.warnings().iter().any(|d| d.code == *code),
                "{statement}"
            );
            continue;
        }
        let errors = LoadedPolicy::from_json_with(&json, &options).expect_err(statement);
        let error = errors
            .errors()
            .find(|d| d.code == *code)
            .unwrap_or_else(|| panic!("{statement}: expected {code}, got {errors}"));
        assert_eq!(
            error.fix.as_ref().map(|f| f.replacement.as_str()),
            *fix,
            "{statement}"
        );
    }
    let allow_not_principal = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}]}"#;
    let loaded = LoadedPolicy::from_json_with(allow_not_principal, &resource_options()).unwrap();
    assert!(loaded
        .warnings()
        .iter()
        .any(|d| d.code == "ALLOW_WITH_NOT_PRINCIPAL"));
}
