#!/usr/bin/env bash
# Warden's whole test suite: installs what the tests need, builds, runs every test project, and
# ends with the totals alone on the last line: "N passed, N failed, N skipped".
# Usage: ./test.sh            (CI runs it through .ci/run)
set -uo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
  exit 1
fi

# System packages the tests need beyond the .NET SDK; this script starts and stops them on
# 127.0.0.1. prometheus: the gateway's /metrics is scraped by a real Prometheus server.
# postgresql: the PostgreSQL store's tests run against a real server. chromium: the dashboard's
# browser tests (tests/Warden.Tests/Dashboard) drive Debian's /usr/bin/chromium through Playwright;
# no browser is ever downloaded.
apt_packages=(prometheus postgresql chromium)
if [ ${#apt_packages[@]} -gt 0 ]; then
  missing=()
  for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null || { echo "test.sh: apt-get install ${missing[*]} failed" >&2; exit 1; }
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Playwright never fetches a browser of its own here (the tests launch /usr/bin/chromium).
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# The run's results are kept in TestResults/ (gitignored), emptied first: the TRX files, and the
# artifacts tests write under WARDEN_TEST_RESULTS (the dashboard's screenshots, TestResults/dashboard/).
results="$PWD/TestResults"
rm -rf "$results" && mkdir -p "$results" || { echo "0 passed, 1 failed"; echo "test.sh: cannot create $results" >&2; exit 1; }
export WARDEN_TEST_RESULTS="$results"
prom_dir=""
prom_pid=""
pg_dir=""
pg_bin=""
# initdb and the server refuse to run as root: as root they run as the 'postgres' user the Debian package creates.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  if [ -n "$prom_pid" ]; then
    kill "$prom_pid" 2>/dev/null
    wait "$prom_pid" 2>/dev/null
  fi
  if [ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1
  fi
  [ -n "$prom_dir" ] && rm -rf "$prom_dir"
  [ -n "$pg_dir" ] && rm -rf "$pg_dir"
}
trap cleanup EXIT

dotnet build Warden.slnx -c Release -nologo -clp:ErrorsOnly || { echo "0 passed, 1 failed"; echo "test.sh: build failed" >&2; exit 1; }

# A private Prometheus for the scrape tests (tests/Warden.Gateway.Tests/Metrics, the Prometheus
# evidence tests): its own ports, config and storage in a temp dir, scraping every second the two
# fixed targets the tests bind (two gateway replicas). It does not use (or collide with) a system
# Prometheus on :9090 that the Debian package may have started.
prom_port=19090
metrics_port=19464
metrics_port_2=19465
prom_dir=$(mktemp -d "${TMPDIR:-/tmp}/warden-prometheus.XXXXXX")
cat >"$prom_dir/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: warden-test
    metrics_path: /metrics
    static_configs:
      - targets: ["127.0.0.1:$metrics_port", "127.0.0.1:$metrics_port_2"]
EOF
prometheus --config.file="$prom_dir/prometheus.yml" --storage.tsdb.path="$prom_dir/data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$prom_dir/prometheus.log" 2>&1 &
prom_pid=$!
prom_ready() (
  # A subshell: a refused connection must not end this script.
  exec 3<>"/dev/tcp/127.0.0.1/$prom_port" || exit 1
  printf 'GET /-/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  read -r -t 2 _ status _ <&3
  [ "$status" = "200" ]
)
for _ in $(seq 1 60); do
  prom_ready 2>/dev/null && break
  kill -0 "$prom_pid" 2>/dev/null || break
  sleep 0.5
done
if ! prom_ready 2>/dev/null; then
  echo "test.sh: Prometheus did not become ready on 127.0.0.1:$prom_port; its log:" >&2
  tail -n 20 "$prom_dir/prometheus.log" >&2
fi
export WARDEN_TEST_PROMETHEUS_URL="http://127.0.0.1:$prom_port" WARDEN_TEST_METRICS_PORT="$metrics_port" WARDEN_TEST_METRICS_PORT_2="$metrics_port_2"

# A private PostgreSQL for the PostgreSQL store's tests (tests/Warden.Storage.Postgres.Tests): its own
# cluster in a temp dir (under /tmp, which the 'postgres' user can reach), on 127.0.0.1:15432 and a
# socket in that dir. It does not use (or collide with) the system cluster the Debian package may have
# started on 5432. initdb/pg_ctl come from /usr/lib/postgresql/VERSION/bin (the package puts no
# symlinks on PATH). TCP logins need a password (scram-sha-256), given to the tests by PGPASSWORD, so
# every test goes the way a user's store URL does; the tests fail with a clear message if it is not up.
pg_port=15432
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "test.sh: PostgreSQL's initdb was not found under /usr/lib/postgresql/*/bin" >&2
else
  pg_dir=$(mktemp -d /tmp/warden-postgres.XXXXXX)
  pg_password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  printf '%s\n' "$pg_password" >"$pg_dir/password"
  [ "$(id -u)" -eq 0 ] && chown -R postgres: "$pg_dir"
  chmod 700 "$pg_dir"
  if as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U warden --auth-local=trust --auth-host=scram-sha-256 \
       --pwfile="$pg_dir/password" -E UTF8 --no-sync >"$pg_dir/initdb.log" 2>&1 \
     && as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w -t 60 start \
       -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" >/dev/null \
     && as_postgres "$pg_bin/createdb" -h "$pg_dir" -p "$pg_port" -U warden warden; then
    export WARDEN_TEST_POSTGRES="postgres://warden@127.0.0.1:$pg_port/warden" PGPASSWORD="$pg_password"
  else
    echo "test.sh: the private PostgreSQL did not start on 127.0.0.1:$pg_port; its logs:" >&2
    tail -n 20 "$pg_dir/initdb.log" "$pg_dir/postgres.log" >&2 2>/dev/null
  fi
fi

# One run per test project, each with its own TRX file name (a shared default name can collide).
status=0
for project in tests/*/*.csproj; do
  # Helper programs the tests start (the PostgreSQL appender) are not test projects.
  grep -q 'Microsoft.NET.Test.Sdk' "$project" || continue
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=$?
done

# The gateway suite again with YARP's forwarder in place of the hand-written one (gateway.forwarder: yarp).
WARDEN_TEST_FORWARDER=yarp dotnet test tests/Warden.Gateway.Tests/Warden.Gateway.Tests.csproj -c Release --no-build --nologo \
  --logger "trx;LogFileName=Warden.Gateway.Tests.yarp.trx" --results-directory "$results" || status=$?

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done

if [ "$files" -eq 0 ] || [ $((passed + failed)) -eq 0 ]; then
  echo "test.sh: no test results were produced" >&2
  status=1
fi
[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
