//! The policy store of a service: policies replaced at run time while other threads decide,
//! each decision against one whole set, and no reader ever waiting for a writer.
#![cfg(feature = "store")]

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;

use iam_policy::{
    policy, LoadedPolicy, OwnedPolicySet, Policy, PolicyStore, Request, SharedPolicy,
    TenantPolicies,
};

static DENY_DELETE: Policy = policy!({
    "Version": "2012-10-17",
    "Statement": [{ "Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteObject",
        "Resource": "*" }]
});

fn loaded(action: &str) -> LoadedPolicy {
    LoadedPolicy::from_json(&format!(
        r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow",
            "Action": "{action}", "Resource": "arn:aws:s3:::bucket/*"}}}}"#
    ))
    .unwrap_or_else(|e| panic!("{e}"))
    .with_name(action)
}

/// Set A allows reading, set B writing; both keep the constant deny of deletes.
fn set_a() -> OwnedPolicySet {
    OwnedPolicySet::new()
        .with(&DENY_DELETE)
        .with(loaded("s3:GetObject"))
}

fn set_b() -> OwnedPolicySet {
    OwnedPolicySet::new()
        .with(&DENY_DELETE)
        .with(loaded("s3:PutObject"))
}

const KEY: &str = "arn:aws:s3:::bucket/report.csv";

#[test]
fn a_set_mixes_constants_and_loaded_policies() {
    let set = set_a();
    let get = set.authorize(&Request::new("s3:GetObject", KEY)).unwrap();
    assert_eq!(
        (get.policy_index(), get.policy_name()),
        (1, Some("s3:GetObject"))
    );
    let delete = set
        .authorize(&Request::new("s3:DeleteObject", KEY))
        .unwrap_err();
    assert!(delete.is_explicit());
    assert!(!set
        .evaluate(&Request::new("s3:PutObject", KEY))
        .is_allowed());
    assert!(matches!(set.policies()[0], SharedPolicy::Static(_)));
    let collected: OwnedPolicySet = [SharedPolicy::from(&DENY_DELETE)].into_iter().collect();
    assert_eq!(collected.policies().len(), 1);
}

#[test]
fn the_store_and_its_sets_are_send_and_sync() {
    fn shared<T: Send + Sync + 'static>() {}
    shared::<PolicyStore>();
    shared::<OwnedPolicySet>();
    shared::<TenantPolicies<String>>();
}

#[test]
fn readers_decide_against_one_whole_set_while_a_writer_swaps() {
    const READERS: usize = 3;
    const SWAPS: usize = 2_000;
    let store = Arc::new(PolicyStore::new(set_a()));
    let sets = [Arc::new(set_a()), Arc::new(set_b())];
    let done = Arc::new(AtomicBool::new(false));
    let decisions = Arc::new(AtomicUsize::new(0));
    let start = Arc::new(Barrier::new(READERS + 1));
    let readers: Vec<_> = (0..READERS)
        .map(|_| {
            let (store, done, decisions, start) = (
                Arc::clone(&store),
                Arc::clone(&done),
                Arc::clone(&decisions),
                Arc::clone(&start),
            );
            thread::spawn(move || {
                start.wait();
                let mut seen = [0usize; 2];
                while !done.load(Ordering::Acquire) {
                    let set = store.load();
                    let read = set
                        .evaluate(&Request::new("s3:GetObject", KEY))
                        .is_allowed();
                    let write = set
                        .evaluate(&Request::new("s3:PutObject", KEY))
                        .is_allowed();
                    // One set allows exactly one of the two: never both, never neither.
                    assert_ne!(read, write, "a decision saw half of a swap");
                    assert!(!set
                        .evaluate(&Request::new("s3:DeleteObject", KEY))
                        .is_allowed());
                    seen[usize::from(write)] += 1;
                    decisions.fetch_add(1, Ordering::Relaxed);
                }
                seen
            })
        })
        .collect();
    start.wait();
    for swap in 0..SWAPS {
        store.replace(Arc::clone(&sets[swap % 2]));
        // Readers keep deciding between swaps.
        if swap % 100 == 0 {
            thread::yield_now();
        }
    }
    // Every reader goes on deciding after the last swap, against the last set.
    let after_swaps = decisions.load(Ordering::Relaxed);
    while decisions.load(Ordering::Relaxed) < after_swaps + 100 * READERS {
        thread::yield_now();
    }
    done.store(true, Ordering::Release);
    let mut total = [0usize; 2];
    for reader in readers {
        let seen = reader.join().expect("a reader panicked");
        total[0] += seen[0];
        total[1] += seen[1];
    }
    assert!(total[0] + total[1] >= 100 * READERS, "{total:?}");
    let last = store.load();
    assert!(last
        .evaluate(&Request::new("s3:PutObject", KEY))
        .is_allowed());
}

