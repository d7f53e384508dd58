//! One check on one policy file, for instruction counts (`valgrind --tool=callgrind`) and
//! profiles: the benchmark's variants of the policy (`policy-bench/benches/analyze.rs`).
//!
//! `cargo run --release -p iam-policy-analyze --example one_check -- CHECK FILE [TIMES]`, CHECK
//! one of `minus-statement`, `plus-action`, `access-iam`, `future`, `lints`.

use std::time::Instant;

use iam_policy_analyze::Analyzer;
use iam_policy_check::LoadedPolicy;
use serde_json::Value;

fn statements(document: &mut Value) -> &mut Vec<Value> {
    let statement = document.get_mut("Statement").expect("a Statement");
    if !statement.is_array() {
        *statement = Value::Array(vec![statement.take()]);
    }
    statement.as_array_mut().expect("an array")
}

/// The policy without its first statement (kept when it is the only one).
fn minus_statement(text: &str) -> String {
    let mut document: Value = serde_json::from_str(text).expect("JSON");
    let list = statements(&mut document);
    if list.len() > 1 {
        list.remove(0);
    }
    document.to_string()
}

/// The policy with `iam:CreateAccessKey` added to its first Allow with an `Action`.
fn plus_action(text: &str) -> String {
    let mut document: Value = serde_json::from_str(text).expect("JSON");
    let list = statements(&mut document);
    let statement = list
        .iter_mut()
        .find(|s| s["Effect"] == "Allow" && s.get("Action").is_some())
        .expect("an Allow with Action");
    let action = statement.get_mut("Action").expect("Action");
    if !action.is_array() {
        *action = Value::Array(vec![action.take()]);
    }
    action
        .as_array_mut()
        .expect("an array")
        .push(Value::from("iam:CreateAccessKey"));
    document.to_string()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [check, file, rest @ ..] = args.as_slice() else {
        eprintln!(
            "usage: one_check minus-statement|plus-action|access-iam|future|lints FILE [TIMES]"
        );
        std::process::exit(2);
    };
    let times: usize = rest.first().and_then(|t| t.parse().ok()).unwrap_or(1);
    let text = std::fs::read_to_string(file).expect("a readable file");
    let load = |text: &str| LoadedPolicy::from_json(text).expect("the policy loads");
    let policy = load(&text);
    let smaller = load(&minus_statement(&text));
    let larger = load(&plus_action(&text));
    let (p, s, l) = (policy.as_policy(), smaller.as_policy(), larger.as_policy());
    let analyzer = Analyzer::new().max_counterexamples(1);
    let options = iam_policy_check::Options::default();
    let start = Instant::now();
    let mut summary = String::new();
    for _ in 0..times {
        summary = match check.as_str() {
            "minus-statement" => format!("{:?}", analyzer.no_new_access(&[s], &[p]).answer),
            "plus-action" => format!("{:?}", analyzer.no_new_access(&[l], &[p]).answer),
            "access-iam" => format!(
                "{:?}",
                analyzer
                    .access_not_granted(&[p], &["iam:*"], &[])
                    .map(|v| v.answer)
            ),
            "future" => format!("{:?}", analyzer.future_access(&[p]).answer),
            "lints" => {
                let mut checked = iam_policy_check::check_text(&text, &options);
                checked.diagnostics.clear();
                iam_policy_analyze::add_lints(
                    &mut checked,
                    &options,
                    &iam_policy_analyze::lints::CODES,
                );
                format!("{} findings", checked.diagnostics.len())
            }
            other => {
                eprintln!("unknown check `{other}`");
                std::process::exit(2);
            }
        };
    }
    println!("{summary}: {:?} a check", start.elapsed() / times as u32);
}
