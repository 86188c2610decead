namespace Warden.Storage.Postgres;

/// <summary>
/// PostgreSQL schema step 1: every table of the SQLite store at its schema version 7, in one step
/// (no PostgreSQL store existed before it, so there is no older shape to upgrade from).
/// </summary>
/// <remarks>
/// The tables and columns are SQLite's one to one, in the same order, so that a store can be copied
/// table by table with one column list. Times and JSON stay TEXT exactly as SQLite stores them: the
/// audit chain hashes those strings, and the state-row digests hash the values as read back, so
/// both come out byte-identical for the same events. SQLite's INTEGER is BIGINT here (booleans
/// included, 0 or 1), REAL is DOUBLE PRECISION, BLOB is BYTEA. An INTEGER PRIMARY KEY is a plain
/// BIGINT key that the repositories fill with max + 1, as SQLite assigns a rowid: writers are
/// serialized, so no two take the same id, and a copy can insert the ids it brings.
/// Every TEXT column is COLLATE "C": comparisons and ORDER BY are by bytes, as in SQLite, whatever
/// the database's locale (fixed-width times compare as times only byte by byte).
/// </remarks>
internal static class WardenSchema
{
    public const string Sql = """
        CREATE TABLE audit_events (
            seq           BIGINT PRIMARY KEY,
            time          TEXT COLLATE "C" NOT NULL,
            actor         TEXT COLLATE "C" NOT NULL,
            action        TEXT COLLATE "C" NOT NULL,
            subject       TEXT COLLATE "C" NOT NULL,
            deployment_id TEXT COLLATE "C",
            evidence_ids  TEXT COLLATE "C" NOT NULL,
            payload       TEXT COLLATE "C" NOT NULL,
            prev_hash     TEXT COLLATE "C" NOT NULL,
            hash          TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX audit_events_time ON audit_events (time);
        CREATE INDEX audit_events_subject ON audit_events (subject);
        CREATE TABLE audit_head (
            id   BIGINT PRIMARY KEY CHECK (id = 1),
            seq  BIGINT NOT NULL,
            hash TEXT COLLATE "C" NOT NULL
        );
        -- As in SQLite: the triggers stop accidental edits through Warden's own connection or a casual
        -- psql session; the hash chain is what detects a deliberate one (triggers can be dropped).
        CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            RAISE EXCEPTION 'audit events are append-only';
        END
        $fn$;
        CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
            FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
        CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
            FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
        -- TRUNCATE fires no row trigger; SQLite has no TRUNCATE to guard against.
        CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
            FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

        CREATE TABLE model_versions (
            model               TEXT COLLATE "C" NOT NULL,
            version             TEXT COLLATE "C" NOT NULL,
            artifact_path       TEXT COLLATE "C" NOT NULL,
            sha256              TEXT COLLATE "C" NOT NULL,
            size_bytes          BIGINT NOT NULL,
            run_id              TEXT COLLATE "C",
            data_version        TEXT COLLATE "C",
            code_rev            TEXT COLLATE "C",
            env_path            TEXT COLLATE "C",
            env_sha256          TEXT COLLATE "C",
            env_runtime         TEXT COLLATE "C",
            env_os              TEXT COLLATE "C",
            env_lock_hash       TEXT COLLATE "C",
            env_artifact_sha256 TEXT COLLATE "C",
            tags                TEXT COLLATE "C" NOT NULL,
            registered_at       TEXT COLLATE "C" NOT NULL,
            registered_by       TEXT COLLATE "C" NOT NULL,
            tampered_at         TEXT COLLATE "C",
            tampered_sha256     TEXT COLLATE "C",
            tamper_reason       TEXT COLLATE "C",
            audit_seq           BIGINT,
            row_sha256          TEXT COLLATE "C",
            PRIMARY KEY (model, version)
        );
        CREATE TABLE model_aliases (
            model      TEXT COLLATE "C" NOT NULL,
            alias      TEXT COLLATE "C" NOT NULL,
            version    TEXT COLLATE "C" NOT NULL,
            moved_at   TEXT COLLATE "C" NOT NULL,
            audit_seq  BIGINT,
            row_sha256 TEXT COLLATE "C",
            PRIMARY KEY (model, alias),
            FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
        );
        CREATE TABLE alias_moves (
            id            BIGINT PRIMARY KEY,
            model         TEXT COLLATE "C" NOT NULL,
            alias         TEXT COLLATE "C" NOT NULL,
            from_version  TEXT COLLATE "C",
            to_version    TEXT COLLATE "C" NOT NULL,
            time          TEXT COLLATE "C" NOT NULL,
            actor         TEXT COLLATE "C" NOT NULL,
            kind          TEXT COLLATE "C" NOT NULL,
            reason        TEXT COLLATE "C",
            deployment_id TEXT COLLATE "C",
            audit_seq     BIGINT NOT NULL,
            row_sha256    TEXT COLLATE "C"
        );
        CREATE INDEX alias_moves_model ON alias_moves (model, alias, time);
        CREATE TABLE artifact_verifications (
            id          BIGINT PRIMARY KEY,
            model       TEXT COLLATE "C" NOT NULL,
            version     TEXT COLLATE "C" NOT NULL,
            time        TEXT COLLATE "C" NOT NULL,
            actor       TEXT COLLATE "C" NOT NULL,
            sha256_read TEXT COLLATE "C",
            matched     BIGINT NOT NULL,
            problem     TEXT COLLATE "C",
            audit_seq   BIGINT,
            row_sha256  TEXT COLLATE "C"
        );
        CREATE TABLE checkpoint_verifications (
            id             BIGINT PRIMARY KEY,
            model          TEXT COLLATE "C" NOT NULL,
            version        TEXT COLLATE "C" NOT NULL,
            verified_at    TEXT COLLATE "C" NOT NULL,
            actor          TEXT COLLATE "C" NOT NULL,
            artifact_path  TEXT COLLATE "C" NOT NULL,
            sha256         TEXT COLLATE "C" NOT NULL,
            sha256_read    TEXT COLLATE "C",
            reachable      BIGINT NOT NULL,
            load_time_s    DOUBLE PRECISION,
            load_command   TEXT COLLATE "C",
            load_exit_code BIGINT,
            status         TEXT COLLATE "C" NOT NULL,
            problem        TEXT COLLATE "C",
            audit_seq      BIGINT,
            row_sha256     TEXT COLLATE "C"
        );
        CREATE INDEX checkpoint_verifications_model ON checkpoint_verifications (model, version, verified_at);
        CREATE TABLE verdict_records (
            id                BIGINT PRIMARY KEY,
            deployment_id     TEXT COLLATE "C" NOT NULL,
            model             TEXT COLLATE "C" NOT NULL,
            candidate_version TEXT COLLATE "C" NOT NULL,
            baseline_version  TEXT COLLATE "C" NOT NULL,
            outcome           TEXT COLLATE "C" NOT NULL,
            report_sha256     TEXT COLLATE "C" NOT NULL,
            evidence_ids      TEXT COLLATE "C" NOT NULL,
            recorded_at       TEXT COLLATE "C" NOT NULL,
            actor             TEXT COLLATE "C" NOT NULL,
            audit_seq         BIGINT,
            row_sha256        TEXT COLLATE "C"
        );
        CREATE INDEX verdict_records_candidate ON verdict_records (model, candidate_version);

        -- One row per series and second; latency is WindowHistogram's compact encoding, errors_by_class
        -- a JSON object of non-zero classes.
        CREATE TABLE telemetry_windows (
            service           TEXT COLLATE "C" NOT NULL,
            version           TEXT COLLATE "C" NOT NULL,
            arm               TEXT COLLATE "C" NOT NULL,
            start             TEXT COLLATE "C" NOT NULL,
            requests          BIGINT NOT NULL,
            errors            BIGINT NOT NULL,
            errors_by_class   TEXT COLLATE "C" NOT NULL,
            request_bytes     BIGINT NOT NULL,
            response_bytes    BIGINT NOT NULL,
            latency           BYTEA NOT NULL,
            compliance_judged BIGINT NOT NULL DEFAULT 0,
            compliance_ok     BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (service, version, arm, start)
        );

        -- finished is derived from phase (STORED: PostgreSQL before 18 has no virtual generated
        -- columns), so no write can leave the two disagreeing; the partial unique index allows one
        -- unfinished rollout per service. leases are not attested (see the SQLite step 5 for why).
        CREATE TABLE rollouts (
            id               BIGINT PRIMARY KEY,
            service          TEXT COLLATE "C" NOT NULL,
            deployment_id    TEXT COLLATE "C" NOT NULL,
            candidate        TEXT COLLATE "C" NOT NULL,
            known_good       TEXT COLLATE "C" NOT NULL,
            phase            TEXT COLLATE "C" NOT NULL,
            step             BIGINT NOT NULL,
            phase_started_at TEXT COLLATE "C" NOT NULL,
            paused           BIGINT NOT NULL,
            pause_reason     TEXT COLLATE "C",
            shadow_only      BIGINT NOT NULL,
            generation       BIGINT NOT NULL,
            plan_json        TEXT COLLATE "C" NOT NULL,
            evidence_path    TEXT COLLATE "C",
            started_at       TEXT COLLATE "C" NOT NULL,
            started_by       TEXT COLLATE "C" NOT NULL,
            updated_at       TEXT COLLATE "C" NOT NULL,
            finished         BIGINT GENERATED ALWAYS AS (CASE WHEN phase IN ('Promoted', 'RolledBack') THEN 1 ELSE 0 END) STORED,
            audit_seq        BIGINT,
            row_sha256       TEXT COLLATE "C"
        );
        CREATE UNIQUE INDEX rollouts_one_unfinished ON rollouts (service) WHERE finished = 0;
        CREATE INDEX rollouts_service ON rollouts (service, id);
        CREATE TABLE rollout_events (
            id           BIGINT PRIMARY KEY,
            rollout_id   BIGINT NOT NULL REFERENCES rollouts (id),
            generation   BIGINT NOT NULL,
            time         TEXT COLLATE "C" NOT NULL,
            actor        TEXT COLLATE "C" NOT NULL,
            input        TEXT COLLATE "C" NOT NULL,
            phase_before TEXT COLLATE "C",
            step_before  BIGINT NOT NULL,
            phase_after  TEXT COLLATE "C" NOT NULL,
            step_after   BIGINT NOT NULL,
            paused_after BIGINT NOT NULL,
            reason       TEXT COLLATE "C" NOT NULL,
            detail_json  TEXT COLLATE "C",
            audit_seq    BIGINT,
            row_sha256   TEXT COLLATE "C",
            UNIQUE (rollout_id, generation)
        );
        CREATE TABLE leases (
            name        TEXT COLLATE "C" PRIMARY KEY,
            holder      TEXT COLLATE "C" NOT NULL,
            epoch       BIGINT NOT NULL,
            acquired_at TEXT COLLATE "C" NOT NULL,
            expires_at  TEXT COLLATE "C" NOT NULL
        );

        -- id is the token's public id (hex); salt and hash are hex, SHA-256(salt || secret); the token
        -- itself is stored nowhere. name is unique for good, revoked tokens included.
        CREATE TABLE api_tokens (
            id         TEXT COLLATE "C" PRIMARY KEY,
            name       TEXT COLLATE "C" NOT NULL UNIQUE,
            role       TEXT COLLATE "C" NOT NULL,
            salt       TEXT COLLATE "C" NOT NULL,
            hash       TEXT COLLATE "C" NOT NULL,
            created_at TEXT COLLATE "C" NOT NULL,
            created_by TEXT COLLATE "C" NOT NULL,
            expires_at TEXT COLLATE "C",
            revoked_at TEXT COLLATE "C",
            revoked_by TEXT COLLATE "C",
            audit_seq  BIGINT,
            row_sha256 TEXT COLLATE "C"
        );
        """;
}
