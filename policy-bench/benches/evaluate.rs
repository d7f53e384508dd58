//! Guard-call benchmarks of `policy`, side by side with cedar-policy. See `BENCHMARKS.md`.
//!
//! `cargo bench -p policy-bench` runs them all; add a filter (`-- seed`) to run a group.

mod conditions;
mod peer;
mod scale;
mod seed;
mod wildcard;

criterion::criterion_group!(
    benches,
    seed::bench,
    conditions::bench,
    scale::bench,
    wildcard::bench
);
criterion::criterion_main!(benches);
