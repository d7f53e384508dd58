//! The layer around a plain service, called directly: what reaches the inner service, the
//! answer to a refusal, and the decision each call records with `tracing`.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::{ready, Future, Ready};
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use http::{Request, Response, StatusCode};
use iam_policy::{policy, OwnedPolicySet, Policy, PolicyStore};
use iam_policy_tower::{Guarded, PolicyLayer};
use tower_layer::Layer;
use tower_service::Service;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

static NOTES: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [
        { "Sid": "Read", "Effect": "Allow", "Action": ["myapp:GetNote", "myapp:ListNotes"],
          "Resource": "*" },
        { "Sid": "KeepPinned", "Effect": "Deny", "Action": "myapp:DeleteNote",
          "Resource": "arn:myapp:notes::111122223333:note/pinned" }
    ]
});

/// The inner service: answers `200` with the path, counting its calls.
#[derive(Clone, Default)]
struct Echo {
    calls: Arc<Mutex<usize>>,
}

impl Service<Request<String>> for Echo {
    type Response = Response<String>;
    type Error = Infallible;
    type Future = Ready<Result<Response<String>, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<String>) -> Self::Future {
        *self.calls.lock().unwrap() += 1;
        ready(Ok(Response::new(request.uri().path().to_string())))
    }
}

fn guard(request: &Request<String>) -> Option<Guarded<'_>> {
    let path = request.uri().path();
    let id = path.strip_prefix("/notes/")?;
    let action = match request.method().as_str() {
        "GET" => "myapp:GetNote",
        "DELETE" => "myapp:DeleteNote",
        _ => return None,
    };
    Some(Guarded::new(
        action,
        format!("arn:myapp:notes::111122223333:note/{id}"),
    ))
}

/// Drives a future that is ready at once (the inner service and refusals are).
fn now<F: Future>(future: F) -> F::Output {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the future is not ready"),
    }
}

/// Every event's fields, as text.
#[derive(Clone, Default)]
struct Recorder {
    events: Arc<Mutex<Vec<BTreeMap<String, String>>>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        fields.insert("target".to_string(), event.metadata().target().to_string());
        fields.insert("level".to_string(), event.metadata().level().to_string());
        event.record(&mut Fields(&mut fields));
        self.events.lock().unwrap().push(fields);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn request(method: &str, path: &str) -> Request<String> {
    Request::builder()
        .method(method)
        .uri(path)
        .body(String::new())
        .unwrap()
}

#[test]
fn allowed_requests_pass_and_refused_ones_get_403_each_decision_recorded() {
    let store = Arc::new(PolicyStore::new(OwnedPolicySet::new().with(&NOTES)));
    let echo = Echo::default();
    let mut service = PolicyLayer::new(store, guard).layer(echo.clone());
    let recorder = Recorder::default();
    let answers = tracing::subscriber::with_default(recorder.clone(), || {
        [
            "GET /notes/7",
            "DELETE /notes/pinned",
            "DELETE /notes/7",
            "POST /notes/7",
        ]
        .map(|call| {
            let (method, path) = call.split_once(' ').unwrap();
            let response = now(service.call(request(method, path))).unwrap();
            (response.status(), response.into_body())
        })
    });
    assert_eq!(answers[0], (StatusCode::OK, "/notes/7".to_string()));
    assert_eq!(answers[1].0, StatusCode::FORBIDDEN);
    assert!(answers[1]
        .1
        .ends_with("with an explicit deny in statement `KeepPinned` of policy #0"));
    assert_eq!(answers[2].0, StatusCode::FORBIDDEN);
    assert!(answers[2]
        .1
        .ends_with("because no policy allows the myapp:DeleteNote action"));
    assert_eq!(answers[3].0, StatusCode::FORBIDDEN);
    assert_eq!(
        *echo.calls.lock().unwrap(),
        1,
        "only the allowed request reached the service"
    );

    let events = recorder.events.lock().unwrap();
    let seen: Vec<_> = events
        .iter()
        .map(|e| {
            let field = |name: &str| e.get(name).map(String::as_str).unwrap_or("");
            (
                field("target"),
                field("level"),
                field("action"),
                field("resource"),
                field("decision"),
                field("statement"),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "policy",
                "DEBUG",
                "myapp:GetNote",
                "arn:myapp:notes::111122223333:note/7",
                "Allow",
                "statement `Read` of policy #0"
            ),
            (
                "policy",
                "INFO",
                "myapp:DeleteNote",
                "arn:myapp:notes::111122223333:note/pinned",
                "ExplicitDeny",
                "statement `KeepPinned` of policy #0"
            ),
            (
                "policy",
                "INFO",
                "myapp:DeleteNote",
                "arn:myapp:notes::111122223333:note/7",
                "ImplicitDeny",
                ""
            ),
            ("policy", "INFO", "", "", "ImplicitDeny", ""),
        ]
    );
}
