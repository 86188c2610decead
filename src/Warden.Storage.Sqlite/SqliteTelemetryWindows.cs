using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Warden.Core.Traffic;
using Warden.Storage;

namespace Warden.Storage.Sqlite;

/// <summary>Telemetry windows in <c>telemetry_windows</c>.</summary>
internal sealed class SqliteTelemetryWindows(SqliteStoreTransaction tx) : ITelemetryWindowRepository
{
    private static readonly string ArmList = string.Join(", ", Enum.GetValues<TrafficArm>().Select(a => $"'{TrafficArms.Name(a)}'"));

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <inheritdoc />
    public async ValueTask WriteAsync(IReadOnlyList<TelemetryWindow> windows, CancellationToken cancellationToken)
    {
        using var command = tx.Command(
            "INSERT OR REPLACE INTO telemetry_windows (service, version, arm, start, requests, errors, errors_by_class, request_bytes, response_bytes, latency, compliance_judged, compliance_ok) " +
            "VALUES ($service, $version, $arm, $start, $requests, $errors, $classes, $in, $out, $latency, $judged, $ok)");
        string[] names = ["$service", "$version", "$arm", "$start", "$requests", "$errors", "$classes", "$in", "$out", "$latency", "$judged", "$ok"];
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        var p = command.Parameters;
        foreach (var w in windows)
        {
            p[0].Value = w.Service;
            p[1].Value = w.Version;
            p[2].Value = TrafficArms.Name(w.Arm);
            p[3].Value = w.Start.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
            p[4].Value = w.Requests;
            p[5].Value = w.Errors;
            p[6].Value = JsonSerializer.Serialize(w.ErrorsByClass.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value));
            p[7].Value = w.RequestBytes;
            p[8].Value = w.ResponseBytes;
            p[9].Value = w.Latency.ToBytes();
            p[10].Value = w.ComplianceJudged;
            p[11].Value = w.ComplianceOk;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TelemetryWindow>> ReadAsync(string service, string version, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        using var command = tx.Command(
            "SELECT arm, start, requests, errors, errors_by_class, request_bytes, response_bytes, latency, compliance_judged, compliance_ok FROM telemetry_windows " +
            // Every arm named, so SQLite walks the primary key (service, version, arm, start) once per
            // arm over the range only; without it the range on start comes after an open arm and the
            // version's whole history is read (156 ms for an hour after a week of 1-s windows: bench/README.md).
            $"WHERE service = $service AND version = $version AND arm IN ({ArmList}) AND start >= $from AND start < $to ORDER BY start, arm");
        command.Parameters.AddWithValue("$service", service);
        command.Parameters.AddWithValue("$version", version);
        command.Parameters.AddWithValue("$from", from.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$to", to.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
        var windows = new List<TelemetryWindow>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
