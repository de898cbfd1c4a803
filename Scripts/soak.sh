#!/usr/bin/env bash
# The soak test (issue "hardening"): builds a release binary and runs `advisor soak`, which
# starts a daemon on a work directory of its own, keeps CLIENTS clients talking for SECONDS
# while it injects faults in turn (kill -9 and restart, SIGHUP with a broken knowledge base,
# 200 slow clients, and as root a full disk on a 4 MiB tmpfs), then checks that every
# acknowledged turn is saved and no file is unreadable or moved aside. Prints a table;
# exits 1 if anything did not hold.
#
#   Scripts/soak.sh              # 60 s, 16 clients
#   SECONDS_TO_RUN=600 CLIENTS=32 Scripts/soak.sh
#
# Environment: SECONDS_TO_RUN, CLIENTS, SCRATCH (build folder, default .build), SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build}
if [[ -z "${SKIP_BUILD:-}" ]]; then
    swift build -c release --scratch-path "$SCRATCH" --product advisor
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/advisor-soak.XXXXXX")
trap 'umount "$WORK/run/state" 2>/dev/null || true; rm -rf "$WORK"' EXIT
"$SCRATCH/release/advisor" soak --seconds "${SECONDS_TO_RUN:-60}" --clients "${CLIENTS:-16}" --work "$WORK/run" --intents Intents
