#!/usr/bin/env bash
# Warden's whole test suite: installs what the tests need, builds, runs every test project, and
# ends with the totals alone on the last line: "N passed, N failed, N skipped".
# Usage: ./test.sh            (CI runs it through .ci/run)
set -uo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
  exit 1
fi

# System packages the tests need. None yet beyond the .NET SDK; later features (PostgreSQL,
# Prometheus, nginx) add theirs here and this script starts and stops them on 127.0.0.1.
apt_packages=()
if [ ${#apt_packages[@]} -gt 0 ]; then
  missing=()
  for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null || { echo "test.sh: apt-get install ${missing[*]} failed" >&2; exit 1; }
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results=$(mktemp -d "${TMPDIR:-/tmp}/warden-tests.XXXXXX")
trap 'rm -rf "$results"' EXIT

dotnet build Warden.slnx -c Release -nologo -clp:ErrorsOnly || { echo "0 passed, 1 failed"; echo "test.sh: build failed" >&2; exit 1; }

# One run per test project, each with its own TRX file name (a shared default name can collide).
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=$?
done

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done

if [ "$files" -eq 0 ] || [ $((passed + failed)) -eq 0 ]; then
  echo "test.sh: no test results were produced" >&2
  status=1
fi
[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
