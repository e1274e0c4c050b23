#!/bin/bash
# Entrypoint of the try-it-out mail server: Dovecot (IMAP on 143, LMTP socket)
# and Postfix (SMTP on 25) in one container. Runs both in the foreground,
# stops both on SIGTERM/SIGINT, and exits non-zero when either one dies, so
# the container's restart policy starts a fresh pair.
#
# Env: MAIL_USERS_FILE  account list, "address:{SCHEME}hash" per line
#                       (default /config/users, mounted from docker/mail/users).
set -euo pipefail

users_src=${MAIL_USERS_FILE:-/config/users}

log() { printf 'mail-entrypoint: %s\n' "$*" >&2; }

if [[ ! -r $users_src ]]; then
  log "cannot read the account list $users_src"
  exit 78
fi

# Accounts. Dovecot reads the hashes; Postfix accepts mail for exactly these
# addresses and their domains (texthash tables: no postmap needed).
install -m 640 -o root -g dovecot "$users_src" /etc/dovecot/users
accounts=$(awk -F: '/^[[:space:]]*(#|$)/ { next } { print tolower($1) }' "$users_src")
if [[ -z $accounts ]]; then
  log "no accounts in $users_src"
  exit 78
fi
awk '{ print $1 "\tok" }' <<<"$accounts" >/etc/postfix/vmailbox
awk -F@ '{ print $2 "\tok" }' <<<"$accounts" | sort -u >/etc/postfix/vdomains
log "accounts: $(tr '\n' ' ' <<<"$accounts")"
# Postfix re-reads files younger than about a second until they "cool down"
# (about 2 s of delay at start); back-dated files are used at once.
touch -d '1 minute ago' /etc/postfix/main.cf /etc/postfix/master.cf /etc/postfix/vmailbox /etc/postfix/vdomains

# Mail storage (a volume): owned by vmail, which Dovecot delivers as.
install -d -o vmail -g vmail -m 750 /var/mail

# Postfix: create what is missing of the queue tree and check ownerships. This
# also creates private/, where Dovecot puts its LMTP and auth sockets.
postfix check

# Dovecot refuses to start while base_dir/master.pid names a live PID; after a
# container restart the stale file may name an unrelated process.
rm -f /run/dovecot/master.pid

dovecot_pid='' postfix_pid=''
stop() {
  log "stopping"
  if [[ -n $postfix_pid ]]; then kill -TERM "$postfix_pid" 2>/dev/null || true; fi
  if [[ -n $dovecot_pid ]]; then kill -TERM "$dovecot_pid" 2>/dev/null || true; fi
  wait || true
}
trap 'stop; exit 0' TERM INT

dovecot -F &
dovecot_pid=$!
# master -s: stays in the foreground as its own session leader and stops
# cleanly on SIGTERM (see shared/notes/mail-test-servers.md); its children log
# to this process's stdout through postlogd (maillog_file = /dev/stdout).
/usr/lib/postfix/sbin/master -s &
postfix_pid=$!
log "started dovecot (pid $dovecot_pid) and postfix (pid $postfix_pid)"

status=0
wait -n "$dovecot_pid" "$postfix_pid" || status=$?
log "a mail daemon exited with status $status"
stop
exit 1
