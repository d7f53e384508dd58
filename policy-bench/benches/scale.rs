//! Large generated policies (see `build.rs`): const tables, the same JSON loaded at run time,
//! and the equivalent cedar policies, deciding the same requests.

use std::cell::OnceCell;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion};
use policy::{LoadedPolicy, Policy, PolicySet, Request};

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
use generated::SCALES;

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
    fn new(scale: &Scale, requests: &[(&str, &str, bool)]) -> Prepared {
        let prepared = Prepared {
            loaded: LoadedPolicy::from_json(scale.json).unwrap_or_else(|e| panic!("{e}")),
            cedar: CedarGuard::new(scale.cedar),
        };
        let loaded_view = prepared.loaded.as_policy();
        let id = format!(
            "{}_statements/{}_cloudtrail",
            scale.total, scale.same_service
        );
        for &(request, resource, allowed) in requests {
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

pub fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale");
    for scale in SCALES {
        let id = format!(
            "{}_statements/{}_cloudtrail",
            scale.total, scale.same_service
        );
        let last_trail = format!(
            "arn:aws:cloudtrail:us-east-1:111122223333:trail/t{}",
            scale.same_service - 1
        );
        let requests = [
            ("match_last", last_trail.as_str(), true),
            (
                "match_none",
                "arn:aws:cloudtrail:us-east-1:111122223333:trail/none",
                false,
            ),
        ];
        let prepared: OnceCell<Prepared> = OnceCell::new();
        let prepare = || prepared.get_or_init(|| Prepared::new(scale, &requests));
        let const_refs = [&scale.tables];
        let const_set = PolicySet::new(&const_refs);
        for (request, resource, _) in requests {
            let id = format!("{id}/{request}");
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
