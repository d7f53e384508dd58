//! One pass of `benches/cloudtrail.rs` over a gzip log file, for instruction counts (`valgrind
//! --tool=callgrind`) and profiles: each stage alone, so that their costs can be told apart.
//!
//! `cargo run --release -p policy-bench --example cloudtrail_one -- STAGE FILE`, STAGE one of
//! `inflate` (decompress only), `read` (decompress and parse), `map` (and map each record),
//! `replay` (and decide, as the bench), `generate` (map and build the policy). FILE is a gzip
//! CloudTrail log file, such as one written by `… -- write FILE RECORDS` (the bench's records).
//! `dump FILE_OR_FOLDER` prints each record as read, mapped and decided, and the generated
//! policy, to compare two builds.

use std::hint::black_box;
use std::io::Read;
use std::time::Instant;

use iam_policy::{LoadedPolicy, Policy, PolicySet};
use iam_policy_cloudtrail::{read_stream, Change, Generator, Mapper, Verdict};

const DENY: &str = include_str!("../../examples/policies/deny_default_trail_logging.json");
const ALLOW: &str = include_str!("../../examples/policies/describe_any_trail.json");

#[path = "../benches/common/cloudtrail_log.rs"]
mod cloudtrail_log;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [stage, file, rest @ ..] = args.as_slice() else {
        eprintln!(
            "usage: cloudtrail_one inflate|read|map|replay|generate FILE | write FILE RECORDS"
        );
        std::process::exit(2);
    };
    if stage == "write" {
        let count: usize = rest.first().and_then(|c| c.parse().ok()).unwrap_or(100_000);
        cloudtrail_log::write_gzip_log(
            std::fs::File::create(file).expect("a writable file"),
            count,
        );
        return;
    }
    let log = if stage == "dump" {
        Vec::new()
    } else {
        std::fs::read(file).expect("a readable file")
    };
    let loaded = [DENY, ALLOW].map(|text| LoadedPolicy::from_json(text).unwrap());
    let views: Vec<Policy<'_>> = loaded.iter().map(LoadedPolicy::as_policy).collect();
    let refs: Vec<&Policy<'_>> = views.iter().collect();
    let set = PolicySet::new(&refs);
    let start = Instant::now();
    let mut mapper = Mapper::new();
    let mut generator = Generator::new();
    let mut count = 0usize;
    let records = match stage.as_str() {
        "inflate" => {
            let mut decoder = flate2::bufread::MultiGzDecoder::new(&log[..]);
            let mut buffer = vec![0; 1 << 16];
            loop {
                let read = decoder.read(&mut buffer).expect("a gzip file");
                if read == 0 {
                    break;
                }
                count += read;
            }
            0
        }
        "read" | "map" | "replay" | "generate" => {
            let stats = read_stream(file, &log[..], &mut |item| {
                let Ok((_, record)) = item else { return };
                match stage.as_str() {
                    "read" => count += usize::from(record.event_name.is_some()),
                    "map" => count += usize::from(mapper.map(&record).is_ok()),
                    "replay" => {
                        if let Ok(call) = mapper.map(&record) {
                            let verdict =
                                Verdict::of(&call, |request| set.evaluate(request).kind());
                            count += usize::from(verdict.change == Change::WouldBreak);
                        }
                    }
                    _ => {
                        if let Ok(call) = mapper.map(&record) {
                            generator.add(&call);
                        }
                    }
                }
            });
            stats.records
        }
        "dump" => {
            // Every record as read, mapped and decided, and the policy generated: to compare
            // two builds of the crate.
            let paths = [std::path::PathBuf::from(file)];
            let stats = iam_policy_cloudtrail::read_paths(&paths, &mut |item| match item {
                Ok((place, record)) => {
                    println!("{place}: {record:?}");
                    match mapper.map(&record) {
                        Ok(call) => {
                            println!("  {call:?}");
                            println!("  {:?}", call.context_entries());
                            let verdict =
                                Verdict::of(&call, |request| set.evaluate(request).kind());
                            println!("  {verdict:?}");
                            generator.add(&call);
                        }
                        Err(reason) => println!("  unmapped: {reason}"),
                    }
                }
                Err(error) => println!("{error}"),
            });
            println!("{}", generator.to_json());
            stats.records
        }
        other => {
            eprintln!("unknown stage `{other}`");
            std::process::exit(2);
        }
    };
    black_box(generator.to_json());
    println!(
        "{stage}: {records} records, {count} counted, {:?}",
        start.elapsed()
    );
}
