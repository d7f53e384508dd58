//! A [`tower`](https://docs.rs/tower) layer that authorizes HTTP requests with IAM policies.
//!
//! A user-supplied function maps each HTTP request to what it asks ([`Guarded`]: an action, a
//! resource, and optionally a principal, condition context and tenant); the layer decides it
//! against the current policies of a [`PolicyStore`] (or of the tenant, with
//! [`TenantPolicies`]), passes an allowed request on, answers a refused one with
//! `403 Forbidden` and AWS's `AccessDenied` message, and records every decision with
//! [`tracing`] (target `policy`: action, resource, decision, deciding statement; refusals at
//! `INFO`, allows at `DEBUG`).
//!
//! ```
//! use std::sync::Arc;
//! use iam_policy::{action, Action, OwnedPolicySet, PolicyStore};
//! use iam_policy_tower::{Guarded, PolicyLayer};
//!
//! const LIST_NOTES: Action<'static> = action!("myapp:ListNotes"); // in policy-catalog.json
//!
//! /// What a request asks for: listing the notes; other routes map to nothing (refused).
//! fn guard(request: &http::Request<()>) -> Option<Guarded<'_>> {
//!     (request.uri().path() == "/notes").then(|| Guarded::new(LIST_NOTES, "*"))
//! }
//!
//! let store = Arc::new(PolicyStore::new(OwnedPolicySet::new()));
//! let layer = PolicyLayer::new(store, guard);
//! # let _ = layer;
//! ```
//!
//! The layer allocates nothing to decide an allowed request (beyond what the mapping function
//! does); a refusal allocates its response. A request the function does not map (`None`) is
//! refused: the layer fails closed.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};

use http::header::{HeaderValue, CONTENT_TYPE};
use http::{Response, StatusCode};
use iam_policy::{
    Action, Context, ContextValue, OwnedPolicySet, PolicyStore, Principal, Request, TenantPolicies,
};
use pin_project_lite::pin_project;
use tower_layer::Layer;
use tower_service::Service;

/// What an HTTP request asks for, in IAM's terms: built by the layer's mapping function,
/// borrowing from the HTTP request (`'h`).
///
/// ```
/// use iam_policy::{ContextValue, Principal};
/// use iam_policy_tower::Guarded;
/// let guarded = Guarded::new("myapp:GetNote", format!("arn:myapp:notes::111122223333:note/{}", 7))
///     .with_principal(Principal::Aws("arn:aws:iam::111122223333:user/alice"))
///     .with_context(vec![("aws:SecureTransport", ContextValue::Bool(true))])
///     .for_tenant("acme");
/// assert_eq!(guarded.resource(), "arn:myapp:notes::111122223333:note/7");
/// ```
#[derive(Clone, Debug)]
pub struct Guarded<'h> {
    action: Action<'h>,
    resource: Cow<'h, str>,
    principal: Option<Principal<'h>>,
    context: Vec<(&'h str, ContextValue<'h>)>,
    tenant: Option<Cow<'h, str>>,
}

impl<'h> Guarded<'h> {
    /// A request for `action` (an `action!` constant or a name) on `resource` (an ARN, or `*`;
    /// borrowed or built per request).
    pub fn new(action: impl Into<Action<'h>>, resource: impl Into<Cow<'h, str>>) -> Self {
        Guarded {
            action: action.into(),
            resource: resource.into(),
            principal: None,
            context: Vec::new(),
            tenant: None,
        }
    }

    /// Sets who makes the request.
    pub fn with_principal(mut self, principal: Principal<'h>) -> Self {
        self.principal = Some(principal);
        self
    }

    /// Sets the condition context: keys and values.
    pub fn with_context(mut self, context: Vec<(&'h str, ContextValue<'h>)>) -> Self {
        self.context = context;
        self
    }

    /// Names the tenant whose policies decide (layers built with [`PolicyLayer::for_tenants`]).
    pub fn for_tenant(mut self, tenant: impl Into<Cow<'h, str>>) -> Self {
        self.tenant = Some(tenant.into());
        self
    }

    /// The requested action.
    pub fn action(&self) -> Action<'h> {
        self.action
    }

    /// The resource the action is on.
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// The tenant, if one is named.
    pub fn tenant(&self) -> Option<&str> {
        self.tenant.as_deref()
    }

    /// The policy request, borrowing from this value.
    pub fn request(&self) -> Request<'_> {
        let request =
            Request::new(self.action, &self.resource).with_context(Context::new(&self.context));
        match self.principal {
            Some(principal) => request.with_principal(principal),
            None => request,
        }
    }
}

/// Maps an HTTP request to what it asks for; `None` when it cannot (the layer then refuses it).
///
/// Implemented by every function `fn(&http::Request<B>) -> Option<Guarded<'_>>` (and closures
/// of that higher-ranked signature), and by types of the application.
pub trait MapRequest<B> {
    /// What `request` asks for.
    fn map<'h>(&self, request: &'h http::Request<B>) -> Option<Guarded<'h>>;
}

impl<B, F> MapRequest<B> for F
where
    F: for<'h> Fn(&'h http::Request<B>) -> Option<Guarded<'h>>,
{
    fn map<'h>(&self, request: &'h http::Request<B>) -> Option<Guarded<'h>> {
        self(request)
    }
}

/// Where the layer finds the policies that decide.
#[derive(Clone, Debug)]
enum Policies {
    /// One set for every request.
    Store(Arc<PolicyStore>),
    /// The set of the request's tenant; no set, or no tenant, means no allow.
    Tenants(Arc<TenantPolicies<String>>),
}

/// The tower layer: wraps a service so that only the requests the policies allow reach it.
#[derive(Clone, Debug)]
pub struct PolicyLayer<M> {
    policies: Policies,
    map: Arc<M>,
}

