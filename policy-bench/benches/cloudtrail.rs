//! CloudTrail replay and policy generation (`iam-policy-cloudtrail`), from gzip log files held
//! in memory, so that the figures are the reader's, the mapping's and the evaluator's, not the
//! disk's.
//!
//! The records are the repository's sample of real CloudTrail records (77, from the
//! incident-response training set under `policy-cloudtrail/tests/fixtures/invictus`) and the
//! seed's CLI session (4), repeated: `replay` decides 100,000 records against the CloudTrail
//! guide's developer group (two loaded policies), `generate` builds the least-privilege policy
//! of 1,000,000 records. Criterion reports records a second (`Throughput::Elements`) of the
//! bench thread's CPU time (`/proc/thread-self/schedstat`), not of wall time: the targets are
//! per core, and this machine's two cores are shared with other tenants' builds, which
//! stretch wall time by several times.
//!
//! ```text
//! cargo bench -p policy-bench --bench cloudtrail -- --warm-up-time 1 --measurement-time 3
//! ```

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use iam_policy::{LoadedPolicy, Policy, PolicySet};
use iam_policy_cloudtrail::{read_stream, Generator, Mapper, Verdict};

/// The CPU time of the measuring thread (Linux), shown as durations.
pub struct CpuTime;

fn thread_cpu_nanos() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .expect("/proc/thread-self/schedstat (Linux) gives the thread's CPU time")
}

impl Measurement for CpuTime {
    type Intermediate = u64;
    type Value = Duration;

    fn start(&self) -> u64 {
        thread_cpu_nanos()
    }

    fn end(&self, start: u64) -> Duration {
        Duration::from_nanos(thread_cpu_nanos().saturating_sub(start))
    }

    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        static WALL: WallTime = WallTime;
        WALL.formatter()
    }
}

#[path = "common/cloudtrail_log.rs"]
mod cloudtrail_log;

/// One gzip log file of `count` records, held in memory.
fn gzip_log(count: usize) -> Vec<u8> {
    cloudtrail_log::write_gzip_log(Vec::new(), count)
}

const DENY: &str = include_str!("../../examples/policies/deny_default_trail_logging.json");
const ALLOW: &str = include_str!("../../examples/policies/describe_any_trail.json");

fn replay(c: &mut Criterion<CpuTime>) {
    const RECORDS: usize = 100_000;
    let log = gzip_log(RECORDS);
    let loaded = [DENY, ALLOW].map(|text| LoadedPolicy::from_json(text).unwrap());
    let views: Vec<Policy<'_>> = loaded.iter().map(LoadedPolicy::as_policy).collect();
    let refs: Vec<&Policy<'_>> = views.iter().collect();
    let set = PolicySet::new(&refs);
    let mut group = c.benchmark_group("cloudtrail");
    group.throughput(Throughput::Elements(RECORDS as u64));
    group.sample_size(10);
    group.bench_function("replay_gzip_100k_records", |b| {
        b.iter(|| {
            let mut mapper = Mapper::new();
            let mut breaks = 0usize;
            let stats = read_stream("bench", &log[..], &mut |item| {
                let Ok((_, record)) = item else { return };
                if let Ok(call) = mapper.map(&record) {
                    let verdict = Verdict::of(&call, |request| set.evaluate(request).kind());
                    breaks +=
                        usize::from(verdict.change == iam_policy_cloudtrail::Change::WouldBreak);
                }
            });
            assert_eq!(stats.records, RECORDS);
            black_box(breaks)
        })
    });
    group.finish();
}

fn generate(c: &mut Criterion<CpuTime>) {
    const RECORDS: usize = 1_000_000;
    let log = gzip_log(RECORDS);
    let mut group = c.benchmark_group("cloudtrail");
    group.throughput(Throughput::Elements(RECORDS as u64));
    group.sample_size(10);
    group.bench_function("generate_gzip_1m_records", |b| {
        b.iter(|| {
            let mut mapper = Mapper::new();
            let mut generator = Generator::new();
            read_stream("bench", &log[..], &mut |item| {
                let Ok((_, record)) = item else { return };
                if let Ok(call) = mapper.map(&record) {
                    generator.add(&call);
                }
            });
            black_box(generator.to_json())
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(CpuTime);
    targets = replay, generate
}
criterion_main!(benches);
