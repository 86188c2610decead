using Npgsql;
using Warden.Checkpoints;
using static Warden.Storage.Postgres.PostgresValues;

namespace Warden.Storage.Postgres;

/// <summary><see cref="ICheckpointRepository"/> over <c>checkpoint_verifications</c>.</summary>
internal sealed class PostgresCheckpoints(PostgresStoreTransaction tx) : ICheckpointRepository
{
    private const string Columns =
        "model, version, verified_at, actor, artifact_path, sha256, sha256_read, reachable, load_time_s, load_command, load_exit_code, status, problem";

    /// <inheritdoc />
    public async ValueTask<long> AddAsync(CheckpointVerification v, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(
            $"INSERT INTO checkpoint_verifications (id, {Columns}) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM checkpoint_verifications), @model, @version, @at, @actor, @path, @sha, @read, @reachable, @load, @cmd, @exit, @status, @problem) RETURNING id");
        PostgresValues.Add(command, "model", v.Model);
        PostgresValues.Add(command, "version", v.Version);
        PostgresValues.Add(command, "at", Time(v.VerifiedAt));
        PostgresValues.Add(command, "actor", v.Actor);
        PostgresValues.Add(command, "path", v.ArtifactPath);
        PostgresValues.Add(command, "sha", v.Sha256);
        PostgresValues.Add(command, "read", v.Sha256Read);
        PostgresValues.Add(command, "reachable", v.Reachable);
        PostgresValues.Add(command, "load", v.LoadTimeSeconds);
        PostgresValues.Add(command, "cmd", v.LoadCommand);
        PostgresValues.Add(command, "exit", v.LoadExitCode);
        PostgresValues.Add(command, "status", v.Status);
        PostgresValues.Add(command, "problem", v.Problem);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<CheckpointVerification>> LatestAsync(string? model, CancellationToken cancellationToken)
    {
        // The newest row per model/version: ids grow with time within one database.
        await using var command = tx.Command(
            $"SELECT {Columns} FROM checkpoint_verifications WHERE id IN " +
            "(SELECT max(id) FROM checkpoint_verifications WHERE @model IS NULL OR model = @model GROUP BY model, version) ORDER BY model, version");
        PostgresValues.Add(command, "model", model);
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<CheckpointVerification?> LatestOfAsync(string model, string version, DateTimeOffset atOrBefore, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(
            $"SELECT {Columns} FROM checkpoint_verifications WHERE model = @model AND version = @version AND verified_at <= @at ORDER BY id DESC LIMIT 1");
        PostgresValues.Add(command, "model", model);
        PostgresValues.Add(command, "version", version);
        PostgresValues.Add(command, "at", Time(atOrBefore));
        return (await ReadAllAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    private static async ValueTask<List<CheckpointVerification>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = new List<CheckpointVerification>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
                LoadExitCode = r.IsDBNull(10) ? null : Int(r, 10),
                Status = r.GetString(11),
                Problem = Text(r, 12),
            });
        }

        return list;
    }
}
