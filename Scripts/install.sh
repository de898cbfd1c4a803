#!/usr/bin/env bash
# Installs the advisor for SSH students, as "Serving students over SSH" in README.md does by
# hand: the binary, the knowledge base, the man page and shell completions, the accounts and
# groups, the systemd unit and the sshd snippet (checked with `sshd -t` before it is put in
# place, so a bad snippet never locks anyone out), and the shared account's key file.
# Idempotent: a second run changes nothing and says so. Never touches the state directory.
#
#   Scripts/install.sh [--prefix /usr/local] [--root /] [--binary PATH] [--dry-run] [--uninstall]
#
#   --prefix DIR   where the binary and shared files go (default /usr/local)
#   --root DIR     install into DIR as if it were / (a staging tree, or a test); accounts are
#                  made in DIR/etc with useradd --root
#   --binary PATH  the advisor binary to install (default: build it, swift build -c release)
#   --dry-run      print every action and do none
#   --uninstall    remove what this script installs; keeps the accounts, the key file and the
#                  state directory (/var/lib/advisor: the students' conversations)
#
# After installing on a real system: systemctl daemon-reload && systemctl enable --now advisor,
# systemctl reload ssh, then advisor doctor.
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX=/usr/local
ROOT=/
BINARY=""
DRY=0
UNINSTALL=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --prefix) PREFIX=$2; shift 2 ;;
        --root) ROOT=$2; shift 2 ;;
        --binary) BINARY=$2; shift 2 ;;
        --dry-run) DRY=1; shift ;;
        --uninstall) UNINSTALL=1; shift ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
    esac
