//! An axum service guarding its own `myapp:` actions with per-tenant IAM policies.
//!
//! ```sh
//! cargo run -p iam-policy-tower --example notes_service        # listens on 127.0.0.1:3000
//! curl -i -H 'x-tenant: acme' localhost:3000/notes/1       # 200
//! curl -i -H 'x-tenant: acme' -X DELETE localhost:3000/notes/pinned   # 403, explicit deny
//! curl -i -H 'x-tenant: globex' localhost:3000/notes/1     # 403, no policy allows it
//! ```

mod app;

use std::sync::Arc;

use iam_policy::TenantPolicies;

/// `acme` may read and delete its notes; `globex` may only list them.
const ACME: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Notes", "Effect": "Allow",
    "Action": ["myapp:ListNotes", "myapp:GetNote", "myapp:DeleteNote"], "Resource": "*"}]}"#;
const GLOBEX: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "List", "Effect": "Allow",
    "Action": "myapp:ListNotes", "Resource": "*"}]}"#;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let tenants = Arc::new(TenantPolicies::new());
    tenants.replace("acme".to_string(), app::tenant_set(ACME)?);
    tenants.replace("globex".to_string(), app::tenant_set(GLOBEX)?);
    let address = std::env::var("NOTES_ADDRESS").unwrap_or_else(|_| "127.0.0.1:3000".into());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("notes service on http://{}", listener.local_addr()?);
    axum::serve(listener, app::router(tenants)).await?;
    Ok(())
}
