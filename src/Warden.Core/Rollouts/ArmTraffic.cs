using Warden.Core.Traffic;

namespace Warden.Core.Rollouts;

/// <summary>
/// One arm's live traffic over an analysis window: the sum of its 1-second telemetry windows.
/// The latency histogram keeps <see cref="Statistics.LogHistogram"/>'s buckets, so its quantiles
/// equal those of the raw latencies within the buckets' resolution.
/// </summary>
internal sealed record ArmTraffic
{
    /// <summary>Model version.</summary>
    public required string Version { get; init; }

    /// <summary>Requests completed in the window.</summary>
    public required long Requests { get; init; }

    /// <summary>Requests that failed.</summary>
    public required long Errors { get; init; }

    /// <summary>Latencies of the window (ms).</summary>
    public required WindowHistogram Latency { get; init; }

    /// <summary>The sum of <paramref name="windows"/>, all of one version.</summary>
    internal static ArmTraffic Of(string version, IReadOnlyCollection<TelemetryWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.FirstOrDefault(w => w.Version != version) is { } other)
        {
            throw new ArgumentException($"Window of {other.Service}/{other.Version} in the traffic of version {version}.", nameof(windows));
        }

        return new ArmTraffic
        {
            Version = version,
            Requests = windows.Sum(w => w.Requests),
            Errors = windows.Sum(w => w.Errors),
            Latency = WindowHistogram.Merge(windows.Select(w => w.Latency)),
        };
    }
}
