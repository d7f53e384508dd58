//! The example notes service, started on a loopback port and called over TCP with plain
//! HTTP/1.1: an allowed request, an explicitly denied one, an implicitly denied one, and a
//! tenant whose policy is replaced while the server runs.

#[path = "../examples/notes_service/app.rs"]
mod app;

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::sync::Arc;

use iam_policy::TenantPolicies;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const READ_AND_DELETE: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Notes",
    "Effect": "Allow", "Action": ["myapp:ListNotes", "myapp:GetNote", "myapp:DeleteNote"],
    "Resource": "*"}]}"#;
const LIST_ONLY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "List",
    "Effect": "Allow", "Action": "myapp:ListNotes", "Resource": "*"}]}"#;

/// A response: status code, headers (lowercased names) and body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one HTTP/1.1 request on a new connection and reads the whole answer.
async fn call(address: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut stream = TcpStream::connect(address).await.expect("connect");
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nhost: {address}\r\nconnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let text = String::from_utf8(raw).expect("a UTF-8 answer");
    let (head, body) = text.split_once("\r\n\r\n").expect("a head and a body");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|line| line.split_once(": "))
        .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: body.to_string(),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_service_answers_as_each_tenants_policies_decide() {
    let tenants = Arc::new(TenantPolicies::new());
    tenants.replace(
        "acme".to_string(),
        app::tenant_set(READ_AND_DELETE).unwrap(),
    );
    tenants.replace("globex".to_string(), app::tenant_set(LIST_ONLY).unwrap());
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("its address");
    let server =
        tokio::spawn(axum::serve(listener, app::router(Arc::clone(&tenants))).into_future());

    let acme = [
        ("x-tenant", "acme"),
        ("x-user", "arn:aws:iam::111122223333:user/alice"),
    ];
    let globex = [("x-tenant", "globex")];

    // Allowed: the tenant's policy allows reading its notes.
    let answer = call(address, "GET", "/notes/7", &acme).await;
    assert_eq!((answer.status, answer.body.as_str()), (200, "the note 7\n"));
    let answer = call(address, "DELETE", "/notes/7", &acme).await;
    assert_eq!(answer.status, 204);

    // Explicitly denied: the service's guardrail beats the tenant's allow.
    let answer = call(address, "DELETE", "/notes/pinned", &acme).await;
    assert_eq!(answer.status, 403);
    assert_eq!(
        answer.header("x-amzn-errortype"),
        Some("AccessDeniedException")
    );
    assert_eq!(
        answer.body,
        "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: \
         myapp:DeleteNote on resource: arn:myapp:notes::111122223333:note/pinned with an \
         explicit deny in statement `NoDeletingPinned` of policy #0"
    );

    // Implicitly denied: no policy of the tenant allows reading a note.
    assert_eq!(call(address, "GET", "/notes", &globex).await.status, 200);
    let answer = call(address, "GET", "/notes/7", &globex).await;
    assert_eq!(answer.status, 403);
    assert_eq!(
        answer.body,
        "not authorized to perform: myapp:GetNote on resource: \
         arn:myapp:notes::111122223333:note/7 because no policy allows the myapp:GetNote action"
    );

    // The tenant's policy is replaced while the server runs: the next request sees it.
    tenants.replace(
        "globex".to_string(),
        app::tenant_set(READ_AND_DELETE).unwrap(),
    );
    let answer = call(address, "GET", "/notes/7", &globex).await;
    assert_eq!((answer.status, answer.body.as_str()), (200, "the note 7\n"));
    // And back: removing the tenant's policies refuses its requests.
    tenants.remove("globex");
    assert_eq!(call(address, "GET", "/notes", &globex).await.status, 403);

    // A request without a tenant, or for a route the service does not have: refused.
    assert_eq!(call(address, "GET", "/notes/7", &[]).await.status, 403);
    assert_eq!(call(address, "POST", "/notes", &acme).await.status, 403);

    server.abort();
}