#[test]
fn a_swap_never_waits_for_a_reader_that_holds_the_old_set() {
    let store = Arc::new(PolicyStore::new(set_a()));
    let held = store.load();
    // The writer runs on another thread while this one still holds the old set: it returns.
    let writer = {
        let store = Arc::clone(&store);
        thread::spawn(move || {
            store.replace(set_b());
        })
    };
    writer
        .join()
        .expect("the writer finished while a reader held the old set");
    let get = Request::new("s3:GetObject", KEY);
    assert!(
        held.evaluate(&get).is_allowed(),
        "the held set is the old one"
    );
    assert!(
        !store.load().evaluate(&get).is_allowed(),
        "new readers see the new set"
    );
}

#[test]
fn each_tenant_has_its_own_policies_replaced_alone() {
    let tenants: TenantPolicies<String> = TenantPolicies::new();
    tenants.replace("acme".into(), set_a());
    tenants.replace("globex".into(), set_b());
    let get = Request::new("s3:GetObject", KEY);
    let before = tenants.load();
    assert!(before.get("acme").unwrap().evaluate(&get).is_allowed());
    assert!(!before.get("globex").unwrap().evaluate(&get).is_allowed());
    assert!(before.get("initech").is_none());

    let replaced = tenants.replace("acme".into(), set_b());
    assert!(replaced.is_some());
    let after = tenants.load();
    assert!(!after.get("acme").unwrap().evaluate(&get).is_allowed());
    assert!(
        before.get("acme").unwrap().evaluate(&get).is_allowed(),
        "a held table stays"
    );
    assert_eq!(after.len(), 2);
    assert!(tenants.remove("globex").is_some());
    assert!(tenants.load().get("globex").is_none());
}

#[test]
fn concurrent_tenant_updates_are_never_lost() {
    let tenants = Arc::new(TenantPolicies::<usize>::new());
    let set = Arc::new(set_a());
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            let (tenants, set) = (Arc::clone(&tenants), Arc::clone(&set));
            thread::spawn(move || {
                for tenant in 0..50 {
                    tenants.replace(writer * 1000 + tenant, Arc::clone(&set));
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().expect("a writer panicked");
    }
    assert_eq!(tenants.load().len(), 200);
}

#[test]
fn a_batch_decides_as_one_call_per_request_for_small_and_large_sets() {
    let requests = [
        Request::new("s3:GetObject", KEY),
        Request::new("s3:PutObject", KEY),
        Request::new("s3:DeleteObject", KEY),
        Request::new("s3:ListBucket", "arn:aws:s3:::bucket"),
    ];
    let small = set_a();
    let large: OwnedPolicySet = (0..10)
        .map(|i| {
            SharedPolicy::from(loaded(if i % 2 == 0 {
                "s3:PutObject"
            } else {
                "s3:GetObject"
            }))
        })
        .chain([SharedPolicy::from(&DENY_DELETE)])
        .collect();
    for set in [&small, &large] {
        let batch: Vec<_> = set.evaluate_batch(&requests).collect();
        let one_by_one: Vec<_> = requests.iter().map(|r| set.evaluate(r)).collect();
        assert_eq!(batch, one_by_one);
        assert_eq!(set.evaluate_batch(&requests).len(), requests.len());
    }
    let large_batch: Vec<_> = large.evaluate_batch(&requests).map(|d| d.kind()).collect();
    assert_eq!(
        large_batch,
        ["Allow", "Allow", "ExplicitDeny", "ImplicitDeny"]
    );
}
