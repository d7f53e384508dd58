//! Conditions and policy variables at work: stopping CloudTrail logging needs MFA, and each
//! user may touch only their own home folder in a shared bucket.
//!
//! Run with `cargo run --example conditions`.

use iam_policy::{policy, Context, ContextValue, Policy, PolicySet, Request};

/// Denies `StopLogging` unless the caller signed in with MFA. `BoolIfExists` also catches
/// calls made with long-term access keys, which carry no `aws:MultiFactorAuthPresent` at all.
static REQUIRE_MFA_TO_STOP_LOGGING: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [ {
        "Sid": "DenyStopLoggingWithoutMfa",
        "Effect": "Deny",
        "Action": "cloudtrail:StopLogging",
        "Resource": "*",
        "Condition": { "BoolIfExists": { "aws:MultiFactorAuthPresent": "false" } }
    }, {
        "Sid": "ManageTrails",
        "Effect": "Allow",
        "Action": [ "cloudtrail:StartLogging", "cloudtrail:StopLogging" ],
        "Resource": "*"
    } ]
})
.with_name("RequireMfaToStopLogging");

/// Lets every user list and use their own folder `home/<user name>/` of a shared bucket.
static HOME_FOLDER: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [ {
        "Sid": "ListOwnFolder",
        "Effect": "Allow",
        "Action": "s3:ListBucket",
        "Resource": "arn:aws:s3:::shared-bucket",
        "Condition": { "StringLike": { "s3:prefix": [ "home/${aws:username}/*", "home/${aws:username}" ] } }
    }, {
        "Sid": "UseOwnFolder",
        "Effect": "Allow",
        "Action": [ "s3:GetObject", "s3:PutObject" ],
        "Resource": "arn:aws:s3:::shared-bucket/home/${aws:username}/*"
    } ]
})
.with_name("HomeFolder");

static USER_POLICIES: PolicySet = PolicySet::new(&[&REQUIRE_MFA_TO_STOP_LOGGING, &HOME_FOLDER]);

const TRAIL: &str = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Default";

fn show(what: &str, request: &Request<'_>) {
    match USER_POLICIES.authorize(request) {
        Ok(statement) => println!("{what}\n  allowed by {statement}"),
        Err(denied) => println!("{what}\n  AccessDenied: {denied}"),
    }
}

fn main() {
    let with_mfa = [
        ("aws:username", ContextValue::String("alice")),
        ("aws:MultiFactorAuthPresent", ContextValue::Bool(true)),
    ];
    let without_mfa = [
        ("aws:username", ContextValue::String("alice")),
        ("aws:MultiFactorAuthPresent", ContextValue::Bool(false)),
    ];
    let access_keys = [("aws:username", ContextValue::String("alice"))];
    let stop = Request::new("cloudtrail:StopLogging", TRAIL);
    show(
        "StopLogging, signed in with MFA",
        &stop.with_context(Context::new(&with_mfa)),
    );
    show(
        "StopLogging, signed in without MFA",
        &stop.with_context(Context::new(&without_mfa)),
    );
    show(
        "StopLogging, long-term access keys (no MFA key at all)",
        &stop.with_context(Context::new(&access_keys)),
    );

    let listing_own = [
        ("aws:username", ContextValue::String("alice")),
        ("s3:prefix", ContextValue::String("home/alice/")),
    ];
    let listing_other = [
        ("aws:username", ContextValue::String("alice")),
        ("s3:prefix", ContextValue::String("home/bob/")),
    ];
    let list = Request::new("s3:ListBucket", "arn:aws:s3:::shared-bucket");
    show(
        "alice lists home/alice/",
        &list.with_context(Context::new(&listing_own)),
    );
    show(
        "alice lists home/bob/",
        &list.with_context(Context::new(&listing_other)),
    );
    let alice = Context::new(&access_keys);
    show(
        "alice reads home/alice/notes.txt",
        &Request::new(
            "s3:GetObject",
            "arn:aws:s3:::shared-bucket/home/alice/notes.txt",
        )
        .with_context(alice),
    );
    show(
        "alice reads home/bob/notes.txt",
        &Request::new(
            "s3:GetObject",
            "arn:aws:s3:::shared-bucket/home/bob/notes.txt",
        )
        .with_context(alice),
    );
}
