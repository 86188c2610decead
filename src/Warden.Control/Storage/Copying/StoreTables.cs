namespace Warden.Storage.Copying;

/// <summary>
/// The tables every store holds (each store's own schema bookkeeping, <c>schema_migrations</c>,
/// aside), in the order a copy writes them: a row's references are written before it.
/// </summary>
internal static class StoreTables
{
    /// <summary>The tables, parents first.</summary>
    public static IReadOnlyList<string> CopyOrder { get; } =
    [
        "audit_events",
        "audit_head",
        "model_versions",
        "model_aliases",
        "alias_moves",
        "artifact_verifications",
        "checkpoint_verifications",
        "verdict_records",
        "telemetry_windows",
        "rollouts",
        "rollout_events",
        "leases",
        "api_tokens",
    ];
}
