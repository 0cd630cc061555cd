#!/usr/bin/env bash
# Runs the my-chat benchmark comparison in one go on a 2-core machine: builds, installs the Node.js reference
# server, then for each target server (my-chat with the memory store, my-chat with SQLite, the Node reference)
# starts it pinned to core 0 (my-chat with one I/O thread) and drives it with the load generator pinned to core 1.
#
#   bench/run-comparison.sh [--quick] [--reps N] [--servers "mychat-memory mychat-sqlite node"]
#                           [--cases "startup light saturation store-cost connect fanout-1x1000 fanout-100x10
#                                     cost-size cost-rooms cluster storm-cold storm-warm"]
#                           [--no-build]
#
#   --quick     1 repetition, short durations, smaller sweeps: proves the whole pipeline in ~7 minutes
#   --reps N    repetitions of every case (default 3, about 20 minutes each on a 2-core VM with the default cases);
#               every case starts its servers afresh. Servers: mychat-memory, mychat-sqlite, node; also
#               mychat-sqlite-plain (without server/jvm.options) and floor (the baseline floor-server), which only
#               make sense in the light case; mychat-sqlite-noaot (server/jvm.options without the AOT cache);
#               cluster-N (N my-chat nodes with CHAT_STORE=redis sharing one redis-server, each room's members
#               alternating between the nodes), which the cluster case runs; mychat-sqlite-otel (OpenTelemetry on,
#               exporting to an OTLP sink the script starts on core 1, messages sampled at OTEL_RATIO, default 0.01);
#               mychat-sqlite-baseline (the jar BASELINE_JAR, e.g. an earlier build, with its own AOT cache)
#   storm-cold, storm-warm: a reconnect storm of 10,000 clients joining 100 seeded rooms with since, into a server
#               process started just before (SQLite: on the database a previous process seeded) and then again into
#               the same process; both are recorded from one server start when both are named
#
# The cluster case runs its own servers (CLUSTER_SERVERS, default "mychat-sqlite cluster-2"), whatever --servers
# says: a light load and closed loops of 1 and 64 messages in flight per sender in 100 rooms of 10. The cluster's
# nodes and its Redis all run on core 0, so its CPU per delivery (nodes and Redis summed) compares with the single
# node's on the same core. It needs redis-server.
#
# Results: bench/results/<timestamp>.jsonl (one JSON line per run, tagged case/server/rep) and a Markdown table
# (median, min-max, ratio to Node in the same repetition) printed at the end and saved beside it as .md.
# Server output and generator progress go to bench/results/<timestamp>.log.
#
# Environment: SERVER_JAVA_OPTS (extra JVM options for my-chat, e.g. a JFR recording), BENCH_JAVA_OPTS,
# CLUSTER_SERVERS, STORE_DELIVERIES (the store-cost case's fixed load in deliveries per second, default 40000),
# BASELINE_JAR and OTEL_RATIO (see the servers above),
# MAX_STEP_SECONDS (measured seconds of each step of a maximum search, default 2; not with --quick).
# my-chat is started with CHAT_RATE_MSGS=0 and CHAT_RATE_REQUESTS=0 (no per-connection rate limits: the
# benchmark sends far more than a person would), CHAT_ADMIN_ADDR=off and CHAT_HANDSHAKE_TIMEOUT=60s; nothing else
# differs from the defaults in README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

QUICK=0
REPS=3
SERVERS="mychat-memory mychat-sqlite node"
CASES="startup light saturation store-cost connect"
BUILD=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1; REPS=1 ;;
    --reps) REPS="$2"; shift ;;
    --servers) SERVERS="$2"; shift ;;
    --cases) CASES="$2"; shift ;;
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,36p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-comparison: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# ---- durations and sizes ------------------------------------------------------------------------------------------
if (( QUICK )); then
  MAX_OPTS=(--first-warmup 3 --warmup 0.5 --duration 1.5 --refine-steps 2 --drain-timeout 5)
  WARM_SECONDS=3
  HALF_OPTS=(--warmup 2 --duration 3)
  COST_OPTS=(--warmup 1 --duration 2 --drain-timeout 5)
  SAT_OPTS=(--warmup 3 --duration 2 --drain-timeout 5)
  LIGHT_OPTS=(--warmup 3 --duration 3 --drain-timeout 5)
  CONNECTIONS=19000; HOLD=2
  COST_SIZES="10 100 1000"
  COST_ROOMS="1 100 1000"
  STORM_CLIENTS=2000
