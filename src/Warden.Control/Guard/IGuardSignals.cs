using Warden.Core.Guard;

namespace Warden.Guard;

/// <summary>
/// What the live guard reads of the data plane, in process and as requests complete (the gateway
/// of <c>warden serve</c> is the one implementation; a test may fake it). Counts are cumulative.
/// </summary>
internal interface IGuardSignals
{
    /// <summary>The version's live counts so far (zero when it served nothing).</summary>
    GuardCounts Read(string service, string version);

    /// <summary>Whether the version's backend is marked down by the health checks.</summary>
    bool IsDown(string service, string version);

    /// <summary>The version's P95 latency in ms since the last <see cref="RestartP95"/>, or null with fewer than <paramref name="minimum"/> requests.</summary>
    double? P95Ms(string service, string version, long minimum);

    /// <summary>From now on, <see cref="P95Ms"/> counts only the version's requests after this call (a new phase's reference).</summary>
    void RestartP95(string service, string version);

    /// <summary>From now on, counts the version's requests slower than <paramref name="thresholdMs"/> (<see cref="GuardCounts.DriftSlow"/>).</summary>
    void SetDriftThreshold(string service, string version, double thresholdMs);
}
