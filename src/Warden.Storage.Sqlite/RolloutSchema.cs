namespace Warden.Storage.Sqlite;

/// <summary>Schema step 5: rollouts, their history, and leases.</summary>
internal static class RolloutSchema
{
    // Times are in the audit log's fixed-width UTC text with seven fractional digits (ticks), so
    // text order is time order to the tick: a lease's "expires_at > $now" is a string comparison
    // that is exact at the boundary.
    //
    // rollouts and rollout_events are attested state rows (StateTables). finished is derived from
    // phase, so no write can leave the two disagreeing, and it is not part of the row's digest.
    // The partial unique index allows one unfinished rollout per service; the repository checks
    // first and answers null, the index is the backstop against any other writer.
    //
    // leases are NOT attested: the controller renews its lease every interval (1 s by default),
    // and an audit event per renewal would flood the log with entries that decide nothing. What a
    // lease lets the leader do (a rollout transition) is attested where it is written; a hand edit
    // of a lease can at most let a second server act, and its transitions still pass the
    // generation compare-and-set and are audited like any other.
    public const string Sql = """
        CREATE TABLE rollouts (
            id               INTEGER PRIMARY KEY,
            service          TEXT    NOT NULL,
            deployment_id    TEXT    NOT NULL,
            candidate        TEXT    NOT NULL,
            known_good       TEXT    NOT NULL,
            phase            TEXT    NOT NULL,
            step             INTEGER NOT NULL,
            phase_started_at TEXT    NOT NULL,
            paused           INTEGER NOT NULL,
            pause_reason     TEXT,
            shadow_only      INTEGER NOT NULL,
            generation       INTEGER NOT NULL,
            plan_json        TEXT    NOT NULL,
            evidence_path    TEXT,
            started_at       TEXT    NOT NULL,
            started_by       TEXT    NOT NULL,
            updated_at       TEXT    NOT NULL,
            finished         INTEGER GENERATED ALWAYS AS (phase IN ('Promoted', 'RolledBack')) VIRTUAL,
            audit_seq        INTEGER,
            row_sha256       TEXT
        );
        CREATE UNIQUE INDEX rollouts_one_unfinished ON rollouts (service) WHERE finished = 0;
        CREATE INDEX rollouts_service ON rollouts (service, id);
        CREATE TABLE rollout_events (
            id           INTEGER PRIMARY KEY,
            rollout_id   INTEGER NOT NULL REFERENCES rollouts (id),
            generation   INTEGER NOT NULL,
            time         TEXT    NOT NULL,
            actor        TEXT    NOT NULL,
            input        TEXT    NOT NULL,
            phase_before TEXT,
            step_before  INTEGER NOT NULL,
            phase_after  TEXT    NOT NULL,
            step_after   INTEGER NOT NULL,
            paused_after INTEGER NOT NULL,
            reason       TEXT    NOT NULL,
            detail_json  TEXT,
            audit_seq    INTEGER,
            row_sha256   TEXT,
            UNIQUE (rollout_id, generation)
        );
        CREATE TABLE leases (
            name        TEXT    PRIMARY KEY,
            holder      TEXT    NOT NULL,
            epoch       INTEGER NOT NULL,
            acquired_at TEXT    NOT NULL,
            expires_at  TEXT    NOT NULL
        );
        """;
}
