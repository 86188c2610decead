#!/usr/bin/env bash
# The live guard's recovery time and false rollbacks, measured with real processes: two reference
# model servers (v1 known-good, v2 the candidate, each with its fault endpoints), `warden serve`
# with a rollout plan of one 50 % canary step, and the recovery tool of bench/Warden.Benchmarks
# sending an open-loop load through the gateway. Each fault run starts a rollout, injects the fault
# into v2 the moment its canary step begins (PUT /admin/faults) and measures, from the client's
# side, the time until the last request that still reached v2 (from then on 100 % reach v1).
# Everything binds 127.0.0.1 and stops by itself. Usage:
#   bench/recovery.sh                         # 20 runs per fault, 5 mid-step runs, 20 A/A runs of 60 s (about 30 minutes)
#   QUICK=1 bench/recovery.sh                 # a quick look: 3 runs per fault, 1 mid-step, 2 A/A runs of 20 s (about 3 minutes)
# Other settings: RATE (requests/s through the gateway in fault runs, default 250: v2 gets about
# 125/s at 50 %), AA_RATE (default 200: v2 gets about 100/s), MID_AFTER (seconds of healthy canary
# before a mid-step fault, default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ -n "${QUICK:-}" ]; then   # a look in about 3 minutes: 3 runs per fault, 1 mid-step, 2 A/A runs of 20 s
  RUNS=${RUNS:-3} MID_RUNS=${MID_RUNS:-1} AA_RUNS=${AA_RUNS:-2} AA_SECONDS=${AA_SECONDS:-20}
fi
RUNS=${RUNS:-20} MID_RUNS=${MID_RUNS:-5} MID_AFTER=${MID_AFTER:-10}
AA_RUNS=${AA_RUNS:-20} AA_SECONDS=${AA_SECONDS:-60}
RATE=${RATE:-250} AA_RATE=${AA_RATE:-200}
PORT_V1=18291 PORT_V2=18292 PORT_V2_ADMIN=18293 PORT_V1_ADMIN=18294 PORT_GATEWAY=18281 PORT_ADMIN=18279

