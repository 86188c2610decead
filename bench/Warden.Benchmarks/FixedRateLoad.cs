using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Warden.Benchmarks;

/// <summary>
/// An open-loop load generator: requests leave on a fixed schedule whatever the answers do, and
/// each latency is measured from the moment the request was <em>due</em>, not from when it was
/// sent (the correction wrk2 makes for coordinated omission). wrk is closed-loop — a slow answer
/// delays the next request on that connection — so it cannot say what a change costs at a given
/// production rate; this can. Debian has no wrk2, hence this small one.
/// </summary>
internal sealed class FixedRateLoad(Uri target, byte[]? body, string contentType, int connections) : IDisposable
{
    /// <summary>Headers every request carries (e.g. <c>Authorization</c>); a null body sends GET.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
        AllowAutoRedirect = false,
    });

    /// <summary>One request: due time (wall clock), latency from due time, time on the wire, status (0 = failed).</summary>
    public readonly record struct Sample(DateTimeOffset Due, double LatencyMs, double ServiceMs, int Status);

    /// <summary>Opens the connections and warms both ends up; results are discarded.</summary>
    public void WarmUp(double rate, double seconds) => _ = Run(rate, seconds);

    /// <summary>Sends <c>rate × seconds</c> requests on schedule and waits for every answer.</summary>
    public Sample[] Run(double rate, double seconds)
    {
        var count = (int)Math.Round(rate * seconds);
        var samples = new Sample[count];
        var wallStart = DateTimeOffset.UtcNow;
        var start = Stopwatch.GetTimestamp();
        OpenLoopSchedule.Run(count, rate, (index, due) => Send(samples, index, due, wallStart + Stopwatch.GetElapsedTime(start, due)));
        return samples;
    }

    private async Task Send(Sample[] samples, int index, long due, DateTimeOffset dueWall)
    {
        using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, target) { Version = HttpVersion.Version11 };
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var sent = Stopwatch.GetTimestamp();
        var status = 0;
        using var timeout = new CancellationTokenSource(RequestTimeout);
        try
        {
            using var response = await _client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            await response.Content.CopyToAsync(Stream.Null, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Refused, reset, timed out: a failed request stays a sample with status 0 (written
            // as 599), counted as an error, never a crashed run.
        }

        var done = Stopwatch.GetTimestamp();
        samples[index] = new Sample(dueWall, Stopwatch.GetElapsedTime(due, done).TotalMilliseconds, Stopwatch.GetElapsedTime(sent, done).TotalMilliseconds, status);
    }

    /// <summary>Writes the samples in Warden's JSONL telemetry format, so <c>warden stats</c> reads them.</summary>
    public static void WriteTelemetry(string path, string label, IEnumerable<Sample> samples)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        foreach (var s in samples)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{{\"ts\":\"{s.Due.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'}\",\"version\":\"{label}\",\"latency_ms\":{s.LatencyMs:0.####},\"status\":{(s.Status == 0 ? 599 : s.Status)}}}"));
            writer.Write('\n');
        }
    }

    public void Dispose() => _client.Dispose();
}
