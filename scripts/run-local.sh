#!/usr/bin/env bash
# Runs the gateway on this machine without Docker. When MONGO_URL, REDIS_URL,
# IMAP_HOST and SMTP_HOST are not all given, it first starts a private local
# stack (Redis, FerretDB, Dovecot, Postfix on free loopback ports) with a ready
# support mailbox, so a newcomer can mail it at once. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
npm run build --silent

if [[ -z ${MONGO_URL:-} || -z ${REDIS_URL:-} || -z ${IMAP_HOST:-} || -z ${SMTP_HOST:-} ]]; then
  stack_dir=${TICKETGATE_STACK_DIR:-/tmp/ticketgate-local}
  bash scripts/stack.sh stop "$stack_dir" >/dev/null 2>&1 || true
  bash scripts/stack.sh start "$stack_dir" >/dev/null
  trap 'bash scripts/stack.sh stop "$stack_dir"' EXIT
  set -a
  # shellcheck source=/dev/null
  source "$stack_dir/stack.env"
  IMAP_USER=support@example.test
  IMAP_PASSWORD=$MAIL_PASSWORD
  TICKETGATE_CONFIG=${TICKETGATE_CONFIG:-config/desk.local.yaml}
  TOKEN_SECRET=${TOKEN_SECRET:-local-only-secret-$(hostname)-0123456789}
  set +a
  cat <<MSG

  ticketgate is starting against a local stack in $stack_dir
    support mailbox : support@example.test (IMAP 127.0.0.1:$IMAP_PORT, password secret)
    send mail via   : SMTP 127.0.0.1:$SMTP_PORT (no auth; any *@example.test address exists)
    try it          : node scripts/send-test-mail.js customer1@example.test "Printer broken" "It prints blank pages."
    then read       : node scripts/read-mailbox.js customer1@example.test

MSG
fi
node dist/src/cli/index.js run