else
  MAX_OPTS=(--first-warmup 5 --warmup 0.5 --duration "${MAX_STEP_SECONDS:-2}" --refine-steps 2 --drain-timeout 10)
  WARM_SECONDS=5
  # A fresh generator JVM compiles its hot paths on the core the load keeps busy: without a long warm-up its p99
  # includes its own compilation.
  HALF_OPTS=(--warmup 15 --duration 10)
  COST_OPTS=(--warmup 3 --duration 10 --drain-timeout 10)
  # Both stores in their long-run state before measuring: rare branches (checkpoints, pruning) have run and been
  # compiled, the memory store's history is full.
  SAT_OPTS=(--warmup 40 --duration 10 --drain-timeout 10)
  # Light load: the generator's JIT keeps compiling for about half a minute, which shows in a sub-millisecond p99;
  # the measured period holds many of the server's collections.
  LIGHT_OPTS=(--warmup 40 --duration 20 --drain-timeout 10)
  CONNECTIONS=19000; HOLD=5
  COST_SIZES="10 100 1000 5000"
  COST_ROOMS="1 100 10000"
  STORM_CLIENTS=10000
fi
STORM_ROOMS=100         # the storm's clients spread over this many rooms...
STORM_SEED=200          # ... each seeded with this many messages; clients resume up to 20 back
# The storm's generator: C1 only. With C2 a fresh generator JVM spent most of its one core compiling for tens of
# seconds (perf), and it cannot warm up against the server it is about to measure cold; C1 code is ready after
# a short warm-up against its in-process floor server.
STORM_GEN_OPTS=(-XX:TieredStopAtLevel=1)
STORM_GEN_WARMUP=6000
COST_DELIVERIES=20000   # cost growth runs at this fixed total of deliveries per second
SAT_WINDOW_100x10=64    # saturation: messages each sender keeps in flight (100 senders in 100 x 10, 10 in 1 x 1,000);
SAT_WINDOW_1x1000=8     # enough to keep a one-core server busy, not so many that 1,000 members' queues grow long
COST_ROOM_SIZE=10       # members of the one busy room in the rooms sweep
STORE_DELIVERIES="${STORE_DELIVERIES:-40000}" # the store comparison's fixed load: 27-46 % of the server's core
NODE_MAX_ROOM=1000      # Node's join storm (one socket write per announcement) makes bigger rooms take minutes
CLUSTER_SERVERS="${CLUSTER_SERVERS:-mychat-sqlite cluster-2}"
CLUSTER_P99_MS=50       # the cluster case's latency criterion: a message crosses two nodes and Redis

# ---- JDK, build, Node ---------------------------------------------------------------------------------------------
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
pick_jdk() {
  local best="" best_major=0 home major
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [[ -n "$home" && -x "$home/bin/java" && -x "$home/bin/javac" ]] || continue
    major="$(java_major "$home/bin/java")"
    [[ "$major" =~ ^[0-9]+$ ]] && (( major >= 21 )) || continue
    if [[ "$home" == "${JAVA_HOME:-}" ]]; then best="$home"; break; fi
    if (( major > best_major )); then best="$home"; best_major=$major; fi
  done
  [[ -n "$best" ]] || { echo "run-comparison: no JDK >= 21 found (JAVA_HOME, /usr/lib/jvm)" >&2; exit 1; }
  export JAVA_HOME="$best"
}
pick_jdk
JAVA="$JAVA_HOME/bin/java"
command -v taskset >/dev/null || { echo "run-comparison: taskset (util-linux) is needed" >&2; exit 1; }
uses_node() { # the cluster case runs its own servers
  [[ " $SERVERS " == *" node "* && -n "$(tr ' ' '\n' <<<"$CASES" | grep -v -e '^cluster$' -e '^$')" ]]
}
uses_cluster() { [[ " $CASES " == *" cluster "* || " $SERVERS " == *" cluster-"* ]]; }
if uses_node; then
  command -v node >/dev/null || { echo "run-comparison: node is needed for the reference server" >&2; exit 1; }
fi
if uses_cluster; then
  command -v redis-server >/dev/null \
    || { echo "run-comparison: redis-server is needed for the cluster (apt-get install redis-server)" >&2; exit 1; }
