using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Warden.Core.Traffic;
using Warden.Gateway.Telemetry;
using Warden.Tests.Support;

namespace Warden.Gateway.Tests.Telemetry;

public sealed class TelemetryFlusherTests
{
    private readonly FakeTimeProvider _clock = TestClock.Start();

    [Fact]
    public async Task FlushOnceAsync_JsonLinesSink_WritesWindowsThatReadBackEqual()
    {
        using var folder = new TempDirectory();
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());
        var sink = new JsonLinesWindowSink(folder.File(Path.Combine("out", JsonLinesWindowSink.DefaultFileName)));
        var flusher = new TelemetryFlusher(recorder, [sink], _clock, NullLogger.Instance);
        recorder.RequestCompleted(Outcomes.Of(12.5, requestBytes: 5, responseBytes: 7));
        recorder.RequestCompleted(Outcomes.Of(40, status: 504, error: "timeout"));
        recorder.RequestCompleted(Outcomes.Of(3, version: "v2", arm: TrafficArm.Canary));
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, await flusher.FlushOnceAsync());
        Assert.Equal(0, await flusher.FlushOnceAsync());

        var lines = File.ReadAllLines(sink.Path);
        Assert.Equal(2, lines.Length);
        var v1 = TelemetryWindowJson.Read(lines[0]);
        Assert.Equal(("ranker", "v1", TrafficArm.Production, Outcomes.Epoch), (v1.Service, v1.Version, v1.Arm, v1.Start));
        Assert.Equal((2L, 1L, 5L, 7L), (v1.Requests, v1.Errors, v1.RequestBytes, v1.ResponseBytes));
        Assert.Equal(new Dictionary<string, long> { ["timeout"] = 1 }, v1.ErrorsByClass);
        Assert.Equal((2L, 12.5, 40.0, 52.5), (v1.Latency.Count, v1.Latency.MinMs, v1.Latency.MaxMs, v1.Latency.SumMs));
        Assert.StartsWith("{\"start\":\"2026-11-22T00:00:00Z\",\"service\":\"ranker\",\"version\":\"v1\",\"arm\":\"production\",\"requests\":2,\"errors\":1,\"errors_by_class\":{\"timeout\":1},", lines[0]);
        Assert.Equal(TrafficArm.Canary, TelemetryWindowJson.Read(lines[1]).Arm);
        Assert.Equal(2, flusher.WindowsWritten);
    }

    [Fact]
    public async Task FlushOnceAsync_SinkThrows_BatchIsRetriedWithNewerWindows()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());
        var failing = new RecordingSink { FailuresToCome = 1 };
        var healthy = new RecordingSink();
        var flusher = new TelemetryFlusher(recorder, [failing, healthy], _clock, NullLogger.Instance);
        recorder.RequestCompleted(Outcomes.Of(10));
        _clock.Advance(TimeSpan.FromSeconds(1));
        await flusher.FlushOnceAsync();
        recorder.RequestCompleted(Outcomes.Of(10));
        _clock.Advance(TimeSpan.FromSeconds(1));

        await flusher.FlushOnceAsync();

        Assert.Equal(1, flusher.SinkFailures);
        Assert.Equal([Outcomes.Epoch, Outcomes.Epoch.AddSeconds(1)], failing.Windows.Select(w => w.Start));
        Assert.Equal([Outcomes.Epoch, Outcomes.Epoch.AddSeconds(1)], healthy.Windows.Select(w => w.Start));
        Assert.Equal(2, failing.Calls);
    }

    [Fact]
    public async Task ExecuteAsync_Timer_FlushesAndStopFlushesTheCurrentSecond()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());
        var sink = new RecordingSink();
        using var flusher = new TelemetryFlusher(recorder, [sink], TimeProvider.System, NullLogger.Instance, TimeSpan.FromMilliseconds(20));
        await flusher.StartAsync(CancellationToken.None);
        recorder.RequestCompleted(Outcomes.Of(10));
        _clock.Advance(TimeSpan.FromSeconds(1));
        recorder.RequestCompleted(Outcomes.Of(20));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (sink.Windows.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await flusher.StopAsync(CancellationToken.None);

        Assert.Equal([1L, 1L], sink.Windows.Select(w => w.Requests));
        Assert.Equal(Outcomes.Epoch.AddSeconds(1), sink.Windows[1].Start);
    }
}
