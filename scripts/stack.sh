#!/usr/bin/env bash
# Private Redis, FerretDB (MongoDB wire protocol), Dovecot (IMAP + LMTP) and
# Postfix (SMTP) on free 127.0.0.1 ports, all state under one directory, for
# tests and local runs. Several stacks in different directories can run at once.
#
#   stack.sh start DIR                 start all four; writes DIR/stack.env
#   stack.sh stop DIR [--clean]        stop all (idempotent); --clean removes DIR
#   stack.sh status DIR                one "NAME up|down ..." line each; exit 3 if any is down
#   stack.sh start-one|stop-one|restart-one NAME DIR
#                                      NAME: redis | mongo | imap | smtp; same ports and data
#
# Env: STACK_REDIS_AOF=yes (Redis appendonly; default no persistence at all),
#      STACK_TIMEOUT (readiness wait per server, default 15 s),
#      FERRETDB_SYNC=normal|full (SQLite's synchronous mode, default normal: a
#        killed FerretDB loses nothing, a power cut may lose the last commits;
#        full syncs to disk on every write and halves FerretDB's write rate),
#      FERRETDB_PPROF=ADDR (serve FerretDB's Go profile there, for the bench),
#      TICKETGATE_TOOLS (default ~/.cache/ticketgate; FerretDB is $TICKETGATE_TOOLS/bin/ferretdb).
# Needs root (Postfix runs as root, Dovecot switches to vmail), as in
# shared/notes/mail-test-servers.md; scripts/install-deps.sh installs everything.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib/stack-mail.sh
source "$here/lib/stack-mail.sh"

tools=${TICKETGATE_TOOLS:-$HOME/.cache/ticketgate}
ferret_bin="$tools/bin/ferretdb"
timeout_s=${STACK_TIMEOUT:-15}
servers=(redis mongo imap smtp)

die() { printf 'stack.sh: %s\n' "$*" >&2; exit 1; }

usage() { sed -n '6,10p' "$0" >&2; exit 2; }

# Accept the daemon names too, so "restart-one dovecot" does what it says.
canon_name() {
  case $1 in
    redis) echo redis ;; mongo | mongodb | ferretdb) echo mongo ;;
    imap | lmtp | dovecot) echo imap ;; smtp | postfix) echo smtp ;;
    *) die "unknown server '$1' (redis|mongo|imap|smtp)" ;;
  esac
}

