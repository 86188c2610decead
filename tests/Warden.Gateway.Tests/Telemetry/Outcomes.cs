using Warden.Core.Traffic;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Tests.Telemetry;

/// <summary>Builds request outcomes for tests.</summary>
internal static class Outcomes
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    public static RequestOutcome Of(
        double latencyMs,
        int status = 200,
        string? error = null,
        string service = "ranker",
        string version = "v1",
        TrafficArm arm = TrafficArm.Production,
        string? key = null,
        long requestBytes = 0,
        long responseBytes = 0,
        DateTimeOffset? start = null) => new()
        {
            Service = service,
            Version = version,
            Arm = arm,
            Start = start ?? Epoch,
            LatencyMs = latencyMs,
            Status = status,
            Error = error,
            Key = key,
            RequestBytes = requestBytes,
            ResponseBytes = responseBytes,
        };
}
