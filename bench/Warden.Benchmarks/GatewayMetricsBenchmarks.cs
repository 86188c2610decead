using System.Buffers;
using System.Collections.Frozen;
using BenchmarkDotNet.Attributes;
using Warden.Core.Traffic;
using Warden.Gateway.Metrics;
using Warden.Gateway.Routing;
using Warden.Gateway.Telemetry;

namespace Warden.Benchmarks;

/// <summary>
/// The reading side of gateway telemetry with 10 services × 3 versions (production, canary,
/// shadow) that each saw traffic in every second of the last minute: a /metrics scrape, the
/// "P95 of the last 60 s" query the rollout controller makes, and the /admin/shadow statistics
/// over a full ring of 100,000 score pairs.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class GatewayMetricsBenchmarks
{
    private readonly ArrayBufferWriter<byte> _page = new(256 * 1024);
    private GatewayMetrics _metrics = null!;
    private TrafficRecorder _recorder = null!;

    [GlobalSetup]
    public void Setup()
    {
        var clock = new SteppingClock();
        _recorder = new TrafficRecorder(clock, new TelemetryOptions());
        var random = new Random(9);
        var routes = new Dictionary<string, ServiceRoute>(StringComparer.Ordinal);
        (string Version, TrafficArm Arm)[] arms = [("v1", TrafficArm.Production), ("v2", TrafficArm.Canary), ("v3", TrafficArm.Shadow)];
        for (var second = 0; second < 60; second++)
        {
            for (var s = 0; s < 10; s++)
            {
                foreach (var (version, arm) in arms)
                {
                    for (var r = 0; r < 50; r++)
                    {
                        var fail = random.NextDouble() < 0.02;
                        _recorder.RequestCompleted(new RequestOutcome
                        {
                            Service = $"service-{s}",
                            Version = version,
                            Arm = arm,
                            Start = DateTimeOffset.UnixEpoch,
                            LatencyMs = SyntheticData.LogNormal(random, 22, 0.35),
                            Status = fail ? 504 : 200,
                            Error = fail ? "timeout" : null,
                            RequestBytes = 512,
                            ResponseBytes = 2048,
                        });
                    }
                }
            }

            clock.Advance(TimeSpan.FromSeconds(1));
        }

        for (var s = 0; s < 10; s++)
        {
            routes[$"service-{s}"] = new ServiceRoute
            {
                Service = $"service-{s}",
                Production = new BackendTarget("v1", new Uri("http://127.0.0.1:8081/")),
                Canary = new BackendTarget("v2", new Uri("http://127.0.0.1:8082/")),
                CanaryBasisPoints = 500,
                Shadow = new BackendTarget("v3", new Uri("http://127.0.0.1:8083/")),
            };
            _recorder.EventCounted($"service-{s}", GatewayEvent.ShadowDropped);
        }

        for (var c = 0; c < 1000; c++)
        {
            var production = new double[100];
            var shadow = new double[100];
            for (var i = 0; i < 100; i++)
            {
                production[i] = random.NextDouble();
                shadow[i] = (0.8 * production[i]) + (0.2 * random.NextDouble());
            }

            _recorder.ShadowCompared(new ShadowComparison
            {
                Service = "service-0",
                Start = DateTimeOffset.UnixEpoch,
                ProductionVersion = "v1",
                ShadowVersion = "v3",
                ProductionStatus = 200,
                ShadowStatus = 200,
                ProductionLatencyMs = 20,
                ShadowLatencyMs = 25,
                ProductionScores = production,
                ShadowScores = shadow,
            });
        }

        _metrics = new GatewayMetrics(_recorder, new FixedRoutes(new RouteTable(3, routes.ToFrozenDictionary(StringComparer.Ordinal))));
    }

    /// <summary>
    /// One /metrics page (30 series with 14 histogram buckets each, plus events, shadow and route
    /// gauges) into a reused buffer, as the endpoint streams it into the response.
    /// </summary>
    [Benchmark]
    public int RenderMetrics()
    {
        _page.ResetWrittenCount();
        _metrics.Render(_page);
        return _page.WrittenCount;
    }

    /// <summary>P95 latency and error rate of one version over the last 60 one-second windows.</summary>
    [Benchmark]
    public double QueryLast60Seconds()
    {
        var snapshot = _recorder.QueryLast("service-3", "v2", 60);
        return snapshot.LatencyQuantileMs(0.95)!.Value + snapshot.ErrorRate!.Value;
    }

    /// <summary>Status-match Wilson interval, Pearson and Spearman over 100,000 score pairs.</summary>
    [Benchmark]
    public double ShadowStatistics() => _recorder.Shadows.Summaries(withStatistics: true)[0].Spearman!.Value;

    private sealed class SteppingClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private sealed class FixedRoutes(RouteTable table) : IRouteTableSource
    {
        public RouteTable Current => table;
    }
}
