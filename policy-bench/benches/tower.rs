//! What the tower layer (`iam-policy-tower`) adds to a guard call: the same HTTP request decided
//! by the mapping function and `authorize` on the store's current set (`bare_authorize`), and
//! through the layer around a service that answers at once (`layer`). Both take the request by
//! value and drop it; criterion does not time building it (`iter_batched`), the interleaved
//! pair builds it on both sides and reports the median of the per-round differences. See
//! `BENCHMARKS.md`.

use std::convert::Infallible;
use std::future::{ready, Future, Ready};
use std::hint::black_box;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use criterion::{BatchSize, Criterion};
use http::{Request, Response, StatusCode};
use iam_policy::{policy, OwnedPolicySet, Policy, PolicyStore};
use iam_policy_tower::{Guarded, PolicyLayer};
use tower_layer::Layer;
use tower_service::Service;

use crate::interleaved::Interleaved;

static NOTES: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [
        { "Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
          "Resource": "*" },
        { "Sid": "KeepPinned", "Effect": "Deny", "Action": "s3:DeleteObject",
          "Resource": "arn:aws:s3:::notes/pinned" }
    ]
});

/// The inner service: an empty `200` at once.
#[derive(Clone)]
struct Ok200;

impl Service<Request<String>> for Ok200 {
    type Response = Response<String>;
    type Error = Infallible;
    type Future = Ready<Result<Response<String>, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Request<String>) -> Self::Future {
        ready(Ok(Response::new(String::new())))
    }
}

fn guard(request: &Request<String>) -> Option<Guarded<'_>> {
    let id = request.uri().path().strip_prefix("/notes/")?;
    let action = match request.method().as_str() {
        "GET" => "s3:GetObject",
        "DELETE" => "s3:DeleteObject",
        _ => return None,
    };
    Some(Guarded::new(action, format!("arn:aws:s3:::notes/{id}")))
}

fn now<F: Future>(future: F) -> Option<F::Output> {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => Some(output),
        Poll::Pending => None,
    }
}

fn request(method: &str, path: &str) -> Request<String> {
    Request::builder()
        .method(method)
        .uri(path)
        .body(String::new())
        .unwrap_or_default()
}

pub fn bench(c: &mut Criterion) {
    let store = Arc::new(PolicyStore::new(OwnedPolicySet::new().with(&NOTES)));
    let service = PolicyLayer::new(Arc::clone(&store), guard).layer(Ok200);
    let mut group = c.benchmark_group("tower");
    for (name, method, path, status) in [
        ("allow", "GET", "/notes/7", StatusCode::OK),
        (
            "explicit_deny",
            "DELETE",
            "/notes/pinned",
            StatusCode::FORBIDDEN,
        ),
    ] {
        let bare = |request: Request<String>| {
            let allowed = guard(&request)
                .is_some_and(|guarded| store.load().authorize(&guarded.request()).is_ok());
            drop(request);
            allowed
        };
        let mut layered = service.clone();
        let mut through_layer = move |request: Request<String>| {
            now(layered.call(request))
                .and_then(Result::ok)
                .map(|response| response.status())
        };
        assert_eq!(bare(request(method, path)), status == StatusCode::OK);
        assert_eq!(through_layer(request(method, path)), Some(status));
        group.bench_function(format!("{name}/bare_authorize"), |b| {
            b.iter_batched(
                || request(method, path),
                |request| bare(black_box(request)),
                BatchSize::SmallInput,
            )
        });
        group.bench_function(format!("{name}/layer"), |b| {
            b.iter_batched(
                || request(method, path),
                |request| through_layer(black_box(request)),
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

/// The allowed request through the layer against the bare guard call, round by round.
pub fn interleaved(runner: &mut Interleaved) {
    let id = "tower/allow/layer";
    if !runner.wants(id) {
        return;
    }
    let store = Arc::new(PolicyStore::new(OwnedPolicySet::new().with(&NOTES)));
    let mut service = PolicyLayer::new(Arc::clone(&store), guard).layer(Ok200);
    runner.pair_difference(
        id,
        ("bare_authorize", || {
            let request = request("GET", black_box("/notes/7"));
            guard(&request)
                .is_some_and(|guarded| store.load().authorize(&guarded.request()).is_ok())
        }),
        ("layer", || {
            now(service.call(request("GET", black_box("/notes/7"))))
                .and_then(Result::ok)
                .is_some_and(|response| response.status() == StatusCode::OK)
        }),
    );
}
