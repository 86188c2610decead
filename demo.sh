#!/usr/bin/env bash
# Warden's main job on the bundled sample data: request statistics for production (v1) and
# candidate (v2), the offline ranking evaluation of v2 against v1, the four verdicts, then the
# registry flow (register, checkpoint, record a verdict, promote, detect tampering, audit log),
# the gateway (REST and gRPC inference through shadow and canary), a rollout the live guard rolls back on its own, a recovery drill, the Rollback
# Officer's report, one heartbeat cycle with its innovation report and channels, the REST API
# with tokens and roles, and past one machine: a gateway replica following route changes and the
# store copied by `warden store migrate`; last, a screenshot of every view of the dashboard
# (demo-out/dashboard/, taken in Debian's Chromium). Usage: ./demo.sh
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Warden/Warden.csproj -c Release -nologo -clp:ErrorsOnly -v quiet
warden=(dotnet src/Warden/bin/Release/net10.0/warden.dll)

echo "== warden stats samples/data/requests.jsonl"
"${warden[@]}" stats samples/data/requests.jsonl
echo
echo "== warden eval: v1 (production) vs v2 (candidate)"
"${warden[@]}" eval --qrels samples/data/qrels.txt --compliance samples/data/compliance.qrels \
  --run samples/data/v1.run --run samples/data/v2.run
echo
echo "== warden eval: v2 vs its visual-ablated twin"
"${warden[@]}" eval --qrels samples/data/qrels.txt --compliance samples/data/compliance.qrels \
  --run samples/data/v2-ablated.run --run samples/data/v2.run
echo
echo "== warden verdict on the four sample bundles (reports in demo-out/)"
for bundle in go shadow pause reject; do
  code=0
  "${warden[@]}" verdict --evidence "samples/bundle-$bundle.yaml" --out "demo-out/$bundle" || code=$?
  echo "   -> exit $code"
  echo
done
echo "Read one as a release manager would: demo-out/go/deployment_verdict.md"
echo

# The registry, checkpoints and the audit log, in a fresh data directory under demo-out/.
export WARDEN_DATA_DIR=demo-out/.warden WARDEN_ACTOR=demo
rm -rf "$WARDEN_DATA_DIR" demo-out/artifacts
mkdir -p demo-out/artifacts
cp samples/models/v1.weights.json samples/models/v2.weights.json demo-out/artifacts/
echo "== warden registry: register v1 and v2 (sha256, lineage), v1 is production"
"${warden[@]}" registry add ranker v1 --artifact demo-out/artifacts/v1.weights.json --run-id 3f9a1c07e2b84d6f --env samples/env/v1.json
"${warden[@]}" registry add ranker v2 --artifact demo-out/artifacts/v2.weights.json --run-id 8724b0d5a1c94e3e --env samples/env/v2.json --tag team=search
"${warden[@]}" registry alias ranker production v1 --override --reason "production before Warden was installed"
echo
echo "== warden checkpoint verify: v1 is the rollback target"
"${warden[@]}" checkpoint verify ranker v1
echo
echo "== promoting v2 without a verdict is refused"
"${warden[@]}" registry alias ranker production v2 || echo "   -> exit $?"
echo
echo "== record the GO verdict, then promote"
"${warden[@]}" verdict --evidence samples/bundle-go.yaml --record --model ranker --out demo-out/go >/dev/null
"${warden[@]}" registry alias ranker production v2
"${warden[@]}" registry history ranker
"${warden[@]}" checkpoint export --out demo-out
echo
echo "== someone edits v2's artifact after registration: registry verify catches it"
printf '{ "model": "ranker", "version": "v2", "text_weight": 1.1, "visual_weight": 0.0 }\n' > demo-out/artifacts/v2.weights.json
"${warden[@]}" registry verify ranker v2 || echo "   -> exit $?"
echo
echo "== the audit log: every action above, hash-chained"
"${warden[@]}" audit list
"${warden[@]}" audit verify
echo

