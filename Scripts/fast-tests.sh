#!/usr/bin/env bash
# The fast loop: the unit and transcript tests (engine, knowledge base, store, runtime with
# the golden transcripts, terminal front end), in seconds after a build. `swift test` runs
# everything, as CI does: the end-to-end tests (real binary, tmux, sshd) and the daemon's,
# among them the soak tests tagged `soak` (kill -9, hundreds of clients, reload under load).
#
#   Scripts/fast-tests.sh [EXTRA swift test ARGUMENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests >&2
exec swift test --skip-build --filter 'AdvisorEngineTests|AdvisorKnowledgeTests|AdvisorStoreTests|AdvisorRuntimeTests|AdvisorEvaluationTests|AdvisorTerminalTests' "$@"
