#!/usr/bin/env bash
# A my-chat cluster on this machine: one redis-server (append-only file written every second), three my-chat nodes
# sharing it (CHAT_STORE=redis) and HAProxy in front of them (haproxy.cfg beside this script) on one port. Prints
# the address to connect to; Ctrl-C stops everything: the nodes first (their clients get Close 1001), then HAProxy,
# then Redis. Everything listens on 127.0.0.1.
#
#   examples/cluster/start.sh
#
# Needs the server jar (./run build), redis-server and haproxy (Debian: apt-get install redis-server haproxy).
# Environment, with defaults:
#   LB_PORT=9000                     where clients connect
#   NODE1_PORT..NODE3_PORT           the nodes' chat ports (9101, 9102, 9103)
#   NODE1_ADMIN_PORT..NODE3_ADMIN_PORT  their admin ports, /readyz for HAProxy's checks (9201, 9202, 9203)
#   REDIS_PORT=6390
#   CLUSTER_DIR=/tmp/my-chat-cluster Redis' data (kept, so history survives a restart of the whole cluster) and
#                                    every process's log
#   JAVA_OPTS                        extra JVM options for the nodes; CHAT_* variables reach every node as they are
set -euo pipefail
cd "$(dirname "$0")/../.."

export LB_PORT="${LB_PORT:-9000}"
export NODE1_PORT="${NODE1_PORT:-9101}" NODE2_PORT="${NODE2_PORT:-9102}" NODE3_PORT="${NODE3_PORT:-9103}"
export NODE1_ADMIN_PORT="${NODE1_ADMIN_PORT:-9201}" NODE2_ADMIN_PORT="${NODE2_ADMIN_PORT:-9202}"
export NODE3_ADMIN_PORT="${NODE3_ADMIN_PORT:-9203}"
REDIS_PORT="${REDIS_PORT:-6390}"
CLUSTER_DIR="${CLUSTER_DIR:-/tmp/my-chat-cluster}"
JAR=server/target/my-chat-server.jar
START_TIMEOUT=60 # seconds each process may take to start listening

fail() { echo "start.sh: $*" >&2; exit 1; }

