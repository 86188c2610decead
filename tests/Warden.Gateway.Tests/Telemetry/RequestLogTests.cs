using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Warden.Core.Evidence;
using Warden.Core.Telemetry;
using Warden.Core.Traffic;
using Warden.Gateway.Telemetry;
using Warden.Tests.Support;

namespace Warden.Gateway.Tests.Telemetry;

public sealed class RequestLogTests
{
    private readonly FakeTimeProvider _clock = TestClock.Start();

    [Fact]
    public async Task RequestLog_EveryArm_ReadBackByTelemetryReaderWithZeroRejected()
    {
        using var folder = new TempDirectory();
        var path = folder.File("requests.jsonl");
        var (recorder, log) = await StartAsync(path, sampleRate: 1);
        recorder.RequestCompleted(Outcomes.Of(12.5, key: "u-1 \"quoted\"", start: Outcomes.Epoch.AddTicks(1234567)));
        recorder.RequestCompleted(Outcomes.Of(40, status: 504, error: "timeout", version: "v2", arm: TrafficArm.Canary));
        recorder.RequestCompleted(Outcomes.Of(7, status: 503, version: "v2", arm: TrafficArm.Shadow));
        await log.StopAsync(CancellationToken.None);

        var records = new List<RequestRecord>();
        await using var stream = File.OpenRead(path);
        var result = TelemetryReader.Read(stream, path, TelemetryFormat.JsonLines, ReadMode.Strict, records.Add);

        Assert.Equal(0, result.Evidence.RejectedCount);
        Assert.Equal(3, result.Evidence.RecordCount);
        Assert.Equal(new RequestRecord(Outcomes.Epoch.AddTicks(1234567), "v1", 12.5, 200, true, "u-1 \"quoted\"", null), records[0]);
        Assert.Equal(new RequestRecord(Outcomes.Epoch, "v2", 40, 504, false, null, "timeout"), records[1]);
        Assert.Equal(new RequestRecord(Outcomes.Epoch, "v2", 7, 503, false, null, null), records[2]);
        var first = File.ReadLines(path).First();
        Assert.Equal("{\"ts\":\"2026-11-22T00:00:00.1234567Z\",\"version\":\"v1\",\"latency_ms\":12.5,\"status\":200,\"ok\":true,\"key\":\"u-1 \\\"quoted\\\"\",\"service\":\"ranker\",\"arm\":\"production\"}", first);
        Assert.Equal(3, log.Written);
    }

    [Fact]
    public async Task RequestLog_SampleRate_WritesTheDeterministicShare()
    {
        using var folder = new TempDirectory();
        var path = folder.File("sampled.jsonl");
        var (recorder, log) = await StartAsync(path, sampleRate: 0.25);
        for (var i = 0; i < 10_000; i++)
        {
            recorder.RequestCompleted(Outcomes.Of(10));
        }

        await log.StopAsync(CancellationToken.None);

        var expected = Enumerable.Range(1, 10_000).Count(n => RequestLogSampler.Mix((ulong)n) < (ulong)(0.25 * 18446744073709551616.0));
        Assert.Equal(expected, File.ReadLines(path).Count());
        Assert.InRange(expected, 2_400, 2_600);
        Assert.Equal(10_000, recorder.Totals().Single().Requests);
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(1.0, 1000)]
    public void Sampler_Extremes_NoneOrAll(double rate, int expected)
    {
        var sampler = new RequestLogSampler(rate);

        Assert.Equal(expected, Enumerable.Range(0, 1000).Count(_ => sampler.Next()));
    }

    [Fact]
    public void TryAppend_ChannelFull_DropsAndCountsWithoutBlocking()
    {
        using var folder = new TempDirectory();
        using var log = new JsonLinesAppender<RequestOutcome>(folder.File("x.jsonl"), RequestLogFormat.Write, NullLogger.Instance, capacity: 10);
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions { RequestLogPath = log.Path }, requestLog: log);

        for (var i = 0; i < 15; i++)
        {
            recorder.RequestCompleted(Outcomes.Of(10));
        }

