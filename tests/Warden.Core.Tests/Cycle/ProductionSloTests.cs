using Warden.Core.Cycle;
using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Core.Statistics;
using Warden.Core.Traffic;
using Warden.Core.Verdicts;

namespace Warden.Core.Tests.Cycle;

/// <summary>
/// Production's live checks against their rollback triggers. Wilson bounds in the rows were
/// computed independently in Python (z = 1.959963984540054, the textbook Wilson formula):
/// 16/1000 → [0.987 %, 2.583 %], 17/1000 → [1.064 %, 2.706 %], 200/2000 → [8.76 %, 11.39 %],
/// 0/1000 → [0, 0.383 %]; 900/1000 → [87.98 %, 91.71 %].
/// </summary>
public sealed class ProductionSloTests
{
    private static readonly VerdictPolicy Policy = new();

    [Theory]
    [InlineData(1000, 16, "INCONCLUSIVE")]   // lower bound 0.987 % just under the 1 % limit
    [InlineData(1000, 17, "FAIL")]           // lower bound 1.064 %, entirely above
    [InlineData(2000, 200, "FAIL")]
    [InlineData(1000, 0, "PASS")]            // upper bound 0.383 %
    [InlineData(999, 200, "INCONCLUSIVE")]   // one request short of minimum_samples.requests
    public void Latency_ErrorRate_AgainstTheLimit(long requests, long errors, string expected)
    {
        var error = ProductionSlo.Latency(Traffic(requests, errors, 10), Policy)[1];

        Assert.Equal(ProductionSlo.ErrorRateId, error.Id);
        Assert.Equal(expected, Label(error.Status));
    }

    [Theory]
    [InlineData(20, "PASS")]
    [InlineData(80, "FAIL")]   // every request at 80 ms: the interval is entirely above 50 + 5 ms
    public void Latency_P95_AgainstTargetPlusMargin(double latencyMs, string expected)
    {
        var p95 = ProductionSlo.Latency(Traffic(2000, 0, latencyMs), Policy)[0];

        Assert.Equal(ProductionSlo.P95Id, p95.Id);
        Assert.Equal(expected, Label(p95.Status));
    }

    [Fact]
    public void Latency_NoRequests_InconclusiveNotPass()
    {
        var checks = ProductionSlo.Latency(Traffic(0, 0, 10), Policy);

        Assert.All(checks, c => Assert.Equal(CheckStatus.Inconclusive, c.Status));
    }

    [Theory]
    [InlineData(0.95, "FAIL")]           // floor 93 %: the live interval [87.98 %, 91.71 %] is entirely below it
    [InlineData(0.93, "INCONCLUSIVE")]   // floor 91 %: inside the interval
    [InlineData(0.89, "PASS")]           // floor 87 %: entirely at or above it
    public void Compliance_LiveAgainstEvaluatedMinusDrop(double evaluated, string expected)
    {
        var check = ProductionSlo.Compliance(1000, 900, Point(evaluated), Policy);

        Assert.Equal(expected, Label(check.Status));
    }

    [Fact]
    public void Compliance_NoEvaluationOrNothingJudged_Inconclusive()
    {
        Assert.Equal(CheckStatus.Inconclusive, ProductionSlo.Compliance(1000, 900, null, Policy).Status);
        Assert.Equal(CheckStatus.Inconclusive, ProductionSlo.Compliance(0, 0, Point(0.9), Policy).Status);
    }

    private static Estimate Point(double value) => new() { Value = value, Low = value, High = value, Method = "test", SampleSize = 100 };

    private static string Label(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "PASS",
        CheckStatus.Fail => "FAIL",
        _ => "INCONCLUSIVE",
    };

    private static ArmTraffic Traffic(long requests, long errors, double latencyMs)
    {
        var buckets = new LatencyBuckets();
        for (var i = 0; i < requests; i++)
        {
            buckets.Add(latencyMs);
        }

        return ArmTraffic.Of("v1", [new TelemetryWindow
        {
            Service = "ranker",
            Version = "v1",
            Arm = TrafficArm.Production,
            Start = DateTimeOffset.UnixEpoch,
            Requests = requests,
            Errors = errors,
            ErrorsByClass = new Dictionary<string, long>(),
            RequestBytes = 0,
            ResponseBytes = 0,
            Latency = buckets.ToHistogram(),
        }]);
    }
}