# The gateway: two reference model servers (v1 text-only, v2 text + visual) behind `warden serve`.
echo "== warden serve: v1 in production, v2 shadowed, then a sticky canary"
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
dotnet build samples/ModelServer/ModelServer.csproj -c Release -nologo -clp:ErrorsOnly -v quiet >/dev/null
modelserver=(dotnet samples/ModelServer/bin/Release/net10.0/modelserver.dll)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null' EXIT
# Each also serves the Open Inference Protocol over gRPC (h2c) on its own port, as Triton does on 8001.
"${modelserver[@]}" --weights samples/models/v1.weights.json --urls http://127.0.0.1:8091 --grpc-urls http://127.0.0.1:8097 & pids+=($!)
"${modelserver[@]}" --weights samples/models/v2.weights.json --urls http://127.0.0.1:8092 --admin-urls http://127.0.0.1:8093 --grpc-urls http://127.0.0.1:8098 & pids+=($!)
cat > demo-out/warden.yaml <<'YAML'
gateway:
  telemetry: { request_log: live/requests.jsonl, shadow_log: live/shadow.jsonl }
  services:
    ranker:
      backends: { v1: "http://127.0.0.1:8091/", v2: "http://127.0.0.1:8092/" }
      production: v1
      shadow: v2
    ranker-grpc:                 # the same models over gRPC (OIP v2 GRPCInferenceService)
      protocol: http2
      backends: { v1: "http://127.0.0.1:8097/", v2: "http://127.0.0.1:8098/" }
      production: v1
      shadow: v2
