using Warden.Core.Verdicts;

namespace Warden.Core.Cycle;

/// <summary>
/// Production's live numbers beside the same version's numbers in the latest offline evaluation,
/// so the relay can tell when the offline evaluation no longer describes what users get.
/// </summary>
public sealed record LiveOfflineComparison
{
    /// <summary>The service.</summary>
    public required string Service { get; init; }

    /// <summary>The production version both sides measure.</summary>
    public required string Version { get; init; }

    /// <summary>
    /// Measured from the gateway's telemetry windows: <see cref="ArmMeasurements.Requests"/>,
    /// <see cref="ArmMeasurements.P95"/> and <see cref="ArmMeasurements.ErrorRate"/> with their
    /// intervals; <see cref="ArmMeasurements.Compliance"/> when live compliance is known.
    /// </summary>
    public required ArmMeasurements Live { get; init; }

    /// <summary>The arm of the latest offline evaluation that measured <see cref="Version"/>.</summary>
    public required ArmMeasurements Offline { get; init; }

    /// <summary>Evidence ids of the live side (telemetry windows, <c>evt-…</c> or <c>ev:…</c>).</summary>
    public IReadOnlyList<string> LiveEvidenceIds { get; init; } = [];

    /// <summary>Evidence ids of the offline side (the evaluation's files).</summary>
    public IReadOnlyList<string> OfflineEvidenceIds { get; init; } = [];
}
