#!/usr/bin/env bash
# Runs every fuzz target of `policy` for a fixed time each.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# SECONDS_PER_TARGET defaults to 60; TARGET defaults to all of them (check_text, load_evaluate,
# glob). Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). The working
# corpus grows in fuzz/corpus/<target> (not committed); it starts from fuzz/seeds/<target> and,
# when ../shared/corpus/aws-managed (or $POLICY_SHARED_CORPUS) exists, from every AWS managed
# policy there. Crashes land
# in fuzz/artifacts/<target>; each one found must become a regression test in
# policy-check/tests/hostile_regressions.rs. The last line of each run's libFuzzer output
# ("Done N runs in S second(s)") is the execution count to record.
set -euo pipefail

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(check_text load_evaluate glob)
fi

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/fuzz"
shared="${POLICY_SHARED_CORPUS:-$root/../shared/corpus/aws-managed}"

for target in "${targets[@]}"; do
    corpus="corpus/$target"
    mkdir -p "$corpus"
    cp -n "seeds/$target/"* "$corpus/" 2>/dev/null || true
    if [ -d "$shared" ]; then
        case "$target" in
        check_text)
            cp -n "$shared"/*.json "$corpus/" 2>/dev/null || true
            ;;
        load_evaluate)
            # A policy, a NUL byte, then bytes the target turns into requests.
            for policy in "$shared"/*.json; do
                out="$corpus/$(basename "$policy").req"
                [ -e "$out" ] || { cat "$policy"; printf '\0\014s3:GetObject\001*\000'; } >"$out"
            done
            ;;
        esac
    fi
    echo "== $target: ${seconds}s (log: fuzz/logs/$target.log)"
    mkdir -p logs
    # -timeout: an input taking more than 10 s is a hang (a finding);
    # -rss_limit_mb: allocation beyond 2 GiB is a finding.
    status=0
    cargo +nightly fuzz run --fuzz-dir "$root/fuzz" "$target" "$corpus" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 >"logs/$target.log" 2>&1 || status=$?
    grep -E '^(Done |stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY)|panicked at|ERROR: libFuzzer' \
        "logs/$target.log" || true
    if [ "$status" -ne 0 ]; then
        echo "!! $target failed (exit $status): see fuzz/logs/$target.log and fuzz/artifacts/$target"
        failed=1
    fi
done
exit "${failed:-0}"
