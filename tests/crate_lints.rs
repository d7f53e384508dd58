//! The crate-wide lint table, end to end: a crate whose `Cargo.toml` has
//! `[package.metadata.policy.lints]` is built with cargo, as a user builds it. The table sets
//! the levels of every `policy!` of the crate, and editing it reruns the build.

mod common;

const NAME: &str = "lints-fixture";

const MAIN: &str = r#"
static P: iam_policy::Policy = iam_policy::policy!({
    "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }]
});

fn main() {
    let _ = &P;
}
"#;

fn lints(table: &str) -> String {
    format!("[package.metadata.policy.lints]\n{table}")
}

fn build(dir: &std::path::Path) -> (bool, String) {
    let output = common::cargo(dir, "build");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_cargo_toml_table_sets_the_levels_of_the_crate() {
    // `MISSING_VERSION` raised to an error, the security group silenced.
    let dir = common::user_crate(
        NAME,
        &lints("MISSING_VERSION = \"deny\"\nsecurity = \"allow\""),
        MAIN,
    );
    let (ok, stderr) = build(&dir);
    assert!(!ok, "the build should fail:\n{stderr}");
    assert!(stderr.contains("[MISSING_VERSION]"), "{stderr}");
    assert!(!stderr.contains("PASS_ROLE"), "{stderr}");

    // Editing the table reruns the build: both allowed now, so it builds without a warning.
    common::write_manifest(
        &dir,
        NAME,
        &lints("MISSING_VERSION = \"allow\"\nsecurity = \"allow\""),
    );
    let (ok, stderr) = build(&dir);
    assert!(ok, "the build should pass:\n{stderr}");
    assert!(!stderr.contains("policy_warning"), "{stderr}");

    // A mistake in the table is reported with its line.
    common::write_manifest(&dir, NAME, &lints("securty = \"allow\""));
    let (ok, stderr) = build(&dir);
    assert!(!ok, "the build should fail:\n{stderr}");
    assert!(stderr.contains("did you mean `security`?"), "{stderr}");
}
