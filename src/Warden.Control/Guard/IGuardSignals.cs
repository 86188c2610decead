using Warden.Core.Guard;
using Warden.Core.Rollouts;

namespace Warden.Guard;

/// <summary>
/// What the live guard reads of the data plane: in process as requests complete (the gateway of
/// <c>warden serve</c>), or from a Prometheus server scraping every replica (warden.yaml
/// <c>evidence.source: prometheus</c>); a test may fake it. Counts are cumulative.
/// </summary>
internal interface IGuardSignals
{
    /// <summary>
    /// Brings the counts of <paramref name="state"/>'s versions up to date before a look, or says why
    /// they cannot be read. In process they always are current; a remote source asks its server here
    /// (at most as often as it is configured to) so the reads below stay synchronous.
    /// </summary>
    ValueTask<GuardEvidence> RefreshAsync(RolloutState state, DateTimeOffset now, CancellationToken cancellationToken) => ValueTask.FromResult(GuardEvidence.InProcess);

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
