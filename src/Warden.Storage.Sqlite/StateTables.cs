using Warden.Audit;

namespace Warden.Storage.Sqlite;

/// <summary>
/// The attested tables (schema steps 4, 5 and 7) and their digest column order. The order here is the
/// canonical form documented in docs/audit.md: change it and every stored digest stops matching,
/// so a later schema step that adds a column appends it and attests the rows again.
/// </summary>
internal static class StateTables
{
    private const string ById = "id = CAST($key AS INTEGER)";
    private const string IdText = "CAST(id AS TEXT)";

    /// <summary>Every attested table, in the order <c>audit verify</c> reports them.</summary>
    public static IReadOnlyList<StateTable> All { get; } =
    [
        new(AttestedTables.Versions, "model || '@' || version", "model || '@' || version = $key",
            ["model", "version", "artifact_path", "sha256", "size_bytes", "run_id", "data_version", "code_rev", "env_path", "env_sha256",
             "env_runtime", "env_os", "env_lock_hash", "env_artifact_sha256", "tags", "registered_at", "registered_by",
             "tampered_at", "tampered_sha256", "tamper_reason"],
            [0, 1, 3]),
        new(AttestedTables.Aliases, "model || '/' || alias", "model || '/' || alias = $key",
            ["model", "alias", "version", "moved_at"],
            [0, 1, 2]),
        new(AttestedTables.AliasMoves, IdText, ById,
            ["id", "model", "alias", "from_version", "to_version", "time", "actor", "kind", "reason", "deployment_id"],
            [1, 2, 3, 4, 7]),
        new(AttestedTables.Verdicts, IdText, ById,
            ["id", "deployment_id", "model", "candidate_version", "baseline_version", "outcome", "report_sha256", "evidence_ids", "recorded_at", "actor"],
            [2, 3, 4, 1, 5]),
        new(AttestedTables.Checkpoints, IdText, ById,
            ["id", "model", "version", "verified_at", "actor", "artifact_path", "sha256", "sha256_read", "reachable", "load_time_s",
             "load_command", "load_exit_code", "status", "problem"],
            [1, 2, 12]),
        new(AttestedTables.ArtifactVerifications, IdText, ById,
            ["id", "model", "version", "time", "actor", "sha256_read", "matched", "problem"],
            [1, 2, 6]),
        new(AttestedTables.Rollouts, IdText, ById,
            ["id", "service", "deployment_id", "candidate", "known_good", "phase", "step", "phase_started_at", "paused", "pause_reason",
             "shadow_only", "generation", "plan_json", "evidence_path", "started_at", "started_by", "updated_at"],
            [1, 3, 5, 11]),
        new(AttestedTables.RolloutEvents, IdText, ById,
            ["id", "rollout_id", "generation", "time", "actor", "input", "phase_before", "step_before", "phase_after", "step_after",
             "paused_after", "reason", "detail_json"],
            [1, 2, 5, 8]),
        new(AttestedTables.Tokens, "id", "id = $key",
            ["id", "name", "role", "salt", "hash", "created_at", "created_by", "expires_at", "revoked_at", "revoked_by"],
            [1, 2]),
    ];

    /// <summary>The tables schema step 4 attests: those that existed then (a later step's tables do not exist yet while it runs).</summary>
    public static IReadOnlyList<StateTable> SchemaFour { get; } =
    [
        .. All.Where(t => t.Name is AttestedTables.Versions or AttestedTables.Aliases or AttestedTables.AliasMoves
            or AttestedTables.Verdicts or AttestedTables.Checkpoints or AttestedTables.ArtifactVerifications),
    ];

    /// <summary>The table named <paramref name="name"/>.</summary>
    public static StateTable Named(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"'{name}' is not an attested table", nameof(name));
}
