//! Policies for services (feature `store`): an owned set of `policy!` constants and loaded
//! policies, and stores whose policies are replaced at run time while requests are decided.
//!
//! - [`OwnedPolicySet`]: a [`PolicySet`](crate::PolicySet) that owns its list: `'static`
//!   constants and [`LoadedPolicy`]s behind an [`Arc`], `Send + Sync`, cheap to clone.
//! - [`PolicyStore`]: the current [`OwnedPolicySet`] of a service, replaced with
//!   [`PolicyStore::replace`] (a reload from a file or a database) without blocking readers;
//!   a decision reads one consistent set from start to end.
//! - [`TenantPolicies`]: one set per tenant, each replaced or removed alone.
//!
//! Deciding allocates nothing: reading the current set is a few atomic operations
//! (`arc-swap`), and the set is evaluated in place.

use core::borrow::Borrow;
use core::fmt;
use core::hash::Hash;
use core::ops::Deref;
use std::collections::HashMap;
use std::sync::Arc;
use std::vec::Vec;

use arc_swap::{ArcSwap, Guard};
use iam_policy_check::LoadedPolicy;
use iam_policy_core::{
    authorize_each, evaluate_each, AccessDenied, Decision, Policy, Request, StatementRef,
};

/// A policy an [`OwnedPolicySet`] holds: a `policy!` constant or a shared loaded policy.
#[derive(Clone, Debug)]
pub enum SharedPolicy {
    /// A policy of the program (`policy!`, `include_policy!`).
    Static(&'static Policy<'static>),
    /// A policy loaded at run time.
    Loaded(Arc<LoadedPolicy>),
}

impl SharedPolicy {
    /// The evaluator's view of the policy.
    #[inline]
    pub fn as_policy(&self) -> Policy<'_> {
        match self {
            SharedPolicy::Static(policy) => **policy,
            SharedPolicy::Loaded(policy) => policy.as_policy(),
        }
    }

    /// The view the evaluator reads: a constant by reference (not copied per decision), a
    /// loaded policy's tables borrowed.
    #[inline]
    fn view(&self) -> View<'_> {
        match self {
            SharedPolicy::Static(policy) => View::Static(policy),
            SharedPolicy::Loaded(policy) => View::Loaded(policy.as_policy()),
        }
    }
}

/// [`SharedPolicy::view`]. It lives on the stack for one decision: boxing the large variant
/// would allocate per decision, which is what it avoids.
#[allow(clippy::large_enum_variant)]
enum View<'a> {
    Static(&'static Policy<'static>),
    Loaded(Policy<'a>),
}

impl<'a> Borrow<Policy<'a>> for View<'a> {
    #[inline]
    fn borrow(&self) -> &Policy<'a> {
        match self {
            View::Static(policy) => policy,
            View::Loaded(policy) => policy,
        }
    }
}

impl From<&'static Policy<'static>> for SharedPolicy {
    fn from(policy: &'static Policy<'static>) -> Self {
        SharedPolicy::Static(policy)
    }
}

impl From<LoadedPolicy> for SharedPolicy {
    fn from(policy: LoadedPolicy) -> Self {
        SharedPolicy::Loaded(Arc::new(policy))
    }
}

impl From<Arc<LoadedPolicy>> for SharedPolicy {
    fn from(policy: Arc<LoadedPolicy>) -> Self {
        SharedPolicy::Loaded(policy)
    }
}

/// The policies of one identity, owned: `policy!` constants beside policies loaded at run
/// time, `Send + Sync`, decided like a [`PolicySet`](crate::PolicySet) (an explicit deny in
/// any policy wins, else an allow, else the implicit deny).
///
/// ```
/// use iam_policy::{policy, LoadedPolicy, OwnedPolicySet, Policy, Request};
/// static DENY_STOP: Policy = policy!({
///     "Version": "2012-10-17",
///     "Statement": [{ "Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*" }]
/// });
/// let loaded = LoadedPolicy::from_json(r#"{"Version": "2012-10-17", "Statement":
///     {"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"}}"#).unwrap();
/// let set = OwnedPolicySet::new().with(&DENY_STOP).with(loaded);
/// assert!(set.evaluate(&Request::new("cloudtrail:DescribeTrails", "*")).is_allowed());
/// assert!(set.authorize(&Request::new("cloudtrail:StopLogging", "*")).unwrap_err().is_explicit());
/// ```
#[derive(Clone, Debug, Default)]
pub struct OwnedPolicySet {
    policies: Vec<SharedPolicy>,
}

