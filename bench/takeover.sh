#!/usr/bin/env bash
# Leader takeover on a shared PostgreSQL store, measured with real processes (docs/rollouts.md,
# "Several servers on one store"): a private PostgreSQL cluster (as test.sh starts one), the
# reference model servers v1 and v2, and per run a fresh schema, two `warden serve` on it (own
# ports and data directories, one warden.yaml), a rollout of ranker v2 over three canary steps
# under a load of OIP infer calls, and `kill -9` of the server that holds the rollout-controller
# lease once the rollout is in canary step 2. Each run reports, from the kill:
#   expired   when the dead leader's holding ran out (its last renewal + the lease),
#   takeover  when the other server's controller.lease event (the next epoch) was written,
#   acted     when the new leader stored its first transition,
# and checks the run: promoted in the end, the audit chain verifies, every transition once
# (history positions and generations one by one), lease epochs one by one.
# Everything binds 127.0.0.1 (ports 18500-18513) and stops by itself. Usage:
#   bench/takeover.sh                  # 5 runs, lease 3000 ms, a look every 300 ms
#   RUNS=10 LEASE_MS=15000 INTERVAL_MS=1000 bench/takeover.sh
# Settings (environment): RUNS (5), LEASE_MS (3000), INTERVAL_MS (300; at most LEASE_MS / 3),
# LOADERS (4 curl loops of load), KEEP=1 keeps the temporary folder (logs of every server).
# Exit 0 when every run was promoted and checked; 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."   # the repo root: the model servers are started from here
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

RUNS=${RUNS:-5} LEASE_MS=${LEASE_MS:-3000} INTERVAL_MS=${INTERVAL_MS:-300} LOADERS=${LOADERS:-4}
PORT_PG=18500 PORT_V1=18501 PORT_V2=18502
PORTS_A=(18510 18511) PORTS_B=(18512 18513)

need=()
command -v curl >/dev/null || need+=(curl)
command -v jq >/dev/null || need+=(jq)
dpkg -s postgresql >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; fi

work=$(mktemp -d "${TMPDIR:-/tmp}/warden-takeover-bench.XXXXXX")
pg_dir=$(mktemp -d /tmp/warden-takeover-pg.XXXXXX)   # under /tmp: the postgres user must reach it
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pids=()
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -f "$pg_dir/data/postmaster.pid" ] && as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$pg_dir"
  if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "== building (Release)"
dotnet build src/Warden/Warden.csproj -c Release -nologo -clp:ErrorsOnly -v quiet >/dev/null
dotnet build samples/ModelServer/ModelServer.csproj -c Release -nologo -clp:ErrorsOnly -v quiet >/dev/null
warden=$PWD/src/Warden/bin/Release/net10.0/warden.dll
modelserver=samples/ModelServer/bin/Release/net10.0/modelserver.dll

echo "== PostgreSQL $(basename "$(dirname "$pg_bin")") on 127.0.0.1:$PORT_PG (private cluster)"
head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$pg_dir/password"
[ "$(id -u)" -eq 0 ] && chown -R postgres: "$pg_dir"
chmod 700 "$pg_dir"
as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U warden --auth-local=trust --auth-host=scram-sha-256 \
  --pwfile="$pg_dir/password" -E UTF8 --no-sync >"$work/initdb.log" 2>&1
as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w -t 60 start \
  -o "-p $PORT_PG -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null
as_postgres "$pg_bin/createdb" -h "$pg_dir" -p "$PORT_PG" -U warden warden
PGPASSWORD=$(cat "$pg_dir/password")
export PGPASSWORD WARDEN_ACTOR=takeover-bench

wait_for() { # url
  for _ in $(seq 1 300); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "takeover.sh: $1 did not come up" >&2; exit 1
}

echo "== model servers v1 (:$PORT_V1) and v2 (:$PORT_V2)"
dotnet "$modelserver" --weights samples/models/v1.weights.json --urls "http://127.0.0.1:$PORT_V1" --catalog samples/ModelServer/catalog.json >"$work/v1.log" 2>&1 & pids+=($!)
dotnet "$modelserver" --weights samples/models/v2.weights.json --urls "http://127.0.0.1:$PORT_V2" --catalog samples/ModelServer/catalog.json >"$work/v2.log" 2>&1 & pids+=($!)
wait_for "http://127.0.0.1:$PORT_V1/v2/health/ready"
wait_for "http://127.0.0.1:$PORT_V2/v2/health/ready"

