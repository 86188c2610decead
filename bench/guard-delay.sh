#!/usr/bin/env bash
# Detection delay and A/A false alarms of the live guard's anytime-valid rate tests, by simulation
# (seeded, deterministic): prints the markdown tables of docs/guard.md. Usage:
#   bench/guard-delay.sh                                  # 2,000 streams per delay row, 10,000 A/A streams
#   bench/guard-delay.sh --streams 500 --aa-streams 2000  # quicker
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/Warden.Benchmarks -- guard-delay "$@"