impl OwnedPolicySet {
    /// A set without policies: it denies everything (implicitly).
    pub const fn new() -> Self {
        OwnedPolicySet {
            policies: Vec::new(),
        }
    }

    /// The set with `policy` added.
    pub fn with(mut self, policy: impl Into<SharedPolicy>) -> Self {
        self.push(policy);
        self
    }

    /// Adds `policy`.
    pub fn push(&mut self, policy: impl Into<SharedPolicy>) {
        self.policies.push(policy.into());
    }

    /// The policies, in the order of their indexes in decisions.
    pub fn policies(&self) -> &[SharedPolicy] {
        &self.policies
    }

    /// Decides `request` against every policy of the set. Allocates nothing.
    pub fn evaluate(&self, request: &Request<'_>) -> Decision<'_> {
        evaluate_each(self.policies.iter().map(SharedPolicy::view), request)
    }

    /// The guard call: `Ok` with the allowing statement, or [`AccessDenied`] (which
    /// [`AccessDenied::into_owned`] turns into a `'static` error). Allocates nothing.
    pub fn authorize<'r>(
        &self,
        request: &Request<'r>,
    ) -> Result<StatementRef<'_>, AccessDenied<'r, '_>> {
        authorize_each(self.policies.iter().map(SharedPolicy::view), request)
    }

    /// Decides many requests against the set (batch authorization), as
    /// [`PolicySet::evaluate_batch`](crate::PolicySet::evaluate_batch) does: one decision per
    /// request, in order, lazily, without allocating. A set of up to eight policies is viewed
    /// once per batch rather than once per request.
    pub fn evaluate_batch<'a, 'r>(
        &'a self,
        requests: &'a [Request<'r>],
    ) -> impl ExactSizeIterator<Item = Decision<'a>> + use<'a, 'r> {
        let count = self.policies.len();
        let mut views = [Policy::EMPTY; BATCH_VIEWS];
        let viewed = count <= BATCH_VIEWS;
        if viewed {
            for (view, policy) in views.iter_mut().zip(&self.policies) {
                *view = policy.as_policy();
            }
        }
        requests
            .iter()
            .map(move |request| match views.get(..count) {
                Some(views) if viewed => evaluate_each(views, request),
                _ => self.evaluate(request),
            })
    }
}

/// How many policies [`OwnedPolicySet::evaluate_batch`] views once per batch.
const BATCH_VIEWS: usize = 8;

impl<P: Into<SharedPolicy>> FromIterator<P> for OwnedPolicySet {
    fn from_iter<I: IntoIterator<Item = P>>(policies: I) -> Self {
        OwnedPolicySet {
            policies: policies.into_iter().map(Into::into).collect(),
        }
    }
}

/// The current policies of a service, replaced at run time without blocking readers.
///
/// Readers take the current set with [`PolicyStore::load`] (a few atomic operations, no lock,
/// no allocation) and decide against it; [`PolicyStore::replace`] publishes a new set at once
/// for later readers, while decisions already under way finish with the set they started with.
///
/// ```
/// use iam_policy::{LoadedPolicy, OwnedPolicySet, PolicyStore, Request};
/// let allow_describe = LoadedPolicy::from_json(r#"{"Version": "2012-10-17", "Statement":
///     {"Effect": "Allow", "Action": "cloudtrail:Describe*", "Resource": "*"}}"#).unwrap();
/// let store = PolicyStore::new(OwnedPolicySet::new());
/// let describe = Request::new("cloudtrail:DescribeTrails", "*");
/// assert!(!store.load().evaluate(&describe).is_allowed());
///
/// store.replace(OwnedPolicySet::new().with(allow_describe)); // a reload
/// assert!(store.load().evaluate(&describe).is_allowed());
/// ```
pub struct PolicyStore {
    current: ArcSwap<OwnedPolicySet>,
}

impl PolicyStore {
    /// A store whose current set is `set`.
    pub fn new(set: OwnedPolicySet) -> Self {
        PolicyStore {
            current: ArcSwap::from_pointee(set),
        }
    }

    /// The current set, held for as long as the returned guard lives (keep it for one
    /// decision, not across long waits: a held guard keeps a replaced set alive).
    pub fn load(&self) -> PolicyGuard {
        PolicyGuard(self.current.load())
    }

    /// The current set as a shared pointer, for keeping it past a decision.
    pub fn load_full(&self) -> Arc<OwnedPolicySet> {
        self.current.load_full()
    }