# The sample GO bundle beside its data, with a checkpoint verified and a drill passed now.
mkdir -p "$work/bundle" "$work/artifacts"
cp -r samples/data samples/meta samples/env "$work/bundle/"
cp samples/bundle-go.yaml "$work/bundle/evidence.yaml"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
printf '{ "checkpoint_version": "v1", "sha256_verified": true, "verified_at": "%s", "load_time_s": 3.2, "drill_passed_at": "%s", "drill_rto_s": 14.5, "drill_rpo_s": 0 }\n' "$now" "$now" >"$work/bundle/rollback.json"
cp samples/models/v1.weights.json samples/models/v2.weights.json "$work/artifacts/"

# Wide thresholds: a run is about who acts after the kill, not how v1 and v2 compare on a busy box.
cat >"$work/warden.yaml" <<YAML
policy:
  minimum_samples: { requests: 200 }
  latency: { p95_target_ms: 5000, p95_drift_limit_ms: 5000 }
  error_rate: { limit: 0.05 }
gateway:
  health: { interval_ms: 500 }
  services:
    ranker:
      backends: { v1: "http://127.0.0.1:$PORT_V1/", v2: "http://127.0.0.1:$PORT_V2/" }
      production: v1
rollout:
  controller: { interval_ms: $INTERVAL_MS, lease_ms: $LEASE_MS }
  plan:
    evidence: $work/bundle/evidence.yaml
    shadow: { min_requests: 200, min_seconds: 1, max_seconds: 120 }
    steps: [25, 50, 75]
    step: { min_requests: 200, min_seconds: 1, max_seconds: 120 }
    bake_minutes: 0.05
YAML

# Load: OIP infer calls, each with its own sticky key, to the gateway whose port is in $work/target.
body=$(cat samples/ModelServer/bench-request.json)
loader() {
  local n=0
  while true; do
    n=$((n + 1))
    curl -s -o /dev/null -m 5 -X POST "http://127.0.0.1:$(cat "$work/target")/ranker/v2/models/ranker/infer" \
      -H 'Content-Type: application/json' -H "X-Warden-Key: l$1-$n-$RANDOM" -d "$body" || sleep 0.05
  done
}

ms() { # ISO time -> milliseconds since the epoch
  local ns
  ns=$(date -u -d "$1" +%s%N)
  echo $((ns / 1000000))
}

