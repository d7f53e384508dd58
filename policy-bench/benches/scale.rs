//! Large generated policies (see `build.rs`): const tables, the same JSON loaded at run time,
//! and the equivalent cedar policies, deciding the same requests.

use std::cell::OnceCell;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion};
use iam_policy::{LoadedPolicy, Policy, PolicySet, Request};

use crate::interleaved::Interleaved;
use crate::peer::CedarGuard;

/// One generated policy, in its three forms.
pub struct Scale {
    /// Statements in the policy.
    pub total: usize,
    /// Statements of the request's service (`cloudtrail`).
    pub same_service: usize,
    pub json: &'static str,
    pub cedar: &'static str,
    pub tables: Policy<'static>,
}

mod generated {
    use super::Scale;
    include!(concat!(env!("OUT_DIR"), "/generated.rs"));
}
pub use generated::SCALES;

/// The guard call of an application: a request from strings, `authorize`.
#[inline(never)]
fn guard(set: &PolicySet<'_, '_>, action: &str, resource: &str) -> bool {
    set.authorize(&Request::new(action, resource)).is_ok()
}

/// A scale's policy loaded from JSON and as cedar policies, built on first use so that a
/// filtered run (`cargo bench -- seed`) does not pay for parsing 10,000 statements.
struct Prepared {
    loaded: LoadedPolicy,
    cedar: CedarGuard,
}

impl Prepared {
    /// Both forms of `scale`, checked to decide its [`requests`] as its const tables do.
    fn new(scale: &Scale) -> Prepared {
        let prepared = Prepared {
            loaded: LoadedPolicy::from_json(scale.json).unwrap_or_else(|e| panic!("{e}")),
            cedar: CedarGuard::new(scale.cedar),
        };
        let loaded_view = prepared.loaded.as_policy();
        let (id, requests) = requests(scale);
        for (request, resource, allowed) in &requests {
            let (resource, allowed) = (resource.as_str(), *allowed);
            let decision = scale.tables.evaluate(&Request::new(ACTION, resource));
            assert_eq!(decision.is_allowed(), allowed, "{id}/{request}");
            if allowed {
                let statement = decision.statement().map(|s| s.statement_index());
                assert_eq!(statement, Some(scale.total - 1), "{id}/{request}");
            }
            assert_eq!(
                loaded_view.evaluate(&Request::new(ACTION, resource)),
                decision,
                "{id}/{request}"
            );
            let cedar = prepared.cedar.is_allowed(ACTION, resource);
            assert_eq!(cedar, allowed, "cedar {id}/{request}");
        }
        prepared
    }
}

const ACTION: &str = "cloudtrail:StopLogging";

/// A scale's id and its two requests: `(name, resource, allowed)`.
fn requests(scale: &Scale) -> (String, [(&'static str, String, bool); 2]) {
    let id = format!(
        "{}_statements/{}_cloudtrail",
        scale.total, scale.same_service
    );
    let last_trail = format!(
        "arn:aws:cloudtrail:us-east-1:111122223333:trail/t{}",
        scale.same_service - 1
    );
    let none = "arn:aws:cloudtrail:us-east-1:111122223333:trail/none".to_string();
    (
        id,
        [
            ("match_last", last_trail, true),
            ("match_none", none, false),
        ],
    )
}

pub fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale");
    for scale in SCALES {
        let (id, requests) = requests(scale);
        let prepared: OnceCell<Prepared> = OnceCell::new();
        let prepare = || prepared.get_or_init(|| Prepared::new(scale));
        let const_refs = [&scale.tables];
        let const_set = PolicySet::new(&const_refs);
        for (request, resource, _) in &requests {
            let id = format!("{id}/{request}");
            let resource = resource.as_str();
            group.bench_function(BenchmarkId::new("policy", &id), |b| {
                prepare();
                b.iter(|| guard(&const_set, black_box(ACTION), black_box(resource)))
            });
            group.bench_function(BenchmarkId::new("policy_loaded", &id), |b| {
                let view = prepare().loaded.as_policy();
                let refs = [&view];
                let loaded_set = PolicySet::new(&refs);
                b.iter(|| guard(&loaded_set, black_box(ACTION), black_box(resource)))
            });
            group.bench_function(BenchmarkId::new("cedar", &id), |b| {
                let cedar = &prepare().cedar;
                b.iter(|| cedar.is_allowed(black_box(ACTION), black_box(resource)))
            });
        }
    }
    group.finish();
}

/// Const tables against loaded ones and against cedar, interleaved.
pub fn interleaved(runner: &mut Interleaved) {
    for scale in SCALES {
        let (id, requests) = requests(scale);
        let id = format!("scale/{id}");
        if !runner.wants(&id) {
            continue;
        }
        let prepared = Prepared::new(scale);
        let const_refs = [&scale.tables];
        let const_set = PolicySet::new(&const_refs);
        let view = prepared.loaded.as_policy();
        let loaded_refs = [&view];
        let loaded_set = PolicySet::new(&loaded_refs);
        for (request, resource, _) in &requests {
            let id = format!("{id}/{request}");
            let resource = resource.as_str();
            let ours = || guard(&const_set, black_box(ACTION), black_box(resource));
            runner.pair(
                &format!("{id}/loaded"),
                ("policy", ours),
                ("policy_loaded", || {
                    guard(&loaded_set, black_box(ACTION), black_box(resource))
                }),
            );
            runner.pair(
                &format!("{id}/cedar"),
                ("policy", ours),
                ("cedar", || {
                    prepared
                        .cedar
                        .is_allowed(black_box(ACTION), black_box(resource))
                }),
            );
        }
    }
}
