//! Condition operators, set qualifiers and policy variables, family by family (IAM reference
//! sections 6 and 7). Every table runs twice: against the const tables `policy!` builds at
//! compile time and against the same document loaded at run time with
//! `LoadedPolicy::from_json`; both must give the expected decision for every case.

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use iam_policy::lint::Level;
use iam_policy::{policy, Context, ContextValue as V, LoadedPolicy, Options, Policy, Request};

/// A case: a label, the request context, and whether the statement must allow.
type Case<'a> = (&'a str, &'a [(&'a str, V<'a>)], bool);

const RESOURCE: &str = "arn:aws:s3:::bucket/home/alice/notes.txt";

fn run(name: &str, constant: &Policy<'_>, json: &str, cases: &[Case<'_>]) {
    // Literal `${…}` without `Version` is denied by default; the tables below allow it, as the
    // `policy!` of that case does.
    let mut options = Options::default();
    options
        .levels
        .set("VARIABLE_UNSUPPORTED_IN_VERSION", Level::Allow)
        .unwrap();
    let loaded = LoadedPolicy::from_json_with(json, &options)
        .unwrap_or_else(|e| panic!("{name}: {e}\n{json}"));
    let loaded = loaded.as_policy();
    for (label, context, expected) in cases {
        let request = Request::new("s3:GetObject", RESOURCE).with_context(Context::new(context));
        for (front, policy) in [("const", constant), ("loaded", &loaded)] {
            assert_eq!(
                policy.evaluate(&request).is_allowed(),
                *expected,
                "{name}: {label} ({front} tables)"
            );
        }
    }
}

/// `table!(version; { condition }, [label: [key => value, …] => allowed, …])`: an `Allow` of
/// `s3:GetObject` on `*` under the condition, checked against each case.
macro_rules! table {
    ($version:literal; { $($condition:tt)* }, [ $( $label:literal : [ $( $key:literal => $value:expr ),* $(,)? ] => $expected:expr ),* $(,)? ]) => {{
        static CONSTANT: Policy = policy!({
            "Version": $version,
            "Statement": { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                "Condition": { $($condition)* } }
        });
        let json = stringify!({
            "Version": $version,
            "Statement": { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                "Condition": { $($condition)* } }
        });
        let cases: &[Case<'_>] = &[ $( ($label, &[ $( ($key, $value) ),* ], $expected) ),* ];
        run(stringify!($($condition)*), &CONSTANT, json, cases);
    }};
    ({ $($condition:tt)* }, $cases:tt) => {
        table!("2012-10-17"; { $($condition)* }, $cases)
    };
}

fn ip(a: u8, b: u8, c: u8, d: u8) -> V<'static> {
    V::Ip(IpAddr::V4(Ipv4Addr::new(a, b, c, d)))
}

#[test]
fn string_family() {
    table!({ "StringEquals": { "aws:username": "alice" } }, [
        "equal": ["aws:username" => V::String("alice")] => true,
        "case differs": ["aws:username" => V::String("Alice")] => false,
        "key absent": [] => false,
        "empty string is a present value": ["aws:username" => V::String("")] => false,
        "key name without case": ["AWS:UserName" => V::String("alice")] => true,
        "other type": ["aws:username" => V::Number(1.0)] => false,
    ]);
    table!({ "StringEquals": { "aws:username": ["alice", "bob"] } }, [
        "values are ORed": ["aws:username" => V::String("bob")] => true,
        "none": ["aws:username" => V::String("carol")] => false,
    ]);
    table!({ "StringNotEquals": { "aws:username": ["alice", "bob"] } }, [
        "matches none": ["aws:username" => V::String("carol")] => true,
        "matches one (NOR)": ["aws:username" => V::String("bob")] => false,
        "key absent: negated holds": [] => true,
    ]);
    table!({ "StringEqualsIgnoreCase": { "aws:PrincipalTag/team": "Dev" } }, [
        "other case": ["aws:principaltag/TEAM" => V::String("DEV")] => true,
        "other text": ["aws:PrincipalTag/team" => V::String("ops")] => false,
        "key absent": [] => false,
    ]);
    table!({ "StringNotEqualsIgnoreCase": { "aws:PrincipalTag/team": "Dev" } }, [
        "other case is equal": ["aws:PrincipalTag/team" => V::String("dEV")] => false,
        "other text": ["aws:PrincipalTag/team" => V::String("ops")] => true,
        "key absent": [] => true,
    ]);
    table!({ "StringLike": { "s3:prefix": ["home/*", "file?.txt"] } }, [
        "star": ["s3:prefix" => V::String("home/alice/x")] => true,
        "whole string": ["s3:prefix" => V::String("x/home/alice")] => false,
        "question mark is one character": ["s3:prefix" => V::String("file1.txt")] => true,
        "not two": ["s3:prefix" => V::String("file10.txt")] => false,
        "case-sensitive": ["s3:prefix" => V::String("HOME/a")] => false,
        "key absent": [] => false,
    ]);
    table!({ "StringNotLike": { "s3:prefix": "secret/*" } }, [
        "outside": ["s3:prefix" => V::String("home/a")] => true,
        "inside": ["s3:prefix" => V::String("secret/a")] => false,
        "key absent": [] => true,
    ]);
    table!({ "StringEqualsIfExists": { "aws:username": "alice" } }, [
        "present and equal": ["aws:username" => V::String("alice")] => true,
        "present and different": ["aws:username" => V::String("bob")] => false,
        "absent": [] => true,
    ]);
    table!({ "StringNotEqualsIfExists": { "aws:username": "alice" } }, [
        "present and equal": ["aws:username" => V::String("alice")] => false,
        "absent": [] => true,
    ]);
    table!({ "StringLikeIfExists": { "s3:prefix": "home/*" } }, [
        "present, no match": ["s3:prefix" => V::String("tmp/")] => false,
        "absent": [] => true,
    ]);
}

