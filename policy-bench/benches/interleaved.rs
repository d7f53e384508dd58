//! Interleaved pairs: two guards timed in alternating batches, so that both see the same state
//! of a shared machine, and their ratio is taken round by round.
//!
//! Criterion measures one benchmark after another; on a machine whose speed shifts for
//! seconds at a time (other tenants, frequency), two benchmarks measured a minute apart can
//! differ by 40 % for that alone. Here each round times a batch of the first guard and then a
//! batch of the second (the order alternates), about a millisecond each, and the figures are
//! medians over the rounds: each side's time per call, its 10th percentile (the machine at its
//! fastest), and the median of the per-round ratios.
//!
//! `cargo bench -p policy-bench -- --interleaved [FILTER]` runs the pairs whose id contains
//! `FILTER`.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Target duration of one batch.
const BATCH: Duration = Duration::from_millis(1);
/// Time spent measuring one pair, after calibration, unless [`MIN_ROUNDS`] takes longer.
const BUDGET: Duration = Duration::from_millis(1500);
/// Rounds per pair at least, whatever their length.
const MIN_ROUNDS: usize = 21;

/// The runner: a filter, and a header printed before the first result.
pub struct Interleaved {
    filter: Option<String>,
    header_printed: bool,
}

impl Interleaved {
    /// Runs the pairs whose id contains `filter` (all without one).
    pub fn new(filter: Option<String>) -> Interleaved {
        Interleaved {
            filter,
            header_printed: false,
        }
    }

    /// Whether the pair `id` is to be measured: builders can skip costly preparation.
    pub fn wants(&self, id: &str) -> bool {
        self.filter.as_deref().is_none_or(|f| id.contains(f))
    }

    /// Measures `first` and `second` (guard calls returning whether access is allowed) in
    /// alternating batches and prints one line: `id`, each side's median and 10th percentile
    /// per call, and the median of `second ÷ first` over the rounds.
    pub fn pair(
        &mut self,
        id: &str,
        (first_name, mut first): (&str, impl FnMut() -> bool),
        (second_name, mut second): (&str, impl FnMut() -> bool),
    ) {
        if !self.wants(id) {
            return;
        }
        if !self.header_printed {
            println!("pair | first: median, p10 | second: median, p10 | second ÷ first (median of rounds)");
            self.header_printed = true;
        }
        let (mut first_times, mut second_times) = rounds(&mut first, &mut second);
        let mut ratios: Vec<f64> = first_times
            .iter()
            .zip(&second_times)
            .map(|(a, b)| b / a)
            .collect();
        println!(
            "{id} | {first_name}: {}, {} | {second_name}: {}, {} | {:.2} ({} rounds)",
            nanos(median(&mut first_times)),
            nanos(percentile(&mut first_times, 10)),
            nanos(median(&mut second_times)),
            nanos(percentile(&mut second_times, 10)),
            median(&mut ratios),
            ratios.len(),
        );
    }

    /// Like [`Interleaved::pair`] for what `second` adds to `first`: prints each side's median
    /// per call and the median of `second − first` over the rounds.
    pub fn pair_difference(
        &mut self,
        id: &str,
        (first_name, mut first): (&str, impl FnMut() -> bool),
        (second_name, mut second): (&str, impl FnMut() -> bool),
    ) {
        if !self.wants(id) {
            return;
        }
        let (mut first_times, mut second_times) = rounds(&mut first, &mut second);
        let mut differences: Vec<f64> = first_times
            .iter()
            .zip(&second_times)
            .map(|(a, b)| b - a)
            .collect();
        println!(
            "{id} | {first_name}: {} | {second_name}: {} | {second_name} − {first_name}: {} (median of {} rounds)",
            nanos(median(&mut first_times)),
            nanos(median(&mut second_times)),
            nanos(median(&mut differences)),
            differences.len(),
        );
    }
}

/// Each side's time per call in alternating batches, round by round (see [`Interleaved::pair`]).
fn rounds(
    first: &mut impl FnMut() -> bool,
    second: &mut impl FnMut() -> bool,
) -> (Vec<f64>, Vec<f64>) {
    let first_batch = calibrate(first);
    let second_batch = calibrate(second);
    let mut first_times = Vec::new();
    let mut second_times = Vec::new();
    let start = Instant::now();
    while first_times.len() < MIN_ROUNDS || start.elapsed() < BUDGET {
        let (a, b) = if first_times.len() % 2 == 0 {
            let a = per_call(first, first_batch);
            (a, per_call(second, second_batch))
        } else {
            let b = per_call(second, second_batch);
            (per_call(first, first_batch), b)
        };
        first_times.push(a);
        second_times.push(b);
    }
    (first_times, second_times)
}

/// Calls per batch: enough for [`BATCH`], at least one. Also warms the caches up.
fn calibrate(call: &mut impl FnMut() -> bool) -> u64 {
    let mut calls = 1u64;
    loop {
        let start = Instant::now();
        run(call, calls);
        let elapsed = start.elapsed();
        if elapsed >= BATCH || calls >= 1 << 30 {
            let scaled = calls as f64 * BATCH.as_secs_f64() / elapsed.as_secs_f64();
            return (scaled as u64).max(1);
        }
        calls *= 2;
    }
}

/// Nanoseconds per call over a batch of `calls`.
fn per_call(call: &mut impl FnMut() -> bool, calls: u64) -> f64 {
    let start = Instant::now();
    run(call, calls);
    start.elapsed().as_secs_f64() * 1e9 / calls as f64
}

#[inline(never)]
fn run(call: &mut impl FnMut() -> bool, calls: u64) {
    for _ in 0..calls {
        black_box(call());
    }
}

fn median(values: &mut [f64]) -> f64 {
    percentile(values, 50)
}

/// The `p`th percentile (nearest rank) of `values`, which must not be empty.
fn percentile(values: &mut [f64], p: usize) -> f64 {
    values.sort_by(f64::total_cmp);
    values[(values.len() - 1) * p / 100]
}

/// A time in the unit criterion would print it in.
fn nanos(ns: f64) -> String {
    match ns {
        ns if ns >= 1e6 => format!("{:.2} ms", ns / 1e6),
        ns if ns >= 1e3 => format!("{:.2} µs", ns / 1e3),
        ns if ns >= 100.0 => format!("{ns:.0} ns"),
        ns => format!("{ns:.1} ns"),
    }
}