command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
work=$(mktemp -d "${TMPDIR:-/tmp}/warden-recovery-bench.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "== building (Release)"
dotnet build src/Warden/Warden.csproj -c Release -nologo -clp:ErrorsOnly -v quiet >/dev/null
dotnet build samples/ModelServer/ModelServer.csproj -c Release -nologo -clp:ErrorsOnly -v quiet >/dev/null
dotnet build bench/Warden.Benchmarks/Warden.Benchmarks.csproj -c Release -nologo -clp:ErrorsOnly -v quiet >/dev/null
warden=src/Warden/bin/Release/net10.0/warden.dll
modelserver=samples/ModelServer/bin/Release/net10.0/modelserver.dll
benchdll=bench/Warden.Benchmarks/bin/Release/net10.0/Warden.Benchmarks.dll

wait_for() { # url
  for _ in $(seq 1 150); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "recovery.sh: $1 did not come up" >&2; exit 1
}
start_v2() { # weights file: the candidate's model server, with its fault endpoints
  dotnet "$modelserver" --weights "$1" --version v2 --urls "http://127.0.0.1:$PORT_V2" --admin-urls "http://127.0.0.1:$PORT_V2_ADMIN" >"$work/v2.log" 2>&1 & v2_pid=$!; pids+=($v2_pid)
  wait_for "http://127.0.0.1:$PORT_V2/v2/health/ready"
}

echo "== model servers: v1 (known-good) and v2 (candidate), both with fault endpoints"
dotnet "$modelserver" --weights samples/models/v1.weights.json --version v1 --urls "http://127.0.0.1:$PORT_V1" --admin-urls "http://127.0.0.1:$PORT_V1_ADMIN" >"$work/v1.log" 2>&1 & pids+=($!)
wait_for "http://127.0.0.1:$PORT_V1/v2/health/ready"
start_v2 samples/models/v2.weights.json

echo "== registry: v1 production with a verified checkpoint, v2 with a recorded GO verdict"
export WARDEN_DATA_DIR=$work/data WARDEN_ACTOR=recovery-bench
mkdir -p "$work/artifacts"
cp samples/models/v1.weights.json samples/models/v2.weights.json "$work/artifacts/"
cp -r samples/data samples/meta samples/env "$work/"
cp samples/bundle-go.yaml "$work/evidence.yaml"
now=$(date -u +%FT%TZ)
printf '{ "checkpoint_version": "v1", "sha256_verified": true, "verified_at": "%s", "load_time_s": 3.2, "drill_passed_at": "%s", "drill_rto_s": 14.5, "drill_rpo_s": 0 }\n' "$now" "$now" > "$work/rollback.json"
dotnet "$warden" registry add ranker v1 --artifact "$work/artifacts/v1.weights.json" --env "$work/env/v1.json" --allow-root "$work" >/dev/null
dotnet "$warden" registry add ranker v2 --artifact "$work/artifacts/v2.weights.json" --env "$work/env/v2.json" --allow-root "$work" >/dev/null
dotnet "$warden" registry alias ranker production v1 --override --reason "production before the bench" >/dev/null
dotnet "$warden" checkpoint verify ranker v1 >/dev/null
dotnet "$warden" verdict --evidence "$work/evidence.yaml" --record --model ranker --out "$work/verdict" >/dev/null

# The shadow skipped (rollout promote) and one 50 % canary step that holds for an hour (a step holds until min_seconds whatever its checks
# say), so only the live guard can end it early; the default false-alarm level, 1 %.
cat >"$work/warden.yaml" <<YAML
policy:
  minimum_samples: { requests: 200 }
  latency: { p95_target_ms: 50 }        # the latency trigger stands at 50 + 5 = 55 ms
gateway:
  services:
    ranker:
      backends: { v1: "http://127.0.0.1:$PORT_V1/", v2: "http://127.0.0.1:$PORT_V2/" }
      production: v1
      compliance_labels: $PWD/samples/data/catalog-compliance.qrels
rollout:
  controller: { interval_ms: 100, lease_ms: 3000 }
  plan:
    evidence: evidence.yaml
    shadow: { min_requests: 200, min_seconds: 3600, max_seconds: 7200 }   # the bench promotes to the canary step at once
    steps: [50]
    step: { min_requests: 200, min_seconds: 3600, max_seconds: 7200 }
YAML

echo "== warden serve"
dotnet "$warden" serve --config "$work/warden.yaml" --urls "http://127.0.0.1:$PORT_GATEWAY" --admin-urls "http://127.0.0.1:$PORT_ADMIN" >"$work/serve.out" 2>"$work/serve.log" & pids+=($!)
wait_for "http://127.0.0.1:$PORT_GATEWAY/readyz"

results=$work/results.txt
recovery() { # the recovery tool against this gateway, its result line kept for the summary
  dotnet "$benchdll" recovery --gateway "http://127.0.0.1:$PORT_GATEWAY" --admin "http://127.0.0.1:$PORT_ADMIN" \
    --warden-dll "$warden" --config "$work/warden.yaml" --data-dir "$work/data" \
    --candidate-admin "http://127.0.0.1:$PORT_V2_ADMIN" --production-admin "http://127.0.0.1:$PORT_V1_ADMIN" "$@" | tee "$work/run.txt" || status=1
  grep '^result:' "$work/run.txt" >>"$results" || true
}
status=0
if [ "$RUNS" -gt 0 ]; then
  recovery --fault errors --runs "$RUNS" --rate "$RATE"
  recovery --fault latency --runs "$RUNS" --rate "$RATE"
fi
if [ "$MID_RUNS" -gt 0 ]; then
  # The same 5 % errors after MID_AFTER healthy seconds in the step: the guard's counts are
  # cumulative over the phase, so the healthy requests before the fault dilute it (docs/guard.md).
  recovery --fault errors --runs "$MID_RUNS" --rate "$RATE" --after-seconds "$MID_AFTER"
fi

echo "== A/A: v2's model server restarted with v1's weights (the candidate is the known-good model)"
kill "$v2_pid"; wait "$v2_pid" 2>/dev/null || true
start_v2 samples/models/v1.weights.json
[ "$AA_RUNS" -gt 0 ] && recovery --aa --runs "$AA_RUNS" --seconds "$AA_SECONDS" --rate "$AA_RATE"

echo
echo "== summary"
cat "$results"
exit $status