fi
(( $(nproc) >= 2 )) || echo "run-comparison: warning: fewer than 2 cores; server and generator will share one" >&2

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p bench/results
RESULTS="$ROOT/bench/results/$STAMP.jsonl"
LOG="$ROOT/bench/results/$STAMP.log"
WORK="$(mktemp -d /tmp/my-chat-bench.XXXXXX)"
: > "$RESULTS"
say() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$LOG" >&2; }

if (( BUILD )); then
  say "building (./mvnw -pl bench -am package, tests skipped)"
  ./mvnw -q -B -DskipTests -pl bench -am package >>"$LOG" 2>&1 || { echo "build failed, see $LOG" >&2; exit 1; }
fi
# Copies, so that someone's `mvn clean` on this tree cannot pull the jars away mid-run.
cp server/target/my-chat-server.jar "$WORK/server.jar"
# The same JVM options as ./run server uses (serial collector, small young generation)...
mapfile -t SERVER_JVM_BASE < <(grep -v '^\s*#' server/jvm.options | grep -v '^\s*$')
# ... and, like ./run server, the AOT cache of a training run (trained below, before the first case).
SERVER_JVM=("${SERVER_JVM_BASE[@]}" "-XX:AOTCache=$WORK/server.aot" -Xlog:aot=off -Xlog:cds=off)
cp bench/target/my-chat-bench.jar "$WORK/bench.jar"
if uses_node; then
  say "installing the Node reference server's dependencies"
  if [[ -f bench/node-ref/package-lock.json ]]; then
    (cd bench/node-ref && npm ci --no-audit --no-fund --loglevel=error) >>"$LOG" 2>&1
  else
    (cd bench/node-ref && npm install --no-audit --no-fund --loglevel=error) >>"$LOG" 2>&1
  fi
fi