# ---- what it needs -----------------------------------------------------------------------------------------------
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
find_java() { # JAVA_HOME if it is 21 or newer, else java on PATH, else the newest under /usr/lib/jvm
  local home major best="" best_major=0
  for home in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java || echo /nonexistent)")")")" \
      /usr/lib/jvm/*; do
    [[ -n "$home" && -x "$home/bin/java" ]] || continue
    major="$(java_major "$home/bin/java")"
    [[ "$major" =~ ^[0-9]+$ ]] && (( major >= 21 )) || continue
    [[ "$home" == "${JAVA_HOME:-}" ]] && { echo "$home/bin/java"; return; }
    if (( major > best_major )); then best="$home/bin/java"; best_major=$major; fi
  done
  [[ -n "$best" ]] || fail "no Java 21 or newer found (JAVA_HOME, PATH, /usr/lib/jvm)"
  echo "$best"
}
JAVA="$(find_java)"
[[ -f "$JAR" ]] || fail "$JAR is missing: build it with ./run build"
command -v redis-server >/dev/null || fail "redis-server is missing (apt-get install redis-server)"
command -v haproxy >/dev/null || fail "haproxy is missing (apt-get install haproxy)"
mapfile -t JVM_OPTS < <(grep -v '^\s*#' server/jvm.options | grep -v '^\s*$')
mkdir -p "$CLUSTER_DIR/redis"

# ---- starting and stopping ---------------------------------------------------------------------------------------
declare -A NAME_OF # pid -> name
NODE_PIDS=()
HAPROXY_PID=""
REDIS_PID=""

# Each process runs in its own session, so that Ctrl-C reaches only this script, which stops them in order.
launch() { # name log command...: starts it in the background; its pid in LAUNCHED
  local name="$1" log="$2"; shift 2
  setsid "$@" >"$log" 2>&1 </dev/null &
  LAUNCHED=$!
  NAME_OF[$LAUNCHED]="$name"
}
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ready() { # admin port: the node's /readyz answers 200
  local status
  status="$( (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /readyz HTTP/1.0\r\n\r\n' >&3 && head -n 1 <&3) \
    2>/dev/null)" || return 1
  [[ "$status" == *" 200 "* ]]
}
await() { # pid name log what command...: until the command succeeds; fails if the process exits or it takes too long
  local pid="$1" name="$2" log="$3" what="$4" deadline=$(( SECONDS + START_TIMEOUT ))
  shift 4
  until "$@"; do
    kill -0 "$pid" 2>/dev/null || fail "$name exited while starting; the end of its log, $log:
$(tail -n 20 "$log")"
    (( SECONDS < deadline )) || fail "$name was not $what within $START_TIMEOUT s (log: $log)"
    sleep 0.1
  done
}
stop() { # pid: SIGTERM, then SIGKILL after 10 s
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "stopping: the nodes, then HAProxy, then Redis"
  local pid
  for pid in "${NODE_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done # in parallel: each takes up to 5 s
  for pid in "${NODE_PIDS[@]}"; do stop "$pid"; done
  [[ -z "$HAPROXY_PID" ]] || stop "$HAPROXY_PID"
  [[ -z "$REDIS_PID" ]] || stop "$REDIS_PID"
  echo "stopped; Redis' data stays in $CLUSTER_DIR/redis"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

for port in "$REDIS_PORT" "$LB_PORT" "$NODE1_PORT" "$NODE2_PORT" "$NODE3_PORT" "$NODE1_ADMIN_PORT" \
    "$NODE2_ADMIN_PORT" "$NODE3_ADMIN_PORT"; do
  ! listening "$port" || fail "port $port is already in use (see the variables at the top of $0)"
done

# Redis: data in CLUSTER_DIR, the append-only file written through to the disk once a second, no snapshots.
launch redis "$CLUSTER_DIR/redis.log" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" \
  --dir "$CLUSTER_DIR/redis" --appendonly yes --appendfsync everysec --save ''
REDIS_PID=$LAUNCHED
await "$REDIS_PID" redis "$CLUSTER_DIR/redis.log" "listening on $REDIS_PORT" listening "$REDIS_PORT"

for n in 1 2 3; do
  port_var="NODE${n}_PORT" admin_var="NODE${n}_ADMIN_PORT"
  log="$CLUSTER_DIR/node$n.log"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  launch "node$n" "$log" env CHAT_ADDR="127.0.0.1:${!port_var}" CHAT_ADMIN_ADDR="127.0.0.1:${!admin_var}" \
    CHAT_STORE=redis CHAT_REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
    "$JAVA" "${JVM_OPTS[@]}" ${JAVA_OPTS:-} -jar "$JAR"
  NODE_PIDS+=("$LAUNCHED")
done
for n in 1 2 3; do # they start side by side
  admin_var="NODE${n}_ADMIN_PORT"
  await "${NODE_PIDS[n-1]}" "node$n" "$CLUSTER_DIR/node$n.log" ready ready "${!admin_var}"
done

launch haproxy "$CLUSTER_DIR/haproxy.log" haproxy -db -f examples/cluster/haproxy.cfg
HAPROXY_PID=$LAUNCHED
await "$HAPROXY_PID" haproxy "$CLUSTER_DIR/haproxy.log" "listening on $LB_PORT" listening "$LB_PORT"

cat <<EOF

my-chat cluster: 3 nodes sharing Redis, behind HAProxy. Connect to ws://127.0.0.1:$LB_PORT/, e.g.
  ./run client ws://127.0.0.1:$LB_PORT --nick alice --room lobby

  node1    pid ${NODE_PIDS[0]}  ws://127.0.0.1:$NODE1_PORT/  admin http://127.0.0.1:$NODE1_ADMIN_PORT/readyz
  node2    pid ${NODE_PIDS[1]}  ws://127.0.0.1:$NODE2_PORT/  admin http://127.0.0.1:$NODE2_ADMIN_PORT/readyz
  node3    pid ${NODE_PIDS[2]}  ws://127.0.0.1:$NODE3_PORT/  admin http://127.0.0.1:$NODE3_ADMIN_PORT/readyz
  redis    pid $REDIS_PID  127.0.0.1:$REDIS_PORT, data in $CLUSTER_DIR/redis
  haproxy  pid $HAPROXY_PID
  logs     $CLUSTER_DIR/{node1,node2,node3,redis,haproxy}.log

Kill a node (kill -9 ${NODE_PIDS[1]}) and its clients reconnect through HAProxy to the others. Ctrl-C stops everything.
EOF

# Until Ctrl-C: say when a process ends by itself (a killed node, say); the rest carry on.
alive=$(( ${#NODE_PIDS[@]} + 2 ))
while (( alive > 0 )); do
  ended=""
  status=0
  wait -n -p ended || status=$?
  [[ -n "$ended" ]] || continue
  echo "$(date +%T) ${NAME_OF[$ended]} (pid $ended) ended with status $status"
  alive=$(( alive - 1 ))
done
echo "every process has ended"
