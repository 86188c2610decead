#!/usr/bin/env bash
# What the REST API adds to a read of a rollout's status at P99 under 200 requests/s (target <= 1 ms;
# issue 16): the `api` mode of bench/Warden.Benchmarks (ApiLoad.cs). One Kestrel on 127.0.0.1 over a
# real SQLite store with a registered model and a stored rollout answers GET
# /api/v1/rollouts/ranker/status (bearer token and role checked) and a peer path running the same
# handler without the access check, at a fixed rate in alternating rounds (FixedRateLoad: latency
# from each request's due time). Exit 0 when the difference of the P99s is at most 1 ms and every
# request was answered 200.
# Usage: bench/api.sh [--rate 200] [--seconds 20] [--rounds 3]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet run -c Release --project bench/Warden.Benchmarks -- api "$@"