#[test]
fn keys_and_operators_are_anded() {
    table!({
        "StringEquals": { "aws:username": "alice", "aws:PrincipalTag/team": "dev" },
        "Bool": { "aws:SecureTransport": "true" }
    }, [
        "all hold": ["aws:username" => V::String("alice"), "aws:PrincipalTag/team" => V::String("dev"), "aws:SecureTransport" => V::Bool(true)] => true,
        "one key fails": ["aws:username" => V::String("alice"), "aws:PrincipalTag/team" => V::String("ops"), "aws:SecureTransport" => V::Bool(true)] => false,
        "one operator fails": ["aws:username" => V::String("alice"), "aws:PrincipalTag/team" => V::String("dev"), "aws:SecureTransport" => V::Bool(false)] => false,
    ]);
}

#[test]
fn several_request_values_without_qualifier() {
    // Reference 6.8, project rule: positive = some request value matches; negated = none does.
    table!({ "StringEquals": { "s3:prefix": "blue" } }, [
        "one of them": ["s3:prefix" => V::Strings(&["red", "blue"])] => true,
        "none": ["s3:prefix" => V::Strings(&["red"])] => false,
        "empty list": ["s3:prefix" => V::Strings(&[])] => false,
    ]);
    table!({ "StringNotEquals": { "s3:prefix": "blue" } }, [
        "one of them matches": ["s3:prefix" => V::Strings(&["red", "blue"])] => false,
        "none matches": ["s3:prefix" => V::Strings(&["red", "green"])] => true,
        "empty list": ["s3:prefix" => V::Strings(&[])] => true,
    ]);
}

#[test]
fn set_qualifiers() {
    table!({ "ForAnyValue:StringEquals": { "aws:TagKeys": ["env", "team"] } }, [
        "one listed": ["aws:TagKeys" => V::Strings(&["env", "other"])] => true,
        "none listed": ["aws:TagKeys" => V::Strings(&["other"])] => false,
        "key absent": [] => false,
        "empty set": ["aws:TagKeys" => V::Strings(&[])] => false,
        "empty string is an empty set": ["aws:TagKeys" => V::String("")] => false,
        "single string": ["aws:TagKeys" => V::String("team")] => true,
    ]);
    table!({ "ForAllValues:StringEquals": { "aws:TagKeys": ["env", "team"] } }, [
        "all listed": ["aws:TagKeys" => V::Strings(&["env", "team"])] => true,
        "one not listed": ["aws:TagKeys" => V::Strings(&["env", "other"])] => false,
        "key absent": [] => true,
        "empty set": ["aws:TagKeys" => V::Strings(&[])] => true,
        "empty string is an empty set": ["aws:TagKeys" => V::String("")] => true,
    ]);
    table!({ "ForAllValues:StringNotLike": { "aws:TagKeys": "secret*" } }, [
        "none secret": ["aws:TagKeys" => V::Strings(&["env", "team"])] => true,
        "one secret": ["aws:TagKeys" => V::Strings(&["env", "secret-x"])] => false,
        "key absent": [] => true,
    ]);
    table!({ "ForAnyValue:StringNotEquals": { "aws:TagKeys": "env" } }, [
        "some other than env": ["aws:TagKeys" => V::Strings(&["env", "team"])] => true,
        "only env": ["aws:TagKeys" => V::Strings(&["env"])] => false,
        "key absent": [] => false,
    ]);
    table!({ "ForAnyValue:StringLikeIfExists": { "aws:CalledVia": "cloudformation.*" } }, [
        "present, matching": ["aws:CalledVia" => V::Strings(&["athena.amazonaws.com", "cloudformation.amazonaws.com"])] => true,
        "present, not matching": ["aws:CalledVia" => V::Strings(&["athena.amazonaws.com"])] => false,
        "absent: IfExists wins": [] => true,
    ]);
    table!({ "ForAllValues:StringEqualsIfExists": { "aws:TagKeys": "env" } }, [
        "absent": [] => true,
        "present, not listed": ["aws:TagKeys" => V::Strings(&["x"])] => false,
    ]);
}

