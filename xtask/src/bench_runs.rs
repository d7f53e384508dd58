//! `bench-runs`: the guard-call benches run several times, and each benchmark's median over the
//! runs.
//!
//! On a machine shared with other work, one criterion run can shift as a whole by 20 % or more;
//! the median of several runs' medians is the figure `BENCHMARKS.md` reports.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::SystemTime;

/// Runs `cargo bench -p policy-bench` `runs` times with `filter`, then prints, for every
/// benchmark, the median of each run (criterion's `median` estimate) and their median.
pub fn run(runs: usize, filter: &[String], root: &Path) -> Result<(), String> {
    let criterion = root.join("target").join("criterion");
    let mut results: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for run in 1..=runs {
        eprintln!("bench-runs: run {run} of {runs}");
        let started = SystemTime::now();
        let status = Command::new(env!("CARGO"))
            .current_dir(root)
            .args(["bench", "-p", "policy-bench", "--"])
            .args(["--warm-up-time", "1", "--measurement-time", "2"])
            .args(filter)
            // Criterion's report goes to standard error, leaving standard output to the table.
            .stdout(Stdio::from(io::stderr()))
            .status()
            .map_err(|e| format!("cannot run cargo bench: {e}"))?;
        if !status.success() {
            return Err(format!("cargo bench failed ({status})"));
        }
        for (id, median) in medians_since(&criterion, started)? {
            results.entry(id).or_default().push(median);
        }
    }
    println!("benchmark\tmedian of runs (ns)\teach run (ns)");
    for (id, mut values) in results {
        let each: Vec<String> = values.iter().map(|v| format!("{v:.1}")).collect();
        values.sort_by(f64::total_cmp);
        let median = values[values.len() / 2];
        println!("{id}\t{median:.1}\t{}", each.join(" "));
    }
    Ok(())
}

/// The `median` estimate of every benchmark that criterion wrote since `since`, by id.
fn medians_since(criterion: &Path, since: SystemTime) -> Result<Vec<(String, f64)>, String> {
    let mut found = Vec::new();
    let mut pending = vec![criterion.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.ends_with("new/estimates.json") && written_since(&path, since) {
                let text =
                    fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let json: serde_json::Value =
                    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
                let median = json["median"]["point_estimate"]
                    .as_f64()
                    .ok_or_else(|| format!("{}: no median estimate", path.display()))?;
                found.push((benchmark_id(criterion, &path), median));
            }
        }
    }
    Ok(found)
}

fn written_since(path: &Path, since: SystemTime) -> bool {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .is_ok_and(|modified| modified >= since)
}

/// `seed/policy/dev_group_describe_trails_allow` from `…/criterion/seed/policy/dev_group_…/new/estimates.json`.
fn benchmark_id(criterion: &Path, estimates: &Path) -> String {
    let dir: PathBuf = estimates
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    dir.strip_prefix(criterion)
        .unwrap_or(&dir)
        .to_string_lossy()
        .replace('\\', "/")
}
