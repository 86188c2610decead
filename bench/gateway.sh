#!/usr/bin/env bash
# Gateway benchmark: the same OIP backend called directly, through nginx, through the bare forwarder
# (Kestrel + SocketsHttpHandler alone) and through `warden serve` with each of its forwarders (the
# hand-written one and YARP's IHttpForwarder, gateway.forwarder), measured side by side with wrk in one
# run, the .NET proxies in PAIRS alternating rounds so run-to-run noise shows; then the same targets at
# a fixed rate (open loop); then 100 % shadowing, route swaps under load, and gateway memory over a
# soak run. Everything binds 127.0.0.1. Usage:
#   bench/gateway.sh                      # full run (about 10 minutes with the 5-minute soak)
#   DURATION=10 SOAK=60 bench/gateway.sh  # shorter
#   RATE=1000 ROUNDS=3                     # the open-loop runs (requests/s, rounds)
#   PAIRS=3                                # alternating saturation rounds of bare / warden / yarp
# Installs nginx and wrk from Debian packages when missing (root).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}      # seconds per wrk measurement
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
SOAK=${SOAK:-300}             # seconds of the memory soak run
PAIRS=${PAIRS:-3}
PORT_V1=18091 PORT_V2=18092 PORT_NGINX=18080 PORT_GATEWAY=18081 PORT_BARE=18082 PORT_ADMIN=18079 PORT_YARP=18083 PORT_YARP_ADMIN=18078

need=()
command -v nginx >/dev/null || need+=(nginx)
command -v wrk >/dev/null || need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/warden-gateway-bench.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
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

wait_for() { # url
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "gateway.sh: $1 did not come up" >&2; exit 1
}

echo "== starting two reference model servers (v1, v2)"
dotnet "$modelserver" --weights samples/models/v1.weights.json --version v1 --urls "http://127.0.0.1:$PORT_V1" >"$work/v1.log" 2>&1 & pids+=($!)
dotnet "$modelserver" --weights samples/models/v2.weights.json --version v2 --urls "http://127.0.0.1:$PORT_V2" >"$work/v2.log" 2>&1 & pids+=($!)
wait_for "http://127.0.0.1:$PORT_V1/v2/health/ready"
wait_for "http://127.0.0.1:$PORT_V2/v2/health/ready"

echo "== starting nginx as a reverse proxy to v1"
cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
daemon on;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx-body;
  proxy_temp_path $work/nginx-proxy;
  upstream v1 { server 127.0.0.1:$PORT_V1; keepalive 128; }
  server {
    listen 127.0.0.1:$PORT_NGINX;
    location /ranker/ {
      proxy_pass http://v1/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
  }
}
NGINX
nginx -c "$work/nginx.conf"

echo "== starting warden serve"
cat >"$work/warden.yaml" <<YAML
gateway:
  services:
    ranker:
      backends: { v1: "http://127.0.0.1:$PORT_V1/", v2: "http://127.0.0.1:$PORT_V2/" }
      production: v1
YAML
dotnet "$warden" serve --config "$work/warden.yaml" --urls "http://127.0.0.1:$PORT_GATEWAY" --admin-urls "http://127.0.0.1:$PORT_ADMIN" --data-dir "$work/state" >"$work/gateway.log" 2>&1 & gateway_pid=$!; pids+=($gateway_pid)
wait_for "http://127.0.0.1:$PORT_GATEWAY/readyz"
echo "== starting warden serve with YARP's forwarder (gateway.forwarder: yarp)"
sed 's/^gateway:$/gateway:\n  forwarder: yarp/' "$work/warden.yaml" >"$work/warden-yarp.yaml"
dotnet "$warden" serve --config "$work/warden-yarp.yaml" --urls "http://127.0.0.1:$PORT_YARP" --admin-urls "http://127.0.0.1:$PORT_YARP_ADMIN" --data-dir "$work/state-yarp" >"$work/gateway-yarp.log" 2>&1 & yarp_pid=$!; pids+=($yarp_pid)
wait_for "http://127.0.0.1:$PORT_YARP/readyz"

# The floor of the gateway's stack: Kestrel in, SocketsHttpHandler out, nothing else.
echo "== starting the bare forwarder (Kestrel + SocketsHttpHandler, no Warden logic)"
dotnet "$benchdll" bare-forwarder "http://127.0.0.1:$PORT_BARE" "http://127.0.0.1:$PORT_V1" /ranker >"$work/bare.log" 2>&1 & bare_pid=$!; pids+=($bare_pid)
wait_for "http://127.0.0.1:$PORT_BARE/ranker/v2/health/ready"

# One OIP v2 infer request, the same for every target.
body=$(cat samples/ModelServer/bench-request.json)
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[$body]]
LUA

