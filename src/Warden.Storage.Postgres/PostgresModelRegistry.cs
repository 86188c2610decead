using System.Text.Json;
using Npgsql;
using Warden.Registry;
using static Warden.Storage.Postgres.PostgresValues;

namespace Warden.Storage.Postgres;

/// <summary><see cref="IModelRegistryRepository"/> over <c>model_versions</c>, <c>model_aliases</c>, <c>alias_moves</c> and <c>artifact_verifications</c>.</summary>
internal sealed class PostgresModelRegistry(PostgresStoreTransaction tx) : IModelRegistryRepository
{
    private const string VersionColumns =
        "model, version, artifact_path, sha256, size_bytes, run_id, data_version, code_rev, env_path, env_sha256, env_runtime, env_os, " +
        "env_lock_hash, env_artifact_sha256, tags, registered_at, registered_by, tampered_at, tampered_sha256, tamper_reason";

    private const string MoveColumns = "model, alias, from_version, to_version, time, actor, kind, reason, deployment_id, audit_seq";

    /// <inheritdoc />
    public async ValueTask<ModelVersion?> FindAsync(string model, string version, CancellationToken cancellationToken)
    {
        await using var command = tx.Command($"SELECT {VersionColumns} FROM model_versions WHERE model = @model AND version = @version");
        Add(command, "model", model);
        Add(command, "version", version);
        return (await ReadVersionsAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ModelVersion>> VersionsAsync(string model, CancellationToken cancellationToken)
    {
        await using var command = tx.Command($"SELECT {VersionColumns} FROM model_versions WHERE model = @model ORDER BY registered_at, version");
        Add(command, "model", model);
        return await ReadVersionsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ModelVersion>> AllAsync(CancellationToken cancellationToken)
    {
        await using var command = tx.Command($"SELECT {VersionColumns} FROM model_versions ORDER BY model, registered_at, version");
        return await ReadVersionsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask InsertAsync(ModelVersion v, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(
            $"INSERT INTO model_versions ({VersionColumns}) VALUES (@model, @version, @path, @sha, @size, @run, @data, @code, @envPath, @envSha, " +
            "@runtime, @os, @lock, @envArtifact, @tags, @at, @by, NULL, NULL, NULL)");
        var env = v.Lineage.Environment;
        Add(command, "model", v.Model);
        Add(command, "version", v.Version);
        Add(command, "path", v.ArtifactPath);
        Add(command, "sha", v.Sha256);
        Add(command, "size", v.SizeBytes);
        Add(command, "run", v.Lineage.RunId);
        Add(command, "data", v.Lineage.DataVersion);
        Add(command, "code", v.Lineage.CodeRev);
        Add(command, "envPath", env?.Path);
        Add(command, "envSha", env?.Sha256);
        Add(command, "runtime", env?.Runtime);
        Add(command, "os", env?.Os);
        Add(command, "lock", env?.LockHash);
        Add(command, "envArtifact", env?.ArtifactSha256);
        Add(command, "tags", JsonSerializer.Serialize(v.Tags));
        Add(command, "at", Time(v.RegisteredAt));
        Add(command, "by", v.RegisteredBy);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask MarkTamperedAsync(string model, string version, TamperMark mark, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(
            "UPDATE model_versions SET tampered_at = @at, tampered_sha256 = @sha, tamper_reason = @reason " +
            "WHERE model = @model AND version = @version AND tampered_at IS NULL");
        Add(command, "at", Time(mark.At));
        Add(command, "sha", mark.Sha256Read);
        Add(command, "reason", mark.Reason);
        Add(command, "model", model);
        Add(command, "version", version);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<string, string>> AliasesAsync(string model, CancellationToken cancellationToken)
    {
        await using var command = tx.Command("SELECT alias, version FROM model_aliases WHERE model = @model ORDER BY alias");
        Add(command, "model", model);
        var aliases = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            aliases[reader.GetString(0)] = reader.GetString(1);
        }

        return aliases;
    }

    /// <inheritdoc />
    public async ValueTask<long> MoveAliasAsync(AliasMove move, CancellationToken cancellationToken)
    {
        await using (var set = tx.Command(
            "INSERT INTO model_aliases (model, alias, version, moved_at) VALUES (@model, @alias, @version, @at) " +
            "ON CONFLICT (model, alias) DO UPDATE SET version = excluded.version, moved_at = excluded.moved_at"))
        {
            Add(set, "model", move.Model);
            Add(set, "alias", move.Alias);
            Add(set, "version", move.ToVersion);
            Add(set, "at", Time(move.Time));
            await set.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var insert = tx.Command(
            $"INSERT INTO alias_moves (id, {MoveColumns}) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM alias_moves), @model, @alias, @from, @to, @time, @actor, @kind, @reason, @deployment, @seq) RETURNING id");
        Add(insert, "model", move.Model);
        Add(insert, "alias", move.Alias);
        Add(insert, "from", move.FromVersion);
        Add(insert, "to", move.ToVersion);
        Add(insert, "time", Time(move.Time));
        Add(insert, "actor", move.Actor);
        Add(insert, "kind", move.Kind);
        Add(insert, "reason", move.Reason);
        Add(insert, "deployment", move.DeploymentId);
        Add(insert, "seq", move.AuditSequence);
        return (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AliasMove>> HistoryAsync(string model, string? alias, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(
            $"SELECT {MoveColumns} FROM alias_moves WHERE model = @model AND (@alias IS NULL OR alias = @alias) ORDER BY id");
        Add(command, "model", model);
        Add(command, "alias", alias);
        var moves = new List<AliasMove>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            moves.Add(new AliasMove
            {
                Model = reader.GetString(0),
                Alias = reader.GetString(1),
                FromVersion = Text(reader, 2),
                ToVersion = reader.GetString(3),
                Time = Time(reader, 4),
                Actor = reader.GetString(5),
                Kind = reader.GetString(6),
                Reason = Text(reader, 7),
                DeploymentId = Text(reader, 8),
                AuditSequence = reader.GetInt64(9),
            });
        }

        return moves;
    }

    /// <inheritdoc />
    public async ValueTask<long> AddVerificationAsync(ArtifactVerification v, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(
            "INSERT INTO artifact_verifications (id, model, version, time, actor, sha256_read, matched, problem) " +
            "VALUES ((SELECT coalesce(max(id), 0) + 1 FROM artifact_verifications), @model, @version, @time, @actor, @sha, @matched, @problem) RETURNING id");
        Add(command, "model", v.Model);
        Add(command, "version", v.Version);
        Add(command, "time", Time(v.Time));
        Add(command, "actor", v.Actor);
        Add(command, "sha", v.Sha256Read);
        Add(command, "matched", v.Matched);
        Add(command, "problem", v.Problem);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async ValueTask<List<ModelVersion>> ReadVersionsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var versions = new List<ModelVersion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions.Add(ReadVersion(reader));
        }

        return versions;
    }

    private static ModelVersion ReadVersion(NpgsqlDataReader r)
    {
        var envPath = Text(r, 8);
        var tags = JsonSerializer.Deserialize<SortedDictionary<string, string>>(r.GetString(14)) ?? [];
        return new ModelVersion
        {
            Model = r.GetString(0),
            Version = r.GetString(1),
            ArtifactPath = r.GetString(2),
            Sha256 = r.GetString(3),
            SizeBytes = r.GetInt64(4),
            Lineage = new Lineage
            {
                RunId = Text(r, 5),
                DataVersion = Text(r, 6),
                CodeRev = Text(r, 7),
                Environment = envPath is null ? null : new EnvironmentRecord
                {
                    Path = envPath,
                    Sha256 = r.GetString(9),
                    Runtime = Text(r, 10),
                    Os = Text(r, 11),
                    LockHash = Text(r, 12),
                    ArtifactSha256 = Text(r, 13),
                },
            },
            Tags = new SortedDictionary<string, string>(tags, StringComparer.Ordinal),
            RegisteredAt = Time(r, 15),
            RegisteredBy = r.GetString(16),
            Tampered = TimeOrNull(r, 17) is { } at ? new TamperMark(at, Text(r, 18), r.GetString(19)) : null,
        };
    }
}