results=$work/results.txt
: >"$results"
status=0
for run in $(seq 1 "$RUNS"); do
  echo
  echo "== run $run of $RUNS"
  store="postgres://warden@127.0.0.1:$PORT_PG/warden?schema=takeover_$run"
  w() { dotnet "$warden" "$@" --store "$store"; }
  for v in v1 v2; do
    w registry add ranker "$v" --artifact "$work/artifacts/$v.weights.json" --env "samples/env/$v.json" --allow-root "$work" --allow-root "$PWD/samples" >/dev/null
  done
  w registry alias ranker production v1 --override --reason "production before the bench" >/dev/null
  w checkpoint verify ranker v1 >/dev/null
  w verdict --evidence "$work/bundle/evidence.yaml" --record --model ranker --out "$work/run$run/verdict" >/dev/null

  declare -A serve_pid=() serve_port=()
  for side in A B; do
    if [ "$side" = A ]; then ports=("${PORTS_A[@]}"); else ports=("${PORTS_B[@]}"); fi
    dotnet "$warden" serve --config "$work/warden.yaml" --store "$store" --data-dir "$work/run$run/$side" \
      --urls "http://127.0.0.1:${ports[0]}" --admin-urls "http://127.0.0.1:${ports[1]}" \
      >"$work/run$run/$side.out" 2>"$work/run$run/$side.log" &
    serve_pid[$side]=$!
    serve_port[$side]=${ports[0]}
    pids+=($!)
    wait_for "http://127.0.0.1:${ports[0]}/readyz"
  done

  # The leader is the process whose holder (warden-controller@HOST:PID:SUFFIX) holds the lease.
  holder=""
  for _ in $(seq 1 100); do
    holder=$(w audit list --subject lease:rollout-controller --json | jq -r '.events[-1].payload.holder // empty')
    [ -n "$holder" ] && break
    sleep 0.1
  done
  leader_pid=$(echo "$holder" | awk -F: '{print $(NF-1)}')
  if [ "$leader_pid" = "${serve_pid[A]}" ]; then leader=A follower=B; else leader=B follower=A; fi
  echo "${serve_port[$leader]}" >"$work/target"
  loaders=()
  for i in $(seq 1 "$LOADERS"); do loader "$i" & loaders+=($!); done

  w rollout start ranker v2 --config "$work/warden.yaml" >/dev/null
  at=""
  for _ in $(seq 1 600); do
    at=$(w rollout history ranker --json | jq -r '.events[-1].to')
    [ "$at" = "canary step 2" ] && break
    sleep 0.2
  done
  [ "$at" = "canary step 2" ] || { echo "run $run: the rollout did not reach canary step 2 (at: $at)" >&2; status=1; }

  killed=$(date -u +%s%N)
  kill -9 "${serve_pid[$leader]}"
  wait "${serve_pid[$leader]}" 2>/dev/null || true
  killed=$((killed / 1000000))
  echo "${serve_port[$follower]}" >"$work/target"

  for _ in $(seq 1 900); do
    at=$(w rollout history ranker --json | jq -r '.events[-1].to')
    [ "$at" = "promoted" ] || [ "$at" = "rolled_back" ] && break
    sleep 0.2
  done
  for p in "${loaders[@]}"; do kill "$p" 2>/dev/null || true; done
  wait "${loaders[@]}" 2>/dev/null || true

  leases=$(w audit list --subject lease:rollout-controller --json)
  history=$(w rollout history ranker --json)
  new_holder=$(echo "$leases" | jq -r '.events[-1].payload.holder')
  taken=$(ms "$(echo "$leases" | jq -r '.events[-1].time')")
  expired=$(ms "$(echo "$leases" | jq -r '.events[-1].payload.previous_expired_at')")
  acted=$(echo "$history" | jq -r --arg h "$new_holder" '[.events[] | select(.actor == $h)][0].time // empty')
  acted=$([ -n "$acted" ] && echo $(($(ms "$acted") - killed)) || echo "-")

  # Checks: promoted; chain intact; every position once and generations one by one; epochs one by one; the new holder is the other server.
  problems=()
  [ "$at" = "promoted" ] || problems+=("ended $at")
  w audit verify >/dev/null 2>&1 || problems+=("audit verify failed")
  [ "$(echo "$history" | jq -c '[.events[].to]')" = '["shadow","canary step 1","canary step 2","canary step 3","baking","promoted"]' ] \
    || problems+=("history $(echo "$history" | jq -c '[.events[].to]')")
  echo "$history" | jq -e '[.events[].generation] as $g | all(range(1; $g | length); $g[.] == $g[. - 1] + 1)' >/dev/null || problems+=("generations not one by one")
  echo "$leases" | jq -e '[.events[].payload.epoch] as $e | all(range(1; $e | length); $e[.] == $e[. - 1] + 1)' >/dev/null || problems+=("lease epochs not one by one")
  [ "$(echo "$new_holder" | awk -F: '{print $(NF-1)}')" = "${serve_pid[$follower]}" ] || problems+=("the lease ended with $new_holder")
  check=$([ ${#problems[@]} -eq 0 ] && echo ok || echo "FAILED: ${problems[*]}")
  [ ${#problems[@]} -eq 0 ] || status=1
  printf 'run %d: expired %5d ms, takeover %5d ms, first transition %5s ms after kill -9 (%d lease holdings); %s\n' \
    "$run" $((expired - killed)) $((taken - killed)) "$acted" "$(echo "$leases" | jq '.events | length')" "$check" | tee -a "$results"
  echo "$((taken - killed))" >>"$work/takeovers"

  kill "${serve_pid[$follower]}" 2>/dev/null || true
  wait "${serve_pid[$follower]}" 2>/dev/null || true
done

echo
echo "== summary: takeover after kill -9, lease $LEASE_MS ms, a look every $INTERVAL_MS ms (bound lease + look: $((LEASE_MS + INTERVAL_MS)) ms)"
cat "$results"
sort -n "$work/takeovers" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "takeover ms: min %d, median %d, max %d over %d runs\n", v[1], m, v[NR], NR }'
exit "$status"
