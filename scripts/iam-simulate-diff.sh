#!/usr/bin/env bash
# The differential test of `policy eval` against iam-simulate (@cloud-copilot/iam-simulate on
# the npm registry), an independent evaluator of AWS's whole decision written in TypeScript.
#
# Installs iam-simulate into a scratch folder outside the repository (nothing of it is kept
# in the repository: no node_modules, no lock), builds `policy`, and runs
# scripts/iam-simulate-diff.mjs: random scenarios over every layer (identity policies,
# permissions boundary, session policy, SCPs on three levels, RCPs, resource-based policy,
# VPC endpoint policy) and every kind of caller, each request decided by both. Disagreements
# that a rule of the script explains (semantics that differ by design, with the reason) are
# counted; any other fails the run, and its scenario's files are kept for tracing.
#
# Usage: scripts/iam-simulate-diff.sh [SCENARIOS [SEED]]      (default 400 scenarios, seed 1)
# Environment: IAM_SIMULATE_VERSION (default 0.1.173), POLICY_BIN (a built `policy` to use).
# Needs node (18 or later) and npm.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
scenarios="${1:-400}"
seed="${2:-1}"
version="${IAM_SIMULATE_VERSION:-0.1.173}"
for tool in node npm; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 2; }
done

work="$(mktemp -d /tmp/iam-simulate-diff.XXXXXX)"
keep=0
cleanup() {
    if [ "$keep" = 1 ]; then
        rm -rf "$work/node_modules" "$work/package.json"
        echo "the scenarios that disagree are kept in $work/scenarios" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

echo "--- npm install @cloud-copilot/iam-simulate@$version (in $work)" >&2
npm install --prefix "$work" --no-save --no-package-lock --no-audit --no-fund --silent \
    "@cloud-copilot/iam-simulate@$version" >&2

if [ -z "${POLICY_BIN:-}" ]; then
    cargo build -p iam-policy-cli --manifest-path "$repo/Cargo.toml" >&2
    POLICY_BIN="$repo/target/debug/policy"
fi

node "$repo/scripts/iam-simulate-diff.mjs" --policy-bin "$POLICY_BIN" \
    --modules "$work/node_modules" --out "$work/scenarios" --scenarios "$scenarios" --seed "$seed" \
    || { status=$?; keep=1; exit "$status"; }