YAML
rm -rf demo-out/live && mkdir -p demo-out/live   # warden serve refuses a log in a missing folder
"${warden[@]}" serve --config demo-out/warden.yaml --urls http://127.0.0.1:8080 --admin-urls http://127.0.0.1:8079 & pids+=($!)
for _ in $(seq 1 100); do curl -fsS -o /dev/null http://127.0.0.1:8080/readyz 2>/dev/null && break; sleep 0.2; done
traffic() { # requests with 200 distinct user keys; prints which version answered
  for i in $(seq 1 200); do
    curl -fsS -o /dev/null -D - -H "X-Warden-Key: user-$i" -H 'Content-Type: application/json' \
      -d @samples/ModelServer/bench-request.json http://127.0.0.1:8080/ranker/v2/models/ranker/infer | tr -d '\r' | grep -i '^x-warden-version:'
  done | sort | uniq -c
}
grpc_traffic() { # gRPC ModelInfer calls (curl speaks HTTP/2 cleartext; the request is one gRPC frame) with 200 user keys
  for i in $(seq 1 200); do
    curl -sS --http2-prior-knowledge -o /dev/null -D - -H 'content-type: application/grpc' -H 'te: trailers' \
      -H 'warden-service: ranker-grpc' -H "x-warden-key: user-$i" --data-binary @samples/ModelServer/bench-request.grpc \
      http://127.0.0.1:8080/inference.GRPCInferenceService/ModelInfer | tr -d '\r' | grep -iE '^(x-warden-version|grpc-status):' | paste -sd' '
  done | sort | uniq -c
}
echo "-- 200 requests through the gateway:"
traffic
echo "-- 200 gRPC ModelInfer calls through the same gateway (service ranker-grpc, HTTP/2):"
grpc_traffic
"${warden[@]}" route set ranker --canary v2 --weight 25 --reason "demo: 25 % canary" --gateway http://127.0.0.1:8079
"${warden[@]}" route set ranker-grpc --canary v2 --weight 25 --reason "demo: 25 % canary over gRPC" --gateway http://127.0.0.1:8079
echo "-- the same 200 users with a 25 % canary (sticky: the same users each time), REST then gRPC:"
traffic
grpc_traffic
echo "-- shadow comparison of v1 and v2 on live traffic (GET /admin/shadow), REST then gRPC (scores read from the protobuf answers):"
curl -fsS http://127.0.0.1:8079/admin/shadow > demo-out/live/shadow-summary.json
awk -F': *' '
  /"service":/                 { gsub(/[",]/, "", $2); service = $2 }
  /"comparisons": [0-9]/       { gsub(/,/, "", $2); n = $2 }
  /"status_matches":/          { gsub(/,/, "", $2); same = $2 }
  /"comparisons_with_scores":/ { gsub(/,/, "", $2); scored = $2 }
  /"spearman":/                { rho = 1 }
  rho && /"value":/            { gsub(/,/, "", $2); v = $2 }
  rho && /"ci_low":/           { gsub(/,/, "", $2); lo = $2 }
  rho && /"ci_high":/          { gsub(/,/, "", $2); printf "  %-12s v1 vs v2: %s comparisons, %s with the same status, %s with scores; Spearman %.3f [%.3f, %.3f]\n", service, n, same, scored, v, lo, $2; rho = 0 }
' demo-out/live/shadow-summary.json
echo "-- the route change in the audit log (route.change: actor, before -> after, revision, reason):"
"${warden[@]}" audit list --subject route:ranker
echo "-- /metrics (excerpt):"
curl -fsS http://127.0.0.1:8080/metrics | grep -E '^warden_gateway_(requests_total|route_canary_weight_ratio)'
sleep 1
echo "-- the gateway's request log is evidence: warden stats demo-out/live/requests.jsonl"
"${warden[@]}" stats demo-out/live/requests.jsonl
echo

# Past one machine (docs/scale-out.md): a gateway replica on the same store starts on the routes the
# store records and follows every change any server records (PostgreSQL tells it at the commit; this
# demo's SQLite store, a 250 ms poll). Then the whole store is copied and checked, as a move to
# PostgreSQL does it (warden store migrate --to postgres://...).
echo "== warden serve --role gateway: a replica on the same store follows the server's route changes"
"${warden[@]}" serve --role gateway --config demo-out/warden.yaml --urls http://127.0.0.1:8081 --admin-urls http://127.0.0.1:8078 >demo-out/live/replica.out 2>demo-out/live/replica.log & pids+=($!)
for _ in $(seq 1 100); do curl -fsS -o /dev/null http://127.0.0.1:8081/readyz 2>/dev/null && break; sleep 0.2; done
echo "-- the replica started on the recorded route (25 % canary), not on its file's (none):"
"${warden[@]}" route show --gateway http://127.0.0.1:8078 | head -6
start=$(date +%s%N)
"${warden[@]}" route set ranker --canary v2 --weight 50 --reason "demo: 50 % canary, followed by the replica" --gateway http://127.0.0.1:8079 >/dev/null
for _ in $(seq 1 1000); do curl -fsS http://127.0.0.1:8078/admin/routes/ranker | grep -q '"canary_weight": *50' && break; sleep 0.01; done
echo "-- the server recorded a 50 % canary; the replica served it $(( ($(date +%s%N) - start) / 1000000 )) ms after the command started (CLI start included)"
curl -fsS -o /dev/null -D - -H 'Content-Type: application/json' -H 'X-Warden-Key: user-7' -d @samples/ModelServer/bench-request.json \
  http://127.0.0.1:8081/ranker/v2/models/ranker/infer | tr -d '\r' | grep -i '^x-warden-version:' | sed 's/^/   through the replica: /'
echo "== warden store migrate: the whole store copied into an empty one and checked (demo-out/store_migrate.json)"
rm -rf demo-out/store-copy
"${warden[@]}" store migrate --from "sqlite:$WARDEN_DATA_DIR" --to sqlite:demo-out/store-copy --json 2>/dev/null > demo-out/store_migrate.json || echo "   -> exit $?"
grep -E '"(rows|chain_intact|elapsed_seconds)"' demo-out/store_migrate.json
echo

# A rollout: Warden moves v2 from shadow through canary steps to production on its own, judging
# every phase on live traffic. During the bake time a fault is injected into v2 (5 % errors), and
# the live guard rolls production back to v1 on its own. Its own data directory and gateway (ports 8180/8179), the same model servers.
echo "== warden rollout: v2 from shadow to production, each step judged on live traffic; then a fault, and the guard rolls back"
R=demo-out/rollout
export WARDEN_DATA_DIR=$R/.warden
rm -rf "$R" && mkdir -p "$R/artifacts"
cp samples/models/v1.weights.json samples/models/v2.weights.json "$R/artifacts/"
"${warden[@]}" registry add ranker v1 --artifact "$R/artifacts/v1.weights.json" --env samples/env/v1.json >/dev/null
"${warden[@]}" registry add ranker v2 --artifact "$R/artifacts/v2.weights.json" --env samples/env/v2.json >/dev/null
"${warden[@]}" registry alias ranker production v1 --override --reason "production before the rollout" >/dev/null
"${warden[@]}" checkpoint verify ranker v1 >/dev/null
# The offline evidence: the sample GO bundle beside its data, with rollback evidence (checkpoint and
# drill) dated today, as a team's CI would produce it. The live verdict at the end of the shadow reuses it.
cp -r samples/data samples/meta samples/env "$R/"
cp samples/bundle-go.yaml "$R/evidence.yaml"
now=$(date -u +%FT%TZ)
printf '{ "checkpoint_version": "v1", "sha256_verified": true, "verified_at": "%s", "load_time_s": 3.2, "drill_passed_at": "%s", "drill_rto_s": 14.5, "drill_rpo_s": 0 }\n' "$now" "$now" > "$R/rollback.json"
"${warden[@]}" verdict --evidence "$R/evidence.yaml" --record --model ranker --out "$R/offline-verdict" | tail -1
# The drill copy of ranker's route (docs/drills.md): its own path /ranker-drill/ and its own
# backends, the known-good build and a faulty build with fault endpoints, so a drill moves no user.
"${modelserver[@]}" --weights samples/models/v1.weights.json --urls http://127.0.0.1:8094 & pids+=($!)
"${modelserver[@]}" --weights samples/models/v1.weights.json --version faulty --urls http://127.0.0.1:8095 --admin-urls http://127.0.0.1:8096 & pids+=($!)
cp samples/ModelServer/bench-request.json "$R/drill-request.json"
cat > "$R/warden.yaml" <<'YAML'
policy:
  minimum_samples: { requests: 500 }    # the live checks judge at least 500 requests per arm
  latency: { p95_drift_limit_ms: 25 }   # the demo's 2-core box also runs the load (curl), two gateways and both model servers: mirrored calls queue
gateway:
  services:
    ranker:
      backends: { v1: "http://127.0.0.1:8091/", v2: "http://127.0.0.1:8092/" }
      production: v1
    ranker-drill:                       # the drill copy of ranker's route
      backends: { v1: "http://127.0.0.1:8094/", faulty: "http://127.0.0.1:8095/" }
      production: v1
rollout:
  controller: { interval_ms: 500, lease_ms: 5000 }
  plan:                                 # short windows for a demo; the defaults are minutes (docs/rollouts.md)
    evidence: evidence.yaml
    shadow: { min_requests: 500, min_seconds: 4, max_seconds: 120 }
    steps: [25, 50, 100]
    step: { min_requests: 500, min_seconds: 2, max_seconds: 120 }
    bake_minutes: 1                     # the live guard watches the promoted v2 this long (docs/guard.md)
drill:                                  # warden drill ranker: the faulty build and its fault endpoint (docs/drills.md)
  services:
    ranker:
      candidate: faulty
      faults: http://127.0.0.1:8096/admin/faults
      request: { body: drill-request.json }
cycle:                                  # the heartbeat cycle (docs/cycle.md): hourly; the demo asks for one at the end
  interval: 1h
  on_start: false
  services:
    ranker: { evidence: evidence.yaml, candidates: [v2], auto_rollout: false }
YAML
"${warden[@]}" serve --config "$R/warden.yaml" --urls http://127.0.0.1:8180 --admin-urls http://127.0.0.1:8179 2>"$R/serve.log" & pids+=($!)
for _ in $(seq 1 100); do curl -fsS -o /dev/null http://127.0.0.1:8180/readyz 2>/dev/null && break; sleep 0.2; done
# Live traffic: about 400 requests/s from 100 distinct users (curl --parallel, keep-alive), until the rollout ends.
for i in $(seq 1 100); do
  printf 'url = "http://127.0.0.1:8180/ranker/v2/models/ranker/infer"\nheader = "X-Warden-Key: user-%s"\nheader = "Content-Type: application/json"\ndata = "@samples/ModelServer/bench-request.json"\noutput = "/dev/null"\n' "$i"
  [ "$i" -lt 100 ] && echo next
done > "$R/load.cfg"
( for _ in $(seq 1 600); do curl -s --no-progress-meter --parallel --parallel-max 8 -K "$R/load.cfg" >/dev/null 2>&1; sleep 0.25; done ) & load=$!; pids+=($load)
# Warm-up before the shadow starts: the new gateway's path to v1 under the load, and v2 directly
# (200 calls), so the shadow verdict judges warm processes, not their first-second JIT pauses.
sed 's|127.0.0.1:8180/ranker/|127.0.0.1:8092/|' "$R/load.cfg" > "$R/warm.cfg"
for _ in 1 2; do curl -s --no-progress-meter --parallel --parallel-max 8 -K "$R/warm.cfg" >/dev/null 2>&1 || true; done
sleep 2
echo "-- API tokens (docs/roles.md): a viewer and an operator; the CLI drives the server with --server and WARDEN_TOKEN (docs/api.md)"
viewer=$("${warden[@]}" token create --name demo-viewer --role viewer --expires 1d 2>/dev/null)
operator=$("${warden[@]}" token create --name demo-operator --role operator --expires 1d 2>/dev/null)
echo "-- the viewer may not start a rollout:"
WARDEN_TOKEN=$viewer "${warden[@]}" rollout start ranker v2 --server http://127.0.0.1:8179 || echo "   -> exit $?"
echo "-- the operator starts it over the API (recorded under the token's name, demo-operator):"
WARDEN_TOKEN=$operator "${warden[@]}" rollout start ranker v2 --server http://127.0.0.1:8179
last=""
for _ in $(seq 1 240); do
  where=$("${warden[@]}" rollout list ranker --all --json | grep -m1 '"where"' | sed -E 's/.*"where": "([^"]*)".*/\1/')
  [ "$where" != "$last" ] && echo "   $(date -u +%T)  $where" && last=$where
  case "$where" in promoted|"rolled back"|*paused*) break;; esac
  if [ "$where" = "promoted, baking" ] && [ -z "${onset:-}" ]; then
    sleep 2
    onset=$(date -u +%T.%3N)
    curl -fsS -X PUT -H 'Content-Type: application/json' -d '{"error_rate": 0.05}' http://127.0.0.1:8093/admin/faults >/dev/null
    echo "   $onset  fault injected into v2: 5 % of its answers are 500s"
  fi
  sleep 0.2
done
kill "$load" 2>/dev/null || true
curl -fsS -X PUT -H 'Content-Type: application/json' -d '{"error_rate": 0}' http://127.0.0.1:8093/admin/faults >/dev/null || true
echo "-- the live guard's rollback: rollback_log.json and postmortem_report.md (copied to demo-out/)"
rb=$(ls -d "$R"/.warden/reports/*/rb-* 2>/dev/null | head -1 || true)
if [ -n "$rb" ]; then
  cp "$rb/rollback_log.json" "$rb/postmortem_report.md" demo-out/
  grep -E '"(rollback_run_id|rto_seconds|detection_seconds|rpo_seconds)"' demo-out/rollback_log.json
  grep -A1 -m1 '"trigger"' demo-out/rollback_log.json | tail -1
  sed -n 1,12p demo-out/postmortem_report.md
else
  echo "   (no automatic rollback happened; see $R/serve.log)"
fi
echo "-- a recovery drill: 5 % errors injected into the faulty build on the drill route; the guard must roll it back (demo-out/recovery_test.json)"
"${warden[@]}" drill ranker --fault errors --config "$R/warden.yaml" --gateway http://127.0.0.1:8179 --traffic http://127.0.0.1:8180 --out demo-out || echo "   -> exit $?"
echo "-- the Rollback Officer's report over the recovery runs in the audit log: the rollback above and the drill (demo-out/rollback_report.md)"
"${warden[@]}" report rollback --out demo-out
echo "== the heartbeat cycle: warden cycle run asks the running server for one (baseline checks, integration, checkpoints, verdicts, act, innovation relay)"
"${warden[@]}" cycle run --timeout 2m || echo "   -> exit $?"
cyc=$(ls -d "$R"/.warden/reports/cycles/cy-* 2>/dev/null | tail -1 || true)
if [ -n "$cyc" ]; then
  mkdir -p demo-out/cycle && cp -r "$cyc"/. demo-out/cycle/ && cp "$cyc/innovation_report.md" demo-out/
  echo "-- demo-out/innovation_report.md (excerpt):"
  sed -n 1,14p demo-out/innovation_report.md
fi
echo "-- the channels: every reviewer's feed in the audit log; v1_rollback_feed holds the guard's rollback, the drill and the cycle's checks"
"${warden[@]}" channel list
"${warden[@]}" channel tail v1_rollback_feed --limit 6
echo "== the REST API (docs/api.md): tokens with roles (docs/roles.md); the API is on the admin listener"
"${warden[@]}" token list
echo "-- GET /api/v1/rollouts/ranker/status as the viewer (excerpt):"
curl -sS -H "Authorization: Bearer $viewer" http://127.0.0.1:8179/api/v1/rollouts/ranker/status | grep -m3 -E '"(candidate|phase|where)"' || true
echo "-- POST /api/v1/cycles as the viewer is refused (403, the role it needs):"
curl -sS -o /dev/stdout -w '   -> HTTP %{http_code}\n' -X POST -H "Authorization: Bearer $viewer" http://127.0.0.1:8179/api/v1/cycles | grep -E '"detail"|HTTP'
echo "-- without a token (401):"
curl -sS -o /dev/null -w '   -> HTTP %{http_code}\n' http://127.0.0.1:8179/api/v1/channels
echo "-- POST /api/v1/cycles as the operator: the request is audited under the token's name"
curl -sS -w '   -> HTTP %{http_code}\n' -X POST -H "Authorization: Bearer $operator" http://127.0.0.1:8179/api/v1/cycles
sleep 3
"${warden[@]}" audit list --action cycle.request --json | grep -E "\"(id|actor|action)\"" | tail -3
echo "-- warden rollout status ranker: every step's analysis, values with CI95, thresholds and decisions"
"${warden[@]}" rollout status ranker --config "$R/warden.yaml" | tee "$R/rollout_status.txt"
echo "-- warden rollout history ranker, read by the viewer over the API (--server)"
WARDEN_TOKEN=$viewer "${warden[@]}" rollout history ranker --server http://127.0.0.1:8179
echo "-- who moved what: rollout.* and registry events in the audit log (the start under demo-operator)"
"${warden[@]}" audit list --subject rollout:ranker
"${warden[@]}" registry history ranker | tail -3
"${warden[@]}" audit verify
# The dashboard (docs/dashboard.md) of the server above, now that it has a rollout, a rollback, a drill
# and a cycle to show: every view in Debian's Chromium, signed in with a viewer token, by
# samples/DashboardShots (it drives the page as the browser tests do). No browser is ever downloaded.
echo "== the dashboard: a full-page screenshot of every view, signed in as a viewer (demo-out/dashboard/)"
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "-- installing Debian's chromium (apt-get install -y chromium)"
  { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || echo "   (apt-get install chromium failed)"
fi
rm -rf demo-out/dashboard
if [ -x /usr/bin/chromium ]; then
  dotnet build samples/DashboardShots/DashboardShots.csproj -c Release -nologo -clp:ErrorsOnly -v quiet >/dev/null
  shots=$("${warden[@]}" token create --name demo-dashboard --role viewer --expires 1d 2>/dev/null)
  WARDEN_TOKEN=$shots PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 dotnet samples/DashboardShots/bin/Release/net10.0/dashboard-shots.dll \
    --url http://127.0.0.1:8179/ --out demo-out/dashboard || echo "   -> exit $?"
else
  echo "   (skipped: Chromium is not at /usr/bin/chromium; install it as root with 'apt-get install -y chromium' and run ./demo.sh again)"
fi
echo "-- to look for yourself, once this script has ended: start a server on this demo's store and open the dashboard"
echo "   dotnet src/Warden/bin/Release/net10.0/warden.dll serve --config $R/warden.yaml --data-dir $R/.warden --open   # prints 'dashboard: http://127.0.0.1:8079/' (the model servers ended with the demo: backends show down)"
echo "   dotnet src/Warden/bin/Release/net10.0/warden.dll token create --name me --role viewer --data-dir $R/.warden   # paste it into the sign-in form"
echo "Reports: demo-out/innovation_report.md and the cycle's reports in demo-out/cycle/, $R/rollout_status.txt, the live shadow verdict under $R/.warden/reports/, demo-out/rollback_log.json, demo-out/postmortem_report.md, demo-out/recovery_test.json, demo-out/rollback_report.md, demo-out/store_migrate.json, the dashboard's views in demo-out/dashboard/, the server log $R/serve.log"
