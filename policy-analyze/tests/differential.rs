//! The analyzer against brute force over a small universe, and the properties a sound and
//! exact analysis has.
//!
//! Random policy pairs are drawn from small pools of actions, resources and conditions; the
//! brute force decides every request of a universe that holds a member of every class those
//! pools can tell apart (all of `cloudtrail`'s actions, names made of the pools' words,
//! resources up to three letters past the bucket, the contexts of the pools' values). The
//! analyzer's `PASS` must mean brute force finds no request, and its `FAIL` that it finds one.

mod common;

use common::{load, policy, stmt, Stmt};
use iam_policy_analyze::{Analyzer, Verdict};
use iam_policy_check::LoadedPolicy;
use iam_policy_core::{Context, Policy, Request};
use proptest::prelude::*;

/// Whether some request of the universe is allowed by `new` and not by `old`.
fn brute_force_new_access(new: &Policy<'_>, old: &Policy<'_>, conditions: bool) -> Option<String> {
    let (contexts, actions, resources) = common::universe(conditions);
    for context in &contexts {
        for action in &actions {
            for resource in &resources {
                let request =
                    Request::new(action.as_str(), resource).with_context(Context::new(context));
                if common::allowed(new, &request) && !common::allowed(old, &request) {
                    return Some(format!("{action} {resource} {context:?}"));
                }
            }
        }
    }
    None
}

fn analyze(new: &LoadedPolicy, old: &LoadedPolicy) -> Verdict {
    let verdict = Analyzer::new()
        .max_counterexamples(1)
        .no_new_access(&[new.as_policy()], &[old.as_policy()]);
    for c in &verdict.counterexamples {
        assert!(
            c.allowed_by(&[new.as_policy()]) && !c.allowed_by(&[old.as_policy()]),
            "{c}"
        );
    }
    verdict
}

fn agree(new: &[Stmt], old: &[Stmt], conditions: bool) -> Result<(), TestCaseError> {
    let (new, old) = (load(new), load(old));
    let verdict = analyze(&new, &old);
    prop_assert!(verdict.reasons.is_empty(), "{:?}", verdict.reasons);
    let brute = brute_force_new_access(&new.as_policy(), &old.as_policy(), conditions);
    prop_assert_eq!(
        verdict.is_pass(),
        brute.is_none(),
        "analyzer {:?}, brute force {:?}\nnew {}\nold {}",
        verdict.counterexamples,
        brute,
        new.source(),
        old.source()
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn actions_and_resources_agree_with_brute_force(new in policy(false), old in policy(false)) {
        agree(&new, &old, false)?;
    }

    #[test]
    fn conditions_agree_with_brute_force(new in policy(true), old in policy(true)) {
        let fixed = |mut p: Vec<Stmt>| {
            for s in &mut p {
                s.actions = vec!["cloudtrail:GetTrail"];
                s.not_action = false;
                s.resources = vec!["*"];
                s.not_resource = false;
            }
            p
        };
        agree(&fixed(new), &fixed(old), true)?;
    }

    /// A policy compared with itself passes; adding an Allow to the new side never turns
    /// FAIL into PASS; adding a Deny never turns PASS into FAIL.
    #[test]
    fn monotone_in_allows_and_denies(
        new in policy(true),
        old in policy(true),
        extra in stmt(true),
    ) {
        let (n, o) = (load(&new), load(&old));
        prop_assert!(analyze(&n, &n).is_pass());
        prop_assert!(analyze(&o, &o).is_pass());
        let before = analyze(&n, &o).is_pass();
        let mut more = new.clone();
        more.push(Stmt { deny: false, ..extra.clone() });
        let with_allow = analyze(&load(&more), &o).is_pass();
        prop_assert!(before || !with_allow, "an Allow turned FAIL into PASS");
        let mut less = new.clone();
        less.push(Stmt { deny: true, ..extra });
        let with_deny = analyze(&load(&less), &o).is_pass();
        prop_assert!(!before || with_deny, "a Deny turned PASS into FAIL");
    }
}
