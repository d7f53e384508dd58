//! One check of `benches/analyze.rs` on one policy file, for instruction counts (`valgrind
//! --tool=callgrind`) and profiles.
//!
//! `cargo run --release -p policy-bench --example analyze_one -- CHECK FILE [TIMES]`, CHECK one
//! of `minus-statement`, `plus-action`, `access-iam`, `future`, `lints`.

use std::time::Instant;

use iam_policy::analyze::{add_lints, lints::CODES, Analyzer};
use iam_policy::LoadedPolicy;

#[path = "../benches/variants.rs"]
mod variants;
use variants::{minus_statement, plus_action};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [check, file, rest @ ..] = args.as_slice() else {
        eprintln!(
            "usage: analyze_one minus-statement|plus-action|access-iam|future|lints FILE [TIMES]"
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
                add_lints(&mut checked, &options, &CODES);
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
