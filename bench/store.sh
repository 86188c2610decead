#!/usr/bin/env bash
# The PostgreSQL store beside SQLite (bench/README.md, "PostgreSQL beside SQLite"): durable audit
# appends and `audit verify` over 1 M events on both, `warden store migrate` SQLite -> PostgreSQL
# (rows/s of its binary COPY), `warden audit verify` as a real process on both, and several
# `warden audit append` processes writing at once to each.
#
# PostgreSQL runs as a private cluster in a temp dir under /tmp on 127.0.0.1:$PG_PORT (a socket in
# that dir too), started here and stopped by pg_ctl at exit. It is DURABLE as the SQLite store is:
# fsync=on and synchronous_commit=on (the defaults, set explicitly; test.sh's cluster runs with
# fsync=off and must not be used for these figures), so a commit returns only once its WAL is
# flushed to disk. Logins over TCP need a password (scram-sha-256), handed over in PGPASSWORD.
#
# Installs nothing. Needs the .NET 10 SDK, PostgreSQL's server binaries under
# /usr/lib/postgresql/VERSION/bin (Debian: apt-get install postgresql) and GNU time (/usr/bin/time;
# apt-get install time). Run as root, the server runs as the 'postgres' user the package creates.
# Usage:
#   bench/store.sh                # everything, about 15 minutes on the 2-core reference machine
#   NO_BDN=1 bench/store.sh       # skip the BenchmarkDotNet suites (the process-level figures only)
# Settings (environment): PG_PORT (15470), EVENTS (1000000, events of the verified log), RUNS (3,
# `audit verify` runs per store, alternated), APPENDERS (4 processes), NOTES (250 notes each),
# BDN_ARGS (more BenchmarkDotNet arguments, e.g. --inProcess when the generated project does not
# build in time), OUT (bench/out/store: the logs and BenchmarkDotNet's tables), KEEP=1 (keep the
# temp dir).
set -euo pipefail
[ -n "${OUT:-}" ] && OUT=$(realpath -m "$OUT")   # relative to where the script was called from
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
PG_PORT=${PG_PORT:-15470} EVENTS=${EVENTS:-1000000} RUNS=${RUNS:-3}
APPENDERS=${APPENDERS:-4} NOTES=${NOTES:-250}
OUT=${OUT:-$PWD/bench/out/store}
mkdir -p "$OUT"

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "store.sh: PostgreSQL's initdb was not found under /usr/lib/postgresql/*/bin; install it: apt-get install postgresql" >&2
  exit 1
fi
[ -x /usr/bin/time ] || { echo "store.sh: /usr/bin/time is missing; install it: apt-get install time" >&2; exit 1; }