# Absolute, normalised path; stop/status accept a DIR that does not exist.
abs_path() {
  if [[ -d $1 ]]; then (cd "$1" && pwd); else case $1 in /*) echo "${1%/}" ;; *) echo "$PWD/${1%/}" ;; esac; fi
}

# Ports and options chosen by "start"; the *-one commands must reuse them.
load_state() {
  [[ -f $dir/ports.env ]] || die "$dir has no ports.env: run 'stack.sh start $dir' first"
  # shellcheck source=/dev/null
  source "$dir/ports.env"
}

# Several ports at once: all sockets are bound before any is closed, so the
# kernel hands out distinct ports. Node is installed for the project anyway.
pick_ports() {
  if command -v node >/dev/null; then
    node -e 'const net = require("net"); const n = +process.argv[1]; let left = n; const s = [];
      for (let i = 0; i < n; i++) { const x = net.createServer(); s.push(x);
        x.listen(0, "127.0.0.1", () => { if (--left === 0) {
          console.log(s.map((v) => v.address().port).join(" ")); s.forEach((v) => v.close()); } }); }' "$1"
  else
    python3 -c 'import socket, sys
ss = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])' "$1"
  fi
}

# Per-server facts: the process name in /proc/PID/comm (guards against a
# recycled PID in a stale pid file), readiness probes and logs to show on failure.
comm_of() {
  case $1 in
    redis) echo redis-server ;; mongo) basename "$ferret_bin" | cut -c1-15 ;;
    imap) echo dovecot ;; smtp) echo master ;;
  esac
}
# One probe per line, PORT|SEND|EXPECT: the first reply line must start with
# EXPECT (empty EXPECT: a TCP connect is enough; FerretDB sends no greeting).
probes_of() {
  case $1 in
    redis) echo "$REDIS_PORT|PING|+PONG" ;; mongo) echo "$MONGO_PORT||" ;;
    imap) printf '%s\n' "$IMAP_PORT||* OK" "$LMTP_PORT||220 " ;; smtp) echo "$SMTP_PORT||220 " ;;
  esac
}
ports_of() { probes_of "$1" | cut -d'|' -f1; }
logs_of() {
  case $1 in
    redis) echo redis/redis.log ;; mongo) echo mongo/ferretdb.log ;;
    imap) echo dovecot/dovecot.log dovecot/stderr.log ;; smtp) echo postfix/maillog postfix/master.out ;;
  esac
}

pid_of() { local p; [[ -r $dir/pids/$1.pid ]] && read -r p <"$dir/pids/$1.pid" && echo "$p"; }

# Running = the /proc entry exists and is not a zombie. Zombies count as
# stopped: PID 1 in this sandbox reaps orphans late, and kill -0 succeeds on them.
running() {
  local stat
  [[ -n $1 ]] && read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}
# Alive = running and the expected program, so a stale pid file whose PID was
# recycled never gets a signal. (Right after launch the child may not have
# exec'd yet, still named setsid or stack.sh: wait_ready uses running.)
alive() {
  local comm
  running "$1" && read -r comm 2>/dev/null <"/proc/$1/comm" && [[ $comm == "$2" ]]
}
is_up() { alive "$(pid_of "$1")" "$(comm_of "$1")"; }

# --- launchers: write config, start in the background, record the PID ---------
# (launch_imap and launch_smtp are in lib/stack-mail.sh with their configs.)
# Daemon stdio goes to files and stdin to /dev/null so a caller that captures
# our output (execFile, $(...)) is not held open by the daemons. setsid gives
# each its own session, so it outlives the calling shell and its signals.
launch_redis() {
  local persist=(--save '' --appendonly no)
  [[ ${STACK_REDIS_AOF:-$REDIS_AOF} == yes ]] && persist=(--save '' --appendonly yes --appendfsync everysec)
  mkdir -p "$dir/redis"
  setsid redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$dir/redis" \
    --daemonize no --logfile '' "${persist[@]}" >>"$dir/redis/redis.log" 2>&1 </dev/null &
  echo $! >"$dir/pids/redis.pid"
}

launch_mongo() {
  mkdir -p "$dir/mongo"
  setsid "$ferret_bin" --listen-addr "127.0.0.1:$MONGO_PORT" --sqlite-dir "$dir/mongo/data" \
    --log-level warn --sqlite-sync "${FERRETDB_SYNC:-normal}" ${FERRETDB_PPROF:+--pprof-addr "$FERRETDB_PPROF"} >>"$dir/mongo/ferretdb.log" 2>&1 </dev/null &
  echo $! >"$dir/pids/mongo.pid"
}

# --- readiness -----------------------------------------------------------------
probe() {
  local port=$1 send=$2 expect=$3
  (
    exec 9<>"/dev/tcp/127.0.0.1/$port" || exit 1
    [[ -z $expect ]] && exit 0
    [[ -n $send ]] && printf '%s\r\n' "$send" >&9
    IFS= read -r -t 2 line <&9 && [[ $line == "$expect"* ]]
  ) 2>/dev/null
}

# A port answering is not proof it is ours (it was free a moment ago, but
# another process could have taken it): the listener must belong to our PID.
owned_by() { ! command -v ss >/dev/null || ss -Hltnp "sport = :$1" | grep -q "pid=$2,"; }

fail_server() {
  local name=$1 why=$2 f
  {
    printf 'stack.sh: %s %s (stack dir %s)\n' "$name" "$why" "$dir"
    for f in $(logs_of "$name"); do
      [[ -s $dir/$f ]] && { printf -- '--- tail of %s\n' "$dir/$f"; tail -n 15 "$dir/$f"; }
    done
  } >&2
  return 1
}

wait_ready() {
  local name=$1 pid end=$((SECONDS + timeout_s)) port send expect ok
  pid=$(pid_of "$name")
  while :; do
    running "$pid" || fail_server "$name" "exited during start-up (pid $pid)" || return 1
    ok=1
    while IFS='|' read -r port send expect; do
      probe "$port" "$send" "$expect" || { ok=0; break; }
    done < <(probes_of "$name")
    if ((ok)); then
      for port in $(ports_of "$name"); do
        owned_by "$port" "$pid" || fail_server "$name" "port $port is held by another process" || return 1
      done
      return 0
    fi
    ((SECONDS < end)) || fail_server "$name" "not ready after ${timeout_s}s" || return 1
    sleep 0.05
  done
}

# --- stop ------------------------------------------------------------------------
# SIGTERM all first and wait for all together: Dovecot alone needs ~1 s.
stop_servers() {
  local name pid end=$((SECONDS + 5)) left
  declare -A pids=()
  for name in "$@"; do
    pid=$(pid_of "$name") || continue
    alive "$pid" "$(comm_of "$name")" && kill -TERM "$pid" 2>/dev/null && pids[$name]=$pid
  done
  while :; do
    left=0
    for name in "${!pids[@]}"; do running "${pids[$name]}" && left=1; done
    ((left)) || break
    if ((SECONDS >= end)); then
      # Each daemon leads its own process group: take its children with it.
      for name in "${!pids[@]}"; do
        pid=${pids[$name]}
        running "$pid" || continue
        echo "stack.sh: $name (pid $pid) ignored SIGTERM for 5 s, sending SIGKILL" >&2
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      done
      sleep 0.1
      break
    fi
    sleep 0.05
  done
  for name in "$@"; do rm -f "$dir/pids/$name.pid"; done
}

# --- commands --------------------------------------------------------------------
start_servers() {
  local name other
  # Checked before anything starts, so a missing binary leaves nothing running.
  [[ " $* " != *" mongo "* || -x $ferret_bin ]] || die "FerretDB not found at $ferret_bin: run scripts/install-deps.sh"
  mkdir -p "$dir/pids"
  for name in "$@"; do "launch_$name"; done
  for name in "$@"; do
    wait_ready "$name" && continue
    # Clean up the others, once each has exec'd (or died): stop_servers only
    # signals PIDs that already carry the daemon's name.
    for other in "$@"; do
      for _ in {1..20}; do
        alive "$(pid_of "$other")" "$(comm_of "$other")" || ! running "$(pid_of "$other")" && break
        sleep 0.05
      done
    done
    stop_servers "$@"
    exit 1
  done
}

write_env() {
  cat >"$dir/stack.env.tmp" <<EOF
REDIS_URL=redis://127.0.0.1:$REDIS_PORT
MONGO_URL=mongodb://127.0.0.1:$MONGO_PORT/ticketgate
IMAP_HOST=127.0.0.1
IMAP_PORT=$IMAP_PORT
IMAP_TLS=false
SMTP_HOST=127.0.0.1
SMTP_PORT=$SMTP_PORT
SMTP_TLS=false
LMTP_PORT=$LMTP_PORT
MAIL_DOMAIN=example.test
MAIL_PASSWORD=secret
STACK_DIR=$dir
EOF
  mv "$dir/stack.env.tmp" "$dir/stack.env"   # readers never see half a file
}

cmd_start() {
  local name
  [[ $(id -u) == 0 ]] || die "must run as root (Postfix master, Dovecot uid switch)"
  # Dovecot's unix sockets live under $dir/dovecot/run; the longest name would
  # pass the kernel's 107-byte limit for socket paths.
  ((${#dir} <= 72)) || die "$dir is too long (max 72 characters for Dovecot's sockets)"
  # Dovecot's mail processes run as vmail and must reach $dir/mail; mktemp -d
  # makes 0700 directories, so open ours, then check the whole path.
  chmod 755 "$dir"
  runuser -u vmail -- test -x "$dir" ||
    die "user vmail cannot reach $dir (a parent directory is not world-searchable); use e.g. /tmp"
  for name in "${servers[@]}"; do
    is_up "$name" && die "$name is already running in $dir: run 'stack.sh stop $dir' first"
  done
  read -r REDIS_PORT MONGO_PORT IMAP_PORT LMTP_PORT SMTP_PORT < <(pick_ports 5)
  [[ -n ${SMTP_PORT:-} ]] || die "could not pick free ports"
  REDIS_AOF=${STACK_REDIS_AOF:-no}
  printf '%s=%s\n' REDIS_PORT "$REDIS_PORT" MONGO_PORT "$MONGO_PORT" IMAP_PORT "$IMAP_PORT" \
    LMTP_PORT "$LMTP_PORT" SMTP_PORT "$SMTP_PORT" REDIS_AOF "$REDIS_AOF" >"$dir/ports.env"
  start_servers "${servers[@]}"
  write_env
  echo "$dir/stack.env"
}

cmd_stop() {
  [[ -d $dir ]] || return 0
  stop_servers "${servers[@]}"
  if [[ ${1:-} == --clean ]]; then
    # Only remove what looks like a stack directory: a typo must not wipe a tree.
    [[ -f $dir/ports.env || -z $(ls -A "$dir") ]] || die "$dir does not look like a stack dir; not removing"
    rm -rf "$dir"
  fi
}

cmd_status() {
  local name all=0 pid
  [[ -f $dir/ports.env ]] && load_state
  for name in "${servers[@]}"; do
    pid=$(pid_of "$name" 2>/dev/null) || pid=""
    if [[ -d $dir ]] && is_up "$name"; then
      echo "$name up pid=$pid port=$(ports_of "$name" | paste -sd,)"
    else
      echo "$name down"; all=3
    fi
  done
  return "$all"
}

cmd=${1:-}
case $cmd in
  start) [[ $# -ge 2 ]] || usage; mkdir -p "$2"; dir=$(abs_path "$2") ;;
  stop | status) [[ $# -ge 2 ]] || usage; dir=$(abs_path "$2") ;;
  start-one | stop-one | restart-one) [[ $# -ge 3 ]] || usage; one=$(canon_name "$2"); dir=$(abs_path "$3") ;;
  *) usage ;;
esac
case $cmd in
  start) cmd_start ;;
  stop) cmd_stop "${3:-}" ;;
  status) cmd_status ;;
  stop-one) if [[ -d $dir ]]; then stop_servers "$one"; fi ;;
  start-one | restart-one)
    load_state
    [[ $cmd == restart-one ]] && stop_servers "$one"
    if is_up "$one"; then echo "$one already up"; else start_servers "$one"; fi ;;
esac
