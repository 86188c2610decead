using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Warden.Core.Traffic;

namespace Warden.Storage.Postgres;

/// <summary>Telemetry windows in <c>telemetry_windows</c>.</summary>
internal sealed class PostgresTelemetryWindows(PostgresStoreTransaction tx) : ITelemetryWindowRepository
{
    private static readonly string ArmList = string.Join(", ", Enum.GetValues<TrafficArm>().Select(a => $"'{TrafficArms.Name(a)}'"));

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <inheritdoc />
    public async ValueTask WriteAsync(IReadOnlyList<TelemetryWindow> windows, CancellationToken cancellationToken)
    {
        if (windows.Count == 0)
        {
            return;
        }

        // One batch, one round trip; a window already stored (same series and second) is replaced,
        // as SQLite's INSERT OR REPLACE does.
        await using var batch = new NpgsqlBatch(tx.Connection, tx.Transaction);
        foreach (var w in windows)
        {
            var command = new NpgsqlBatchCommand(
                "INSERT INTO telemetry_windows (service, version, arm, start, requests, errors, errors_by_class, request_bytes, response_bytes, latency, compliance_judged, compliance_ok) " +
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) " +
                "ON CONFLICT (service, version, arm, start) DO UPDATE SET requests = excluded.requests, errors = excluded.errors, " +
                "errors_by_class = excluded.errors_by_class, request_bytes = excluded.request_bytes, response_bytes = excluded.response_bytes, " +
                "latency = excluded.latency, compliance_judged = excluded.compliance_judged, compliance_ok = excluded.compliance_ok");
            var p = command.Parameters;
            p.Add(new NpgsqlParameter<string>{ TypedValue = w.Service, NpgsqlDbType = NpgsqlDbType.Text });
            p.Add(new NpgsqlParameter<string>{ TypedValue = w.Version, NpgsqlDbType = NpgsqlDbType.Text });
            p.Add(new NpgsqlParameter<string>{ TypedValue = TrafficArms.Name(w.Arm), NpgsqlDbType = NpgsqlDbType.Text });
            p.Add(new NpgsqlParameter<string>{ TypedValue = w.Start.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture), NpgsqlDbType = NpgsqlDbType.Text });
            p.Add(new NpgsqlParameter<long> { TypedValue = w.Requests });
            p.Add(new NpgsqlParameter<long> { TypedValue = w.Errors });
            p.Add(new NpgsqlParameter<string>
            {
                TypedValue = JsonSerializer.Serialize(w.ErrorsByClass.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value)),
                NpgsqlDbType = NpgsqlDbType.Text,
            });
            p.Add(new NpgsqlParameter<long> { TypedValue = w.RequestBytes });
            p.Add(new NpgsqlParameter<long> { TypedValue = w.ResponseBytes });
            p.Add(new NpgsqlParameter<byte[]> { TypedValue = w.Latency.ToBytes() });
            p.Add(new NpgsqlParameter<long> { TypedValue = w.ComplianceJudged });
            p.Add(new NpgsqlParameter<long> { TypedValue = w.ComplianceOk });
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TelemetryWindow>> ReadAsync(string service, string version, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(
            "SELECT arm, start, requests, errors, errors_by_class, request_bytes, response_bytes, latency, compliance_judged, compliance_ok FROM telemetry_windows " +
            // Every arm named, as in the SQLite store: the primary key (service, version, arm, start) is
            // walked once per arm over the range only, not over the version's whole history.
            $"WHERE service = @service AND version = @version AND arm IN ({ArmList}) AND start >= @from AND start < @to ORDER BY start, arm");
        PostgresValues.Add(command, "service", service);
        PostgresValues.Add(command, "version", version);
        PostgresValues.Add(command, "from", from.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
        PostgresValues.Add(command, "to", to.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
        var windows = new List<TelemetryWindow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            TrafficArms.TryParse(reader.GetString(0), out var arm);
            windows.Add(new TelemetryWindow
            {
                Service = service,
                Version = version,
                Arm = arm,
                Start = DateTimeOffset.ParseExact(reader.GetString(1), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                Requests = reader.GetInt64(2),
                Errors = reader.GetInt64(3),
                ErrorsByClass = JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(4)) ?? [],
                RequestBytes = reader.GetInt64(5),
                ResponseBytes = reader.GetInt64(6),
                Latency = WindowHistogram.FromBytes((byte[])reader.GetValue(7)),
                ComplianceJudged = reader.GetInt64(8),
                ComplianceOk = reader.GetInt64(9),
            });
        }

        return windows;
    }
}
