# shellcheck shell=bash disable=SC2034
# Shared by .ci/cluster-test, .ci/cluster-partition and bench/cluster (sourced, never run): starting
# cluster nodes of the packaged jar and the embedded upstream as processes of the calling script,
# asking them about readiness and membership, and stopping only what was started here.
#
# The caller sets, before sourcing: work (a scratch dir for logs), and may set JAR, NODE_JAVA_OPTS,
# STABLE_AFTER. It calls cl_cleanup from its own EXIT trap.
: "${work:?set work before sourcing cluster-lib.bash}"

JAR=${JAR:-$PWD/target/async-example.jar}
# Three JVMs and the upstream share 2 cores here: small heaps and the serial collector, as in the
# Dockerfile, and bootstrap's stable margin lowered so a cluster forms in seconds, not tens of them.
NODE_JAVA_OPTS=${NODE_JAVA_OPTS:--Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dpekko.management.cluster.bootstrap.contact-point-discovery.stable-margin=1s}
STABLE_AFTER=${STABLE_AFTER:-3s}

declare -A pid=()      # name -> pid of each process started here; the only ones ever signalled
declare -A node_addr=() # node number -> its address (127.0.0.N, or a namespace's)
declare -A node_wrap=() # node number -> a command prefix to run it with (ip netns exec NS), or ""
declare -A exit_status=() # (read by the scripts that source this file) name -> exit status of a process reaped by cl_wait_exit

cl_log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
cl_die() {
  printf '\nFAIL: %s\n' "$*" >&2
  exit 1
}
now_ms() { date +%s%3N; }
secs_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

