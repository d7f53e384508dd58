//! Acceptance: every AWS managed policy of `../shared/corpus/aws-managed/` and every example
//! of AWS's documentation in `../shared/corpus/aws-docs-examples/` checks without an error and
//! loads. The corpus is not part of the repository: without it the test says so and passes.
//! `POLICY_CORPUS` names another folder (checked instead of both).

use std::collections::BTreeMap;
use std::path::PathBuf;

use iam_policy_check::{check_text, LineColumn, LoadedPolicy, Options};

fn corpus(name: &str) -> Option<Vec<PathBuf>> {
    let folder = std::env::var_os("POLICY_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/corpus")
                .join(name)
        });
    if !folder.is_dir() {
        eprintln!(
            "skipped: no corpus at {} (set POLICY_CORPUS to a folder of policies)",
            folder.display()
        );
        return None;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .json file in {}", folder.display());
    Some(files)
}

#[test]
fn every_aws_managed_policy_checks_without_error() {
    if let Some(files) = corpus("aws-managed") {
        check_all(&files);
    }
}

#[test]
fn every_documentation_example_checks_without_error() {
    if let Some(files) = corpus("aws-docs-examples") {
        check_all(&files);
    }
}

fn check_all(files: &[PathBuf]) {
    let options = Options::default();
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(path).unwrap();
        let checked = check_text(&text, &options);
        let errors: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        for error in &errors {
            *by_code.entry(error.code.as_str()).or_default() += 1;
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
