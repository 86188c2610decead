using Warden.Core.Policy;
using Warden.Core.Verdicts;

namespace Warden.Core.Rollouts;

/// <summary>
/// What a canary step is judged on, whichever source measured it: the two arms' request counts,
/// their P95s, error rates and the P95 drift as verdict evidence (so the step's checks are the
/// verdict's checks), the ids of the measurements, or the reason the source has no numbers.
/// The gateway's telemetry windows give it through <see cref="Of"/>; a Prometheus source builds it
/// from bucket counts.
/// </summary>
internal sealed record StepEvidence
{
    /// <summary>Production's requests in the window.</summary>
    public required long ProductionRequests { get; init; }

    /// <summary>The canary's requests in the window.</summary>
    public required long CanaryRequests { get; init; }

    /// <summary>The measured values the checks read: baseline and candidate P95 and error rate, the P95 drift.</summary>
    public required VerdictEvidence Evidence { get; init; }

    /// <summary>
    /// The ids of the measurements behind the numbers (Prometheus: <c>prom:&lt;hash&gt;@&lt;range&gt;</c>
    /// of every query); empty for the gateway's windows, which are the store's own rows.
    /// </summary>
    public IReadOnlyList<string> EvidenceIds { get; init; } = [];

    /// <summary>
    /// Why the source has no numbers for the window (a query failed, or the canary has no series):
    /// every check is then INCONCLUSIVE with this reason. Null when measured.
    /// </summary>
    public string? Unavailable { get; init; }

    /// <summary>The evidence of the gateway's telemetry windows: production's and the canary's traffic over the same window.</summary>
    public static StepEvidence Of(ArmTraffic production, ArmTraffic canary, VerdictPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(production);
        ArgumentNullException.ThrowIfNull(canary);
        ArgumentNullException.ThrowIfNull(policy);
        return new StepEvidence
        {
            ProductionRequests = production.Requests,
            CanaryRequests = canary.Requests,
            Evidence = LiveShadowEvidence.Merge(null, $"canary-{canary.Version}", default, production, canary, null, policy),
        };
    }

    /// <summary>Evidence that could not be measured, for <paramref name="production"/> and <paramref name="canary"/>, because of <paramref name="reason"/>.</summary>
    public static StepEvidence Missing(string production, string canary, string reason, IReadOnlyList<string> evidenceIds) => new()
    {
        ProductionRequests = 0,
        CanaryRequests = 0,
        Evidence = new VerdictEvidence
        {
            DeploymentId = $"canary-{canary}",
            AsOf = default,
            Baseline = new ArmMeasurements { Version = production },
            Candidate = new ArmMeasurements { Version = canary },
        },
        EvidenceIds = evidenceIds,
        Unavailable = reason,
    };
}
