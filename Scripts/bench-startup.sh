#!/usr/bin/env bash
# Measures how long `advisor chat` takes to start, from a release build.
#
#   Scripts/bench-startup.sh [RUNS]        (default 30 runs)
#
# Two figures, each the median of RUNS cold starts (a fresh process each time, a fresh
# state directory, the bundled Intents/):
#   - to the first prompt: advisor runs in a pseudo-terminal, as a user sees it, and the
#     clock stops when "you> " appears (then Ctrl-D ends it);
#   - piped: `advisor chat < /dev/null` to its exit (load, no readline, no reply).
# SCRATCH_PATH=DIR builds in DIR instead of .build (as `swift build --scratch-path`).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-30}"
scratch=()
[ -n "${SCRATCH_PATH:-}" ] && scratch=(--scratch-path "$SCRATCH_PATH")

echo "Building release..." >&2
swift build -c release "${scratch[@]}" >&2
binary="$(swift build -c release "${scratch[@]}" --show-bin-path)/advisor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home"
if ! "$binary" chat --user bench --state-dir "$work/check" < /dev/null > /dev/null; then
    echo "advisor chat does not start; see the message above." >&2
    exit 1
fi

python3 - "$binary" "$work" "$runs" <<'PYTHON'
import os, pty, select, statistics, subprocess, sys, time

binary, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
environment = {"HOME": f"{work}/home", "TERM": "xterm-256color", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"}

def to_prompt(index):
    """Milliseconds from fork to the first prompt on a pseudo-terminal."""
    arguments = [binary, "chat", "--user", "bench", "--state-dir", f"{work}/prompt-{index}"]
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(binary, arguments, environment)
    seen = b""
    elapsed = None
    deadline = started + 10
    while elapsed is None and time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if b"you> " in seen:
                elapsed = (time.perf_counter() - started) * 1000
    os.write(fd, b"\x04")
    # Drain until it exits, so the next run starts on an idle machine.
    while True:
        try:
            ready, _, _ = select.select([fd], [], [], 2)
            if not ready or not os.read(fd, 65536):
                break
        except OSError:
            break
    os.waitpid(pid, 0)
    os.close(fd)
    if elapsed is None:
        sys.exit(f"advisor did not show a prompt; it printed: {seen[-500:]!r}")
    return elapsed

def piped(index):
    """Milliseconds for `advisor chat < /dev/null` to run to its end."""
    arguments = [binary, "chat", "--user", "bench", "--state-dir", f"{work}/piped-{index}"]
    started = time.perf_counter()
    subprocess.run(arguments, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - started) * 1000

def report(name, samples):
    samples.sort()
    print(f"{name}: median {statistics.median(samples):.1f} ms, min {samples[0]:.1f} ms, "
          f"p90 {samples[int(len(samples) * 0.9) - 1]:.1f} ms, max {samples[-1]:.1f} ms over {len(samples)} runs")

to_prompt(-1)  # warm the page cache: the figures are for a cold process, not a cold disk
report("to the first prompt (pty)", [to_prompt(i) for i in range(runs)])
report("piped, chat < /dev/null  ", [piped(i) for i in range(runs)])
PYTHON
