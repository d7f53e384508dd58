//! Guard-call benchmarks of `policy`, side by side with cedar-policy. See `BENCHMARKS.md`.
//!
//! `cargo bench -p policy-bench` runs them all with criterion; add a filter (`-- seed`) to run
//! a group. The `load` group times loading the large policies from text (ours beside cedar's
//! parser), not guard calls. `cargo bench -p policy-bench -- --interleaved [FILTER]` times our const tables
//! against loaded ones and against cedar in alternating batches instead (see `interleaved`).
//! `-- --chain-calls N [CASE]` makes N guard calls of each form of `chain` (for
//! `valgrind --tool=callgrind`, which counts their instructions; see `BENCHMARKS.md`).

mod batch;
mod chain;
mod conditions;
mod interleaved;
mod load;
mod peer;
mod scale;
mod seed;
mod tower;
mod wildcard;

criterion::criterion_group!(
    benches,
    seed::bench,
    chain::bench,
    conditions::bench,
    scale::bench,
    wildcard::bench,
    load::bench,
    batch::bench,
    tower::bench
);

fn main() {
    let mut args = std::env::args().skip(1).filter(|arg| arg != "--bench");
    let first = args.next();
    if first.as_deref() == Some("--chain-calls") {
        let calls = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
        chain::calls(calls, args.next().as_deref());
        return;
    }
    let mut args = first.into_iter().chain(args);
    if args.any(|arg| arg == "--interleaved") {
        let mut runner = interleaved::Interleaved::new(args.next());
        seed::interleaved(&mut runner);
        chain::interleaved(&mut runner);
        conditions::interleaved(&mut runner);
        scale::interleaved(&mut runner);
        tower::interleaved(&mut runner);
        return;
    }
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