work=$(mktemp -d /tmp/warden-store-bench.XXXXXX)
# The cluster's own dir, which the 'postgres' user must reach (the work dir is root's, mode 700).
pg_dir=$(mktemp -d /tmp/warden-store-bench-pg.XXXXXX)
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  if [ -f "$pg_dir/data/postmaster.pid" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "${KEEP:-}" ]; then echo "kept $work $pg_dir"; else rm -rf "$work" "$pg_dir"; fi
}
trap cleanup EXIT
started=$SECONDS
summary="$OUT/summary.txt"
: >"$summary"
say() { echo "$*" | tee -a "$summary"; }
# The machine's load beside each figure: on a shared machine it explains most of the spread.
load() { cut -d' ' -f1-3 /proc/loadavg; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'; }

echo "== building (Release)"
dotnet build src/Warden/Warden.csproj -c Release -nologo -clp:ErrorsOnly -v quiet >/dev/null
dotnet build bench/Warden.Benchmarks/Warden.Benchmarks.csproj -c Release -nologo -clp:ErrorsOnly -v quiet >/dev/null
warden=(dotnet src/Warden/bin/Release/net10.0/warden.dll)
bench=(dotnet bench/Warden.Benchmarks/bin/Release/net10.0/Warden.Benchmarks.dll)

echo "== PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (durable: fsync=on, synchronous_commit=on)"
pg_password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
printf '%s\n' "$pg_password" >"$pg_dir/password"
[ "$(id -u)" -eq 0 ] && chown -R postgres: "$pg_dir"
chmod 700 "$pg_dir"
# --no-sync only skips initdb's own final fsync of the new cluster; the server below fsyncs every commit.
as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U warden --auth-local=trust --auth-host=scram-sha-256 \
  --pwfile="$pg_dir/password" -E UTF8 --no-sync >"$pg_dir/initdb.log" 2>&1 \
  || { tail -n 20 "$pg_dir/initdb.log" >&2; exit 1; }
as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w -t 60 start \
  -o "-p $PG_PORT -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c full_page_writes=on" >/dev/null \
  || { tail -n 20 "$pg_dir/postgres.log" >&2; exit 1; }
as_postgres "$pg_bin/createdb" -h "$pg_dir" -p "$PG_PORT" -U warden warden
settings=$(as_postgres "$pg_bin/psql" -h "$pg_dir" -p "$PG_PORT" -U warden -d warden -Atc \
  "select string_agg(name || '=' || setting, ' ' order by name) from pg_settings where name in ('fsync','synchronous_commit','wal_sync_method','full_page_writes','shared_buffers')")
say "server: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}'), $settings (shared_buffers in 8 kB pages)"
export PGPASSWORD="$pg_password"
pg_url="postgres://warden@127.0.0.1:$PG_PORT/warden"
export WARDEN_BENCH_POSTGRES="$pg_url"

echo "== $EVENTS events written to a SQLite data dir by audit-log"
sqlite_dir="$work/sqlite"
t0=$EPOCHREALTIME
"${bench[@]}" audit-log "$sqlite_dir" "$EVENTS"
say "$(printf 'audit-log: %s events to SQLite in %.1f s (one transaction), database %s' "$EVENTS" "$(since "$t0")" "$(du -h "$sqlite_dir/warden.db" | cut -f1)")"

echo "== warden store migrate --from sqlite:... --to postgres://...?schema=verify"
stamp() { while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done; }
t0=$EPOCHREALTIME
"${warden[@]}" store migrate --from "sqlite:$sqlite_dir" --to "$pg_url?schema=verify" 2>&1 | stamp >"$OUT/migrate.log"
migrate_seconds=$(since "$t0")
# The copy alone: from the first progress line of audit_events (100,000 rows, after the source was
# verified) to its last (every row sent; then the commit, then the target is verified).
copy=$(awk '/audit_events: / { gsub(",", "", $3); gsub(",", "", $5); if (first == "") { first = $1; from = $3 } last = $1; to = $3 }
            END { if (last > first) printf "%d rows in %.2f s: %.0f rows/s", to - from, last - first, (to - from) / (last - first) }' "$OUT/migrate.log")
said=$(grep -o 'copied [0-9,]* rows .* in [0-9.]* s' "$OUT/migrate.log" || true)
say "$(printf 'migrate: process %.1f s in all; %s; COPY of audit_events (after the first 100,000) %s (load %s)' "$migrate_seconds" "${said:-no summary line}" "${copy:-not measured}" "$(load)")"
grep -q 'OK: the target' "$OUT/migrate.log" || { echo "store.sh: the migrated store did not verify; see $OUT/migrate.log" >&2; exit 1; }

echo "== warden audit verify, $RUNS runs per store, alternated"
for i in $(seq 1 "$RUNS"); do
  for store in "sqlite:$sqlite_dir" "$pg_url?schema=verify"; do
    name=${store%%:*}
    /usr/bin/time -o "$work/time" -f "%e s, max RSS %M KB" "${warden[@]}" audit verify --store "$store" >"$work/verify.out" 2>&1 \
      || { cat "$work/verify.out" >&2; exit 1; }
    say "verify $name run $i: $(cat "$work/time") (load $(load))"
  done
done

echo "== $APPENDERS warden audit append processes at once, $NOTES notes each (one transaction per note)"
notes="$work/notes.jsonl"
for i in $(seq 1 "$NOTES"); do
  printf '{"subject":"service:search","action":"note.bench","payload":{"text":"restarted replica %d","ticket":"OPS-%d"}}\n' "$((i % 7))" "$i"
done >"$notes"
for kind in sqlite postgres; do
  if [ "$kind" = sqlite ]; then store="sqlite:$work/appenders"; else store="$pg_url?schema=appenders"; fi
  # The store is created first, so the appenders race on appends only.
  "${warden[@]}" audit append --store "$store" --subject service:search --payload '{"text":"start"}' >/dev/null
  pids=()
  t0=$EPOCHREALTIME
  for p in $(seq 1 "$APPENDERS"); do
    /usr/bin/time -o "$work/append-$kind-$p.time" -f "%e" "${warden[@]}" audit append --store "$store" --from "$notes" --lock-timeout 60 >"$work/append-$kind-$p.out" 2>&1 &
    pids+=($!)
  done
  failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  wall=$(since "$t0")
  [ "$failed" -eq 0 ] || { cat "$work"/append-"$kind"-*.out >&2; exit 1; }
  "${warden[@]}" audit verify --store "$store" >"$work/verify.out" 2>&1 || { cat "$work/verify.out" >&2; exit 1; }
  total=$((APPENDERS * NOTES))
  each=$(cat "$work"/append-"$kind"-*.time | sort -n | tr '\n' ' ')
  say "$(printf 'appenders %s: %d processes x %d notes = %d events in %.2f s wall (process start included): %.0f events/s; each process %ss (load %s)' \
    "$kind" "$APPENDERS" "$NOTES" "$total" "$wall" "$(awk -v n="$total" -v s="$wall" 'BEGIN { print n / s }')" "$each" "$(load)")"
done

if [ -z "${NO_BDN:-}" ]; then
  echo "== BenchmarkDotNet (last: it builds its own project, minutes on a busy machine): AuditAppend and AuditVerify on sqlite and postgres (log: $OUT/bdn.log)"
  # One run for both suites: BenchmarkDotNet builds its generated project once (minutes on a busy machine).
  # shellcheck disable=SC2086
  "${bench[@]}" --filter '*AuditAppend*' '*AuditVerify*' --buildTimeout 1800 --artifacts "$work/bdn" ${BDN_ARGS:-} >"$OUT/bdn.log" 2>&1 \
    || { echo "store.sh: BenchmarkDotNet failed; see $OUT/bdn.log" >&2; exit 1; }
  say "BenchmarkDotNet done (load $(load))"
  cp "$work"/bdn/results/*-github.md "$OUT/" 2>/dev/null || true
  for f in "$work"/bdn/results/*-github.md; do
    [ -e "$f" ] || continue
    { echo; echo "$(basename "$f" -report-github.md):"; grep '^|' "$f" | sed 's/\*\*//g'; } | tee -a "$summary"
  done
fi

echo
echo "== summary (also in $summary), $((SECONDS - started)) s in all"
cat "$summary"
