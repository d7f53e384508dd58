//! Compile-time checks of `policy!`: one tiny case per mistake in `tests/ui/`.
//!
//! A case whose file name ends in `_ok.rs` must compile and run (`fn main` may assert
//! decisions); every other case must fail to compile with exactly the errors in its `.stderr`
//! snapshot. After changing a message, regenerate the snapshots with
//! `TRYBUILD=overwrite cargo test --test trybuild` and read the diff as a user would.

use std::path::PathBuf;

#[test]
fn ui() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir("tests/ui")
        .expect("tests/ui exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases in tests/ui");
    let t = trybuild::TestCases::new();
    for case in &cases {
        let stem = case.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if stem.ends_with("_ok") {
            t.pass(case);
        } else {
            t.compile_fail(case);
        }
    }
}