#[test]
fn numeric_family() {
    table!({ "NumericLessThan": { "aws:MultiFactorAuthAge": "3600" } }, [
        "less": ["aws:MultiFactorAuthAge" => V::Number(100.0)] => true,
        "equal": ["aws:MultiFactorAuthAge" => V::Number(3600.0)] => false,
        "string read as a number": ["aws:MultiFactorAuthAge" => V::String("99.5")] => true,
        "unreadable string": ["aws:MultiFactorAuthAge" => V::String("soon")] => false,
        "key absent": [] => false,
    ]);
    table!({ "NumericLessThanEquals": { "aws:MultiFactorAuthAge": 3600 } }, [
        "equal": ["aws:MultiFactorAuthAge" => V::Number(3600.0)] => true,
        "greater": ["aws:MultiFactorAuthAge" => V::Number(3601.0)] => false,
    ]);
    table!({ "NumericGreaterThan": { "s3:max-keys": "10.5" } }, [
        "greater": ["s3:max-keys" => V::Number(11.0)] => true,
        "equal": ["s3:max-keys" => V::Number(10.5)] => false,
    ]);
    table!({ "NumericGreaterThanEquals": { "s3:max-keys": "10" } }, [
        "equal": ["s3:max-keys" => V::Number(10.0)] => true,
        "less": ["s3:max-keys" => V::Number(9.0)] => false,
    ]);
    table!({ "NumericEquals": { "s3:max-keys": ["10", "20"] } }, [
        "second value": ["s3:max-keys" => V::Number(20.0)] => true,
        "neither": ["s3:max-keys" => V::Number(15.0)] => false,
        "key absent": [] => false,
    ]);
    table!({ "NumericNotEquals": { "s3:max-keys": ["10", "20"] } }, [
        "neither": ["s3:max-keys" => V::Number(15.0)] => true,
        "one of them": ["s3:max-keys" => V::Number(10.0)] => false,
        "key absent": [] => true,
    ]);
    table!({ "NumericLessThanIfExists": { "s3:max-keys": "10" } }, [
        "absent": [] => true,
        "present, too big": ["s3:max-keys" => V::Number(50.0)] => false,
    ]);
}

#[test]
fn date_family() {
    const NEW_YEAR_2020: i64 = 1_577_836_800;
    table!({ "DateGreaterThan": { "aws:CurrentTime": "2020-01-01T00:00:00Z" } }, [
        "after": ["aws:CurrentTime" => V::Date(NEW_YEAR_2020 + 1)] => true,
        "same instant": ["aws:CurrentTime" => V::Date(NEW_YEAR_2020)] => false,
        "ISO string": ["aws:CurrentTime" => V::String("2021-06-01T12:00:00Z")] => true,
        "epoch string": ["aws:CurrentTime" => V::String("1500000000")] => false,
        "key absent": [] => false,
    ]);
    table!({ "DateLessThan": { "aws:CurrentTime": "2020" } }, [
        "a partial date is the start of its period": ["aws:CurrentTime" => V::Date(NEW_YEAR_2020 - 1)] => true,
        "at the start": ["aws:CurrentTime" => V::Date(NEW_YEAR_2020)] => false,
    ]);
    table!({ "DateEquals": { "aws:CurrentTime": "2020-01-01T01:00:00+01:00" } }, [
        "same instant in UTC": ["aws:CurrentTime" => V::Date(NEW_YEAR_2020)] => true,
        "an hour later": ["aws:CurrentTime" => V::Date(NEW_YEAR_2020 + 3600)] => false,
    ]);
    table!({ "DateNotEquals": { "aws:CurrentTime": "2020-01-01" } }, [
        "other day": ["aws:CurrentTime" => V::Date(0)] => true,
        "same": ["aws:CurrentTime" => V::Date(NEW_YEAR_2020)] => false,
        "key absent": [] => true,
    ]);
    table!({ "DateLessThanEquals": { "aws:TokenIssueTime": "2020-01-01T00:00Z" } }, [
        "equal": ["aws:TokenIssueTime" => V::Date(NEW_YEAR_2020)] => true,
        "later": ["aws:TokenIssueTime" => V::Date(NEW_YEAR_2020 + 60)] => false,
    ]);
    table!({ "DateGreaterThanEquals": { "aws:TokenIssueTime": "2020-01-01T00:00:00.750Z" } }, [
        "fractions of a second are dropped": ["aws:TokenIssueTime" => V::Date(NEW_YEAR_2020)] => true,
        "earlier": ["aws:TokenIssueTime" => V::Date(NEW_YEAR_2020 - 1)] => false,
    ]);
}

