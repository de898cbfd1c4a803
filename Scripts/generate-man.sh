#!/usr/bin/env bash
# Regenerates Scripts/man/advisor.1 from the command-line interface, with swift-argument-parser's
# manual generator (it builds the package in release mode first: about a minute and a half).
# ShellCompletionTests fails when a subcommand or option is missing from the committed page.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
swift package --allow-writing-to-package-directory generate-manual \
    --output-directory "$out" --date "$(date -u +%Y-%m-%d)" --authors "the advisor developers" >&2
install -m 0644 "$out/advisor.1" Scripts/man/advisor.1
echo "wrote Scripts/man/advisor.1" >&2
