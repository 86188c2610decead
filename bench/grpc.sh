#!/usr/bin/env bash
# gRPC benchmark: what the gateway adds to a unary OIP v2 ModelInfer (target: <= 1 ms at P50 over
# a direct call at 1,000 calls/s). One reference model server serves gRPC (h2c) on 127.0.0.1;
# `warden serve` forwards to it as the h2c service `ranker-grpc`, picked by the metadata header
# `warden-service: ranker-grpc`. The `grpc-compare` mode of bench/Warden.Benchmarks sends the same
# open-loop load (latency from each call's due time, one GrpcChannel per arm) directly and through
# the gateway in alternating rounds, and prints P50/P99 per arm with CI95s and the P50 added with
# its bootstrap CI95. Everything binds 127.0.0.1 (ports 18579-18592). Usage:
#   bench/grpc.sh                            # RATE=1000 calls/s, SECONDS=10 per round and arm, ROUNDS=3
#   RATE=1000 SECONDS=5 ROUNDS=2 bench/grpc.sh
# When the gateway refuses to start (a build without `protocol: http2`) or does not answer gRPC,
# the script says so, skips the gateway arm and measures the direct arm against itself (A/A: the
# direct figures and the comparison's noise floor), then exits 0. Otherwise it exits with
# grpc-compare's status: 0 when every call was answered OK and the P50 added is at most 1 ms.
set -euo pipefail
cd "$(dirname "$0")/.."

RATE=${RATE:-1000}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-3}           # seconds of warm-up per arm
# SECONDS is also bash's own clock (it starts from an inherited value and counts up), so the
# caller's value is read from the environment instead of from the variable.
seconds=$(printenv SECONDS || echo 10)
PORT_HTTP=18591 PORT_GRPC=18592 PORT_GATEWAY=18581 PORT_ADMIN=18579
SERVICE=ranker-grpc

work=$(mktemp -d "${TMPDIR:-/tmp}/warden-grpc-bench.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building (Release)"
dotnet build src/Warden/Warden.csproj -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build samples/ModelServer/ModelServer.csproj -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build bench/Warden.Benchmarks/Warden.Benchmarks.csproj -c Release -nologo -clp:ErrorsOnly >/dev/null
warden=src/Warden/bin/Release/net10.0/warden.dll
modelserver=samples/ModelServer/bin/Release/net10.0/modelserver.dll
benchdll=bench/Warden.Benchmarks/bin/Release/net10.0/Warden.Benchmarks.dll

wait_for() { # url pid: 0 when the url answers, 1 when the process exited or 15 s passed
  for _ in $(seq 1 150); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

echo "== starting the reference model server (v1; HTTP :$PORT_HTTP, gRPC h2c :$PORT_GRPC)"
dotnet "$modelserver" --weights samples/models/v1.weights.json --version v1 \
  --urls "http://127.0.0.1:$PORT_HTTP" --grpc-urls "http://127.0.0.1:$PORT_GRPC" >"$work/modelserver.log" 2>&1 & server_pid=$!; pids+=($server_pid)
if ! wait_for "http://127.0.0.1:$PORT_HTTP/v2/health/ready" "$server_pid"; then
  echo "grpc.sh: the model server did not come up:" >&2; cat "$work/modelserver.log" >&2; exit 1
fi

echo "== starting warden serve (service $SERVICE, protocol http2, -> v1 gRPC)"
cat >"$work/warden.yaml" <<YAML
gateway:
  services:
    $SERVICE:
      protocol: http2
      backends: { v1: "http://127.0.0.1:$PORT_GRPC/" }
      production: v1
YAML
dotnet "$warden" serve --config "$work/warden.yaml" --urls "http://127.0.0.1:$PORT_GATEWAY" --admin-urls "http://127.0.0.1:$PORT_ADMIN" \
  --data-dir "$work/state" >"$work/gateway.log" 2>&1 & gateway_pid=$!; pids+=($gateway_pid)
skip=""
if ! wait_for "http://127.0.0.1:$PORT_GATEWAY/readyz" "$gateway_pid"; then
  if kill -0 "$gateway_pid" 2>/dev/null; then
    skip="the gateway did not become ready within 15 s"
  else
    skip="the gateway refused to start (this build has no gRPC forwarding / 'protocol: http2' yet?)"
  fi
elif ! dotnet "$benchdll" grpc-load "http://127.0.0.1:$PORT_GATEWAY" --service "$SERVICE" --rate 20 --seconds 1 --warmup 0 >"$work/probe.txt" 2>&1; then
  skip="the gateway started but did not answer a gRPC ModelInfer for '$SERVICE' with OK (no h2c listener or gRPC forwarding yet?)"
fi

if [ -n "$skip" ]; then
  kill "$gateway_pid" 2>/dev/null || true  # a gateway that is up but unusable would only take CPU from the A/A run
  echo "grpc.sh: SKIPPING the gateway arm: $skip" >&2
  { [ -s "$work/probe.txt" ] && sed 's/^/  probe: /' "$work/probe.txt"; sed 's/^/  gateway: /' "$work/gateway.log" | tail -n 5; } >&2 || true
  echo "== direct vs direct (A/A): the direct figures and the comparison's noise floor; gateway figures pending"
  dotnet "$benchdll" grpc-compare "http://127.0.0.1:$PORT_GRPC" "http://127.0.0.1:$PORT_GRPC" --labels direct,direct-again \
    --rate "$RATE" --seconds "$seconds" --rounds "$ROUNDS" --warmup "$WARMUP" || true
  exit 0
fi

echo "== direct vs gateway: $ROUNDS rounds of ${seconds}s per arm at $RATE calls/s"
dotnet "$benchdll" grpc-compare "http://127.0.0.1:$PORT_GRPC" "http://127.0.0.1:$PORT_GATEWAY" --service "$SERVICE" \
  --rate "$RATE" --seconds "$seconds" --rounds "$ROUNDS" --warmup "$WARMUP"
