#!/usr/bin/env bash
# A Redis Cluster or a Sentinel group on free 127.0.0.1 ports, all state under
# one directory, for the tests of REDIS_URL's redis+cluster:// and
# redis+sentinel:// forms. Several topologies in different directories can run at once.
#
#   redis-topology.sh start cluster DIR    3 masters, no replicas, all 16384 slots assigned
#   redis-topology.sh start sentinel DIR   a master, 1 replica and 1 sentinel watching them as "mymaster"
#   redis-topology.sh stop DIR [--clean]   stops every server DIR's pid files name (idempotent); --clean removes DIR
#
# start prints the REDIS_URL to use as its last line of stdout and writes it,
# with the ports, to DIR/topology.env. A failed start stops what it started.
# Env: TOPOLOGY_TIMEOUT (readiness wait per step, default 20 s).
set -euo pipefail

timeout_s=${TOPOLOGY_TIMEOUT:-20}
die() { printf 'redis-topology.sh: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '6,8p' "$0" >&2; exit 2; }

# Several ports at once: all sockets are bound before any is closed, so the
# kernel hands out distinct ports (as in stack.sh).
pick_ports() {
  node -e 'const net = require("net"); const n = +process.argv[1]; let left = n; const s = [];
    for (let i = 0; i < n; i++) { const x = net.createServer(); s.push(x);
      x.listen(0, "127.0.0.1", () => { if (--left === 0) {
        console.log(s.map((v) => v.address().port).join(" ")); s.forEach((v) => v.close()); } }); }' "$1"
}

# Running = the /proc entry exists, is not a zombie, and is a redis-server
# (a stale pid file whose PID was recycled never gets a signal).
alive() {
  local stat comm
  [[ -n $1 ]] && read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]] && read -r comm 2>/dev/null <"/proc/$1/comm" && [[ $comm == redis-server ]]
}

# launch NAME PORT [redis-server args...]: its own session, stdio to files, so
# a caller capturing our output (execFile, $(...)) is not held open by it.
launch() {
  local name=$1 port=$2
  shift 2
  mkdir -p "$dir/$name" "$dir/pids"
  setsid redis-server "$@" --port "$port" --bind 127.0.0.1 --dir "$dir/$name" --save '' --appendonly no \
    --daemonize no --logfile '' >>"$dir/$name/redis.log" 2>&1 </dev/null &
  echo $! >"$dir/pids/$name.pid"
}

cli() { redis-cli -h 127.0.0.1 -p "$1" "${@:2}" 2>/dev/null; }

# wait_for WHAT CMD...: retries CMD until it succeeds; on timeout shows the logs and fails.
wait_for() {
  local what=$1 end=$((SECONDS + timeout_s)) log
  shift
  until "$@"; do
    if ((SECONDS >= end)); then
      printf 'redis-topology.sh: %s: not ready after %ss (dir %s)\n' "$what" "$timeout_s" "$dir" >&2
      for log in "$dir"/*/redis.log; do [[ -s $log ]] && { printf -- '--- tail of %s\n' "$log"; tail -n 10 "$log"; } >&2; done
      return 1
    fi
    sleep 0.1
  done
}

pong() { [[ $(cli "$1" PING) == PONG ]]; }
info_has() { cli "$1" INFO "$2" | tr -d '\r' | grep -qx "$3"; }

# SIGTERM all, wait up to 5 s together, then SIGKILL what is left.
stop_all() {
  local f pid end=$((SECONDS + 5)) pids=()
  for f in "$dir"/pids/*.pid; do
    [[ -e $f ]] || continue
    read -r pid <"$f" || true
    alive "$pid" && kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
    rm -f "$f"
  done
  for pid in "${pids[@]}"; do
    while alive "$pid" && ((SECONDS < end)); do sleep 0.05; done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null
  done
  return 0
}

start_cluster() {
  local ports i nodes=()
  # Three client ports and three bus ports: the default bus port (port + 10000) may be taken or above 65535.
  read -ra ports <<<"$(pick_ports 6)"
  for i in 0 1 2; do
    launch "node$i" "${ports[i]}" --cluster-enabled yes --cluster-port "${ports[i + 3]}" \
      --cluster-config-file nodes.conf --cluster-node-timeout 3000
    nodes+=("127.0.0.1:${ports[i]}")
  done
  for i in 0 1 2; do wait_for "node$i" pong "${ports[i]}" || return 1; done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$dir/cluster-create.log" 2>&1 ||
    { cat "$dir/cluster-create.log" >&2; return 1; }
  for i in 0 1 2; do wait_for "node$i cluster_state:ok" cluster_ok "${ports[i]}" || return 1; done
  url="redis+cluster://$(IFS=,; echo "${nodes[*]}")"
  printf 'REDIS_URL=%s\nNODE_PORTS=%s\n' "$url" "$(IFS=,; echo "${ports[*]:0:3}")" >"$dir/topology.env"
}

cluster_ok() { cli "$1" CLUSTER INFO | tr -d '\r' | grep -qx 'cluster_state:ok'; }

start_sentinel() {
  local master replica sentinel
  read -r master replica sentinel <<<"$(pick_ports 3)"
  # No 5 s pause before the first full sync (the Redis 7 default): the replica attaches at once, and again after a failover.
  launch master "$master" --repl-diskless-sync-delay 0
  launch replica "$replica" --replicaof 127.0.0.1 "$master" --repl-diskless-sync-delay 0
  wait_for master pong "$master" || return 1
  # The sentinel learns the replicas from the master's INFO: start it once the replica is attached, so a failover can pick it at once.
  wait_for "replica link" info_has "$replica" replication master_link_status:up || return 1
  mkdir -p "$dir/sentinel"
  cat >"$dir/sentinel/sentinel.conf" <<EOF
sentinel monitor mymaster 127.0.0.1 $master 1
sentinel down-after-milliseconds mymaster 2000
sentinel failover-timeout mymaster 10000
sentinel parallel-syncs mymaster 1
EOF
  launch sentinel "$sentinel" "$dir/sentinel/sentinel.conf" --sentinel
  wait_for "sentinel sees the replica" sentinel_ready "$sentinel" "$replica" || return 1
  url="redis+sentinel://127.0.0.1:$sentinel/mymaster"
  printf 'REDIS_URL=%s\nMASTER_PORT=%s\nREPLICA_PORT=%s\nSENTINEL_PORT=%s\n' "$url" "$master" "$replica" "$sentinel" >"$dir/topology.env"
}

sentinel_ready() { cli "$1" SENTINEL REPLICAS mymaster | tr -d '\r' | grep -qx "127.0.0.1:$2"; }

cmd=${1:-}
case $cmd in
  start)
    [[ $# -eq 3 && ($2 == cluster || $2 == sentinel) ]] || usage
    for bin in redis-server redis-cli; do command -v $bin >/dev/null || die "$bin is needed"; done
    mkdir -p "$3"
    dir=$(cd "$3" && pwd)
    [[ ! -e $dir/pids ]] || [[ -z $(ls -A "$dir/pids") ]] || die "$dir already holds a running topology: stop it first"
    url=
    # Called in a || list, start_* runs without errexit: each step returns 1 on failure itself.
    "start_$2" || { stop_all; exit 1; }
    echo "$url"
    ;;
  stop)
    [[ $# -ge 2 ]] || usage
    dir=$2
    [[ -d $dir ]] || exit 0
    stop_all
    [[ ${3:-} == --clean ]] && rm -rf "$dir"
    exit 0
    ;;
  *) usage ;;
esac
