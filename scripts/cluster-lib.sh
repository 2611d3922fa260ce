# The cluster on one machine (scripts/cluster-up, cluster-down, the cluster tests and bench-cluster):
# names, addresses, the bridge and namespaces, and starting or killing one host.
# shellcheck shell=bash
CLUSTER="${LOUPE_CLUSTER_DIR:-$ROOT/data/cluster}"
mkdir -p "$CLUSTER"
CLUSTER="$(cd "$CLUSTER" && pwd)"
# A running cluster's own settings win over the environment, so cluster-down finds what cluster-up made.
if [ -f "$CLUSTER/cluster.env" ]; then source "$CLUSTER/cluster.env"; fi
NAME="${CLUSTER_NAME:-${LOUPE_CLUSTER_NAME:-loupe}}"
SUBNET="${CLUSTER_SUBNET:-${LOUPE_CLUSTER_SUBNET:-10.77.0}}"
WORKER_HOSTS="w1 w2"
TRAINER_HOSTS="t1 t2"
BRIDGE="$NAME-br"

# The cluster's name and subnet, and the hosts' tuning (LOUPE_WORKERS, LOUPE_LEASE_SECONDS,
# LOUPE_POLL_SECONDS) if set, so a host started again later runs as it first did.
save_cluster_state() {
  {
    printf 'CLUSTER_NAME=%s\nCLUSTER_SUBNET=%s\n' "$NAME" "$SUBNET"
    local setting
    for setting in LOUPE_WORKERS LOUPE_LEASE_SECONDS LOUPE_POLL_SECONDS; do
      if [ -n "${!setting:-}" ]; then printf 'export %s=%s\n' "$setting" "${!setting}"; fi
    done
  } > "$CLUSTER/cluster.env"
}

namespace() { echo "$NAME-$1"; }

# db .2, s3 .3, nginx's side of the bridge .1, worker hosts .11…, trainer hosts .21…
host_address() {
  case "$1" in
    db) echo "$SUBNET.2" ;;
    s3) echo "$SUBNET.3" ;;
    w*) echo "$SUBNET.$((10 + ${1#w}))" ;;
    t*) echo "$SUBNET.$((20 + ${1#t}))" ;;
  esac
}

# The bridge (this machine's side at .1) and a namespace per host: loopback, and eth0 on the
# bridge with the host's address. No default route, so nothing leaves the subnet.
cluster_network_up() {
  ip link show "$BRIDGE" >/dev/null 2>&1 || {
    ip link add "$BRIDGE" type bridge
    ip addr add "$SUBNET.1/24" dev "$BRIDGE"
  }
  ip link set "$BRIDGE" up
  local host
  for host in db s3 $WORKER_HOSTS $TRAINER_HOSTS; do
    local ns link="$NAME-$host"
    ns="$(namespace "$host")"
    ip netns list | grep -qw "$ns" && continue
    ip netns add "$ns"
    ip link del "$link" 2>/dev/null || true  # left by a namespace the kernel has not finished removing
    ip link add "$link" type veth peer name "$link-p"
    ip link set "$link-p" netns "$ns"
    ip netns exec "$ns" ip link set "$link-p" name eth0
    ip netns exec "$ns" ip addr add "$(host_address "$host")/24" dev eth0
    ip netns exec "$ns" ip link set eth0 up
    ip netns exec "$ns" ip link set lo up
    ip link set "$link" master "$BRIDGE"
    ip link set "$link" up
  done
}

cluster_network_down() {
  local host
  for host in db s3 $WORKER_HOSTS $TRAINER_HOSTS; do
    ip netns del "$(namespace "$host")" 2>/dev/null || true
    ip link del "$NAME-$host" 2>/dev/null || true  # the pair goes with either end, whatever the namespace's state
  done
  ip link del "$BRIDGE" 2>/dev/null || true
}

# start_cluster_host ROLE HOST: the host's data dir gets the shared secrets (webhook key), then its
# processes start under scripts/cluster-host as PID 1 of new UTS and pid namespaces.
start_cluster_host() {
  local role="$1" host="$2" data="$CLUSTER/hosts/$2"
  mkdir -p "$data/run"
  if [ -d "$CLUSTER/shared/secrets" ]; then cp -a "$CLUSTER/shared/secrets" "$data/"; fi
  setsid ip netns exec "$(namespace "$host")" unshare --uts --pid --fork --mount-proc --kill-child \
    "$ROOT/scripts/cluster-host" "$role" "$host" "$data" "$(host_address "$host")" \
    >>"$data/run/host.log" 2>&1 < /dev/null &
  echo $! > "$CLUSTER/hosts/$host.pid"
}

# The host's PID 1 (the child of its unshare), as this machine's pid namespace sees it.
host_init_pid() {
  local unshare
  unshare="$(cat "$CLUSTER/hosts/$1.pid" 2>/dev/null)" || return 1
  pgrep -P "$unshare" | head -1
}

# Pulls the host's plug: every process in its pid namespace dies at once.
kill_cluster_host() {
  local init
  init="$(host_init_pid "$1")" && kill -KILL "$init" 2>/dev/null
  wait_for "! kill -0 $(cat "$CLUSTER/hosts/$1.pid") 2>/dev/null" 10 || true
}

# Stops the host's processes as an operator would (SIGTERM: workers drain, trainers hand jobs back).
stop_cluster_host() {
  local init unshare
  unshare="$(cat "$CLUSTER/hosts/$1.pid" 2>/dev/null)" || return 0
  init="$(host_init_pid "$1")" && kill -TERM "$init" 2>/dev/null
  wait_for "! kill -0 $unshare 2>/dev/null" 45 || kill -KILL "$unshare" 2>/dev/null || true
  rm -f "$CLUSTER/hosts/$1.pid"
}

# Cuts the host off the network (its link on the bridge down), and heals it.
partition_cluster_host() { ip link set "$NAME-$1" down; }
heal_cluster_host() { ip link set "$NAME-$1" up; }

start_cluster_nginx() {
  local port="$1" workers="" events="" host
  for host in $WORKER_HOSTS; do
    workers+="$host=$(host_address "$host"):9000 "
    events+="$(host_address "$host"):9100 "
  done
  mkdir -p "$CLUSTER/nginx/run"
  LOUPE_WORKER_HOSTS="$workers" LOUPE_EVENTS_HOSTS="$events" LOUPE_OBJECT_STORE="$(cat "$CLUSTER/s3/url")" \
    "$ROOT/scripts/render-nginx" "$CLUSTER/nginx" "$port" 127.0.0.1 on > "$CLUSTER/nginx/run/nginx.conf"
  nginx -c "$CLUSTER/nginx/run/nginx.conf" -e "$CLUSTER/nginx/run/nginx-error.log"
}