#[test]
#[allow(deprecated)] // epoch seconds in a policy are reported as a warning
fn dates_as_epoch_seconds() {
    table!({ "DateGreaterThan": { "aws:EpochTime": 1577836800 } }, [
        "after": ["aws:EpochTime" => V::Date(1_577_836_801)] => true,
        "before": ["aws:EpochTime" => V::Date(1_577_836_799)] => false,
    ]);
}

#[test]
fn bool_and_null() {
    table!({ "Bool": { "aws:SecureTransport": "true" } }, [
        "true": ["aws:SecureTransport" => V::Bool(true)] => true,
        "false": ["aws:SecureTransport" => V::Bool(false)] => false,
        "string true": ["aws:SecureTransport" => V::String("TRUE")] => true,
        "key absent": [] => false,
    ]);
    table!({ "Bool": { "aws:SecureTransport": false } }, [
        "JSON boolean": ["aws:SecureTransport" => V::Bool(false)] => true,
    ]);
    table!({ "BoolIfExists": { "aws:MultiFactorAuthPresent": "true" } }, [
        "MFA": ["aws:MultiFactorAuthPresent" => V::Bool(true)] => true,
        "no MFA": ["aws:MultiFactorAuthPresent" => V::Bool(false)] => false,
        "long-term keys: key absent": [] => true,
    ]);
    table!({ "Null": { "aws:TokenIssueTime": "true" } }, [
        "absent": [] => true,
        "present": ["aws:TokenIssueTime" => V::Date(0)] => false,
        "empty string is present": ["aws:TokenIssueTime" => V::String("")] => false,
    ]);
    table!({ "Null": { "aws:TokenIssueTime": "false" } }, [
        "absent": [] => false,
        "present": ["aws:TokenIssueTime" => V::Date(0)] => true,
        "empty list is present": ["aws:TokenIssueTime" => V::Strings(&[])] => true,
    ]);
    table!({ "Null": { "aws:TagKeys": false } }, [
        "tags passed": ["aws:TagKeys" => V::Strings(&["env"])] => true,
        "no tags": [] => false,
    ]);
}

#[test]
#[allow(deprecated)] // no catalog key is binary: `BinaryEquals` on `s3:prefix` is a type warning
fn binary_and_ip() {
    table!({ "BinaryEquals": { "s3:prefix": "QmluYXJ5AP8=" } }, [
        "same bytes": ["s3:prefix" => V::Binary(b"Binary\x00\xff")] => true,
        "other bytes": ["s3:prefix" => V::Binary(b"Binary\x00\xfe")] => false,
        "shorter": ["s3:prefix" => V::Binary(b"Binary")] => false,
        "key absent": [] => false,
    ]);
    table!({ "IpAddress": { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32", "192.0.2.7"] } }, [
        "in the v4 range": ["aws:SourceIp" => ip(203, 0, 113, 9)] => true,
        "outside": ["aws:SourceIp" => ip(198, 51, 100, 1)] => false,
        "one address is a /32": ["aws:SourceIp" => ip(192, 0, 2, 7)] => true,
        "its neighbour": ["aws:SourceIp" => ip(192, 0, 2, 8)] => false,
        "in the v6 range": ["aws:SourceIp" => V::Ip(IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)))] => true,
        "IPv4-mapped IPv6": ["aws:SourceIp" => V::Ip(IpAddr::V6(Ipv4Addr::new(203, 0, 113, 1).to_ipv6_mapped()))] => true,
        "address as a string": ["aws:SourceIp" => V::String("203.0.113.200")] => true,
        "key absent": [] => false,
    ]);
    table!({ "NotIpAddress": { "aws:SourceIp": ["203.0.113.0/24", "10.0.0.0/8"] } }, [
        "outside both": ["aws:SourceIp" => ip(198, 51, 100, 1)] => true,
        "inside one": ["aws:SourceIp" => ip(10, 1, 2, 3)] => false,
        "key absent": [] => true,
    ]);
    table!({ "IpAddress": { "aws:SourceIp": "0.0.0.0/0" } }, [
        "every IPv4 address": ["aws:SourceIp" => ip(8, 8, 8, 8)] => true,
        "not IPv6": ["aws:SourceIp" => V::Ip(IpAddr::V6(Ipv6Addr::LOCALHOST))] => false,
    ]);
}