cl_alive() { # a pid that still runs (a zombie does not count)
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# name command...: runs it in the background with output to $work/name.log (appended, so a restarted
# node keeps one log). exec keeps the subshell's pid, so $! is the JVM itself.
cl_start() {
  local name=$1
  shift
  (cd "$work" && exec "$@") </dev/null >>"$work/$name.log" 2>&1 &
  pid[$name]=$!
}

# Ports free on every given address at once (Pekko binds each node to its own address, so one
# triple of ports serves all nodes). Prints http management remoting.
cl_free_ports() {
  python3 - "$@" <<'EOF'
import socket, sys
addrs = sys.argv[1:]
for _ in range(50):
    held = [socket.socket() for _ in range(3)]
    for s in held:
        s.bind((addrs[0], 0))
    ports = [s.getsockname()[1] for s in held]
    ok = True
    for a in addrs[1:]:
        for p in ports:
            t = socket.socket()
            try:
                t.bind((a, p))
            except OSError:
                ok = False
            finally:
                t.close()
    for s in held:
        s.close()
    if ok:
        print(*ports)
        sys.exit(0)
sys.exit("no free port triple on " + " ".join(addrs))
EOF
}

# host port posts latency: the embedded JSONPlaceholder every node asks.
cl_start_upstream() {
  cl_start upstream env EMBEDDED_UPSTREAM_HOST="$1" EMBEDDED_UPSTREAM_PORT="$2" \
    EMBEDDED_UPSTREAM_POSTS="$3" EMBEDDED_UPSTREAM_LATENCY="$4" \
    java -Xmx128m -XX:+UseSerialGC -cp "$JAR" dev.asyncexample.embedded.EmbeddedJsonPlaceholder
  local _
  for _ in $(seq 300); do
    curl -fs -o /dev/null --max-time 1 "http://$1:$2/posts/1" && return 0
    cl_alive "${pid[upstream]}" || {
      tail -n 20 "$work/upstream.log" >&2
      cl_die "the upstream exited while starting"
    }
    sleep 0.1
  done
  cl_die "the upstream did not answer on $1:$2 within 30 s"
}

# The settings every node shares; set by the caller: HTTP_P MGMT_P REMOTE_P CONTACTS REQUIRED UPSTREAM.
# extra env (NAME=value...) may follow the node number, e.g. CACHE_ENABLED=off.
# A stopping node stays unready but serving for UNREADY_DELAY (HTTP_UNREADY_DELAY), as in a real
# deployment: the load client, like a balancer, polls /ready every 100 ms, and with no delay a request
# could reach the listener in the instant it closes (seen once in CI: a reset during a rolling restart).
cl_start_node() {
  local i=$1 addr=${node_addr[$1]}
  shift
  local -a wrap=()
  read -ra wrap <<<"${node_wrap[$i]:-}"
  local -a opts
  read -ra opts <<<"$NODE_JAVA_OPTS"
  printf '\n===== %s start =====\n' "$(date +%T.%3N)" >>"$work/node$i.log"
  cl_start "node$i" "${wrap[@]}" env CLUSTER_ENABLED="${CLUSTER_ENABLED:-on}" CLUSTER_HOST="$addr" \
    CLUSTER_PORT="$REMOTE_P" MANAGEMENT_PORT="$MGMT_P" CLUSTER_DISCOVERY=config \
    CLUSTER_CONTACT_POINTS="$CONTACTS" CLUSTER_REQUIRED_CONTACT_POINTS="$REQUIRED" \
    CLUSTER_STABLE_AFTER="$STABLE_AFTER" HTTP_HOST="$addr" HTTP_PORT="$HTTP_P" \
    HTTP_UNREADY_DELAY="${UNREADY_DELAY:-1s}" \
    UPSTREAM_BASE_URL="$UPSTREAM" ACCESS_LOG_LEVEL=OFF "$@" java "${opts[@]}" -jar "$JAR"
}

cl_http() { echo "http://${node_addr[$1]}:$HTTP_P"; }
cl_mgmt() { echo "http://${node_addr[$1]}:$MGMT_P"; }

# Ready as a balancer and an orchestrator see it: the app's /ready and management's /ready.
cl_node_ready() {
  curl -fs -o /dev/null --max-time 1 "$(cl_http "$1")/ready" &&
    { [[ ${CLUSTER_ENABLED:-on} != on ]] || curl -fs -o /dev/null --max-time 1 "$(cl_mgmt "$1")/ready"; }
}

# node seconds: until the node is ready; fails if it exits first or the time runs out.
cl_wait_ready() {
  local i=$1 limit=${2:-90} t0
  t0=$(now_ms)
  while ! cl_node_ready "$i"; do
    cl_alive "${pid[node$i]}" || {
      tail -n 30 "$work/node$i.log" >&2
      cl_die "node$i exited before it was ready"
    }
    (($(now_ms) - t0 < limit * 1000)) || {
      tail -n 30 "$work/node$i.log" >&2
      cl_die "node$i not ready within $limit s"
    }
    sleep 0.2
  done
}

# node: "<Up members> <unreachable> <addresses of the Up members, comma-separated>", or "? ? ?" when
# its management does not answer. Parsed with grep, not python: this runs in tight loops, and a
# python3 start (through a version manager's shim) can take a second, which would blur the timings.
# Pekko Management writes each member as {"node":...,"nodeUid":...,"roles":[...],"status":...}.
cl_members() {
  local doc up unreachable
  doc=$(curl -fs --max-time 2 "$(cl_mgmt "$1")/cluster/members" 2>/dev/null) || {
    echo "? ? ?"
    return 0
  }
  up=$(grep -o '"node":"[^"]*","nodeUid":"[^"]*","roles":\[[^]]*\],"status":"Up"' <<<"$doc" |
    sed 's/^"node":"[^@]*@\([^"]*\)".*/\1/' | sort | paste -sd, -) || true
  if [[ $doc == *'"unreachable":[]'* ]]; then unreachable=0; else unreachable=$(grep -o '"observedBy"' <<<"$doc" | wc -l); fi
  local n=0
  [[ -z $up ]] || n=$(tr ',' '\n' <<<"$up" | wc -l)
  echo "$n $unreachable ${up:--}"
}

# node count seconds: until the node sees exactly count Up members and none unreachable.
cl_wait_members() {
  local i=$1 want=$2 limit=${3:-60} t0 m last=""
  t0=$(now_ms)
  while :; do
    m=$(cl_members "$i")
    # Each change is logged, so a slow convergence shows where the time went.
    [[ $m == "$last" ]] || cl_log "node$i members: $m (Up, unreachable, Up addresses)"
    last=$m
    [[ $m == "$want 0 "* ]] && return 0
    (($(now_ms) - t0 < limit * 1000)) || cl_die "node$i: members '$m' after $limit s, wanted $want Up and 0 unreachable"
    sleep 0.2
  done
}

# name seconds: waits for a process of ours to exit, sets exit_status[name]; fails after seconds.
cl_wait_exit() {
  local name=$1 limit=${2:-30} t0 p=${pid[$1]} status
  t0=$(now_ms)
  while cl_alive "$p"; do
    (($(now_ms) - t0 < limit * 1000)) || cl_die "$name still running $limit s later"
    sleep 0.1
  done
  if wait "$p" 2>/dev/null; then status=0; else status=$?; fi
  exit_status[$name]=$status
  unset "pid[$name]"
}

cl_reap() { # pid (already sent SIGTERM): up to 20 s to exit, then SIGKILL
  local _
  for _ in $(seq 200); do
    cl_alive "$1" || break
    sleep 0.1
  done
  if cl_alive "$1"; then kill -KILL "$1" 2>/dev/null || true; fi
  wait "$1" 2>/dev/null || true
}

# Stops the nodes started here (SIGTERM, all at once), leaving the upstream and anything else running.
cl_stop_nodes() {
  local n
  for n in "${!pid[@]}"; do [[ $n != node* ]] || kill -TERM "${pid[$n]}" 2>/dev/null || true; done
  for n in "${!pid[@]}"; do
    [[ $n != node* ]] || { cl_reap "${pid[$n]}"; unset "pid[$n]"; }
  done
}

# Stops every process started here: all are told first and awaited after, so shutdowns overlap.
cl_cleanup() {
  local p
  for p in "${pid[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pid[@]}"; do cl_reap "$p"; done
  pid=()
}
