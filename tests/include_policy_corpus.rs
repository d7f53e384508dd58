//! Acceptance: every AWS managed policy and every documentation example of `../shared/corpus/`
//! builds through `include_policy!`, as a user's crate builds it (a compile error is never
//! raised by a policy IAM accepts and that works as published). The corpus is not part of the
//! repository: without it the test says so and passes. The build time per policy is printed.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn corpus_files() -> Option<Vec<PathBuf>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files = Vec::new();
    for folder in ["aws-managed", "aws-docs-examples"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            eprintln!("skipped: no corpus at {}", root.join(folder).display());
            return None;
        };
        files.extend(
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json")),
        );
    }
    files.sort();
    Some(files)
}

/// One `static` per policy, each through `include_policy!`, and a `main` that evaluates them.
fn main_rs(files: &[PathBuf]) -> String {
    let mut source = String::new();
    for (i, file) in files.iter().enumerate() {
        let path = file.canonicalize().unwrap();
        let path = path.to_string_lossy().replace('\\', "/");
        writeln!(
            source,
            "static P{i}: iam_policy::Policy = iam_policy::include_policy!({path:?});"
        )
        .unwrap();
    }
    source.push_str("\nfn main() {\n    let request = iam_policy::Request::new(\"s3:GetObject\", \"arn:aws:s3:::b/k\");\n");
    for i in 0..files.len() {
        writeln!(source, "    let _ = P{i}.evaluate(&request);").unwrap();
    }
    source.push_str("}\n");
    source
}

#[test]
fn every_corpus_policy_builds_through_include_policy() {
    let Some(files) = corpus_files() else {
        return;
    };
    let dir = common::user_crate("corpus-fixture", "", &main_rs(&files));
    let started = Instant::now();
    let output = common::cargo(&dir, "run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("error"))
        .collect();
    assert!(
        output.status.success(),
        "{} policies; {} errors:\n{}",
        files.len(),
        errors.len(),
        stderr
    );
    eprintln!(
        "{} policies built and evaluated through include_policy! in {:.1?} (dependencies included when cold)",
        files.len(),
        started.elapsed()
    );
}
