#!/usr/bin/env bash
# Checks the declared `rust-version`s against the committed Cargo.lock: Cargo refuses to plan a
# build in which some package (a dependency or a member) declares a `rust-version` newer than
# the compiler, so this script asks Cargo for the build plan of every target (tests, benches,
# examples included) with a compiler that reports each crate's declared MSRV. Nothing is
# compiled: the plan is printed (`--unit-graph`) and discarded.
#
# What it does not check: language features newer than the MSRV in our own code (no older
# toolchain is installed); clippy's `incompatible_msrv` lint (run by `.ci/run`) covers uses of
# newer standard-library APIs.
set -euo pipefail
cd "$(dirname "$0")/.."

fake="$(mktemp -d)"
trap 'rm -rf "$fake"' EXIT
real_rustc="$(command -v rustc)"
# A rustc that reports `$MSRV` as its version and runs the real compiler for anything else.
cat >"$fake/rustc" <<SCRIPT
#!/usr/bin/env bash
if [[ "\$*" == "-vV" ]]; then
  "$real_rustc" -vV | sed -E "s/^rustc [0-9.]+/rustc \$MSRV/; s/^release: .*/release: \$MSRV/"
else
  exec "$real_rustc" "\$@"
fi
SCRIPT
chmod +x "$fake/rustc"

# The `rust-version` of a package, read from its manifest (a literal, or the workspace's).
declared() {
  local manifest="$1" version
  version="$(sed -nE 's/^rust-version = "([0-9.]+)"/\1/p' "$manifest" | head -n1)"
  if [[ -z "$version" ]]; then
    version="$(sed -nE 's/^rust-version = "([0-9.]+)"/\1/p' Cargo.toml | head -n1)"
  fi
  echo "$version"
}

plan() {
  local msrv="$1"
  shift
  # Cargo reads the compiler's version as full semver.
  [[ "$msrv" =~ ^[0-9]+\.[0-9]+$ ]] && msrv="$msrv.0"
  # `--unit-graph` is unstable: RUSTC_BOOTSTRAP lets stable Cargo print it.
  MSRV="$msrv" RUSTC="$fake/rustc" RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$fake/target" \
    cargo check --locked --all-targets --all-features --unit-graph -Z unstable-options "$@" >/dev/null
}

workspace_msrv="$(declared Cargo.toml)"
echo "workspace: rust-version $workspace_msrv"
plan "$workspace_msrv" --workspace --exclude policy-bench
bench_msrv="$(declared policy-bench/Cargo.toml)"
echo "policy-bench: rust-version $bench_msrv"
plan "$bench_msrv" -p policy-bench
echo "every package of the committed lock accepts the declared rust-version"
