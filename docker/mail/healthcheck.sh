#!/bin/bash
# Health check of the try-it-out mail server: Dovecot must greet on IMAP
# ("* OK") and Postfix on SMTP ("220 "). Each session ends politely with
# LOGOUT / QUIT so the logs show no aborted connections.
set -uo pipefail

greets() { # PORT EXPECTED-GREETING-PREFIX GOODBYE-COMMAND
  local line
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  IFS= read -r -t 5 line <&3 || { exec 3<&-; return 1; }
  printf '%s\r\n' "$3" >&3
  # Wait for the server's reply to the goodbye, so it sees an orderly close.
  IFS= read -r -t 5 _ <&3
  exec 3<&-
  [[ $line == "$2"* ]]
}

greets 143 '* OK' 'a LOGOUT' || { echo 'IMAP (143) does not greet' >&2; exit 1; }
greets 25 '220 ' 'QUIT' || { echo 'SMTP (25) does not greet' >&2; exit 1; }
echo 'imap and smtp ok'
