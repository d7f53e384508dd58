//! The notes service: an axum router whose routes are guarded by its own `myapp:` actions
//! (declared in `policy-catalog.json` next to this crate's `Cargo.toml`), decided per tenant.
//!
//! - `GET /notes` is `myapp:ListNotes` on `*`;
//! - `GET /notes/{id}` is `myapp:GetNote` and `DELETE /notes/{id}` is `myapp:DeleteNote` on
//!   `arn:myapp:notes::111122223333:note/{id}`.
//!
//! The tenant comes from the `x-tenant` header, the caller (an IAM-style ARN) from `x-user`.
//! Every tenant's set holds the service's own guardrail (a `policy!` constant: pinned notes
//! are never deleted) beside the tenant's policies, loaded at run time.

use std::borrow::Cow;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::Path;
use axum::http::{Method, StatusCode};
use axum::routing::get;
use axum::Router;
use iam_policy::{
    action, app_options, policy, Action, Diagnostics, LoadedPolicy, OwnedPolicySet, Policy,
    Principal, TenantPolicies,
};
use iam_policy_tower::{Guarded, PolicyLayer};

pub const LIST_NOTES: Action<'static> = action!("myapp:ListNotes");
pub const GET_NOTE: Action<'static> = action!("myapp:GetNote");
pub const DELETE_NOTE: Action<'static> = action!("myapp:DeleteNote");

/// The service's guardrail, part of every tenant's set.
pub static NO_DELETING_PINNED: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "NoDeletingPinned", "Effect": "Deny", "Action": "myapp:DeleteNote",
        "Resource": "arn:myapp:notes::111122223333:note/pinned" }]
});

/// The ARN of note `id`.
fn note(id: &str) -> Cow<'static, str> {
    Cow::Owned(format!("arn:myapp:notes::111122223333:note/{id}"))
}

/// What an HTTP request asks for; `None` (refused) for routes the service does not have.
pub fn guard(request: &axum::http::Request<Body>) -> Option<Guarded<'_>> {
    let headers = request.headers();
    let tenant = headers.get("x-tenant")?.to_str().ok()?;
    let (action, resource) = match (request.method(), request.uri().path()) {
        (&Method::GET, "/notes") => (LIST_NOTES, Cow::Borrowed("*")),
        (&Method::GET, path) => (GET_NOTE, note(path.strip_prefix("/notes/")?)),
        (&Method::DELETE, path) => (DELETE_NOTE, note(path.strip_prefix("/notes/")?)),
        _ => return None,
    };
    let guarded = Guarded::new(action, resource).for_tenant(tenant);
    Some(
        match headers.get("x-user").and_then(|user| user.to_str().ok()) {
            Some(user) => guarded.with_principal(Principal::Aws(user)),
            None => guarded,
        },
    )
}

/// A tenant's set: the guardrail and the tenant's policy, checked against AWS's catalog and
/// this crate's `policy-catalog.json`.
pub fn tenant_set(policy_json: &str) -> Result<OwnedPolicySet, Diagnostics> {
    let loaded = LoadedPolicy::from_json_with(policy_json, &app_options!())?;
    Ok(OwnedPolicySet::new().with(&NO_DELETING_PINNED).with(loaded))
}

async fn list_notes() -> &'static str {
    "groceries\npinned\n"
}

async fn get_note(Path(id): Path<String>) -> String {
    format!("the note {id}\n")
}

async fn delete_note(Path(_id): Path<String>) -> StatusCode {
    StatusCode::NO_CONTENT
}

/// The service's routes, every one behind the policy layer.
pub fn router(tenants: Arc<TenantPolicies<String>>) -> Router {
    Router::new()
        .route("/notes", get(list_notes))
        .route("/notes/{id}", get(get_note).delete(delete_note))
        .layer(PolicyLayer::for_tenants(tenants, guard))
}
