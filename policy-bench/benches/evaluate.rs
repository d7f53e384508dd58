//! Guard-call benchmarks of `policy`, side by side with cedar-policy. See `BENCHMARKS.md`.
//!
//! `cargo bench -p policy-bench` runs them all with criterion; add a filter (`-- seed`) to run
//! a group. The `load` group times loading the large policies from text (ours beside cedar's
//! parser), not guard calls. `cargo bench -p policy-bench -- --interleaved [FILTER]` times our const tables
//! against loaded ones and against cedar in alternating batches instead (see `interleaved`).

mod conditions;
mod interleaved;
mod load;
mod peer;
mod scale;
mod seed;
mod wildcard;

criterion::criterion_group!(
    benches,
    seed::bench,
    conditions::bench,
    scale::bench,
    wildcard::bench,
    load::bench
);

fn main() {
    let mut args = std::env::args().skip(1).filter(|arg| arg != "--bench");
    if args.any(|arg| arg == "--interleaved") {
        let mut runner = interleaved::Interleaved::new(args.next());
        seed::interleaved(&mut runner);
        conditions::interleaved(&mut runner);
        scale::interleaved(&mut runner);
        return;
    }
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