done
[[ "$PREFIX" == /* ]] || { echo "install.sh: --prefix must be an absolute path" >&2; exit 64; }
ROOT=${ROOT%/}
CHANGED=0

# Runs a command, or with --dry-run says it would.
act() {
    CHANGED=1
    if [[ $DRY == 1 ]]; then echo "would: $*"; else echo "+ $*"; "$@"; fi
}

# Installs the file $1 at $2 (inside the root) with mode $3, unless it is there already.
put() {
    local source=$1 target=$ROOT$2 mode=$3
    if [[ -f "$target" ]] && cmp -s "$source" "$target" && [[ "$(stat -c %a "$target")" == "${mode#0}" ]]; then
        echo "up to date: $2"
    else
        act install -D -m "$mode" "$source" "$target"
    fi
}

# Removes $1 (inside the root) if it is there.
remove() {
    if [[ -e "$ROOT$1" ]]; then act rm -rf "$ROOT$1"; else echo "not installed: $1"; fi
}

BIN=$PREFIX/bin/advisor
SHARE=$PREFIX/share/advisor
MAN=$PREFIX/share/man/man1/advisor.1
BASH_COMPLETION=$PREFIX/share/bash-completion/completions/advisor
ZSH_COMPLETION=$PREFIX/share/zsh/site-functions/_advisor
FISH_COMPLETION=$PREFIX/share/fish/vendor_completions.d/advisor.fish
UNIT=/etc/systemd/system/advisor.service
SNIPPET=/etc/ssh/sshd_config.d/advisor.conf
KEYS=/etc/advisor/authorized_keys

if [[ $UNINSTALL == 1 ]]; then
    for path in "$BIN" "$SHARE" "$MAN" "$BASH_COMPLETION" "$ZSH_COMPLETION" "$FISH_COMPLETION" "$UNIT" "$SNIPPET"; do remove "$path"; done
    echo "kept: the accounts (advisord, advisor), $KEYS and /var/lib/advisor (the students' conversations)"
    [[ $CHANGED == 1 ]] || echo "nothing to remove"
    exit 0
fi

if [[ -z "$BINARY" ]]; then
    swift build -c release --product advisor >&2
    BINARY=.build/release/advisor
fi
[[ -x "$BINARY" ]] || { echo "install.sh: $BINARY is not an executable" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# 1. The binary, the knowledge base, the man page, the completions.
put "$BINARY" "$BIN" 755
if [[ -d "$ROOT$SHARE/Intents" ]] && diff -r -q Intents "$ROOT$SHARE/Intents" >/dev/null; then
    echo "up to date: $SHARE/Intents"
else
    act mkdir -p "$ROOT$SHARE"
    act rm -rf "$ROOT$SHARE/Intents"
    act cp -r Intents "$ROOT$SHARE/Intents"
fi
put Scripts/man/advisor.1 "$MAN" 644
"$BINARY" --generate-completion-script bash > "$WORK/advisor.bash"
"$BINARY" --generate-completion-script zsh > "$WORK/_advisor"
"$BINARY" --generate-completion-script fish > "$WORK/advisor.fish"
put "$WORK/advisor.bash" "$BASH_COMPLETION" 644
put "$WORK/_advisor" "$ZSH_COMPLETION" 644
put "$WORK/advisor.fish" "$FISH_COMPLETION" 644

# 2. Accounts and groups.
ROOT_FLAG=()
[[ -n "$ROOT" ]] && ROOT_FLAG=(--root "$ROOT")
has() { grep -q "^$2:" "$ROOT/etc/$1" 2>/dev/null; }
has group advisor-clients || act groupadd "${ROOT_FLAG[@]}" --system advisor-clients
has group advisor-students || act groupadd "${ROOT_FLAG[@]}" advisor-students
has passwd advisord || act useradd "${ROOT_FLAG[@]}" --system --no-create-home --home-dir /var/lib/advisor --shell /usr/sbin/nologin -g advisor-clients advisord
if ! has passwd advisor; then
    act useradd "${ROOT_FLAG[@]}" --create-home --shell /bin/sh -G advisor-clients advisor
    # No password login; not "locked" ('!'), which sshd without PAM refuses even for keys.
    act usermod "${ROOT_FLAG[@]}" -p '*' advisor
fi
echo "accounts: advisord, advisor and the groups advisor-clients, advisor-students are in place"

# 3. The systemd unit, with this prefix's paths.
sed "s|/usr/local/bin/advisor|$BIN|g; s|/usr/local/share/advisor/Intents|$SHARE/Intents|g" Scripts/deploy/advisor.service > "$WORK/advisor.service"
put "$WORK/advisor.service" "$UNIT" 644
if command -v systemd-analyze >/dev/null && [[ $DRY == 0 ]]; then
    # Checks the unit's syntax; it also wants the binary it names, so this is best effort.
    systemd-analyze verify "$ROOT$UNIT" 2>"$WORK/verify.err" && echo "systemd-analyze verify: the unit is valid" \
        || echo "systemd-analyze verify reported (checked on the running system, not in $ROOT): $(head -c 300 "$WORK/verify.err")"
fi

# 4. The sshd snippet, checked with sshd -t before it is put in place.
sed "s|/usr/local/bin/advisor|$BIN|g" Scripts/deploy/sshd_config.d/advisor.conf > "$WORK/advisor.conf"
if [[ -f "$ROOT$SNIPPET" ]] && cmp -s "$WORK/advisor.conf" "$ROOT$SNIPPET"; then
    echo "up to date: $SNIPPET"
else
    SSHD=$(command -v sshd || echo /usr/sbin/sshd)
    if [[ -x "$SSHD" ]]; then
        ssh-keygen -q -t ed25519 -N "" -f "$WORK/host_key"
        printf 'Include %s\nHostKey %s\nPidFile %s\nUsePAM no\n' "$WORK/advisor.conf" "$WORK/host_key" "$WORK/sshd.pid" > "$WORK/sshd_config"
        mkdir -p /run/sshd 2>/dev/null || true
        if ! "$SSHD" -t -f "$WORK/sshd_config" 2>"$WORK/sshd.err"; then
            echo "install.sh: sshd -t refuses the snippet; it was not installed: $(cat "$WORK/sshd.err")" >&2
            exit 1
        fi
        echo "sshd -t accepts the snippet"
    else
        echo "install.sh: sshd is not installed, so the snippet cannot be checked; it was not installed (apt-get install openssh-server)" >&2
        exit 1
    fi
    put "$WORK/advisor.conf" "$SNIPPET" 644
fi

# 5. The shared account's key file: root's, readable by sshd.
if [[ -f "$ROOT$KEYS" ]]; then
    echo "up to date: $KEYS (its keys are kept)"
else
    act install -D -m 644 /dev/null "$ROOT$KEYS"
fi

if [[ $CHANGED == 0 ]]; then
    echo "nothing changed: everything was already installed"
elif [[ $DRY == 1 ]]; then
    echo "dry run: nothing was changed"
else
    echo "installed. Next: systemctl daemon-reload && systemctl enable --now advisor; systemctl reload ssh; advisor doctor"
fi
