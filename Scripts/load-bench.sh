#!/usr/bin/env bash
# The daemon's load benchmark (issue 5): builds a release binary, first runs the same client
# against a bare reference server (`advisor reference-server`: SwiftNIO on the same kind of
# socket, answering each line with a fixed reply of a real reply's size; no engine, no
# store), then starts `advisor serve` on a temporary state directory, runs CLIENTS clients x
# MESSAGES messages over the Unix socket with persistence on (once syncing every turn to
# disk, once with --no-sync) and prints the daemon's throughput and CPU per turn as shares of
# the reference's (absolute turns/s differ by two or three times between machines of one
# kind; the shares are the figures to compare), then, on a fresh daemon, gives SESSIONS
# users a turn each and reports the daemon's memory. Stops the servers and removes the
# temporary directory at the end.
#
#   Scripts/load-bench.sh                 # 64 clients x 200 messages, 10000 sessions
#   CLIENTS=16 MESSAGES=50 SESSIONS=1000 Scripts/load-bench.sh
#   DAEMON_FLAGS="--workers 16" Scripts/load-bench.sh
#
# Environment: CLIENTS, MESSAGES, SESSIONS, SCRATCH (build folder, default .build),
# DAEMON_FLAGS (extra flags for advisor serve, such as --intents DIR), SKIP_BUILD=1 to use the
# binary as it is.
set -euo pipefail

cd "$(dirname "$0")/.."
CLIENTS=${CLIENTS:-64}
MESSAGES=${MESSAGES:-200}
SESSIONS=${SESSIONS:-10000}
SCRATCH=${SCRATCH:-.build}
DAEMON_FLAGS=${DAEMON_FLAGS:-}

if [[ -z "${SKIP_BUILD:-}" ]]; then
    swift build -c release --scratch-path "$SCRATCH" --product advisor
fi
BIN="$SCRATCH/release/advisor"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/advisor-load.XXXXXX")
DAEMON_PID=""

stop_daemon() {
    if [[ -n "$DAEMON_PID" ]] && kill -0 "$DAEMON_PID" 2>/dev/null; then
        kill -TERM "$DAEMON_PID"
        wait "$DAEMON_PID" || echo "the daemon exited with status $?" >&2
    fi
    DAEMON_PID=""
}
cleanup() {
    stop_daemon
    rm -rf "$WORK"
}
trap cleanup EXIT

# Starts a daemon with its own state directory and waits (at most 30 s) for its socket.
start_daemon() {
    local name=$1
    shift
    # shellcheck disable=SC2086
    "$BIN" serve --socket "$WORK/$name.sock" --state-dir "$WORK/$name-state" \
        --trust-user "$(id -un)" --rate 0 --log-level warning "$@" $DAEMON_FLAGS 2>"$WORK/$name.log" &
    DAEMON_PID=$!
    for _ in $(seq 300); do
        [[ -S "$WORK/$name.sock" ]] && return 0
        kill -0 "$DAEMON_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "the daemon did not start:" >&2
    cat "$WORK/$name.log" >&2
    exit 1
}

# Waits (at most 30 s) for a socket file to appear while the process $2 runs.
wait_for_socket() {
    for _ in $(seq 300); do
        [[ -S "$1" ]] && return 0
        kill -0 "$2" 2>/dev/null || break
        sleep 0.1
    done
    echo "the server did not start" >&2
    exit 1
}

echo "== $(nproc) cores; $CLIENTS clients x $MESSAGES messages; the reference server (no engine, no store)"
"$BIN" reference-server --socket "$WORK/reference.sock" 2>"$WORK/reference.log" &
DAEMON_PID=$!
wait_for_socket "$WORK/reference.sock" "$DAEMON_PID"
"$BIN" load-bench --socket "$WORK/reference.sock" --clients "$CLIENTS" --messages "$MESSAGES" --daemon-pid "$DAEMON_PID" | tee "$WORK/reference.out"
stop_daemon
reference_rate=$(awk '/^throughput:/ {print $2}' "$WORK/reference.out")
reference_cpu=$(awk '/^daemon CPU:/ {print $3}' "$WORK/reference.out")
echo

for mode in synced no-sync; do
    flags=""
    [[ "$mode" == no-sync ]] && flags="--no-sync"
    echo "== $(nproc) cores; $CLIENTS clients x $MESSAGES messages; persistence on, $mode"
    start_daemon "load-$mode" $flags
    "$BIN" load-bench --socket "$WORK/load-$mode.sock" --clients "$CLIENTS" --messages "$MESSAGES" --daemon-pid "$DAEMON_PID" | tee "$WORK/load-$mode.out"
    rate=$(awk '/^throughput:/ {print $2}' "$WORK/load-$mode.out")
    cpu=$(awk '/^daemon CPU:/ {print $3}' "$WORK/load-$mode.out")
    awk -v r="$rate" -v rr="$reference_rate" -v c="$cpu" -v rc="$reference_cpu" 'BEGIN {
        printf "against the reference: throughput %.1f%% of its %d turns/s; CPU per turn %.1f times its %d µs\n", 100 * r / rr, rr, c / rc, rc }'
    echo "state files: $(find "$WORK/load-$mode-state" -name '*.json' | wc -l), journals: $(find "$WORK/load-$mode-state" -name '*.journal' | wc -l), $(du -sh "$WORK/load-$mode-state" | cut -f1)"
    stop_daemon
    echo
done

echo "== $SESSIONS sessions on a fresh daemon"
start_daemon sessions --no-sync
"$BIN" load-bench --socket "$WORK/sessions.sock" --sessions "$SESSIONS" --clients 16 --daemon-pid "$DAEMON_PID"
echo "state files: $(find "$WORK/sessions-state" -name '*.json' | wc -l), journals: $(find "$WORK/sessions-state" -name '*.journal' | wc -l)"
stop_daemon
# A clean stop folds every journal of a session in memory into its state file.
echo "after a clean stop: state files: $(find "$WORK/sessions-state" -name '*.json' | wc -l), journals: $(find "$WORK/sessions-state" -name '*.journal' | wc -l)"
