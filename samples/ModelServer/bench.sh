#!/usr/bin/env bash
# Direct wrk run against one reference model server (no gateway), to show the backend is not the bottleneck.
# Usage: samples/ModelServer/bench.sh [duration=10s] [connections=32]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-10s}"
connections="${2:-32}"
dotnet build samples/ModelServer/ModelServer.csproj -c Release -nologo -clp:ErrorsOnly >/dev/null
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
dotnet samples/ModelServer/bin/Release/net10.0/modelserver.dll --weights samples/models/v2.weights.json --urls http://127.0.0.1:0 >"$work/out" &
pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.1; done
url="$(sed -n 's/.*listening on //p' "$work/out")"
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[$(cat samples/ModelServer/bench-request.json)]]
LUA
wrk -t2 -c"$connections" -d"$duration" --latency -s "$work/post.lua" "$url/v2/models/ranker/infer"
