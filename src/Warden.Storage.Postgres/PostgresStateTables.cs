using Warden.Audit;

namespace Warden.Storage.Postgres;

/// <summary>How one attested table is read: its key as text, how to find a row by key, the order rows are listed in, its content columns in digest order.</summary>
/// <param name="Name">Table name.</param>
/// <param name="KeySql">SQL expression giving the row's key text.</param>
/// <param name="KeyWhere">SQL condition selecting the row whose key is <c>@key</c>.</param>
/// <param name="OrderSql">The columns a full listing is ordered by, comma-separated: the id, or the key where there is no id (PostgreSQL has no rowid).</param>
/// <param name="Columns">Content columns, in the order the digest takes them (docs/audit.md).</param>
/// <param name="Summary">Indexes into <paramref name="Columns"/> that say what a row is about, for messages.</param>
internal sealed record PostgresStateTable(string Name, string KeySql, string KeyWhere, string OrderSql, IReadOnlyList<string> Columns, IReadOnlyList<int> Summary);

/// <summary>
/// The attested tables and their digest column order: the same tables, keys and columns as the
/// SQLite store's <c>StateTables</c> (a test holds the two lists equal), so a row hashes the same in
/// both stores. The order is the canonical form documented in docs/audit.md.
/// </summary>
internal static class PostgresStateTables
{
    private const string ById = "id = CAST(@key AS BIGINT)";
    private const string IdText = "CAST(id AS TEXT)";

    /// <summary>Every attested table, in the order <c>audit verify</c> reports them.</summary>
    public static IReadOnlyList<PostgresStateTable> All { get; } =
    [
        new(AttestedTables.Versions, "model || '@' || version", "model || '@' || version = @key", "model, version",
            ["model", "version", "artifact_path", "sha256", "size_bytes", "run_id", "data_version", "code_rev", "env_path", "env_sha256",
             "env_runtime", "env_os", "env_lock_hash", "env_artifact_sha256", "tags", "registered_at", "registered_by",
             "tampered_at", "tampered_sha256", "tamper_reason"],
            [0, 1, 3]),
        new(AttestedTables.Aliases, "model || '/' || alias", "model || '/' || alias = @key", "model, alias",
            ["model", "alias", "version", "moved_at"],
            [0, 1, 2]),
        new(AttestedTables.AliasMoves, IdText, ById, "id",
            ["id", "model", "alias", "from_version", "to_version", "time", "actor", "kind", "reason", "deployment_id"],
            [1, 2, 3, 4, 7]),
        new(AttestedTables.Verdicts, IdText, ById, "id",
            ["id", "deployment_id", "model", "candidate_version", "baseline_version", "outcome", "report_sha256", "evidence_ids", "recorded_at", "actor"],
            [2, 3, 4, 1, 5]),
        new(AttestedTables.Checkpoints, IdText, ById, "id",
            ["id", "model", "version", "verified_at", "actor", "artifact_path", "sha256", "sha256_read", "reachable", "load_time_s",
             "load_command", "load_exit_code", "status", "problem"],
            [1, 2, 12]),
        new(AttestedTables.ArtifactVerifications, IdText, ById, "id",
            ["id", "model", "version", "time", "actor", "sha256_read", "matched", "problem"],
            [1, 2, 6]),
        new(AttestedTables.Rollouts, IdText, ById, "id",
            ["id", "service", "deployment_id", "candidate", "known_good", "phase", "step", "phase_started_at", "paused", "pause_reason",
             "shadow_only", "generation", "plan_json", "evidence_path", "started_at", "started_by", "updated_at"],
            [1, 3, 5, 11]),
        new(AttestedTables.RolloutEvents, IdText, ById, "id",
            ["id", "rollout_id", "generation", "time", "actor", "input", "phase_before", "step_before", "phase_after", "step_after",
             "paused_after", "reason", "detail_json"],
            [1, 2, 5, 8]),
        new(AttestedTables.Tokens, "id", "id = @key", "id",
            ["id", "name", "role", "salt", "hash", "created_at", "created_by", "expires_at", "revoked_at", "revoked_by"],
            [1, 2]),
    ];

    /// <summary>The table named <paramref name="name"/>.</summary>
    public static PostgresStateTable Named(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"'{name}' is not an attested table", nameof(name));
}
