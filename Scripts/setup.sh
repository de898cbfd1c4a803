#!/usr/bin/env bash
# Installs the system packages advisor needs (Debian/Ubuntu), only those that are missing.
# Used by the README's commands and by .ci/run; safe to run again.
set -euo pipefail
packages=(libreadline-dev libstemmer-dev tmux socat openssh-server openssh-client)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing: ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
