#!/usr/bin/env bash
# Gateway replicas: how soon two `warden serve --role gateway` replicas serve a route change that a
# full `warden serve` recorded, while wrk loads both replicas. Runs on PostgreSQL (LISTEN/NOTIFY at
# each commit) and on SQLite (a 250 ms poll) in one run. Starts a private, durable PostgreSQL cluster
# (initdb/pg_ctl from Debian's postgresql package, run as the 'postgres' user when root), two
# reference model servers, the server and the replicas, all on 127.0.0.1; stops them at exit.
# Usage:
#   bench/replicas.sh                      # 40 changes per store, wrk for the whole run
#   CHANGES=100 bench/replicas.sh
# Needs: postgresql and wrk (apt-get install -y postgresql wrk; installed here when missing, as root).
set -euo pipefail
cd "$(dirname "$0")/.."

CHANGES=${CHANGES:-40}
PORT_PG=18432 PORT_V1=18191 PORT_V2=18192
PORT_SERVER=18180 PORT_SERVER_ADMIN=18170 PORT_R1=18181 PORT_R1_ADMIN=18171 PORT_R2=18182 PORT_R2_ADMIN=18172

need=()
command -v wrk >/dev/null || need+=(wrk)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

work=$(mktemp -d /tmp/warden-replicas-bench.XXXXXX)
# Its own folder directly under /tmp: the 'postgres' user cannot enter root's 0700 work folder.
pg=$(mktemp -d /tmp/warden-replicas-pg.XXXXXX)
pids=()
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -f "$pg/data/postmaster.pid" ] && as_postgres "$pg_bin/pg_ctl" -D "$pg/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work" "$pg"
}
trap cleanup EXIT

echo "== building (Release)"
dotnet build src/Warden/Warden.csproj -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build samples/ModelServer/ModelServer.csproj -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build bench/Warden.Benchmarks/Warden.Benchmarks.csproj -c Release -nologo -clp:ErrorsOnly >/dev/null
warden=src/Warden/bin/Release/net10.0/warden.dll
modelserver=samples/ModelServer/bin/Release/net10.0/modelserver.dll
benchdll=bench/Warden.Benchmarks/bin/Release/net10.0/Warden.Benchmarks.dll

echo "== a private PostgreSQL on 127.0.0.1:$PORT_PG (fsync and synchronous_commit on: durable)"
password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
printf '%s\n' "$password" >"$pg/password"
[ "$(id -u)" -eq 0 ] && chown -R postgres: "$pg"
chmod 700 "$pg"
as_postgres "$pg_bin/initdb" -D "$pg/data" -U warden --auth-local=trust --auth-host=scram-sha-256 --pwfile="$pg/password" -E UTF8 >"$pg/initdb.log" 2>&1
as_postgres "$pg_bin/pg_ctl" -D "$pg/data" -l "$pg/postgres.log" -w -t 60 start -o "-p $PORT_PG -k $pg -c listen_addresses=127.0.0.1" >/dev/null
as_postgres "$pg_bin/createdb" -h "$pg" -p "$PORT_PG" -U warden warden
export PGPASSWORD="$password"

wait_for() { for _ in $(seq 1 150); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.2; done; echo "replicas.sh: $1 did not come up" >&2; exit 1; }

echo "== two reference model servers (v1, v2)"
dotnet "$modelserver" --weights samples/models/v1.weights.json --urls "http://127.0.0.1:$PORT_V1" >"$work/v1.log" 2>&1 & pids+=($!)
dotnet "$modelserver" --weights samples/models/v2.weights.json --urls "http://127.0.0.1:$PORT_V2" >"$work/v2.log" 2>&1 & pids+=($!)
wait_for "http://127.0.0.1:$PORT_V1/v2/health/ready"
wait_for "http://127.0.0.1:$PORT_V2/v2/health/ready"

cat >"$work/warden.yaml" <<YAML
gateway:
  services:
    ranker:
      backends: { v1: "http://127.0.0.1:$PORT_V1", v2: "http://127.0.0.1:$PORT_V2" }
      production: v1
YAML
body=$(cat samples/ModelServer/bench-request.json)
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[$body]]
LUA

run() { # name store
  local name=$1 store=$2 serve_pids=()
  echo "== $name: a server and two replicas on $store"
  echo "$name:" >>"$work/summary.txt"
  dotnet "$warden" serve --config "$work/warden.yaml" --store "$store" --data-dir "$work/$name-server" \
    --urls "http://127.0.0.1:$PORT_SERVER" --admin-urls "http://127.0.0.1:$PORT_SERVER_ADMIN" >"$work/$name-server.log" 2>&1 & serve_pids+=($!)
  wait_for "http://127.0.0.1:$PORT_SERVER/readyz"
  dotnet "$warden" serve --role gateway --config "$work/warden.yaml" --store "$store" --data-dir "$work/$name-r1" \
    --urls "http://127.0.0.1:$PORT_R1" --admin-urls "http://127.0.0.1:$PORT_R1_ADMIN" >"$work/$name-r1.log" 2>&1 & serve_pids+=($!)
  dotnet "$warden" serve --role gateway --config "$work/warden.yaml" --store "$store" --data-dir "$work/$name-r2" \
    --urls "http://127.0.0.1:$PORT_R2" --admin-urls "http://127.0.0.1:$PORT_R2_ADMIN" >"$work/$name-r2.log" 2>&1 & serve_pids+=($!)
  wait_for "http://127.0.0.1:$PORT_R1/readyz"
  wait_for "http://127.0.0.1:$PORT_R2/readyz"

  # Load on both replicas for the whole measurement (bounded: wrk stops by itself).
  wrk -t1 -c8 -d600s -s "$work/post.lua" "http://127.0.0.1:$PORT_R1/ranker/v2/models/ranker/infer" >"$work/$name-wrk1.txt" 2>&1 & local w1=$!
  wrk -t1 -c8 -d600s -s "$work/post.lua" "http://127.0.0.1:$PORT_R2/ranker/v2/models/ranker/infer" >"$work/$name-wrk2.txt" 2>&1 & local w2=$!
  sleep 2
  dotnet "$benchdll" replica-converge "http://127.0.0.1:$PORT_SERVER_ADMIN" ranker \
    "http://127.0.0.1:$PORT_R1_ADMIN" "http://127.0.0.1:$PORT_R2_ADMIN" --changes "$CHANGES" | tee -a "$work/summary.txt"
  kill -INT "$w1" "$w2" 2>/dev/null || true
  wait "$w1" "$w2" 2>/dev/null || true
  for f in "$work/$name-wrk1.txt" "$work/$name-wrk2.txt"; do
    echo "  load: $(grep -E 'Requests/sec' "$f" | tr -s ' ') $(grep -E 'Non-2xx' "$f" | tr -s ' ')" | tee -a "$work/summary.txt"
  done
  for p in "${serve_pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
}

run postgres "postgres://warden@127.0.0.1:$PORT_PG/warden"
run sqlite "sqlite:$work/sqlite-store"

echo "== summary"
cat "$work/summary.txt"