results="$work/results.txt"
to_ms() { # wrk latency like 850.00us, 1.23ms, 1.02s -> milliseconds
  echo "$1" | awk '/us$/ {sub(/us$/,""); print $0/1000; next} /ms$/ {sub(/ms$/,""); print $0+0; next} /s$/ {sub(/s$/,""); print $0*1000}'
}
declare -A P99 P50 CPU
ticks=$(getconf CLK_TCK)
cpu_ticks() { # utime + stime of the given processes, in clock ticks
  local total=0 p
  for p in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
  echo "$total"
}
measure() { # key label url [proxy pids...]: wrk, plus the proxy's CPU time per request when pids are given
  local key=$1 label=$2 url=$3; shift 3
  local before=0; [ $# -gt 0 ] && before=$(cpu_ticks "$@")
  local out; out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$work/post.lua" "$url")
  local cpu=""
  if [ $# -gt 0 ]; then
    local used=$(( $(cpu_ticks "$@") - before )) requests
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    CPU[$key]=$(awk -v t="$used" -v hz="$ticks" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
    cpu="proxy CPU ${CPU[$key]%.*} us/req"
  fi
  local rps p50 p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $NF} /Socket errors/ {print}' | tr '\n' ' ')
  P99[$key]=$(to_ms "$p99"); P50[$key]=$(to_ms "$p50")
  printf '%-34s %10s req/s   P50 %8s   P99 %8s   %s  %s\n' "$label" "$rps" "$p50" "$p99" "${errors:-no errors}" "$cpu" | tee -a "$results"
}

infer=/v2/models/ranker/infer
echo "== warm-up"; wrk -t1 -c8 -d3s -s "$work/post.lua" "http://127.0.0.1:$PORT_GATEWAY/ranker$infer" >/dev/null
wrk -t1 -c8 -d3s -s "$work/post.lua" "http://127.0.0.1:$PORT_NGINX/ranker$infer" >/dev/null
wrk -t1 -c8 -d3s -s "$work/post.lua" "http://127.0.0.1:$PORT_BARE/ranker$infer" >/dev/null
wrk -t1 -c8 -d3s -s "$work/post.lua" "http://127.0.0.1:$PORT_YARP/ranker$infer" >/dev/null

echo "== side by side: ${DURATION}s each, $CONNECTIONS connections, $THREADS wrk threads"
measure direct "direct (v1 model server)" "http://127.0.0.1:$PORT_V1$infer"
measure nginx "nginx -> v1" "http://127.0.0.1:$PORT_NGINX/ranker$infer" "$(cat "$work/nginx.pid")" $(pgrep -d ' ' -P "$(cat "$work/nginx.pid")")
for pair in $(seq 1 "$PAIRS"); do
  measure "bare$pair" "bare forwarder -> v1 (round $pair)" "http://127.0.0.1:$PORT_BARE/ranker$infer" "$bare_pid"
  measure "warden$pair" "warden, own forwarder (round $pair)" "http://127.0.0.1:$PORT_GATEWAY/ranker$infer" "$gateway_pid"
  measure "yarp$pair" "warden, YARP forwarder (round $pair)" "http://127.0.0.1:$PORT_YARP/ranker$infer" "$yarp_pid"
done
P99[warden]=${P99[warden1]}
summary() { # name key-prefix: mean and range of CPU/req over the rounds, and the ratio to the bare forwarder's mean
  local values="" p50s="" p99s="" i
  for i in $(seq 1 "$PAIRS"); do values+="${CPU[$2$i]} "; p50s+="${P50[$2$i]} "; p99s+="${P99[$2$i]} "; done
  local bare=""; for i in $(seq 1 "$PAIRS"); do bare+="${CPU[bare$i]} "; done
  awk -v name="$1" -v v="$values" -v b="$bare" -v p50="$p50s" -v p99="$p99s" -v d50="${P50[direct]}" -v d99="${P99[direct]}" 'BEGIN {
    n = split(v, x, " "); split(b, y, " "); split(p50, m, " "); split(p99, q, " ")
    lo = x[1]; hi = x[1]; s = 0; sb = 0; s50 = 0; s99 = 0
    for (i = 1; i <= n; i++) { s += x[i]; sb += y[i]; s50 += m[i]; s99 += q[i]; if (x[i] < lo) lo = x[i]; if (x[i] > hi) hi = x[i] }
    printf "%-24s CPU %5.1f us/req (rounds %.1f-%.1f), %.2f x the bare forwarder; added over direct: P50 %+.3f ms, P99 %+.3f ms (means of the rounds)\n", name, s / n, lo, hi, s / sb, s50 / n - d50, s99 / n - d99 }'
}
{
  echo "-- means over $PAIRS rounds (saturation, wrk -c$CONNECTIONS)"
  summary "bare forwarder" bare
  summary "warden, own forwarder" warden
  summary "warden, YARP forwarder" yarp
  awk -v d="${P99[direct]}" -v n="${P99[nginx]}" -v dd="${P50[direct]}" -v nn="${P50[nginx]}" -v c="${CPU[nginx]}" 'BEGIN { printf "%-24s CPU %5.1f us/req; added over direct: P50 %+.3f ms, P99 %+.3f ms\n", "nginx", c, nn - dd, n - d }'
  # Per-round pairing: the YARP round minus the own-forwarder round right before it (same machine state).
  for i in $(seq 1 "$PAIRS"); do awk -v i="$i" -v w="${CPU[warden$i]}" -v y="${CPU[yarp$i]}" 'BEGIN { printf "round %d: YARP - own forwarder = %+.1f us/req\n", i, y - w }'; done
} | tee -a "$results"

echo "== the same targets at a fixed rate (open loop, latency from each request's due time)"
dotnet "$benchdll" fixed-rate --body samples/ModelServer/bench-request.json --rate "${RATE:-1000}" --seconds "$DURATION" --rounds "${ROUNDS:-3}" \
  direct="http://127.0.0.1:$PORT_V1$infer" nginx="http://127.0.0.1:$PORT_NGINX/ranker$infer" bare="http://127.0.0.1:$PORT_BARE/ranker$infer" \
  warden="http://127.0.0.1:$PORT_GATEWAY/ranker$infer" yarp="http://127.0.0.1:$PORT_YARP/ranker$infer" | tee -a "$results" || true

echo "== shadowing 100 % of traffic to v2"
curl -fsS -X PUT -H 'Content-Type: application/json' -d '{"production":"v1","shadow":"v2"}' "http://127.0.0.1:$PORT_ADMIN/admin/routes/ranker" >/dev/null
measure shadow "warden gateway -> v1 + shadow v2" "http://127.0.0.1:$PORT_GATEWAY/ranker$infer"
awk -v w="${P99[warden]}" -v s="${P99[shadow]}" 'BEGIN { printf "P99 with 100 %% shadow vs without: %.3f ms vs %.3f ms (%+.1f %%)\n", s, w, (s / w - 1) * 100 }' | tee -a "$results"
# At saturation the shadow's own CPU work (a second model server on the same cores) is what
# raises production latency, and wrk is closed-loop: a slower answer also lowers the rate. The
# issue's question is what mirroring costs production at a given rate, so shadow-cost sends an
# open-loop load (each latency counted from the request's due time, as wrk2 does), alternating
# shadow off and on per round so that a drift in the machine's speed hits both arms alike.
curl -fsS "http://127.0.0.1:$PORT_GATEWAY/metrics" | grep -E '^warden_gateway_shadow_mirrors_(dropped|failed)_total' | tee -a "$results" || true
RATE=${RATE:-1000}
echo "-- open loop at $RATE req/s" | tee -a "$results"
dotnet "$benchdll" shadow-cost "http://127.0.0.1:$PORT_GATEWAY" ranker --admin "http://127.0.0.1:$PORT_ADMIN" --body samples/ModelServer/bench-request.json \
  --rate "$RATE" --seconds "$DURATION" --rounds "${ROUNDS:-3}" | grep -vE '^  round' | tee -a "$results" || true
curl -fsS -X PUT -H 'Content-Type: application/json' -d '{"production":"v1","shadow":null}' "http://127.0.0.1:$PORT_ADMIN/admin/routes/ranker" >/dev/null

echo "== route table swaps 100/s under load"
dotnet "$benchdll" route-swap "http://127.0.0.1:$PORT_ADMIN" ranker --rate 100 --seconds "$DURATION" | tee -a "$results" &
swap=$!
measure swaps "warden gateway during 100 swaps/s" "http://127.0.0.1:$PORT_GATEWAY/ranker$infer"
wait $swap
dotnet "$benchdll" route-swap "http://127.0.0.1:$PORT_YARP_ADMIN" ranker --rate 100 --seconds "$DURATION" | tee -a "$results" &
swap=$!
measure swaps_yarp "warden (YARP) during 100 swaps/s" "http://127.0.0.1:$PORT_YARP/ranker$infer"
wait $swap

echo "== memory soak: ${SOAK}s of load with shadowing on, RSS sampled every 10 s"
curl -fsS -X PUT -H 'Content-Type: application/json' -d '{"production":"v1","shadow":"v2","canary":null}' "http://127.0.0.1:$PORT_ADMIN/admin/routes/ranker" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SOAK}s" -s "$work/post.lua" "http://127.0.0.1:$PORT_GATEWAY/ranker$infer" >"$work/soak.txt" &
soak=$!
rss=()
for _ in $(seq 1 $((SOAK / 10))); do
  sleep 10
  rss+=("$(( $(ps -o rss= -p "$gateway_pid") / 1024 ))")
done
wait $soak
echo "gateway RSS MB every 10 s: ${rss[*]}" | tee -a "$results"
awk '/Requests\/sec/ {print "soak throughput: " $2 " req/s"}' "$work/soak.txt" | tee -a "$results"

echo
echo "== summary"
cat "$results"
