#!/usr/bin/env bash
# Installs what ticketgate needs to run locally and to pass its tests:
#   Debian: redis-server, dovecot (imap + lmtp), postfix
#   Go module proxy: FerretDB v1.24.2 (MongoDB wire protocol on SQLite)
#   npm: the project's node_modules
# Idempotent: every step checks before it acts, so a second run is quick.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tools=${TICKETGATE_TOOLS:-$HOME/.cache/ticketgate}
ferret_version=v1.24.2
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"

log() { printf '[install] %s\n' "$*"; }

need_apt=()
command -v redis-server >/dev/null || need_apt+=(redis-server)
command -v redis-cli >/dev/null || need_apt+=(redis-tools)
command -v dovecot >/dev/null || need_apt+=(dovecot-imapd dovecot-lmtpd)
[ -x /usr/lib/dovecot/lmtp ] || need_apt+=(dovecot-lmtpd)
[ -x /usr/lib/postfix/sbin/master ] || need_apt+=(postfix)

if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt: ${need_apt[*]}"
  # Debian's maintainer scripts would start the system-wide daemons; block that,
  # the project runs private instances on loopback instead.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
  fi
  echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# Dovecot refuses to store mail as root; one unprivileged system user owns the Maildirs.
if ! id vmail >/dev/null 2>&1; then
  log "creating system user vmail"
  $sudo useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin vmail
fi

ferret_bin="$tools/bin/ferretdb"
if [ ! -x "$ferret_bin" ] || ! "$ferret_bin" --version 2>/dev/null | grep -q "$ferret_version (embedded, ticketgate wrapper r4)"; then
  log "building FerretDB $ferret_version (Go module proxy)"
  # FerretDB's own cmd/ferretdb panics at start when built from the module proxy
  # (it wants build/version/version.txt, written only by its release tooling), so
  # tools/ferretdb is a small wrapper around the embeddable package, pinned by its go.sum.
  mkdir -p "$tools/bin"
  (cd "$root/tools/ferretdb" && go build -o "$tools/bin/ferretdb" .)
fi
log "ferretdb: $("$ferret_bin" --version 2>&1 | head -n 1)"

if [ -f "$root/package.json" ]; then
  if [ ! -d "$root/node_modules" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
    log "npm ci"
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
log "done"
