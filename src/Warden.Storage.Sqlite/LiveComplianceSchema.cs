namespace Warden.Storage.Sqlite;

/// <summary>Schema step 6: live compliance counts on the telemetry windows.</summary>
internal static class LiveComplianceSchema
{
    // Windows written before this step were never judged, so 0 is their true count, not a guess;
    // the defaults let an ALTER keep every existing row without a rewrite.
    public const string Sql = """
        ALTER TABLE telemetry_windows ADD COLUMN compliance_judged INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE telemetry_windows ADD COLUMN compliance_ok     INTEGER NOT NULL DEFAULT 0;
        """;
}
