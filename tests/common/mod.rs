//! A user's crate, built with cargo as a user builds it: the fixture of the tests that need a
//! whole build (the crate-wide lint table, the corpus through `include_policy!`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A crate named `name` that depends on this repository's `iam-policy`, with `manifest_tail`
/// after its `[dependencies]` and `main` as its `src/main.rs`. Its folder is returned.
pub fn user_crate(name: &str, manifest_tail: &str, main: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    // The workspace's lock keeps the fixture on the versions already downloaded.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    write_manifest(&dir, name, manifest_tail);
    std::fs::write(dir.join("src/main.rs"), main).unwrap();
    dir
}

/// Rewrites the manifest of the crate in `dir` (see [`user_crate`]).
pub fn write_manifest(dir: &Path, name: &str, manifest_tail: &str) {
    let root = env!("CARGO_MANIFEST_DIR").replace('\\', "/");
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\niam-policy = {{ path = \"{root}\" }}\n\n{manifest_tail}\n\n[workspace]\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
}

/// Runs `cargo SUBCOMMAND --quiet --offline` in the crate's folder. The fixtures share one
/// target folder, so the dependencies are built once for all of them.
pub fn cargo(dir: &Path, subcommand: &str) -> Output {
    Command::new(env!("CARGO"))
        .args([subcommand, "--quiet", "--offline"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fixtures-target"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}
