using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace Warden.Evidence.Prometheus;

/// <summary>
/// Reads the JSON envelope of Prometheus' HTTP API (<c>/api/v1/query</c>, <c>/api/v1/query_range</c>):
/// <c>{"status":"success","data":{"resultType":...,"result":[...]},"warnings":[...]}</c> or
/// <c>{"status":"error","errorType":"bad_data","error":"..."}</c>. Values arrive as
/// <c>[unix_seconds, "string number"]</c>, including <c>"NaN"</c>, <c>"+Inf"</c> and <c>"-Inf"</c>.
/// Anything else (not JSON, an unknown shape, a 5xx without an envelope) becomes an errored result
/// whose reason names the endpoint; nothing here throws.
/// </summary>
internal static class PrometheusEnvelope
{
    private const int BodyExcerpt = 120;

    /// <summary>Turns one HTTP answer into a query result.</summary>
    /// <param name="endpoint">The URL asked, without the query string, for the reason text.</param>
    /// <param name="httpStatus">HTTP status code of the answer.</param>
    /// <param name="body">The response body.</param>
    /// <param name="query">The PromQL text.</param>
    /// <param name="provenance">The provenance string of this query.</param>
    public static PrometheusQueryResult Parse(string endpoint, int httpStatus, string body, string query, string provenance)
    {
        var result = new PrometheusQueryResult { Status = PrometheusQueryStatus.Errored, Query = query, Provenance = provenance };
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return result with { Reason = $"Prometheus at {endpoint} answered HTTP {httpStatus} with a body that is not JSON: {Excerpt(body)}" };
        }

        using (doc)
        {
            try
            {
                return Read(doc.RootElement, endpoint, httpStatus, body, result);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException or IndexOutOfRangeException or OverflowException)
            {
                // A JSON answer that is not the API's shape (a proxy's error page, another service on the port).
                return result with { Reason = $"Prometheus at {endpoint} answered HTTP {httpStatus} with JSON that is not a query result ({e.Message}): {Excerpt(body)}" };
            }
        }
    }

    private static PrometheusQueryResult Read(JsonElement root, string endpoint, int httpStatus, string body, PrometheusQueryResult result)
    {
        var warnings = root.TryGetProperty("warnings", out var w) && w.ValueKind == JsonValueKind.Array
            ? [.. w.EnumerateArray().Select(x => x.ToString())]
            : ImmutableArray<string>.Empty;
        result = result with { Warnings = warnings };
        var status = root.TryGetProperty("status", out var s) ? s.GetString() : null;
        if (status == "error")
        {
            var errorType = root.TryGetProperty("errorType", out var t) ? t.GetString() : null;
            var message = root.TryGetProperty("error", out var m) ? m.GetString() : null;
            return result with
            {
                ErrorType = errorType,
                Reason = $"Prometheus at {endpoint} refused the query (HTTP {httpStatus}, {errorType ?? "no errorType"}): {OneLine(message ?? "no error message")}",
            };
        }

        if (status != "success" || httpStatus >= 300)
        {
            return result with { Reason = $"Prometheus at {endpoint} answered HTTP {httpStatus} with status '{status ?? "missing"}': {Excerpt(body)}" };
        }

        var data = root.GetProperty("data");
        var resultType = data.GetProperty("resultType").GetString();
        var raw = data.GetProperty("result");
        ImmutableArray<PrometheusSeries> series = resultType switch
        {
            "vector" => [.. raw.EnumerateArray().Select(r => Series(r, [Sample(r.GetProperty("value"))]))],
            "matrix" => [.. raw.EnumerateArray().Select(r => Series(r, [.. r.GetProperty("values").EnumerateArray().Select(Sample)]))],
            "scalar" => [new PrometheusSeries { Labels = ImmutableSortedDictionary<string, string>.Empty, Samples = [Sample(raw)] }],
            _ => throw new InvalidOperationException($"result type '{resultType}' is not supported"),
        };
        result = result with { ResultType = resultType };

        // A series with no points (a matrix row over an empty range) is no evidence either.
        series = [.. series.Where(x => x.Samples.Length > 0)];
        return series.IsEmpty
            ? result with { Status = PrometheusQueryStatus.NoData, Reason = $"Prometheus at {endpoint} has no data for the query" }
            : result with { Status = PrometheusQueryStatus.Samples, Series = series };
    }

    private static PrometheusSeries Series(JsonElement row, ImmutableArray<PrometheusSample> samples)
    {
        var labels = row.TryGetProperty("metric", out var metric)
            ? metric.EnumerateObject().ToImmutableSortedDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
            : ImmutableSortedDictionary<string, string>.Empty;
        return new PrometheusSeries { Labels = labels, Samples = samples };
    }

    private static PrometheusSample Sample(JsonElement pair)
    {
        var seconds = pair[0].GetDouble();
        var time = DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return new PrometheusSample(time, ParseValue(pair[1].GetString() ?? throw new FormatException("sample value is null")));
    }

    /// <summary>Prometheus' value strings: decimal numbers, <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>.</summary>
    internal static double ParseValue(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new FormatException($"sample value '{text}' is not a number"),
    };

    private static string Excerpt(string body)
    {
        var line = OneLine(body);
        return line.Length <= BodyExcerpt ? line : line[..BodyExcerpt] + "…";
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
