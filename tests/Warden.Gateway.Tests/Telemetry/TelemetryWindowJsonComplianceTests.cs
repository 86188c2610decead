using System.Text;
using System.Text.Json;
using Warden.Core.Traffic;
using Warden.Gateway.Telemetry;
using Warden.Tests.Support;

namespace Warden.Gateway.Tests.Telemetry;

public sealed class TelemetryWindowJsonComplianceTests
{
    [Fact]
    public void WriteThenRead_ComplianceCounts_RoundTrip()
    {
        var window = Window() with { ComplianceJudged = 7, ComplianceOk = 5 };

        var line = Write(window);
        var read = TelemetryWindowJson.Read(line);

        Assert.Contains("\"compliance_judged\":7,\"compliance_ok\":5", line, StringComparison.Ordinal);
        Assert.Equal((7L, 5L), (read.ComplianceJudged, read.ComplianceOk));
    }

    [Fact]
    public void Read_LineWrittenBeforeLiveCompliance_NothingJudged()
    {
        var line = Write(Window() with { ComplianceJudged = 3, ComplianceOk = 1 })
            .Replace(",\"compliance_judged\":3,\"compliance_ok\":1", string.Empty, StringComparison.Ordinal);

        var read = TelemetryWindowJson.Read(line);

        Assert.DoesNotContain("compliance", line, StringComparison.Ordinal);
        Assert.Equal((2L, 0L, 0L), (read.Requests, read.ComplianceJudged, read.ComplianceOk));
    }

    private static TelemetryWindow Window()
    {
        var latency = new LatencyBuckets();
        latency.Add(3.5);
        latency.Add(4.5);
        return new TelemetryWindow
        {
            Service = "ranker",
            Version = "v2",
            Arm = TrafficArm.Canary,
            Start = TestClock.Epoch,
            Requests = 2,
            Errors = 0,
            ErrorsByClass = new Dictionary<string, long>(),
            RequestBytes = 10,
            ResponseBytes = 20,
            Latency = latency.ToHistogram(),
        };
    }

    private static string Write(TelemetryWindow window)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            TelemetryWindowJson.Write(json, window);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