        Assert.Equal(5, log.Dropped);
        Assert.Equal(15, recorder.Totals().Single().Requests);
    }

    [Fact]
    public async Task Append_KeyWithLoneSurrogate_OtherRecordsStillWritten()
    {
        using var folder = new TempDirectory();
        var path = folder.File("odd.jsonl");
        var (recorder, log) = await StartAsync(path, sampleRate: 1);
        recorder.RequestCompleted(Outcomes.Of(10, key: "a\ud800b"));
        recorder.RequestCompleted(Outcomes.Of(11, key: "fine"));

        await log.StopAsync(CancellationToken.None);

        var records = new List<RequestRecord>();
        await using var stream = File.OpenRead(path);
        var result = TelemetryReader.Read(stream, path, TelemetryFormat.JsonLines, ReadMode.Strict, records.Add);
        Assert.Equal(0, result.Evidence.RejectedCount);
        Assert.Equal("fine", records[^1].Key);
        Assert.Equal(records.Count, log.Written);
        Assert.Equal(2, log.Written + log.WriteFailures);
    }

    [Fact]
    public async Task Append_FormatterThrows_ThatRecordCountedOthersWritten()
    {
        using var folder = new TempDirectory();
        var path = folder.File("numbers.jsonl");
        using var log = new JsonLinesAppender<int>(
            path,
            (json, n) =>
            {
                json.WriteStartObject();
                json.WriteNumber("n", n);
                if (n == 2)
                {
                    throw new ArgumentException("two is not allowed");
                }

                json.WriteEndObject();
            },
            NullLogger.Instance);
        await log.StartAsync(CancellationToken.None);
        foreach (var n in new[] { 1, 2, 3 })
        {
            log.TryAppend(n);
        }

        await log.StopAsync(CancellationToken.None);

        Assert.Equal(["{\"n\":1}", "{\"n\":3}"], File.ReadAllLines(path));
        Assert.Equal((2L, 1L), (log.Written, log.WriteFailures));
    }

    [Fact]
    public async Task Append_UnwritablePath_CountsWriteFailuresAndKeepsRunning()
    {
        using var folder = new TempDirectory();
        var blocker = folder.File("not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the log's folder should be");
        var (recorder, log) = await StartAsync(Path.Combine(blocker, "requests.jsonl"), sampleRate: 1);
        recorder.RequestCompleted(Outcomes.Of(10));
        recorder.RequestCompleted(Outcomes.Of(10));

        await log.StopAsync(CancellationToken.None);

        Assert.Equal(2, log.WriteFailures);
        Assert.Equal(0, log.Written);
    }

    [Fact]
    public async Task ShadowLog_OneLinePerComparison_NonFiniteScoresAsNull()
    {
        using var folder = new TempDirectory();
        var path = folder.File("shadow.jsonl");
        using var shadowLog = new JsonLinesAppender<ShadowComparison>(path, ShadowLogFormat.Write, NullLogger.Instance);
        await shadowLog.StartAsync(CancellationToken.None);
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions { ShadowLogPath = path }, shadowLog: shadowLog);
        recorder.ShadowCompared(ShadowComparisonsTests.Comparison([0.5, double.NaN], [0.25, 1], shadowStatus: 500, key: "k"));
        recorder.ShadowCompared(ShadowComparisonsTests.Comparison(null, [1]));

        await shadowLog.StopAsync(CancellationToken.None);

        var lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        Assert.Equal(
            "{\"ts\":\"2026-11-22T00:00:00.0000000Z\",\"service\":\"ranker\",\"production_version\":\"v1\",\"shadow_version\":\"v2\",\"production_status\":200,\"shadow_status\":500,\"status_match\":false,\"production_latency_ms\":10,\"shadow_latency_ms\":12,\"key\":\"k\",\"production_scores\":[0.5,null],\"shadow_scores\":[0.25,1]}",
            lines[0]);
        Assert.Contains("\"production_scores\":null", lines[1]);
    }

    private async Task<(TrafficRecorder Recorder, JsonLinesAppender<RequestOutcome> Log)> StartAsync(string path, double sampleRate)
    {
        var log = new JsonLinesAppender<RequestOutcome>(path, RequestLogFormat.Write, NullLogger.Instance);
        await log.StartAsync(CancellationToken.None);
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions { RequestLogPath = path, SampleRate = sampleRate }, requestLog: log);
        return (recorder, log);
    }
}
