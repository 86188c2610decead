using Warden.Core.Traffic;
using Warden.Gateway.Telemetry;
using Warden.Tests.Support;

namespace Warden.Gateway.Tests.Telemetry;

public sealed class TelemetryResponseComplianceTests
{
    [Fact]
    public void Of_JudgedAnswers_RateWithWilsonInterval()
    {
        var response = TelemetryResponse.Of(Snapshot() with { ComplianceJudged = 10, ComplianceOk = 7 });

        // Wilson score interval, z = 1.959963984540054, computed independently:
        // python3 -c "import math; z=1.959963984540054; n=10; p=0.7; d=1+z*z/n; c=(p+z*z/(2*n))/d;
        //   h=z*math.sqrt(p*(1-p)/n+z*z/(4*n*n))/d; print(c-h, c+h)"  ->  0.39677814746114537 0.8922087325936989
        var rate = response.ComplianceRate!;
        Assert.Equal((10L, 7L, "wilson", 10L), (response.ComplianceJudged, response.ComplianceOk, rate.Method, rate.N));
        Assert.Equal(0.7, rate.Value!.Value, 12);
        Assert.Equal(0.39677814746114537, rate.CiLow!.Value, 12);
        Assert.Equal(0.8922087325936989, rate.CiHigh!.Value, 12);
    }

    [Fact]
    public void Of_NothingJudged_NullRate()
    {
        var response = TelemetryResponse.Of(Snapshot());

        Assert.Equal((0L, 0L, (object?)null), (response.ComplianceJudged, response.ComplianceOk, (object?)response.ComplianceRate));
    }

    private static TelemetrySnapshot Snapshot() => new()
    {
        Service = "ranker",
        Version = "v2",
        Arm = TrafficArm.Canary,
        From = TestClock.Epoch,
        To = TestClock.Epoch.AddSeconds(60),
        Requests = 12,
        Errors = 0,
        ErrorsByClass = new Dictionary<string, long>(),
        RequestBytes = 0,
        ResponseBytes = 0,
        Latency = WindowHistogram.Empty,
    };
}
