using Warden.Core.Traffic;

namespace Warden.Storage.Sqlite;

/// <summary>Schema step 3: the gateway's aggregated 1-second telemetry windows.</summary>
internal static class TelemetryWindowSchema
{
    // One row per series and second; latency is WindowHistogram's compact encoding
    // (docs/telemetry.md), errors_by_class a JSON object of non-zero classes.
    public const string Sql = """
        CREATE TABLE telemetry_windows (
            service         TEXT    NOT NULL,
            version         TEXT    NOT NULL,
            arm             TEXT    NOT NULL,
            start           TEXT    NOT NULL,
            requests        INTEGER NOT NULL,
            errors          INTEGER NOT NULL,
            errors_by_class TEXT    NOT NULL,
            request_bytes   INTEGER NOT NULL,
            response_bytes  INTEGER NOT NULL,
            latency         BLOB    NOT NULL,
            PRIMARY KEY (service, version, arm, start)
        ) WITHOUT ROWID;
        """;
}