    /// Makes `set` the current set; returns the set it replaces.
    pub fn replace(&self, set: impl Into<Arc<OwnedPolicySet>>) -> Arc<OwnedPolicySet> {
        self.current.swap(set.into())
    }
}

impl Default for PolicyStore {
    fn default() -> Self {
        PolicyStore::new(OwnedPolicySet::new())
    }
}

impl fmt::Debug for PolicyStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PolicyStore")
            .field("current", &*self.current.load())
            .finish()
    }
}

/// The set a [`PolicyStore`] held when it was loaded; it dereferences to the
/// [`OwnedPolicySet`].
pub struct PolicyGuard(Guard<Arc<OwnedPolicySet>>);

impl Deref for PolicyGuard {
    type Target = OwnedPolicySet;

    fn deref(&self) -> &OwnedPolicySet {
        &self.0
    }
}

impl fmt::Debug for PolicyGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// One [`OwnedPolicySet`] per tenant, each replaced or removed at run time without blocking
/// readers (the per-tenant policies of a multi-tenant service, reloaded from files or a
/// database while requests are decided).
///
/// A reader loads the whole table once ([`TenantPolicies::load`]), looks its tenant up and
/// decides, without a lock or an allocation. A writer publishes a new table with one tenant
/// changed (the table of shared pointers is copied: updates cost O(tenants), reads stay
/// constant-time); concurrent writers never lose each other's updates.
///
/// ```
/// use iam_policy::{LoadedPolicy, OwnedPolicySet, Request, TenantPolicies};
/// let read_invoices = LoadedPolicy::from_json(r#"{"Version": "2012-10-17", "Statement":
///     {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme/*"}}"#).unwrap();
/// let tenants: TenantPolicies<String> = TenantPolicies::new();
/// tenants.replace("acme".to_string(), OwnedPolicySet::new().with(read_invoices));
///
/// let get = Request::new("s3:GetObject", "arn:aws:s3:::acme/q1.csv");
/// let table = tenants.load();
/// assert!(table.get("acme").is_some_and(|set| set.evaluate(&get).is_allowed()));
/// assert!(table.get("globex").is_none()); // an unknown tenant: deny
/// ```
pub struct TenantPolicies<K> {
    tenants: ArcSwap<HashMap<K, Arc<OwnedPolicySet>>>,
}

impl<K: Hash + Eq + Clone> TenantPolicies<K> {
    /// A table without tenants.
    pub fn new() -> Self {
        TenantPolicies {
            tenants: ArcSwap::from_pointee(HashMap::new()),
        }
    }

    /// The current table, held for as long as the returned guard lives.
    pub fn load(&self) -> TenantGuard<K> {
        TenantGuard(self.tenants.load())
    }

    /// Makes `set` the policies of `tenant`; returns the set it replaces, if any.
    pub fn replace(
        &self,
        tenant: K,
        set: impl Into<Arc<OwnedPolicySet>>,
    ) -> Option<Arc<OwnedPolicySet>> {
        let set = set.into();
        let mut previous = None;
        self.tenants.rcu(|table| {
            let mut table = HashMap::clone(table);
            previous = table.insert(tenant.clone(), Arc::clone(&set));
            table
        });
        previous
    }

    /// Removes `tenant` (its requests are then denied by callers that find no set); returns
    /// its set, if it had one.
    pub fn remove<Q>(&self, tenant: &Q) -> Option<Arc<OwnedPolicySet>>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let mut previous = None;
        self.tenants.rcu(|table| {
            let mut table = HashMap::clone(table);
            previous = table.remove(tenant);
            table
        });
        previous
    }
}

impl<K: Hash + Eq + Clone> Default for TenantPolicies<K> {
    fn default() -> Self {
        TenantPolicies::new()
    }
}

impl<K: fmt::Debug> fmt::Debug for TenantPolicies<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TenantPolicies")
            .field("tenants", &*self.tenants.load())
            .finish()
    }
}

/// The tenant table a [`TenantPolicies`] held when it was loaded.
pub struct TenantGuard<K>(Guard<Arc<HashMap<K, Arc<OwnedPolicySet>>>>);

impl<K: Hash + Eq> TenantGuard<K> {
    /// The policies of `tenant`, if it has any.
    pub fn get<Q>(&self, tenant: &Q) -> Option<&OwnedPolicySet>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.0.get(tenant).map(|set| &**set)
    }

    /// How many tenants have policies.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no tenant has policies.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: fmt::Debug> fmt::Debug for TenantGuard<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self.0, f)
    }
}
