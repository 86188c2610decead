using Warden.Registry;
using static Warden.Storage.Sqlite.SqliteValues;

namespace Warden.Storage.Sqlite;

/// <summary><see cref="IVerdictRecordRepository"/> over <c>verdict_records</c>.</summary>
internal sealed class SqliteVerdictRecords(SqliteStoreTransaction tx) : IVerdictRecordRepository
{
    /// <inheritdoc />
    public async ValueTask<long> AddAsync(VerdictRecord r, CancellationToken cancellationToken)
    {
        using var command = tx.Command(
            "INSERT INTO verdict_records (deployment_id, model, candidate_version, baseline_version, outcome, report_sha256, evidence_ids, recorded_at, actor) " +
            "VALUES ($deployment, $model, $candidate, $baseline, $outcome, $report, $evidence, $at, $actor) RETURNING id");
        SqliteValues.Add(command, "$deployment", r.DeploymentId);
        SqliteValues.Add(command, "$model", r.Model);
        SqliteValues.Add(command, "$candidate", r.CandidateVersion);
        SqliteValues.Add(command, "$baseline", r.BaselineVersion);
        SqliteValues.Add(command, "$outcome", r.Outcome);
        SqliteValues.Add(command, "$report", r.ReportSha256);
        SqliteValues.Add(command, "$evidence", string.Join('\n', r.EvidenceIds));
        SqliteValues.Add(command, "$at", Time(r.RecordedAt));
        SqliteValues.Add(command, "$actor", r.Actor);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<VerdictRecord>> ForCandidateAsync(string model, string candidateVersion, CancellationToken cancellationToken)
    {
        using var command = tx.Command(
            "SELECT deployment_id, model, candidate_version, baseline_version, outcome, report_sha256, evidence_ids, recorded_at, actor, id " +
            "FROM verdict_records WHERE model = $model AND candidate_version = $candidate ORDER BY id");
        SqliteValues.Add(command, "$model", model);
        SqliteValues.Add(command, "$candidate", candidateVersion);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<VerdictRecord>> ForModelAsync(string model, CancellationToken cancellationToken)
    {
        using var command = tx.Command(
            "SELECT deployment_id, model, candidate_version, baseline_version, outcome, report_sha256, evidence_ids, recorded_at, actor, id " +
            "FROM verdict_records WHERE model = $model ORDER BY id");
        SqliteValues.Add(command, "$model", model);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<IReadOnlyList<VerdictRecord>> ReadAsync(Microsoft.Data.Sqlite.SqliteCommand command, CancellationToken cancellationToken)
    {
        var records = new List<VerdictRecord>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
