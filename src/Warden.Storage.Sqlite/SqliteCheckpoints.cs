using Microsoft.Data.Sqlite;
using Warden.Checkpoints;
using static Warden.Storage.Sqlite.SqliteValues;

namespace Warden.Storage.Sqlite;

/// <summary><see cref="ICheckpointRepository"/> over <c>checkpoint_verifications</c>.</summary>
internal sealed class SqliteCheckpoints(SqliteStoreTransaction tx) : ICheckpointRepository
{
    private const string Columns =
        "model, version, verified_at, actor, artifact_path, sha256, sha256_read, reachable, load_time_s, load_command, load_exit_code, status, problem";

    /// <inheritdoc />
    public async ValueTask<long> AddAsync(CheckpointVerification v, CancellationToken cancellationToken)
    {
        using var command = tx.Command(
            $"INSERT INTO checkpoint_verifications ({Columns}) VALUES ($model, $version, $at, $actor, $path, $sha, $read, $reachable, $load, $cmd, $exit, $status, $problem) RETURNING id");
        SqliteValues.Add(command, "$model", v.Model);
        SqliteValues.Add(command, "$version", v.Version);
        SqliteValues.Add(command, "$at", Time(v.VerifiedAt));
        SqliteValues.Add(command, "$actor", v.Actor);
        SqliteValues.Add(command, "$path", v.ArtifactPath);
        SqliteValues.Add(command, "$sha", v.Sha256);
        SqliteValues.Add(command, "$read", v.Sha256Read);
        SqliteValues.Add(command, "$reachable", v.Reachable ? 1 : 0);
        SqliteValues.Add(command, "$load", v.LoadTimeSeconds);
        SqliteValues.Add(command, "$cmd", v.LoadCommand);
        SqliteValues.Add(command, "$exit", v.LoadExitCode);
        SqliteValues.Add(command, "$status", v.Status);
        SqliteValues.Add(command, "$problem", v.Problem);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<CheckpointVerification>> LatestAsync(string? model, CancellationToken cancellationToken)
    {
        // The newest row per model/version: ids grow with time within one database.
        using var command = tx.Command(
            $"SELECT {Columns} FROM checkpoint_verifications WHERE id IN " +
            "(SELECT max(id) FROM checkpoint_verifications WHERE $model IS NULL OR model = $model GROUP BY model, version) ORDER BY model, version");
        SqliteValues.Add(command, "$model", model);
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<CheckpointVerification?> LatestOfAsync(string model, string version, DateTimeOffset atOrBefore, CancellationToken cancellationToken)
    {
        using var command = tx.Command(
            $"SELECT {Columns} FROM checkpoint_verifications WHERE model = $model AND version = $version AND verified_at <= $at ORDER BY id DESC LIMIT 1");
        SqliteValues.Add(command, "$model", model);
        SqliteValues.Add(command, "$version", version);
        SqliteValues.Add(command, "$at", Time(atOrBefore));
        return (await ReadAllAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    private static async ValueTask<List<CheckpointVerification>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var list = new List<CheckpointVerification>();
        using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new CheckpointVerification
            {
                Model = r.GetString(0),
                Version = r.GetString(1),
                VerifiedAt = Time(r, 2),
                Actor = r.GetString(3),
                ArtifactPath = r.GetString(4),
                Sha256 = r.GetString(5),
                Sha256Read = Text(r, 6),
                Reachable = r.GetInt64(7) != 0,
                LoadTimeSeconds = r.IsDBNull(8) ? null : r.GetDouble(8),
                LoadCommand = Text(r, 9),
                LoadExitCode = r.IsDBNull(10) ? null : r.GetInt32(10),
                Status = r.GetString(11),
                Problem = Text(r, 12),
            });
        }

        return list;
    }
}
