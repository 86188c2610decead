using BenchmarkDotNet.Attributes;
using Warden.Core.Traffic;
using Warden.Gateway.Telemetry;

namespace Warden.Benchmarks;

/// <summary>
/// Cost of <see cref="TrafficRecorder.RequestCompleted"/> on the gateway's request path, on the
/// system clock (so windows roll every second as in production), one thread and two threads
/// hammering the same series. <c>Stripes = 1</c> is one lock per series; <c>Stripes = 0</c> is
/// the default, one lock per processor. Figures are per request: for two threads, wall time
/// divided by the requests of both threads.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class TrafficRecorderBenchmarks
{
    private const int Requests = 200_000;

    private TrafficRecorder _recorder = null!;
    private RequestOutcome[] _outcomes = [];

    /// <summary>Locks per series: 1, or 0 for the default (processor count rounded up to a power of two).</summary>
    [Params(1, 0)]
    public int Stripes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _recorder = new TrafficRecorder(TimeProvider.System, new TelemetryOptions(), stripes: Stripes);
        var random = new Random(5);
        _outcomes = new RequestOutcome[1024];
        for (var i = 0; i < _outcomes.Length; i++)
        {
            var status = random.NextDouble() < 0.01 ? 503 : 200;
            _outcomes[i] = new RequestOutcome
            {
                Service = "ranker",
                Version = "v1",
                Arm = TrafficArm.Production,
                Start = DateTimeOffset.UnixEpoch,
                LatencyMs = SyntheticData.LogNormal(random, 22, 0.35),
                Status = status,
                Key = "u-" + i,
                RequestBytes = 512,
                ResponseBytes = 2048,
            };
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Requests)]
    public void OneThread() => Record(0);

    [Benchmark(OperationsPerInvoke = 2 * Requests)]
    public void TwoThreads() => Parallel.Invoke(() => Record(0), () => Record(512));

    private void Record(int offset)
    {
        var outcomes = _outcomes;
        for (var i = 0; i < Requests; i++)
        {
            _recorder.RequestCompleted(outcomes[(i + offset) & 1023]);
        }
    }
}
