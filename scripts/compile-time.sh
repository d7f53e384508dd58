#!/usr/bin/env bash
# Measures the build time that `policy!`/`include_policy!` adds per policy.
#
# Generates throw-away crates that depend on `policy` (this repository) and builds them: with no
# policy (the baseline), with the first seed policy alone, with the three seed policies, with
# the seed policies a hundred times over (300), and with every policy of a corpus directory,
# each through `include_policy!`. The first `policy!` of a build also loads the action catalog;
# the cost of each policy after the first is (300 policies - 1 policy) / 299. Each build is
# incremental: the dependencies are built once first, then only the generated crate is rebuilt
# (`touch src/lib.rs`), so the difference to the baseline is the time the macro adds (parsing,
# checking, lowering, emitting tables, and rustc compiling those tables).
#
# Usage: scripts/compile-time.sh [CORPUS_DIR] [PROFILE]
#   CORPUS_DIR  directory of JSON policies (default: ../shared/corpus/aws-managed, skipped if
#               absent). Policies the checker rejects are left out and counted.
#   PROFILE     `dev` (default, what a developer builds) or `release`.
# Environment: RUNS (default 3): builds per variant, the median is reported.
#              MEASURE (default `wall`): `cpu` times each build by the user and system time of
#              cargo and rustc instead of the wall clock (for a machine shared with other work).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$repo/../shared/corpus/aws-managed}"
profile="${2:-dev}"
runs="${RUNS:-3}"
measure="${MEASURE:-wall}"
work="$(mktemp -d /tmp/policy-compile-time.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="$work/target"

profile_flag=()
[[ "$profile" == "release" ]] && profile_flag=(--release)

# The `policy` command-line tool decides which corpus policies check cleanly.
cargo build --quiet --manifest-path "$repo/Cargo.toml" -p iam-policy-cli --release
policy_tool="$CARGO_TARGET_DIR/release/policy"

make_crate() { # name, then policy files (absolute paths) on stdin
    local dir="$work/$1"
    mkdir -p "$dir/src/policies"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "compile-time-$1"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
iam-policy = { path = "$repo" }

[workspace]
EOF
    # The corpus's findings are warnings (deprecation lints); rendering thousands of them would
    # be timed too.
    echo '#![allow(deprecated)]' >"$dir/src/lib.rs"
    local i=0
    while IFS= read -r file; do
        cp "$file" "$dir/src/policies/p$i.json"
        echo "pub static P$i: iam_policy::Policy = iam_policy::include_policy!(\"src/policies/p$i.json\");" >>"$dir/src/lib.rs"
        i=$((i + 1))
    done
    echo "$i"
}

build_time() { # crate dir; prints the median time in seconds of rebuilding the crate
    local dir="$work/$1" times=()
    cargo build --quiet "${profile_flag[@]}" --manifest-path "$dir/Cargo.toml" # deps, warm-up
    for _ in $(seq "$runs"); do
        touch "$dir/src/lib.rs"
        if [[ "$measure" == cpu ]]; then
            # User and system time of cargo and rustc: what the build costs, whatever else
            # shares the machine.
            local TIMEFORMAT='%U %S'
            local spent
            spent=$({ time cargo build --quiet "${profile_flag[@]}" --manifest-path "$dir/Cargo.toml" >/dev/null 2>&1; } 2>&1)
            times+=("$(echo "$spent" | awk '{print $1 + $2}')")
        else
            local start end
            start=$(date +%s.%N)
            cargo build --quiet "${profile_flag[@]}" --manifest-path "$dir/Cargo.toml"
            end=$(date +%s.%N)
            times+=("$(echo "$end - $start" | bc -l)")
        fi
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

seed_dir="$work/seed-policies"
mkdir -p "$seed_dir"
cat >"$seed_dir/deny-default-trail-logging.json" <<'EOF'
{"Version": "2012-10-17", "Statement": [{"Sid": "Stmt1446057698000", "Effect": "Deny",
  "Action": ["cloudtrail:StartLogging", "cloudtrail:StopLogging"],
  "Resource": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/Default"]}]}
EOF
cat >"$seed_dir/describe-any-trail.json" <<'EOF'
{"Version": "2012-10-17", "Statement": [{"Sid": "Stmt1446072643000", "Effect": "Allow",
  "Action": ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"], "Resource": ["*"]}]}
EOF
cat >"$seed_dir/read-only.json" <<'EOF'
{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetBucketLocation"], "Resource": "*"},
  {"Effect": "Allow", "Action": ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus",
   "cloudtrail:LookupEvents", "s3:ListAllMyBuckets", "kms:ListAliases"], "Resource": "*"}]}
EOF

echo "profile: $profile, median of $runs rebuilds each, $measure time"
make_crate baseline </dev/null >/dev/null
base=$(build_time baseline)
printf 'baseline (no policy): %.3f s\n' "$base"

report() { # name, count
    local t per
    t=$(build_time "$1")
    per=$(echo "($t - $base) * 1000 / $2" | bc -l)
    printf '%s: %d policies, %.3f s, %.2f ms per policy over the baseline\n' "$1" "$2" "$t" "$per"
}

seed_files=$(find "$seed_dir" -name '*.json' | sort)
head -n 1 <<<"$seed_files" | make_crate seed-first >/dev/null
first=$(build_time seed-first)
printf 'first seed policy alone: %.3f s, %.2f ms over the baseline (catalog load included)\n' \
    "$first" "$(echo "($first - $base) * 1000" | bc -l)"
seed_count=$(make_crate seed <<<"$seed_files")
report seed "$seed_count"
for _ in $(seq 100); do echo "$seed_files"; done | make_crate seed-300 >/dev/null
many=$(build_time seed-300)
printf 'seed x100: 300 policies, %.3f s, %.2f ms per policy after the first\n' \
    "$many" "$(echo "($many - $first) * 1000 / 299" | bc -l)"

if [[ -d "$corpus" ]]; then
    accepted="$work/accepted.txt"
    : >"$accepted"
    rejected=0
    for file in "$corpus"/*.json; do
        if "$policy_tool" check "$file" >/dev/null 2>&1; then
            echo "$file" >>"$accepted"
        else
            rejected=$((rejected + 1))
        fi
    done
    corpus_count=$(make_crate corpus <"$accepted")
    echo "corpus: $corpus_count policies accepted by the checker, $rejected rejected (left out)"
    report corpus "$corpus_count"
else
    echo "corpus: $corpus not found, skipped"
fi
