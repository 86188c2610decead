namespace Warden.Storage.Sqlite;

/// <summary>
/// Every schema step of the SQLite store, oldest first. Never edit a released step: add a new
/// one. A database whose version is above <see cref="Latest"/> was written by a newer Warden and
/// is refused, not guessed at.
/// </summary>
internal static class SchemaMigrations
{
    /// <summary>The steps in order.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "audit log", AuditLogSchema.Sql),
        new(2, "registry", RegistrySchema.Sql),
        new(3, "telemetry windows", TelemetryWindowSchema.Sql),
        new(4, "row attestation", RowAttestationSchema.Sql, RowAttestationSchema.AttestExistingAsync),
        new(5, "rollouts and leases", RolloutSchema.Sql),
        new(6, "live compliance", LiveComplianceSchema.Sql),
        new(7, "api tokens", TokenSchema.Sql),
    ];

    /// <summary>The schema version this binary writes.</summary>
    public static int Latest => All[^1].Version;
}
