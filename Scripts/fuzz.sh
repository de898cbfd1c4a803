#!/usr/bin/env bash
# Fuzzes every reader of untrusted bytes with libFuzzer (Swift's -sanitize=fuzzer), starting
# from the committed seed corpus in Tests/Fixtures/fuzz-corpus/, and prints a table:
# executions, speed, coverage, corpus size and crashes per harness.
#
#   Scripts/fuzz.sh                   # every harness, 60 s each
#   Scripts/fuzz.sh 1800 state        # one harness for 30 minutes
#
# Harnesses (Sources/AdvisorFuzz): message (what students type, through the classifier and
# the dialogue engine, with a follow-up), knowledge (a knowledge-base YAML file, loaded and
# built), request (a daemon request line), state (a saved state file, then turns on it),
# journal (a journal replayed, then turns). None may trap. A crash is saved under
# .build/fuzz/crashes/HARNESS/ and the script exits 1; replay one without the fuzzer with
# `.build/debug/advisor-fuzz HARNESS FILE` and add it to the seed corpus as a regression
# (`swift test` runs every seed through its harness). FUZZ_SCRATCH chooses the build folder.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${1:-60}
shift || true
HARNESSES=("$@")
[[ ${#HARNESSES[@]} -gt 0 ]] || HARNESSES=(message knowledge request state journal)
SCRATCH=${FUZZ_SCRATCH:-.build/fuzz}
# libFuzzer, not Swift's crash reporter, must handle a trap, so that the input is saved.
export SWIFT_BACKTRACE=enable=no

echo "== building the harnesses with libFuzzer (first build: several minutes)"
swift build --scratch-path "$SCRATCH" --product advisor-fuzz \
    -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -DFUZZING >"$SCRATCH.build.log" 2>&1 || {
    tail -30 "$SCRATCH.build.log" >&2
    exit 2
}
BIN="$SCRATCH/debug/advisor-fuzz"

failed=0
printf '%-10s %12s %9s %14s %8s %8s\n' harness executions "exec/s" "coverage" corpus crashes
for harness in "${HARNESSES[@]}"; do
    corpus="$SCRATCH/corpus/$harness"
    crashes="$SCRATCH/crashes/$harness"
    mkdir -p "$corpus" "$crashes"
    log="$SCRATCH/$harness.log"
    status=0
    ADVISOR_FUZZ="$harness" "$BIN" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" "Tests/Fixtures/fuzz-corpus/$harness" \
        >"$log" 2>&1 || status=$?
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -1)
    speed=$(grep -o 'stat::average_exec_per_sec: [0-9]*' "$log" | awk '{print $2}' | tail -1)
    [[ -n "$speed" || -z "$runs" ]] || speed=$((runs / SECONDS_EACH))
    cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 | awk '{print $2 "/" $4}')
    found=$(find "$crashes" -type f | wc -l)
    printf '%-10s %12s %9s %14s %8s %8s\n' "$harness" "${runs:-?}" "${speed:-?}" "${cov:-?}" "$(find "$corpus" -type f | wc -l)" "$found"
    if [[ $status -ne 0 || $found -gt 0 ]]; then
        failed=1
        grep -m3 -E 'ERROR|Fatal error|SUMMARY' "$log" >&2 || true
    fi
done
echo "(coverage: edges/features, libFuzzer's cov and ft; logs in $SCRATCH/HARNESS.log)"
exit $failed