#[test]
fn arn_family() {
    table!({ "ArnLike": { "aws:SourceArn": "arn:aws:sns:*:111122223333:topic" } }, [
        "region wildcard": ["aws:SourceArn" => V::String("arn:aws:sns:us-east-1:111122223333:topic")] => true,
        "a star never crosses a colon": ["aws:SourceArn" => V::String("arn:aws:sns:us-east-1:9:111122223333:topic")] => false,
        "case-sensitive": ["aws:SourceArn" => V::String("arn:aws:sns:us-east-1:111122223333:Topic")] => false,
        "not an ARN": ["aws:SourceArn" => V::String("topic")] => false,
        "key absent": [] => false,
    ]);
    table!({ "StringLike": { "aws:SourceArn": "arn:aws:sns:*:111122223333:topic" } }, [
        "StringLike lets the star cross colons": ["aws:SourceArn" => V::String("arn:aws:sns:us-east-1:9:111122223333:topic")] => true,
    ]);
    table!({ "ArnEquals": { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/app-*" } }, [
        "ArnEquals takes wildcards too": ["aws:PrincipalArn" => V::String("arn:aws:iam::111122223333:role/app-web")] => true,
        "other role": ["aws:PrincipalArn" => V::String("arn:aws:iam::111122223333:role/admin")] => false,
    ]);
    table!({ "ArnNotLike": { "aws:PrincipalArn": "arn:aws:iam::*:role/admin" } }, [
        "other role": ["aws:PrincipalArn" => V::String("arn:aws:iam::111122223333:role/app")] => true,
        "admin": ["aws:PrincipalArn" => V::String("arn:aws:iam::111122223333:role/admin")] => false,
        "key absent": [] => true,
    ]);
    table!({ "ArnNotEquals": { "aws:SourceArn": "arn:aws:s3:::logs" } }, [
        "other bucket": ["aws:SourceArn" => V::String("arn:aws:s3:::data")] => true,
        "same bucket": ["aws:SourceArn" => V::String("arn:aws:s3:::logs")] => false,
    ]);
    table!({ "ArnLikeIfExists": { "aws:SourceArn": "arn:aws:s3:::logs-*" } }, [
        "absent": [] => true,
        "present, other": ["aws:SourceArn" => V::String("arn:aws:s3:::data")] => false,
    ]);
}

#[test]
fn policy_variables_in_condition_values() {
    table!({ "StringLike": { "s3:prefix": ["home/${aws:username}/*", "home/${aws:username}"] } }, [
        "own folder": ["aws:username" => V::String("alice"), "s3:prefix" => V::String("home/alice/docs")] => true,
        "someone else's": ["aws:username" => V::String("alice"), "s3:prefix" => V::String("home/bob/docs")] => false,
        "variable absent: positive fails": ["s3:prefix" => V::String("home//docs")] => false,
        "substituted text is literal": ["aws:username" => V::String("*"), "s3:prefix" => V::String("home/bob/docs")] => false,
    ]);
    table!({ "StringNotEquals": { "s3:prefix": "home/${aws:username}" } }, [
        "variable absent: negated succeeds": ["s3:prefix" => V::String("home/")] => true,
        "equal": ["aws:username" => V::String("bob"), "s3:prefix" => V::String("home/bob")] => false,
    ]);
    table!({ "StringEquals": { "aws:ResourceTag/team": "${aws:PrincipalTag/team, 'company-wide'}" } }, [
        "tag value": ["aws:PrincipalTag/team" => V::String("dev"), "aws:ResourceTag/team" => V::String("dev")] => true,
        "default when absent": ["aws:ResourceTag/team" => V::String("company-wide")] => true,
        "default unused when present": ["aws:PrincipalTag/team" => V::String("dev"), "aws:ResourceTag/team" => V::String("company-wide")] => false,
    ]);
    table!({ "StringEqualsIgnoreCase": { "aws:PrincipalTag/team": "${aws:ResourceTag/team}" } }, [
        "case ignored after substitution": ["aws:ResourceTag/team" => V::String("DEV"), "aws:PrincipalTag/team" => V::String("dev")] => true,
    ]);
    table!({ "StringLike": { "s3:prefix": "a${*}b${?}c${$}" } }, [
        "specials are literal": ["s3:prefix" => V::String("a*b?c$")] => true,
        "not wildcards": ["s3:prefix" => V::String("axbyc$")] => false,
    ]);
    table!({ "ArnLike": { "aws:SourceArn": "arn:aws:iam::${aws:PrincipalAccount}:role/*" } }, [
        "variable in the account field": ["aws:PrincipalAccount" => V::String("111122223333"), "aws:SourceArn" => V::String("arn:aws:iam::111122223333:role/x")] => true,
        "other account": ["aws:PrincipalAccount" => V::String("111122223333"), "aws:SourceArn" => V::String("arn:aws:iam::444455556666:role/x")] => false,
    ]);
    table!({ "ArnEquals": { "aws:SourceArn": "${aws:PrincipalArn}" } }, [
        "a whole ARN from a variable": ["aws:PrincipalArn" => V::String("arn:aws:iam::1:role/r"), "aws:SourceArn" => V::String("arn:aws:iam::1:role/r")] => true,
        "different": ["aws:PrincipalArn" => V::String("arn:aws:iam::1:role/r"), "aws:SourceArn" => V::String("arn:aws:iam::1:role/s")] => false,
    ]);
}

#[test]
fn variables_are_literal_without_version_2012() {
    static LEGACY: Policy = policy!(#[allow(VARIABLE_UNSUPPORTED_IN_VERSION, MISSING_VERSION)] {
        "Statement": { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
            "Condition": { "StringEquals": { "s3:prefix": "${aws:username}" } } }
    });
    let json = r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
        "Condition": {"StringEquals": {"s3:prefix": "${aws:username}"}}}}"#;
    run(
        "no Version",
        &LEGACY,
        json,
        &[
            (
                "literal text",
                &[("s3:prefix", V::String("${aws:username}"))],
                true,
            ),
            (
                "not substituted",
                &[
                    ("aws:username", V::String("a")),
                    ("s3:prefix", V::String("a")),
                ],
                false,
            ),
        ],
    );
}

