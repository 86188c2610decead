#!/usr/bin/env bash
# The heartbeat cycle's wall time over 10 services x 3 versions (target: < 10 s per cycle), measured
# by the `cycle` mode of bench/Warden.Benchmarks (CycleLoad.cs): a fresh SQLite store in a temporary
# folder; v0, v1 and v2 of each service registered through `warden registry add --env` in-process
# (16 MiB artifacts, sha256 by the registry), production moved to v0 then v1 (v0 becomes previous);
# an hour of telemetry windows recorded by the gateway's TrafficRecorder and flushed into the store
# as the gateway does (20 requests/s per service on v1, each mirrored to the candidate v2); each
# backend's OIP metadata over real HTTP (a Kestrel listener per backend on 127.0.0.1). Then the
# cycle as `warden cycle run --once` runs it, 1 warm-up + 5 measured runs, printing each run's wall
# time and phase times with their median and max, then the same over 1 service for scale.
# Usage:
#   bench/cycle.sh                                                  # the default fleet; about 30 s plus the build
#   bench/cycle.sh --history-hours 168 --runs 3 --peer-services 0   # v1 with a week of earlier telemetry (~2.5 min)
#   bench/cycle.sh --artifact-mb 128 --runs 3 --peer-services 0     # larger artifacts; a cycle re-hashes 3 per service (~1 min)
# Other options: --services N, --runs N, --warmup N, --rate REQUESTS_PER_S, --peer-services N (0: none),
# --target-seconds S, --keep (keep the temporary folder: store, artifacts, every cycle's reports).
# Exit 0 when every run (the warm-up too) took less than the target and ran all seven phases with
# none failed or partial, a verdict for every candidate and every API check PASS; 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet run -c Release --project bench/Warden.Benchmarks -- cycle "$@"
