//! The differential test against iam-simulate (`scripts/iam-simulate-diff.mjs`), when Node and
//! the package are at hand: `IAM_SIMULATE_MODULES` names a `node_modules` folder holding
//! `@cloud-copilot/iam-simulate` (`scripts/iam-simulate-diff.sh` installs one in a scratch
//! folder and runs the same comparison). Skips otherwise; it never installs anything.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `node_modules` folder with iam-simulate, if Node runs and the package is there.
fn iam_simulate() -> Option<PathBuf> {
    let modules = PathBuf::from(std::env::var_os("IAM_SIMULATE_MODULES")?);
    let node = Command::new("node").arg("--version").output().ok()?;
    let package = modules.join("@cloud-copilot/iam-simulate/package.json");
    (node.status.success() && package.is_file()).then_some(modules)
}

#[test]
fn policy_eval_agrees_with_iam_simulate_but_where_the_semantics_differ_by_design() {
    let Some(modules) = iam_simulate() else {
        eprintln!("skipped: set IAM_SIMULATE_MODULES to a node_modules folder holding @cloud-copilot/iam-simulate, with node installed");
        return;
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/iam-simulate-diff.mjs");
    let out = std::env::temp_dir().join(format!("policy-iam-simulate-{}", std::process::id()));
    let output = Command::new("node")
        .arg(&script)
        .arg("--policy-bin")
        .arg(env!("CARGO_BIN_EXE_policy"))
        .arg("--modules")
        .arg(&modules)
        .arg("--out")
        .arg(&out)
        .args(["--scenarios", "150", "--seed", "11"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let _ = std::fs::remove_dir_all(&out);
    assert!(
        output.status.success(),
        "disagreements no rule explains:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}
