namespace Warden.Storage.Sqlite;

/// <summary>Schema step 1: the hash-chained audit log and its head.</summary>
internal static class AuditLogSchema
{
    // Triggers stop accidental edits through Warden's own connection or a casual sqlite3 session;
    // the hash chain is what detects a deliberate one (triggers can be dropped).
    public const string Sql = """
        CREATE TABLE audit_events (
            seq           INTEGER PRIMARY KEY,
            time          TEXT    NOT NULL,
            actor         TEXT    NOT NULL,
            action        TEXT    NOT NULL,
            subject       TEXT    NOT NULL,
            deployment_id TEXT,
            evidence_ids  TEXT    NOT NULL,
            payload       TEXT    NOT NULL,
            prev_hash     TEXT    NOT NULL,
            hash          TEXT    NOT NULL
        );
        CREATE INDEX audit_events_time ON audit_events(time);
        CREATE INDEX audit_events_subject ON audit_events(subject);
        CREATE TABLE audit_head (
            id   INTEGER PRIMARY KEY CHECK (id = 1),
            seq  INTEGER NOT NULL,
            hash TEXT    NOT NULL
        );
        CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
        CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
        """;
}