#[test]
fn variables_in_resources() {
    static HOME: Policy = policy!({
        "Version": "2012-10-17",
        "Statement": { "Effect": "Allow", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::bucket/home/${aws:username}/*" }
    });
    static DEFAULTED: Policy = policy!({
        "Version": "2012-10-17",
        "Statement": { "Effect": "Allow", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::bucket/home/${aws:username, 'alice'}/*" }
    });
    let home = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::bucket/home/${aws:username}/*"}}"#;
    let defaulted = home.replace("${aws:username}", "${aws:username, 'alice'}");
    // RESOURCE is `arn:aws:s3:::bucket/home/alice/notes.txt`.
    run(
        "resource variable",
        &HOME,
        home,
        &[
            ("own folder", &[("aws:username", V::String("alice"))], true),
            ("other user", &[("aws:username", V::String("bob"))], false),
            ("key absent: matches nothing", &[], false),
        ],
    );
    run(
        "resource variable with default",
        &DEFAULTED,
        &defaulted,
        &[
            ("default", &[], true),
            ("present", &[("aws:username", V::String("bob"))], false),
        ],
    );
}

/// Findings of the checker: (condition JSON, error code, fix).
#[test]
fn checker_rejects_bad_conditions() {
    let cases: &[(&str, &str, Option<&str>)] = &[
        (
            r#"{"StringEqual": {"aws:username": "a"}}"#,
            "INVALID_CONDITION_OPERATOR",
            Some("StringEquals"),
        ),
        (
            r#"{"stringequals": {"aws:username": "a"}}"#,
            "INVALID_CONDITION_OPERATOR",
            Some("StringEquals"),
        ),
        (
            r#"{"ForAnyValues:StringEquals": {"aws:TagKeys": "a"}}"#,
            "INVALID_CONDITION_OPERATOR",
            Some("ForAnyValue:StringEquals"),
        ),
        (
            r#"{"StringLikeIgnoreCase": {"aws:username": "a"}}"#,
            "INVALID_CONDITION_OPERATOR",
            None,
        ),
        (
            r#"{"NullIfExists": {"aws:username": "true"}}"#,
            "NULL_WITH_IF_EXISTS",
            Some("Null"),
        ),
        (
            r#"{"DateGreaterThan": {"aws:CurrentTime": "2024-13-01"}}"#,
            "TYPE_MISMATCH_DATE",
            None,
        ),
        (
            r#"{"DateGreaterThan": {"aws:CurrentTime": "2024-01-01T10:00:00"}}"#,
            "TYPE_MISMATCH_DATE",
            None,
        ),
        (
            r#"{"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}"#,
            "TYPE_MISMATCH_IP_RANGE",
            None,
        ),
        (
            r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "one hour"}}"#,
            "TYPE_MISMATCH_NUMBER",
            None,
        ),
        (
            r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": 1e3}}"#,
            "TYPE_MISMATCH_NUMBER",
            None,
        ),
        (
            r#"{"Bool": {"aws:SecureTransport": "yes"}}"#,
            "TYPE_MISMATCH_BOOLEAN",
            Some("true"),
        ),
        (
            r#"{"Bool": {"aws:SecureTransport": ["true", "false"]}}"#,
            "INVALID_CONDITION_MULTIPLE_BOOLEAN",
            None,
        ),
        (
            r#"{"BinaryEquals": {"s3:prefix": "QmluYXJ5!"}}"#,
            "TYPE_MISMATCH_STRING",
            None,
        ),
        (
            r#"{"StringEquals": {"s3:prefix": ["a", 1]}}"#,
            "INVALID_CONDITION_DATA_TYPE",
            None,
        ),
        (
            r#"{"StringEquals": {"s3:prefix": "home/${aws:username"}}"#,
            "MISSING_BRACE_IN_VARIABLE",
            None,
        ),
        (
            r#"{"StringEquals": {"s3:prefix": "${}"}}"#,
            "EMPTY_VARIABLE",
            None,
        ),
        (
            r#"{"StringEquals": {"s3:prefix": "${aws:username, anonymous}"}}"#,
            "MISSING_QUOTE_IN_VARIABLE",
            None,
        ),
        (
            r#"{"NumericLessThan": {"s3:max-keys": "${aws:username}"}}"#,
            "INVALID_VARIABLE_FOR_OPERATOR",
            None,
        ),
        (
            r#"{"StringEquals": {"aws:username": "a", "AWS:UserName": "b"}}"#,
            "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
            None,
        ),
        (
            r#"{"StringEquals": {"aws:ResourceTag": "a"}}"#,
            "MISSING_TAG_KEY_IN_CONDITION",
            None,
        ),
        (
            r#"{"StringEquals": {"username": "a"}}"#,
            "INVALID_CONDITION_KEY_FORMAT",
            Some("aws:username"),
        ),
        (
            r#"{"ArnLike": {"aws:SourceArn": "my-bucket"}}"#,
            "INVALID_ARN_PREFIX",
            Some("arn:aws:s3:::my-bucket"),
        ),
        (
            r#"{"StringEquals": {"aws:ARN": "a"}}"#,
            "UNSUPPORTED_GLOBAL_CONDITION_KEY",
            Some("aws:PrincipalArn"),
        ),
        (
            r#"{"StringEquals": {"aws:username": null}}"#,
            "DATA_TYPE_MISMATCH",
            None,
        ),
        (
            r#"{"Null": {"aws:username": "maybe"}}"#,
            "INVALID_NULL_VALUE",
            None,
        ),
        // A near miss of a global key never matches: a `Deny` with it would never apply.
        (
            r#"{"StringEquals": {"aws:usernme": "a"}}"#,
            "INVALID_GLOBAL_CONDITION_KEY",
            Some("aws:username"),
        ),
    ];
    for (condition, code, fix) in cases {
        let json = format!(
            r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {condition}}}}}"#
        );
        let errors = LoadedPolicy::from_json(&json).expect_err(condition);
        let error = errors
            .errors()
            .find(|d| d.code == *code)
            .unwrap_or_else(|| panic!("{condition}: expected {code}, got {errors}"));
        assert_eq!(
            error.fix.as_ref().map(|f| f.replacement.as_str()),
            *fix,
            "{condition}"
        );
    }
}

#[test]
fn checker_warnings() {
    let cases: &[(&str, &str, &str)] = &[
        (
            r#"{"StringEquals": {"s3:prefix": "home/*"}}"#,
            "2012-10-17",
            "WILDCARD_WITHOUT_LIKE_OPERATOR",
        ),
        (
            r#"{"Bool": {"aws:MultiFactorAuthPresent": "false"}}"#,
            "2012-10-17",
            "MFA_BOOL_WITHOUT_IF_EXISTS",
        ),
        (
            r#"{"ForAllValues:StringEquals": {"aws:username": "a"}}"#,
            "2012-10-17",
            "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
        ),
        (
            r#"{"DateLessThan": {"aws:CurrentTime": "1700000000"}}"#,
            "2012-10-17",
            "INVALID_DATE_VALUE",
        ),
        (
            r#"{"Bool": {"aws:SecureTransport": "True"}}"#,
            "2012-10-17",
            "BOOLEAN_NOT_LOWERCASE",
        ),
        (
            r#"{"IpAddress": {"aws:SourceIp": "198.51.100.7/16"}}"#,
            "2012-10-17",
            "IMPROVE_IP_RANGE",
        ),
        (
            r#"{"NumericLessThan": {"aws:SourceIp": "3"}}"#,
            "2012-10-17",
            "TYPE_MISMATCH",
        ),
        (
            r#"{"ForAllValues:Null": {"aws:TagKeys": "true"}}"#,
            "2012-10-17",
            "NULL_WITH_QUALIFIER",
        ),
        (
            r#"{"StringEquals": {"aws:QuantumEntanglementState": "a"}}"#,
            "2012-10-17",
            "UNKNOWN_GLOBAL_CONDITION_KEY",
        ),
        (
            r#"{"ForAnyValue:StringEquals": {"aws:username": "a"}}"#,
            "2012-10-17",
            "FORANYVALUE_WITH_SINGLE_VALUED_KEY",
        ),
        (
            r#"{"StringEquals": {"aws:TagKeys": "a"}}"#,
            "2012-10-17",
            "MISSING_QUALIFIER",
        ),
        (r#"{}"#, "2012-10-17", "EMPTY_OBJECT_CONDITION"),
        (
            r#"{"StringEquals": {}}"#,
            "2012-10-17",
            "EMPTY_OBJECT_CONDITION",
        ),
        (
            r#"{"StringEquals": {"aws:username": []}}"#,
            "2012-10-17",
            "EMPTY_ARRAY_CONDITION",
        ),
    ];
    for (condition, version, code) in cases {
        let json = format!(
            r#"{{"Version": "{version}", "Statement": {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {condition}}}}}"#
        );
        let loaded = LoadedPolicy::from_json(&json).unwrap_or_else(|e| panic!("{condition}: {e}"));
        assert!(
            loaded.warnings().iter().any(|d| d.code == *code),
            "{condition}: expected {code}, got {:?}",
            loaded.warnings()
        );
    }
}

#[test]
fn variables_outside_version_2012() {
    let condition = r#""Condition": {"StringEquals": {"s3:prefix": "${aws:username}"}}"#;
    let legacy = format!(
        r#"{{"Version": "2008-10-17", "Statement": {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", {condition}}}}}"#
    );
    let errors = LoadedPolicy::from_json(&legacy).unwrap_err();
    assert!(
        errors
            .errors()
            .any(|d| d.code == "VARIABLE_UNSUPPORTED_IN_VERSION"),
        "{errors}"
    );
    let unversioned = format!(
        r#"{{"Statement": {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", {condition}}}}}"#
    );
    let errors = LoadedPolicy::from_json(&unversioned).unwrap_err();
    assert!(
        errors
            .errors()
            .any(|d| d.code == "VARIABLE_UNSUPPORTED_IN_VERSION"),
        "{errors}"
    );
}

#[test]
fn tables_hold_parsed_values() {
    use iam_policy::__private::core::tables::ConditionValue;
    let loaded = LoadedPolicy::from_json(
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
            "Condition": {"IpAddress": {"aws:SourceIp": "198.51.0.0/16"}, "DateLessThan": {"aws:CurrentTime": "1970-01-02"},
                          "NumericEquals": {"s3:max-keys": "2.5"}}}}"#,
    )
    .unwrap();
    let values = &loaded.tables().values;
    assert!(values.contains(&ConditionValue::Ip {
        network: u128::from(Ipv4Addr::new(198, 51, 0, 0).to_ipv6_mapped()),
        prefix: 96 + 16,
        v4: true
    }));
    assert!(values.contains(&ConditionValue::Date(86_400)));
    assert!(values.contains(&ConditionValue::Number(2.5)));
}

/// When `/work/shared` is present: no AWS managed policy trips a condition or principal error.
#[test]
fn managed_policies_have_no_condition_errors() {
    let Ok(dir) = std::fs::read_dir("/work/shared/corpus/aws-managed") else {
        return;
    };
    const MINE: &[&str] = &[
        "INVALID_CONDITION_OPERATOR",
        "NULL_WITH_IF_EXISTS",
        "MISSING_QUALIFIER",
        "FORANYVALUE_WITH_SINGLE_VALUED_KEY",
        "TYPE_MISMATCH_DATE",
        "TYPE_MISMATCH_IP_RANGE",
        "TYPE_MISMATCH_NUMBER",
        "TYPE_MISMATCH_BOOLEAN",
        "TYPE_MISMATCH_STRING",
        "INVALID_CONDITION_MULTIPLE_BOOLEAN",
        "INVALID_CONDITION_DATA_TYPE",
        "INVALID_VARIABLE_FOR_OPERATOR",
        "EMPTY_OBJECT_CONDITION",
        "EMPTY_ARRAY_CONDITION",
        "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
        "MISSING_TAG_KEY_IN_CONDITION",
        "INVALID_CONDITION_KEY_FORMAT",
        "UNSUPPORTED_GLOBAL_CONDITION_KEY",
        "INVALID_NULL_VALUE",
    ];
    for entry in dir.flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        if let Err(errors) = LoadedPolicy::from_json(&text) {
            let mine: Vec<_> = errors
                .errors()
                .filter(|d| MINE.contains(&d.code.as_str()))
                .collect();
            assert!(mine.is_empty(), "{}: {mine:?}", entry.path().display());
        }
    }
}
