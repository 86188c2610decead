namespace Warden.Storage.Sqlite;

/// <summary>Schema step 2: model versions, aliases and their history, artifact and checkpoint verifications, recorded verdicts.</summary>
internal static class RegistrySchema
{
    // Times are stored in the audit log's fixed-width UTC format, so text order is time order
    // and "which version held the alias at T" is a plain string comparison.
    public const string Sql = """
        CREATE TABLE model_versions (
            model               TEXT    NOT NULL,
            version             TEXT    NOT NULL,
            artifact_path       TEXT    NOT NULL,
            sha256              TEXT    NOT NULL,
            size_bytes          INTEGER NOT NULL,
            run_id              TEXT,
            data_version        TEXT,
            code_rev            TEXT,
            env_path            TEXT,
            env_sha256          TEXT,
            env_runtime         TEXT,
            env_os              TEXT,
            env_lock_hash       TEXT,
            env_artifact_sha256 TEXT,
            tags                TEXT    NOT NULL,
            registered_at       TEXT    NOT NULL,
            registered_by       TEXT    NOT NULL,
            tampered_at         TEXT,
            tampered_sha256     TEXT,
            tamper_reason       TEXT,
            PRIMARY KEY (model, version)
        );
        CREATE TABLE model_aliases (
            model    TEXT NOT NULL,
            alias    TEXT NOT NULL,
            version  TEXT NOT NULL,
            moved_at TEXT NOT NULL,
            PRIMARY KEY (model, alias),
            FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
        );
        CREATE TABLE alias_moves (
            id            INTEGER PRIMARY KEY,
            model         TEXT NOT NULL,
            alias         TEXT NOT NULL,
            from_version  TEXT,
            to_version    TEXT NOT NULL,
            time          TEXT NOT NULL,
            actor         TEXT NOT NULL,
            kind          TEXT NOT NULL,
            reason        TEXT,
            deployment_id TEXT,
            audit_seq     INTEGER NOT NULL
        );
        CREATE INDEX alias_moves_model ON alias_moves (model, alias, time);
        CREATE TABLE artifact_verifications (
            id          INTEGER PRIMARY KEY,
            model       TEXT    NOT NULL,
            version     TEXT    NOT NULL,
            time        TEXT    NOT NULL,
            actor       TEXT    NOT NULL,
            sha256_read TEXT,
            matched     INTEGER NOT NULL,
            problem     TEXT
        );
        CREATE TABLE checkpoint_verifications (
            id             INTEGER PRIMARY KEY,
            model          TEXT    NOT NULL,
            version        TEXT    NOT NULL,
            verified_at    TEXT    NOT NULL,
            actor          TEXT    NOT NULL,
            artifact_path  TEXT    NOT NULL,
            sha256         TEXT    NOT NULL,
            sha256_read    TEXT,
            reachable      INTEGER NOT NULL,
            load_time_s    REAL,
            load_command   TEXT,
            load_exit_code INTEGER,
            status         TEXT    NOT NULL,
            problem        TEXT
        );
        CREATE INDEX checkpoint_verifications_model ON checkpoint_verifications (model, version, verified_at);
        CREATE TABLE verdict_records (
            id                INTEGER PRIMARY KEY,
            deployment_id     TEXT NOT NULL,
            model             TEXT NOT NULL,
            candidate_version TEXT NOT NULL,
            baseline_version  TEXT NOT NULL,
            outcome           TEXT NOT NULL,
            report_sha256     TEXT NOT NULL,
            evidence_ids      TEXT NOT NULL,
            recorded_at       TEXT NOT NULL,
            actor             TEXT NOT NULL
        );
        CREATE INDEX verdict_records_candidate ON verdict_records (model, candidate_version);
        """;
}