impl<M> PolicyLayer<M> {
    /// A layer deciding every request against the current set of `store`; `map` says what a
    /// request asks for.
    pub fn new<B>(store: Arc<PolicyStore>, map: M) -> Self
    where
        M: MapRequest<B>,
    {
        PolicyLayer {
            policies: Policies::Store(store),
            map: Arc::new(map),
        }
    }

    /// A layer deciding each request against the current set of its tenant
    /// ([`Guarded::for_tenant`]); a request without a tenant, or of a tenant without policies,
    /// is refused.
    pub fn for_tenants<B>(tenants: Arc<TenantPolicies<String>>, map: M) -> Self
    where
        M: MapRequest<B>,
    {
        PolicyLayer {
            policies: Policies::Tenants(tenants),
            map: Arc::new(map),
        }
    }
}

impl<S, M> Layer<S> for PolicyLayer<M> {
    type Service = PolicyService<S, M>;

    fn layer(&self, inner: S) -> Self::Service {
        PolicyService {
            inner,
            policies: self.policies.clone(),
            map: Arc::clone(&self.map),
        }
    }
}

/// The service [`PolicyLayer`] wraps around an inner service.
#[derive(Clone, Debug)]
pub struct PolicyService<S, M> {
    inner: S,
    policies: Policies,
    map: Arc<M>,
}

/// The set that decides when a tenant has none: it allows nothing.
static NO_POLICIES: OwnedPolicySet = OwnedPolicySet::new();

impl<S, M> PolicyService<S, M> {
    /// Decides `guarded`, records the decision, and returns the refusal's message, if refused.
    fn refusal(&self, guarded: &Guarded<'_>) -> Option<String> {
        let request = guarded.request();
        let tenant = guarded.tenant();
        match &self.policies {
            Policies::Store(store) => decide(&store.load(), &request, tenant),
            Policies::Tenants(tenants) => {
                let table = tenants.load();
                let set = tenant.and_then(|tenant| table.get(tenant));
                decide(set.unwrap_or(&NO_POLICIES), &request, tenant)
            }
        }
    }
}

/// Decides `request` against `set`, traces the decision, and returns the refusal's message.
fn decide(set: &OwnedPolicySet, request: &Request<'_>, tenant: Option<&str>) -> Option<String> {
    let action = request.action().as_str();
    let resource = request.resource();
    let tenant = tenant.unwrap_or("");
    match set.authorize(request) {
        Ok(statement) => {
            tracing::debug!(
                target: "policy",
                action,
                resource,
                tenant,
                decision = "Allow",
                statement = %statement,
                "request allowed"
            );
            None
        }
        Err(denied) => {
            let decision = if denied.is_explicit() {
                "ExplicitDeny"
            } else {
                "ImplicitDeny"
            };
            let statement = match denied.cause() {
                iam_policy::DenyCause::ExplicitDeny(statement) => Some(statement),
                iam_policy::DenyCause::NoAllow => None,
            };
            tracing::info!(
                target: "policy",
                action,
                resource,
                tenant,
                decision,
                statement = statement.map(tracing::field::display),
                "request denied"
            );
            Some(denied.to_string())
        }
    }
}

/// The answer to a refused request: `403 Forbidden`, AWS's error type in `x-amzn-ErrorType`,
/// and the `AccessDenied` message as plain text.
fn forbidden<ResBody: From<String>>(message: String) -> Response<ResBody> {
    let mut response = Response::new(ResBody::from(message));
    *response.status_mut() = StatusCode::FORBIDDEN;
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(
        "x-amzn-errortype",
        HeaderValue::from_static("AccessDeniedException"),
    );
    response
}

impl<S, M, B, ResBody> Service<http::Request<B>> for PolicyService<S, M>
where
    S: Service<http::Request<B>, Response = Response<ResBody>>,
    M: MapRequest<B>,
    ResBody: From<String>,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = GuardFuture<S::Future, ResBody>;

    fn poll_ready(&mut self, cx: &mut TaskContext<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let refusal = match self.map.map(&request) {
            Some(guarded) => self.refusal(&guarded),
            None => {
                tracing::info!(
                    target: "policy",
                    method = %request.method(),
                    path = request.uri().path(),
                    decision = "ImplicitDeny",
                    "request denied: it maps to no action"
                );
                Some(format!(
                    "not authorized: {} {} maps to no action",
                    request.method(),
                    request.uri().path()
                ))
            }
        };
        match refusal {
            None => GuardFuture {
                state: State::Allowed {
                    inner: self.inner.call(request),
                },
            },
            Some(message) => GuardFuture {
                state: State::Refused {
                    response: Some(forbidden(message)),
                },
            },
        }
    }
}

pin_project! {
    /// The future of [`PolicyService`]: the inner service's, or the refusal at once.
    pub struct GuardFuture<F, ResBody> {
        #[pin]
        state: State<F, ResBody>,
    }
}

pin_project! {
    #[project = StateProjection]
    enum State<F, ResBody> {
        // The request was allowed: the inner service answers.
        Allowed { #[pin] inner: F },
        // The request was refused: the `403` answer, taken when polled.
        Refused { response: Option<Response<ResBody>> },
    }
}

impl<F, ResBody, E> Future for GuardFuture<F, ResBody>
where
    F: Future<Output = Result<Response<ResBody>, E>>,
{
    type Output = Result<Response<ResBody>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProjection::Allowed { inner } => inner.poll(cx),
            // Polled again after completion (a misuse of the future): it stays pending.
            StateProjection::Refused { response } => match response.take() {
                Some(response) => Poll::Ready(Ok(response)),
                None => Poll::Pending,
            },
        }
    }
}