# ---- servers ------------------------------------------------------------------------------------------------------
SERVER_PID=""   # the server, or a cluster's first node
SERVER_PORT=""
NODE_PIDS=()    # a cluster's nodes, the first included
NODE_PORTS=()
REDIS_PID=""
REDIS_PORT=""
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$(( 20000 + RANDOM % 10000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "run-comparison: no free port found" >&2; exit 1
}
wait_listening() { # port, seconds[, pid: the process that should listen, default SERVER_PID]
  local deadline=$(( SECONDS + $2 )) pid="${3:-$SERVER_PID}"
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { say "server exited during start-up (see $LOG)"; return 1; }
    (( SECONDS < deadline )) || { say "server did not listen on $1 within $2 s"; return 1; }
    sleep 0.05
  done
}
# The training run that ./run server does once per build: writes the AOT cache for all later my-chat starts.
train_aot_cache() { # [jar name in WORK, default server]
  local start=$SECONDS jar="${1:-server}"
  "$JAVA" "${SERVER_JVM_BASE[@]}" "-XX:AOTCacheOutput=$WORK/$jar.aot" -Xlog:aot=off -Xlog:cds=off \
    -cp "$WORK/$jar.jar" mychat.server.training.TrainingRun >>"$LOG" 2>&1 \
    || { say "the AOT training run failed (see $LOG)"; exit 1; }
  say "AOT cache of $jar.jar trained in $(( SECONDS - start )) s"
}
DATA_DIR="" # when set, the next SQLite server uses this data directory instead of a fresh one
mychat_env() { # server name, port -> env assignments
  echo "CHAT_ADDR=127.0.0.1:$2 CHAT_IO_THREADS=1 CHAT_RATE_MSGS=0 CHAT_RATE_REQUESTS=0 CHAT_ADMIN_ADDR=off"
  echo "CHAT_HANDSHAKE_TIMEOUT=60s CHAT_LOG=warn"
  if [[ "$1" == *-otel ]]; then
    echo "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$OTLP_PORT OTEL_TRACES_SAMPLER_ARG=${OTEL_RATIO:-0.01}"
  fi
  if [[ "$1" == mychat-sqlite* ]]; then
    local dir="$DATA_DIR"; [[ -n "$dir" ]] || dir="$(mktemp -d "$WORK/sqlite.XXXXXX")"
    echo "CHAT_STORE=sqlite CHAT_DATA_DIR=$dir"
  elif [[ "$1" == cluster-* ]]; then
    echo "CHAT_STORE=redis CHAT_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
  else
    echo "CHAT_STORE=memory"
  fi
}
start_server() { # name
  SERVER_PORT="$(free_port)"
  echo "---- $1 on port $SERVER_PORT" >>"$LOG"
  case "$1" in
    mychat-*-plain)
      # shellcheck disable=SC2046
      env $(mychat_env "$1" "$SERVER_PORT") taskset -c 0 "$JAVA" --enable-native-access=ALL-UNNAMED \
        ${SERVER_JAVA_OPTS:-} -jar "$WORK/server.jar" >>"$LOG" 2>&1 &
      ;;
    mychat-*-baseline)
      # shellcheck disable=SC2046
      env $(mychat_env "$1" "$SERVER_PORT") taskset -c 0 "$JAVA" "${SERVER_JVM_BASE[@]}" \
        "-XX:AOTCache=$WORK/baseline.aot" -Xlog:aot=off -Xlog:cds=off ${SERVER_JAVA_OPTS:-} \
        -jar "$WORK/baseline.jar" >>"$LOG" 2>&1 &
      ;;
    mychat-*-noaot)
      # shellcheck disable=SC2046
      env $(mychat_env "$1" "$SERVER_PORT") taskset -c 0 "$JAVA" "${SERVER_JVM_BASE[@]}" \
        ${SERVER_JAVA_OPTS:-} -jar "$WORK/server.jar" >>"$LOG" 2>&1 &
      ;;
    mychat-*)
      # shellcheck disable=SC2046
      env $(mychat_env "$1" "$SERVER_PORT") taskset -c 0 "$JAVA" "${SERVER_JVM[@]}" \
        ${SERVER_JAVA_OPTS:-} -jar "$WORK/server.jar" >>"$LOG" 2>&1 &
      ;;
    node)
      PORT="$SERVER_PORT" HOST=127.0.0.1 taskset -c 0 node "$ROOT/bench/node-ref/server.js" >>"$LOG" 2>&1 &
      ;;
    floor)
      # Not a chat server: the least a fan-out server can do, for what this machine allows (light case only).
      taskset -c 0 "$JAVA" "${SERVER_JVM_BASE[@]}" -jar "$WORK/bench.jar" floor-server --port "$SERVER_PORT" \
        >>"$LOG" 2>&1 &
      ;;
    cluster-*)
      start_cluster "${1#cluster-}" "$1"
      return ;;
    *) echo "run-comparison: unknown server $1" >&2; exit 2 ;;
  esac
  SERVER_PID=$!   # taskset execs the server, so this is the server's own pid
  wait_listening "$SERVER_PORT" 60 || { stop_server; return 1; }
}
# A cluster: a fresh redis-server (AOF written every second, no snapshots; data in a temporary directory) and N
# my-chat nodes using it, all on core 0. Every node gets the same settings as a single my-chat server.
start_cluster() { # nodes, server name
  REDIS_PORT="$(free_port)"
  local dir port i; dir="$(mktemp -d "$WORK/redis.XXXXXX")"
  echo "---- redis-server on port $REDIS_PORT" >>"$LOG"
  taskset -c 0 redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$dir" --save '' \
    --appendonly yes --appendfsync everysec >>"$LOG" 2>&1 &
  REDIS_PID=$!
  wait_listening "$REDIS_PORT" 20 "$REDIS_PID" || { stop_server; return 1; }
  for i in $(seq 1 "$1"); do
    port="$(free_port)"
    echo "---- $2 node $i on port $port" >>"$LOG"
    # shellcheck disable=SC2046
    env $(mychat_env "$2" "$port") taskset -c 0 "$JAVA" "${SERVER_JVM[@]}" ${SERVER_JAVA_OPTS:-} \
      -jar "$WORK/server.jar" >>"$LOG" 2>&1 &
    NODE_PIDS+=("$!"); NODE_PORTS+=("$port")
    wait_listening "$port" 60 "$!" || { stop_server; return 1; }
  done
  SERVER_PID="${NODE_PIDS[0]}"; SERVER_PORT="${NODE_PORTS[0]}"
}
stop_pid() { # pid: SIGTERM, then SIGKILL after 10 s
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
stop_server() { # the server, or every node of a cluster and then its Redis
  local pid
  if (( ${#NODE_PIDS[@]} == 0 )); then
    [[ -z "$SERVER_PID" ]] || stop_pid "$SERVER_PID"
  else
    for pid in "${NODE_PIDS[@]}"; do stop_pid "$pid"; done
  fi
  [[ -z "$REDIS_PID" ]] || stop_pid "$REDIS_PID"
  SERVER_PID=""; NODE_PIDS=(); NODE_PORTS=(); REDIS_PID=""; REDIS_PORT=""
}
# An OTLP/HTTP sink for mychat-*-otel: answers every POST with 200 and keeps nothing. On core 1, beside the generator,
# so that the server's CPU is only its own.
OTLP_PORT=""
OTLP_PID=""
if [[ " $SERVERS " == *"-otel "* ]]; then
  OTLP_PORT="$(free_port)"
  taskset -c 1 python3 -c '
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
' "$OTLP_PORT" >>"$LOG" 2>&1 &
  OTLP_PID=$!
fi
cleanup() { stop_server; [[ -z "$OTLP_PID" ]] || stop_pid "$OTLP_PID"; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- running the generator ----------------------------------------------------------------------------------------
LAST=""
gen() { # case server rep args...: one generator run on core 1; its JSON line goes to the results file
  local case="$1" server="$2" rep="$3"; shift 3
  say "$case / $server / rep $rep"
  if LAST="$(taskset -c 1 "$JAVA" ${BENCH_JAVA_OPTS:-} -jar "$WORK/bench.jar" "$@" \
      --tag "case=$case" --tag "server=$server" --tag "rep=$rep" --tag "run=$STAMP" 2>>"$LOG")"; then
    echo "$LAST" >>"$RESULTS"
  else
    say "  failed (see $LOG)"; LAST=""
  fi
}
field() { sed -n "s/.*\"$1\":\([-0-9.]*\).*/\1/p" <<<"$LAST"; } # last occurrence: the headline's
url() { # the server's URL, or every node's, comma-separated
  if (( ${#NODE_PORTS[@]} == 0 )); then echo "ws://127.0.0.1:$SERVER_PORT/"; return; fi
  local port urls=()
  for port in "${NODE_PORTS[@]}"; do urls+=("ws://127.0.0.1:$port/"); done
  (IFS=,; echo "${urls[*]}")
}
pids() { # the generator's options naming the server's processes: every node, and Redis
  if (( ${#NODE_PIDS[@]} == 0 )); then echo "--server-pid $SERVER_PID"; return; fi
  (IFS=,; echo "--server-pid ${NODE_PIDS[*]} --redis-pid $REDIS_PID")
}
warm_server() { # unmeasured traffic after a start, so a JIT-compiling server is not what the first run measures
  taskset -c 1 "$JAVA" -jar "$WORK/bench.jar" fanout --url "$(url)" --rooms 10 --members 10 --rate 2000 \
    --warmup 0 --duration "$WARM_SECONDS" >/dev/null 2>>"$LOG" || say "  warm-up run failed (see $LOG)"
}
warm_connect() { # the same for connections: the memory per connection is then read on a server past its one-time
  # start-up costs (compiled code, loaded classes, allocator arenas), which no number of connections repeats
  taskset -c 1 "$JAVA" -jar "$WORK/bench.jar" connect --url "$(url)" --connections 2000 --room-size 10 \
    --source-addresses 8 --hold 1 >/dev/null 2>>"$LOG" || say "  warm-up run failed (see $LOG)"
}

storm_gen() { # case server rep args...: a storm from a C1-only generator (see STORM_GEN_OPTS)
  local saved="${BENCH_JAVA_OPTS:-}"
  BENCH_JAVA_OPTS="$saved ${STORM_GEN_OPTS[*]}"
  gen "$@" --generator-warmup "$STORM_GEN_WARMUP"
  BENCH_JAVA_OPTS="$saved"
}

# Seeds the rooms, starts the server afresh (SQLite: on the seeded database; memory store and Node: seeding
# happens in the process that is then stormed, as they forget everything when they stop), storms it twice.
storm_case() { # rep record-cold(0/1) record-warm(0/1)
  local rep="$1" cold="$2" warm="$3" server storm_args
  storm_args=(storm --clients "$STORM_CLIENTS" --rooms "$STORM_ROOMS" --history "$STORM_SEED" --source-addresses 8)
  for server in $SERVERS; do
    [[ "$server" == floor || "$server" == *-plain ]] && continue
    DATA_DIR=""
    [[ "$server" == mychat-sqlite* ]] && DATA_DIR="$(mktemp -d "$WORK/storm.XXXXXX")"
    start_server "$server" || continue
    taskset -c 1 "$JAVA" -jar "$WORK/bench.jar" storm --url "$(url)" --rooms "$STORM_ROOMS" --seed "$STORM_SEED" \
      --seed-only --source-addresses 8 >/dev/null 2>>"$LOG" || say "  seeding failed (see $LOG)"
    if [[ "$server" == mychat-sqlite* ]]; then
      stop_server
      start_server "$server" || continue
    fi
    storm_gen "storm-cold" "$server" "$rep" "${storm_args[@]}" --url "$(url)" --server-pid "$SERVER_PID"
    if (( ! cold )) && [[ -n "$LAST" ]]; then sed -i '$d' "$RESULTS"; fi # the first storm only warmed it up
    if (( warm )); then
      storm_gen "storm-warm" "$server" "$rep" "${storm_args[@]}" --url "$(url)" --server-pid "$SERVER_PID"
    fi
    stop_server
    DATA_DIR=""
  done
}

store_cost_run() { # shape rooms members senders (uses server, rep and SERVER_PID of the caller)
  gen "store-cost-$1" "$server" "$rep" fanout --url "$(url)" $(pids) --rooms "$2" \
    --members "$3" --senders "$4" --source-addresses 8 --rate "$(( STORE_DELIVERIES / $3 ))" "${COST_OPTS[@]}"
}

fanout_case() { # name rooms members senders rep server
  local name="$1" rooms="$2" members="$3" senders="$4" rep="$5" server="$6" max half
  start_server "$server" || return 0
  gen "$name-max" "$server" "$rep" fanout --url "$(url)" $(pids) --rooms "$rooms" \
    --members "$members" --senders "$senders" --find-max "${MAX_OPTS[@]}"
  max="$(field max_rate)"
  if [[ "$server" == mychat-memory ]]; then MYCHAT_MAX="$max"; fi
  half="$(awk -v m="${MYCHAT_MAX:-$max}" 'BEGIN { if (m > 0) printf "%.2f", m / 2 }')"
  if [[ -n "$half" ]]; then
    gen "$name-half" "$server" "$rep" fanout --url "$(url)" $(pids) --rooms "$rooms" \
      --members "$members" --senders "$senders" --rate "$half" --p99-limit-ms 10 "${HALF_OPTS[@]}"
  fi
  stop_server
}

both_shapes() { # case rep OPTS_100x10... -- OPTS_1x1000... -- COMMON...
  # Both fan-out shapes for every server, each on a fresh server (the memory store's history of one shape would
  # weigh on the other), the order of the servers reversed every other repetition.
  local case="$1" rep="$2" server; shift 2
  local a=() b=()
  while [[ "$1" != -- ]]; do a+=("$1"); shift; done; shift
  while [[ "$1" != -- ]]; do b+=("$1"); shift; done; shift
  local order="$SERVERS"
  (( rep % 2 )) || order="$(tr ' ' '\n' <<<"$SERVERS" | tac | xargs)"
  for server in $order; do
    start_server "$server" || continue
    gen "$case-100x10" "$server" "$rep" fanout --url "$(url)" $(pids) --rooms 100 \
      --members 10 --senders 1 --source-addresses 8 "${a[@]}" "$@"
    stop_server
    start_server "$server" || continue
    gen "$case-1x1000" "$server" "$rep" fanout --url "$(url)" $(pids) --rooms 1 \
      --members 1000 --senders 10 --source-addresses 8 "${b[@]}" "$@"
    stop_server
  done
}

run_case() { # case rep
  local rep="$2" server
  case "$1" in
    startup)
      for server in $SERVERS; do
        local port; port="$(free_port)"
        case "$server" in
          mychat-*)
            # shellcheck disable=SC2046
            env $(mychat_env "$server" "$port") "$JAVA" -jar "$WORK/bench.jar" startup --port "$port" \
              --log "$LOG" --tag "case=startup" --tag "server=$server" --tag "rep=$rep" --tag "run=$STAMP" \
              -- taskset -c 0 "$JAVA" "${SERVER_JVM[@]}" -jar "$WORK/server.jar" \
              >>"$RESULTS" 2>>"$LOG" || say "startup of $server failed" ;;
          node)
            PORT="$port" HOST=127.0.0.1 "$JAVA" -jar "$WORK/bench.jar" startup --port "$port" --log "$LOG" \
              --tag "case=startup" --tag "server=node" --tag "rep=$rep" --tag "run=$STAMP" \
              -- taskset -c 0 node "$ROOT/bench/node-ref/server.js" >>"$RESULTS" 2>>"$LOG" \
              || say "startup of node failed" ;;
        esac
        say "startup / $server / rep $rep: $(tail -1 "$RESULTS" | sed -n 's/.*"startup_ms":\([-0-9.]*\).*/\1 ms/p')"
      done ;;
    fanout-1x1000)
      MYCHAT_MAX=""
      for server in $SERVERS; do fanout_case fanout-1x1000 1 1000 10 "$rep" "$server"; done ;;
    fanout-100x10)
      MYCHAT_MAX=""
      for server in $SERVERS; do fanout_case fanout-100x10 100 10 1 "$rep" "$server"; done ;;
    saturation)
      # Saturation throughput: closed loop (fanout --window), every sender keeping a window of messages in flight
      # and sending the next when one of its own comes back, so the rate is what the server sustains. No p99
      # criterion, so no ramp step to land on by chance.
      both_shapes saturation "$rep" --window "$SAT_WINDOW_100x10" -- --window "$SAT_WINDOW_1x1000" \
        -- "${SAT_OPTS[@]}" ;;
    light)
      # Where chat servers spend most of their time: 100 rooms of 10 at 2,000 msg/s and one room of 1,000 at
      # 40 msg/s (20,000 and 40,000 deliveries/s).
      both_shapes light "$rep" --rate 2000 -- --rate 40 -- --p99-limit-ms 1 "${LIGHT_OPTS[@]}" ;;
    store-cost)
      # What the SQLite store costs, as server CPU per delivery at the same fixed load in both fan-out shapes, below
      # saturation (at a full core CPU per delivery follows from the rate). The fan-out maxima above answer this
      # too, but their p99 limit makes them jump by a whole ramp step between repetitions; JMH StoreAppendBench
      # gives the cost per message by batch size.
      local order="$SERVERS" # reversed every other repetition, so that a drifting machine favours neither store
      (( rep % 2 )) || order="$(tr ' ' '\n' <<<"$SERVERS" | tac | xargs)"
      for server in $order; do
        [[ "$server" == node ]] && continue # no store
        start_server "$server" || continue
        warm_server
        store_cost_run 100x10 100 10 1
        store_cost_run 1x1000 1 1000 10
        stop_server
      done ;;
    connect)
      for server in $SERVERS; do
        start_server "$server" || continue
        warm_connect
        gen "connect-$CONNECTIONS" "$server" "$rep" connect --url "$(url)" --server-pid "$SERVER_PID" \
          --connections "$CONNECTIONS" --room-size 10 --source-addresses 8 --hold "$HOLD"
        stop_server
      done ;;
    cost-size)
      for server in $SERVERS; do
        [[ "$server" == mychat-sqlite ]] && continue # the store's cost is in the fanout cases
        start_server "$server" || continue
        warm_server
        for size in $COST_SIZES; do
          if [[ "$server" == node ]] && (( size > NODE_MAX_ROOM )); then continue; fi
          local senders=$(( size < 10 ? size : 10 ))
          gen "cost-size-$size" "$server" "$rep" fanout --url "$(url)" $(pids) --rooms 1 \
            --members "$size" --senders "$senders" --source-addresses 8 \
            --rate "$(awk -v d=$COST_DELIVERIES -v m="$size" 'BEGIN { printf "%.3f", d / m }')" "${COST_OPTS[@]}"
        done
        stop_server
      done ;;
    cost-rooms)
      # The same traffic (one room of COST_ROOM_SIZE members, COST_DELIVERIES deliveries/s) while the server holds
      # 0 .. rooms-1 more rooms of one silent member each: what the number of rooms costs a delivery. (Spreading
      # the traffic over all rooms instead would also change how many frames each socket write carries.)
      for server in $SERVERS; do
        [[ "$server" == mychat-sqlite ]] && continue
        start_server "$server" || continue
        warm_server
        for rooms in $COST_ROOMS; do
          gen "cost-rooms-$rooms" "$server" "$rep" fanout --url "$(url)" $(pids) \
            --rooms 1 --members "$COST_ROOM_SIZE" --senders "$COST_ROOM_SIZE" --idle-rooms $(( rooms - 1 )) \
            --source-addresses 8 \
            --rate "$(awk -v d=$COST_DELIVERIES -v m="$COST_ROOM_SIZE" 'BEGIN { printf "%.3f", d / m }')" \
            "${COST_OPTS[@]}"
        done
        stop_server
      done ;;
    cluster)
      # One chat service on N nodes sharing one Redis, beside the single node: the rooms' members alternate
      # between the nodes, so every message is delivered on both. A fresh server (nodes and Redis) per shape; the
      # order of the servers alternates between repetitions.
      local order="$CLUSTER_SERVERS"
      (( rep % 2 )) || order="$(tr ' ' '\n' <<<"$CLUSTER_SERVERS" | tac | xargs)"
      for server in $order; do
        start_server "$server" || continue
        gen cluster-light-100x10 "$server" "$rep" fanout --url "$(url)" $(pids) --rooms 100 --members 10 \
          --senders 1 --source-addresses 8 --rate 2000 --p99-limit-ms "$CLUSTER_P99_MS" "${LIGHT_OPTS[@]}"
        stop_server
        # Closed loop twice on one server: one message in flight per sender (100 in all), which a cluster carries
        # within the latency criterion, then the saturation case's 64, which on one core keeps a cluster's Redis
        # calls waiting past their deadline (the nodes answer those messages with "unavailable").
        start_server "$server" || continue
        gen cluster-window1-100x10 "$server" "$rep" fanout --url "$(url)" $(pids) --rooms 100 --members 10 \
          --senders 1 --source-addresses 8 --window 1 "${SAT_OPTS[@]}"
        gen cluster-saturation-100x10 "$server" "$rep" fanout --url "$(url)" $(pids) --rooms 100 --members 10 \
          --senders 1 --source-addresses 8 --window "$SAT_WINDOW_100x10" "${SAT_OPTS[@]}"
        stop_server
      done ;;
    storm-cold)
      storm_case "$rep" 1 "$([[ " $CASES " == *" storm-warm "* ]] && echo 1 || echo 0)" ;;
    storm-warm)
      [[ " $CASES " == *" storm-cold "* ]] || storm_case "$rep" 0 1 ;; # else recorded with storm-cold
    *) echo "run-comparison: unknown case $1" >&2; exit 2 ;;
  esac
}

