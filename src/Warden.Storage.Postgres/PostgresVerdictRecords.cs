using Npgsql;
using Warden.Registry;
using static Warden.Storage.Postgres.PostgresValues;

namespace Warden.Storage.Postgres;

/// <summary><see cref="IVerdictRecordRepository"/> over <c>verdict_records</c>.</summary>
internal sealed class PostgresVerdictRecords(PostgresStoreTransaction tx) : IVerdictRecordRepository
{
    /// <inheritdoc />
    public async ValueTask<long> AddAsync(VerdictRecord r, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(
            "INSERT INTO verdict_records (id, deployment_id, model, candidate_version, baseline_version, outcome, report_sha256, evidence_ids, recorded_at, actor) " +
            "VALUES ((SELECT coalesce(max(id), 0) + 1 FROM verdict_records), @deployment, @model, @candidate, @baseline, @outcome, @report, @evidence, @at, @actor) RETURNING id");
        PostgresValues.Add(command, "deployment", r.DeploymentId);
        PostgresValues.Add(command, "model", r.Model);
        PostgresValues.Add(command, "candidate", r.CandidateVersion);
        PostgresValues.Add(command, "baseline", r.BaselineVersion);
        PostgresValues.Add(command, "outcome", r.Outcome);
        PostgresValues.Add(command, "report", r.ReportSha256);
        PostgresValues.Add(command, "evidence", string.Join('\n', r.EvidenceIds));
        PostgresValues.Add(command, "at", Time(r.RecordedAt));
        PostgresValues.Add(command, "actor", r.Actor);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<VerdictRecord>> ForCandidateAsync(string model, string candidateVersion, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(
            "SELECT deployment_id, model, candidate_version, baseline_version, outcome, report_sha256, evidence_ids, recorded_at, actor, id " +
            "FROM verdict_records WHERE model = @model AND candidate_version = @candidate ORDER BY id");
        PostgresValues.Add(command, "model", model);
        PostgresValues.Add(command, "candidate", candidateVersion);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<VerdictRecord>> ForModelAsync(string model, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(
            "SELECT deployment_id, model, candidate_version, baseline_version, outcome, report_sha256, evidence_ids, recorded_at, actor, id " +
            "FROM verdict_records WHERE model = @model ORDER BY id");
        PostgresValues.Add(command, "model", model);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<IReadOnlyList<VerdictRecord>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var records = new List<VerdictRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var evidence = reader.GetString(6);
            records.Add(new VerdictRecord
            {
                DeploymentId = reader.GetString(0),
                Model = reader.GetString(1),
                CandidateVersion = reader.GetString(2),
                BaselineVersion = reader.GetString(3),
                Outcome = reader.GetString(4),
                ReportSha256 = reader.GetString(5),
                EvidenceIds = evidence.Length == 0 ? [] : evidence.Split('\n'),
                RecordedAt = Time(reader, 7),
                Actor = reader.GetString(8),
                Id = reader.GetInt64(9),
            });
        }

        return records;
    }
}
