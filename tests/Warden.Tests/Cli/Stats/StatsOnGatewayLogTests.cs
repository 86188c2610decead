using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Warden.Core.Traffic;
using Warden.Gateway.Telemetry;
using Warden.Gateway.Tests.Telemetry;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Stats;

/// <summary>The gateway's request log read back by <c>warden stats</c>: the two ends of one file format.</summary>
public sealed class StatsOnGatewayLogTests
{
    private readonly FakeTimeProvider _clock = TestClock.Start();

    [Fact]
    public async Task RequestLog_WardenStats_ReadsItPerVersion()
    {
        using var folder = new TempDirectory();
        var path = folder.File("live.jsonl");
        var (recorder, log) = await StartAsync(path, sampleRate: 1);
        for (var i = 0; i < 100; i++)
        {
            recorder.RequestCompleted(Outcomes.Of(10 + i, status: i < 3 ? 500 : 200, start: Outcomes.Epoch.AddMilliseconds(i * 10)));
            recorder.RequestCompleted(Outcomes.Of(5 + i, version: "v2", arm: TrafficArm.Canary, start: Outcomes.Epoch.AddMilliseconds(i * 10)));
        }

        await log.StopAsync(CancellationToken.None);

        var run = CliRun.Of("stats", path, "--json");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var groups = doc.RootElement.GetProperty("groups");
        Assert.Equal("v1", groups[0].GetProperty("name").GetString());
        Assert.Equal(100, groups[0].GetProperty("requests").GetInt64());
        Assert.Equal(3, groups[0].GetProperty("errors").GetInt64());
        Assert.Equal("v2", groups[1].GetProperty("name").GetString());
        Assert.Equal(0, groups[1].GetProperty("errors").GetInt64());
        Assert.Equal(0, doc.RootElement.GetProperty("inputs")[0].GetProperty("rejected").GetInt64());
    }

    private async Task<(TrafficRecorder Recorder, JsonLinesAppender<RequestOutcome> Log)> StartAsync(string path, double sampleRate)
    {
        var log = new JsonLinesAppender<RequestOutcome>(path, RequestLogFormat.Write, NullLogger.Instance);
        await log.StartAsync(CancellationToken.None);
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions { RequestLogPath = path, SampleRate = sampleRate }, requestLog: log);
        return (recorder, log);
    }
}
