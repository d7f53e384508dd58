//! The crate-wide lint table, end to end: a crate whose `Cargo.toml` has
//! `[package.metadata.policy.lints]` is built with cargo, as a user builds it. The table sets
//! the levels of every `policy!` of the crate, and editing it reruns the build.

use std::path::{Path, PathBuf};
use std::process::Command;

const MAIN: &str = r#"
static P: iam_policy::Policy = iam_policy::policy!({
    "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }]
});

fn main() {
    let _ = &P;
}
"#;

fn manifest(lints: &str) -> String {
    let root = env!("CARGO_MANIFEST_DIR").replace('\\', "/");
    format!(
        "[package]\nname = \"lints-fixture\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\niam-policy = {{ path = \"{root}\" }}\n\n\
         [package.metadata.policy.lints]\n{lints}\n\n[workspace]\n"
    )
}

fn build(dir: &Path) -> (bool, String) {
    let output = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--offline"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_cargo_toml_table_sets_the_levels_of_the_crate() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("crate-lints-fixture");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    // The workspace's lock keeps the fixture on the versions already downloaded.
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .unwrap();
    std::fs::write(dir.join("src/main.rs"), MAIN).unwrap();

    // `MISSING_VERSION` raised to an error, the security group silenced.
    std::fs::write(
        dir.join("Cargo.toml"),
        manifest("MISSING_VERSION = \"deny\"\nsecurity = \"allow\""),
    )
    .unwrap();
    let (ok, stderr) = build(&dir);
    assert!(!ok, "the build should fail:\n{stderr}");
    assert!(stderr.contains("[MISSING_VERSION]"), "{stderr}");
    assert!(!stderr.contains("PASS_ROLE"), "{stderr}");

    // Editing the table reruns the build: both allowed now, so it builds without a warning.
    std::fs::write(
        dir.join("Cargo.toml"),
        manifest("MISSING_VERSION = \"allow\"\nsecurity = \"allow\""),
    )
    .unwrap();
    let (ok, stderr) = build(&dir);
    assert!(ok, "the build should pass:\n{stderr}");
    assert!(!stderr.contains("policy_warning"), "{stderr}");

    // A mistake in the table is reported with its line.
    std::fs::write(dir.join("Cargo.toml"), manifest("securty = \"allow\"")).unwrap();
    let (ok, stderr) = build(&dir);
    assert!(!ok, "the build should fail:\n{stderr}");
    assert!(stderr.contains("did you mean `security`?"), "{stderr}");
}