say "results: $RESULTS (log: $LOG); $REPS repetition(s); servers: $SERVERS; cases: $CASES"
say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
train_aot_cache
if [[ " $SERVERS " == *"-baseline "* ]]; then
  cp "${BASELINE_JAR:?mychat-sqlite-baseline needs BASELINE_JAR}" "$WORK/baseline.jar"
  train_aot_cache baseline
fi
START=$SECONDS
for rep in $(seq 1 "$REPS"); do
  for c in $CASES; do run_case "$c" "$rep"; done
done
say "all runs done in $(( (SECONDS - START) / 60 )) min $(( (SECONDS - START) % 60 )) s"
"$JAVA" -jar "$WORK/bench.jar" report "$RESULTS" | tee "${RESULTS%.jsonl}.md"
if [[ " $SERVERS " == *" mychat-memory "* && " $SERVERS " == *" mychat-sqlite "* ]]; then
  { echo; echo "Ratios to mychat-memory (what the SQLite store costs):"; echo
    "$JAVA" -jar "$WORK/bench.jar" report --baseline mychat-memory "$RESULTS" | grep -E '^\|(---| case |.*mychat-sqlite)'
  } | tee -a "${RESULTS%.jsonl}.md"
fi
if [[ " $CASES " == *" cluster "* ]]; then
  { echo; echo "Cluster against one node (ratios to mychat-sqlite; CPU per delivery is the nodes' and Redis' summed):"
    echo
    "$JAVA" -jar "$WORK/bench.jar" report --baseline mychat-sqlite "$RESULTS" \
      | grep -E '^\|(---| case |.*cluster-)' || true
  } | tee -a "${RESULTS%.jsonl}.md"
fi
echo "results: $RESULTS"
