using Warden.Core.Cycle;
using Warden.Core.Guard;
using Warden.Core.Rollouts;
using Warden.Core.Verdicts;

namespace Warden.Cycle;

/// <summary>What one cycle has collected so far, phase by phase (each phase reads what the earlier ones left).</summary>
internal sealed class CycleContext
{
    public required string Id { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset WindowFrom { get; init; }

    /// <summary>The audit sequence up to which the previous cycle's relay read rollbacks (its relay phase's event, else its begin), or null for the first cycle.</summary>
    public long? PreviousRelayedUpTo { get; init; }

    public string? Folder { get; init; }

    public IReadOnlyList<CycleService> Services { get; set; } = [];

    /// <summary>Each service's registry aliases (production, previous, …).</summary>
    public Dictionary<string, IReadOnlyDictionary<string, string>> Aliases { get; } = new(StringComparer.Ordinal);

    /// <summary>Each service's latest offline evaluation (cycle.services.SERVICE.evidence), when it could be read.</summary>
    public Dictionary<string, VerdictEvidence> Offline { get; } = new(StringComparer.Ordinal);

    /// <summary>Each service's production traffic over the window, with live compliance counts.</summary>
    public Dictionary<string, (ArmTraffic Traffic, long Judged, long Compliant)> Production { get; } = new(StringComparer.Ordinal);

    /// <summary>Production's live checks that FAILed, per service: an SLO breach.</summary>
    public Dictionary<string, List<CheckResult>> Breaches { get; } = new(StringComparer.Ordinal);

    /// <summary>Model metadata fetched from the backends, per (service, version).</summary>
    public Dictionary<(string Service, string Version), Core.Bundle.ModelMetadata> Metadata { get; } = [];

    /// <summary>The pending candidates, per service.</summary>
    public Dictionary<string, IReadOnlyList<string>> Candidates { get; } = new(StringComparer.Ordinal);

    /// <summary>The verdicts of decision synthesis.</summary>
    public List<JudgedCandidate> Judged { get; } = [];

    /// <summary>Rollbacks seen since the previous cycle began (the guard's, drills', this cycle's).</summary>
    public List<RollbackCause> Rollbacks { get; } = [];

    /// <summary>The phases so far.</summary>
    public List<CyclePhaseResult> Phases { get; } = [];
}
