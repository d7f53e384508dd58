//! Acceptance: every AWS managed policy of `../shared/corpus/aws-managed/` checks without an
//! error and loads. The corpus is not part of the repository: without it the test says so and
//! passes. `POLICY_CORPUS` names another folder.

use std::collections::BTreeMap;
use std::path::PathBuf;

use policy_check::{check_text, LineColumn, LoadedPolicy, Options};

fn corpus() -> Option<PathBuf> {
    let folder = std::env::var_os("POLICY_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/aws-managed")
        });
    folder.is_dir().then_some(folder)
}

#[test]
fn every_aws_managed_policy_checks_without_error() {
    let Some(folder) = corpus() else {
        eprintln!("skipped: no corpus at ../shared/corpus/aws-managed (set POLICY_CORPUS to a folder of policies)");
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .json file in {}", folder.display());

    let options = Options::default();
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let checked = check_text(&text, &options);
        let errors: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        for error in &errors {
            *by_code.entry(error.code).or_default() += 1;
            let at = LineColumn::of(&text, error.loc.start as usize);
            failures.push(format!(
                "{}:{}:{}: {} [{}]",
                path.file_name().unwrap().to_string_lossy(),
                at.line,
                at.column,
                error.message,
                error.code
            ));
        }
        // What checks clean must load, with the same result.
        assert_eq!(
            errors.is_empty(),
            LoadedPolicy::from_json(&text).is_ok(),
            "{}",
            path.display()
        );
    }
    let summary: Vec<String> = by_code
        .iter()
        .map(|(code, n)| format!("{code}: {n}"))
        .collect();
    assert!(
        failures.is_empty(),
        "{} errors in {} files; by code: {}\nfirst ones:\n{}",
        failures.len(),
        files.len(),
        summary.join(", "),
        failures[..failures.len().min(40)].join("\n")
    );
}
