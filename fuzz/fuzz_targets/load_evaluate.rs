//! Load then evaluate: a policy (the input up to the first NUL byte) and requests built with
//! `arbitrary` from the rest. Evaluation must never panic, must be deterministic, must ignore
//! the case of the action, and deny must override allow.

#![no_main]

#[path = "common/mod.rs"]
mod common;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use iam_policy_check::LoadedPolicy;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let (text, rest) = data.split_at(split);
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let Ok(policy) = LoadedPolicy::from_json(text) else {
        return;
    };
    let mut input = Unstructured::new(rest.get(1..).unwrap_or(&[]));
    for _ in 0..8 {
        let Ok(request) = common::FuzzRequest::arbitrary(&mut input) else {
            break;
        };
        let kind = request.check(&policy, request.action);
        let upper = request.action.to_ascii_uppercase();
        assert_eq!(
            request.check(&policy, &upper),
            kind,
            "actions are case-insensitive"
        );
        if input.is_empty() {
            break;
        }
    }
});
